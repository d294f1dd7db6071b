"""Whole numbers in Vietnamese words, as an official report writes a figure: "211 (hai trăm
mười một)". Pure.

The northern administrative usage of official documents: "linh" for a zero tens digit (105 =
một trăm linh năm), "nghìn" (not "ngàn"), "mốt" for 1 after a tens digit of 2 or more, "lăm"
for 5 after any tens digit, "bốn" kept as "bốn" (not "tư").
"""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Each group of three digits, from the right, and its word; past a billion the groups repeat
# ("nghìn tỷ"), which a task count never reaches but a number of days might in bad data.
_SCALES = ("", "nghìn", "triệu", "tỷ")


def in_words(n: int) -> str:
    """`n` spelled out in Vietnamese, lower case: 0 → "không", 2024 → "hai nghìn không trăm
    hai mươi bốn"."""
    if n < 0:
        return "âm " + in_words(-n)
    if n == 0:
        return _DIGITS[0]
    groups: list[int] = []
    while n:
        n, rest = divmod(n, 1000)
        groups.append(rest)
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        # A group after a higher one says its hundreds even when zero: 1005 = một nghìn
        # không trăm linh năm.
        words += _triple(group, full=index < top)
        words += _scale(index)
    return " ".join(words)


def _scale(index: int) -> list[str]:
    if index == 0:
        return []
    words: list[str] = []
    while index >= len(_SCALES):
        words.append(_SCALES[-1])
        index -= len(_SCALES) - 1
    return ([_SCALES[index]] if index else []) + words


def _triple(n: int, *, full: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def figure(n: int) -> str:
    """The figure and its words, as reports write it: "211 (hai trăm mười một)"."""
    return f"{n} ({in_words(n)})"
