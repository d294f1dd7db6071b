"""The weekly report as JSON: every section, stable English keys, ISO dates, no labels."""

from __future__ import annotations

from typing import Any

from ..report import Counts
from ..weekly import ChangeRow, TaskRow, WeeklyReport
from .machine import dumps

SCHEMA_VERSION = 1  # bump when a key changes meaning or disappears; adding keys does not


def as_dict(report: WeeklyReport) -> dict[str, Any]:
    """The report as plain JSON-ready values."""
    w, soon = report.window, report.due_soon_window
    return {
        "schema_version": SCHEMA_VERSION,
        "directives": [{"id": d.id, "reference": d.reference} for d in report.directives],
        "window": {"from": w.start.isoformat(), "to": w.end.isoformat(), "week": w.week},
        "as_of": report.as_of.isoformat(),
        "generated_at": report.generated_at,
        # --body/--group: the bodies and groups the report was cut to (null: the whole).
        "scope": (
            {"bodies": list(report.scope_bodies), "groups": list(report.scope_groups)}
            if report.scope
            else None
        ),
        "summary": {
            "groups": [
                {
                    "group": block.group,
                    "name": block.name,
                    **_counts(block.counts),
                    "bodies": [
                        {"body": r.body, "name": r.name, "group": r.group, **_counts(r.counts)}
                        for r in block.rows
                    ],
                }
                for block in report.summary.groups
            ],
            "total": _counts(report.summary.total),
        },
        "overdue": [_task(r) for r in report.overdue],
        "changes": [_change(c) for c in report.changes],
        "due_soon": {
            "from": soon.start.isoformat(),
            "to": soon.end.isoformat(),
            "tasks": [_task(r) for r in report.due_soon],
        },
        # Only when some due date was extended: a report without one reads as before.
        **({"extended": [_task(r) for r in report.extended]} if report.extended else {}),
    }


def _counts(c: Counts) -> dict[str, int | float]:
    return c.as_dict()


def _task(r: TaskRow) -> dict[str, Any]:
    # "period" only on a recurring obligation's row: a report without one reads as before.
    return {
        **_base_task(r),
        **({"period": r.period} if r.period is not None else {}),
        **({"original_due": r.original_due.isoformat()} if r.original_due else {}),
    }


def _base_task(r: TaskRow) -> dict[str, Any]:
    return {
        "task": r.task,
        "directive": r.directive,
        "clause": r.clause,
        "title": r.title,
        "body": r.body,
        "body_name": r.body_name,
        "group": r.group,
        "status": r.status.value,
        "timeliness": r.timeliness.value,
        "due": r.due.isoformat(),
        "due_text": r.deadline_source,
        "days_overdue": r.days_overdue,
        "days_left": r.days_left,
    }


def _change(c: ChangeRow) -> dict[str, Any]:
    return {
        "id": c.id,
        "effective_on": c.effective_on.isoformat(),
        "recorded_at": c.recorded_at,
        "task": c.task,
        "directive": c.directive,
        "clause": c.clause,
        "body": c.body,
        "body_name": c.body_name,
        "group": c.group,
        "previous_status": c.previous_status.value,
        "status": c.status.value,
        "by": c.by,
        "evidence": c.evidence,
        "note": c.note,
        "backdated": c.backdated,
        "undoes": c.undoes,
        "undone_by": c.undone_by,
        "period": c.period,
        "extends_to": c.extends_to.isoformat() if c.extends_to else None,
    }


def render(report: WeeklyReport) -> str:
    return dumps(as_dict(report), indent=2) + "\n"
