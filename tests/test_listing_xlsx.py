"""`list`, `summary`, `history` and `bodies -o FILE.xlsx` (issue 13, item 11): each workbook
read back with openpyxl, its values held to the JSON of the same command, worded as the
tables word them (the words are spelled out here, not taken from the catalogue)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from openpyxl import load_workbook  # type: ignore[import-untyped]

from directive_cli.app import Exit

STATUS = {
    "todo": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
    "blocked": "Vướng mắc",
}
STANDING = {
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "in_time": "Trong hạn",
    "due_soon": "Sắp đến hạn",
    "overdue": "Quá hạn",
    "no_deadline": "Không thời hạn",
}
ROLE = {"lead": "Chủ trì", "support": "Phối hợp", "assigned": "Thực hiện"}
# A task without a deadline is worded by what its deadline is, as the table says it.
UNDATED = {"urgent": "Khẩn trương", "recurring": "Định kỳ", "event": "Khi phát sinh"}


def standing(record: dict[str, Any]) -> str:
    if record["timeliness"] == "no_deadline" and record["deadline_kind"] in UNDATED:
        return UNDATED[record["deadline_kind"]]
    return STANDING[record["timeliness"]]


FORMULA = '=HYPERLINK("http://x","y")'


def ok(result: Any) -> str:
    assert result.exit_code == 0, result.output + result.stderr
    return str(result.stdout)


@pytest.fixture
def marked(cli: Cli) -> Cli:
    """A history with a task done on time, one done late then re-marked (the first day of
    "done" still decides), one in progress with a formula for a note, one marked then undone."""
    ok(cli("mark", "done", "4:snv", "--on", "20/6/2023", "--evidence", "Báo cáo số 45/BC-SNV"))
    ok(cli("mark", "done", "3.1:vpub", "--on", "5/6/2023", "--evidence", "Tờ trình số 12"))
    ok(cli("mark", "done", "3.1:vpub", "--on", "10/6/2023", "--note", "bổ sung hồ sơ"))
    ok(cli("mark", "in_progress", "1a:snv", "--on", "1/6/2023", "--note", FORMULA))
    ok(cli("mark", "blocked", "2:snv", "--on", "2/6/2023"))
    ok(cli("undo", "--yes"))
    return cli


def workbook(path: Path) -> Any:
    wb = load_workbook(path)
    assert len(wb.worksheets) == 1
    return wb.worksheets[0]


def check_print_setup(ws: Any, columns: int, rows: int) -> None:
    """One title row, the header on row 2 (frozen, repeated on every printed page), the
    autofilter over header and data, A4 landscape fitted to the page's width."""
    last = f"{ws.cell(row=2, column=columns).column_letter}{rows + 2}"
    assert (
        ws.freeze_panes,
        ws.print_title_rows,
        ws.auto_filter.ref,
        ws.page_setup.orientation,
        ws.page_setup.paperSize,
        ws.page_setup.fitToWidth,
        ws.page_setup.fitToHeight,
        ws.sheet_properties.pageSetUpPr.fitToPage,
    ) == ("A3", "$2:$2", f"A2:{last}", "landscape", 9, 1, 0, True)
    assert ws.max_row == rows + 2 and ws.max_column == columns
    assert ws["A1"].font.bold and all(c.font.bold for c in ws[2])
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]


def values(ws: Any) -> list[list[Any]]:
    """The data rows (below the header), empty cells as None."""
    return [list(row) for row in ws.iter_rows(min_row=3, values_only=True)]


def day(text: str | None) -> datetime | None:
    """A JSON day as openpyxl reads an Excel date back."""
    return datetime.fromisoformat(text) if text else None


def moment(stamp: str | None) -> datetime | None:
    """A JSON recorded_at stamp as the workbook shows it: on the office's clock (the default
    zone, Asia/Ho_Chi_Minh, whatever this computer's), to the second."""
    from zoneinfo import ZoneInfo

    if not stamp:
        return None
    return (
        datetime.fromisoformat(stamp).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).replace(tzinfo=None)
    )


LIST_HEADER = [
    "STT",
    "Nhiệm vụ",
    "Điểm",
    "Nội dung",
    "Mã",
    "Cơ quan, đơn vị",
    "Nhóm",
    "Vai trò",
    "Trạng thái",
    "Tiến độ",
    "Hạn",
    "Căn cứ",
    "Số ngày quá hạn",
    "Ngày hiệu lực",
    "Ghi lúc",
    "Văn bản báo cáo",
    "Ghi chú",
]


def test_list_workbook_holds_the_json_rows_worded_as_the_table(marked: Cli, tmp_path: Path) -> None:
    args = ["list", "-b", "snv", "-b", "vpub", "--as-of", "30/6/2023"]
    target = tmp_path / "ds.xlsx"
    assert ok(marked(*args, "-o", str(target))) == ""  # not a terminal: nothing said
    records = json.loads(ok(marked(*args, "--format", "json")))
    ws = workbook(target)
    assert ws.title == "Nhiệm vụ"
    assert ws["A1"].value == "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 30/06/2023"
    assert [c.value for c in ws[2]] == LIST_HEADER
    check_print_setup(ws, len(LIST_HEADER), len(records))
    expected = [
        [
            n,
            r["task"],
            r["clause"],
            r["title"],
            r["body"],
            r["body_name"],
            r["group"],
            ROLE[r["role"]],
            STATUS[r["status"]],
            standing(r),
            day(r["due"]),
            r["due_text"],
            r["days_overdue"],
            day(r["effective_on"]),
            moment(r["updated_at"]),
            r["evidence"],
            r["note"],
        ]
        for n, r in enumerate(records, start=1)
    ]
    assert values(ws) == expected
    by_task = {row[1]: row for row in values(ws)}
    # Done late on 5/6 and re-marked on 10/6: the day that decides "late" is the first.
    assert by_task["3.1:vpub"][8:14] == [
        "Hoàn thành",
        "Trễ hạn",
        datetime(2023, 5, 31),
        "hoàn thành trong tháng 5/2023",
        5,  # days late, as JSON's days_overdue
        datetime(2023, 6, 5),
    ]
    assert by_task["1a:snv"][16] == FORMULA  # text, never a formula (checked above)
    assert by_task["2:snv"][8] == "Chưa thực hiện"  # the undone mark left no trace
    row = next(r for r in ws.iter_rows(min_row=3) if r[1].value == "3.1:vpub")
    assert [row[i].number_format for i in (10, 13, 14)] == [
        "DD/MM/YYYY",
        "DD/MM/YYYY",
        "DD/MM/YYYY HH:MM",
    ]
    assert row[0].data_type == "n" and row[12].data_type == "n"


def test_an_overdue_list_counts_its_days_as_numbers(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "qua-han.xlsx"
    ok(cli("list", "--overdue", "-g", "g3", "--as-of", "2/1/2024", "-o", str(target)))
    records = json.loads(
        ok(cli("list", "--overdue", "-g", "g3", "--as-of", "2/1/2024", "-f", "json"))
    )
    ws = workbook(target)
    assert len(records) == 13
    assert [(row[1], row[9], row[12]) for row in values(ws)] == [
        (r["task"], "Quá hạn", 2) for r in records
    ]


def test_summary_workbook_is_the_reports_summary_sheet(marked: Cli, tmp_path: Path) -> None:
    target = tmp_path / "tong-hop.xlsx"
    ok(marked("summary", "--as-of", "30/6/2023", "-o", str(target)))
    records = json.loads(ok(marked("summary", "--as-of", "30/6/2023", "--format", "json")))
    ws = workbook(target)
    assert ws.title == "Tổng hợp"
    assert ws["A1"].value == "Tình hình thực hiện 2167/UBND-KTTH — Tính đến ngày 30/06/2023"
    assert [c.value for c in ws[2]] == [
        "STT",
        "Mã",
        "Cơ quan, đơn vị",
        "Nhóm",
        "Tổng số",
        "Đã hoàn thành",
        "Đúng hạn",
        "Trễ hạn",
        "Chưa hoàn thành",
        "Trong hạn",
        "Quá hạn",
        "Không thời hạn",
        "Tỷ lệ %",
    ]
    rows = values(ws)
    groups = [r for r in rows if r[1] is None]  # groups and the total have no body id
    check_print_setup(ws, 13, len(records) + len(groups))
    counts = ["total", "done", "on_time", "late", "not_done", "in_time", "overdue"]
    counts += ["no_deadline", "percent"]
    bodies = [r for r in rows if r[1] is not None]
    assert [r[1:] for r in bodies] == [
        [r["body"], r["body_name"], r["group"], *(r[k] for k in counts)] for r in records
    ]
    assert [r[0] for r in bodies[:3]] == [1, 2, 3]  # numbered within the group
    assert [r[:3] for r in groups] == [
        ["I", None, "Các sở, ban ngành, đơn vị trực thuộc UBND tỉnh"],
        ["II", None, "Các cơ quan Trung ương trên địa bàn tỉnh"],
        ["III", None, "UBND các huyện, thị xã, thành phố"],
        [None, None, "Tổng cộng"],
    ]
    assert groups[-1][4:8] == [211, 2, 0, 1]  # 4:snv has no deadline, 3.1:vpub was late
    first = next(r for r in ws.iter_rows(min_row=3) if r[1].value == "snv")
    assert first[12].number_format == "0.0" and first[12].value == 16.7


def test_history_workbook_holds_every_event_of_the_json(marked: Cli, tmp_path: Path) -> None:
    target = tmp_path / "lich-su.xlsx"
    ok(marked("history", "-o", str(target)))
    records = json.loads(ok(marked("history", "--format", "json")))
    ws = workbook(target)
    assert ws.title == "Lịch sử cập nhật"
    assert ws["A1"].value == "Lịch sử cập nhật — 2167/UBND-KTTH"
    assert [c.value for c in ws[2]] == [
        "Sự kiện",
        "Lô",
        "Nhiệm vụ",
        "Thay đổi",
        "Trạng thái",
        "Ngày hiệu lực",
        "Người ghi",
        "Ghi lúc",
        "Văn bản báo cáo",
        "Ghi chú",
        "Hoàn tác sự kiện",
    ]
    check_print_setup(ws, 11, 6)
    assert values(ws) == [
        [
            r["id"],
            r["batch"],
            r["task"],
            f"{STATUS[r['previous_status'] or 'todo']} → {STATUS[r['status']]}",
            STATUS[r["status"]],
            day(r["effective_on"]),
            r["by"],
            moment(r["recorded_at"]),
            r["evidence"],
            r["note"],
            r["undoes"],
        ]
        for r in records
    ]
    assert values(ws)[-1][10] == 5 and values(ws)[-1][3] == "Vướng mắc → Chưa thực hiện"


def test_bodies_workbook_is_the_registry(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "co-quan.xlsx"
    ok(cli("bodies", "-o", str(target)))
    records = json.loads(ok(cli("bodies", "--format", "json")))
    ws = workbook(target)
    assert (ws.title, ws["A1"].value) == (
        "Cơ quan, đơn vị",
        "Danh mục cơ quan, đơn vị — 2167/UBND-KTTH",
    )
    header = ["Mã", "Cơ quan, đơn vị", "Tên viết tắt", "Nhóm", "Thứ tự"]
    assert [c.value for c in ws[2]] == [*header, "Hiệu lực từ ngày", "Hiệu lực đến ngày"]
    check_print_setup(ws, 7, len(records))
    assert values(ws) == [
        [
            r["id"],
            r["name"],
            "; ".join(r["aliases"]) or None,
            " ".join(r["groups"]),
            r["order"],
            day(r["valid_from"]),
            day(r["valid_to"]),
        ]
        for r in records
    ]


def test_english_workbooks_speak_english(marked: Cli, tmp_path: Path) -> None:
    target = tmp_path / "tasks.xlsx"
    ok(marked("--lang", "en", "list", "-c", "3.1", "--as-of", "30/6/2023", "-o", str(target)))
    ws = workbook(target)
    assert ws.title == "Tasks"
    assert ws["A1"].value == "Tasks of 2167/UBND-KTTH — As of 30/06/2023"
    assert [c.value for c in ws[2]] == [
        "No.",
        "Task",
        "Clause",
        "Title",
        "Id",
        "Body",
        "Group",
        "Role",
        "Status",
        "Timeliness",
        "Due",
        "Source phrase",
        "Days overdue",
        "Effective",
        "Recorded at",
        "Evidence",
        "Note",
    ]
    # Clause 3.1 names Văn phòng UBND tỉnh without "chủ trì": the work is assigned to it.
    assert [c.value for c in ws[3]][7:10] == ["Assigned", "Done", "Late"]


@pytest.mark.parametrize("command", ["list", "summary", "history", "bodies"])
def test_xlsx_is_a_file_and_an_existing_one_needs_force(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    result = cli(command, "--format", "xlsx")
    assert (result.exit_code, result.stdout, result.stderr) == (
        Exit.USAGE,
        "",
        "Lỗi: --format xlsx ghi ra tệp: thêm --output TỆP.xlsx\n",
    )
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"old")
    result = cli(command, "-o", str(target))
    assert result.exit_code == Exit.OUTPUT and target.read_bytes() == b"old"
    ok(cli(command, "-o", str(target), "--force"))
    assert load_workbook(target).worksheets[0]["A1"].value
    # --format xlsx with a name that says nothing of it is written as asked.
    other = tmp_path / "bang-tinh.dat"
    ok(cli(command, "--format", "xlsx", "-o", str(other)))
    with other.open("rb") as f:  # openpyxl goes by the name; the bytes are a workbook
        assert load_workbook(f).worksheets[0]["A2"].font.bold


def test_the_same_listing_gives_the_same_bytes(cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    ok(cli("summary", "--as-of", "30/6/2023", "-o", str(first)))
    ok(cli("summary", "--as-of", "30/6/2023", "-o", str(second)))
    assert first.read_bytes() == second.read_bytes()
    assert date(2023, 6, 30).strftime("%d/%m/%Y") in load_workbook(first).worksheets[0]["A1"].value
