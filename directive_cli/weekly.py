"""The weekly status report as a value: pure, no clock, no database, no terminal.

The figures are the state at the end of the window, rebuilt from the history by effective
date, so a mark recorded later with a later effective date never changes a past week. A mark
recorded after the window but effective inside it ("backdated") does change it; such marks are
listed and flagged so a reader sees why a re-run differs from the copy sent last week.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol

from .deadlines import shifted
from .errors import InvalidInput
from .i18n import current, references, t
from .model import Catalog, Mark, Progress, Status, Timeliness
from .periods import Obligation
from .query import TaskView, clause_order, group_marks, recurring_keys, views
from .report import Summary, summarize
from .text import day_text, fold
from .workdays import DUE_SOON, Horizon
from .zone import office_time

SECTIONS = ("summary", "overdue", "changes", "due_soon", "extended")
LAST_WEEK_WORDS = ("last", "last week", "tuan truoc")  # folded: "tuần trước" too
THIS_WEEK_WORDS = ("this", "this week", "tuan nay")  # the week so far

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)


class HistoryStore(Protocol):
    """What the report reads from a store."""

    def states_as_of(
        self, day: date, bodies: Iterable[str] | None = None, *, details: bool = True
    ) -> dict[str, dict[tuple[str, str], Progress]]: ...
    def effective_between(self, start: date, end: date) -> list[Mark]: ...
    def history(self, keys: Iterable[tuple[str, str, str]] | None = None) -> list[Mark]: ...
    def extensions(self) -> list[Mark]: ...


# --- the window -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Inclusive days [start, end]; `week` is the ISO week label when it is exactly one."""

    start: date
    end: date

    @property
    def week(self) -> str | None:
        iso = self.start.isocalendar()
        if iso.weekday == 1 and (self.end - self.start).days == 6:
            return f"{iso.year}-W{iso.week:02d}"
        return None


def last_complete_week(today: date) -> Window:
    """The Monday–Sunday week that ended before `today` (today's own week is not complete)."""
    monday = shifted(today, -today.weekday())
    return Window(shifted(monday, -7), shifted(monday, -1))


def relative_week(text: str) -> bool:
    """Whether --week names a week relative to today ('last', 'tuần này')."""
    return fold(text) in LAST_WEEK_WORDS + THIS_WEEK_WORDS


def iso_week(text: str, today: date) -> Window:
    """`2023-W22` (also `2023W22`, `2023-w22`), `last` (tuần trước), `this` (tuần này: the
    week so far, Monday to today), or a day of the week (26/6/2023: its Monday–Sunday)."""
    from .deadlines import DateError, parse_date

    typed = text.strip()
    if fold(typed) in LAST_WEEK_WORDS:
        return last_complete_week(today)
    if fold(typed) in THIS_WEEK_WORDS:
        return Window(today - timedelta(days=today.weekday()), today)
    match = _WEEK.fullmatch(typed)
    if not match:
        try:
            day = parse_date(typed)
        except DateError:
            raise InvalidInput(t("err.week_form", typed=text)) from None
        monday = day - timedelta(days=day.weekday())
        if monday > date.max - timedelta(days=6):
            raise InvalidInput(t("err.week_too_late", typed=text))
        return Window(monday, monday + timedelta(days=6))
    year, week = int(match.group(1)), int(match.group(2))
    if year < 1:
        raise InvalidInput(t("err.week_year", typed=text))
    weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the last week
    if not 1 <= week <= weeks:
        raise InvalidInput(t("err.week_range", typed=text, year=year, weeks=weeks))
    monday = date.fromisocalendar(year, week, 1)
    if monday > date.max - timedelta(days=6):  # 9999-W52 ends in the year 10000
        raise InvalidInput(t("err.week_too_late", typed=text))
    return Window(monday, monday + timedelta(days=6))


def choose_window(week: str | None, start: date | None, end: date | None, today: date) -> Window:
    """--week, or --from with --to, or by default the last complete week before `today`."""
    if week is not None and (start is not None or end is not None):
        raise InvalidInput(t("err.week_and_range"))
    if week is not None:
        return iso_week(week, today)
    if start is None and end is None:
        return last_complete_week(today)
    if start is None or end is None:
        raise InvalidInput(t("err.from_to_pair"))
    if start > end:
        raise InvalidInput(t("err.from_after_to", start=day_text(start), end=day_text(end)))
    return Window(start, end)


def check_window(window: Window, today: date, issued: date | None, reference: str = "") -> None:
    """Refuse a report nobody can mean: a window that starts after `today`, or one that ends
    before the first directive was issued (its figures would all be zero, and look real)."""
    if window.start > today:
        raise InvalidInput(
            t("err.window_future", start=day_text(window.start), today=day_text(today))
        )
    if issued is not None and window.end < issued:
        raise InvalidInput(
            t("err.window_before", end=day_text(window.end), ref=reference, day=day_text(issued))
        )


# --- the report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    """A task as the overdue and due-soon sections list it, judged as of the window end."""

    task: str
    directive: str
    clause: str
    title: str
    body: str
    body_name: str
    group: str
    status: Status
    timeliness: Timeliness
    due: date
    deadline_source: str | None
    days_overdue: int
    days_left: int
    period: str | None = None  # a recurring obligation's period (issue 15)
    original_due: date | None = None  # the letter's date, when an extension moved `due`
    # The note of a blocked overdue task's latest mark ("Vướng mắc về kinh phí"): what it
    # waits for, which a leader may resolve. None elsewhere (and for a period's row).
    note: str | None = None


@dataclass(frozen=True)
class ChangeRow:
    """One event of the history whose effective date falls in the window."""

    id: int
    effective_on: date
    recorded_at: str
    task: str
    directive: str
    clause: str
    title: str
    body: str
    body_name: str
    group: str
    previous_status: Status
    status: Status
    by: str
    evidence: str | None
    note: str | None
    backdated: bool  # recorded after the window ended
    undoes: int | None  # this event is an undo of that mark
    undone_by: int | None  # this mark was voided by that undo event
    period: str | None = None  # the period of a recurring task the mark is for
    extends_to: date | None = None  # an extension (gia hạn): the new due date


@dataclass(frozen=True)
class DirectiveRef:
    """A directive as a report names it; the official layouts (docx) also cite its type,
    date and issuer ("Công văn số 2167/UBND-KTTH ngày 16/5/2023 của …")."""

    id: str
    reference: str
    type: str = ""
    issued_on: date | None = None
    issuer: str = ""
    subject: str = ""  # "V/v triển khai thực hiện …"


@dataclass(frozen=True)
class WeeklyReport:
    window: Window
    generated_at: str  # when the history was read: later backdated marks may change the figures
    directives: tuple[DirectiveRef, ...]
    summary: Summary
    overdue: tuple[TaskRow, ...]
    changes: tuple[ChangeRow, ...]
    due_soon: tuple[TaskRow, ...]
    # The "coming up" section looks this far past the window: the office's horizon, as `list`.
    horizon: Horizon = DUE_SOON
    # Tasks (or periods) whose due date an extension moved, as of the window's end.
    extended: tuple[TaskRow, ...] = ()
    # A report cut to some bodies or groups (--body, --group): what it covers, in words and
    # as ids; empty for the whole province.
    scope: str = ""
    scope_bodies: tuple[str, ...] = ()
    scope_groups: tuple[str, ...] = ()

    @property
    def as_of(self) -> date:
        return self.window.end

    @property
    def title(self) -> str:
        """ "Báo cáo tình hình thực hiện 2167/UBND-KTTH"; past TITLE_REFS directives, counted."""
        title = t("report.title", ref=references([d.reference for d in self.directives]))
        return f"{title} — {self.scope}" if self.scope else title

    @property
    def due_soon_window(self) -> Window:
        end = self.window.end
        return Window(shifted(end, 1), self.horizon.until(end))


def recorded_day(stamp: str, zone: tzinfo | None = None) -> date | None:
    """The calendar day of a recorded_at stamp in the office's zone (`zone`, default the
    office's): a mark recorded at 01:00 in Tokyo on the 2nd was recorded on the 1st in
    Quảng Ngãi, and counts there as the office counts it."""
    try:
        return office_time(datetime.fromisoformat(stamp), zone).date()
    except ValueError:
        try:
            return date.fromisoformat(stamp[:10])
        except ValueError:
            return None


def build(
    catalog: Catalog,
    store: HistoryStore,
    window: Window,
    generated_at: str,
    horizon: Horizon = DUE_SOON,
    with_undone: bool = False,
    scope: Scope | None = None,
) -> WeeklyReport:
    """The report for `window` from the history as it stands (read at `generated_at`).

    `scope`: the catalog was cut to some bodies or groups; the changes are cut alike.

    Its changes leave out marks that were undone and the undos themselves, unless
    `with_undone`: the report goes to leadership, to whom a mistake and its correction are
    no change at all.
    """
    end = window.end
    progress = store.states_as_of(end, details=False)  # the changes come from the events
    keys = recurring_keys(catalog)
    periods = group_marks(store.history(keys)) if keys else {}
    extended = group_marks(store.extensions())
    last = horizon.until(end)
    rows = views(catalog, progress, end, periods=periods, extended=extended, soon_until=last)
    protocol = clause_order
    # A recurring task is listed once per overdue period, with that period's due date.
    late: list[tuple[TaskView, Obligation | None]] = [
        (v, o)
        for v in rows
        if v.obligations and v.timeliness is not Timeliness.TRANSFERRED
        for o in v.obligations
        if o.timeliness is Timeliness.OVERDUE
    ]
    late += [(v, None) for v in rows if not v.obligations and v.timeliness is Timeliness.OVERDUE]
    overdue = sorted(
        late,
        key=lambda p: (
            -(p[1] or p[0]).days_overdue,
            *protocol(p[0]),
            p[1].due if p[1] else date.min,
        ),
    )
    notes = _blocked_notes(store, end, [v for v, o in overdue if o is None])
    due_soon = sorted(
        (
            v
            for v in rows
            # A transferred task is no longer its ended body's to finish, nor yet due for it.
            if v.status is not Status.DONE
            and v.timeliness is not Timeliness.TRANSFERRED
            and v.due is not None
            and end < v.due <= last
        ),
        key=lambda v: (v.due or end, *protocol(v)),
    )
    return WeeklyReport(
        window=window,
        generated_at=generated_at,
        directives=tuple(
            DirectiveRef(d.id, d.reference, d.type, d.issued_on, d.issuer, d.subject)
            for d in catalog.directives
        ),
        summary=summarize(rows, catalog.registry, current(), end),
        overdue=tuple(
            _task_row(v, end, o, notes.get((v.directive.id, v.clause.id, v.body.id)))
            for v, o in overdue
        ),
        changes=tuple(
            _changes(
                catalog,
                _within(catalog, store.effective_between(window.start, end), scope),
                end,
                with_undone,
            )
        ),
        due_soon=tuple(_task_row(v, end) for v in due_soon),
        horizon=horizon,
        extended=tuple(_extended(rows, end)),
        scope=scope.label if scope else "",
        scope_bodies=scope.bodies if scope else (),
        scope_groups=scope.groups if scope else (),
    )


@dataclass(frozen=True)
class Scope:
    """What a report cut by --body/--group covers: ids, and the words its title says."""

    bodies: tuple[str, ...]
    groups: tuple[str, ...]
    label: str


def _within(catalog: Catalog, marks: list[Mark], scope: Scope | None) -> list[Mark]:
    """The marks of the catalog's tasks, when it was cut to a scope (all of them otherwise: a
    mark of a task the data no longer has still shows as a change)."""
    if scope is None:
        return marks
    owned = {(d.id, x.clause, x.body) for d in catalog.directives for x in d.tasks}
    return [m for m in marks if (m.directive, m.clause, m.body) in owned]


def _extended(rows: list[TaskView], end: date) -> list[TaskRow]:
    out = []
    for v in rows:
        if v.obligations:
            out += [_task_row(v, end, o) for o in v.obligations if o.original_due is not None]
        elif v.original_due is not None:
            out.append(_task_row(v, end))
    return out


def _blocked_notes(
    store: HistoryStore, end: date, overdue: list[TaskView]
) -> dict[tuple[str, str, str], str]:
    """The notes of the blocked overdue tasks, by (directive, clause, body): read again with
    details for their bodies only (the report's first read leaves notes out, for speed)."""
    blocked = [v for v in overdue if v.status is Status.BLOCKED]
    if not blocked:
        return {}
    noted = store.states_as_of(end, sorted({v.body.id for v in blocked}), details=True)
    out = {}
    for v in blocked:
        state = noted.get(v.directive.id, {}).get((v.clause.id, v.body.id))
        if state is not None and state.note:
            out[(v.directive.id, v.clause.id, v.body.id)] = state.note
    return out


def _task_row(
    v: TaskView, end: date, owed: Obligation | None = None, note: str | None = None
) -> TaskRow:
    """A task's row, or one period's (`owed`) of a recurring obligation: the period's own
    status, standing and dates."""
    period: str | None
    if owed is not None:
        status, timeliness, due, late = owed.status, owed.timeliness, owed.due, owed.days_overdue
        period, original = owed.period, owed.original_due
    else:
        status, timeliness, due, late = v.status, v.timeliness, v.due or end, v.days_overdue
        period, original = v.period, v.original_due
    return TaskRow(
        task=v.ref,
        directive=v.directive.id,
        clause=v.clause.id,
        title=v.clause.title,
        body=v.body.id,
        body_name=v.body.name,
        group=v.group,
        status=status,
        timeliness=timeliness,
        due=due,
        deadline_source=v.clause.deadline.source,
        days_overdue=late,
        days_left=max((due - end).days, 0),
        period=period,
        original_due=original,
        note=note,
    )


def _changes(
    catalog: Catalog, marks: list[Mark], end: date, with_undone: bool = True
) -> list[ChangeRow]:
    known = {d.id: d for d in catalog.directives}
    mine = [m for m in marks if m.directive in known]
    undone_by = {m.undoes: m.id for m in mine if m.undoes is not None}
    if not with_undone:
        mine = [m for m in mine if m.undoes is None and m.id not in undone_by]
    out: list[ChangeRow] = []
    for m in mine:
        clause = known[m.directive].clause(m.clause)
        registry = catalog.registry
        body = registry.body(m.body) if registry.has_body(m.body) else None
        day = recorded_day(m.recorded_at)
        out.append(
            ChangeRow(
                id=m.id,
                effective_on=m.effective_on,
                recorded_at=m.recorded_at,
                task=m.ref,
                directive=m.directive,
                clause=m.clause,
                title=clause.title if clause else "",
                body=m.body,
                body_name=body.name if body else m.body,
                group=body.groups[0] if body and body.groups else "",
                previous_status=m.previous_status or Status.TODO,
                status=m.status,
                by=m.by,
                evidence=m.evidence,
                note=m.note,
                backdated=day is not None and day > end,
                undoes=m.undoes,
                undone_by=undone_by.get(m.id),
                period=m.period,
                extends_to=m.extends_to,
            )
        )
    return out
