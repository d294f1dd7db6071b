"""text.py's one way each to write a day, a recorded moment and a history stamp."""

from __future__ import annotations

from datetime import date, timedelta, timezone

import pytest

from directive_cli.text import day_text, moment_text


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


HO_CHI_MINH = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("stamp", "text"),
    [
        ("2023-06-05T07:00:00+07:00", "05/06/2023 07:00"),
        # On the office's clock (UTC+7), whatever the clerk's: the same moment reads the same.
        ("2023-06-05T02:00:00+02:00", "05/06/2023 07:00"),
        ("2023-06-05T23:59:59-03:30", "06/06/2023 10:29"),
        ("2023-06-05T07:00:00+00:00", "05/06/2023 14:00"),
        ("2023-06-05T07:00:00Z", "05/06/2023 14:00"),
        ("2023-06-06T01:00:00+10:00", "05/06/2023 22:00"),  # Tomorrow in Sydney, tonight here
        ("2023-06-05T07:00:00", "05/06/2023 07:00"),  # an old stamp without its offset
        ("2023-06-05", "05/06/2023 00:00"),
        ("0001-01-01T00:30:00+00:00", "01/01/0001 07:30"),
        ("hôm qua", "hôm qua"),  # not a stamp: shown as stored, never dropped
        ("t1", "t1"),
        ("", ""),
    ],
)
def test_moment_text_for_people_on_the_offices_clock(stamp: str, text: str) -> None:
    assert moment_text(stamp, HO_CHI_MINH) == text
