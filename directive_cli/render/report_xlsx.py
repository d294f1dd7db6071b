"""The weekly report as an Excel workbook: one sheet per section, a chart, an "about" sheet.

Written by the listings' writer (xlsx.py, the standard library only). Each sheet opens with
two title rows (the report, its week and day; the section), as the listings' workbooks do.
"""

from __future__ import annotations

from ..i18n import t
from ..text import day_text, moment_text
from ..weekly import WeeklyReport
from .report_csv import tables
from .sheet import Column, Table
from .xlsx import Sheet, sheet_ref, workbook, xml_text

# The chart's colours, given outright: the workbook carries no theme to take them from.
DONE_COLOUR, OVERDUE_COLOUR, GRID_COLOUR = "4F81BD", "C0504D", "D9D9D9"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_DRAWING_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def render(report: WeeklyReport) -> bytes:
    """The workbook as bytes, ready to be written atomically."""
    heading = heading_text(report)
    titles = section_titles(report)
    sheets = [
        Sheet(t(f"report.sheet.{name}"), table, (heading, titles[name]))
        for name, table in tables(report).items()
    ]
    chart_table = _chart_table(report)
    chart_name = t("report.sheet.chart")
    chart = Sheet(chart_name, chart_table, (heading, t("report.chart_title")))
    if chart_table.rows:
        parts = (_drawing(len(chart_table.rows), chart.header_row), _chart(chart))
        chart = Sheet(chart.name, chart.table, chart.titles, parts)
    sheets.append(chart)
    w = report.window
    window = t("report.window", start=day_text(w.start), end=day_text(w.end))
    sheets.append(Sheet(t("report.sheet.info"), _info_table(report), (heading, window)))
    return workbook(sheets, report.title, report.generated_at)


def heading_text(report: WeeklyReport) -> str:
    """ "Báo cáo tình hình thực hiện 2167/UBND-KTTH — Tuần 2023-W22 — Tính đến ngày 04/06/2023"."""
    title = report.title
    if report.window.week:
        title += f" — {t('report.week', week=report.window.week)}"
    return f"{title} — {t('as_of', day=day_text(report.as_of))}"


def section_titles(report: WeeklyReport) -> dict[str, str]:
    """Each section's title, as the Markdown report heads it."""
    soon = report.due_soon_window
    return {
        "summary": t("report.section.summary"),
        "overdue": t("report.section.overdue", day=day_text(report.as_of)),
        "changes": t("report.section.changes"),
        "due_soon": t(
            "report.section.due_soon",
            span=report.horizon.words,
            start=day_text(soon.start),
            end=day_text(soon.end),
        ),
        "extended": t("report.section.extended", day=day_text(report.as_of)),
    }


# --- the chart ---------------------------------------------------------------------------------


def _chart_table(report: WeeklyReport) -> Table:
    table = Table(
        "chart",
        [
            Column("name", t("col.body")),
            Column("done", t("col.done")),
            Column("overdue", t("timeliness.overdue")),
        ],
    )
    for block in report.summary.groups:
        for r in block.rows:
            table.add([r.name, r.counts.done, r.counts.overdue])
    return table


def _drawing(rows: int, header_row: int) -> str:
    """The chart's frame: from column E, beside the first body, 24 cm wide, 0.55 cm a body
    high (8 cm at least)."""
    width = 24 * 360_000  # EMU
    height = int(max(8.0, 0.55 * rows) * 360_000)
    return (
        f'{HEAD}<wsDr xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">'
        "<oneCellAnchor><from><col>4</col><colOff>0</colOff>"
        f"<row>{header_row}</row><rowOff>0</rowOff>"
        f'</from><ext cx="{width}" cy="{height}"/><graphicFrame macro=""><nvGraphicFramePr>'
        '<cNvPr id="1" name="Chart 1"/><cNvGraphicFramePr/></nvGraphicFramePr><xfrm>'
        f'<a:off xmlns:a="{NS_DRAWING_A}" x="0" y="0"/><a:ext xmlns:a="{NS_DRAWING_A}" cx="0"'
        f' cy="0"/></xfrm><a:graphic xmlns:a="{NS_DRAWING_A}"><a:graphicData uri="{NS_CHART}">'
        f'<c:chart xmlns:c="{NS_CHART}" xmlns:r="{NS_REL}" r:id="rId1"/></a:graphicData>'
        "</a:graphic></graphicFrame><clientData/></oneCellAnchor></wsDr>"
    )


def _chart(sheet: Sheet) -> str:
    """Done vs overdue per body as horizontal bars, beside the figures it is drawn from.

    Bodies read down the side in protocol order (the category axis runs from the top, and
    the value axis stays at the bottom); both axes are shown, since recent Excel hides an
    axis whose `delete` is left unset.
    """
    ref = xml_text(sheet_ref(sheet.name))
    head = sheet.header_row
    first, last = head + 1, head + len(sheet.table.rows)
    series = "".join(
        f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
        f"<c:tx><c:strRef><c:f>{ref}{col}{head}</c:f></c:strRef></c:tx>"
        f'<c:spPr>{_fill(colour)}</c:spPr><c:invertIfNegative val="0"/>'
        f"<c:cat><c:strRef><c:f>{ref}$A${first}:$A${last}</c:f></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{ref}${col}${first}:${col}${last}</c:f></c:numRef></c:val></c:ser>"
        for i, (col, colour) in enumerate([("B", DONE_COLOUR), ("C", OVERDUE_COLOUR)])
    )
    title = (
        f"<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r>"
        f"<a:t>{xml_text(t('report.chart_title'))}</a:t></a:r></a:p></c:rich></c:tx>"
        '<c:overlay val="0"/></c:title>'
    )
    ticks = (
        '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
    )
    categories = (
        '<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="maxMin"/>'
        f'</c:scaling><c:delete val="0"/><c:axPos val="l"/>{ticks}'
        '<c:crossAx val="100"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/>'
        "</c:catAx>"
    )
    values = (
        '<c:valAx><c:axId val="100"/><c:scaling><c:orientation val="minMax"/>'
        '</c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines><c:spPr>'
        f"<a:ln>{_fill(GRID_COLOUR)}</a:ln></c:spPr></c:majorGridlines>{ticks}"
        '<c:crossAx val="10"/><c:crosses val="max"/><c:crossBetween val="between"/>'
        "</c:valAx>"
    )
    return (
        f'{HEAD}<c:chartSpace xmlns:c="{NS_CHART}" xmlns:a="{NS_DRAWING_A}"'
        f' xmlns:r="{NS_REL}"><c:chart>{title}<c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/>'
        f'<c:grouping val="clustered"/><c:varyColors val="0"/>{series}'
        '<c:gapWidth val="150"/><c:axId val="10"/><c:axId val="100"/></c:barChart>'
        f'{categories}{values}</c:plotArea><c:legend><c:legendPos val="b"/>'
        '<c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/>'
        '<c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


def _info_table(report: WeeklyReport) -> Table:
    w = report.window
    table = Table(
        "info", [Column("item", t("report.info.item")), Column("value", t("report.info.value"))]
    )
    table.add([t("report.info.directive"), ", ".join(d.reference for d in report.directives)])
    table.add([t("report.info.week"), w.week or ""])
    table.add([t("report.info.from"), w.start])
    table.add([t("report.info.to"), w.end])
    table.add([t("report.info.as_of"), report.as_of])
    table.add([t("report.info.generated"), moment_text(report.generated_at)])
    table.add([t("col.note"), t("summary_legend")])
    if any(c.backdated for c in report.changes):
        table.add(
            [
                t("backdated"),
                t("report.backdated_legend", flag=t("backdated"), day=day_text(w.end)),
            ]
        )
    return table
