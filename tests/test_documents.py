"""The documents an office sends, read back: the Word report, reminder letters, the web page.

The figures of every document are compared with the JSON report of the same window (the one
the other formats are tested against); the layout with the numbers of NĐ 30/2020, Phụ lục I.
The rendering by LibreOffice and Chromium is in test_rendering.py.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from documents import (
    BLOCKED_NOTE,
    DISTRICT_DONE,
    NOW,
    D,
    build_history,
    build_trial_history,
    json_rows,
    md_table,
    open_tasks,
    summary_header,
    summary_rows,
    summary_table,
)
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from directive_cli import i18n, remind
from directive_cli import office as office_module
from directive_cli.errors import DirectiveError, InvalidInput
from directive_cli.load import Catalog
from directive_cli.model import Status
from directive_cli.numwords import figure, in_words
from directive_cli.render import letter as letter_text
from directive_cli.render import (
    letter_docx,
    official,
    report_docx,
    report_html,
    report_json,
    report_md,
)
from directive_cli.render.citing import day_words
from directive_cli.report import Counts
from directive_cli.store.sqlite import SqliteStore
from directive_cli.weekly import WeeklyReport, build, iso_week

W26 = "2023-W26"


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    # An earlier test's --lang en must not decide the labels here.
    i18n.set_lang("vi")


@pytest.fixture
def week_db(db: Path) -> Path:
    build_history(db)
    return db


def weekly_report(cat: Catalog, db: Path, week: str = W26) -> WeeklyReport:
    store = SqliteStore(db)
    try:
        return build(cat, store, iso_week(week, date(2023, 7, 3)), NOW)
    finally:
        store.close()


def default_office(cat: Catalog) -> office_module.Office:
    return office_module.load(None, cat.directive(D))


# --- numbers in words -------------------------------------------------------------------------

# Each as an official document writes it (the figures of real reports and of the decree's
# examples: "211 (hai trăm mười một)", "năm 2024" = hai nghìn không trăm hai mươi bốn).
WORDS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (211, "hai trăm mười một"),
    (1000, "một nghìn"),
    (1005, "một nghìn không trăm linh năm"),
    (1021, "một nghìn không trăm hai mươi mốt"),
    (2024, "hai nghìn không trăm hai mươi bốn"),
    (10_000, "mười nghìn"),
    (100_000, "một trăm nghìn"),
    (100_211, "một trăm nghìn hai trăm mười một"),
    (1_000_000, "một triệu"),
    (1_000_001, "một triệu không trăm linh một"),
    (2_500_000, "hai triệu năm trăm nghìn"),
    (1_000_000_000, "một tỷ"),
    (1_000_000_000_000, "một nghìn tỷ"),
    (-3, "âm ba"),
]


@pytest.mark.parametrize(("n", "words"), WORDS)
def test_numbers_in_words(n: int, words: str) -> None:
    assert in_words(n) == words


def test_figure_is_digits_then_words() -> None:
    assert figure(211) == "211 (hai trăm mười một)"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2024, 2, 5), "Quảng Ngãi, ngày 05 tháng 02 năm 2024"),
        (date(2023, 6, 12), "Quảng Ngãi, ngày 12 tháng 6 năm 2023"),
        (date(2023, 12, 1), "Quảng Ngãi, ngày 01 tháng 12 năm 2023"),
    ],
)
def test_place_and_date_take_leading_zeros_as_the_decree_says(day: date, text: str) -> None:
    assert day_words("Quảng Ngãi", day) == text


# --- the office's settings --------------------------------------------------------------------


def test_office_defaults_come_from_the_directive(cat: Catalog) -> None:
    office = default_office(cat)
    assert office == office_module.Office(
        parent=(),
        issuer=("Ủy ban nhân dân", "tỉnh Quảng Ngãi"),
        place="Quảng Ngãi",
        report_symbol="BC-UBND",
        letter_symbol="UBND-KTTH",
        number="",
        authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        signer="Đặng Văn Minh",
        report_recipients=("Lưu: VT.",),
        letter_recipients=("Như trên;", "Lưu: VT."),
        reply_days=7,
    )


@pytest.mark.parametrize(
    ("symbol", "report"),
    [("UBND-KTTH", "BC-UBND"), ("CT-UBND", "BC-UBND"), ("QĐ-UBND", "BC-UBND"),
     ("KH-UBND", "BC-UBND"), ("VPCP-CN", "BC-VPCP"), ("NQ-CP", "BC-CP")],
)  # fmt: skip
def test_the_reports_symbol_takes_the_issuers_code(cat: Catalog, symbol: str, report: str) -> None:
    """A công văn's symbol opens with its issuer, a Chỉ thị's with its type: the report of a
    Chỉ thị 05/CT-UBND is "…/BC-UBND", not "…/BC-CT"."""
    import dataclasses

    directive = dataclasses.replace(cat.directives[0], symbol=symbol)
    assert office_module.settle({}, directive).report_symbol == report


OFFICE_TOML = """
# Văn phòng UBND tỉnh theo dõi, báo cáo
parent = "Ủy ban nhân dân tỉnh Quảng Ngãi"
issuer = "Văn phòng"
place = "Quảng Ngãi"
report_symbol = "BC-VP"
letter_symbol = "VP-KTTH"
reply_days = 5

[signer]
authority = ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
name = "Nguyễn Thị Lan"

[recipients]
report = ["Chủ tịch, các PCT UBND tỉnh (b/c);", "Lưu: VT, KTTH."]
"""


def test_office_settings_file_overrides_the_defaults(cat: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    path.write_text(OFFICE_TOML, encoding="utf-8")
    office = office_module.load(path, cat.directive(D))
    assert office == office_module.Office(
        parent=("Ủy ban nhân dân tỉnh Quảng Ngãi",),
        issuer=("Văn phòng",),
        place="Quảng Ngãi",
        report_symbol="BC-VP",
        letter_symbol="VP-KTTH",
        number="",
        authority=("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
        signer="Nguyễn Thị Lan",
        report_recipients=("Chủ tịch, các PCT UBND tỉnh (b/c);", "Lưu: VT, KTTH."),
        letter_recipients=("Như trên;", "Lưu: VT."),
        reply_days=5,
    )


def test_office_file_is_found_by_option_then_environment_then_user_folder(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    assert office_module.find(None, {}, user) is None
    (user / "office.toml").write_text("", encoding="utf-8")
    assert office_module.find(None, {}, user) == user / "office.toml"
    assert office_module.find(None, {"DIRECTIVE_OFFICE": "/x/o.toml"}, user) == Path("/x/o.toml")
    assert office_module.find(Path("a.toml"), {"DIRECTIVE_OFFICE": "/x"}, user) == Path("a.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('signr = "x"', "khóa 'signr' không có trong tệp thiết lập; các khóa: place,"),
        (
            "[signer]\nnam = 'x'",
            "khóa 'signer.nam' không có trong tệp thiết lập; các khóa: signer.authority, signer.name",
        ),
        ("reply_days = 0", "'reply_days' phải là số ngày từ 1 đến 366"),
        ("reply_days = true", "'reply_days' phải là số ngày từ 1 đến 366"),
        ("place = 3", "'place' phải là một chuỗi ký tự"),
        ("issuer = [1, 2]", "'issuer' phải là một chuỗi hoặc một danh sách chuỗi"),
        ("signer = 'Lan'", "'signer' phải là một bảng ([signer])"),
        ('place = "Quảng Ngãi', "tệp thiết lập không đúng cú pháp TOML"),
    ],
)
def test_a_bad_settings_file_is_one_line_naming_it(
    cat: Catalog, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DirectiveError) as caught:
        office_module.load(path, cat.directive(D))
    shown = str(caught.value.problems[0])
    assert shown.startswith(f"{path}") and message in shown, shown
    assert "\n" not in shown


def test_a_missing_settings_file_is_named(cat: Catalog, tmp_path: Path) -> None:
    with pytest.raises(DirectiveError) as caught:
        office_module.load(tmp_path / "nowhere.toml", cat.directive(D))
    assert str(caught.value.problems[0]) == (
        f"{tmp_path / 'nowhere.toml'}: không có tệp thiết lập {tmp_path / 'nowhere.toml'}"
        " (nêu ở --office hoặc DIRECTIVE_OFFICE)"
    )


def test_deputy_signs_for_the_head() -> None:
    assert office_module.default_authority("Ủy ban nhân dân tỉnh X", "Phó Chủ tịch") == (
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )
    assert office_module.default_authority("Sở Nội vụ", "Giám đốc") == ("GIÁM ĐỐC",)


# --- the Word report --------------------------------------------------------------------------


def cm(length: int | None) -> float:
    assert length is not None
    return round(length / 360000, 2)


def test_docx_page_margins_and_fonts(cat: Catalog, week_db: Path) -> None:
    content = report_docx.render(weekly_report(cat, week_db), default_office(cat))
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (cm(section.page_width), cm(section.page_height)) == (21.0, 29.7)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [cm(m) for m in margins] == [2.0, 2.0, 3.0, 1.5]
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        xml = {
            n: z.read(n).decode("utf-8")
            for n in z.namelist()
            if n.endswith(".xml") and "numbering" not in n
        }
    # Every font declaration names Times New Roman for all four scripts, and no theme font
    # (which would win over the name) is left anywhere.
    fonts = [m for text in xml.values() for m in re.findall(r"<w:rFonts [^>]*/>", text)]
    assert fonts, "no font declared"
    for declaration in fonts:
        names = dict(re.findall(r'w:(\w+)="([^"]*)"', declaration))
        assert {k: names.get(k) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == dict.fromkeys(
            ("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman"
        ), declaration
        assert not any(k.endswith(("Theme", "theme")) for k in names), declaration
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(14)


def paragraphs_of(content: bytes) -> list[Any]:
    return list(Document(io.BytesIO(content)).paragraphs)


def test_docx_header_block_title_and_subject(cat: Catalog, week_db: Path) -> None:
    content = report_docx.render(weekly_report(cat, week_db), default_office(cat))
    doc = Document(io.BytesIO(content))
    header = doc.tables[0]
    cells = [[c.text for c in row.cells] for row in header.rows]
    assert cells == [
        [
            "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
        ],
        [
            "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND",
            "Quảng Ngãi, ngày 03 tháng 7 năm 2023",
        ],
    ]
    place = header.rows[1].cells[1].paragraphs[0]
    assert all(r.font.italic for r in place.runs)
    # The motto's rule: a paragraph border as long as the motto, centred under it.
    rule = header.rows[0].cells[1].paragraphs[2]
    assert rule._p.pPr.find(qn("w:pBdr")) is not None
    assert rule.paragraph_format.left_indent == rule.paragraph_format.right_indent
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[:2] == [
        "BÁO CÁO",
        "Tình hình thực hiện Công văn số 2167/UBND-KTTH ngày 16/5/2023\ncủa Ủy ban nhân dân tỉnh Quảng Ngãi",
    ]
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].font.bold


def test_docx_body_states_window_and_totals_in_words_and_figures(
    cat: Catalog, week_db: Path
) -> None:
    report = weekly_report(cat, week_db)
    data = report_json.as_dict(report)
    total = data["summary"]["total"]
    content = report_docx.render(report, default_office(cat))
    doc = Document(io.BytesIO(content))
    indent = [p.paragraph_format.first_line_indent for p in doc.paragraphs]
    body = [p for p, i in zip(doc.paragraphs, indent, strict=True) if i and cm(i) == 1.0]
    texts = [p.text for p in body]
    assert texts == [
        "Báo cáo tình hình thực hiện Công văn số 2167/UBND-KTTH ngày 16/5/2023 của Ủy ban nhân"
        " dân tỉnh Quảng Ngãi trong kỳ từ ngày 26/6/2023 đến ngày 2/7/2023 (tuần 26 năm 2023);"
        " số liệu tính đến hết ngày 2/7/2023, như sau:",
        "1. Kết quả chung",
        f"Tổng số nhiệm vụ được giao: {total['total']} ({in_words(total['total'])}) nhiệm vụ. Trong đó:",
        f"- Đã hoàn thành: {total['done']} ({in_words(total['done'])}) nhiệm vụ, đạt"
        f" {str(total['percent']).replace('.', ',')}%, gồm {total['on_time']}"
        f" ({in_words(total['on_time'])}) nhiệm vụ đúng hạn và {total['late']}"
        f" ({in_words(total['late'])}) nhiệm vụ trễ hạn;",
        f"- Chưa hoàn thành: {total['not_done']} ({in_words(total['not_done'])}) nhiệm vụ, gồm"
        f" {total['in_time']} ({in_words(total['in_time'])}) nhiệm vụ còn trong hạn và"
        f" {total['overdue']} ({in_words(total['overdue'])}) nhiệm vụ quá hạn.",
        f"Số nhiệm vụ không có thời hạn cụ thể: {total['no_deadline']}"
        f" ({in_words(total['no_deadline'])}) nhiệm vụ; các nhiệm vụ này được tính vào tổng số,"
        " không tính vào số nhiệm vụ đúng hạn, trễ hạn, trong hạn, quá hạn.",
        "2. Cơ quan, đơn vị có nhiệm vụ quá hạn",
        "Tính đến ngày 2/7/2023, có 1 (một) cơ quan, đơn vị có nhiệm vụ quá hạn: Văn phòng UBND"
        " tỉnh (1 nhiệm vụ).",
        "Trong số 1 (một) nhiệm vụ quá hạn: 1 (một) nhiệm vụ đang thực hiện.",
        "3. Kết quả trong kỳ",
        # 1a:skhdt, 2:skhdt and the backdated 1a:h-lyson; 1a:snv was done the week before.
        "Trong kỳ báo cáo, 3 (ba) nhiệm vụ được các cơ quan, đơn vị báo cáo hoàn thành.",
        "4. Kết quả cụ thể của từng cơ quan, đơn vị",
        "Kết quả thực hiện của từng cơ quan, đơn vị như bảng sau:",
        "Trên đây là báo cáo tình hình thực hiện Công văn số 2167/UBND-KTTH kỳ từ ngày 26/6/2023"
        " đến ngày 2/7/2023 (tuần 26 năm 2023)./.",
    ]
    for p in body:
        assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert all(r.font.size == Pt(14) for r in p.runs)
    assert total["overdue"] == 1 and total["done"] == 4  # the fixture is what the text says


def test_docx_table_rows_equal_the_json_report(cat: Catalog, week_db: Path) -> None:
    report = weekly_report(cat, week_db)
    content = report_docx.render(report, default_office(cat))
    assert summary_rows(content) == json_rows(report_json.as_dict(report))


def test_docx_table_headers_repeat_and_rows_do_not_split(cat: Catalog, week_db: Path) -> None:
    content = report_docx.render(weekly_report(cat, week_db), default_office(cat))
    table = summary_table(content)
    marked = [
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows
    ]
    assert marked[:2] == [True, True] and not any(marked[2:])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert [c.text for c in table.rows[0].cells] == [
        "STT", "Cơ quan, đơn vị", "Tổng số", "Đã hoàn thành", "Đã hoàn thành", "Đã hoàn thành",
        "Chưa hoàn thành", "Chưa hoàn thành", "Chưa hoàn thành", "Không thời hạn", "Tỷ lệ (%)",
    ]  # fmt: skip
    assert [c.text for c in table.rows[1].cells][3:9] == [
        "Tổng", "Đúng hạn", "Trễ hạn", "Tổng", "Trong hạn", "Quá hạn",
    ]  # fmt: skip


@pytest.fixture
def trial_db(db: Path) -> Path:
    build_trial_history(db)
    return db


# The weeks the docx and html tables are checked against md: the fixture's, the leaders'
# trial (an extension, a blocked overdue task) and one of 2025 (tasks of bodies that ended,
# the transferred column).
WEEKS = ["2023-W26", "2024-W02", "2025-W30"]


def md_summary(report: WeeklyReport) -> tuple[list[str], list[list[str]]]:
    return md_table(report_md.render(report), 1)


def test_docx_overdue_section_says_the_statuses_and_the_blocked_tasks_notes(
    cat: Catalog, trial_db: Path
) -> None:
    """The leaders' trial: the section named the bodies only; 1a:stc, blocked on its funds,
    needs a decision, and the Word report now says so with the clerk's note."""
    report = weekly_report(cat, trial_db, "2024-W02")
    data = report_json.as_dict(report)
    statuses = [o["status"] for o in data["overdue"]]
    counts = [len(statuses), *(statuses.count(s) for s in ("todo", "in_progress", "blocked"))]
    assert counts == [41, 39, 1, 1]  # 3.1:vpub is in progress
    texts = [p.text for p in paragraphs_of(report_docx.render(report, default_office(cat)))]
    start = texts.index("2. Cơ quan, đơn vị có nhiệm vụ quá hạn")
    end = texts.index("3. Kết quả trong kỳ")
    assert texts[start + 2 : end] == [
        "Trong số 41 (bốn mươi mốt) nhiệm vụ quá hạn: 39 (ba mươi chín) nhiệm vụ chưa thực"
        " hiện, 1 (một) nhiệm vụ đang thực hiện, 1 (một) nhiệm vụ vướng mắc.",
        "Các nhiệm vụ quá hạn đang vướng mắc, đề nghị xem xét, chỉ đạo tháo gỡ: Sở Tài chính,"
        f" điểm 1a: {BLOCKED_NOTE}.",
    ]
    # The md report's overdue table says the same statuses.
    _head, rows = md_table(report_md.render(report), 2)
    assert [r[3] for r in rows].count("Vướng mắc") == 1 and len(rows) == 41


@pytest.mark.parametrize("week", WEEKS)
def test_docx_table_is_the_markdown_table(cat: Catalog, trial_db: Path, week: str) -> None:
    """Every column of md in md's order, every row, every figure: the rows add up (issue:
    the no-deadline column was missing, 5 done were 1 on time + 0 late)."""
    report = weekly_report(cat, trial_db, week)
    content = report_docx.render(report, default_office(cat))
    head, rows = md_summary(report)
    docx_head = summary_header(content)
    assert docx_head[:-1] == head[:-1] and (docx_head[-1], head[-1]) == ("Tỷ lệ (%)", "Tỷ lệ %")
    total = "TỔNG CỘNG"
    assert [[r.number, r.name, *r.figures] for r in summary_rows(content)] == [
        [n, total if name == "Tổng cộng" else name, *figures] for n, name, *figures in rows
    ]
    assert summary_rows(content) == json_rows(report_json.as_dict(report))
    moved = report.summary.total.transferred > 0
    assert moved == (week == "2025-W30") and ("Đã chuyển" in head) == moved
    # The transferred column does not fit the portrait page: the table is in the annex.
    doc = Document(io.BytesIO(content))
    assert len(doc.sections) == (2 if moved else 1)


def test_docx_table_widths_fill_the_page(cat: Catalog, trial_db: Path) -> None:
    for week, width in (("2023-W26", 16.5), ("2025-W30", 25.2)):
        content = report_docx.render(weekly_report(cat, trial_db, week), default_office(cat))
        grid = summary_table(content)._tbl.tblGrid.findall(qn("w:gridCol"))
        widths = [round(int(col.get(qn("w:w"))) / 567, 2) for col in grid]
        assert abs(sum(widths) - width) < 0.05, widths
        assert min(widths[2:]) >= 1.3 and widths[1] >= 3.5, widths


def test_docx_page_numbers_from_page_two(cat: Catalog, week_db: Path) -> None:
    content = report_docx.render(weekly_report(cat, week_db), default_office(cat))
    section = Document(io.BytesIO(content)).sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.is_linked_to_previous is False
    assert [p.text for p in section.first_page_header.paragraphs] == [""]
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [i.text for i in header._p.iter(qn("w:instrText"))] == [" PAGE "]


def test_docx_signature_and_recipients(cat: Catalog, week_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "office.toml"
    path.write_text(OFFICE_TOML, encoding="utf-8")
    office = office_module.load(path, cat.directive(D))
    doc = Document(io.BytesIO(report_docx.render(weekly_report(cat, week_db), office)))
    sign = doc.tables[-1]
    left, right = sign.rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:",
        "- Chủ tịch, các PCT UBND tỉnh (b/c);",
        "- Lưu: VT, KTTH.",
    ]
    title = left.paragraphs[0].runs[0].font
    assert (title.bold, title.italic, title.size) == (True, True, Pt(12))
    assert all(r.font.size == Pt(11) for p in left.paragraphs[1:] for r in p.runs)
    assert [p.text for p in right.paragraphs] == [
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "(Ký, ghi rõ họ tên)",
        "Nguyễn Thị Lan",
    ]
    header = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert header[0][0] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nVĂN PHÒNG\n"
    assert header[1][0] == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-VP"


def test_docx_is_the_same_bytes_each_run(cat: Catalog, week_db: Path) -> None:
    report = weekly_report(cat, week_db)
    office = default_office(cat)
    assert report_docx.render(report, office) == report_docx.render(report, office)


def core_dates(content: bytes) -> dict[str, str]:
    """docProps/core.xml's dates, parsed: {"created": "…Z", "modified": "…Z"}."""
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        root = ET.fromstring(z.read("docProps/core.xml"))
    terms = "{http://purl.org/dc/terms/}"
    return {e.tag.removeprefix(terms): e.text or "" for e in root if e.tag.startswith(terms)}


def test_docx_creation_date_is_the_moment_made_in_utc(cat: Catalog, week_db: Path) -> None:
    """The office's 07:00 (+07:00) is 00:00 UTC: never 07:00 labelled UTC."""
    report = weekly_report(cat, week_db)
    assert report.generated_at == NOW == "2023-07-03T07:00:00+07:00"
    stamp = "2023-07-03T00:00:00Z"
    assert core_dates(report_docx.render(report, default_office(cat))) == {
        "created": stamp,
        "modified": stamp,
    }
    letter = binhson_letter(cat, week_db)
    made = datetime.fromisoformat("2024-01-02T21:43:48+07:00")
    assert core_dates(letter_docx.render(letter, default_office(cat), made)) == {
        "created": "2024-01-02T14:43:48Z",
        "modified": "2024-01-02T14:43:48Z",
    }


def test_docx_wide_figures_go_to_a_landscape_annex(cat: Catalog, week_db: Path) -> None:
    """A province's figures (five digits) do not fit the portrait columns: the table moves
    to a landscape "Phụ lục" after the signature, numbered on from the body."""
    report = weekly_report(cat, week_db)
    big = Counts(
        total=12345, done=2345, on_time=2000, late=345, not_done=10000, in_time=9000, overdue=1000
    )
    summary = type(report.summary)(report.summary.groups, big)
    wide = WeeklyReport(report.window, report.generated_at, report.directives, summary, (), (), ())
    content = report_docx.render(wide, default_office(cat))
    doc = Document(io.BytesIO(content))
    _portrait, annex = doc.sections
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert (cm(annex.page_width), cm(annex.page_height)) == (29.7, 21.0)
    assert annex.different_first_page_header_footer is False
    assert [i.text for i in annex.header.paragraphs[0]._p.iter(qn("w:instrText"))] == [" PAGE "]
    texts = [p.text for p in doc.paragraphs if p.text]
    assert "Kết quả thực hiện của từng cơ quan, đơn vị chi tiết tại Phụ lục kèm theo." in texts
    start = texts.index("Phụ lục")
    assert texts[start : start + 3] == [
        "Phụ lục",
        "TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN, ĐƠN VỊ",
        "(Kèm theo Báo cáo số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND ngày 3/7/2023 của Ủy ban"
        " nhân dân tỉnh Quảng Ngãi)",
    ]
    rows = summary_rows(content)
    assert rows[-1] == type(rows[-1])(
        "", "TỔNG CỘNG", ["12345", "2345", "2000", "345", "10000", "9000", "1000", "0", "19,0"]
    )
    # The table is the last thing in the document: in the annex, not the body.
    body = doc.element.body
    tables = body.findall(qn("w:tbl"))
    assert list(body).index(tables[-1]) > list(body).index(body.findall(qn("w:p"))[-3])


# --- reminder letters -------------------------------------------------------------------------


def letters_for(cat: Catalog, db: Path, day: date, **filters: Any) -> remind.Plan:
    store = SqliteStore(db)
    try:
        progress = store.states_as_of(day)
    finally:
        store.close()
    return remind.plan(cat, progress, day, 7, **filters)


def test_remind_one_letter_per_body_that_owes(cat: Catalog, week_db: Path) -> None:
    day = date(2024, 1, 2)
    plan = letters_for(cat, week_db, day, groups=["g3"])
    districts = [b.id for b in cat.registry.members("g3")]
    owing = [b for b in districts if open_tasks(cat, week_db, day, b)]
    assert DISTRICT_DONE in districts and DISTRICT_DONE not in owing
    assert [letter.body.id for letter in plan.letters] == owing
    for letter in plan.letters:
        assert [t.clause for t in letter.tasks] == open_tasks(cat, week_db, day, letter.body.id)
        assert letter.reply_by == date(2024, 1, 9)
    lyson = next(x for x in plan.letters if x.body.id == "h-lyson")
    assert [t.clause for t in lyson.tasks] == ["1b", "1c", "1d"]
    assert lyson.overdue == 0
    assert plan.ended == ()


def test_remind_overdue_only_names_the_districts_that_owe_1a(cat: Catalog, week_db: Path) -> None:
    day = date(2024, 1, 2)
    plan = letters_for(cat, week_db, day, groups=["g3"], overdue_only=True)
    expected = [
        b.id for b in cat.registry.members("g3") if "1a" in open_tasks(cat, week_db, day, b.id)
    ]
    assert "h-lyson" not in expected and len(expected) == 11
    assert [x.body.id for x in plan.letters] == expected
    for letter in plan.letters:
        (task,) = letter.tasks
        assert (task.clause, task.due, task.days_overdue, task.status) == (
            "1a", date(2023, 12, 31), 2, Status.TODO,
        )  # fmt: skip


def test_remind_within_keeps_overdue_and_due_soon(cat: Catalog, week_db: Path) -> None:
    day = date(2023, 12, 25)
    within = letters_for(cat, week_db, day, bodies=["snv", "vpub", "stc"], within=7)
    assert [(x.body.id, [t.clause for t in x.tasks]) for x in within.letters] == [
        ("vpub", ["1a", "3.1"]),  # 1a due in 6 days, 3.1 overdue since June
        ("stc", ["1a"]),  # snv reported 1a done in June
    ]
    short = letters_for(cat, week_db, day, bodies=["vpub"], within=5)
    assert [[t.clause for t in x.tasks] for x in short.letters] == [["3.1"]]
    vpub = within.letters[0]
    assert [(t.clause, t.days_left, t.days_overdue) for t in vpub.tasks] == [
        ("1a", 6, 0),
        ("3.1", None, 208),
    ]


def test_remind_refuses_contradicting_filters() -> None:
    with pytest.raises(InvalidInput, match="--within đã gồm các nhiệm vụ quá hạn"):
        remind.check(True, 7)
    with pytest.raises(InvalidInput, match="--within: số ngày phải từ 0 đến 366"):
        remind.check(False, -1)


def test_remind_leaves_out_bodies_no_longer_in_existence(cat: Catalog, week_db: Path) -> None:
    ended = [b for b in cat.registry.bodies if b.valid_to is not None]
    assert ended, "the registry has bodies with an end date"
    day = max(b.valid_to for b in ended if b.valid_to) + (date(2025, 7, 2) - date(2025, 7, 1))
    plan = letters_for(cat, week_db, day)
    gone = {b.id for b in ended if not b.valid_on(day)}
    assert gone and {b.id for b in plan.ended} <= gone
    assert not gone & {x.body.id for x in plan.letters}


def binhson_letter(cat: Catalog, db: Path) -> remind.Letter:
    plan = letters_for(cat, db, date(2024, 1, 2), bodies=["h-binhson"])
    (letter,) = plan.letters
    return letter


def test_letter_words(cat: Catalog, week_db: Path) -> None:
    letter = binhson_letter(cat, week_db)
    w = letter_text.words(letter, default_office(cat))
    directive = cat.directive(D)
    texts = {c.id: c for c in directive.clauses}
    assert w.subject == "V/v đôn đốc thực hiện Công văn số 2167/UBND-KTTH"
    assert w.addressee == "UBND huyện Bình Sơn"
    assert w.intro == (
        "Thực hiện Công văn số 2167/UBND-KTTH ngày 16/5/2023 của Ủy ban nhân dân tỉnh Quảng Ngãi"
        " về việc triển khai thực hiện Kết luận số 1753-KL/TU ngày 19/4/2023 của Ban Thường vụ"
        " Tỉnh ủy; qua theo dõi, tính đến ngày 2/1/2024, UBND huyện Bình Sơn chưa hoàn thành 4"
        " (bốn) nhiệm vụ được giao, trong đó có 1 (một) nhiệm vụ đã quá hạn, cụ thể như sau:"
    )
    assert [(i.heading, i.text) for i in w.items] == [
        (f"{n}. Điểm {c}: {texts[c].title}", texts[c].text)
        for n, c in enumerate(("1a", "1b", "1c", "1d"), 1)
    ]
    assert w.items[0].deadline == (
        "Thời hạn: 31/12/2023 (ngay trong năm 2023); đã quá hạn 2 ngày; hiện chưa thực hiện."
    )
    assert w.items[1].deadline == (
        "Thời hạn: không ấn định ngày cụ thể (Thường xuyên); hiện chưa thực hiện."
    )
    assert w.closing == (
        "Để bảo đảm tiến độ thực hiện các nhiệm vụ được giao, Ủy ban nhân dân tỉnh Quảng Ngãi đề"
        " nghị UBND huyện Bình Sơn khẩn trương triển khai thực hiện các nhiệm vụ nêu trên; báo"
        " cáo kết quả thực hiện về Ủy ban nhân dân tỉnh Quảng Ngãi trước ngày 9/1/2024 để theo"
        " dõi, tổng hợp./."
    )


def test_letter_docx_layout(cat: Catalog, week_db: Path) -> None:
    letter = binhson_letter(cat, week_db)
    office = default_office(cat)
    content = letter_docx.render(letter, office, datetime.fromisoformat(NOW))
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    assert [cm(m) for m in (section.top_margin, section.left_margin, section.right_margin)] == [
        2.0,
        3.0,
        1.5,
    ]
    header = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert header[1] == [
        "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/UBND-KTTH\nV/v đôn đốc thực hiện Công văn số 2167/UBND-KTTH",
        "Quảng Ngãi, ngày 02 tháng 01 năm 2024",
    ]
    w = letter_text.words(letter, office)
    texts = [p.text for p in doc.paragraphs if p.text]
    expected = ["Kính gửi: UBND huyện Bình Sơn.", w.intro]
    for item in w.items:
        expected += [item.heading, item.text, item.deadline]
    assert texts == [*expected, w.closing]
    sign = doc.tables[-1].rows[0].cells
    assert [p.text for p in sign[0].paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert [p.text for p in sign[1].paragraphs][-1] == "Đặng Văn Minh"


def test_letter_markdown_and_text(cat: Catalog, week_db: Path) -> None:
    letter = binhson_letter(cat, week_db)
    office = default_office(cat)
    md = letter_text.render_md(letter, office)
    lines = md.splitlines()
    assert lines[:8] == [
        "**ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI** — Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/UBND-KTTH",
        "",
        "_Quảng Ngãi, ngày 02 tháng 01 năm 2024_",
        "",
        "# V/v đôn đốc thực hiện Công văn số 2167/UBND-KTTH",
        "",
        "**Kính gửi:** UBND huyện Bình Sơn.",
        "",
    ]
    assert lines[-3:] == ["", "- Như trên;", "- Lưu: VT."]
    headings = [x for x in lines if x.startswith("**") and x[2:3].isdigit()]
    assert headings == [f"**{i.heading}**" for i in letter_text.words(letter, office).items]
    txt = letter_text.render_txt(letter, office)
    assert max(len(x) for x in txt.splitlines()) <= letter_text.WRAP
    assert " ".join(txt.split()).count("Thời hạn:") == 4
    assert txt.splitlines()[:3] == [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "Số:       /UBND-KTTH",
        "Quảng Ngãi, ngày 02 tháng 01 năm 2024",
    ]


def test_markdown_letter_keeps_typed_markup_as_text() -> None:
    assert letter_text._md("a *b* _c_ <i>|") == r"a \*b\* \_c\_ \<i\>\|"


# --- the web page -----------------------------------------------------------------------------


class Page(HTMLParser):
    """What a browser would fetch or run, and the page's tables and charts."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.scripts = 0
        self.rects: list[dict[str, str]] = []
        self.charts = 0
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href", "srcset", "data", "poster"):
            if key in a:
                self.fetches.append(a[key])
        if tag == "svg":
            self.charts += 1
        if tag == "rect":
            self.rects.append(a)
        if tag == "table":
            self.tables.append([])
        if tag == "tr":
            self._row = []
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def page_of(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_html_is_self_contained(cat: Catalog, week_db: Path) -> None:
    html = report_html.render(weekly_report(cat, week_db))
    page = page_of(html)
    assert page.fetches == [] and page.scripts == 0
    assert "@import" not in html and "url(" not in html
    assert f'content="{report_html.CSP}"' in html
    assert "@media print" in html and "@media (max-width: 640px)" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def vi_share(value: float) -> str:
    """A share as a Vietnamese page writes it: 2,8 (a decimal comma)."""
    return f"{value:.1f}".replace(".", ",")


def table_after(page: Page, first: str) -> list[list[str]]:
    """The page's first table whose header begins with `first`, its header first."""
    return next(t for t in page.tables if t and t[0][0] == first)


@pytest.mark.parametrize("week", WEEKS)
def test_html_summary_table_is_the_markdown_table(cat: Catalog, trial_db: Path, week: str) -> None:
    """The same columns in the same order, the same rows: no deadline, and transferred once
    there are any (issue: the no-deadline column was missing)."""
    report = weekly_report(cat, trial_db, week)
    head, rows = md_summary(report)
    table = table_after(page_of(report_html.render(report)), "STT")
    assert table == [head, *rows]
    assert ("Đã chuyển" in head) == (report.summary.total.transferred > 0)
    assert summary_rows(report_docx.render(report, default_office(cat))) == json_rows(
        report_json.as_dict(report)
    )


def test_html_figures_equal_the_json_report(cat: Catalog, week_db: Path) -> None:
    report = weekly_report(cat, week_db)
    data = report_json.as_dict(report)
    page = page_of(report_html.render(report))
    overdue = table_after(page, "Nhiệm vụ")
    assert overdue[0] == [
        "Nhiệm vụ",
        "Cơ quan, đơn vị",
        "Nội dung",
        "Trạng thái",
        "Hạn",
        "Số ngày quá hạn",
    ]
    assert [r[0] for r in overdue[1:]] == [o["task"] for o in data["overdue"]]
    changes = table_after(page, "Ngày hiệu lực")[1:]
    assert [r[1] for r in changes] == [c["task"] for c in data["changes"]]
    assert (
        "*đã* <b>xong</b> & | gửi"
        in changes[[c["task"] for c in data["changes"]].index("2:skhdt")][5]
    )


def test_html_overdue_table_says_the_status_and_what_a_blocked_task_waits_for(
    cat: Catalog, trial_db: Path
) -> None:
    """The leaders' trial: 1a:stc is overdue and blocked on its funds; md says the status,
    the page says it too, with the clerk's note."""
    report = weekly_report(cat, trial_db, "2024-W02")
    _head, md_rows = md_table(report_md.render(report), 2)
    overdue = table_after(page_of(report_html.render(report)), "Nhiệm vụ")[1:]
    # Điểm, Cơ quan, Trạng thái, Hạn and days of md; the page's task, body, status, due, days.
    assert [[r[0].split(":")[0], r[1], r[3].split(":")[0], r[4], r[5]] for r in overdue] == [
        [clause, body, status, due, days]
        for _n, clause, body, status, due, _source, days in md_rows
    ]
    blocked = [r for r in overdue if r[3].startswith("Vướng mắc")]
    assert [(r[0], r[3]) for r in blocked] == [("1a:stc", f"Vướng mắc: {BLOCKED_NOTE}")]


@pytest.mark.parametrize(("lang", "words"), [("vi", "Tuần 26 năm 2023"), ("en", "Week 26 of 2023")])
def test_html_title_says_the_week_in_words(
    cat: Catalog, week_db: Path, lang: str, words: str
) -> None:
    """As the Word report does ("tuần 26 năm 2023"), not "Tuần 2023-W26"."""
    i18n.set_lang(lang)
    try:
        report = weekly_report(cat, week_db)
        html = report_html.render(report)
        title = f"{report.title} — {words}"
    finally:
        i18n.set_lang("vi")
    head, body = html.split("</head>")
    assert re.findall(r"<title>(.*?)</title>", head) == [title]
    assert re.findall(r"<h1>(.*?)</h1>", body) == [title]


def test_html_chart_bars_add_up_to_each_body(cat: Catalog, week_db: Path) -> None:
    report = weekly_report(cat, week_db)
    page = page_of(report_html.render(report))
    assert page.charts == len(report.summary.groups)
    bodies = [row for block in report.summary.groups for row in block.rows]
    drawn: dict[str, int] = {}
    for rect in page.rects:
        name, n = rect_title(rect)
        drawn[name] = drawn.get(name, 0) + n
    assert drawn == {row.name: row.counts.total for row in bodies}
    keys = {rect["data-key"] for rect in page.rects}
    assert {"on_time", "done_undated", "in_time", "overdue", "open_undated"} <= keys


def rect_title(rect: dict[str, str]) -> tuple[str, int]:
    name, n = rect["aria-label"].rsplit(": ", 1)
    return name, int(n)


def test_html_english_labels(cat: Catalog, week_db: Path) -> None:
    from directive_cli import i18n

    i18n.set_lang("en")
    try:
        html = report_html.render(weekly_report(cat, week_db))
    finally:
        i18n.set_lang("vi")
    assert '<html lang="en">' in html
    assert "Overdue" in {x.strip() for x in page_of(html).text}


def test_json_of_the_fixture_is_what_the_documents_say(cat: Catalog, week_db: Path) -> None:
    """Guards the fixture the tests above rely on."""
    data = json.loads(report_json.render(weekly_report(cat, week_db)))
    assert [o["task"] for o in data["overdue"]] == ["3.1:vpub"]
    assert sorted(c["task"] for c in data["changes"]) == [
        "1a:h-lyson",
        "1a:skhdt",
        "1b:stc",
        "2:skhdt",
    ]
    assert official.FONT == "Times New Roman"
