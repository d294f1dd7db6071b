"""The checks of a mark, before and after it is recorded: pure, each with its own tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from .bodies import check_mark_day, find_bodies, find_groups
from .errors import InvalidInput, NotFound
from .i18n import t
from .model import Catalog, Clause, Mark, Progress, Status, Task, Timeliness
from .periods import choose_period, in_force, owed_span
from .query import (
    Filters,
    recurring,
    resolve_tasks,
    split_list,
    views,
)
from .refs import clause_directives, find_clause_pattern, find_directives
from .text import day_text, nfc

if TYPE_CHECKING:
    from .store import NewMark, TaskKey


def check_effective(effective: date, today: date) -> None:
    """A report cannot be dated tomorrow: a later date is a typo (2062 for 2026) that would
    also make the task look done in every list until that day."""
    if effective > today:
        raise InvalidInput(f"--on: {t('err.on_future', day=day_text(effective))}")


def chosen_tasks(
    cat: Catalog,
    refs: Sequence[str],
    bodies: Sequence[str],
    groups: Sequence[str],
    clauses: Sequence[str],
    effective: date,
    directives: Sequence[str] = (),
) -> list[Task]:
    """The tasks a mark names: by reference, or by filters (never both); `directives` (typed
    as id, number or reference) narrows both to those directives."""
    clauses = split_list(clauses)  # "-c 1a,4" as "-c 1a -c 4"
    by_filter = bool(bodies or groups or clauses)
    if by_filter and refs:
        # "4:snv -b snv" could mean one task or six: say so rather than mark the union.
        raise InvalidInput(t("err.refs_and_filters"))
    only = find_directives(cat, directives)
    tasks = resolve_tasks(cat, list(refs), only, effective)
    if by_filter:
        filters = Filters(
            bodies=find_bodies(cat.registry, bodies, effective),
            groups=find_groups(cat.registry, groups),
            clauses=tuple(find_clause_pattern(cat, c, only) for c in clauses),
            directives=clause_directives(cat, clauses),
            in_directives=only,
        )
        # A filter means the tasks its bodies held that day: not those an ended body passed on.
        tasks = [
            v.task
            for v in views(cat, {}, effective, filters)
            if v.timeliness is not Timeliness.TRANSFERRED
        ]
        if not tasks:
            raise NotFound(t("err.no_task_matches"))
    if not tasks:
        raise InvalidInput(t("err.nothing_named"))
    for task in tasks:
        # A body reports only while it exists, and an inherited task only once it passed.
        inherited = cat.directive(task.directive).inheritance(task.clause, task.body)
        check_mark_day(cat.registry, task, inherited, effective)
    return tasks


def early(cat: Catalog, tasks: Sequence[Task], effective: date) -> str | None:
    """The warning for a mark dated before its directive was issued (each with its date), or
    None: such a date is most often a typo, and a mark needs a confirmation for it."""
    refs = sorted(
        {
            f"{d.reference} ({day_text(d.issued_on)})"
            for tk in tasks
            if effective < (d := cat.directive(tk.directive)).issued_on
        }
    )
    if not refs:
        return None
    return t("warn.on_before_issue", day=day_text(effective), refs=", ".join(refs))


def new_marks(
    tasks: Sequence[Task],
    status: Status,
    effective: date,
    by: str,
    note: str | None,
    evidence: str | None,
    periods: Mapping[Task, str] | None = None,
) -> list[NewMark]:
    """The marks to record, one per task, in one batch; a recurring task's for its period."""
    from .store import NewMark  # not for help screens, which load every command

    chosen = periods or {}
    return [
        NewMark(
            tk.directive, tk.clause, tk.body, status, effective, by, note, evidence, chosen.get(tk)
        )
        for tk in tasks
    ]


def periodic_tasks(cat: Catalog, tasks: Sequence[Task]) -> list[Task]:
    """The tasks that owe one obligation per period (their marks name a period)."""
    return [tk for tk in tasks if recurring(_clause(cat, tk))]


def choose_periods(
    cat: Catalog,
    tasks: Sequence[Task],
    history: Mapping[TaskKey, Sequence[Mark]],
    effective: date,
    typed: str | None,
) -> dict[Task, str]:
    """Each recurring task's period for a mark: `typed` (--period), else its oldest open
    period on `effective`. --period on a task without periods is refused."""
    out: dict[Task, str] = {}
    for tk in tasks:
        clause = _clause(cat, tk)
        if not recurring(clause):
            if typed is not None:
                raise InvalidInput(t("err.period_not_recurring", task=tk.ref))
            continue
        assert clause.deadline.rrule is not None  # recurring() said so
        directive = cat.directive(tk.directive)
        inherited = directive.inheritance(tk.clause, tk.body)
        anchor, since, until = owed_span(directive, clause, cat.registry.body(tk.body), inherited)
        marks = history.get((tk.directive, tk.clause, tk.body), ())
        covers, rule = clause.deadline.reports_on, clause.deadline.rrule
        out[tk] = choose_period(rule, anchor, marks, effective, typed, covers, since, until)
    return out


def _clause(cat: Catalog, tk: Task) -> Clause:
    clause = cat.directive(tk.directive).clause(tk.clause)
    assert clause is not None  # a task is made from its clause
    return clause


def overruled(
    stored: Sequence[Mark], now: Mapping[TaskKey, Progress]
) -> list[tuple[Mark, Progress]]:
    """Marks whose task is still decided by a later mark of another status.

    A backdated mark goes into the history, but a mark effective later still decides the
    task's status today: the clerk must be told, or believes the confirmation. (Same status:
    the mark joins the run and may move the day it began, a correction.)
    """
    out = []
    for m in stored:
        cur = now.get((m.directive, m.clause, m.body))
        if m.period is not None:
            continue  # a period stands on its own: a later mark of another period decides nothing
        if cur is None or cur.effective_on is None or cur.status is m.status:
            continue
        if cur.effective_on > m.effective_on:
            out.append((m, cur))
    return out


def as_of_warning(as_of: date | None, effective: date) -> str | None:
    """DIRECTIVE_AS_OF left set at an earlier day hides this mark from every list and report:
    say so, or "I marked it and nothing changed" happens silently."""
    if as_of is None or as_of >= effective:
        return None
    return t("warn.as_of_set", day=day_text(as_of), effective=day_text(effective))


def identical(
    marks: Sequence[NewMark],
    now: Mapping[TaskKey, Progress],
    history: Mapping[TaskKey, Sequence[Mark]] | None = None,
) -> set[int]:
    """Positions of marks that repeat the task's current state exactly (status, effective
    date, evidence and note): recording them again would add nothing but noise. A period's
    mark is compared with that period's latest mark (from `history`)."""
    out = set()
    for i, m in enumerate(marks):
        key = (m.directive, m.clause, m.body)
        cur = now.get(key)
        if m.period is not None:
            of_period = [x for x in in_force((history or {}).get(key, ())) if x.period == m.period]
            last = of_period[-1] if of_period else None
            cur = (
                Progress(last.status, last.effective_on, None, last.note, last.evidence)
                if last
                else None
            )
        if cur is None:
            continue
        same = (cur.status, cur.effective_on, cur.evidence, cur.note)
        if same == (m.status, m.effective_on, nfc_or_none(m.evidence), nfc_or_none(m.note)):
            out.add(i)
    return out


def nfc_or_none(text: str | None) -> str | None:
    """Text as the store keeps it (NFC), to compare with what it holds."""
    return None if text is None else nfc(text)
