"""Who does a clause's work: the subject, "phối hợp", "chỉ đạo", task-block lines, and a
recipient that works on what it receives; each as a Mention matched by names.Resolver."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Role
from ..text import fold
from .layout import sentences
from .model import Mention
from .names import FUNCTION_WORDS, HEADS, SHARED_HEAD, Resolver, listed, name_end, starts_with_head

_LEAD_IN = re.compile(
    r"^(?:(?:Giao|Đề nghị|Yêu cầu|Mời|Chỉ đạo|Riêng|Đối với)\s+|trong đó,\s*|Trong đó,\s*)+"
)
HEAD_ALT = "|".join(re.escape(h) for h in HEADS)
# "Thủ tướng Chính phủ yêu cầu các ngành, …", "UBND thành phố Hà Nội đề nghị Đài …"
_ASKS = re.compile(
    r"\s(?P<verb>đề nghị|yêu cầu|giao)\s+(?=(?:các\s|Các\s|"
    + HEAD_ALT
    + r"|"
    + r"tỉnh\s|Thành phố\s|thành phố\s))"
)
_COOPERATE = re.compile(r"(?<!sự )(?:chủ trì,?\s+)?[Pp]hối hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+")
# "Tăng cường sự phối hợp với X": X is a partner of the doer, with no task of its own.
_PARTNERS = re.compile(r"\bsự phối hợp(?:\s+chặt\s+chẽ)?\s+với\s+")
_DIRECT = re.compile(
    r"(?<![\w])(?:[Cc]hỉ đạo|[Đđ]ôn đốc|[Hh]ướng dẫn)(?:\s+và\s+định\s+hướng)?\s+"
    r"(?!của|cụ thể|thực hiện|triển khai)"
)
SENT_TO = re.compile(r"\bgửi\s+(?=" + HEAD_ALT + r")")
WORKS_ON = re.compile(
    r"^(?:\s*\([^)]*\))?\s*(?P<when>(?:trước|chậm nhất|trong)\s[^,;]*?\d{4})?\s*(?P<de>để\s+)?"
    r"(?:tổng hợp|nghiên cứu|hướng dẫn|thẩm định|xem xét|giải quyết)"
)


@dataclass
class Work:
    """A clause being built: its texts, its task-block lines and the doers seen so far."""

    id: str
    label: str
    title: str
    texts: list[str]
    attributes: dict[str, str] = field(default_factory=dict)
    heading: bool = False
    subject: list[Mention] = field(default_factory=list)
    inherited: list[Mention] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


class Who:
    """Reads the doers of clauses against one Resolver (one registry, one letter)."""

    def __init__(self, resolver: Resolver) -> None:
        self.r = resolver

    def subject_of(self, text: str, *, strict: bool = False) -> list[Mention]:
        """The bodies a sentence opens with, when a predicate follows them."""
        lead = _LEAD_IN.match(text)
        rest = text[lead.end() :] if lead else text
        rest = re.sub(r"^(?:Thủ trưởng|Giám đốc|Chủ tịch|Lãnh đạo)\s+", "", rest)
        if not (
            starts_with_head(rest)
            or SHARED_HEAD.match(rest)
            or re.match(
                r"(?i:các|ngành|UBND các|[UỦ]+[ỷy] ban nhân dân các|tỉnh|Thành phố)\s", rest
            )
        ):
            found = asks(text)
            return found if not strict or found else []
        end = name_end(rest)
        pred = re.search(r"\s(?:có trách nhiệm|có nhiệm vụ)(?![\w])", rest)
        if pred and "(" in rest[end : pred.start()]:
            end = pred.start()  # "Các Bộ khác có máy móc … (Bộ Xây dựng, …) có trách nhiệm"
        after = rest[end:].lstrip(" ,")
        if re.match(r"(?:đề nghị|yêu cầu|giao)\s", after):
            return asks(text)  # "UBND thành phố đề nghị …": the requester is not the doer
        if strict and not lead and (not after or FUNCTION_WORDS.match(after) or after[:1] in ".;:"):
            return []
        if end == len(rest) and not lead and strict:
            return []
        if rest[end : end + 1] == "." and not lead:
            return [] if strict else self.r.names(rest[:end], Role.LEAD)
        mentions = self.r.names(rest[:end], Role.LEAD)
        return [m for m in mentions if m.body or m.group or m.related]

    def responsible(self, w: Work) -> list[Mention]:
        found: list[Mention] = []
        who_labels = {
            k: v
            for k, v in w.attributes.items()
            if re.match(r"(?i)(?:cơ quan|đơn vị|chủ trì|phối hợp)", k)
        }
        lead_attr = next((v for k, v in who_labels.items() if re.search(r"(?i)chủ trì", k)), None)
        if lead_attr is None:
            lead_attr = next(
                (
                    v
                    for k, v in who_labels.items()
                    if re.search(r"(?i)thực hiện", k) and "phối hợp" not in k.lower()
                ),
                None,
            )
        for label, value in who_labels.items():
            low = label.lower()
            if "phối hợp" in low:
                found += self.r.names(
                    value[: name_end(value) if ";" not in value else len(value)].rstrip(". "),
                    Role.SUPPORT,
                )
            elif "chủ trì" in low or ("thực hiện" in low and lead_attr == value):
                found += self.lead_sentence(value)
            elif "thực hiện" in low:
                found += [replace(m, unspecified=True) for m in self.lead_sentence(value)]
        text = w.text
        if not found:
            found += w.subject
            # "Các cơ quan, tổ chức và cá nhân sử dụng đất có nhiệm vụ …" in a later sentence.
            if not found:
                for s in sentences(" ".join(w.texts[:2]))[1:]:
                    found += self.subject_of(s, strict=True)
        if not found and w.inherited:
            role = Role.SUPPORT if re.match(r"^(?:Phối hợp|phối hợp|Tham gia)", text) else Role.LEAD
            found += [replace(m, role=role) for m in w.inherited]
        if asks(text) and not [m for m in w.subject if m.text]:
            found += _asks_mentions(self, text)
        found += self.cooperating(text)
        return dedupe(found)

    def lead_sentence(self, value: str) -> list[Mention]:
        """ "Sở X chủ trì, phối hợp với Y; Z" → X lead (Y, Z support via cooperating)."""
        coop = _COOPERATE.search(value)
        if coop:
            lead = self.r.names(value[: coop.start()].rstrip(" ,"), Role.LEAD)
            return lead + self.r.names(
                value[coop.end() :][: _end_of_list(value[coop.end() :])], Role.SUPPORT
            )
        direct = _DIRECT.search(value)
        if direct:
            lead = self.r.names(value[: direct.start()].rstrip(" ,"), Role.LEAD)
            rest = value[direct.end() :]
            return lead + [
                replace(m, unspecified=True)
                for m in self.r.names(rest[: name_end(rest)], Role.SUPPORT)
            ]
        return self.r.names(value[: _end_of_list(value)].rstrip(". "), Role.LEAD)

    def cooperating(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        for m in _COOPERATE.finditer(text):
            rest = text[m.end() :]
            if not (
                starts_with_head(rest)
                or SHARED_HEAD.match(rest)
                or re.match(r"(?:các|Các|UBND|Ủy ban|Uỷ ban|chính quyền|đơn vị)\s", rest)
            ):
                continue
            out += [
                replace(x, role=Role.SUPPORT)
                for x in self.r.names(rest[: name_end(rest)], Role.SUPPORT)
            ]
        for m in _DIRECT.finditer(text):
            rest = text[m.end() :]
            if not starts_with_head(rest):
                continue
            out += [
                replace(x, unspecified=True)
                for x in self.r.names(rest[: name_end(rest)], Role.SUPPORT)
            ]
        for m in SENT_TO.finditer(text):
            rest = text[m.end() :]
            end = name_end(rest)
            if WORKS_ON.match(rest[end:]) and not WORKS_ON.match(rest[end:]).group("when"):  # type: ignore[union-attr]
                out += [
                    replace(x, unspecified=True)
                    for x in self.r.names(rest[:end], Role.SUPPORT)
                    if x.body
                ]
        return out

    # --- the end ----------------------------------------------------------------------------

    def partners(self, text: str) -> list[str]:
        """The names after "sự phối hợp với", as written, for the clause's `partners`."""
        out: list[str] = []
        for m in _PARTNERS.finditer(text):
            rest = text[m.end() :]
            out += listed(rest[: name_end(rest)])
        return out


def _end_of_list(text: str) -> int:
    """A list in a "Cơ quan thực hiện" line: up to the first predicate, across ";"."""
    end = 0
    rest = text
    while True:
        cut = name_end(rest)
        end += cut
        if cut < len(rest) and rest[cut] == ";":
            end += 1
            rest = rest[cut + 1 :]
            continue
        return end


def asks(text: str) -> list[Mention]:
    return [Mention("", Role.LEAD)] if _ASKS.search(" " + text) and len(text) > 0 else []


def _asks_mentions(who: Who, text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _ASKS.finditer(" " + text):
        rest = (" " + text)[m.end() :]
        role = Role.LEAD
        end = name_end(rest)
        after = rest[end:]
        if re.match(r"\s*phối hợp", after):
            role = Role.SUPPORT
        out += [replace(x, role=role) for x in who.r.names(rest[:end], role)]
    return out


def dedupe(found: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in found:
        if not m.text:
            continue
        key = m.body or m.group or fold(m.text)
        twin = next(
            (i for i, x in enumerate(out) if (x.body or x.group or fold(x.text)) == key), None
        )
        if twin is None:
            out.append(m)
        elif m.role is Role.LEAD and out[twin].role is not Role.LEAD and not m.unspecified:
            out[twin] = replace(out[twin], role=Role.LEAD, unspecified=False)
    return out


def no_double(resolver: Resolver, who: list[Mention]) -> list[Mention]:
    """A body named and also in a named group: the group is shown, not fanned out twice."""
    bodies = {m.body for m in who if m.body}
    out: list[Mention] = []
    for m in who:
        if m.group and any(
            m.group in resolver.registry.body(b).groups
            for b in bodies
            if resolver.registry.has_body(b)
        ):
            out.append(
                replace(
                    m,
                    group=None,
                    related=True,
                    doubt=f"nhóm '{m.text}' gồm cả cơ quan đã nêu tên; ghi là nhóm mở",
                )
            )
        else:
            out.append(m)
    return out
