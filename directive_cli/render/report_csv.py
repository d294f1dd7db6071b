"""The weekly report as tables (shared by the CSV, Markdown and XLSX writers) and as CSV.

A CSV file holds one table: the per-body table by default, or another section by name.
Cells keep their types here (int, float, date, str); each writer formats them its own way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from ..errors import InvalidInput
from ..i18n import t
from ..model import Status, task_name
from ..periods import period_words
from ..report import Counts, Summary
from ..text import day_text
from ..weekly import SECTIONS, ChangeRow, TaskRow, WeeklyReport
from .machine import spreadsheet_safe
from .sheet import Cell, Column, Table


def status_label(status: Status) -> str:
    return t(f"status.{status.value}")


def change_text(row: ChangeRow) -> str:
    """ "Chưa thực hiện → Hoàn thành", or an extension's new date (its status stays), with
    the period a recurring task's event is for."""
    if row.extends_to is not None:
        key = "change.extension_undone" if row.undoes else "change.extended"
        text = t(key, day=day_text(row.extends_to))
    else:
        text = f"{status_label(row.previous_status)} → {status_label(row.status)}"
    return f"{text} ({period_words(row.period)})" if row.period else text


def change_flags(row: ChangeRow) -> str:
    flags = []
    if row.backdated:
        flags.append(t("backdated"))
    if row.undoes is not None:
        flags.append(t("undo_of", id=row.undoes))
    if row.undone_by is not None:
        flags.append(t("report.undone_by", id=row.undone_by))
    return "; ".join(flags)


def summary_table(report: WeeklyReport) -> Table:
    return summary_sheet(report.summary)


def summary_sheet(summary: Summary) -> Table:
    """A row per group (numbered I, II…, in bold), its bodies (1, 2…), then the total."""
    # By clause the same grid: a row per clause in a block per directive.
    by_clause = summary.by == "clause"
    table = Table(
        "summary",
        [
            Column("no", t("col.no")),
            Column("clause" if by_clause else "body", t("col.clause" if by_clause else "col.id")),
            Column("title" if by_clause else "name", t("col.title" if by_clause else "col.body")),
            Column(
                "directive" if by_clause else "group",
                t("col.directive" if by_clause else "col.group"),
            ),
            Column("total", t("col.total")),
            Column("done", t("col.done")),
            Column("on_time", t("timeliness.on_time")),
            Column("late", t("timeliness.late")),
            Column("not_done", t("col.not_done")),
            Column("in_time", t("timeliness.in_time")),
            Column("overdue", t("timeliness.overdue")),
            Column("no_deadline", t("timeliness.no_deadline")),
            Column("percent", t("col.percent")),
        ],
    )
    # Tasks of bodies that ended are counted apart from the grid, in a column of their own
    # that appears once there are any (a report of 2023 keeps the shape it always had).
    moved = summary.total.transferred > 0
    if moved:
        table.columns.insert(-1, Column("transferred", t("col.transferred")))
    for block in summary.groups:
        table.add(
            [block.numeral, "", block.name or "—", block.group, *_counts(block.counts, moved)], True
        )
        for number, row in enumerate(block.rows, start=1):
            table.add([number, row.body, row.name, row.group, *_counts(row.counts, moved)])
    table.add(["", "", t("total"), "", *_counts(summary.total, moved)], True)
    return table


def _counts(c: Counts, moved: bool = False) -> list[Cell]:
    return [
        c.total,
        c.done,
        c.on_time,
        c.late,
        c.not_done,
        c.in_time,
        c.overdue,
        c.no_deadline,
        *([c.transferred] if moved else []),
        c.percent,
    ]


def _task_columns(last: Column, periods: bool = False) -> list[Column]:
    return [
        Column("no", t("col.no")),
        Column("task", t("col.task")),
        Column("clause", t("col.clause")),
        Column("title", t("col.title")),
        Column("body", t("col.id")),
        Column("name", t("col.body")),
        Column("group", t("col.group")),
        Column("status", t("col.status")),
        Column("due", t("col.due")),
        # A recurring obligation's rows say their period (one row per period): a column that
        # appears once a table has one, so a report without periods keeps its shape.
        *([Column("period", t("col.period"))] if periods else []),
        Column("source", t("col.source")),
        last,
    ]


def _task_cells(
    number: int, r: TaskRow, last: Cell, sole: str | None, periods: bool = False
) -> list[Cell]:
    return [
        number,
        task_name(r.directive, r.task, sole),
        task_name(r.directive, r.clause, sole),
        r.title,
        r.body,
        r.body_name,
        r.group,
        status_label(r.status),
        r.due,
        *([period_words(r.period) if r.period else ""] if periods else []),
        r.deadline_source or "",
        last,
    ]


def _task_table(report: WeeklyReport, name: str, rows: Sequence[TaskRow], last: Column) -> Table:
    """A section's tasks (or periods) with `last` (a TaskRow field) as the last column."""
    periods = any(r.period is not None for r in rows)
    table = Table(name, _task_columns(last, periods))
    sole = _sole(report)
    for number, r in enumerate(rows, start=1):
        table.add(_task_cells(number, r, getattr(r, last.key), sole, periods))
    return table


def _sole(report: WeeklyReport) -> str | None:
    """The report's one directive, whose tasks and clauses are named in short; with several
    they carry their directive (JSON has its own key for it)."""
    return report.directives[0].id if len(report.directives) == 1 else None


def overdue_table(report: WeeklyReport) -> Table:
    last = Column("days_overdue", t("col.days_overdue"))
    return _task_table(report, "overdue", report.overdue, last)


def due_soon_table(report: WeeklyReport) -> Table:
    last = Column("days_left", t("report.days_left"))
    return _task_table(report, "due_soon", report.due_soon, last)


def changes_table(report: WeeklyReport) -> Table:
    table = Table(
        "changes",
        [
            Column("id", "#"),
            Column("effective_on", t("col.effective_on")),
            Column("body", t("col.id")),
            Column("name", t("col.body")),
            Column("clause", t("col.clause")),
            Column("task", t("col.task")),
            Column("change", t("col.change")),
            Column("by", t("col.by"), typed=True),
            Column("recorded_at", t("col.recorded_at"), kind="moment"),
            Column("evidence", t("col.evidence"), typed=True),
            Column("note", t("col.note"), typed=True),
            Column("flag", t("report.flag")),
        ],
    )
    sole = _sole(report)
    for r in report.changes:
        table.add(
            [
                r.id,
                r.effective_on,
                r.body,
                r.body_name,
                task_name(r.directive, r.clause, sole),
                task_name(r.directive, r.task, sole),
                change_text(r),
                r.by,
                r.recorded_at,
                r.evidence or "",
                r.note or "",
                change_flags(r),
            ]
        )
    return table


def extended_table(report: WeeklyReport) -> Table:
    """The tasks (or periods) whose due date an extension moved: the letter's date last."""
    last = Column("original_due", t("col.original_due"))
    return _task_table(report, "extended", report.extended, last)


_SECTIONS = {
    "summary": summary_table,
    "overdue": overdue_table,
    "changes": changes_table,
    "due_soon": due_soon_table,
    "extended": extended_table,
}


def tables(report: WeeklyReport) -> dict[str, Table]:
    """Every section as a table, in the order the report presents them; the extended tasks
    only when an extension moved a due date (issue 15): other reports read as before."""
    return {
        name: build(report)
        for name, build in _SECTIONS.items()
        if name != "extended" or report.extended
    }


def check_table(name: str | None) -> str:
    """A --table value: summary (default), overdue, changes, due_soon or extended."""
    chosen = (name or "summary").strip().lower().replace("-", "_")
    if chosen not in SECTIONS:
        raise InvalidInput(t("err.report_table", typed=name, names=", ".join(SECTIONS)))
    return chosen


def render(report: WeeklyReport, table: str = "summary") -> str:
    """One table as CSV text; the caller encodes it as UTF-8 with a BOM for Excel."""
    # --table extended of a week without an extension: its header alone, like any empty table.
    chosen = _SECTIONS[check_table(table)](report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in chosen.columns])
    for row in chosen.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def _csv_cell(value: Cell) -> object:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    # Every text cell, not only the typed ones: a body renamed "=…" in bodies.yaml is typed too.
    return spreadsheet_safe(value)
