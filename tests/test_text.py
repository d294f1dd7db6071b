"""Vietnamese text: NFC, folding, dictionary order, safe display."""

from __future__ import annotations

import unicodedata

import pytest

from directive_cli.text import (
    cell_len,
    exact_key,
    fold,
    nfc,
    printable,
    some,
    sort_key,
    squash,
)


def test_nfc_unifies_decomposed_input() -> None:
    name = "Đặng Văn Minh"
    decomposed = unicodedata.normalize("NFD", name)
    assert len(name) == 13 and len(decomposed) == 16
    assert nfc(decomposed) == name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sở KH&ĐT", "so kh dt"),
        ("hòa", "hoà"),
        ("Ủy ban", "Uỷ ban"),
        ("thủy", "thuỷ"),
        ("tỷ lệ", "tỉ lệ"),
        ("Văn hóa, Thể thao", "van hoa the thao"),
        ("ĐỨC PHỔ", "duc pho"),
    ],
)
def test_fold_forgives_case_marks_tone_placement_and_punctuation(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_squash_drops_spaces_so_abbreviations_meet() -> None:
    assert squash("Sở KH&ĐT") == squash("SO KHDT") == "sokhdt"


def test_exact_key_keeps_diacritics() -> None:
    assert exact_key("Sở  Nội vụ") == exact_key("sở nội vụ")
    assert exact_key("Sở") != exact_key("Số")
    assert fold("Sở") == fold("Số")  # folding collides: lookup must ask, never guess


def test_vietnamese_alphabet_order() -> None:
    words = ["Đức", "Dung", "Ân", "Ăn", "An", "Bà", "Ba", "Bá", "Bả", "Bã", "Bạ", "Ơn", "Ôn", "On"]
    assert sorted(words, key=sort_key) == [
        "An",
        "Ăn",
        "Ân",
        "Ba",
        "Bà",
        "Bả",
        "Bã",
        "Bá",
        "Bạ",
        "Dung",
        "Đức",
        "On",
        "Ôn",
        "Ơn",
    ]


def test_district_names_sort_in_dictionary_order() -> None:
    names = [
        "Bình Sơn",
        "Sơn Tịnh",
        "Tư Nghĩa",
        "Nghĩa Hành",
        "Mộ Đức",
        "Ba Tơ",
        "Minh Long",
        "Sơn Hà",
        "Sơn Tây",
        "Trà Bồng",
        "Lý Sơn",
        "Đức Phổ",
        "Quảng Ngãi",
    ]
    assert sorted(names, key=sort_key) == [
        "Ba Tơ",
        "Bình Sơn",
        "Đức Phổ",
        "Lý Sơn",
        "Minh Long",
        "Mộ Đức",
        "Nghĩa Hành",
        "Quảng Ngãi",
        "Sơn Hà",
        "Sơn Tây",
        "Sơn Tịnh",
        "Trà Bồng",
        "Tư Nghĩa",
    ]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("a\u202eb", "a\\u202eb"),
        ("\x9b31m", "\\x9b31m"),
        ("tab\there", "tab\\there"),
        ("[bold]x[/bold]", "[bold]x[/bold]"),
        ("Báo cáo số 45/BC-SNV", "Báo cáo số 45/BC-SNV"),
    ],
)
def test_printable_makes_controls_visible(raw: str, shown: str) -> None:
    assert printable(raw) == shown


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("Sở Văn hóa, Thể thao", 20),
        ("Quảng Ngãi", 10),
        ("So\u031b\u0309 Nội vụ", 9),
        ("日本語", 6),
        ("░░█", 3),
        ("\u200bx", 1),
        ("", 0),
    ],
)
def test_cell_len_counts_terminal_columns(text: str, cells: int) -> None:
    from rich.cells import cell_len as rich_cell_len

    assert cell_len(text) == cells == rich_cell_len(text)


def test_some_names_keep_a_message_to_one_readable_line() -> None:
    ids = [f"{n}-2023#1a" for n in range(200)]
    assert some(ids, 3) == "0-2023#1a, 1-2023#1a, 2-2023#1a, … (+197)"
    assert some(["1a", "1b", "1a", "2"], 30) == "1a, 1b, 2"  # repeated ids once
    assert some(["a", "b"], 2, "; ") == "a; b"
