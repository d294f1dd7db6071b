"""The letter's own facts: number and symbol, place and date, issuer, subject, signer,
addressees ("Kính gửi"), recipients ("Nơi nhận") and the documents it cites."""

from __future__ import annotations

import re
from datetime import date

from .layout import LOWER, UPPER, clean
from .model import CitedDocument

_TYPES = {
    "KẾ HOẠCH": "Kế hoạch",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHỈ THỊ": "Chỉ thị",
    "NGHỊ QUYẾT": "Nghị quyết",
    "THÔNG BÁO": "Thông báo",
    "CHƯƠNG TRÌNH": "Chương trình",
    "CÔNG ĐIỆN": "Công điện",
    "KẾT LUẬN": "Kết luận",
    "HƯỚNG DẪN": "Hướng dẫn",
}
_CODES = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "TB": "Thông báo",
    "CTr": "Chương trình",
    "CĐ": "Công điện",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
}
# Proper nouns that keep their capitals when a header in capitals is written in words.
_PROPER = [
    "Chính phủ",
    "Thủ tướng",
    "Quốc hội",
    "Nhà nước",
    "Trung ương",
    "Việt Nam",
    "Tỉnh ủy",
    "Thành ủy",
]
_UNITS = r"(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)"
_POSITIONS = (
    r"PHÓ CHỦ TỊCH THƯỜNG TRỰC|PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ THỦ TƯỚNG THƯỜNG TRỰC|PHÓ THỦ TƯỚNG|"
    r"THỦ TƯỚNG|BỘ TRƯỞNG, CHỦ NHIỆM|PHÓ CHỦ NHIỆM|CHỦ NHIỆM|THỨ TRƯỞNG|BỘ TRƯỞNG|PHÓ GIÁM ĐỐC|"
    r"GIÁM ĐỐC|PHÓ TRƯỞNG BAN|TRƯỞNG BAN|PHÓ CHÁNH VĂN PHÒNG|CHÁNH VĂN PHÒNG|PHÓ BÍ THƯ|BÍ THƯ|"
    r"CỤC TRƯỞNG|PHÓ CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|VỤ TRƯỞNG"
)
_NAME = r"[" + UPPER + r"][" + LOWER + r"]+(?:\s+[" + UPPER + r"][" + LOWER + r"]+){1,4}"
_SIGN = re.compile(
    r"(?P<pos>" + _POSITIONS + r")\s*(?P<name>" + _NAME + r")(?![" + LOWER + r"])"
    # A name ends the line: a capital word before "số 1", a digit or a small letter is not
    # the signer's ("Vũ Thị Bích Việt Biểu số 1 MỨC TRỢ CẤP …").
)
_NUMBER = re.compile(
    r"Số\s*:?\s*(?P<n>\d+)?\s*(?:/\s*)?(?P<sym>[A-ZĐ][A-Za-zĐđ0-9\-]*(?:/[A-Za-zĐđ0-9\-]+)*)"
)
_DATED = re.compile(
    r"(?P<place>["
    + UPPER
    + r"][\w"
    + LOWER
    + r" .]{1,30}?),\s*ngày\s+(?P<d>\d{1,2})?\s*tháng\s+(?P<m>\d{1,2})?\s*năm\s+(?P<y>\d{4})"
)
_DOC = re.compile(
    r"(?P<type>Kết luận|Nghị quyết|Kế hoạch|Quyết định|Thông báo|Chỉ thị|Chương trình hành động|"
    r"Chương trình|Công văn|Tờ trình|Báo cáo|Nghị định|Thông tư|Luật|Công điện|văn bản)"
    r"\s+(?:số\s+)?(?P<ref>\d+[\w\-/Đđ]*(?:\s?-\s?[A-ZĐ][\w/Đđ\-]*)?)"
    r"(?:\s*,?\s*ngày\s+(?P<d>\d{1,2})(?:\s*/\s*|\s+tháng\s+)(?P<m>\d{1,2})(?:\s*/\s*|\s+năm\s+)(?P<y>\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>["
    + UPPER
    + r"][^,;.()“”\":]{0,60}?)(?=\s+(?:về|tại|thực hiện|ban hành|Kính gửi|“|\")|[,;.()“”\":]|$))?"
)


def words_from_capitals(text: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" → "Ủy ban nhân dân tỉnh Quảng Ngãi"."""
    low = " ".join(text.lower().split())
    low = low[:1].upper() + low[1:]
    m = re.search(r"\b" + _UNITS + r"\s+(.+)$", low)
    if m:
        place = " ".join(w[:1].upper() + w[1:] for w in m.group(2).split())
        low = low[: m.start(2)] + place
    for proper in _PROPER:
        low = re.sub(re.escape(proper.lower()), proper, low, flags=re.I)
    return low[:1].upper() + low[1:]


def issuer_of(lines: list[str]) -> str | None:
    """The issuing body: the lines in capitals above "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"."""
    head: list[str] = []
    for line in lines[:12]:
        cut = re.split(r"CỘNG\s+H(?:ÒA|OÀ)", line)
        chunk = " ".join(re.sub(r"-{2,}", " ", cut[0]).split())
        if chunk and chunk.upper() == chunk and re.search(r"[" + UPPER + r"]{2}", chunk):
            head.append(chunk)
        if len(cut) > 1:
            break
    text = " ".join(head).strip()
    return words_from_capitals(text) if text else None


def signer_of(text: str) -> tuple[str | None, str | None]:
    """(name, title): the position in capitals above the name, the last such pair."""
    flat = " ".join(clean(text).split())
    found = list(_SIGN.finditer(flat))
    if not found:
        return None, None
    m = found[-1]
    name = m.group("name").split()
    rest = flat[m.end() :].lstrip()
    while len(name) > 2 and re.match(r"(?:\d|[" + LOWER + r"])", rest):
        rest = name.pop() + " " + rest  # "… Việt Biểu số 1": "Biểu" begins what follows
    title = m.group("pos").split(",")[-1].strip().lower()
    title = title[:1].upper() + title[1:]
    title = re.sub(r"\b(tịch|tướng|nhiệm|trưởng|đốc)\b", lambda x: x.group(0), title)
    title = (
        title.replace("chủ tịch", "Chủ tịch")
        .replace("thủ tướng", "Thủ tướng")
        .replace("chủ nhiệm", "Chủ nhiệm")
    )
    return " ".join(name), title


def number_of(text: str) -> tuple[str | None, str | None]:
    m = _NUMBER.search(clean(text))
    if not m:
        return None, None
    return m.group("n"), m.group("sym")


def dated_of(text: str) -> tuple[str | None, date | None, str | None]:
    """(place, date, doubt) from "Quảng Ngãi, ngày 16 tháng 5 năm 2023"."""
    m = _DATED.search(" ".join(clean(text).split()))
    if not m:
        return None, None, "không thấy dòng địa danh, ngày tháng"
    place = m.group("place").strip()
    place = re.sub(r"^.*\s(?=[" + UPPER + r"][" + LOWER + r"]+\s[" + UPPER + r"])", "", place)
    if not (m.group("d") and m.group("m")):
        return place, None, f"ngày ký để trống trong văn bản (năm {m.group('y')})"
    try:
        return place, date(int(m.group("y")), int(m.group("m")), int(m.group("d"))), None
    except ValueError:
        return place, None, "ngày ký không có thật"


def kind_of(text: str, symbol: str | None) -> str:
    if symbol:
        code = symbol.split("-")[0].split("/")[0]
        if code in _CODES:
            return _CODES[code]
    flat = " ".join(clean(text).split()[:400])
    hits = []
    for caps, name in _TYPES.items():
        m = re.search(r"(?<![" + UPPER + r"])" + caps + r"(?![" + UPPER + r"])", flat)
        if m:
            hits.append((m.start(), name))
    return min(hits)[1] if hits else "Công văn"


def subject_of(paras: list[str], kind: str) -> str | None:
    """The "V/v …" line, or the title under a plan's or decision's type word."""
    for i, p in enumerate(paras[:30]):
        m = re.search(r"\b(V/v|V/V|Về việc)\s+(.*)", p)
        if m and len(m.group(2)) > 5:
            subject = m.group(2)
            subject = re.split(
                r"\s+(?:["
                + UPPER
                + r"]["
                + LOWER
                + r"]+ ?){1,3},\s*ngày\s|\s+HỎA TỐC|\s+Kính gửi|\s+Ngày\s+\d",
                subject,
            )[0]
            if subject[:12].isupper():
                subject = _caps_run(subject)
            return f"V/v {subject.strip()}"
        if p.strip().upper() == kind.upper() and i + 1 < len(paras):
            return paras[i + 1].strip()
        m = re.search(kind.upper() + r"\s+(\S.*)", p)
        if m and m.group(1)[:12].isupper():
            # "QUYẾT ĐỊNH BAN HÀNH MỨC TRỢ GIÚP … CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH": the title,
            # without the enacting authority that follows it.
            run = _caps_run(m.group(1))
            run = re.sub(r"\s+(?:chủ tịch|thủ tướng|bộ trưởng)\b.*$", "", run)
            if len(run.split()) >= 3:
                return run
    return None


def _caps_run(text: str) -> str:
    """The words in capitals that open `text`, written in small letters."""
    words: list[str] = []
    for word in text.split():
        if word.upper() != word:
            break
        words.append(word)
    run = " ".join(words)
    run = re.sub(r"\s*(?:ỦY|UỶ) BAN NHÂN DÂN.*$", "", run) or run
    return words_from_capitals(run)


def listed_after(paras: list[str], opener: str) -> tuple[list[str], set[int]]:
    """The "- …" lines after "Kính gửi:" or "Nơi nhận:", and which paragraphs they were."""
    out: list[str] = []
    used: set[int] = set()
    for i, p in enumerate(paras):
        if not re.match(opener, p):
            continue
        used.add(i)
        rest = re.sub(opener + r"\s*:?\s*", "", p).strip()
        if rest:
            out.append(rest.lstrip("- ").strip())
        for j in range(i + 1, len(paras)):
            if not re.match(r"^[-–+•]\s*", paras[j]):
                break
            used.add(j)
            out.append(re.sub(r"^[-–+•]\s*", "", paras[j]).strip())
        break
    return out, used


def documents_of(text: str, own: str | None = None) -> list[CitedDocument]:
    """Documents cited with a number: type, reference, date and issuer when the letter says.

    `own` is the letter's own reference ("435/QĐ-UBND"): a crawler's title line repeats it.
    """
    out: list[CitedDocument] = []
    seen: set[str] = {own.lower()} if own else set()
    for m in _DOC.finditer(" ".join(text.split())):
        ref = re.sub(r"\s*-\s*", "-", m.group("ref")).rstrip(".,;")
        if "/" not in ref and "-" not in ref:
            continue
        kind = m.group("type")
        kind = kind[:1].upper() + kind[1:]
        issued = None
        if m.group("d"):
            try:
                issued = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                issued = None
        key = ref.lower()
        if key in seen:
            continue
        seen.add(key)
        number = re.match(r"\d+", ref)
        initials = "".join(w[0] for w in _ascii(kind).split()) or "vb"
        did = f"{initials}-{number.group(0) if number else len(out) + 1}"
        n = 2
        while any(d.id == did for d in out):
            did, n = f"{initials}-{number.group(0) if number else ''}-{n}", n + 1
        issuer = (m.group("issuer") or "").strip() or None
        out.append(CitedDocument(did, kind, m.group(0).strip(" ,;"), ref, issued, issuer))
    return out


def _ascii(text: str) -> str:
    from ..text import fold

    return fold(text)
