"""Dates as clerks type them, deadline phrases, and timeliness as of a day."""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from .i18n import t
from .model import Deadline, DeadlineKind, Status, Timeliness
from .text import fold

# One horizon for "due soon" everywhere (list, report, reminders): a week, the report's period.
DUE_SOON_DAYS = 7


class DateError(ValueError):
    """A date a person typed that cannot be read without guessing."""


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})")


_WORDS_DMY = re.compile(r"(\d{1,2}) thang (\d{1,2}) nam (\d{4})")
_TODAY_WORDS = ("today", "hom nay", "ngay hom nay")
_YESTERDAY_WORDS = ("yesterday", "hom qua", "ngay hom qua")


def shifted(day: date, days: int) -> date:
    """`day` moved by `days`, held at the first or last day a date can have (1/1/0001,
    31/12/9999) instead of overflowing: `--as-of 31/12/9999` is a question, not a crash."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def parse_date(value: str, today: date | None = None) -> date:
    """Read a full date, day first; never fill a missing part from today.

    Accepted: 2023-05-16, 16/5/2023, 16/05/2023, 16-5-2023, 16.5.2023, and as clerks copy
    them from a document: "ngày 16/5/2023", "16 tháng 5 năm 2023" (with or without
    diacritics, in any Unicode form); with `today` given, also "hôm nay" and "hôm qua".
    """
    # "20/6/2023." or "20/6/2023," copied from the end of a sentence.
    text = unicodedata.normalize("NFC", value).strip().rstrip(".,;:").strip()
    words = fold(text)
    if today is not None and words in _TODAY_WORDS:
        return today
    if today is not None and words in _YESTERDAY_WORDS:
        return shifted(today, -1)
    # "ngày 20/6/2023": the word before a date in a letter's text.
    bare = re.sub(r"^(ngày|ngay)\s+", "", text, flags=re.IGNORECASE)
    iso = _ISO.fullmatch(bare)
    dmy = _DAY_FIRST.fullmatch(bare)
    spelled = _WORDS_DMY.fullmatch(fold(bare))
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif dmy:
        day, month, year = int(dmy.group(1)), int(dmy.group(3)), int(dmy.group(4))
    elif spelled:
        day, month, year = (int(g) for g in spelled.groups())
    else:
        raise DateError(t("err.date_unreadable", value=value, forms=t("date_forms")))
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(
            t(
                "err.date_impossible",
                value=value,
                day=day,
                month=month,
                year=year,
                forms=t("date_forms"),
            )
        ) from None


def parse_iso(value: str) -> date:
    """Strict YYYY-MM-DD, as data files and the database store dates."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise DateError(t("ld.iso_form", value=value))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DateError(t("ld.iso_real", value=value)) from None


# Phrases letters use for a period whose last day is the deadline (DOMAIN.md §2).
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def phrase_due(phrase: str) -> date | None:
    """The last day named by a period phrase, or None when the phrase names no period.

    "trong tháng 5/2023" → 2023-05-31; "trong quý II/2023" → 2023-06-30;
    "6 tháng đầu năm 2023" → 2023-06-30; "trong năm 2023" → 2023-12-31.
    """
    folded = fold(phrase)
    # "ngày 15 tháng 9/2023" is a day of the month, not the month: read as a day (phrase_days).
    month = re.search(r"(?<!\d )\bthang (\d{1,2}) (\d{4})\b", folded)
    if month and "dau nam" not in folded and "cuoi nam" not in folded:
        m, y = int(month.group(1)), int(month.group(2))
        if 1 <= m <= 12:
            return date(y, m, calendar.monthrange(y, m)[1])
    quarter = re.search(r"\bquy (i{1,3}|iv|[1-4]) (\d{4})\b", folded)
    if quarter:
        q = quarter.group(1)
        n = int(q) if q.isdigit() else _ROMAN[q]
        y = int(quarter.group(2))
        return date(y, 3 * n, calendar.monthrange(y, 3 * n)[1])
    half = re.search(r"\b6 thang (dau|cuoi) nam (\d{4})\b", folded)
    if half:
        y = int(half.group(2))
        return date(y, 6, 30) if half.group(1) == "dau" else date(y, 12, 31)
    year = re.search(r"\bnam (\d{4})\b", folded)
    if year and re.search(r"\b(trong|ngay trong|den het|truoc het) nam \d{4}\b", folded):
        return date(int(year.group(1)), 12, 31)
    return None


class Standing(NamedTuple):  # one per task: built fast
    """Where a task stands as of a day."""

    timeliness: Timeliness
    due: date | None
    days_overdue: int  # days past due: for overdue tasks as of the day, for late ones at completion


_DATED = frozenset(k for k in DeadlineKind if k.dated)


def due_date(deadline: Deadline, as_of: date, anchor: date | None = None) -> date | None:
    """The date a task is measured against; recurring tasks use their next occurrence.

    A cadence counts from `anchor` (the directive's date: "every week" means the weekday it
    was signed), else the deadline's start, else `as_of`; never from today's clock, so the
    same --as-of gives the same answer on any day.
    """
    if deadline.kind in _DATED:  # a set, not the enum property: called once per task
        return deadline.due
    if deadline.kind is DeadlineKind.RECURRING and deadline.rrule:
        return _next_occurrence(deadline.rrule, anchor or deadline.start or as_of, as_of)
    return None


# The Gregorian calendar repeats every 400 years: 146,097 days, which is 20,871 weeks, 4,800
# months; weekdays, month lengths and leap days all come back in step.
CYCLE_DAYS = 146_097
_CYCLE_UNITS = {"DAILY": CYCLE_DAYS, "WEEKLY": 20_871, "MONTHLY": 4_800, "YEARLY": 400}


@lru_cache(maxsize=4096)
def _next_occurrence(rule_text: str, anchor: date, as_of: date) -> date | None:
    from dateutil.rrule import rrulestr  # imported only when a cadence exists

    start = cadence_anchor(rule_text, anchor, as_of)
    rule = rrulestr(rule_text, dtstart=datetime.combine(start, time()))
    nxt = rule.after(datetime.combine(as_of, time()), inc=True)
    return nxt.date() if nxt else None


def cadence_anchor(rule_text: str, anchor: date, as_of: date) -> date:
    """An anchor that gives the same occurrences as `anchor` from `as_of` on, less than one
    step (400 years, times the interval when they share no factor) before `as_of`.

    dateutil steps through every occurrence from its anchor, so a daily cadence from 2023
    asked about 31/12/9999 took 4 s, and a whole province of them minutes. The anchor moves
    by whole 400-year cycles that are also whole intervals of the rule, so every weekday,
    month day and interval phase is kept. A rule with COUNT counts from its anchor and is
    left alone (the loader caps COUNT)."""
    parts = {
        k.strip().upper(): v.strip().upper()
        for k, _, v in (p.partition("=") for p in rule_text.removeprefix("RRULE:").split(";"))
    }
    units = _CYCLE_UNITS.get(parts.get("FREQ", ""))
    interval = parts.get("INTERVAL", "1")
    if units is None or "COUNT" in parts or not interval.isdigit() or int(interval) < 1:
        return anchor
    step = CYCLE_DAYS * (int(interval) // math.gcd(int(interval), units))  # days
    cycles = (as_of - anchor).days // step
    if cycles < 1:
        return anchor
    return anchor + timedelta(days=cycles * step)


def standing(
    deadline: Deadline,
    status: Status,
    done_on: date | None,
    as_of: date,
    anchor: date | None = None,
    soon_until: date | None = None,
) -> Standing:
    """Timeliness of a task (DOMAIN.md §4): due dates are inclusive."""
    due = due_date(deadline, as_of, anchor)
    if due is None:
        return Standing(Timeliness.NO_DEADLINE, None, 0)
    timeliness, days = judge(due, status, done_on, as_of, soon_until)
    return Standing(timeliness, due, days)


def judge(
    due: date, status: Status, done_on: date | None, as_of: date, soon_until: date | None = None
) -> tuple[Timeliness, int]:
    """Timeliness against one due date (inclusive), and the days past it: for an open task as
    of the day, for a done one at completion. An open task due by `soon_until` (the office's
    horizon, workdays.Horizon.until; default DUE_SOON_DAYS ahead) is due soon."""
    if status is Status.DONE:
        finished = done_on or as_of
        if finished <= due:
            return Timeliness.ON_TIME, 0
        return Timeliness.LATE, (finished - due).days
    if as_of > due:
        return Timeliness.OVERDUE, (as_of - due).days
    if due <= (soon_until or shifted(as_of, DUE_SOON_DAYS)):
        return Timeliness.DUE_SOON, 0
    return Timeliness.IN_TIME, 0
