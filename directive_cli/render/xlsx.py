"""The one XLSX writer: the weekly report's workbook and every listing's (`-o FILE.xlsx`).

Written directly as SpreadsheetML (the XML inside an .xlsx zip) with the standard library:
a province's week is 345,000 cells, which openpyxl wrote at ~16 µs a cell (5.5 s) and
XlsxWriter at 5–7 µs; written here, ~1.2 µs (figures in docs/benchmarks.md). The parts are
the few a clerk's sheet needs: title rows above a bold header row, frozen below it, typed
cells (numbers, dates, dates with a time, percentages), column widths, an autofilter over
the data, a print setup (A4 landscape, fitted to the page's width, the header row repeated
on every page) and, for the report, one bar chart. Text is always an inline string cell
(`t="inlineStr"`), escaped here: a clerk's "=HYPERLINK(…)" or "<r>…</r>" is shown as typed,
never run as a formula nor read as markup. The same content gives the same bytes: fixed
zip dates, and a given moment as the workbook's creation date.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from math import isfinite
from xml.sax.saxutils import quoteattr

from ..errors import Notice
from ..i18n import current, t
from ..text import day_text
from ..zone import office_time
from .sheet import Cell, Table

MAX_WIDTH = 60
MIN_WIDTH = 6
DATE_FORMAT = "DD/MM/YYYY"
MOMENT_FORMAT = "DD/MM/YYYY HH:MM"
PERCENT_FORMAT = "0.0"
COMPRESS_LEVEL = 1  # zlib: level 6 makes the file 15 % smaller and costs 0.13 s more at 100k

# Cell style indexes, in the order of <cellXfs> in STYLES.
PLAIN, BOLD, DATE, PERCENT, BOLD_PERCENT, BOLD_DATE, MOMENT, TITLE = range(8)
# Characters XML 1.0 cannot hold (written as a visible \xNN, as before) and those it must
# escape. Tab and line feed stay as they are; a carriage return becomes &#13; (a raw one
# would be read back as a line feed).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff&<>\r]")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()  # serial 61 = 1/3/1900 onwards
_FIRST_EXCEL_DAY = date(1900, 1, 1)  # serial 1
_STYLE = ["", *(f' s="{n}"' for n in range(1, 8))]  # the s="…" attribute of a cell
_PRESERVE = ' xml:space="preserve"'  # keeps a leading or trailing space or tab

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument."
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

STYLES = (
    f'{HEAD}<styleSheet xmlns="{NS_MAIN}">'
    f'<numFmts count="3"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{PERCENT_FORMAT}"/>'
    f'<numFmt numFmtId="166" formatCode="{MOMENT_FORMAT}"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    ' applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"'
    ' applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)


@dataclass(frozen=True)
class Sheet:
    """One worksheet: title lines (one row each), then the table's header row and rows."""

    name: str
    table: Table
    titles: Sequence[str] = ()
    # The report's chart: the drawing part and the chart part it anchors (one a workbook).
    chart: tuple[str, str] | None = None

    @property
    def header_row(self) -> int:
        """The row number of the header (the rows above it are the titles)."""
        return len(self.titles) + 1


def workbook(sheets: Sequence[Sheet], title: str, created: str | None = None) -> bytes:
    """The workbook as bytes, ready to be written atomically.

    `created`: an ISO moment written as the creation date (none: no date, same bytes). A
    text longer than a cell holds is cut with a visible marker, and a `Notice` says so.
    """
    cuts: list[int] = []
    charts = [n for n, sheet in enumerate(sheets) if sheet.chart is not None]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as z:
        _put(z, "[Content_Types].xml", _content_types(len(sheets), bool(charts)))
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
        _put(z, "docProps/core.xml", _core(title, created))
        _put(z, "xl/workbook.xml", _workbook(sheets))
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
        for index, sheet in enumerate(sheets):
            xml = _sheet(sheet, selected=index == 0, cuts=cuts)
            _put(z, f"xl/worksheets/sheet{index + 1}.xml", xml)
            if sheet.chart is not None:
                _put(
                    z,
                    f"xl/worksheets/_rels/sheet{index + 1}.xml.rels",
                    _rels([("drawing", "../drawings/drawing1.xml", NS_REL)]),
                )
                drawing, chart = sheet.chart
                _put(z, "xl/drawings/drawing1.xml", drawing)
                _put(
                    z,
                    "xl/drawings/_rels/drawing1.xml.rels",
                    _rels([("chart", "../charts/chart1.xml", NS_REL)]),
                )
                _put(z, "xl/charts/chart1.xml", chart)
    if cuts:
        limit = f"{MAX_CELL:,}".replace(",", ".") if current() == "vi" else f"{MAX_CELL:,}"
        warnings.warn(Notice(t("xlsx.cut", n=len(cuts), limit=limit)), stacklevel=2)
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


def _sheet(sheet: Sheet, *, selected: bool, cuts: list[int]) -> Iterator[str]:
    """A worksheet: titles, a bold header row frozen at the top, columns as wide as their
    content, an autofilter over header and rows, and the print setup."""
    table = sheet.table
    columns = table.columns
    letters = [_column_letter(i) for i in range(len(columns))]
    head = sheet.header_row
    last = head + len(table.rows)
    tab = ' tabSelected="1"' if selected else ""
    yield (
        f'{HEAD}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        # fitToPage: the pageSetup's fitToWidth/fitToHeight apply (instead of its scale).
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{letters[-1]}{last}"/>'
        f'<sheetViews><sheetView{tab} workbookViewId="0">'
        f'<pane ySplit="{head}" topLeftCell="A{head + 1}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{head + 1}" sqref="A{head + 1}"/>'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>'
    )
    for number, width in enumerate(_widths(table), start=1):
        yield f'<col min="{number}" max="{number}" width="{width}" customWidth="1"/>'
    yield "</cols><sheetData>"
    for r, title in enumerate(sheet.titles, start=1):
        # In A only: the text runs on over the empty cells beside it, and a merged title
        # would stand in the way of sorting and filtering the columns below.
        yield f'<row r="{r}">{_text_cell(f"A{r}", _STYLE[TITLE], title)}</row>'
    yield f'<row r="{head}">'
    for letter, column in zip(letters, columns, strict=True):
        yield _text_cell(f"{letter}{head}", _STYLE[BOLD], column.header)
    yield "</row>"
    percent = [column.key == "percent" for column in columns]
    moment = [column.kind == "moment" for column in columns]
    special = any(moment)
    for r, (row, strong) in enumerate(zip(table.rows, table.strong, strict=True), start=head + 1):
        if special:
            row = [_moment(v) if m else v for v, m in zip(row, moment, strict=True)]
        yield _row(r, row, letters, percent, strong, cuts)
    yield (
        f'</sheetData><autoFilter ref="A{head}:{letters[-1]}{last}"/>'
        '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3"'
        ' footer="0.3"/>'
        # paperSize 9: A4, the paper of Vietnamese offices; fitToHeight 0: as many pages
        # down as the rows need.
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
    )
    if sheet.chart is not None:
        yield '<drawing r:id="rId1"/>'
    yield "</worksheet>"


def _moment(value: Cell) -> Cell:
    """A recorded_at stamp as the date and time it was recorded on the office's clock, as
    every screen shows it (Excel has no time zones; the clerk's offset stays in CSV and
    JSON)."""
    if not isinstance(value, str):
        return value
    try:
        return office_time(datetime.fromisoformat(value)).replace(tzinfo=None)
    except ValueError:
        return value  # shown as stored rather than lost


def _row(
    r: int,
    row: list[Cell],
    letters: list[str],
    percent: list[bool],
    strong: bool,
    cuts: list[int] | None = None,
) -> str:
    """One <row>: the innermost loop of a 350,000-cell workbook, so written for speed. A
    text cut to fit a cell is counted in `cuts` (the characters it lost)."""
    text_style = _STYLE[BOLD] if strong else ""
    cells = [f'<row r="{r}">']
    add = cells.append
    inline = _inline
    for letter, is_percent, value in zip(letters, percent, row, strict=True):
        if isinstance(value, str):
            if len(value) > MAX_CELL // 2 and _utf16_len(value) > MAX_CELL:
                value, lost = cut_to_cell(value)
                if cuts is not None:
                    cuts.append(lost)
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
        elif isinstance(value, date) and _before_excel(value):
            # Excel has no day before 1900: the date as the clerk reads it, in text.
            shown = day_text(value) + (
                value.strftime(" %H:%M") if isinstance(value, datetime) else ""
            )
            add(_text_cell(f"{letter}{r}", text_style, shown))
        elif isinstance(value, datetime):  # before date: a datetime is a date too
            serial = (
                _serial(value.date())
                + (value.hour * 3600 + value.minute * 60 + value.second) / 86400
            )
            add(f'<c r="{letter}{r}"{_STYLE[MOMENT]}><v>{serial!r}</v></c>')
        elif isinstance(value, date):
            serial = _serial(value)
            add(f'<c r="{letter}{r}"{_STYLE[BOLD_DATE if strong else DATE]}><v>{serial}</v></c>')
        elif value is not None:  # NaN or infinity: shown as text rather than lost
            add(_text_cell(f"{letter}{r}", text_style, str(value)))
    add("</row>")
    return "".join(cells)


# Excel holds at most 32,767 characters (UTF-16 code units) in a cell; a longer one makes a
# file Excel "repairs" on opening, dropping the cell's content.
MAX_CELL = 32_767


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cut_to_cell(text: str) -> tuple[str, int]:
    """`text` cut to fit a cell, ending in "… (còn N ký tự)"; and N, the characters cut."""
    marker = t("cell.more", n=len(text))  # the longest the count can be
    room = MAX_CELL - _utf16_len(marker)
    # Cut in UTF-16 units, as Excel counts; a pair split in two is dropped whole.
    kept = text.encode("utf-16-le")[: 2 * room].decode("utf-16-le", errors="ignore")
    lost = len(text) - len(kept)
    return kept + t("cell.more", n=lost), lost


def _before_excel(value: date) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return day < _FIRST_EXCEL_DAY


def _serial(day: date) -> int:
    """Excel's day number."""
    serial = day.toordinal() - _EXCEL_EPOCH
    if serial < 61:  # Excel counts a 29/2/1900 that never was
        serial -= 1
    return serial


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
        if column.kind == "moment":
            yield len("00/00/0000 00:00") + 2
            continue
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


def sheet_ref(name: str) -> str:
    """A sheet's name as a formula or defined name refers to it: 'Quá hạn'!"""
    return "'" + name.replace("'", "''") + "'!"


def _workbook(sheets: Sequence[Sheet]) -> str:
    tags = "".join(
        f'<sheet name={quoteattr(xml_text(s.name))} sheetId="{n}" r:id="rId{n}"/>'
        for n, s in enumerate(sheets, start=1)
    )
    # Per sheet: the rows the autofilter covers (Excel keeps them under this hidden name),
    # and the header row printed at the top of every page.
    names = []
    for n, s in enumerate(sheets):
        ref = xml_text(sheet_ref(s.name))
        head, last = s.header_row, s.header_row + len(s.table.rows)
        end = _column_letter(len(s.table.columns) - 1)
        names.append(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
            f"{ref}$A${head}:${end}${last}</definedName>"
        )
        names.append(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
            f"{ref}${head}:${head}</definedName>"
        )
    return (
        f'{HEAD}<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{tags}</sheets><definedNames>{''.join(names)}</definedNames>"
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _core(title: str, created: str | None) -> str:
    """Author, title and, when known, the creation date (a moment given, never the clock)."""
    dates = ""
    moment = None
    if created is not None:
        try:
            moment = datetime.fromisoformat(created)
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
        f"<dc:title>{xml_text(title)}</dc:title><dc:creator>directive-cli</dc:creator>"
        f"{dates}</cp:coreProperties>"
    )


def xml_text(text: str) -> str:
    """Text for an XML element or attribute of a part (a chart's title, a sheet's name)."""
    text = _ILLEGAL.sub(_visible, text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
