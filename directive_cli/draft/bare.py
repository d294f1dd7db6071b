"""Deadline words typed without diacritics, read as with them: for the checks of a phrase
a clerk typed on a keyboard without Vietnamese input (`directive validate`)."""

from __future__ import annotations

import re

# The deadline words of the patterns above as a clerk types them without diacritics (a
# Windows keyboard without Unikey): "truoc ngay 15/9/2023". Restored rather than folded on
# both sides: the patterns tell apart words that folding merges ("ngay trong", at once
# within, from "ngày", a day) and would need a second, folded copy of each; restoring only
# words typed wholly without diacritics leaves a phrase typed with them read as before.
# Longest first, so that "cham nhat la" is one phrase, not "cham nhat" and "la".
_TYPED_BARE = {
    "hoan thanh": "hoàn thành",
    "cham nhat la": "chậm nhất là",
    "cham nhat": "chậm nhất",
    "han chot la": "hạn chót là",
    "han chot": "hạn chót",
    "khong qua": "không quá",
    "den het": "đến hết",
    "truoc het": "trước hết",
    "ke tu": "kể từ",
    "lam viec": "làm việc",  # a count in working days must not read as calendar days
    "trong vong": "trong vòng",
    "thoi han": "thời hạn",
    "ngay trong": "ngay trong",  # "at once within": no day, kept as it is
    "truoc": "trước",
    "ngay": "ngày",
    "thang": "tháng",
    "nam": "năm",
    "quy": "quý",
    "dau": "đầu",
    "cuoi": "cuối",
    "vao": "vào",
    "het": "hết",
    "den": "đến",
    "toi": "tới",
    "tu": "từ",
    "gio": "giờ",
    "phut": "phút",
}
_BARE_WORD = re.compile(
    r"\b(?:"
    + "|".join(k.replace(" ", r"\s+") for k in sorted(_TYPED_BARE, key=len, reverse=True))
    + r")\b",
    re.I,
)


def restored(phrase: str) -> str:
    """`phrase` with its deadline words typed without diacritics written with them
    ("truoc ngay 15/9/2023" → "trước ngày 15/9/2023"); other words as typed."""
    return _BARE_WORD.sub(lambda m: _TYPED_BARE[" ".join(m.group(0).lower().split())], phrase)
