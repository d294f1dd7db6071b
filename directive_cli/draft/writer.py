"""Draft → the project's YAML: one directive file and a bodies.yaml beside it.

The text is made here, the files are written by the caller (atomic writes live at the edge).
Doubts become `# KIỂM TRA: …` comments on the lines they concern, so `directive validate`
reads the draft and a clerk sees where to look.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import Registry, ReportsOn, Role
from ..text import fold
from .model import Draft, DraftClause, Mention, Proposal

CHECK = "# KIỂM TRA: "
PROPOSED = "ĐỀ XUẤT"
DRAFT_HEADER = "# Bản nháp do `directive draft`"  # the first line of every drafted file
_WIDTH = 96
# Starts and contents that need quotes in the project's YAML (docs/data-format.md).
_SPECIAL_START = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`]""")


def scalar(value: str) -> str:
    """A value as the strict YAML reader expects it: plain when safe, else double-quoted."""
    value = " ".join(value.split())
    if (
        not value
        or _SPECIAL_START.match(value)
        or ": " in value
        or " #" in value
        or value.endswith(":")
        or value != value.strip()
    ):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def block(key: str, value: str, indent: int) -> list[str]:
    """`key: value` on one line, or a folded `>-` block wrapped at the house width."""
    pad = " " * indent
    one = f"{pad}{key}: {scalar(value)}"
    if len(one) <= _WIDTH:
        return [one]
    out = [f"{pad}{key}: >-"]
    line = ""
    for word in " ".join(value.split()).split(" "):
        if line and len(pad) + 2 + len(line) + 1 + len(word) > _WIDTH:
            out.append(f"{pad}  {line}")
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(f"{pad}  {line}")
    return out


def _comment(lines: list[str], indent: int, doubt: str) -> None:
    lines.append(" " * indent + CHECK + " ".join(doubt.split()))


def directive_yaml(draft: Draft) -> str:
    """The directive file of a draft."""
    m = draft.meta
    out = [
        f"{DRAFT_HEADER} đọc từ văn bản: kiểm tra các dòng {CHECK.strip()}",
        "# rồi chạy `directive validate` trước khi dùng. Văn bản (text) được chép nguyên văn.",
        "schema: 1",
        f"id: {draft.id}",
    ]
    for doubt in m.doubts:
        _comment(out, 0, doubt)
    out.append(f'number: "{m.number or ""}"')
    out.append(f"symbol: {scalar(m.symbol or '')}")
    out.append(f"type: {scalar(m.type)}")
    out.append(f"issuer: {scalar(m.issuer or '')}")
    if m.place:
        out.append(f"place: {scalar(m.place)}")
    out.append(f"issued_on: {m.issued_on.isoformat() if m.issued_on else ''}")
    out.extend(block("subject", m.subject or "", 0))
    out.append("signer:")
    out.append(f"  name: {scalar(m.signer_name or '')}")
    out.append(f"  title: {scalar(m.signer_title or '')}")
    if m.urgency:
        out.append(f"# {m.urgency}: độ khẩn khi chuyển văn bản, không phải thời hạn.")
    if m.implements:
        out.append(f"implements: {m.implements}")
    if m.documents:
        out.append("documents:")
        for d in m.documents:
            out.append(f"  - id: {d.id}")
            out.append(f"    type: {scalar(d.type)}")
            if d.reference:
                out.append(f"    reference: {scalar(d.reference)}")
            if d.issued_on:
                out.append(f"    issued_on: {d.issued_on.isoformat()}")
            if d.issuer:
                out.append(f"    issuer: {scalar(d.issuer)}")
            out.extend(block("mention", d.mention, 4))
    grouped = [(text, gid) for text, gid in m.addressees if gid]
    loose = [text for text, gid in m.addressees if not gid]
    if grouped:
        out.append("addressees:")
        for text, gid in grouped:
            out.append(f"  - group: {gid}")
            out.append(f"    text: {scalar(text)}")
    for text in loose:
        _comment(out, 0, f"nơi gửi '{text}' không ứng với nhóm nào trong bodies.yaml nên không ghi")
    if m.recipients:
        out.append("recipients:")
        out.extend(f"  - {scalar(r)}" for r in m.recipients)
    out.append("")
    out.append("clauses:")
    for clause in draft.clauses:
        out.extend(_clause(clause))
    return "\n".join(out) + "\n"


def _clause(c: DraftClause) -> list[str]:
    out = [""]
    for doubt in c.doubts:
        _comment(out, 2, doubt)
    out.append(f'  - id: "{c.id}"')
    out.extend(block("title", c.title, 4))
    if c.heading:
        out.append("    heading: true")
    out.extend(block("text", c.text, 4))
    if c.note:
        out.extend(block("note", c.note, 4))
    if c.heading:
        return out
    out.append("    responsible:")
    # "Chủ trì" only where the letter says it; a body it names without the word is assigned
    # the work (Thực hiện), as the bundled data records it (issue 16).
    worded = "chu tri" in fold(c.text)
    for r in c.responsible:
        out.extend(_responsible(r, worded))
    if c.partners:
        out.append("    partners:")
        out.extend(f"      - {scalar(p)}" for p in c.partners)
    d = c.deadline
    if d is not None:
        if d.doubt:
            _comment(out, 4, f"thời hạn: {d.doubt}")
        out.append("    deadline:")
        out.append(f"      kind: {d.kind.value}")
        if d.start:
            out.append(f"      start: {d.start.isoformat()}")
        if d.within is not None:
            # The loader counts the date, with the folder's calendar (make-up working days).
            unit = "working_days" if d.working else "days"
            out.append(f"      within: {{{unit}: {d.within}}}")
            if d.since:
                out.append(f"      from: {d.since.isoformat()}")
        elif d.due:
            out.append(f"      due: {d.due.isoformat()}")
        if d.rrule:
            out.append(f"      rrule: {d.rrule}")
            if d.reports_on is not ReportsOn.SAME:
                out.append(f"      reports_on: {d.reports_on.value}")
        if d.source:
            out.extend(block("source", d.source, 6))
    return out


def _responsible(r: Mention, worded: bool = True) -> list[str]:
    out: list[str] = []
    role = "lead" if r.role is Role.LEAD and not r.unspecified else "support"
    if role == "lead" and not worded:
        role = "assigned"
    if r.doubt:
        _comment(out, 6, r.doubt)
    if r.unspecified:
        _comment(
            out,
            6,
            f"văn bản không nói rõ vai trò của '{r.text}' (được chỉ đạo, hướng dẫn "
            "hoặc nhận văn bản); ghi là phối hợp",
        )
    if r.body:
        out.append(f"      - {{body: {r.body}, role: {role}}}  # {r.text}")
    elif r.group:
        out.append(f"      - {{group: {r.group}, role: {role}}}  # {r.text}")
    else:
        out.append(f"      - {{related: {_flow(r.text)}, role: {role}}}")
    return out


def bodies_yaml(
    registry_text: str | None, registry: Registry, proposals: tuple[Proposal, ...], letter: str
) -> str:
    """bodies.yaml: the registry as given, each proposal added at the end of its `bodies` list.

    Every line of the given text is kept (a clerk's comments, bodies a draft proposed before);
    only when the text has no block `bodies:` list is it written again from the registry.
    """
    text = registry_text if registry_text is not None else _registry_yaml(registry)
    if not proposals:
        return text
    lines = text.splitlines()
    where = _bodies_end(lines)
    if where is None:
        text = _registry_yaml(registry)  # the proposals must land in the bodies list
        lines = text.splitlines()
        where = _bodies_end(lines)
        assert where is not None
    at, pad = where
    added = [
        "",
        f"{pad}# {PROPOSED}: cơ quan có trong văn bản {letter} mà danh bạ chưa có.",
        f"{pad}# Kiểm tra tên, bí danh, nhóm và thứ tự; bỏ dòng note khi đã xác nhận.",
    ]
    start = max((b.order for b in registry.bodies), default=0)
    for i, p in enumerate(proposals, start=1):
        added.append(f"{pad}- id: {p.id}")
        added.append(f"{pad}  name: {scalar(p.name)}")
        if p.aliases:
            added.append(f"{pad}  aliases: [" + ", ".join(_flow(a) for a in p.aliases) + "]")
        added.append(f"{pad}  groups: []")
        added.append(f"{pad}  order: {start + i}")
        added.append(
            f"{pad}  note: {scalar(f'{PROPOSED} từ văn bản {letter}: chưa được xác nhận')}"
        )
    rest = lines[at:]
    gap = [""] if rest and rest[0].strip() else []
    return "\n".join([*lines[:at], *added, *gap, *rest]) + "\n"


def _bodies_end(lines: list[str]) -> tuple[int, str] | None:
    """Where the `bodies:` block list ends (before the next top-level key and the comments
    above it) and the indent of its items; None when the file has no such list."""
    head = next((i for i, ln in enumerate(lines) if re.match(r"^bodies:\s*(?:#.*)?$", ln)), None)
    if head is None:
        return None
    item = next(
        (m for ln in lines[head + 1 :] if (m := re.match(r"^(\s*)- ", ln)) is not None), None
    )
    end = next(
        (i for i in range(head + 1, len(lines)) if re.match(r"^[A-Za-z_]", lines[i])), len(lines)
    )
    while end > head + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and comments at column 0 belong to what follows
    return end, item.group(1) if item else "  "


def _flow(value: str) -> str:
    """An item of a `[a, b]` list: quoted when it holds a comma or would start specially."""
    value = " ".join(value.split())
    if re.search(r"[,\[\]{}]|: | #|:$", value) or _SPECIAL_START.match(value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def _registry_yaml(registry: Registry) -> str:
    out = ["schema: 1", ""]
    if registry.groups:
        out.append("groups:")
        for g in registry.groups:
            out.append(f"  - id: {g.id}")
            out.append(f"    name: {scalar(g.name)}")
            if g.short != g.name:
                out.append(f"    short: {scalar(g.short)}")
            for key, value in (("name_en", g.name_en), ("short_en", g.short_en), ("note", g.note)):
                if value:
                    out.extend(block(key, value, 4))
            out.append(f"    order: {g.order}")
    out.append("")
    out.append("bodies:")
    for b in registry.bodies:
        out.append(f"  - id: {b.id}")
        out.append(f"    name: {scalar(b.name)}")
        if b.aliases:
            out.append("    aliases: [" + ", ".join(_flow(a) for a in b.aliases) + "]")
        out.append("    groups: [" + ", ".join(b.groups) + "]")
        out.append(f"    order: {b.order}")
        for key, day in (("valid_from", b.valid_from), ("valid_to", b.valid_to)):
            if isinstance(day, date):
                out.append(f"    {key}: {day.isoformat()}")
        if b.note:
            out.extend(block("note", b.note, 4))
    return "\n".join(out) + "\n"
