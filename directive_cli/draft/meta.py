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


_LOCAL = re.compile(
    r"^(?:van phong\s+)?(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\s+(?:tinh|thanh pho|tp)"
    r"\s+(?P<p>.+)$|^(?:tinh uy|thanh uy)\s+(?P<q>.+)$"
)


def province_of(issuer: str | None) -> str | None:
    """The province or city whose authority issued a letter, folded ("Ủy ban nhân dân tỉnh
    Kon Tum" → "kon tum"); None for a central body (Văn phòng Chính phủ) or a lower level."""
    if not issuer:
        return None
    from ..text import fold

    m = _LOCAL.match(fold(issuer))
    return (m.group("p") or m.group("q")) if m else None


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


def subject_of(paras: list[str], kind: str, place: str | None = None) -> str | None:
    """The "V/v …" line, or the title under a plan's or decision's type word; a title in
    capitals is written in small letters as the letter writes its words elsewhere."""
    letter = "\n".join(paras)
    for i, p in enumerate(paras[:30]):
        m = re.search(r"\b(V/v|V/V|Về việc)\s+(.*)", p)
        if m and len(m.group(2)) > 5:
            subject = m.group(2)
            # The place and date line glued after it: cut at the letter's own place when it
            # is known, so the subject's last words ("… quốc tế Long Thành" before "Hà Nội,
            # ngày …") are not taken for a place.
            own = r"\s+" + re.escape(place) + r",\s*ngày\s" if place else None
            dated = (
                own
                if own and re.search(own, subject)
                else r"\s+(?:[" + UPPER + r"][" + LOWER + r"]+ ?){1,3},\s*ngày\s"
            )
            subject = re.split(dated + r"|\s+HỎA TỐC|\s+Kính gửi|\s+Ngày\s+\d", subject)[0]
            if subject[:12].isupper():
                subject = _caps_run(subject, letter)
            return f"V/v {subject.strip()}"
        if p.strip().upper() == kind.upper() and i + 1 < len(paras):
            return paras[i + 1].strip()
        m = re.search(kind.upper() + r"\s+(\S.*)", p)
        if m and m.group(1)[:12].isupper():
            # "QUYẾT ĐỊNH BAN HÀNH MỨC TRỢ GIÚP … CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH": the title,
            # without the enacting authority that follows it.
            run = _caps_run(m.group(1), letter)
            run = re.sub(r"\s+(?:chủ tịch|thủ tướng|bộ trưởng)\b.*$", "", run, flags=re.I)
            if len(run.split()) >= 3:
                return run
    return None


def _caps_run(text: str, letter: str) -> str:
    """The words in capitals that open `text`, written as the letter writes them."""
    words: list[str] = []
    for word in text.split():
        if word.upper() != word:
            break
        words.append(word)
    run = " ".join(words)
    run = re.sub(r"\s*(?:ỦY|UỶ) BAN NHÂN DÂN.*$", "", run) or run
    return as_written(run, letter)


# A document's symbol ("119-KH/TU", "37-CT/TW", "TW"): written in capitals in any text.
_SYMBOL = re.compile(r"\d.*[A-ZĐ]|[A-ZĐ]{2,}.*/|/.*[A-ZĐ]{2,}")
_STARTS = ".:;!?\n"


def as_written(caps: str, letter: str) -> str:
    """Words in capitals ("KẾ HOẠCH SỐ 119-KH/TU … CỦA BAN THƯỜNG VỤ TỈNH ỦY") in small
    letters, but for the runs of two or more words the letter itself writes, inside a
    sentence, with capitals ("Kế hoạch số 119-KH/TU", "Ban Thường vụ Tỉnh ủy"), and for
    document symbols, which stay in capitals. Nothing is guessed: a word the letter does not
    write elsewhere is in small letters."""
    mixed = _without_capitals(letter)
    low = mixed.lower()
    if len(low) != len(mixed):  # a letter whose case changes its length: no positions
        return words_from_capitals(caps)
    words = caps.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        best: tuple[str, int] | None = None
        j = i + 2
        while j <= len(words):
            found = _written(mixed, low, " ".join(words[i:j]).lower())
            if found is None:
                break
            best, j = (found, j), j + 1
        if best is not None:
            out.append(best[0])
            i = best[1]
        else:
            out.append(words[i] if _SYMBOL.search(words[i]) else _proper(words, i))
            i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _proper(words: list[str], i: int) -> str:
    """A word the letter does not write elsewhere: small letters, but in the proper nouns
    every letter capitalises ("TỈNH ỦY" → "Tỉnh ủy", "TRUNG ƯƠNG" → "Trung ương")."""
    for proper in _PROPER:
        parts = proper.split()
        for k in range(len(parts)):
            lo = i - k
            if lo >= 0 and [w.lower() for w in words[lo : lo + len(parts)]] == [
                x.lower() for x in parts
            ]:
                return parts[k]
    return words[i].lower()


def _without_capitals(letter: str) -> str:
    """The letter with its runs of three or more words in capitals (headers, titles) cut
    out: they say nothing of how the words are written. Spaces are made single."""
    lines: list[str] = []
    for line in letter.split("\n"):
        kept: list[str] = []
        run: list[str] = []
        for word in line.split():
            if any(c.isalpha() for c in word) and word.upper() == word:
                run.append(word)
                continue
            kept.extend(run if len(run) < 3 else ["\n"])
            run = []
            kept.append(word)
        kept.extend(run if len(run) < 3 else ["\n"])
        lines.append(" ".join(kept))
    return "\n".join(lines)


def _written(mixed: str, low: str, wanted: str) -> str | None:
    """How the letter most often writes `wanted` (small letters) inside a sentence."""
    seen: dict[str, int] = {}
    at = low.find(wanted)
    while at >= 0:
        end = at + len(wanted)
        before = low[:at].rstrip(" ")
        bounded = (at == 0 or not low[at - 1].isalnum()) and (
            end == len(low) or not low[end].isalnum()
        )
        if bounded and before and before[-1] not in _STARTS and not before.endswith(" -"):
            form = mixed[at:end]
            seen[form] = seen.get(form, 0) + 1
        at = low.find(wanted, at + 1)
    return max(seen, key=lambda f: seen[f]) if seen else None


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
