"""What a recurring deadline's `rrule` may be: one RFC 5545 rule, a day at the finest, bounded.
Pure; the loader asks it, `deadlines` steps through what it lets pass."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from .i18n import t

# Cadences a deadline may have: a day at the finest (a deadline is a day).
FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
FINER = ("SECONDLY", "MINUTELY", "HOURLY")
TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
MAX_COUNT = 10_000  # 27 years of a daily cadence; each occurrence is stepped through


def rule_parts(rrule: str) -> list[str] | None:
    """The NAME=VALUE parts of one RFC 5545 rule ("RRULE:" before it is allowed); None when
    the text is more than one rule."""
    text = rrule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if any(ch in text for ch in "\r\n:"):
        return None
    return [p.strip() for p in text.split(";") if p.strip()]


def rule_problem(rrule: str, start_day: date) -> str | None:
    """Why `rrule` cannot be a deadline's cadence from `start_day`, in the clerk's language;
    None when it can."""
    from dateutil.rrule import rrulestr

    listed = rule_parts(rrule)
    if listed is None:
        # dateutil reads several lines (RRULE, RDATE, EXRULE …) as a set of rules, of which
        # the checks below would see only the first.
        return t("ld.rrule_one")
    parts = {k.upper(): v for k, _, v in (p.partition("=") for p in listed)}
    if parts.get("FREQ", "").upper() in FINER or any(k in parts for k in TIME_PARTS):
        # FREQ=SECONDLY passed `validate`, then one `list` stepped through every second from
        # the directive's day to today: 251 s.
        return t("ld.rrule_freq", freqs=", ".join(FREQS))
    count = parts.get("COUNT", "")
    if count and not (count.isdigit() and 1 <= int(count) <= MAX_COUNT):
        return t("ld.rrule_count", value=count, limit=MAX_COUNT)
    interval = re.search(r"(?i)\bINTERVAL=([^;\s]*)", rrule)
    if interval and not (interval.group(1).isdigit() and int(interval.group(1)) > 0):
        # dateutil accepts INTERVAL=0 and then loops for ever looking for the next date.
        return t("ld.rrule_interval", value=interval.group(1))
    start = datetime.combine(start_day, time())
    try:
        rule = rrulestr(rrule, dtstart=start)
        # Some rules parse but break or never occur (BYDAY=+99MO, BYMONTHDAY=40): try one.
        first = rule.after(start, inc=True)
    except Exception as exc:  # dateutil raises ValueError, IndexError, KeyError … on bad rules
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return t("ld.rrule_bad", reason=message)
    if first is None:
        return t("ld.rrule_never", day=start.date().isoformat())
    return None


def skipped_months(rrule: str) -> int | None:
    """The day of the month a rule names that some of its months do not have (29, 30, 31):
    RFC 5545 skips those months, so "before the 31st each month" owes nothing in April.
    None when every month it names has the day (or it names a day from the end, -1)."""
    listed = rule_parts(rrule)
    if listed is None:
        return None
    parts = {k.upper(): v for k, _, v in (p.partition("=") for p in listed)}
    if parts.get("FREQ", "").upper() not in ("MONTHLY", "YEARLY"):
        return None
    days = [int(d) for d in parts.get("BYMONTHDAY", "").split(",") if d.strip().isdigit()]
    months = [int(m) for m in parts.get("BYMONTH", "").split(",") if m.strip().isdigit()]
    if parts["FREQ"].upper() == "YEARLY" and not months:
        return None  # one month a year, the start's: whether it has the day is not said here
    # The shortest month the rule may fall in: February unless BYMONTH leaves it out.
    shortest = min((_DAYS_IN[m] for m in months if 1 <= m <= 12), default=28)
    late = [d for d in days if d > shortest]
    return max(late) if late else None


# Days in each month (February as in a common year: the 29th is missed three years in four).
_DAYS_IN = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
