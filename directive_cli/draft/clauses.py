"""Numbered items → clauses: headings, task blocks, dashes kept or split, unnumbered
paragraphs that name their own doer, and the splits of "trong đó, …" and "gửi X … để …"."""

from __future__ import annotations

import re
from datetime import date

from ..model import Role
from ..text import fold, nfc
from .layout import ATTRIBUTE, ROMAN, Item, Para, sentences
from .model import DraftClause, Mention
from .names import Resolver, name_end
from .when import find_deadline
from .who import HEAD_ALT, SENT_TO, WORKS_ON, Who, Work, asks, no_double

_TRONG_DO = re.compile(r"[;,]\s+(?=trong đó,\s+(?:" + HEAD_ALT + r"))")
_SKIP_PART = re.compile(r"muc dich|muc tieu|quan diem|can cu|danh gia|tinh hinh|su can thiet")
_NOT_TASK = re.compile(
    r"^(?:Mục đích|Yêu cầu\b(?!\s+(?:các|Thủ trưởng|Giám đốc|Chủ tịch))|Đồng ý|Phê duyệt|"
    r"Ban hành|Danh nghĩa|Cơ quan chỉ đạo|Chủ đề|"
    r"Trên đây là|Nơi nhận)|có hiệu lực (?:thi hành )?kể từ|chịu trách nhiệm thi hành|"
    r"biết,? (?:và )?thực hiện\s*\./\.|nghiêm túc (?:triển khai )?thực hiện\s*\./\.$"
)
_EVENT_OPENING = re.compile(r"^Trong quá trình (?:tổ chức |triển khai )?thực hiện,?\s+nếu")


def _is_attribute(p: Para) -> re.Match[str] | None:
    return ATTRIBUTE.match(p.text) if p.kind in ("dash", "text") else None


class Builder(Who):
    """Walks the tree of numbered items into clauses, then splits and finishes them."""

    def __init__(self, resolver: Resolver, issued_on: date | None) -> None:
        super().__init__(resolver)
        self.ids: dict[int, str] = {}  # id(item) → its clause id, for lettered sub-points
        self.issued_on = issued_on
        self.out: list[Work] = []
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
            head = Work(sid, p.label, _title(p.text or p.label), [p.text or p.label], heading=True)
            if _NOT_TASK.search(p.text):
                return  # "Điều 1. Ban hành …", "Điều 3. … có hiệu lực …": no task below it
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
            base = self.ids.get(id(parent), "0") if parent else (prefix or "0")
            letter = "d" if p.value == "đ" else p.value
            return f"{base}{letter}" if not re.search(r"[a-z]$", base) else f"{base}.{letter}"
        value = p.value
        return f"{prefix}.{value}" if prefix else value

    def clause(
        self,
        item: Item,
        cid: str,
        prefix: str,
        inherited: list[Mention],
        borrowed: list[Para] | None,
    ) -> None:
        p = item.para
        self.ids[id(item)] = cid
        if p.kind == "letter" and p.value == "đ":
            doubts = ["mục đ) được ghi số bằng chữ d (định dạng số điểm chỉ nhận chữ Latinh)"]
        else:
            doubts = []
        if _NOT_TASK.search(p.text):
            return  # an approval or an enactment, with whatever it lists
        work = Work(cid, p.label, _title(p.text), [p.text], doubts=doubts)
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
        promoted: list[Work] = []
        for part in parts:
            if _is_attribute(part):
                work.texts.append(f"- {part.text}" if part.kind == "dash" else part.text)
                continue
            if part.kind == "dash" and separate:
                n_dash += 1
                sub = Work(f"{cid}.{n_dash}", "-", _title(part.text), [part.text])
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
                    target = Work(loose, "", _title(text), [text])
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
        target: Work | None = None
        n = 0
        for part in parts:
            if _NOT_TASK.search(part.text):
                continue
            if part.kind == "dash":
                n += 1
                target = Work(f"{sid or '0'}.{n}", "-", _title(part.text), [part.text])
                target.subject = self.subject_of(part.text)
                target.inherited = inherited
                self.out.append(target)
                continue
            for new, text in self.split_sentences(part.text, has_subject=True):
                if new or target is None:
                    if not new:
                        continue  # a part's own introduction
                    target = Work(self.loose_id(sid), "", _title(text), [text])
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
                or bool(asks(s))
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

    def finish(self) -> list[DraftClause]:
        works: list[Work] = []
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
            w.id = cid
            clauses.append(self.clause_of(w))
        return clauses

    def split(self, w: Work) -> list[Work]:
        """ "…; trong đó, Sở X khẩn trương …" and "gửi X trước ngày … để X …" are two tasks."""
        if w.heading:
            return [w]
        text = w.text
        m = _TRONG_DO.search(text)
        if m:
            a = Work(
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
            b = Work(f"{w.id}.1", "", _title(rest), [rest])
            b.subject = self.subject_of(rest)
            return [a, b]
        for sent in SENT_TO.finditer(text):
            after = text[sent.end() :]
            end = name_end(after)
            works = WORKS_ON.match(after[end:])
            if works and works.group("when") and works.group("de"):
                cut = sent.end() + end + works.start("de")
                a = Work(
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
                b = Work(f"{w.id}.1", "", _title(rest), [rest])
                b.subject = self.r.names(after[:end], Role.LEAD)
                return [a, b]
        return [w]

    def clause_of(self, w: Work) -> DraftClause:
        text = w.text
        if w.heading:
            return DraftClause(w.id, w.label, w.title, text, True, doubts=tuple(w.doubts))
        who = self.responsible(w)
        named = [m for m in who if m.body or m.group]
        stated = next(
            (v for k, v in w.attributes.items() if re.search(r"(?i)thời gian|thời hạn", k)), None
        )
        deadline = find_deadline(text, self.issued_on, stated=stated)
        who = no_double(self.r, who)
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


def _title(text: str) -> str:
    """A short title: the first phrase of the text, up to 12 words."""
    first = re.split(r"[;:.]\s|[;:]$|\.$", text.strip())[0]
    words = first.split()
    title = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return nfc(title.strip(" ,-–")) or "Điểm"


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
