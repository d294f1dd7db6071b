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
    r"|(?P<one>\d{1,2})[.)](?:\s+|$)"
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


def paragraphs(text: str) -> list[Para]:
    """The paragraphs of a letter, each with its numbering marker split off."""
    lines: list[str] = []
    for raw in clean(text).split("\n"):
        line = " ".join(raw.split())
        if re.fullmatch(r"\d{1,3}", line):  # a page number of a PDF or scan
            continue
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
        if starts_new and current:
            paras.append(current)
            current = line
        else:
            current = f"{current} {line}" if current else line
    if current:
        paras.append(current)
    return [_para(p) for p in paras]


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
