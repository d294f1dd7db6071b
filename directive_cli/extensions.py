"""Extensions (gia hạn): a letter moves one task's due date, or one period's (pure checks).

An extension is an event of the history like a mark (undone the same way); it changes no
status. The due date it grants is judged against from its effective day on; a later extension
of the same task (or period) stacks on it, and the letter's own date stays `original_due`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from .errors import InvalidInput
from .i18n import t
from .model import Catalog, Mark, Status, Task
from .periods import (
    choose_period,
    extended_due,
    in_force,
    obligations,
    owed_span,
    period_words,
)
from .query import recurring
from .refs import namer
from .text import day_text

if TYPE_CHECKING:
    from .store import NewMark


def new_extension(
    cat: Catalog,
    task: Task,
    history: Sequence[Mark],
    effective: date,
    to: date,
    typed_period: str | None,
    by: str,
    note: str | None,
    evidence: str,
) -> NewMark:
    """The extension event to record, after its checks: a task with a due date, not done on
    `effective`, dated on or after its directive, to a day later than the due date in force
    (of one period, for a recurring task: --period, else its oldest open one) and not before
    `effective` (a letter grants time ahead, never a day already past)."""
    from .store import NewMark

    directive = cat.directive(task.directive)
    clause = directive.clause(task.clause)
    assert clause is not None  # a task is made from its clause
    deadline = clause.deadline
    if effective < directive.issued_on:
        raise InvalidInput(
            t("err.extend_before", day=day_text(effective), issued=day_text(directive.issued_on))
        )
    marks = in_force(history, effective)
    period: str | None = None
    if recurring(clause):
        assert deadline.rrule is not None  # recurring() said so
        inherited = directive.inheritance(task.clause, task.body)
        body = cat.registry.body(task.body)
        anchor, since, until = owed_span(directive, clause, body, inherited)
        covers, rule = deadline.reports_on, deadline.rrule
        period = choose_period(rule, anchor, history, effective, typed_period, covers, since, until)
        owed = obligations(rule, anchor, marks, effective, None, covers, since, until)
        current = next(o for o in owed if o.period == period)
        due, status, done_on = current.due, current.status, current.done_on
    elif deadline.due is not None:
        if typed_period is not None:
            raise InvalidInput(t("err.period_not_recurring", task=task.ref))
        due = extended_due(marks) or deadline.due
        states = [m for m in marks if m.extends_to is None]
        status = states[-1].status if states else Status.TODO
        done_on = done_since(states) if status is Status.DONE else None
    else:
        raise InvalidInput(t("err.extend_no_due", task=task.ref))
    if status is Status.DONE:
        name = namer(cat)(task)
        what = name if period is None else f"{name} ({period_words(period)})"
        done = day_text(done_on) if done_on is not None else day_text(effective)
        raise InvalidInput(t("err.extend_done", task=what, done=done))
    if to <= due:
        raise InvalidInput(t("err.extend_not_later", to=day_text(to), due=day_text(due)))
    if to < effective:
        raise InvalidInput(t("err.extend_past", to=day_text(to), on=day_text(effective)))
    return NewMark(
        task.directive,
        task.clause,
        task.body,
        status,
        effective,
        by,
        note,
        evidence,
        period=period,
        extends_to=to,
    )


def done_since(states: Sequence[Mark]) -> date | None:
    """The day a task's run of "done" marks (the last ones, in effective order) began."""
    since = None
    for m in reversed(states):
        if m.status is not Status.DONE:
            break
        since = m.effective_on
    return since
