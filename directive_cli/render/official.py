"""The parts every Word document an office sends shares, in the layout of Nghị định
30/2020/NĐ-CP, Phụ lục I: A4, the margins, Times New Roman, the header block, the signature
block and "Nơi nhận", page numbers from page 2.

python-docx builds the document; where it has no API (fonts for every script, paragraph
rules, repeated header rows, the PAGE field) the XML is set directly. The figures of the
decree are module constants so the tests read the document back against the same numbers.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..office import Office
from .citing import day_words, number_line

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
LANG = "vi-VN"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
# Mục II.1 of Phụ lục I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
HEADER_DISTANCE_MM = 10  # the page number sits in the top margin
BODY_PT = 14  # 13–14 pt
HEADER_PT = 13  # issuer, "Số:", 12–13 pt
NATION_PT = 12  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" fits the column at 12–13 pt
MOTTO_PT = 13  # "Độc lập - Tự do - Hạnh phúc", 13–14 pt
SUBJECT_PT = 12  # a công văn's "V/v …" under its number, 12–13 pt
RECIPIENTS_TITLE_PT = 12  # "Nơi nhận:" 12 pt bold italic
RECIPIENTS_PT = 11  # its list, 11 pt
PAGE_NUMBER_PT = 13
FIRST_LINE_INDENT_CM = 1.0  # 1–1.27 cm
PARAGRAPH_SPACE_PT = 6  # at least 6 pt between paragraphs
LINE_SPACING = 1.15  # from single to 1.5 lines
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_TITLE = "Nơi nhận:"
SIGN_HERE = "(Ký, ghi rõ họ tên)"
# The header block's two columns (text width 165 mm in portrait).
LEFT_CM, RIGHT_CM = 6.3, 10.2
# Rule lengths: under the motto as long as the motto, under the issuer and the subject a
# third of their column (NĐ 30: "đường kẻ ngang, nét liền, có độ dài bằng độ dài của dòng
# chữ" / "từ 1/3 đến 1/2 độ dài của dòng chữ"). Measured on the rendered page at 13 pt bold.
MOTTO_RULE_CM = 5.9
SHORT_RULE_CM = 2.2
CELL_PADDING_TWIPS = 40  # 0.07 cm each side (Word's default is 0.19 cm)
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def text_width_cm(section: Section) -> float:
    width = section.page_width or Mm(PAGE_WIDTH_MM)
    left = section.left_margin or Mm(MARGIN_LEFT_MM)
    right = section.right_margin or Mm(MARGIN_RIGHT_MM)
    return float((width - left - right) / 360000)  # EMU per cm


def document(title: str, author: str, moment: datetime) -> Document:
    """An empty A4 portrait document in Times New Roman, with page numbers from page 2.

    `moment` (when the document was made) is its creation date in the properties, which the
    file holds in UTC (docProps/core.xml, "…Z"): python-docx writes a naive datetime as it
    reads, so an office's 21:43 would be labelled 21:43 UTC. A moment without an offset is
    taken as UTC already."""
    doc = new_document()
    _fonts(doc)
    section = doc.sections[0]
    _page(section, landscape=False)
    page_numbers(section, first_page=False)
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    props.created = props.modified = moment.replace(tzinfo=None)
    props.revision = 1
    return doc


def _fonts(doc: Document) -> None:
    """Times New Roman for every script: Word picks the font of a run by the script of each
    character (ascii, hAnsi, eastAsia, cs), and Vietnamese letters fall in hAnsi while the
    template's theme fonts would win over a plain name; so the theme attributes go."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    holders = [defaults] if defaults is not None else []
    holders += list(styles.iterfind(qn("w:style")))
    for holder in holders:
        rpr = holder.find(".//" + qn("w:rPr"))
        if rpr is None:
            if holder.tag != qn("w:style"):
                continue
            rpr = OxmlElement("w:rPr")
            holder.append(rpr)
        set_fonts(rpr)
    # Conditional parts of table styles and the like carry fonts of their own.
    for rpr in styles.iter(qn("w:rPr")):
        if rpr.find(qn("w:rFonts")) is not None:
            set_fonts(rpr)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def set_fonts(rpr: object) -> None:
    """Times New Roman for all four scripts and Vietnamese as the language, on one rPr."""
    element = rpr  # an lxml element; typed loosely because python-docx's oxml is untyped
    fonts = element.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element.insert(0, fonts)  # type: ignore[attr-defined]
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = element.find(qn("w:lang"))  # type: ignore[attr-defined]
    if lang is None:
        lang = OxmlElement("w:lang")
        element.append(lang)  # type: ignore[attr-defined]
    lang.set(qn("w:val"), LANG)


def _page(section: Section, *, landscape: bool) -> None:
    short, long = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(HEADER_DISTANCE_MM)


def landscape_section(doc: Document) -> Section:
    """A new landscape section on a new page (an annex whose table needs the width); its
    pages keep numbering on from the body's."""
    section: Section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    page_numbers(section, first_page=True)
    return section


def page_numbers(section: Section, *, first_page: bool) -> None:
    """The page number centred in the header; on the first page of the document none."""
    section.different_first_page_header_footer = not first_page
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # A field: begin, the instruction, separate, the text shown until updated, end.
    for kind in ("begin", "instr", "separate", "shown", "end"):
        r = p.add_run()
        r.font.size = Pt(PAGE_NUMBER_PT)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            r._r.append(instr)
        elif kind == "shown":
            r.text = "1"
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
    if not first_page:
        section.first_page_header.is_linked_to_previous = False


# --- paragraphs ---------------------------------------------------------------------------------


def para(
    where: Document | _Cell,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    before: float = 0,
    after: float = 0,
    spacing: float = 1.0,
    keep_next: bool = False,
    reuse: bool = False,
) -> Paragraph:
    """One paragraph of one run; `reuse` fills a new table cell's empty first paragraph."""
    if reuse and where.paragraphs and not where.paragraphs[0].text:
        p = where.paragraphs[0]
    else:
        p = where.add_paragraph()
    fmt = p.paragraph_format
    p.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = spacing
    fmt.widow_control = True
    if indent:
        fmt.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
    if keep_next:
        fmt.keep_with_next = True
    if text:
        run(p, text, size=size, bold=bold, italic=italic)
    return p


def run(p: Paragraph, text: str, *, size: float, bold: bool = False, italic: bool = False) -> None:
    r = p.add_run(text)
    r.font.size = Pt(size)
    r.font.bold = bold or None
    r.font.italic = italic or None


def body(doc: Document, text: str, *, bold: bool = False, keep_next: bool = False) -> Paragraph:
    """A paragraph of the body: 14 pt, justified, first-line indent, 6 pt apart."""
    return para(
        doc,
        text,
        bold=bold,
        indent=True,
        after=PARAGRAPH_SPACE_PT,
        spacing=LINE_SPACING,
        keep_next=keep_next,
    )


def rule(where: Document | _Cell, length_cm: float, column_cm: float) -> Paragraph:
    """A centred horizontal line `length_cm` long: the top border of an empty paragraph
    indented from both sides (it prints on every renderer, unlike a drawing shape)."""
    p = where.add_paragraph()
    side = max((column_cm - length_cm) / 2, 0)
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(side)
    fmt.space_before = Pt(3)  # clear of the descenders of the line above
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    # pBdr comes before spacing and indentation in CT_PPr's sequence.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)
    return p


# --- the header block ---------------------------------------------------------------------------


def header_block(
    doc: Document, office: Office, symbol: str, day: date, subject: str | None = None
) -> None:
    """Issuer and number on the left, the nation, motto and place-date on the right."""
    table = borderless(doc, (LEFT_CM, RIGHT_CM), rows=2)
    left, right = table.rows[0].cells
    first = True
    for line in office.parent:
        para(left, line.upper(), size=HEADER_PT, align=WD_ALIGN_PARAGRAPH.CENTER, reuse=first)
        first = False
    for line in office.issuer:
        para(
            left,
            line.upper(),
            size=HEADER_PT,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            reuse=first,
        )
        first = False
    rule(left, SHORT_RULE_CM, LEFT_CM)
    para(right, NATION, size=NATION_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, reuse=True)
    para(right, MOTTO, size=MOTTO_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rule(right, MOTTO_RULE_CM, RIGHT_CM)
    below_left, below_right = table.rows[1].cells
    para(
        below_left,
        number_line(office, symbol),
        size=HEADER_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=4,
        reuse=True,
    )
    if subject:
        para(below_left, subject, size=SUBJECT_PT, align=WD_ALIGN_PARAGRAPH.CENTER, before=2)
    para(
        below_right,
        day_words(office.place, day),
        size=MOTTO_PT,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=4,
        reuse=True,
    )


def borderless(doc: Document, widths_cm: Sequence[float], rows: int) -> Table:
    """A layout table: fixed column widths, no borders, centred on the page."""
    table: Table = doc.add_table(rows=rows, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    fixed_widths(table, widths_cm)
    return table


def fixed_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Column widths both in the grid (LibreOffice reads it) and in every cell (Word does)."""
    tbl = table._tbl
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl.tblPr.append(layout)
    for col, width in zip(tbl.tblGrid.iterfind(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(round(width * 567)))  # twentieths of a point per cm
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


# --- the end of a document ----------------------------------------------------------------------


def signature(doc: Document, office: Office, recipients: Sequence[str]) -> None:
    """ "Nơi nhận" on the left (12 pt bold italic, list 11 pt); authority, the space to
    sign and the signer's name on the right."""
    width = LEFT_CM + RIGHT_CM
    table = borderless(doc, (width * 0.45, width * 0.55), rows=1)
    left, right = table.rows[0].cells
    para(
        left,
        RECIPIENTS_TITLE,
        size=RECIPIENTS_TITLE_PT,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=PARAGRAPH_SPACE_PT,
        reuse=True,
    )
    for line in recipients:
        para(left, f"- {line}", size=RECIPIENTS_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in office.authority:
        para(
            right,
            line,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            before=PARAGRAPH_SPACE_PT if first else 0,
            reuse=first,
        )
        first = False
    para(right, SIGN_HERE, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, reuse=first)
    # Room for the signature and the seal: about 3 cm.
    para(right, office.signer, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=72)
    # The block stays on one page: a signature never sits alone at the top of the next.
    for cell in (left, right):
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True
    row_props = table.rows[0]._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    row_props.append(cant)


def repeat_header(table: Table, rows: int) -> None:
    """The first `rows` rows repeat at the top of every page the table runs onto."""
    for row in table.rows[:rows]:
        trpr = row._tr.get_or_add_trPr()
        mark = OxmlElement("w:tblHeader")
        mark.set(qn("w:val"), "true")
        trpr.append(mark)


def grid_borders(table: Table) -> None:
    """Single black lines around every cell of a data table, narrow cell padding (the
    figures' columns are 1.3 cm), and no row split across two pages."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        pad = OxmlElement(f"w:{edge}")
        pad.set(qn("w:w"), str(CELL_PADDING_TWIPS))
        pad.set(qn("w:type"), "dxa")
        margins.append(pad)
    table._tbl.tblPr.append(margins)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0")):
            line.set(qn(key), value)
        line.set(qn("w:color"), "000000")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _fonts_of_part(data: bytes) -> bytes:
    """The template's Word 2010 copy of the styles (stylesWithEffects.xml), which python-docx
    does not expose, with the same fonts as styles.xml: Word reads it when it is there."""
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's own parser

    root = etree.fromstring(data)
    for rpr in root.iter(qn("w:rPr")):
        if rpr.find(qn("w:rFonts")) is not None:
            set_fonts(rpr)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def to_bytes(doc: Document) -> bytes:
    """The .docx bytes, with fixed dates inside the zip: the same document, the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = source.read(info.filename)
            if info.filename.endswith("stylesWithEffects.xml"):
                data = _fonts_of_part(data)
            target.writestr(fixed, data)
    return out.getvalue()
