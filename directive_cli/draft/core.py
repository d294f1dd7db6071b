"""Letter text → Draft: the pure core of `directive draft` (no files, no clock).

The letter's own date is the only "today" it knows: a deadline without a year takes the
year of the letter. Every choice it is unsure of is kept as a doubt, which the writer puts
on the line concerned as `# KIỂM TRA: …`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePath

from ..model import Registry, Role
from ..text import fold, nfc
from .layout import ATTRIBUTE, LOWER, ROMAN, UPPER, Item, Para, clean, paragraphs, sentences, tree
from .meta import (
    dated_of,
    documents_of,
    issuer_of,
    kind_of,
    listed_after,
    number_of,
    signer_of,
    subject_of,
)
from .model import Draft, DraftClause, DraftMeta, Mention
from .names import _SHARED, FUNCTION_WORDS, HEADS, Resolver, _starts_with_head, listed, name_end
from .when import find_deadline

_LEAD_IN = re.compile(
    r"^(?:(?:Giao|Đề nghị|Yêu cầu|Mời|Chỉ đạo|Riêng|Đối với)\s+|trong đó,\s*|Trong đó,\s*)+"
)
_HEAD_ALT = "|".join(re.escape(h) for h in HEADS)
# "Thủ tướng Chính phủ yêu cầu các ngành, …", "UBND thành phố Hà Nội đề nghị Đài …"
_ASKS = re.compile(
    r"\s(?P<verb>đề nghị|yêu cầu|giao)\s+(?=(?:các\s|Các\s|"
    + _HEAD_ALT
    + r"|"
    + r"tỉnh\s|Thành phố\s|thành phố\s))"
)
_STRONG = re.compile(
    r"^(?:có trách nhiệm|có nhiệm vụ|cần|phải|chủ trì|chủ động|theo chức năng|căn cứ)"
)
_COOPERATE = re.compile(r"(?<!sự )(?:chủ trì,?\s+)?[Pp]hối hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+")
# "Tăng cường sự phối hợp với X": X is a partner of the doer, with no task of its own.
_PARTNERS = re.compile(r"\bsự phối hợp(?:\s+chặt\s+chẽ)?\s+với\s+")
_DIRECT = re.compile(
    r"(?<![\w])(?:[Cc]hỉ đạo|[Đđ]ôn đốc|[Hh]ướng dẫn)(?:\s+và\s+định\s+hướng)?\s+"
    r"(?!của|cụ thể|thực hiện|triển khai)"
)
_SENT_TO = re.compile(r"\bgửi\s+(?=" + _HEAD_ALT + r")")
_WORKS_ON = re.compile(
    r"^(?:\s*\([^)]*\))?\s*(?P<when>(?:trước|chậm nhất|trong)\s[^,;]*?\d{4})?\s*(?P<de>để\s+)?"
    r"(?:tổng hợp|nghiên cứu|hướng dẫn|thẩm định|xem xét|giải quyết)"
)
_TRONG_DO = re.compile(r"[;,]\s+(?=trong đó,\s+(?:" + _HEAD_ALT + r"))")
_SKIP_PART = re.compile(r"muc dich|muc tieu|quan diem|can cu|danh gia|tinh hinh|su can thiet")
_NOT_TASK = re.compile(
    r"^(?:Mục đích|Yêu cầu\b(?!\s+(?:các|Thủ trưởng|Giám đốc|Chủ tịch))|Đồng ý|Phê duyệt|"
    r"Ban hành kèm theo|Danh nghĩa|Cơ quan chỉ đạo|Chủ đề|"
    r"Trên đây là|Nơi nhận)|có hiệu lực (?:thi hành )?kể từ|chịu trách nhiệm thi hành|"
    r"biết,? (?:và )?thực hiện\s*\./\.|nghiêm túc (?:triển khai )?thực hiện\s*\./\.$"
)
_EVENT_OPENING = re.compile(r"^Trong quá trình (?:tổ chức |triển khai )?thực hiện,?\s+nếu")
_SIGNATURE = re.compile(r"^(?:TM\.|KT\.|K/T|Q\.|TL\.|TUQ\.)")
_PERSON = re.compile(r"^(?:[" + UPPER + r"][" + LOWER + r"]*\s?){2,5}$")


@dataclass
class _Work:
    """A clause being built."""

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


def draft_letter(
    text: str,
    registry: Registry,
    *,
    draft_id: str | None = None,
    filename: str | None = None,
) -> Draft:
    """Read a letter's text into a Draft; `filename` only fills a number left blank."""
    cleaned = clean(text)
    lines = cleaned.split("\n")
    paras = paragraphs(text)
    flat = [f"{p.label} {p.text}".strip() for p in paras]
    meta_doubts: list[str] = []

    number, symbol = number_of(cleaned)
    if not number and filename:
        hint = re.search(r"(?i)(?:^|[^a-z])[a-zđ]{2,4}-?(\d{1,5})-(\d{4})", PurePath(filename).stem)
        if hint:
            number = hint.group(1)
            meta_doubts.append(f"số văn bản để trống, lấy theo tên tệp: {number}")
    if not number:
        meta_doubts.append("không thấy số văn bản")
    place, issued_on, why = dated_of(cleaned)
    if why:
        meta_doubts.append(why)
    year = re.search(
        r"ngày\s+(?:\d{1,2}\s+)?tháng\s+(?:\d{1,2}\s+)?năm\s+(\d{4})", " ".join(cleaned.split())
    )
    issuer = issuer_of(lines)
    kind = kind_of(cleaned, symbol)
    signer_name, signer_title = signer_of(cleaned)
    subject = subject_of(flat, kind)
    own_ref = f"{number}/{symbol}" if number and symbol else None
    documents = tuple(documents_of(cleaned, own_ref))
    if issued_on is None and year:
        # A letter is never older than what it cites: the latest cited day of its year is
        # the earliest it can be (its own date is left blank in the text).
        stated = int(year.group(1))
        cited = [d.issued_on for d in documents if d.issued_on and d.issued_on.year == stated]
        issued_on = max(cited, default=date(stated, 1, 1))
        meta_doubts.append(
            f"ngày ký tạm ghi {issued_on.isoformat()}: "
            f"ngày muộn nhất mà văn bản dẫn trong năm {stated}"
        )
    implements = None
    if subject:
        implements = next((d.id for d in documents if d.reference and d.reference in subject), None)
    urgency = next(
        (
            w
            for w in ("HỎA TỐC", "HOẢ TỐC", "THƯỢNG KHẨN", "KHẨN")
            if re.search(r"(?m)^\s*" + w + r"\s*$", cleaned)
        ),
        None,
    )

    resolver = Resolver(registry, issued_on, place)
    addressed, used_addr = listed_after(flat, r"Kính gửi")
    recipients, used_recip = listed_after(flat, r"Nơi nhận")
    addressees = tuple((a, resolver.group(a)) for a in addressed)

    body = _body_paragraphs(paras, used_addr | used_recip)
    builder = _Builder(resolver, issued_on)
    builder.walk(tree(body), prefix="", inherited=[])
    clauses = tuple(builder.finish())

    did = draft_id or _default_id(number, issued_on, symbol)
    meta = DraftMeta(
        number=number,
        symbol=symbol,
        type=kind,
        issuer=issuer,
        place=place,
        issued_on=issued_on,
        subject=subject,
        signer_name=signer_name,
        signer_title=signer_title,
        urgency=urgency,
        addressees=addressees,
        recipients=tuple(recipients),
        documents=documents,
        implements=implements,
        doubts=tuple(meta_doubts),
    )
    return Draft(did, meta, clauses, tuple(resolver.proposals.values()))


def _default_id(number: str | None, issued_on: date | None, symbol: str | None) -> str:
    year = str(issued_on.year) if issued_on else "0000"
    base = f"{number}-{year}" if number else f"{fold(symbol or 'van ban').replace(' ', '-')}-{year}"
    return re.sub(r"[^a-z0-9\-]", "", base.lower()) or "draft"


def _body_paragraphs(paras: list[Para], skip: set[int]) -> list[Para]:
    """The paragraphs that may hold tasks: from the first numbered point on (or, in a
    letter without numbers, after "Kính gửi"), without recipients, signature, footnotes."""
    numbered = [i for i, p in enumerate(paras) if p.kind not in ("text", "dash") and i not in skip]
    if numbered:
        start = numbered[0]
    else:
        # No numbers: the body follows the "Kính gửi" list (in the first half of the letter).
        start = max((i for i in skip if i < len(paras) // 2 + 1), default=-1) + 1
    out: list[Para] = []
    for i, p in enumerate(paras):
        if i < start or i in skip:
            continue
        text = p.text
        if re.match(r"^\[\d+\]", text):
            continue  # a footnote
        if p.kind == "text" and (
            _SIGNATURE.search(text) or text.upper() == text or _PERSON.match(text)
        ):
            continue  # the signature block, a title in capitals, the signer's name
        if re.match(r"^(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT)\s*:?$", text):
            continue
        out.append(p)
    return out


def _is_attribute(p: Para) -> re.Match[str] | None:
    return ATTRIBUTE.match(p.text) if p.kind in ("dash", "text") else None


class _Builder:
    def __init__(self, resolver: Resolver, issued_on: date | None) -> None:
        self.r = resolver
        self.issued_on = issued_on
        self.out: list[_Work] = []
        self.loose: dict[str, int] = {}  # unnumbered paragraphs per part, for their ids

    # --- the tree ---------------------------------------------------------------------------

    def walk(self, items: list[Item], prefix: str, inherited: list[Mention]) -> None:
        borrowed = _shared_blocks(items)
        loose: list[Para] = []
        for item in items:
            if item.para.kind in ("text", "dash"):
                loose.extend([item.para, *item.parts])  # paragraphs outside any numbered point
                continue
            if loose:
                self.loose_parts(loose, prefix, inherited, lead_in=False)
                loose = []
            self.item(item, prefix, inherited, borrowed.get(id(item)))
        if loose:
            self.loose_parts(loose, prefix, inherited, lead_in=False)

    def item(
        self, item: Item, prefix: str, inherited: list[Mention], borrowed: list[Para] | None
    ) -> None:
        p = item.para
        if p.kind in ("part", "article", "roman"):
            if _SKIP_PART.search(fold(p.text)) and p.kind != "article":
                return
            number = (
                str(ROMAN.get(p.value.upper(), 0) or p.value) if p.kind != "article" else p.value
            )
            sid = number
            at = len(self.out)
            head = _Work(sid, p.label, _title(p.text or p.label), [p.text or p.label], heading=True)
            if _NOT_TASK.search(p.text) and not item.children:
                return
            self.out.append(head)
            # A part's own paragraphs and dashes are its clauses ("IV. KINH PHÍ: - …, - …").
            if (
                p.kind == "article"
                and p.text
                and not item.children
                and not _NOT_TASK.search(p.text)
            ):
                self.out.pop()
                self.clause(item, sid, prefix, inherited, borrowed)
                return
            self.loose_parts(item.parts, sid, inherited)
            self.walk(item.children, sid, inherited)
            if len(self.out) == at + 1:
                self.out.pop()  # a part with no task: its title is not kept either
            return
        cid = self.clause_id(item, prefix)
        self.clause(item, cid, prefix, inherited, borrowed)

    def clause_id(self, item: Item, prefix: str) -> str:
        p = item.para
        if p.kind == "letter":
            parent = item.parent
            base = self.last_id_of(parent) if parent else (prefix or "0")
            letter = "d" if p.value == "đ" else p.value
            return f"{base}{letter}" if not re.search(r"[a-z]$", base) else f"{base}.{letter}"
        value = p.value
        return f"{prefix}.{value}" if prefix else value

    def last_id_of(self, item: Item) -> str:
        return getattr(item, "_cid", "0")

    def clause(
        self,
        item: Item,
        cid: str,
        prefix: str,
        inherited: list[Mention],
        borrowed: list[Para] | None,
    ) -> None:
        p = item.para
        object.__setattr__(item, "_cid", cid)
        if p.kind == "letter" and p.value == "đ":
            doubts = ["mục đ) được ghi số bằng chữ d (định dạng số điểm chỉ nhận chữ Latinh)"]
        else:
            doubts = []
        if _NOT_TASK.search(p.text) and not item.children:
            return
        work = _Work(cid, p.label, _title(p.text), [p.text], doubts=doubts)
        own_attr = ATTRIBUTE.match(p.text)
        if own_attr:
            work.attributes[own_attr.group("label")] = own_attr.group("value")
        parts = list(item.parts)
        attrs = [x for x in parts if _is_attribute(x)]
        if not attrs and borrowed:
            attrs = borrowed
            work.doubts.append("cơ quan và thời gian lấy theo khối chung của các điểm cùng cấp")
        for a in attrs:
            m = _is_attribute(a)
            if m:
                work.attributes.setdefault(m.group("label"), m.group("value"))
        first_colon = p.text.rstrip().endswith(":") and not re.search(
            r"(?:trách nhiệm|nhiệm vụ)\s*:$", p.text
        )
        dashes = [x for x in parts if x.kind == "dash" and not _is_attribute(x)]
        separate = first_colon and dashes and not item.children
        work.subject = self.subject_of(p.text)
        target = work
        self.out.append(work)
        n_dash = 0
        promoted: list[_Work] = []
        for part in parts:
            if _is_attribute(part):
                work.texts.append(f"- {part.text}" if part.kind == "dash" else part.text)
                continue
            if part.kind == "dash" and separate:
                n_dash += 1
                sub = _Work(f"{cid}.{n_dash}", "-", _title(part.text), [part.text])
                sub.subject = self.subject_of(part.text)
                sub.inherited = work.subject or inherited
                promoted.append(sub)
                target = sub
                continue
            if part.kind == "dash":
                (target if target is not work or not promoted else work).texts.append(
                    f"- {part.text}"
                )
                continue
            # An unnumbered paragraph: a new clause when it names its own doer and the
            # current one already has one; otherwise it goes on the current clause.
            for chunk in self.split_sentences(
                part.text,
                has_subject=bool(target.subject) or (target is work and bool(work.attributes)),
            ):
                new, text = chunk
                if new:
                    loose = self.loose_id(prefix)
                    target = _Work(loose, "", _title(text), [text])
                    target.subject = self.subject_of(text)
                    target.inherited = []
                    promoted.append(target)
                elif not target.subject and not target.texts[1:] and target is work:
                    target.texts.append(text)
                    target.subject = target.subject or self.subject_of(text)
                else:
                    target.texts.append(text)
        if separate:
            work.heading = True
        if item.children:
            work.heading = True
            self.walk(item.children, prefix, work.subject or inherited)
        work.inherited = inherited
        self.out.extend(promoted)

    def loose_parts(
        self, parts: list[Para], sid: str, inherited: list[Mention], *, lead_in: bool = True
    ) -> None:
        """A part's own paragraphs and dashes, or paragraphs outside any numbered point."""
        target: _Work | None = None
        n = 0
        for part in parts:
            if _NOT_TASK.search(part.text):
                continue
            if part.kind == "dash":
                n += 1
                target = _Work(f"{sid or '0'}.{n}", "-", _title(part.text), [part.text])
                target.subject = self.subject_of(part.text)
                target.inherited = inherited
                self.out.append(target)
                continue
            for new, text in self.split_sentences(part.text, has_subject=True):
                if new or target is None:
                    if not new:
                        continue  # a part's own introduction
                    target = _Work(self.loose_id(sid), "", _title(text), [text])
                    target.subject = self.subject_of(text)
                    self.out.append(target)
                else:
                    target.texts.append(text)

    def loose_id(self, prefix: str) -> str:
        self.loose[prefix] = self.loose.get(prefix, 0) + 1
        return f"{prefix}.0.{self.loose[prefix]}" if prefix else f"0.{self.loose[prefix]}"

    def split_sentences(self, text: str, *, has_subject: bool) -> list[tuple[bool, str]]:
        """(starts a new clause, text) for the sentences of an unnumbered paragraph."""
        if not has_subject:
            return [(False, text)]
        out: list[tuple[bool, str]] = []
        for s in sentences(text):
            if re.match(r"^Trên đây là", s):
                continue
            new = (
                bool(self.subject_of(s, strict=True))
                or bool(_EVENT_OPENING.match(s))
                or bool(_asks(s))
            )
            if _NOT_TASK.search(s):
                continue  # "… nghiêm túc triển khai thực hiện./.": a closing, not a task
            if new:
                out.append((True, s))
            elif out:
                out[-1] = (out[-1][0], f"{out[-1][1]} {s}")
            else:
                out.append((False, s))
        return out

    # --- who --------------------------------------------------------------------------------

    def subject_of(self, text: str, *, strict: bool = False) -> list[Mention]:
        """The bodies a sentence opens with, when a predicate follows them."""
        lead = _LEAD_IN.match(text)
        rest = text[lead.end() :] if lead else text
        rest = re.sub(r"^(?:Thủ trưởng|Giám đốc|Chủ tịch|Lãnh đạo)\s+", "", rest)
        if not (
            _starts_with_head(rest)
            or _SHARED.match(rest)
            or re.match(
                r"(?i:các|ngành|UBND các|[UỦ]+[ỷy] ban nhân dân các|tỉnh|Thành phố)\s", rest
            )
        ):
            asks = _asks(text)
            return asks if not strict or asks else []
        end = name_end(rest)
        pred = re.search(r"\s(?:có trách nhiệm|có nhiệm vụ)(?![\w])", rest)
        if pred and "(" in rest[end : pred.start()]:
            end = pred.start()  # "Các Bộ khác có máy móc … (Bộ Xây dựng, …) có trách nhiệm"
        after = rest[end:].lstrip(" ,")
        if re.match(r"(?:đề nghị|yêu cầu|giao)\s", after):
            return _asks(text)  # "UBND thành phố đề nghị …": the requester is not the doer
        if strict and not lead and (not after or FUNCTION_WORDS.match(after) or after[:1] in ".;:"):
            return []
        if end == len(rest) and not lead and strict:
            return []
        if rest[end : end + 1] == "." and not lead:
            return [] if strict else self.r.names(rest[:end], Role.LEAD)
        mentions = self.r.names(rest[:end], Role.LEAD)
        return [m for m in mentions if m.body or m.group or m.related]

    def responsible(self, w: _Work) -> list[Mention]:
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
        if _asks(text) and not [m for m in w.subject if m.text]:
            found += _asks_mentions(self, text)
        found += self.cooperating(text)
        return _dedupe(found)

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
                _starts_with_head(rest)
                or _SHARED.match(rest)
                or re.match(r"(?:các|Các|UBND|Ủy ban|Uỷ ban|chính quyền|đơn vị)\s", rest)
            ):
                continue
            out += [
                replace(x, role=Role.SUPPORT)
                for x in self.r.names(rest[: name_end(rest)], Role.SUPPORT)
            ]
        for m in _DIRECT.finditer(text):
            rest = text[m.end() :]
            if not _starts_with_head(rest):
                continue
            out += [
                replace(x, unspecified=True)
                for x in self.r.names(rest[: name_end(rest)], Role.SUPPORT)
            ]
        for m in _SENT_TO.finditer(text):
            rest = text[m.end() :]
            end = name_end(rest)
            if _WORKS_ON.match(rest[end:]) and not _WORKS_ON.match(rest[end:]).group("when"):  # type: ignore[union-attr]
                out += [
                    replace(x, unspecified=True)
                    for x in self.r.names(rest[:end], Role.SUPPORT)
                    if x.body
                ]
        return out

    # --- the end ----------------------------------------------------------------------------

    def finish(self) -> list[DraftClause]:
        works: list[_Work] = []
        for w in self.out:
            works.extend(self.split(w))
        clauses: list[DraftClause] = []
        seen: set[str] = set()
        for w in works:
            cid = w.id
            n = 1
            while cid in seen:
                cid, n = f"{w.id}.{n}", n + 1
            if cid != w.id:
                w.doubts.append(f"số điểm {w.id} trùng, ghi là {cid}")
            seen.add(cid)
            clauses.append(self.clause_of(replace_id(w, cid)))
        return clauses

    def split(self, w: _Work) -> list[_Work]:
        """ "…; trong đó, Sở X khẩn trương …" and "gửi X trước ngày … để X …" are two tasks."""
        if w.heading:
            return [w]
        text = w.text
        m = _TRONG_DO.search(text)
        if m:
            a = _Work(
                w.id,
                w.label,
                w.title,
                [text[: m.start() + 1]],
                dict(w.attributes),
                False,
                w.subject,
                w.inherited,
                list(w.doubts),
            )
            rest = text[m.end() :]
            b = _Work(f"{w.id}.1", "", _title(rest), [rest])
            b.subject = self.subject_of(rest)
            return [a, b]
        for sent in _SENT_TO.finditer(text):
            after = text[sent.end() :]
            end = name_end(after)
            works = _WORKS_ON.match(after[end:])
            if works and works.group("when") and works.group("de"):
                cut = sent.end() + end + works.start("de")
                a = _Work(
                    w.id,
                    w.label,
                    w.title,
                    [text[:cut].rstrip()],
                    dict(w.attributes),
                    False,
                    w.subject,
                    w.inherited,
                    list(w.doubts),
                )
                rest = text[cut:]
                b = _Work(f"{w.id}.1", "", _title(rest), [rest])
                b.subject = self.r.names(after[:end], Role.LEAD)
                return [a, b]
        return [w]

    def clause_of(self, w: _Work) -> DraftClause:
        text = w.text
        if w.heading:
            return DraftClause(w.id, w.label, w.title, text, True, doubts=tuple(w.doubts))
        who = self.responsible(w)
        named = [m for m in who if m.body or m.group]
        stated = next(
            (v for k, v in w.attributes.items() if re.search(r"(?i)thời gian|thời hạn", k)), None
        )
        deadline = find_deadline(text, self.issued_on, stated=stated)
        who = _no_double(self.r, who)
        if not named:
            names = ", ".join(m.text for m in who) or "không thấy"
            doubt = (
                f"chưa xác định được cơ quan thực hiện ({names}); "
                "điểm tạm ghi là tiêu đề để tệp hợp lệ"
            )
            return DraftClause(
                w.id,
                w.label,
                w.title,
                text,
                True,
                doubts=(*w.doubts, doubt),
                note=f"Chưa xác định cơ quan thực hiện: {names}.",
            )
        partners = tuple(self.partners(text))
        return DraftClause(
            w.id,
            w.label,
            w.title,
            text,
            False,
            tuple(who),
            deadline,
            tuple(w.doubts),
            None,
            partners,
        )

    def partners(self, text: str) -> list[str]:
        """The names after "sự phối hợp với", as written, for the clause's `partners`."""
        out: list[str] = []
        for m in _PARTNERS.finditer(text):
            rest = text[m.end() :]
            out += listed(rest[: name_end(rest)])
        return out


def replace_id(w: _Work, cid: str) -> _Work:
    w.id = cid
    return w


def _title(text: str) -> str:
    """A short title: the first phrase of the text, up to 12 words."""
    first = re.split(r"[;:.]\s|[;:]$|\.$", text.strip())[0]
    words = first.split()
    title = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return nfc(title.strip(" ,-–")) or "Điểm"


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


def _asks(text: str) -> list[Mention]:
    return [Mention("", Role.LEAD)] if _ASKS.search(" " + text) and len(text) > 0 else []


def _asks_mentions(builder: _Builder, text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _ASKS.finditer(" " + text):
        rest = (" " + text)[m.end() :]
        role = Role.LEAD
        end = name_end(rest)
        after = rest[end:]
        if re.match(r"\s*phối hợp", after):
            role = Role.SUPPORT
        out += [replace(x, role=role) for x in builder.r.names(rest[:end], role)]
    return out


def _dedupe(found: list[Mention]) -> list[Mention]:
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


def _no_double(resolver: Resolver, who: list[Mention]) -> list[Mention]:
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


def _shared_blocks(items: list[Item]) -> dict[int, list[Para]]:
    """Points without their own "Cơ quan thực hiện / Thời gian" lines share the next one's."""
    out: dict[int, list[Para]] = {}
    pending: list[Item] = []
    for item in items:
        attrs = [p for p in item.parts if _is_attribute(p)]
        if item.children or item.para.kind in ("part", "article", "roman"):
            pending = []
            continue
        if attrs:
            for waiting in pending:
                out[id(waiting)] = attrs
            pending = []
        else:
            pending.append(item)
    return out
