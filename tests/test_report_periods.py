"""Issue 15 in every format of the weekly report: a recurring obligation's rows name their
period, and the tasks (or periods) whose due date was extended have their section ("gia hạn")
in Markdown, CSV, HTML and the Word report alike.

The scenario: 456/UBND-VX (tests/test_periods.py) asks Sở Nội vụ for a report before the 25th
of every month from 10/6/2023. July's came on 20/7; August's was extended to 5/9/2023 on 20/8
and never came; June's never came. The week 2023-W36 (4–10/9/2023) sees June's and August's
overdue (77 and 5 days), September's in time.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from docx import Document
from test_documents import page_of
from test_periods import LETTER, REPO

from directive_cli.load import load_catalog

EVIDENCE = "Công văn số 12/UBND-VX đồng ý gia hạn"
WEEK = ["--week", "2023-W36"]


def _ok(result: Any) -> bytes:
    assert result.exit_code == 0, result.output
    return bytes(result.stdout_bytes)


@pytest.fixture
def data(cli: Cli, tmp_path: Path) -> list[str]:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REPO / "data" / "bodies.yaml", folder)
    (folder / "directive_0456.yaml").write_text(LETTER, encoding="utf-8")
    d = ["--data", str(folder)]
    _ok(cli("mark", "done", "2:snv", "--period", "2023-07", "--on", "20/7/2023", *d))
    _ok(cli("extend", "2:snv", "--period", "2023-08", "--to", "5/9/2023", "--on", "20/8/2023",
            "-e", EVIDENCE, *d))  # fmt: skip
    return d


def _section(markdown: str, number: int) -> list[str]:
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"## {number}. "))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), None)
    return [line for line in lines[start:end] if line]


def test_markdown_names_each_period_and_lists_the_extended_one(cli: Cli, data: list[str]) -> None:
    markdown = _ok(cli("report", *WEEK, *data)).decode()
    assert _section(markdown, 2) == [
        "## 2. Nhiệm vụ quá hạn tính đến ngày 10/09/2023",
        "| STT | Điểm | Cơ quan, đơn vị | Trạng thái | Hạn | Kỳ | Căn cứ | Số ngày quá hạn |",
        "|---:|---|---|---|---|---|---|---:|",
        "| 1 | 2 | Sở Nội vụ | Chưa thực hiện | 25/06/2023 | tháng 6/2023 | trước ngày 25 hằng"
        " tháng | 77 |",
        "| 2 | 2 | Sở Nội vụ | Chưa thực hiện | 05/09/2023 | tháng 8/2023 | trước ngày 25 hằng"
        " tháng | 5 |",
    ]
    assert _section(markdown, 5) == [
        "## 5. Nhiệm vụ được gia hạn (tính đến ngày 10/09/2023)",
        "| STT | Điểm | Cơ quan, đơn vị | Trạng thái | Hạn | Kỳ | Căn cứ | Hạn ban đầu |",
        "|---:|---|---|---|---|---|---|---|",
        "| 1 | 2 | Sở Nội vụ | Chưa thực hiện | 05/09/2023 | tháng 8/2023 | trước ngày 25 hằng"
        " tháng | 25/08/2023 |",
    ]


def _csv(cli: Cli, *args: str) -> list[list[str]]:
    text = _ok(cli("report", "--format", "csv", *args)).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_tables_carry_the_period(cli: Cli, data: list[str]) -> None:
    head = ["STT", "Nhiệm vụ", "Điểm", "Nội dung", "Mã", "Cơ quan, đơn vị", "Nhóm",
            "Trạng thái", "Hạn", "Kỳ", "Căn cứ"]  # fmt: skip
    row = ["2:snv", "2", "Báo cáo hằng tháng", "snv", "Sở Nội vụ", "g1", "Chưa thực hiện"]
    source = "trước ngày 25 hằng tháng"
    assert _csv(cli, *WEEK, *data, "--table", "overdue") == [
        [*head, "Số ngày quá hạn"],
        ["1", *row, "2023-06-25", "tháng 6/2023", source, "77"],
        ["2", *row, "2023-09-05", "tháng 8/2023", source, "5"],
    ]
    assert _csv(cli, *WEEK, *data, "--table", "extended") == [
        [*head, "Hạn ban đầu"],
        ["1", *row, "2023-09-05", "tháng 8/2023", source, "2023-08-25"],
    ]


def test_csv_extended_of_a_week_without_an_extension_is_its_header(
    empty_db: Path, cli: Cli
) -> None:
    """Was a KeyError traceback: the section exists only when an extension does."""
    assert _csv(cli, "--week", "2023-W23", "--table", "extended") == [
        ["STT", "Nhiệm vụ", "Điểm", "Nội dung", "Mã", "Cơ quan, đơn vị", "Nhóm", "Trạng thái",
         "Hạn", "Căn cứ", "Hạn ban đầu"],
    ]  # fmt: skip


def _html_tables(html: str) -> dict[str, list[list[str]]]:
    """Each section's table by the section's number: the rows after its heading."""
    page = page_of(html)
    out: dict[str, list[list[str]]] = {}
    for section in html.split("<h2>")[1:]:
        number = section.split(".", 1)[0]
        out[number] = page_of("<h2>" + section).rows
    assert sum(len(rows) for rows in out.values()) == len(page.rows)
    return out


def test_html_names_each_period_and_lists_the_extended_one(cli: Cli, data: list[str]) -> None:
    html = _ok(cli("report", *WEEK, *data, "--format", "html")).decode()
    tables = _html_tables(html)
    task = ["2:snv", "Sở Nội vụ", "Báo cáo hằng tháng"]
    assert tables["2"] == [
        ["Nhiệm vụ", "Cơ quan, đơn vị", "Nội dung", "Trạng thái", "Hạn", "Kỳ", "Số ngày quá hạn"],
        [*task, "Chưa thực hiện", "25/06/2023", "tháng 6/2023", "77"],
        [*task, "Chưa thực hiện", "05/09/2023", "tháng 8/2023", "5"],
    ]
    assert tables["5"] == [
        ["Nhiệm vụ", "Cơ quan, đơn vị", "Nội dung", "Trạng thái", "Hạn", "Kỳ", "Hạn ban đầu"],
        [*task, "Chưa thực hiện", "05/09/2023", "tháng 8/2023", "25/08/2023"],
    ]
    assert "<h2>5. Nhiệm vụ được gia hạn (tính đến ngày 10/09/2023)</h2>" in html
    english = _ok(cli("--lang", "en", "report", *WEEK, *data, "--format", "html")).decode()
    assert _html_tables(english)["5"] == [
        ["Task", "Body", "Title", "Status", "Due", "Period", "Original due date"],
        [
            "2:snv",
            "Sở Nội vụ",
            "Báo cáo hằng tháng",
            "To do",
            "05/09/2023",
            "8/2023",
            "25/08/2023",
        ],
    ]


def test_html_without_periods_or_extensions_keeps_its_shape(empty_db: Path, cli: Cli) -> None:
    html = _ok(cli("report", "--week", "2023-W23", "--format", "html")).decode()
    tables = _html_tables(html)
    assert sorted(tables) == ["1", "2", "3", "4"]
    assert tables["2"][0] == [
        "Nhiệm vụ", "Cơ quan, đơn vị", "Nội dung", "Trạng thái", "Hạn", "Số ngày quá hạn"
    ]  # fmt: skip


def _docx(cli: Cli, tmp_path: Path, *args: str) -> Any:
    out = tmp_path / "bao-cao.docx"
    _ok(cli("report", *args, "-o", str(out), "--force"))
    return Document(str(out))


def _extended_table(doc: Any) -> list[list[str]]:
    [table] = [t for t in doc.tables if t.rows[0].cells[-1].text == "Gia hạn đến"]
    return [[c.text for c in row.cells] for row in table.rows]


def _body(doc: Any) -> list[str]:
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    return texts[texts.index("2. Cơ quan, đơn vị có nhiệm vụ quá hạn") : -1]


def test_docx_names_overdue_periods_and_lists_the_extended_one(
    cli: Cli, data: list[str], tmp_path: Path
) -> None:
    doc = _docx(cli, tmp_path, *WEEK, *data)
    assert _body(doc) == [
        "2. Cơ quan, đơn vị có nhiệm vụ quá hạn",
        "Tính đến ngày 10/9/2023, có 1 (một) cơ quan, đơn vị có nhiệm vụ quá hạn: Sở Nội vụ"
        " (2 nhiệm vụ).",
        "Trong đó, các kỳ báo cáo định kỳ quá hạn: Sở Nội vụ, điểm 2 (tháng 6/2023, tháng 8/2023).",
        "Trong số 2 (hai) nhiệm vụ quá hạn: 2 (hai) nhiệm vụ chưa thực hiện.",
        "3. Kết quả trong kỳ",
        "Trong kỳ báo cáo, không có nhiệm vụ nào được báo cáo hoàn thành.",
        "4. Kết quả cụ thể của từng cơ quan, đơn vị",
        "Kết quả thực hiện của từng cơ quan, đơn vị như bảng sau:",
        "5. Nhiệm vụ được gia hạn",
        "Tính đến ngày 10/9/2023, có 1 (một) nhiệm vụ được gia hạn, như bảng sau:",
    ]
    assert _extended_table(doc) == [
        ["STT", "Điểm", "Nội dung", "Cơ quan, đơn vị", "Kỳ", "Hạn ban đầu", "Gia hạn đến"],
        ["1", "2", "Báo cáo hằng tháng", "Sở Nội vụ", "tháng 8/2023", "25/8/2023", "5/9/2023"],
    ]
    # The Word report is Vietnamese whatever --lang says: the period too.
    english = _docx(cli, tmp_path, "--lang", "en", *WEEK, *data)
    assert _extended_table(english) == _extended_table(doc)


def test_docx_extension_of_a_dated_task_has_no_period_column(cli: Cli, tmp_path: Path) -> None:
    _ok(cli("extend", "3.1:vpub", "--to", "15/6/2023", "--on", "25/5/2023", "-e", EVIDENCE))
    doc = _docx(cli, tmp_path, "--week", "2023-W23")
    clause = load_catalog().directives[0].clause("3.1")
    assert clause is not None
    assert _extended_table(doc) == [
        ["STT", "Điểm", "Nội dung", "Cơ quan, đơn vị", "Hạn ban đầu", "Gia hạn đến"],
        ["1", "3.1", clause.title, "Văn phòng UBND tỉnh", "31/5/2023", "15/6/2023"],
    ]
    assert not any(p.text.startswith("Trong đó, các kỳ") for p in doc.paragraphs)


def test_docx_without_an_extension_has_no_section_5(
    empty_db: Path, cli: Cli, tmp_path: Path
) -> None:
    doc = _docx(cli, tmp_path, "--week", "2023-W23")
    assert [p.text for p in doc.paragraphs if p.text.startswith("5. ")] == []
    assert [t for t in doc.tables if t.rows[0].cells[-1].text == "Gia hạn đến"] == []


def test_xlsx_sheets_carry_the_period(cli: Cli, data: list[str], tmp_path: Path) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    target = tmp_path / "bao-cao.xlsx"
    _ok(cli("report", *WEEK, *data, "-o", str(target)))
    book = load_workbook(target)
    assert book.sheetnames[:5] == [
        "Tổng hợp", "Quá hạn", "Cập nhật trong kỳ", "Sắp đến hạn", "Gia hạn",
    ]  # fmt: skip

    def rows(sheet: str) -> list[list[Any]]:
        values = [[c.value for c in row] for row in book[sheet].iter_rows(min_row=3)]
        return [[v.date().isoformat() if hasattr(v, "date") else v for v in r] for r in values]

    head = ["STT", "Nhiệm vụ", "Điểm", "Nội dung", "Mã", "Cơ quan, đơn vị", "Nhóm",
            "Trạng thái", "Hạn", "Kỳ", "Căn cứ"]  # fmt: skip
    row = ["2:snv", "2", "Báo cáo hằng tháng", "snv", "Sở Nội vụ", "g1", "Chưa thực hiện"]
    source = "trước ngày 25 hằng tháng"
    assert rows("Quá hạn") == [
        [*head, "Số ngày quá hạn"],
        [1, *row, "2023-06-25", "tháng 6/2023", source, 77],
        [2, *row, "2023-09-05", "tháng 8/2023", source, 5],
    ]
    assert rows("Gia hạn") == [
        [*head, "Hạn ban đầu"],
        [1, *row, "2023-09-05", "tháng 8/2023", source, "2023-08-25"],
    ]
