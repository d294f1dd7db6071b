"""A letter's text → paragraphs → numbered items, whatever the text came through.

Copy-paste, OCR, a crawler and a PDF text layer each break a letter differently: wrapped
lines, page numbers on lines of their own, a point's number glued to the end of the line
before ("… tiến bộ 1.1."), "-Thời gian" without its space, Markdown emphasis from a scan.
The paragraphs come out the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import nfc

# Letters of Vietnamese by case: the ranges À-Ỹ interleave capitals and small letters.
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.isupper())
LOWER = "a-z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.islower())
ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}
_ROMAN_RE = r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
# Labels of the lines of a task block ("- Cơ quan thực hiện: …", "- Thời gian dự kiến: …").
ATTRIBUTE = re.compile(
    r"^(?P<label>(?:Thời gian|Thời hạn|Đơn vị|Cơ quan|Địa điểm|Kinh phí|Hình thức|Nội dung|"
    r"Phương thức|Sản phẩm|Kết quả|Chủ trì|Phối hợp)(?:\s+[^\s:,;]+){0,3}?)\s*:\s*(?P<value>.*)$",
    re.S,
)

_MARKER = re.compile(
    r"^(?:(?P<part>(?:Phần|PHẦN)\s+(?P<partn>" + _ROMAN_RE + r"|\d+))[.:]?\s*"
    r"|(?P<article>(?:Điều|ĐIỀU)\s+(?P<articlen>\d+))[.:]?\s*"
    r"|(?P<roman>" + _ROMAN_RE + r")[.)]\s+"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+|$)"
    r"|(?P<one>\d{1,2})(?:[.)]|\s+[-–](?=\s))(?:\s+|$)"
    r"|(?P<letter>[a-zđ])\)\s*"
    r"|(?P<dash>[-–—+•*])\s*(?=\S)"
    r")"
)


@dataclass
class Para:
    """One paragraph: its marker ("1.", "a)", "-", "" for none) and its text without it."""

    kind: str  # part, article, roman, num, one, letter, dash, text
    label: str
    text: str
    value: str = ""  # the number itself: "II", "2.1", "a"


@dataclass
class Item:
    para: Para
    parts: list[Para] = field(default_factory=list)  # its own unnumbered paragraphs and dashes
    children: list[Item] = field(default_factory=list)
    parent: Item | None = None

    @property
    def rank(self) -> int:
        return rank(self.para)


def rank(p: Para) -> int:
    if p.kind in ("part", "article", "roman"):
        return 0
    if p.kind == "one":
        return 1
    if p.kind == "num":
        return p.value.count(".") + 1
    if p.kind == "letter":
        return 10
    return 20


def clean(text: str) -> str:
    """NFC, Markdown emphasis and scan residue removed, spaces made plain."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    text = re.sub(r"\*\*|~~|__", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)", r"\1", text)  # *italic*
    text = re.sub(r"(?m)^#+\s+", "", text)
    return text


def _split_glued(line: str) -> list[str]:
    """ "… tiến bộ 1.1." → ["… tiến bộ", "1.1."]; "… đình công 3.1. Rà soát" → two lines."""
    out: list[str] = []
    rest = line
    while True:
        m = re.search(r"(?<=\S)\s+(\d{1,2}(?:\.\d{1,2})+\.)(?=\s+[" + UPPER + r"]|\s*$)", rest)
        if not m or (_MARKER.match(rest[: m.start()].strip() + " ") and m.start() < 8):
            break
        out.append(rest[: m.start()].rstrip())
        rest = rest[m.start() :].strip()
    # "III. TỔ CHỨC THỰC HIỆN 1.": a part's title in capitals, then its first point.
    m = re.match(r"^(" + _ROMAN_RE + r"\.\s+[^" + LOWER + r"]+?)\s+(\d{1,2}\.)\s*$", rest)
    if m:
        out.extend([m.group(1), m.group(2)])
        rest = ""
    # "- Cơ quan thực hiện: … và địa phương -Thời gian thực hiện: …"
    parts = re.split(r"\s+(?=-\s?(?:Thời gian|Thời hạn|Cơ quan|Đơn vị|Kinh phí|Địa điểm)\b)", rest)
    out.extend(p for p in parts if p)
    return out


# Columns of a plan's task table, by the words of their header.
_COLUMNS = [
    ("number", re.compile(r"^(?:stt|tt|so tt|so thu tu)$")),
    ("lead", re.compile(r"chu tri")),
    ("support", re.compile(r"phoi hop")),
    ("when", re.compile(r"thoi gian|thoi han|tien do")),
    ("product", re.compile(r"san pham|ket qua")),
    ("text", re.compile(r"noi dung|nhiem vu|cong viec|hoat dong|giai phap")),
]
_LABELS = {
    "lead": "Cơ quan chủ trì",
    "support": "Cơ quan phối hợp",
    "when": "Thời gian hoàn thành",
    "product": "Sản phẩm",
}


def _cells(line: str) -> list[str] | None:
    if not (line.startswith("|") and line.rstrip().endswith("|")):
        return None
    return [" ".join(c.split()) for c in line.strip()[1:-1].split("|")]


def _tables(lines: list[str]) -> list[str]:
    """A task table (Markdown rows, as the .docx reader gives them) → points and their
    "Cơ quan chủ trì / phối hợp / Thời gian hoàn thành" lines, which the rest reads."""
    from ..text import fold

    out: list[str] = []
    columns: dict[int, str] | None = None
    for line in lines:
        cells = _cells(line)
        if cells is None:
            columns = None
            out.append(line)
            continue
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue  # the Markdown separator row
        if columns is None:
            found: dict[int, str] = {}
            for i, cell in enumerate(cells):
                kind = next((k for k, p in _COLUMNS if p.search(fold(cell))), None)
                if kind and kind not in found.values():
                    found[i] = kind
            if "lead" in found.values() and "text" in found.values():
                columns = found
                continue
            out.append(line)  # a table that assigns nothing: left as it is
            continue
        row = {kind: cells[i] for i, kind in columns.items() if i < len(cells)}
        number = row.get("number", "").rstrip(".")
        text = row.get("text", "")
        if re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*|" + _ROMAN_RE, number):
            out.append(f"{number}. {text}")
        elif re.fullmatch(r"[a-zđ]", number):
            out.append(f"{number}) {text}")
        else:
            out.extend(["", text])
        for kind, label in _LABELS.items():
            if row.get(kind):
                out.append(f"- {label}: {row[kind]}")
        out.append("")
    return out


def paragraphs(text: str) -> list[Para]:
    """The paragraphs of a letter, each with its numbering marker split off."""
    lines: list[str] = []
    raw_lines = [" ".join(raw.split()) for raw in _tables(clean(text).split("\n"))]
    last_point = 0  # the last "N." of the current part: a bare "N+1" may continue it
    for i, line in enumerate(raw_lines):
        if re.fullmatch(r"\d{1,3}", line):
            if _bare_point(line, last_point, lines, raw_lines[i + 1 :]):
                lines.append(f"{line}.")  # "3" above "- Uỷ ban nhân dân …": the point's number
                last_point = int(line)
            continue  # otherwise a page number of a PDF or scan
        point = re.match(r"(\d{1,2})(?:[.)]|\s+[-–]\s)", line)
        if point:
            last_point = int(point.group(1))
        elif re.match(r"(?:Điều|ĐIỀU|Phần|PHẦN)\s|" + _ROMAN_RE + r"\.\s", line):
            last_point = 0
        lines.extend(_split_glued(line) if line else [""])
    paras: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paras.append(current)
            current = ""
            continue
        marker = _MARKER.match(line)
        if marker and line[:1] in "–—" and current and not re.search(r"[.;:!?)]$", current):
            marker = None  # "… Thăng Long\n– Hà Nội": a wrapped name, not a list dash
        starts_new = (
            not current
            or (
                marker is not None
                and not (line[:1] in "–—" and not re.search(r"[.;:!?)]$", current))
            )
            or re.search(r"[.;:!?]$", current)
            or current.isupper()
            or (line.isupper() and len(line) > 3)
            or (re.fullmatch(r"(?:Điều|ĐIỀU)\s+\d+\.?", current) is not None and marker is not None)
            or ATTRIBUTE.match(line) is not None
        )
        bare_marker = re.fullmatch(
            r"(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|(?:Điều|ĐIỀU)\s+\d+\.?)", current
        )
        if bare_marker and not marker:
            starts_new = False  # "1.4." on its own line: its text is on the next
        if bare_marker and marker and marker.group("dash") and current[:1].isdigit():
            current = f"{current} {line[marker.end() :]}"  # "3." then "- Uỷ ban …:"
            continue
        if starts_new and current:
            paras.append(current)
            current = line
        else:
            current = f"{current} {line}" if current else line
    if current:
        paras.append(current)
    return [_para(p) for p in paras]


def _bare_point(number: str, last: int, before: list[str], after: list[str]) -> bool:
    """A lone number is a point's when it follows the last point, ends a sentence's line
    and a dash line comes next (Tuyên Quang 1056/QĐ-CT "3" / "- Uỷ ban nhân dân …:");
    a page number (a PDF's "5" mid-sentence or before "- Thời gian …") is neither."""
    prev = next((x for x in reversed(before) if x), "")
    nxt = next((x for x in after if x), "")
    return (
        int(number) in (last + 1, 1)
        and (not prev or re.search(r"[.:;]$", prev) is not None)
        and re.match(r"[-–+•]\s?\S", nxt) is not None
    )


def _para(text: str) -> Para:
    m = _MARKER.match(text)
    if not m or m.end() == 0:
        return Para("text", "", text)
    kind = next(
        k for k in ("part", "article", "roman", "num", "one", "letter", "dash") if m.group(k)
    )
    value = {
        "part": m.group("partn") or "",
        "article": m.group("articlen") or "",
        "roman": m.group("roman") or "",
        "num": m.group("num") or "",
        "one": m.group("one") or "",
        "letter": m.group("letter") or "",
        "dash": "-",
    }[kind]
    rest = text[m.end() :].strip()
    if kind == "roman" and rest and not (rest[:1].isupper() or rest[:1].isdigit()):
        return Para("text", "", text)  # "I) " inside a sentence is no part
    if kind == "letter" and not rest:
        return Para("text", "", text)
    return Para(kind, text[: m.end()].strip(), rest, value)


def tree(paras: list[Para]) -> list[Item]:
    """Items nested by their markers: parts > 1. > 1.1. > a) > dashes; text joins its item."""
    roots: list[Item] = []
    stack: list[Item] = []
    for p in paras:
        if p.kind == "text" or p.kind == "dash":
            if stack:
                stack[-1].parts.append(p)
            else:
                roots.append(Item(p))
            continue
        r = rank(p)
        while stack and stack[-1].rank >= r:
            stack.pop()
        item = Item(p, parent=stack[-1] if stack else None)
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    return roots


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph: a full stop then a capital starts the next one."""
    parts = re.split(r"(?<=[.!?])\s+(?=[" + UPPER + "])", text)
    return [p for p in parts if p.strip()]
