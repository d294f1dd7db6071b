"""Deadlines in working days on the Vietnamese working calendar (issue 15).

A working day is Monday to Friday, not a public holiday of the `holidays` package's VN
calendar (which knows Tết and the days off moved to make a bridge), plus the make-up working
days that no library knows: the Saturdays worked in exchange for a bridge, which the
government announces each year and clerks write into `calendar.yaml` beside `bodies.yaml`.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .deadlines import DUE_SOON_DAYS, shifted
from .errors import DirectiveError, InvalidInput
from .i18n import t
from .text import fold

if TYPE_CHECKING:  # the loader's modules: only reading the calendar file needs them
    from .loadcheck import Checker
    from .yamlstrict import YMap

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
    """The `n`th working day after `start` ("trong vòng 3 ngày làm việc kể từ ngày ký"),
    held at 31/12/9999 rather than overflowing."""
    day, left = start, n
    while left > 0 and day < date.max:
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


# --- how far ahead "due soon" looks ---------------------------------------------------------

MAX_HORIZON = 366  # a year ahead at most: 366 working days are already a year and a half
_HORIZON = re.compile(r"(\d{1,9})(?: (ngay lam viec|working days?|ngay|days?))?")


class Horizon(NamedTuple):
    """How far ahead "sắp đến hạn" looks: `n` calendar days, or `n` working days on the
    office's calendar (`due_soon = "5 ngày làm việc"` in office.toml)."""

    n: int = DUE_SOON_DAYS
    working: bool = False
    calendar: WorkCalendar = NATIONAL

    def until(self, as_of: date) -> date:
        """The last due day that is "due soon" as of `as_of` (inclusive)."""
        return _until(self, as_of)

    def counting(self, n: int | None) -> Horizon:
        """The same unit over `n` days instead (--within N); itself when `n` is None."""
        return self if n is None else self._replace(n=n)

    @property
    def words(self) -> str:
        """ "7 ngày", "5 ngày làm việc": the horizon as a heading says it."""
        return t("horizon.working" if self.working else "horizon.days", n=self.n)


DUE_SOON = Horizon()  # the default: DUE_SOON_DAYS calendar days


@lru_cache(maxsize=256)  # asked once per task of a listing: one count per day asked about
def _until(horizon: Horizon, as_of: date) -> date:
    if horizon.working:
        return add_working_days(as_of, horizon.n, horizon.calendar)
    return shifted(as_of, horizon.n)


def parse_horizon(value: object, where: str, least: int = 1) -> tuple[int, bool]:
    """(n, working days?) from a setting: "5 ngày làm việc" / "5 working days", "7 ngày" /
    "7 days", or a number of days; refused in one line naming `where` it came from."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str):
        # The number as typed (a sign stays a sign), the unit without diacritics or case.
        number, _, unit = value.strip().partition(" ")
        text = f"{number} {fold(unit)}".strip()
    found = _HORIZON.fullmatch(text) if text is not None else None
    if found is None or not least <= int(found.group(1)) <= MAX_HORIZON:
        shown = value if isinstance(value, str) else json.dumps(value)  # as TOML writes it
        most = MAX_HORIZON
        raise InvalidInput(t("err.horizon", where=where, value=shown, least=least, most=most))
    unit = found.group(2) or ""
    return int(found.group(1)), unit.startswith(("ngay lam viec", "working"))


def check_within(n: int | None, least: int = 1) -> None:
    """--within N: from `least` to MAX_HORIZON days, else one line."""
    if n is not None and not least <= n <= MAX_HORIZON:
        raise InvalidInput(t("err.within_range", least=least, most=MAX_HORIZON))


def load_calendar(path: Path) -> WorkCalendar:
    """Read `calendar.yaml`: each entry a date with its source; a make-up working day must be
    one the national calendar has off, a day off one it has working."""
    from .loadcheck import Checker, read, require_mapping

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
    from .yamlstrict import YSeq, line_of

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
