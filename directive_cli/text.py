"""Vietnamese text helpers: NFC, folding for lookup, dictionary sort, safe display."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from functools import lru_cache

# Combining marks that carry a Vietnamese tone, in dictionary order after "ngang"
# (no mark): huyền < hỏi < ngã < sắc < nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a different letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}

_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
_FINAL_Y = re.compile(r"(?<=\b[bcdghklmnpqrstvx])y\b")


def is_utf8(value: str) -> bool:
    """False for text whose bytes were not UTF-8: Python hands such bytes of argv, the
    environment and file names on POSIX over as lone surrogates, which no file, database or
    terminal can take."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def nfc(value: str) -> str:
    """Return `value` in NFC, the one form stored and compared."""
    return unicodedata.normalize("NFC", value)


@lru_cache(maxsize=4096)
def fold(value: str) -> str:
    """Fold for lookup: no case, no diacritics (đ→d), punctuation and spacing collapsed.

    Folding unifies tone placement (hòa/hoà, Ủy/Uỷ) because both lose the mark;
    it also merges distinct words (Sở/Số), so it is for finding, never identity.
    """
    decomposed = unicodedata.normalize("NFD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d")
    words = [w for w in _PUNCT.split(stripped) if w]
    # The i/y spelling variants of one syllable (tỷ/tỉ, lý/lí, kỹ/kĩ) fold together.
    return _FINAL_Y.sub("i", " ".join(words))


def exact_key(value: str) -> str:
    """Case- and spacing-insensitive, but every diacritic kept: the key of an exact match."""
    return " ".join(nfc(value).casefold().split())


def squash(value: str) -> str:
    """Fold and drop every space: `Sở KH&ĐT` and `so khdt` both become `sokhdt`."""
    return fold(value).replace(" ", "")


def sort_key(value: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Vietnamese dictionary order without a system locale.

    Letters compare first (a ă â b c d đ …), then tones (ngang < huyền < hỏi <
    ngã < sắc < nặng), then the raw text so the order is total.
    """
    letters: list[int] = []
    tones: list[int] = []
    for ch in nfc(value).casefold():
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        letter = base + "".join(m for m in marks if m in _LETTER_MARKS)
        letter = unicodedata.normalize("NFC", letter)
        tone = next((_TONES[m] for m in marks if m in _TONES), 0)
        if letter in _RANK:
            letters.append(100 + _RANK[letter])
        elif letter.isdigit():
            letters.append(50 + int(letter) if letter.isascii() else 99)
        elif letter.isspace():
            letters.append(1)
        else:
            letters.append(2)
        tones.append(tone)
    return tuple(letters), tuple(tones), value


# Characters a clerk's note must never send raw to a terminal: C0 and C1 controls
# (ESC starts ANSI/OSC sequences), DEL, and bidi overrides/isolates that reorder text.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Unicode's default-ignorable code points: they draw nothing, so "adm\u200bin" (a zero-width
# space) or "admin" followed by tag characters (U+E0000 block) would pass for "admin" in a
# history. Soft hyphen, combining grapheme joiner, Hangul fillers, zero-width space, joiners
# and word joiner, variation selectors, BOM, interlinear annotation marks, shorthand format
# controls, musical formatting, tags and the reserved rest of that plane.
_INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2060-\u2065"
    "\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
# U+2028/U+2029 break a line in some terminals and editors: a one-line message must stay one.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + _INVISIBLE + "]")


def _placeholder(match: re.Match[str]) -> str:
    return escape_char(match.group(0))


def escape_char(ch: str) -> str:
    """One character as a visible escape: \\x1b, \\u200b, \\U000e0041 (Python's spelling)."""
    if ord(ch) > 0xFFFF:
        return f"\\U{ord(ch):08x}"
    return f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}"


def is_hidden(ch: str) -> bool:
    """Whether `ch` is a control, a bidi mark or a character that draws nothing."""
    return _UNSAFE.fullmatch(ch) is not None


def some(names: Iterable[str], limit: int, sep: str = ", ") -> str:
    """The first `limit` names and how many more: a message stays one readable line even
    when a province has hundreds of candidates."""
    items = list(dict.fromkeys(names))
    more = len(items) - limit
    return sep.join(items[:limit]) + (f"{sep}… (+{more})" if more > 0 else "")


def printable(value: str, *, keep_newlines: bool = True) -> str:
    """Make text safe for a terminal: controls and bidi marks become visible escapes."""
    out = _UNSAFE.sub(_placeholder, value)
    out = out.replace("\t", "\\t")
    if not keep_newlines:
        out = out.replace("\r", "\\r").replace("\n", " ")
    return out


# One column each, whatever the terminal: Latin (Vietnamese NFC included), general
# punctuation (— …), box drawing and block elements (table rules, completion bars).
_NARROW = re.compile("[\x20-\x7e\xa0-\u02ff\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u2500-\u259f]*")


def cell_len(text: str) -> int:
    """Columns `text` takes in a terminal: wide East Asian letters 2, combining marks 0."""
    if _NARROW.fullmatch(text):  # nearly every cell of a table: one C-level scan
        return len(text)
    return _cell_len_slow(text)


@lru_cache(maxsize=4096)
def _cell_len_slow(text: str) -> int:
    return sum(_cells(ch) for ch in text)


@lru_cache(maxsize=4096)
def _cells(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def day_text(day: date | None) -> str:
    """A day as Vietnamese documents write it: 05/06/2023 ("" for none)."""
    # Not strftime: glibc writes the year 1 as "1", not "0001".
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""


def moment_text(stamp: str, zone: tzinfo | None = None) -> str:
    """A recorded_at or generated_at stamp for people, the one way every table, report and
    message shows it: 05/06/2023 07:00 on the office's clock (`zone`, default the office's:
    zone.py), whatever the offset of the clerk who recorded it. A stamp that is no ISO
    moment is shown as stored."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        from .zone import office_time

        moment = office_time(moment, zone)
    return f"{day_text(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


# A document's type and "số" before its reference, as a letter cites it, folded.
_CITED = re.compile(
    r"(?:(?:cong van|chi thi|quyet dinh|ke hoach|nghi quyet|thong bao|chuong trinh"
    r"|cong dien|ket luan|huong dan|van ban)\s+)?(?:so\s*:?\s*)?(?=\d)",
    re.IGNORECASE,
)


def uncited(text: str) -> str:
    """ "Chỉ thị số 05/CT-UBND", "số: 05/CT-UBND" → "05/CT-UBND"; other text as it is."""
    # One base letter per character (diacritics off, đ→d), so the cut falls in place.
    bare = "".join(unicodedata.normalize("NFD", ch)[0] for ch in nfc(text)).replace("đ", "d")
    m = _CITED.match(bare.replace("Đ", "D"))
    return nfc(text)[m.end() :] if m else text
