"""Reminder letters (công văn đôn đốc) as values: who owes what as of a day. Pure.

One letter per body that owes at least one task the filters keep; a body that owes nothing
gets none. "Owes" is not done as of the day: by default every such task (dated or not, as a
đôn đốc letter urges the standing tasks too), with --overdue-only the overdue ones, with
--within N the overdue ones and those due in the next N days (working days when the office
counts them: workdays.Horizon). A body no longer in existence
on the day (its `valid_to` passed) is not written to: it is returned apart, so the summary
can say so rather than drop it silently.

A recurring obligation owes each period not done: the missed ones (overdue) and the current
one, each an `Owed` of its own, so a letter's figures count periods as `summary` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .deadlines import shifted
from .errors import InvalidInput
from .i18n import t
from .model import Body, Catalog, Progress, Status, Timeliness
from .query import Filters, PeriodMarks, TaskView, clause_order, views
from .weekly import DirectiveRef
from .workdays import DUE_SOON, Horizon

MAX_WITHIN_DAYS = 366


def _t(message: str, /, **values: object) -> str:
    return t("remind." + message, **values)


@dataclass(frozen=True)
class Owed:
    """One task a letter names (one period of a recurring one): its clause's text, its
    deadline and how late it is."""

    directive: str  # id
    reference: str  # 2167/UBND-KTTH
    clause: str
    title: str
    text: str
    status: Status
    timeliness: Timeliness
    due: date | None
    deadline_source: str | None
    days_overdue: int
    days_left: int | None  # None: no date, or already overdue
    period: str | None = None  # a recurring obligation's period (2023-07)
    original_due: date | None = None  # the letter's (or rule's) date, when extended to `due`


@dataclass(frozen=True)
class Letter:
    """What one body is reminded of as of `as_of`, to report on by `reply_by`."""

    body: Body
    group: str
    as_of: date
    reply_by: date
    tasks: tuple[Owed, ...]
    directives: tuple[DirectiveRef, ...]  # those the tasks come from, oldest first

    @property
    def overdue(self) -> int:
        return sum(1 for task in self.tasks if task.timeliness is Timeliness.OVERDUE)


@dataclass(frozen=True)
class Plan:
    as_of: date
    letters: tuple[Letter, ...]
    ended: tuple[Body, ...]  # owed tasks, but no longer in existence on the day: not written
    clear: tuple[Body, ...] = ()  # kept by the filters, with tasks, owing none of them


def check(overdue_only: bool, within: int | None) -> None:
    """Refuse filters that contradict each other, before any work."""
    if within is not None:
        if not 0 <= within <= MAX_WITHIN_DAYS:
            raise InvalidInput(_t("within_range", most=MAX_WITHIN_DAYS))
        if overdue_only:
            raise InvalidInput(_t("within_and_overdue"))


def plan(
    catalog: Catalog,
    progress: Mapping[str, Mapping[tuple[str, str], Progress]],
    as_of: date,
    reply_days: int,
    *,
    bodies: Iterable[str] = (),
    groups: Iterable[str] = (),
    directives: Iterable[str] = (),
    overdue_only: bool = False,
    within: int | None = None,
    periods: PeriodMarks | None = None,
    extended: PeriodMarks | None = None,
    horizon: Horizon | None = None,
) -> Plan:
    """The letters to write as of `as_of`, bodies in protocol order, tasks by directive
    (oldest first) then clause, a recurring task's periods oldest first; due soon within
    `horizon` (the office's), which --within counts `within` of."""
    check(overdue_only, within)
    only = Filters(bodies=tuple(bodies), groups=tuple(groups), in_directives=tuple(directives))
    horizon = (horizon or DUE_SOON).counting(within)
    last = horizon.until(as_of) if within is not None else None
    owed: dict[str, list[Owed]] = {}
    body_of: dict[str, tuple[Body, str]] = {}
    seen: dict[str, Body] = {}
    rows = views(catalog, progress, as_of, only, periods, extended, horizon.until(as_of))
    # Directives oldest first, as `list` orders them: the letter cites them in that order.
    for v in sorted(rows, key=clause_order):
        seen.setdefault(v.body.id, v.body)
        for task in owed_of(v, as_of):
            overdue = task.timeliness is Timeliness.OVERDUE
            if overdue_only and not overdue:
                continue
            if last is not None and not (overdue or (task.due is not None and task.due <= last)):
                continue
            owed.setdefault(v.body.id, []).append(task)
            body_of.setdefault(v.body.id, (v.body, v.group))
    registry = catalog.registry
    refs = [
        DirectiveRef(d.id, d.reference, d.type, d.issued_on, d.issuer, d.subject)
        for d in sorted(catalog.directives, key=lambda d: (d.issued_on, d.id))
    ]
    letters: list[Letter] = []
    ended: list[Body] = []
    for bid in sorted(owed, key=registry.protocol_key):
        body, group = body_of[bid]
        if not body.valid_on(as_of):
            ended.append(body)
            continue
        tasks = tuple(owed[bid])
        cited = {task.directive for task in tasks}
        letters.append(
            Letter(
                body,
                group,
                as_of,
                shifted(as_of, reply_days),
                tasks,
                tuple(d for d in refs if d.id in cited),
            )
        )
    clear = tuple(seen[b] for b in sorted(seen, key=registry.protocol_key) if b not in owed)
    return Plan(as_of, tuple(letters), tuple(ended), clear)


def owed_of(v: TaskView, as_of: date) -> list[Owed]:
    """What a task owes as of `as_of`: nothing when done; a recurring one, each period not
    done, oldest first (a missed period is owed even when the current one is done)."""
    standing = (
        [(o.status, o.timeliness, o.due, o.days_overdue, o.period, o.original_due)
         for o in v.obligations]
        if v.obligations
        else [(v.status, v.timeliness, v.due, v.days_overdue, None, v.original_due)]
    )  # fmt: skip
    return [
        Owed(
            directive=v.directive.id,
            reference=v.directive.reference,
            clause=v.clause.id,
            title=v.clause.title,
            text=v.clause.text,
            status=status,
            timeliness=timeliness,
            due=due,
            deadline_source=v.clause.deadline.source,
            days_overdue=days_overdue,
            days_left=(
                (due - as_of).days
                if due is not None and timeliness is not Timeliness.OVERDUE
                else None
            ),
            period=period,
            original_due=original,
        )
        for status, timeliness, due, days_overdue, period, original in standing
        if status is not Status.DONE
    ]
