"""`list`, `summary`, `history` and `bodies` as Excel workbooks (`-o FILE.xlsx`).

A clerk's sheet, not a machine's (CSV and JSON keep the stable English keys): headers,
statuses and standings in the clerk's language, dates as Excel dates, counts as numbers, a
title row as the terminal heads the table, and the print setup of xlsx.py. The values are
those of the command's JSON, worded: tests/test_listing_xlsx.py reads both back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from .. import i18n
from ..i18n import t
from ..model import Role
from .labels import change_text, standing_text, status_text
from .report_csv import summary_sheet
from .sheet import Column, Table
from .xlsx import Sheet, workbook

if TYPE_CHECKING:
    from ..model import Body, Catalog, Mark, Registry, Task
    from ..query import TaskView
    from ..report import Summary

Naming = Callable[["Task | Mark"], str]


def _references(cat: Catalog) -> str:
    return i18n.references([d.reference for d in cat.directives])


def list_workbook(rows: Sequence[TaskView], title: str, name: Naming, registry: Registry) -> bytes:
    """`list -o F.xlsx`: every task kept, a row each, in the order the table lists them."""
    table = Table(
        "list",
        [
            Column("no", t("col.no")),
            Column("task", t("col.task")),
            Column("clause", t("col.clause")),
            Column("title", t("col.title")),
            Column("body", t("col.id")),
            Column("body_name", t("col.body")),
            Column("group", t("col.group")),
            Column("role", t("col.role")),
            Column("status", t("col.status")),
            Column("timeliness", t("col.timeliness")),
            Column("due", t("col.due")),
            Column("due_text", t("col.source")),
            Column("days_overdue", t("col.days_overdue")),
            # The day the status took effect: for a done task, the day judged against the
            # deadline (on time or late).
            Column("effective_on", t("col.effective_on")),
            Column("updated_at", t("col.recorded_at"), kind="moment"),
            Column("evidence", t("col.evidence"), typed=True),
            Column("note", t("col.note"), typed=True),
        ],
    )
    roles = {role.value: t(f"role.{role.value}") for role in Role}
    for number, v in enumerate(rows, start=1):
        p = v.progress
        table.add(
            [
                number,
                name(v.task),
                v.clause.id,
                v.clause.title,
                v.body.id,
                v.body.name,
                v.group,
                roles[v.task.role.value],
                status_text(v.status),
                standing_text(v, registry),
                v.due,
                v.clause.deadline.source or "",
                v.days_overdue,
                (p.since or p.effective_on) if p else None,
                p.updated_at if p else None,
                (p.evidence or "") if p else "",
                (p.note or "") if p else "",
            ]
        )
    return workbook([Sheet(t("xlsx.sheet.list"), table, (title,))], title)


def summary_workbook(result: Summary, title: str) -> bytes:
    """`summary -o F.xlsx`: the report's summary sheet (groups I, II…, their bodies, total)."""
    table = summary_sheet(result)
    return workbook([Sheet(t("xlsx.sheet.summary"), table, (title,))], title)


def history_workbook(marks: Sequence[Mark], cat: Catalog, name: Naming) -> bytes:
    """`history -o F.xlsx`: every event read, oldest first, as the table lists them."""
    title = f"{t('history_title')} — {_references(cat)}"
    table = Table(
        "history",
        [
            Column("id", t("col.event")),
            Column("batch", t("col.batch")),
            Column("task", t("col.task")),
            Column("change", t("col.change")),
            Column("status", t("col.status")),
            Column("effective_on", t("col.effective_on")),
            Column("by", t("col.by"), typed=True),
            Column("recorded_at", t("col.recorded_at"), kind="moment"),
            Column("evidence", t("col.evidence"), typed=True),
            Column("note", t("col.note"), typed=True),
            Column("undoes", t("col.undoes")),
        ],
    )
    for m in marks:
        table.add(
            [
                m.id,
                m.batch,
                name(m),
                change_text(m),
                status_text(m.status),
                m.effective_on,
                m.by,
                m.recorded_at,
                m.evidence or "",
                m.note or "",
                m.undoes,
            ]
        )
    return workbook([Sheet(t("xlsx.sheet.history"), table, (title,))], title)


def bodies_workbook(items: Sequence[Body], cat: Catalog) -> bytes:
    """`bodies -o F.xlsx`: the registry, a body a row."""
    title = f"{t('bodies_title')} — {_references(cat)}"
    table = Table(
        "bodies",
        [
            Column("id", t("col.id")),
            Column("name", t("col.body")),
            Column("aliases", t("col.aliases")),
            Column("groups", t("col.group")),
            Column("order", t("col.order")),
            Column("valid_from", t("col.valid_from")),
            Column("valid_to", t("col.valid_to")),
        ],
    )
    for b in items:
        valid: list[date | None] = [b.valid_from, b.valid_to]
        table.add([b.id, b.name, "; ".join(b.aliases), " ".join(b.groups), b.order, *valid])
    return workbook([Sheet(t("xlsx.sheet.bodies"), table, (title,))], title)
