"""text.py's one way each to write a day, a recorded moment and a history stamp."""

from __future__ import annotations

from datetime import date

import pytest

from directive_cli.text import day_text, moment_text, stamp_text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2023, 6, 5), "05/06/2023"),
        (date(2023, 12, 31), "31/12/2023"),
        (None, ""),
    ],
)
def test_day_text_as_documents_write_it(day: date | None, text: str) -> None:
    assert day_text(day) == text


@pytest.mark.parametrize(
    ("stamp", "text"),
    [
        ("2023-06-05T07:00:00+07:00", "05/06/2023 07:00 (+07:00)"),
        ("2023-06-05T23:59:59-03:30", "05/06/2023 23:59 (-03:30)"),
        ("2023-06-05T07:00:00+00:00", "05/06/2023 07:00 (+00:00)"),
        ("2023-06-05T07:00:00Z", "05/06/2023 07:00 (+00:00)"),
        ("2023-06-05T07:00:00", "05/06/2023 07:00"),  # an old stamp without its offset
        ("2023-06-05", "05/06/2023 00:00"),
        ("hôm qua", "hôm qua"),  # not a stamp: shown as stored, never dropped
        ("", ""),
    ],
)
def test_moment_text_for_people(stamp: str, text: str) -> None:
    assert moment_text(stamp) == text


@pytest.mark.parametrize(
    ("stamp", "text"),
    [
        ("2023-06-21T08:30:00+07:00", "2023-06-21 08:30"),
        ("2023-06-21T08:30", "2023-06-21 08:30"),
        ("2023-06-21", "2023-06-21"),
        ("t1", "t1"),
    ],
)
def test_stamp_text_as_history_tables_show_it(stamp: str, text: str) -> None:
    assert stamp_text(stamp) == text
