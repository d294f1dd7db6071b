"""One machine shape per concept: what `--format json/jsonl/csv` writes for a task, a mark, a
body's counts and a body of the registry. Keys are stable across versions (README)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ..i18n import t
from ..model import Timeliness
from ..text import day_text, moment_text
from .labels import (
    change_text,
    due_text,
    evidence_note,
    inherited_text,
    status_text,
    timeliness_text,
)

if TYPE_CHECKING:
    from ..model import Body, Mark, Registry, Task
    from ..query import TaskView
    from ..report import Summary

Record = dict[str, Any]
Naming = Callable[["Task | Mark"], str]

LIST_KEYS = [
    "task",
    "directive",
    "clause",
    "title",
    "body",
    "body_name",
    "group",
    "role",
    "status",
    "timeliness",
    "due",
    "due_text",
    "deadline_kind",
    "days_overdue",
    "updated_at",
    "note",
    "evidence",
    "inherited_from",
    "inherited_since",
    "transferred_to",
    # Last, so that a CSV read by position before it was added still reads: the day the
    # status took effect (for a done task, the day judged against the deadline).
    "effective_on",
    # A recurring obligation (issue 15): the current period, and how many earlier ones are
    # overdue (null and 0 for every other task).
    "period",
    "periods_missed",
    # An extension moved `due`: the letter's own date (null when none did).
    "original_due",
]
HISTORY_KEYS = [
    "id",
    "batch",
    "task",
    "directive",
    "status",
    "previous_status",
    "effective_on",
    "recorded_at",
    "by",
    "note",
    "evidence",
    "undoes",
    "period",
    "extends_to",
]
COUNT_KEYS = [
    "total",
    "done",
    "on_time",
    "late",
    "not_done",
    "in_time",
    "overdue",
    "no_deadline",
    "transferred",
    "percent",
]
BODY_KEYS = ["id", "name", "aliases", "groups", "order", "valid_from", "valid_to"]


def task_record(v: TaskView) -> Record:
    """A `list` item: exactly the documented keys."""
    p = v.progress
    return {
        "task": v.ref,
        "directive": v.directive.id,
        "clause": v.clause.id,
        "title": v.clause.title,
        "body": v.body.id,
        "body_name": v.body.name,
        "group": v.group,
        "role": v.task.role.value,
        "status": v.status.value,
        "timeliness": v.timeliness.value,
        "due": v.due.isoformat() if v.due else None,
        "due_text": v.clause.deadline.source,
        "deadline_kind": v.clause.deadline.kind.value,
        "days_overdue": v.days_overdue,
        "updated_at": p.updated_at if p else None,
        "note": p.note if p else None,
        "evidence": p.evidence if p else None,
        # Over time (ids joined by spaces, as `groups` is in CSV): where the task came from,
        # from which day, and where an ended body's open task went.
        "inherited_from": " ".join(v.inherited.sources) if v.inherited else None,
        "inherited_since": v.inherited.since.isoformat() if v.inherited else None,
        "transferred_to": _transferred_to(v),
        "effective_on": (p.since or p.effective_on).isoformat() if p and p.effective_on else None,
        "period": v.period,
        "periods_missed": v.periods_missed,
        "original_due": v.original_due.isoformat() if v.original_due else None,
    }


def _transferred_to(v: TaskView) -> str | None:
    if v.timeliness is not Timeliness.TRANSFERRED or v.body.succession is None:
        return None
    return " ".join(v.body.succession.bodies)


def mark_record(m: Mark) -> Record:
    """A `history` item."""
    return {
        "id": m.id,
        "batch": m.batch,
        "task": m.ref,
        "directive": m.directive,
        "status": m.status.value,
        "previous_status": m.previous_status.value if m.previous_status else None,
        "effective_on": m.effective_on.isoformat(),
        "recorded_at": m.recorded_at,
        "by": m.by,
        "note": m.note,
        "evidence": m.evidence,
        "undoes": m.undoes,
        "period": m.period,
        "extends_to": m.extends_to.isoformat() if m.extends_to else None,
    }


def summary_records(result: Summary) -> list[Record]:
    """A `summary` row per body (its id, name, group) or per clause (its directive, id and
    title), with the 2×2 counts."""
    rows = [r for block in result.groups for r in block.rows]
    if result.by == "clause":
        return [
            {"directive": r.group, "clause": r.body, "title": r.name, **r.counts.as_dict()}
            for r in rows
        ]
    return [
        {"body": r.body, "body_name": r.name, "group": r.group, **r.counts.as_dict()} for r in rows
    ]


def body_record(b: Body) -> Record:
    """A `bodies` item (lists kept as lists: JSON)."""
    return {
        "id": b.id,
        "name": b.name,
        "aliases": list(b.aliases),
        "groups": list(b.groups),
        "order": b.order,
        "valid_from": b.valid_from.isoformat() if b.valid_from else None,
        "valid_to": b.valid_to.isoformat() if b.valid_to else None,
    }


def body_detail(registry: Registry, b: Body) -> Record:
    """`bodies show` as JSON: the body, its sources, and the bodies before and after it."""
    s = b.succession
    return {
        **body_record(b),
        "source": b.source,
        "note": b.note,
        "successors": (
            {"kind": s.kind.value, "on": s.on.isoformat(), "bodies": list(s.bodies)} if s else None
        ),
        "predecessors": [
            {
                "id": p.id,
                "kind": p.succession.kind.value,
                "on": p.succession.on.isoformat(),
            }
            for p in registry.predecessors(b.id)
            if p.succession
        ],
    }


def body_row(b: Body) -> Record:
    """A `bodies` item flattened for CSV and Markdown."""
    return {**body_record(b), "aliases": "; ".join(b.aliases), "groups": " ".join(b.groups)}


MD_LIST_KEYS = ["task", "title", "body", "role", "status", "timeliness", "due", "evidence", "note"]
MD_HISTORY_KEYS = [
    "id",
    "batch",
    "task",
    "change",
    "effective_on",
    "by",
    "recorded_at",
    "evidence_note",
]


def list_md(
    rows: Sequence[TaskView], as_of: date, name: Naming, registry: Registry
) -> tuple[list[Record], list[str], list[str]]:
    """`list --format md`: what a clerk pastes into a report, in the clerk's language."""
    headers = [t(f"col.{k}") for k in MD_LIST_KEYS]
    records = [
        {
            "task": name(v.task),
            "title": v.clause.title,
            "body": v.body.name + (f" ({inherited_text(v, registry)})" if v.inherited else ""),
            "role": t(f"role.{v.task.role.value}"),
            "status": status_text(v.status),
            "timeliness": timeliness_text(v, as_of, registry),
            "due": due_text(v),
            "evidence": v.progress.evidence if v.progress else None,
            "note": v.progress.note if v.progress else None,
        }
        for v in rows
    ]
    return records, MD_LIST_KEYS, headers


def history_md(marks: Sequence[Mark], name: Naming) -> tuple[list[Record], list[str], list[str]]:
    """`history --format md`: the events as the table words them."""
    headers = [t("col.event"), *(t(f"col.{k}") for k in MD_HISTORY_KEYS[1:])]
    records = [
        {
            "id": m.id,
            "batch": m.batch,
            "task": name(m),
            "change": change_text(m),
            "effective_on": day_text(m.effective_on),
            "by": m.by,
            "recorded_at": moment_text(m.recorded_at),
            "evidence_note": evidence_note(m),
        }
        for m in marks
    ]
    return records, MD_HISTORY_KEYS, headers


def body_headers() -> list[str]:
    """Headers of BODY_KEYS in the clerk's language (Markdown)."""
    return [
        t("col.id"),
        t("col.body"),
        t("col.aliases"),
        t("col.group"),
        "#",
        t("valid_from", day=""),
        t("valid_to", day=""),
    ]
