"""The weekly report as an Excel workbook: one sheet per section, a chart, an "about" sheet.

openpyxl is imported inside `render` only: it costs ~150 ms, and every other command and
format starts without it. Text a clerk typed is always written as a string cell: openpyxl
would store "=HYPERLINK(…)" as a live formula otherwise.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from ..i18n import t
from ..weekly import WeeklyReport
from .report_csv import Cell, Column, Table, tables
from .report_md import moment_text

MAX_WIDTH = 60
MIN_WIDTH = 6
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0"


def render(report: WeeklyReport) -> bytes:
    """The workbook as bytes, ready to be written atomically."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    wb = Workbook()
    wb.remove(wb.active)
    for name, table in tables(report).items():
        _sheet(wb, t(f"report.sheet.{name}"), table)
    _chart(_sheet(wb, t("report.sheet.chart"), _chart_table(report)))
    _sheet(wb, t("report.sheet.info"), _info_table(report))
    wb.properties.creator = "directive-cli"
    wb.properties.title = t("report.title", ref=", ".join(d.reference for d in report.directives))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(wb: Any, title: str, table: Table) -> Any:
    """A sheet with a bold, frozen header row and columns as wide as their content."""
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    ws = wb.create_sheet(title=title)
    bold = Font(bold=True)
    for col, column in enumerate(table.columns, start=1):
        _put(ws, 1, col, column.header).font = bold
    for r, (row, strong) in enumerate(zip(table.rows, table.strong, strict=True), start=2):
        for col, value in enumerate(row, start=1):
            cell = _put(ws, r, col, value)
            if strong:
                cell.font = bold
            if table.columns[col - 1].key == "percent":
                cell.number_format = PERCENT_FORMAT
    ws.freeze_panes = "A2"
    for index, column in enumerate(table.columns):
        longest = max([len(column.header), *(_width(row[index]) for row in table.rows)])
        ws.column_dimensions[get_column_letter(index + 1)].width = (
            min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        )
    return ws


def _width(value: Cell) -> int:
    if isinstance(value, date):
        return len("00/00/0000")
    return 0 if value is None else len(str(value))


def _put(ws: Any, row: int, col: int, value: Cell) -> Any:
    """Write one cell; text never becomes a formula and never breaks the XML."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl guesses "f" for "=…": a clerk's note is never code
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def _chart_table(report: WeeklyReport) -> Table:
    table = Table("chart", [Column("name", t("col.body")), Column("done", t("col.done")),
                            Column("overdue", t("timeliness.overdue"))])
    for block in report.summary.groups:
        for r in block.rows:
            table.add([r.name, r.counts.done, r.counts.overdue])
    return table


def _chart(ws: Any) -> None:
    """Done vs overdue per body, beside the figures it is drawn from."""
    from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped]

    last = ws.max_row
    if last < 2:
        return
    chart = BarChart()
    chart.type = "bar"  # horizontal: 45 body names read better down the side than across
    chart.grouping = "clustered"
    chart.title = t("report.chart_title")
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=1, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # protocol order from the top down
    chart.x_axis.delete = False  # recent Excel hides axes openpyxl leaves unset
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width = 24
    chart.height = max(8.0, 0.55 * (last - 1))
    ws.add_chart(chart, "E2")


def _info_table(report: WeeklyReport) -> Table:
    w = report.window
    table = Table("info", [Column("item", t("report.info.item")),
                           Column("value", t("report.info.value"))])
    table.add([t("report.info.directive"), ", ".join(d.reference for d in report.directives)])
    table.add([t("report.info.week"), w.week or ""])
    table.add([t("report.info.from"), w.start])
    table.add([t("report.info.to"), w.end])
    table.add([t("report.info.as_of"), report.as_of])
    table.add([t("report.info.generated"), moment_text(report.generated_at)])
    table.add([t("col.note"), t("summary_legend")])
    if any(c.backdated for c in report.changes):
        table.add([t("backdated"), t("report.backdated_legend", flag=t("backdated"),
                                     day=w.end.strftime("%d/%m/%Y"))])
    return table
