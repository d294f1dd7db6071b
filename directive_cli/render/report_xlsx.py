"""The weekly report as an Excel workbook: one sheet per section, a chart, an "about" sheet.

Written directly as SpreadsheetML (the XML inside an .xlsx zip) with the standard library:
a province's week is 345,000 cells, which openpyxl wrote at ~16 µs a cell (5.5 s) and
XlsxWriter at 5–7 µs; written here, ~1.2 µs (figures in docs/benchmarks.md). The parts are
the few this report uses: cells, a bold font, two number formats, a frozen header row,
column widths, one bar chart. Text is always an inline string cell (`t="inlineStr"`),
escaped here: a clerk's "=HYPERLINK(…)" or "<r>…</r>" is shown as typed, never run as a
formula nor read as markup. The same report gives the same bytes: fixed zip dates, and the
moment the report was made as the workbook's creation date.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from math import isfinite
from xml.sax.saxutils import quoteattr

from ..i18n import t
from ..text import day_text, moment_text
from ..weekly import WeeklyReport
from .report_csv import Cell, Column, Table, tables

MAX_WIDTH = 60
MIN_WIDTH = 6
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0"
# The chart's colours, given outright: the workbook carries no theme to take them from.
DONE_COLOUR, OVERDUE_COLOUR, GRID_COLOUR = "4F81BD", "C0504D", "D9D9D9"
COMPRESS_LEVEL = 1  # zlib: level 6 makes the file 15 % smaller and costs 0.13 s more at 100k

# Cell style indexes, in the order of <cellXfs> in STYLES.
PLAIN, BOLD, DATE, PERCENT, BOLD_PERCENT, BOLD_DATE = range(6)
# Characters XML 1.0 cannot hold (written as a visible \xNN, as before) and those it must
# escape. Tab and line feed stay as they are; a carriage return becomes &#13; (a raw one
# would be read back as a line feed).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff&<>\r]")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()  # serial 61 = 1/3/1900 onwards
_STYLE = ["", *(f' s="{n}"' for n in range(1, 6))]  # the s="…" attribute of a cell
_PRESERVE = ' xml:space="preserve"'  # keeps a leading or trailing space or tab

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_DRAWING_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CT = "application/vnd.openxmlformats-officedocument."
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

STYLES = (
    f'{HEAD}<styleSheet xmlns="{NS_MAIN}">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{PERCENT_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    ' applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    ' applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)


def render(report: WeeklyReport) -> bytes:
    """The workbook as bytes, ready to be written atomically."""
    sheets = [(t(f"report.sheet.{name}"), table) for name, table in tables(report).items()]
    chart_sheet = len(sheets)
    sheets.append((t("report.sheet.chart"), _chart_table(report)))
    sheets.append((t("report.sheet.info"), _info_table(report)))
    chart_rows = len(sheets[chart_sheet][1].rows)
    has_chart = chart_rows > 0

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as z:
        _put(z, "[Content_Types].xml", _content_types(len(sheets), has_chart))
        _put(
            z,
            "_rels/.rels",
            _rels(
                [
                    ("officeDocument", "xl/workbook.xml", NS_REL),
                    ("metadata/core-properties", "docProps/core.xml", NS_PKG_REL),
                ]
            ),
        )
        _put(z, "docProps/core.xml", _core(report))
        _put(z, "xl/workbook.xml", _workbook(title for title, _ in sheets))
        _put(
            z,
            "xl/_rels/workbook.xml.rels",
            _rels(
                [
                    ("worksheet", f"worksheets/sheet{n}.xml", NS_REL)
                    for n in range(1, len(sheets) + 1)
                ]
                + [("styles", "styles.xml", NS_REL)]
            ),
        )
        _put(z, "xl/styles.xml", STYLES)
        for index, (_, table) in enumerate(sheets):
            drawing = has_chart and index == chart_sheet
            _put(
                z,
                f"xl/worksheets/sheet{index + 1}.xml",
                _sheet(table, selected=index == 0, drawing=drawing),
            )
            if drawing:
                _put(
                    z,
                    f"xl/worksheets/_rels/sheet{index + 1}.xml.rels",
                    _rels([("drawing", "../drawings/drawing1.xml", NS_REL)]),
                )
        if has_chart:
            _put(z, "xl/drawings/drawing1.xml", _drawing(chart_rows))
            _put(
                z,
                "xl/drawings/_rels/drawing1.xml.rels",
                _rels([("chart", "../charts/chart1.xml", NS_REL)]),
            )
            _put(z, "xl/charts/chart1.xml", _chart(sheets[chart_sheet][0], chart_rows))
    return buffer.getvalue()


def _put(z: zipfile.ZipFile, name: str, text: str | Iterable[str]) -> None:
    """One part, streamed in batches: a 20 MB sheet is never held whole as text and bytes.

    A part opened by name gets the zip format's earliest date (1/1/1980), so the bytes depend
    on the content only.
    """
    with z.open(name, "w") as part:
        if isinstance(text, str):
            part.write(text.encode("utf-8"))
            return
        batch: list[str] = []
        for piece in text:
            batch.append(piece)
            if len(batch) == 200:
                part.write("".join(batch).encode("utf-8"))
                batch.clear()
        part.write("".join(batch).encode("utf-8"))


# --- cells -------------------------------------------------------------------------------------


def _sheet(table: Table, *, selected: bool, drawing: bool) -> Iterator[str]:
    """A worksheet: bold header row frozen at the top, columns as wide as their content."""
    columns = table.columns
    letters = [_column_letter(i) for i in range(len(columns))]
    tab = ' tabSelected="1"' if selected else ""
    yield (
        f'{HEAD}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        f'<dimension ref="A1:{letters[-1]}{len(table.rows) + 1}"/>'
        f'<sheetViews><sheetView{tab} workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><cols>'
    )
    for number, width in enumerate(_widths(table), start=1):
        yield f'<col min="{number}" max="{number}" width="{width}" customWidth="1"/>'
    yield '</cols><sheetData><row r="1">'
    for letter, column in zip(letters, columns, strict=True):
        yield _text_cell(f"{letter}1", _STYLE[BOLD], column.header)
    yield "</row>"
    percent = [column.key == "percent" for column in columns]
    for r, (row, strong) in enumerate(zip(table.rows, table.strong, strict=True), start=2):
        yield _row(r, row, letters, percent, strong)
    yield (
        '</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5"'
        ' footer="0.5"/>'
    )
    if drawing:
        yield '<drawing r:id="rId1"/>'
    yield "</worksheet>"


def _row(r: int, row: list[Cell], letters: list[str], percent: list[bool], strong: bool) -> str:
    """One <row>: the innermost loop of a 350,000-cell workbook, so written for speed."""
    text_style = _STYLE[BOLD] if strong else ""
    cells = [f'<row r="{r}">']
    add = cells.append
    inline = _inline
    for letter, is_percent, value in zip(letters, percent, row, strict=True):
        if isinstance(value, str):
            if value:  # an empty string is an empty cell, as Excel itself writes it
                # _text_cell, inlined: this line runs for 240,000 cells.
                add(f'<c r="{letter}{r}"{text_style} t="inlineStr">{inline(value)}</c>')
        elif isinstance(value, int) or (isinstance(value, float) and isfinite(value)):
            style = (
                (BOLD_PERCENT if strong else PERCENT) if is_percent else (BOLD if strong else PLAIN)
            )
            number = repr(value)
            if number.endswith(".0"):  # 0.0 as 0, as Excel writes it
                number = number[:-2]
            add(f'<c r="{letter}{r}"{_STYLE[style]}><v>{number}</v></c>')
        elif isinstance(value, date):
            serial = value.toordinal() - _EXCEL_EPOCH
            if serial < 61:  # Excel counts a 29/2/1900 that never was
                serial -= 1
            add(f'<c r="{letter}{r}"{_STYLE[BOLD_DATE if strong else DATE]}><v>{serial}</v></c>')
        elif value is not None:  # NaN or infinity: shown as text rather than lost
            add(_text_cell(f"{letter}{r}", text_style, str(value)))
    add("</row>")
    return "".join(cells)


def _text_cell(ref: str, style: str, text: str) -> str:
    """A text cell: never a formula, never markup, whatever the clerk typed."""
    return f'<c r="{ref}"{style} t="inlineStr">{_inline(text)}</c>'


@lru_cache(maxsize=8192)  # bodies, statuses, titles and dates repeat down a column
def _inline(text: str) -> str:
    """The escaped <is> element of a text cell."""
    space = _PRESERVE if text != text.strip() else ""
    if _UNSAFE.search(text):
        text = _ILLEGAL.sub(_visible, text)
        text = (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\r", "&#13;")
        )
    return f"<is><t{space}>{text}</t></is>"


def _visible(match: re.Match[str]) -> str:
    """A character XML cannot hold, as the \\xNN a clerk can read."""
    return f"\\x{ord(match.group()):02x}"


def _column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _widths(table: Table) -> Iterator[int]:
    for index, column in enumerate(table.columns):
        # Each distinct value measured once: a column of 23,000 overdue rows repeats a few
        # dozen bodies, statuses and dates. (Keyed by type too: 1 == 1.0, yet "1" != "1.0".)
        distinct = {(type(row[index]), row[index]) for row in table.rows}
        longest = max([len(column.header), *(_width(value) for _, value in distinct)])
        yield min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)


def _width(value: Cell) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, date):
        return len("00/00/0000")
    return 0 if value is None else len(str(value))


# --- the package around the cells --------------------------------------------------------------


def _content_types(sheets: int, chart: bool) -> str:
    parts = [
        ("/xl/workbook.xml", CT + "spreadsheetml.sheet.main+xml"),
        ("/xl/styles.xml", CT + "spreadsheetml.styles+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]
    parts += [
        (f"/xl/worksheets/sheet{n}.xml", CT + "spreadsheetml.worksheet+xml")
        for n in range(1, sheets + 1)
    ]
    if chart:
        parts += [
            ("/xl/drawings/drawing1.xml", CT + "drawing+xml"),
            ("/xl/charts/chart1.xml", CT + "drawingml.chart+xml"),
        ]
    return (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in parts)
        + "</Types>"
    )


def _rels(targets: list[tuple[str, str, str]]) -> str:
    """Relationships rId1… to (type, target, namespace of the type)."""
    return (
        f'{HEAD}<Relationships xmlns="{NS_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{ns}/{kind}" Target="{target}"/>'
            for n, (kind, target, ns) in enumerate(targets, start=1)
        )
        + "</Relationships>"
    )


def _workbook(titles: Iterator[str]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(_xml_text(title))} sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, start=1)
    )
    return (
        f'{HEAD}<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets>{sheets}</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _core(report: WeeklyReport) -> str:
    """Author, title and, as creation date, the moment the report's history was read."""
    title = report.title
    dates = ""
    try:
        moment = datetime.fromisoformat(report.generated_at)
    except ValueError:
        moment = None
    if moment is not None:
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        dates = "".join(
            f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{stamp}</dcterms:{tag}>'
            for tag in ("created", "modified")
        )
    return (
        f"{HEAD}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_xml_text(title)}</dc:title><dc:creator>directive-cli</dc:creator>"
        f"{dates}</cp:coreProperties>"
    )


def _xml_text(text: str) -> str:
    text = _ILLEGAL.sub(_visible, text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def _drawing(rows: int) -> str:
    """The chart's frame: from E2, 24 cm wide, 0.55 cm a body high (8 cm at least)."""
    width = 24 * 360_000  # EMU
    height = int(max(8.0, 0.55 * rows) * 360_000)
    return (
        f'{HEAD}<wsDr xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">'
        "<oneCellAnchor><from><col>4</col><colOff>0</colOff><row>1</row><rowOff>0</rowOff>"
        f'</from><ext cx="{width}" cy="{height}"/><graphicFrame macro=""><nvGraphicFramePr>'
        '<cNvPr id="1" name="Chart 1"/><cNvGraphicFramePr/></nvGraphicFramePr><xfrm>'
        f'<a:off xmlns:a="{NS_DRAWING_A}" x="0" y="0"/><a:ext xmlns:a="{NS_DRAWING_A}" cx="0"'
        f' cy="0"/></xfrm><a:graphic xmlns:a="{NS_DRAWING_A}"><a:graphicData uri="{NS_CHART}">'
        f'<c:chart xmlns:c="{NS_CHART}" xmlns:r="{NS_REL}" r:id="rId1"/></a:graphicData>'
        "</a:graphic></graphicFrame><clientData/></oneCellAnchor></wsDr>"
    )


def _chart(sheet: str, rows: int) -> str:
    """Done vs overdue per body as horizontal bars, beside the figures it is drawn from.

    Bodies read down the side in protocol order (the category axis runs from the top, and
    the value axis stays at the bottom); both axes are shown, since recent Excel hides an
    axis whose `delete` is left unset.
    """
    ref = _xml_text("'" + sheet.replace("'", "''") + "'") + "!"
    last = rows + 1
    series = "".join(
        f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
        f"<c:tx><c:strRef><c:f>{ref}{col}1</c:f></c:strRef></c:tx>"
        f'<c:spPr>{_fill(colour)}</c:spPr><c:invertIfNegative val="0"/>'
        f"<c:cat><c:strRef><c:f>{ref}$A$2:$A${last}</c:f></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{ref}${col}$2:${col}${last}</c:f></c:numRef></c:val></c:ser>"
        for i, (col, colour) in enumerate([("B", DONE_COLOUR), ("C", OVERDUE_COLOUR)])
    )
    title = (
        f"<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r>"
        f"<a:t>{_xml_text(t('report.chart_title'))}</a:t></a:r></a:p></c:rich></c:tx>"
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
