"""Deadlines in working days on the Vietnamese working calendar (issue 15).

A working day is Monday to Friday, not a public holiday of the `holidays` package's VN
calendar (which knows Tết and the days off moved to make a bridge), plus the make-up working
days that no library knows: the Saturdays worked in exchange for a bridge, which the
government announces each year and clerks write into `calendar.yaml` beside `bodies.yaml`.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .errors import DirectiveError
from .i18n import t
from .loadcheck import Checker, read, require_mapping
from .yamlstrict import YMap, YSeq, line_of

_TOP = {"schema", "working_days", "days_off"}
_ENTRY = {"date", "source", "note"}


class WorkCalendar(NamedTuple):
    """The office's corrections to the national calendar: days worked, days given off."""

    working: frozenset[date] = frozenset()  # make-up working days (a Saturday worked)
    off: frozenset[date] = frozenset()  # days off the package does not know


NATIONAL = WorkCalendar()  # no corrections: the package's calendar as it is


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    import holidays  # only deadlines in working days pay for it

    return frozenset(holidays.country_holidays("VN", years=year))


def is_working(day: date, calendar: WorkCalendar | None = None) -> bool:
    """Whether `day` is a working day of the Vietnamese civil service."""
    calendar = calendar or NATIONAL
    if day in calendar.working:
        return True
    if day in calendar.off or day.weekday() >= 5:
        return False
    return day not in _public_holidays(day.year)


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """The `n`th working day after `start` ("trong vòng 3 ngày làm việc kể từ ngày ký")."""
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        left -= is_working(day, calendar)
    return day


def working_days_between(start: date, end: date, calendar: WorkCalendar | None = None) -> int:
    """How many working days come after `start`, up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working(day, calendar)
    return count


def load_calendar(path: Path) -> WorkCalendar:
    """Read `calendar.yaml`: each entry a date with its source; a make-up working day must be
    one the national calendar has off, a day off one it has working."""
    root = read(path)
    check = Checker(str(path))
    require_mapping(check, root, "ld.where.calendar_file")
    top = check.mapping(root, "ld.where.calendar", _TOP, {"schema"})
    check.schema(top)
    working = _days(check, top, "working_days", want_working=False)
    off = _days(check, top, "days_off", want_working=True)
    if check.problems:
        raise DirectiveError(check.problems)
    return WorkCalendar(frozenset(working), frozenset(off))


def _days(check: Checker, top: YMap, key: str, *, want_working: bool) -> list[date]:
    items = top.get(key)
    if items is None:
        return []
    if not isinstance(items, YSeq):
        check.fail(line_of(items, top.line), t("ld.cal_not_list", key=key))
        return []
    out = []
    for item in items:
        entry = check.mapping(item, "ld.where.calendar_day", _ENTRY, {"date", "source"})
        day = check.day(entry, "date")
        check.text(entry, "source", required=True)
        if day is None:
            continue
        if is_working(day) is not want_working:
            reason = "ld.cal_already_working" if not want_working else "ld.cal_already_off"
            check.fail(entry.key_lines.get("date", entry.line), t(reason, day=day.isoformat()))
            continue
        out.append(day)
    return out
