"""Recurring obligations, one per period: the periods of a cadence, their names, and how each
period stands as of a day (pure: marks and days in, values out).

A cadence (`rrule`) counts from the directive's date, or from the deadline's `from:` date: each
occurrence is the due date of one period's obligation, and the period is the one that holds the
due date ("trước ngày 25 hằng tháng": June's report is due 25/6), or with `reports_on:
previous` the period before it ("trước ngày 20 của tháng đầu quý sau": Q3's report is due 20/10).
Marks name their period; a mark recorded before periods existed (no period) closes the
obligation that was open on its day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache, partial
from typing import NamedTuple

from .errors import InvalidInput
from .i18n import current, t, t_in
from .model import Body, Clause, Directive, Inheritance, Mark, ReportsOn, Status, Timeliness
from .text import fold


class Cadence(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"
    OTHER = "other"  # a rule letters do not use (daily, every two months …): periods by date


def _part(rule: str, name: str) -> str | None:
    found = re.search(rf"(?i)\b{name}=([^;\s]*)", rule)
    return found.group(1).upper() if found else None


def cadence(rule: str) -> Cadence:
    """The kind of period a rule makes: FREQ with INTERVAL (or BYMONTH's count for YEARLY)."""
    freq = _part(rule, "FREQ")
    interval = int(_part(rule, "INTERVAL") or "1")
    months = len((_part(rule, "BYMONTH") or "").split(",")) if _part(rule, "BYMONTH") else 1
    if freq == "WEEKLY" and interval == 1:
        return Cadence.WEEKLY
    if freq == "MONTHLY":
        return {1: Cadence.MONTHLY, 3: Cadence.QUARTERLY, 6: Cadence.HALF_YEARLY}.get(
            interval, Cadence.OTHER
        )
    if freq == "YEARLY" and interval == 1:
        return {1: Cadence.YEARLY, 2: Cadence.HALF_YEARLY, 4: Cadence.QUARTERLY}.get(
            months, Cadence.OTHER
        )
    return Cadence.OTHER


def period_key(kind: Cadence, due: date) -> str:
    """The name of the period that holds `due`: 2023-06, 2023-Q2, 2023-H1, 2023, 2023-W25."""
    if kind is Cadence.MONTHLY:
        return f"{due.year}-{due.month:02d}"
    if kind is Cadence.QUARTERLY:
        return f"{due.year}-Q{(due.month - 1) // 3 + 1}"
    if kind is Cadence.HALF_YEARLY:
        return f"{due.year}-H{1 if due.month <= 6 else 2}"
    if kind is Cadence.YEARLY:
        return str(due.year)
    if kind is Cadence.WEEKLY:
        year, week, _ = due.isocalendar()
        return f"{year}-W{week:02d}"
    return due.isoformat()


def period_start(kind: Cadence, day: date) -> date:
    """The first day of the period of `kind` that holds `day` (an ISO week starts on Monday)."""
    if kind is Cadence.MONTHLY:
        return day.replace(day=1)
    if kind is Cadence.QUARTERLY:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if kind is Cadence.HALF_YEARLY:
        return date(day.year, 1 if day.month <= 6 else 7, 1)
    if kind is Cadence.YEARLY:
        return date(day.year, 1, 1)
    if kind is Cadence.WEEKLY:
        return day - timedelta(days=day.weekday())  # 1/1/0001 was a Monday: no overflow
    return day


def next_start(kind: Cadence, day: date) -> date:
    """The first day of the period after the one that holds `day` (31/12/9999 at the end of
    time)."""
    if kind is Cadence.OTHER:
        return day
    ahead = {Cadence.WEEKLY: 7, Cadence.MONTHLY: 31, Cadence.QUARTERLY: 92}
    days = ahead.get(kind, 184 if kind is Cadence.HALF_YEARLY else 366)
    try:
        return period_start(kind, period_start(kind, day) + timedelta(days=days))
    except OverflowError:
        return date.max


def covered_key(kind: Cadence, due: date, reports_on: ReportsOn = ReportsOn.SAME) -> str:
    """The key of the period an obligation due on `due` reports on: the one holding `due`,
    or (`previous`) the one before it. A cadence named by due dates has no period before
    (the loader refuses `previous` on it)."""
    if reports_on is ReportsOn.PREVIOUS and kind is not Cadence.OTHER:
        start = period_start(kind, due)
        if start > date.min:
            return period_key(kind, start - timedelta(days=1))
    return period_key(kind, due)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_OF = {n: r.upper() for r, n in _ROMAN.items()}


def period_words(key: str, lang: str | None = None) -> str:
    """A period's key as people say it: "tháng 6/2023", "quý II/2023", "năm 2023" (in `lang`,
    default the chosen language)."""
    say = partial(t_in, lang or current())
    if found := re.fullmatch(r"(\d{4})-(\d{2})", key):
        return say("period.monthly", month=int(found.group(2)), year=found.group(1))
    if found := re.fullmatch(r"(\d{4})-Q([1-4])", key):
        n = int(found.group(2))
        return say("period.quarterly", quarter=_ROMAN_OF[n], year=found.group(1))
    if found := re.fullmatch(r"(\d{4})-H([12])", key):
        return say(f"period.half_yearly.{found.group(2)}", year=found.group(1))
    if found := re.fullmatch(r"(\d{4})-W(\d{2})", key):
        return say("period.weekly", week=int(found.group(2)), year=found.group(1))
    if re.fullmatch(r"\d{4}", key):
        return say("period.yearly", year=key)
    return say("period.other", day=key)


def parse_period(typed: str, kind: Cadence) -> str:
    """A period as a clerk types it, as its key: 2023-06, "tháng 6/2023", "6/2023"; 2023-Q2,
    "quý II/2023", "quý 2/2023"; 2023-H1, "6 tháng đầu năm 2023"; 2023, "năm 2023";
    2023-W25, "tuần 25/2023"; a due date (2023-06-25) for other cadences."""
    text = fold(typed)  # punctuation becomes spaces: "tháng 6/2023" → "thang 6 2023"
    rules: list[tuple[Cadence, str]] = [
        (Cadence.MONTHLY, r"(?:thang )?(?P<y>\d{4}) (?P<m>\d{1,2})"),
        (Cadence.MONTHLY, r"(?:thang )?(?P<m>\d{1,2}) (?:nam )?(?P<y>\d{4})"),
        (Cadence.QUARTERLY, r"(?P<y>\d{4}) q(?P<q>[1-4])"),
        # "Q3/2023" as spreadsheets write it: no space after the Q.
        # "quí", the older spelling of "quý", as some clerks still write it.
        (Cadence.QUARTERLY, r"(?:quy |qui |q ?)(?P<q>[1-4]|i{1,3}|iv) (?:nam )?(?P<y>\d{4})"),
        (Cadence.HALF_YEARLY, r"(?P<y>\d{4}) h(?P<h>[12])"),
        (Cadence.HALF_YEARLY, r"6 thang (?P<w>dau|cuoi) nam (?P<y>\d{4})"),
        (Cadence.YEARLY, r"(?:nam )?(?P<y>\d{4})"),
        (Cadence.WEEKLY, r"(?P<y>\d{4}) w(?P<w>\d{1,2})"),
        (Cadence.WEEKLY, r"tuan (?P<w>\d{1,2}) (?:nam )?(?P<y>\d{4})"),
        (Cadence.OTHER, r"(?P<y>\d{4}) (?P<m>\d{2}) (?P<d>\d{2})"),
    ]
    for rule_kind, pattern in rules:
        found = re.fullmatch(pattern, text)
        if found is None or rule_kind is not kind:
            continue
        g = found.groupdict()
        if kind is Cadence.MONTHLY and 1 <= int(g["m"]) <= 12:
            return f"{g['y']}-{int(g['m']):02d}"
        if kind is Cadence.QUARTERLY:
            q = g["q"]
            return f"{g['y']}-Q{int(q) if q.isdigit() else _ROMAN[q]}"
        if kind is Cadence.HALF_YEARLY:
            half = g.get("h") or ("1" if g.get("w") == "dau" else "2")
            return f"{g['y']}-H{half}"
        if kind is Cadence.YEARLY:
            return g["y"]
        if kind is Cadence.WEEKLY and 1 <= int(g["w"]) <= 53:
            return f"{g['y']}-W{int(g['w']):02d}"
        if kind is Cadence.OTHER:
            return f"{g['y']}-{g['m']}-{g['d']}"
    raise InvalidInput(t("err.period_unreadable", typed=typed, example=t(f"period.ex.{kind}")))


def cadence_words(rule: str, reports_on: ReportsOn = ReportsOn.SAME) -> str:
    """The cadence as people say it: "hằng tháng, trước ngày 25", "hằng năm, trước ngày 15/11";
    reporting on the period before: "hằng quý, trước ngày 20 của tháng đầu quý sau"."""
    kind = cadence(rule)
    day = _part(rule, "BYMONTHDAY")
    month = _part(rule, "BYMONTH")
    weekday = _part(rule, "BYDAY")
    if kind is Cadence.YEARLY and day and month:
        by = t("cadence.by_date", day=int(day), month=int(month))
    elif kind is Cadence.WEEKLY and weekday:
        by = t("cadence.by_weekday", weekday=t(f"weekday.{weekday[-2:]}"))
    elif day and day.lstrip("-").isdigit() and int(day) > 0:
        by = t("cadence.by_day", day=int(day))
    elif day == "-1":
        by = t("cadence.by_last_day")
    else:
        by = ""
    if reports_on is ReportsOn.PREVIOUS and kind is not Cadence.OTHER:
        by = _after(kind, by, month)
    words = t(f"cadence.{kind}")
    return f"{words}, {by}" if by else words


def _after(kind: Cadence, by: str, months: str | None) -> str:
    """`by` said of the period after the one reported on: "trước ngày 5 của tháng sau"; for a
    quarter whose months are all the same place in their quarter (BYMONTH=1,4,7,10), that
    place: "… của tháng đầu quý sau"."""
    if not by:
        return t("cadence.previous")
    key = f"cadence.next.{kind}"
    listed = [int(m) for m in (months or "").split(",") if m.isdigit()]
    places = {(m - 1) % 3 for m in listed}
    if kind is Cadence.QUARTERLY and len(listed) == 4 and len(places) == 1:
        key += f".{places.pop() + 1}"
    return t(key, by=by)


# Periods judged before `as_of` at most: 27 years of a daily cadence, 190 of a weekly one. A
# daily cadence asked about 30/12/9999 would otherwise be 2.9 M obligations for each task.
MAX_PERIODS = 10_000
_UNIT_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}


@lru_cache(maxsize=4096)
def dues(
    rule: str,
    anchor: date,
    as_of: date,
    reports_on: ReportsOn = ReportsOn.SAME,
    owed_from: date | None = None,
    owed_until: date | None = None,
) -> tuple[date, ...]:
    """The due dates from `anchor` on: every one before `as_of` (the last MAX_PERIODS of
    them), then the first on or after it (the current period's).

    Reporting on the previous period, the first obligation is the report on the period that
    holds `anchor` (a letter of 16/5/2023 asking each quarter's report by the 20th of the
    next quarter's first month: Q2's, due 20/7/2023); a due date still inside that period
    reports on a period before the letter, and is no obligation of it. A successor owes
    every report due from its transfer day on (`owed_from`), its predecessor's last period's
    too: that body no longer exists to send it. So a body that ended owes only the reports
    due up to its last day (`owed_until`): none after it, nor a current one."""
    from collections import deque

    from dateutil.rrule import rrulestr  # imported only when a cadence exists

    from .deadlines import cadence_anchor as stepped
    from .deadlines import shifted

    # Step from an anchor moved by whole calendar cycles (the same dates), as close to the
    # periods kept as a cycle allows: the stepping stays under a cycle plus those periods.
    freq = (_part(rule, "FREQ") or "").upper()
    interval = _part(rule, "INTERVAL") or "1"
    span = MAX_PERIODS * _UNIT_DAYS.get(freq, 366) * (int(interval) if interval.isdigit() else 1)
    start = stepped(rule, anchor, shifted(as_of, -span))
    rr = rrulestr(rule, dtstart=datetime.combine(start, time()))
    # The anchor stays dtstart (it sets the phase of INTERVAL=3); earlier dates are skipped.
    floor = anchor
    if reports_on is ReportsOn.PREVIOUS:
        floor = owed_from or next_start(cadence(rule), anchor)
    out: deque[date] = deque(maxlen=MAX_PERIODS + 1)
    for occurrence in rr:
        day = occurrence.date()
        if day < floor:
            continue
        if owed_until is not None and day > owed_until:
            break
        out.append(day)
        if day >= as_of:
            break
    return tuple(out)


class PeriodState(NamedTuple):
    """One period's record in the history: its latest status, and since when for "done"."""

    status: Status
    effective_on: date
    done_on: date | None
    evidence: str | None
    note: str | None


class Obligation(NamedTuple):
    """One period's obligation as of a day."""

    period: str
    due: date
    status: Status
    timeliness: Timeliness
    days_overdue: int
    done_on: date | None
    original_due: date | None = None  # the rule's date, when an extension moved `due`


def in_force(marks: Iterable[Mark], as_of: date | None = None) -> list[Mark]:
    """The marks that count (not undo events, not undone), effective by `as_of`, in effective
    order."""
    listed = list(marks)
    undone = {m.undoes for m in listed if m.undoes is not None}
    return sorted(
        (
            m
            for m in listed
            if m.undoes is None
            and m.id not in undone
            and (as_of is None or m.effective_on <= as_of)
        ),
        key=lambda m: (m.effective_on, m.id),
    )


def period_states(
    marks: Sequence[Mark],
    kind: Cadence,
    due_dates: Sequence[date],
    reports_on: ReportsOn = ReportsOn.SAME,
) -> dict[str, PeriodState]:
    """Each period's state from the marks in force (in effective order); a mark without a
    period belongs to the first period due on or after its day (the one open then)."""
    out: dict[str, PeriodState] = {}
    for m in marks:
        if m.extends_to is not None:
            continue  # an extension moves a due date, never a status
        period = m.period
        if period is None:
            first = next((d for d in due_dates if d >= m.effective_on), None)
            if first is None:
                continue
            period = covered_key(kind, first, reports_on)
        before = out.get(period)
        if m.status is Status.DONE:
            done_on = before.done_on if before and before.status is Status.DONE else None
            done_on = done_on or m.effective_on
        else:
            done_on = None
        out[period] = PeriodState(m.status, m.effective_on, done_on, m.evidence, m.note)
    return out


def obligations(
    rule: str,
    anchor: date,
    marks: Sequence[Mark],
    as_of: date,
    soon_until: date | None = None,
    reports_on: ReportsOn = ReportsOn.SAME,
    owed_from: date | None = None,
    owed_until: date | None = None,
) -> list[Obligation]:
    """Every period's obligation from `anchor` to the current one, oldest first (`dues`)."""
    from .deadlines import judge

    kind = cadence(rule)
    due_dates = dues(rule, anchor, as_of, reports_on, owed_from, owed_until)
    states = period_states(marks, kind, due_dates, reports_on)
    out = []
    for rule_due in due_dates:
        key = covered_key(kind, rule_due, reports_on)
        state = states.get(key)
        status = state.status if state else Status.TODO
        done_on = state.done_on if state else None
        moved = extended_due(marks, key)
        due = moved or rule_due
        timeliness, days = judge(due, status, done_on, as_of, soon_until)
        out.append(
            Obligation(key, due, status, timeliness, days, done_on, rule_due if moved else None)
        )
    return out


def cadence_anchor(directive: Directive, clause: Clause, inherited: Inheritance | None) -> date:
    """The day a task's periods count from: `from:`, else the directive's date; an inherited
    task's periods begin on its transfer (the earlier ones were its predecessors')."""
    anchor = clause.deadline.start or directive.issued_on
    return max(anchor, inherited.since) if inherited else anchor


def owed_from(directive: Directive, clause: Clause, inherited: Inheritance | None) -> date | None:
    """The first day an inherited task owes a report on the period before (`dues`): its
    transfer, unless its periods count from a later `from:`; None for the directive's own."""
    anchor = clause.deadline.start or directive.issued_on
    return inherited.since if inherited and inherited.since >= anchor else None


class Span(NamedTuple):
    """The periods a body's task owes: counted from `anchor`, the reports due from `since`
    (a successor's transfer, `owed_from`) up to `until` (its body's last day: an ended body
    owes none due after it, its successor does)."""

    anchor: date
    since: date | None
    until: date | None


def owed_span(
    directive: Directive, clause: Clause, body: Body, inherited: Inheritance | None
) -> Span:
    """The span of `body`'s task of `clause` (`Span`)."""
    since = owed_from(directive, clause, inherited)
    return Span(cadence_anchor(directive, clause, inherited), since, body.valid_to)


def extended_due(marks: Iterable[Mark], period: str | None = None) -> date | None:
    """The due date the extensions in force grant (of `period`), the latest one counting:
    each must be later than the due date before it, so they stack."""
    granted = [m for m in marks if m.extends_to is not None and m.period == period]
    return granted[-1].extends_to if granted else None


def missed(obligations_: Sequence[Obligation]) -> int:
    """How many periods are overdue."""
    return sum(o.timeliness is Timeliness.OVERDUE for o in obligations_)


def oldest_open(obligations_: Sequence[Obligation]) -> Obligation | None:
    """The period a mark without --period closes: the oldest not yet done."""
    return next((o for o in obligations_ if o.status is not Status.DONE), None)


def current_period(obligations_: Sequence[Obligation], as_of: date) -> Obligation | None:
    """The period a task stands as on `as_of` (in `list`, `show`, the report's due soon): the
    oldest not done whose due date in force (extensions applied) is on or after the day, so
    an extended earlier period still open comes before the one the rule has since begun;
    else the latest, done ahead of time. With none due on or after the day (its body ends
    first, or the rule ran out): the oldest open period, else the last. Every overdue
    period but this one is a missed one."""
    ahead = [o for o in obligations_ if o.due >= as_of]
    now = next((o for o in ahead if o.status is not Status.DONE), ahead[-1] if ahead else None)
    return now or oldest_open(obligations_) or (obligations_[-1] if obligations_ else None)


def choose_period(
    rule: str,
    anchor: date,
    marks: Sequence[Mark],
    effective: date,
    typed: str | None,
    reports_on: ReportsOn = ReportsOn.SAME,
    owed_from: date | None = None,
    owed_until: date | None = None,
) -> str:
    """The period a mark names (`typed`), checked against the task's periods up to the
    current one on `effective`; without one, the oldest open period."""
    kind = cadence(rule)
    known = obligations(
        rule, anchor, in_force(marks), effective, None, reports_on, owed_from, owed_until
    )
    keys = [o.period for o in known]
    if not keys:  # a body that ended before its first report was due, or a rule run out
        raise InvalidInput(t("err.period_none", day=f"{effective:%d/%m/%Y}"))
    if typed is not None:
        key = parse_period(typed, kind)
        if key not in keys:
            span = f"{keys[0]} … {keys[-1]}" if keys else "-"
            raise InvalidInput(t("err.period_unknown", typed=typed, key=key, span=span))
        return key
    open_ = oldest_open(known)
    # Every period is done: a mark then is for the current one (a correction or new evidence).
    return open_.period if open_ else keys[-1]
