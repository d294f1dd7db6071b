"""`directive report`: the weekly report as of a past window, its four formats, safe output.

Golden files live in tests/golden/report/; regenerate them after a deliberate change with
    UPDATE_GOLDEN=1 python -m pytest tests/test_report.py
and review the diff before committing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from typer.testing import CliRunner, Result

from directive_cli import options as cli_module
from directive_cli.app import Exit, app
from directive_cli.errors import InvalidInput
from directive_cli.load import Catalog
from directive_cli.model import Status
from directive_cli.store import NewMark
from directive_cli.store.sqlite import SqliteStore
from directive_cli.weekly import (
    Window,
    build,
    choose_window,
    iso_week,
    last_complete_week,
    recorded_day,
)

GOLDEN = Path(__file__).parent / "golden" / "report"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
D = "2167-2023"
NOW = "2023-06-12T07:00:00+07:00"  # the scheduled run: Monday morning after 2023-W23
TODAY = date(2023, 6, 12)
FORMULA = '=HYPERLINK("http://x","y")'


# --- the fixture history ---------------------------------------------------------------------


def _mark(
    clause: str,
    body: str,
    status: Status,
    day: date,
    by: str,
    *,
    note: str | None = None,
    evidence: str | None = None,
) -> NewMark:
    return NewMark(D, clause, body, status, day, by, note, evidence)


def build_history(path: Path) -> None:
    """One history that covers every cell of the 2×2 grid across 2023-W21…W23.

    2023-W21 (22–28/5): 3.1:vpub (due 31/5) is due within the next 7 days.
    2023-W22 (29/5–4/6): 1a:snv done on time; 3.1:vpub overdue by 4 days; 2:skhdt done with no
      deadline; 1b:stc marked then undone; 1a:h-lyson recorded on 6/6 but effective 3/6
      (backdated); a clerk's note is a spreadsheet formula.
    2023-W23 (5–11/6): 3.1:vpub done on 7/6, late by 7 days; the 1a tasks stay in time.
    """
    store = SqliteStore(path)
    try:
        store.record(
            [_mark("1a", "snv", Status.IN_PROGRESS, date(2023, 5, 24), "Nguyễn Văn An")],
            "2023-05-24T09:00:00+07:00",
        )
        store.record(
            [
                _mark(
                    "1a",
                    "snv",
                    Status.DONE,
                    date(2023, 5, 30),
                    "Nguyễn Văn An",
                    evidence="Báo cáo số 45/BC-SNV ngày 30/5/2023",
                )
            ],
            "2023-05-30T10:00:00+07:00",
        )
        store.record(
            [
                _mark(
                    "3.1",
                    "vpub",
                    Status.IN_PROGRESS,
                    date(2023, 5, 31),
                    "@admin",
                    note=FORMULA,
                    evidence="+84 905 123 456",
                )
            ],
            "2023-05-31T16:30:00+07:00",
        )
        store.record(
            [
                _mark(
                    "2",
                    "skhdt",
                    Status.DONE,
                    date(2023, 6, 1),
                    "Lê Văn Cường",
                    evidence="Công văn số 12/SKHĐT-TH ngày 01/6/2023",
                )
            ],
            "2023-06-02T08:15:00+07:00",
        )
        store.record(
            [
                _mark(
                    "1b",
                    "stc",
                    Status.IN_PROGRESS,
                    date(2023, 6, 2),
                    "Lê Văn Cường",
                    note="\tnhầm đơn vị",
                    evidence="-",
                )
            ],
            "2023-06-02T09:00:00+07:00",
        )
        store.undo_last("Lê Văn Cường", "2023-06-02T09:05:00+07:00")
        store.record(
            [
                _mark(
                    "1a",
                    "h-lyson",
                    Status.DONE,
                    date(2023, 6, 3),
                    "Phạm Thị Dung",
                    evidence="Báo cáo số 30/BC-UBND ngày 03/6/2023",
                )
            ],
            "2023-06-06T08:00:00+07:00",
        )
        store.record(
            [
                _mark(
                    "3.1",
                    "vpub",
                    Status.DONE,
                    date(2023, 6, 7),
                    "Nguyễn Văn An",
                    evidence="Tờ trình số 99/TTr-VP ngày 07/6/2023",
                    note="Đã trình UBND tỉnh",
                )
            ],
            "2023-06-07T10:00:00+07:00",
        )
    finally:
        store.close()


@pytest.fixture
def history(db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    build_history(db)
    monkeypatch.setattr(cli_module, "today", lambda: TODAY)
    monkeypatch.setattr(cli_module, "now_stamp", lambda: NOW)
    yield db


def run(db: Path, *args: str) -> Result:
    """The app in-process, on the fixture database and the bundled data (no --data)."""
    runner = CliRunner()
    return runner.invoke(
        app, ["report", *args], env={"DIRECTIVE_DB": str(db)}, catch_exceptions=False
    )


def ok(result: Result) -> bytes:
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def refused(result: Result, code: int) -> str:
    """A user mistake: the named exit code and one line on stderr, nothing on stdout (an
    exception would have propagated: the runner catches none)."""
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def golden(name: str, actual: bytes) -> None:
    """Compare a whole output with its golden file (line endings aside; checked elsewhere)."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1"
    expected = path.read_bytes().replace(b"\r\n", b"\n")
    assert actual.replace(b"\r\n", b"\n").decode("utf-8") == expected.decode("utf-8")


# --- golden files -----------------------------------------------------------------------------


@pytest.mark.parametrize("week", ["2023-W21", "2023-W22", "2023-W23"])
def test_markdown_golden(history: Path, week: str) -> None:
    golden(f"{week}.md", ok(run(history, "--week", week)))


@pytest.mark.parametrize("week", ["2023-W21", "2023-W22", "2023-W23"])
def test_json_golden(history: Path, week: str) -> None:
    # The goldens hold every change, an undone mark and its undo too (--with-undone).
    out = ok(run(history, "--week", week, "--format", "json", "--with-undone"))
    golden(f"{week}.json", out)
    assert json.loads(out)["schema_version"] == 1


@pytest.mark.parametrize(
    ("week", "table"),
    [
        ("2023-W22", "summary"),
        ("2023-W22", "overdue"),
        ("2023-W22", "changes"),
        ("2023-W21", "due_soon"),
    ],
)
def test_csv_golden(history: Path, week: str, table: str) -> None:
    out = ok(run(history, "--week", week, "--format", "csv", "--table", table, "--with-undone"))
    golden(f"{week}.{table}.csv", out)


def xlsx_value(c: Any) -> Any:
    """A cell's value for a golden file: a date as 2023-05-29, a date and time to the minute."""
    if not c.is_date:
        return c.value
    if "HH" in c.number_format:
        return c.value.isoformat(timespec="minutes")
    return c.value.date().isoformat()


def xlsx_values(path: Path) -> dict[str, list[list[Any]]]:
    wb = load_workbook(path)
    return {
        ws.title: [[xlsx_value(c) for c in row] for row in ws.iter_rows()] for ws in wb.worksheets
    }


@pytest.mark.parametrize("week", ["2023-W22", "2023-W23"])
def test_xlsx_golden_sheet_values(history: Path, tmp_path: Path, week: str) -> None:
    target = tmp_path / "report.xlsx"
    ok(run(history, "--week", week, "--output", str(target), "--with-undone"))  # format: .xlsx
    values = xlsx_values(target)
    text = (
        "\n".join(  # one row a line, so a changed cell shows as a one-line diff
            f"{json.dumps(sheet, ensure_ascii=False)}: {json.dumps(row, ensure_ascii=False)}"
            for sheet, rows in values.items()
            for row in rows
        )
        + "\n"
    )
    golden(f"{week}.xlsx.json", text.encode("utf-8"))
    assert list(values) == [
        "Tổng hợp",
        "Quá hạn",
        "Cập nhật trong kỳ",
        "Sắp đến hạn",
        "Biểu đồ",
        "Thông tin",
    ]


# --- what the figures say ---------------------------------------------------------------------


def report_json(db: Path, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(run(db, "--format", "json", *args)))
    return data


def body_counts(data: dict[str, Any], body: str) -> dict[str, Any]:
    rows: list[dict[str, Any]] = [
        r for g in data["summary"]["groups"] for r in g["bodies"] if r["body"] == body
    ]
    assert len(rows) == 1
    return rows[0]


def test_every_cell_of_the_grid_is_covered(history: Path) -> None:
    w22, w23 = (
        report_json(history, "--week", "2023-W22"),
        report_json(history, "--week", "2023-W23"),
    )
    assert body_counts(w22, "snv")["on_time"] == 1
    assert body_counts(w22, "vpub")["overdue"] == 1
    assert body_counts(w22, "vpub")["in_time"] == 1
    assert body_counts(w22, "skhdt")["done"] == 1 and body_counts(w22, "skhdt")["on_time"] == 0
    assert body_counts(w23, "vpub")["late"] == 1 and body_counts(w23, "vpub")["overdue"] == 0
    assert [(t["task"], t["days_overdue"]) for t in w22["overdue"]] == [("3.1:vpub", 4)]
    total = w22["summary"]["total"]
    assert total["total"] == 211
    assert total["done"] + total["not_done"] == total["total"]
    assert (
        total["on_time"]
        + total["late"]
        + total["in_time"]
        + total["overdue"]
        + total["no_deadline"]
        == total["total"]
    )


def test_window_and_as_of_are_stated(history: Path) -> None:
    md = ok(run(history, "--week", "2023-W22")).decode()
    assert "Từ ngày 29/05/2023 đến ngày 04/06/2023. Tính đến ngày 04/06/2023." in md
    data = report_json(history, "--week", "2023-W22")
    assert data["window"] == {"from": "2023-05-29", "to": "2023-06-04", "week": "2023-W22"}
    assert (data["as_of"], data["generated_at"]) == ("2023-06-04", NOW)


def test_changes_leave_out_what_was_undone_by_default(history: Path) -> None:
    """Issue 13 item 16: the report goes to leadership; a mark and its undo are no change."""
    every = report_json(history, "--week", "2023-W22", "--with-undone")["changes"]
    shown = report_json(history, "--week", "2023-W22")["changes"]
    undone = {c["id"] for c in every if c["undone_by"]} | {c["id"] for c in every if c["undoes"]}
    assert len(undone) == 2
    assert shown == [c for c in every if c["id"] not in undone]
    md = ok(run(history, "--week", "2023-W22")).decode()
    assert "hoàn tác #" not in md


def test_changes_flag_backdated_and_undo(history: Path) -> None:
    changes = report_json(history, "--week", "2023-W22", "--with-undone")["changes"]
    assert [(c["task"], c["effective_on"]) for c in changes] == [
        ("1a:snv", "2023-05-30"),
        ("3.1:vpub", "2023-05-31"),
        ("2:skhdt", "2023-06-01"),
        ("1b:stc", "2023-06-02"),
        ("1b:stc", "2023-06-02"),
        ("1a:h-lyson", "2023-06-03"),
    ]
    assert [c["backdated"] for c in changes] == [False] * 5 + [True]
    marked, undo = changes[3], changes[4]
    assert marked["undone_by"] == undo["id"] and undo["undoes"] == marked["id"]
    assert (undo["previous_status"], undo["status"]) == ("in_progress", "todo")
    md = ok(run(history, "--week", "2023-W22", "--with-undone")).decode()
    assert md.count("ghi lùi ngày") == 2  # the flagged row and the legend under the table
    assert f"hoàn tác #{marked['id']}" in md


def test_past_week_is_unchanged_by_later_marks(history: Path) -> None:
    before = {
        fmt: ok(run(history, "--week", "2023-W22", "--format", fmt))
        for fmt in ("md", "json", "csv")
    }
    store = SqliteStore(history)
    try:
        store.record(
            [
                _mark("1a", "stc", Status.DONE, date(2023, 6, 20), "Lê Văn Cường"),
                _mark("1a", "snv", Status.IN_PROGRESS, date(2023, 6, 5), "Nguyễn Văn An"),
            ],
            "2023-06-20T09:00:00+07:00",
        )
        store.undo_last("Nguyễn Văn An", "2023-06-21T09:00:00+07:00")
        store.record(
            [_mark("3.1", "vpub", Status.BLOCKED, date(2023, 6, 5), "Nguyễn Văn An")],
            "2023-06-22T09:00:00+07:00",
        )
    finally:
        store.close()
    for fmt, old in before.items():
        assert ok(run(history, "--week", "2023-W22", "--format", fmt)) == old, fmt
    after = report_json(history, "--week", "2023-W23")
    assert body_counts(after, "vpub")["late"] == 1  # the later week does see them
    assert "3.1:vpub" in [c["task"] for c in after["changes"]]


def test_a_backdated_mark_changes_the_past_week_and_says_so(history: Path) -> None:
    before = report_json(history, "--week", "2023-W21")
    store = SqliteStore(history)
    try:
        store.record(
            [_mark("1a", "sct", Status.DONE, date(2023, 5, 26), "Phạm Thị Dung")],
            "2023-06-10T09:00:00+07:00",
        )
    finally:
        store.close()
    after = report_json(history, "--week", "2023-W21")
    assert body_counts(before, "sct")["done"] == 0 and body_counts(after, "sct")["done"] == 1
    assert [(c["task"], c["backdated"]) for c in after["changes"]] == [
        ("1a:snv", False),
        ("1a:sct", True),
    ]


def test_due_soon_looks_seven_days_past_the_window(history: Path) -> None:
    w21 = report_json(history, "--week", "2023-W21")
    assert w21["due_soon"]["from"] == "2023-05-29" and w21["due_soon"]["to"] == "2023-06-04"
    assert [(t["task"], t["due"], t["days_left"]) for t in w21["due_soon"]["tasks"]] == [
        ("3.1:vpub", "2023-05-31", 3)
    ]
    assert report_json(history, "--week", "2023-W22")["due_soon"]["tasks"] == []


def test_custom_window_with_day_first_dates(history: Path) -> None:
    data = report_json(history, "--from", "1/6/2023", "--to", "07.06.2023")
    assert data["window"] == {"from": "2023-06-01", "to": "2023-06-07", "week": None}
    assert data["changes"][0]["effective_on"] == "2023-06-01"
    assert body_counts(data, "vpub")["late"] == 1


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (date(2023, 6, 12), "2023-W23"),  # Monday: last week is complete
        (date(2023, 6, 11), "2023-W22"),  # Sunday: this week is not over yet
        (date(2023, 6, 7), "2023-W22"),
        (date(2024, 1, 1), "2023-W52"),  # across a new year
    ],
)
def test_default_week_is_the_last_complete_week(
    history: Path, monkeypatch: pytest.MonkeyPatch, today: date, week: str
) -> None:
    monkeypatch.setattr(cli_module, "today", lambda: today)
    assert report_json(history)["window"]["week"] == week
    assert report_json(history, "--week", "last")["window"]["week"] == week


def test_as_of_moves_the_default_week_as_for_every_command(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert report_json(history, "--as-of", "30/6/2023")["window"]["week"] == "2023-W25"
    monkeypatch.setenv("DIRECTIVE_AS_OF", "7/6/2023")
    assert report_json(history)["window"]["week"] == "2023-W22"


def test_english_labels(history: Path) -> None:
    md = ok(run(history, "--week", "2023-W22", "--lang", "en")).decode()
    assert md.startswith("# Progress report on 2167/UBND-KTTH — Week 2023-W22\n")
    assert "From 29/05/2023 to 04/06/2023." in md


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_title_names_three_directives_and_counts_more(lang: str) -> None:
    from dataclasses import replace

    from directive_cli import i18n
    from directive_cli.weekly import DirectiveRef, WeeklyReport, Window, build

    class Empty:
        def states_as_of(
            self, day: date, bodies: None = None, *, details: bool = True
        ) -> dict[str, Any]:
            return {}

        def effective_between(self, start: date, end: date) -> list[Any]:
            return []

        def history(self, keys: Any = None) -> list[Any]:
            return []

        def extensions(self) -> list[Any]:
            return []

    i18n.set_lang(lang)
    try:
        from directive_cli.load import load_catalog

        report: WeeklyReport = build(
            load_catalog(), Empty(), Window(date(2023, 5, 29), date(2023, 6, 4)), NOW
        )
        refs = [DirectiveRef(f"{n}-2023", f"{n}/UBND-KTTH") for n in (1, 2, 3, 4)]
        titles = [replace(report, directives=tuple(refs[:k])).title for k in (1, 3, 4)]
    finally:
        i18n.set_lang("vi")
    assert (
        titles
        == {
            "vi": [
                "Báo cáo tình hình thực hiện 1/UBND-KTTH",
                "Báo cáo tình hình thực hiện 1/UBND-KTTH, 2/UBND-KTTH, 3/UBND-KTTH",
                "Báo cáo tình hình thực hiện 4 văn bản",
            ],
            "en": [
                "Progress report on 1/UBND-KTTH",
                "Progress report on 1/UBND-KTTH, 2/UBND-KTTH, 3/UBND-KTTH",
                "Progress report on 4 documents",
            ],
        }[lang]
    )


def test_an_empty_database_gives_a_report(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_module, "now_stamp", lambda: NOW)
    data = report_json(empty_db, "--week", "2023-W22")
    assert data["changes"] == [] and data["summary"]["total"]["done"] == 0


@pytest.mark.parametrize("command", [["report", "--week", "2023-W22"], ["remind", "-o", "thu"]])
def test_a_missing_database_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """A scheduler under another account, or a typo in --db, must not mail a report saying
    every task is undone: no database, no report, exit 6, and the good report stays."""
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "typo" / "progres.db"
    kept = tmp_path / "bao-cao.md"
    kept.write_text("tuần trước", encoding="utf-8")
    args = [*command, "--db", str(typo)] + (
        ["-o", str(kept), "--force"] if command[0] == "report" else []
    )
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (Exit.STORE, "")
    assert result.stderr == (
        f"Lỗi: chưa có cơ sở dữ liệu tiến độ tại {typo}: báo cáo từ đó sẽ coi mọi nhiệm vụ là"
        " chưa thực hiện, nên chưa làm; kiểm tra --db / DIRECTIVE_DB (lệnh chạy theo lịch dùng"
        " thư mục của tài khoản chạy nó); nếu chưa ghi gì, ghi cập nhật đầu tiên bằng"
        " directive mark\n"
    )
    assert kept.read_text(encoding="utf-8") == "tuần trước"
    assert not typo.exists() and not (tmp_path / "thu").exists()


@pytest.mark.parametrize("command", [["report", "--week", "2023-W22"], ["remind", "-o", "thu"]])
def test_an_empty_file_is_refused_as_one_and_stays_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """A copy that failed, or a full disk, leaves a file of 0 bytes: it is no history, the
    report is refused as from a missing one, and reading it writes no database into it."""
    office = tmp_path / "office"
    office.mkdir()
    monkeypatch.chdir(office)
    empty = office / "progress.db"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, [*command, "--db", str(empty)], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (Exit.STORE, "")
    assert result.stderr == (
        f"Lỗi: chưa có cơ sở dữ liệu tiến độ tại {empty} (tệp rỗng, 0 byte: không có lịch sử nào"
        " trong đó): báo cáo từ đó sẽ coi mọi nhiệm vụ là chưa thực hiện, nên chưa làm; kiểm"
        " tra --db / DIRECTIVE_DB (lệnh chạy theo lịch dùng thư mục của tài khoản chạy nó);"
        " nếu chưa ghi gì, ghi cập nhật đầu tiên bằng directive mark\n"
    )
    for reading in (["verify"], ["list", "--format", "json"], ["history"], ["backup", "b.db"]):
        CliRunner().invoke(app, [*reading, "--db", str(empty)], catch_exceptions=False)
    assert empty.stat().st_size == 0 and sorted(p.name for p in office.iterdir()) == ["progress.db"]
    checked = CliRunner().invoke(app, ["verify", "--db", str(empty)], catch_exceptions=False)
    assert (checked.exit_code, checked.stderr) == (
        Exit.NOT_FOUND,
        f"Lỗi: chưa có cơ sở dữ liệu tiến độ tại {empty} (tệp rỗng, 0 byte: không có lịch sử"
        " nào trong đó); không có gì để kiểm tra\n",
    )
    # A mark makes a history there, and says so.
    marked = CliRunner().invoke(app, ["mark", "done", "3.1:vpub", "--on", "30/5/2023", "--db",
                                      str(empty)], catch_exceptions=False)  # fmt: skip
    assert marked.exit_code == 0 and marked.stderr == (
        f"Cảnh báo: chưa có cơ sở dữ liệu tiến độ tại {empty} nên đã tạo mới (nếu đã có ở chỗ"
        " khác, kiểm tra --db / DIRECTIVE_DB)\n"
    )


# --- spreadsheet safety -----------------------------------------------------------------------


def test_csv_neutralises_typed_text_and_keeps_numbers(history: Path) -> None:
    out = ok(
        run(history, "--week", "2023-W22", "--format", "csv", "--table", "changes", "--with-undone")
    )
    assert out.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in out
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"))))
    vpub = next(r for r in rows if r["Nhiệm vụ"] == "3.1:vpub")
    assert vpub["Ghi chú"] == "'" + FORMULA
    assert vpub["Văn bản báo cáo"] == "'+84 905 123 456"
    assert vpub["Người ghi"] == "'@admin"
    stc = next(r for r in rows if r["Nhiệm vụ"] == "1b:stc" and r["Ghi chú"])
    assert stc["Ghi chú"] == "'\tnhầm đơn vị" and stc["Văn bản báo cáo"] == "'-"
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values())
    summary = list(
        csv.reader(
            io.StringIO(
                ok(run(history, "--week", "2023-W22", "--format", "csv")).decode("utf-8-sig")
            )
        )
    )
    assert summary[0][:3] == ["STT", "Mã", "Cơ quan, đơn vị"]
    assert summary[-1][2:5] == ["Tổng cộng", "", "211"]


def test_xlsx_has_no_formula_cell(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "weekly.xlsx"
    ok(run(history, "--week", "2023-W22", "--format", "xlsx", "--output", str(target)))
    wb = load_workbook(target)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert FORMULA in [c.value for c in cells]
    assert "@admin" in [c.value for c in cells] and "+84 905 123 456" in [c.value for c in cells]
    with zipfile.ZipFile(target) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    summary = wb["Tổng hợp"]
    numbers = [c.value for c in summary[5]]  # two title rows, the header, the group: a body
    assert numbers[1:3] == ["vpub", "Văn phòng UBND tỉnh"]
    assert all(isinstance(v, int) for v in numbers[4:12])
    assert isinstance(numbers[12], int | float)  # openpyxl reads 0.0 back as 0
    assert summary.cell(row=5, column=13).number_format == "0.0"


def test_xlsx_layout_titles_headers_widths_print_setup_and_chart(
    history: Path, tmp_path: Path
) -> None:
    target = tmp_path / "weekly.xlsx"
    ok(run(history, "--week", "2023-W22", "--output", str(target)))
    wb = load_workbook(target)
    heading = (
        "Báo cáo tình hình thực hiện 2167/UBND-KTTH — Tuần 2023-W22 — Tính đến ngày 04/06/2023"
    )
    titles = {
        ws.title: [ws["A1"].value, ws["A2"].value, ws["A1"].font.bold] for ws in wb.worksheets
    }
    assert titles == {
        "Tổng hợp": [heading, "Tình hình thực hiện theo cơ quan, đơn vị", True],
        "Quá hạn": [heading, "Nhiệm vụ quá hạn tính đến ngày 04/06/2023", True],
        "Cập nhật trong kỳ": [heading, "Cập nhật có hiệu lực trong kỳ", True],
        "Sắp đến hạn": [
            heading,
            "Nhiệm vụ đến hạn trong 7 ngày tiếp theo (05/06/2023 – 11/06/2023)",
            True,
        ],
        "Biểu đồ": [heading, "Đã hoàn thành và quá hạn theo cơ quan, đơn vị", True],
        "Thông tin": [heading, "Từ ngày 29/05/2023 đến ngày 04/06/2023", True],
    }
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A4", ws.title
        assert all(c.font.bold for c in ws[3] if c.value is not None), ws.title
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[3]]
        assert all(6 <= w <= 60 for w in widths), (ws.title, widths)
        last = f"{ws[3][-1].column_letter}{ws.max_row}"
        assert (
            ws.page_setup.orientation,
            ws.page_setup.paperSize,
            ws.page_setup.fitToWidth,
            ws.page_setup.fitToHeight,
            ws.sheet_properties.pageSetUpPr.fitToPage,
            ws.print_title_rows,
            ws.auto_filter.ref,
        ) == ("landscape", 9, 1, 0, True, "$3:$3", f"A3:{last}"), ws.title
    assert wb["Tổng hợp"]["C3"].value == "Cơ quan, đơn vị"
    assert wb["Tổng hợp"].column_dimensions["C"].width > 30
    changes = wb["Cập nhật trong kỳ"]
    assert changes["B4"].is_date and changes["B4"].number_format == "DD/MM/YYYY"
    # "Ghi lúc": a date and time Excel can sort and filter, in the recorder's clock.
    assert changes["I3"].value == "Ghi lúc"
    assert changes["I4"].value == datetime(2023, 5, 30, 10, 0)
    assert changes["I4"].number_format == "DD/MM/YYYY HH:MM"
    chart_sheet = wb["Biểu đồ"]
    [chart] = chart_sheet._charts
    assert type(chart).__name__ == "BarChart" and chart.type == "bar"
    assert [(s.tx.strRef.f, s.val.numRef.f) for s in chart.series] == [
        ("'Biểu đồ'!B3", "'Biểu đồ'!$B$4:$B$48"),
        ("'Biểu đồ'!C3", "'Biểu đồ'!$C$4:$C$48"),
    ]
    assert chart.series[0].cat.strRef.f == "'Biểu đồ'!$A$4:$A$48"
    assert chart.anchor._from.row == 3 and chart.anchor._from.col == 4
    assert [c.value for c in chart_sheet[3]] == ["Cơ quan, đơn vị", "Đã hoàn thành", "Quá hạn"]
    assert chart_sheet.max_row == 3 + 45


def test_xlsx_keeps_markup_as_text_and_is_the_same_bytes_each_run(
    history: Path, tmp_path: Path
) -> None:
    # The workbook is written as XML by hand: text that looks like XML, a rich-text run or
    # a formula stays text; characters XML cannot hold are shown as \xNN.
    markup = '<r></r></is></c><c r="Z1"><f>1+1</f></c><c t="inlineStr"><is><r></r>'
    store = SqliteStore(history)
    try:
        store.record(
            [
                _mark(
                    "1c",
                    "snv",
                    Status.IN_PROGRESS,
                    date(2023, 6, 1),
                    "<r>x</r>",
                    note=markup,
                    evidence="A & B <c> ]]> \r\nx\x00y ",
                )
            ],
            "2023-06-01T08:00:00+07:00",
        )
    finally:
        store.close()
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    ok(run(history, "--week", "2023-W22", "--output", str(first)))
    ok(run(history, "--week", "2023-W22", "--output", str(second)))
    assert first.read_bytes() == second.read_bytes()
    wb = load_workbook(first)
    changes = wb["Cập nhật trong kỳ"]
    header = [c.value for c in changes[3]]
    row = next(r for r in changes.iter_rows() if r[header.index("Nhiệm vụ")].value == "1c:snv")
    values = {h: c.value for h, c in zip(header, row, strict=True)}
    assert values["Người ghi"] == "<r>x</r>" and values["Ghi chú"] == markup
    assert values["Văn bản báo cáo"] == "A & B <c> ]]> \r\nx\\x00y "
    assert all(c.data_type == "s" for c in row if isinstance(c.value, str))
    assert not [
        c.coordinate
        for ws in wb.worksheets
        for r in ws.iter_rows()
        for c in r
        if c.data_type == "f" or (c.coordinate == "Z1" and c.value is not None)
    ]
    assert wb.properties.created.isoformat() == "2023-06-12T00:00:00"  # NOW, in UTC


# --- output files -----------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_output_file_matches_stdout(history: Path, tmp_path: Path) -> None:
    for fmt in ("md", "csv", "json"):
        target = tmp_path / f"weekly.{fmt}"
        assert ok(run(history, "--week", "2023-W22", "--output", str(target))) == b""
        assert target.read_bytes() == ok(run(history, "--week", "2023-W22", "--format", fmt))
    assert leftovers(tmp_path) == []


def test_a_format_the_file_name_contradicts_is_refused(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "weekly.xlsx"
    line = refused(run(history, "--format", "csv", "--output", str(target)), Exit.USAGE)
    assert line == (
        f"Lỗi: --format: định dạng csv không khớp đuôi tệp {target}; đổi --format hoặc tên tệp"
    )
    assert not target.exists() and leftovers(tmp_path) == []
    # A name that is no report format (.txt) takes the format given.
    ok(
        run(
            history,
            "--week",
            "2023-W22",
            "--format",
            "csv",
            "--output",
            str(tmp_path / "weekly.txt"),
        )
    )
    assert (tmp_path / "weekly.txt").read_bytes().startswith("\ufeff".encode())


def test_a_file_name_that_names_no_format_needs_one(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.pdf"
    line = refused(run(history, "--output", str(target)), Exit.USAGE)
    assert line == (
        f"Lỗi: --output: không biết ghi {target} theo định dạng nào; dùng đuôi .md,"
        " .csv, .json, .xlsx, .docx, .html hoặc thêm --format"
    )
    assert not target.exists()


def test_existing_target_needs_force(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "weekly.md"
    target.write_text("last week's copy\n", encoding="utf-8")
    line = refused(run(history, "--week", "2023-W22", "--output", str(target)), Exit.OUTPUT)
    assert line == f"Lỗi: {target} đã có; thêm --force để ghi đè"
    assert target.read_text(encoding="utf-8") == "last week's copy\n"
    ok(run(history, "--week", "2023-W22", "--output", str(target), "--force"))
    assert target.read_text(encoding="utf-8").startswith("# Báo cáo")
    assert leftovers(tmp_path) == []


def test_symlink_target_is_refused_even_with_force(history: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.md"
    real.write_text("do not touch\n", encoding="utf-8")
    link = tmp_path / "weekly.md"
    try:
        link.symlink_to(real)
    except OSError:  # Windows without the symlink privilege
        pytest.skip("cannot create a symbolic link here")
    line = refused(
        run(history, "--week", "2023-W22", "--output", str(link), "--force"), Exit.OUTPUT
    )
    assert line == (
        f"Lỗi: {link} là liên kết tượng trưng (symlink); không ghi qua nó, hãy chọn tệp khác"
    )
    assert real.read_text(encoding="utf-8") == "do not touch\n" and link.is_symlink()


def test_missing_folder_and_folder_target(history: Path, tmp_path: Path) -> None:
    line = refused(run(history, "--output", str(tmp_path / "nope" / "weekly.md")), Exit.OUTPUT)
    assert line == f"Lỗi: chưa có thư mục {tmp_path / 'nope'}; hãy tạo thư mục trước"
    line = refused(run(history, "--output", str(tmp_path), "--force"), Exit.OUTPUT)
    assert line == f"Lỗi: {tmp_path} là thư mục; hãy ghi rõ tên tệp"


def test_failed_write_leaves_no_temporary_file(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "weekly.json"
    target.write_text("{}\n", encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    line = refused(run(history, "--output", str(target), "--force"), Exit.OUTPUT)
    assert line == f"Lỗi: không ghi được {target}: đĩa đã đầy"
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_new_report_is_readable_by_others(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "weekly.md"
    old = os.umask(0o022)
    try:
        ok(run(history, "--week", "2023-W22", "--output", str(target)))
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


# --- refusals ---------------------------------------------------------------------------------


NOT_A_WEEK = (
    "không phải tuần ISO; nhập ví dụ 2023-W22, một ngày trong tuần (26/6/2023), 'tuần trước'"
    " hoặc 'tuần này'"
)
DATE_FORMS = (
    '16/5/2023, 16/05/2023, 16-5-2023, 16.5.2023, 2023-05-16, "ngày 16/5/2023",'
    ' "16 tháng 5 năm 2023", "hôm nay" hoặc "hôm qua"'
)


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2023-W54", "năm 2023 có các tuần ISO từ 1 đến 52; không có tuần '2023-W54'"),
        ("2023-W53", "năm 2023 có các tuần ISO từ 1 đến 52; không có tuần '2023-W53'"),
        ("2023-W00", "năm 2023 có các tuần ISO từ 1 đến 52; không có tuần '2023-W00'"),
        ("W22", f"'W22' {NOT_A_WEEK}"),
        ("2023-22", f"'2023-22' {NOT_A_WEEK}"),
        ("22", f"'22' {NOT_A_WEEK}"),
        ("2023-W22-1", f"'2023-W22-1' {NOT_A_WEEK}"),
        ("next", f"'next' {NOT_A_WEEK}"),
        ("", f"'' {NOT_A_WEEK}"),
    ],
)
def test_bad_week_is_a_usage_error(history: Path, week: str, message: str) -> None:
    assert refused(run(history, "--week", week), Exit.USAGE) == f"Lỗi: --week: {message}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--week", "2023-W22", "--from", "1/6/2023", "--to", "7/6/2023"],
            "không dùng --week cùng --from/--to; chọn một trong hai",
        ),
        (["--from", "1/6/2023"], "--from và --to đi cùng nhau: nhập cả hai, hoặc dùng --week"),
        (["--to", "7/6/2023"], "--from và --to đi cùng nhau: nhập cả hai, hoặc dùng --week"),
        (
            ["--from", "7/6/2023", "--to", "1/6/2023"],
            "--from 07/06/2023 sau --to 01/06/2023; hãy đổi chỗ hai ngày",
        ),
        (
            ["--from", "31/6/2023", "--to", "1/7/2023"],
            "--from: '31/6/2023' không phải ngày có thật (ngày 31, tháng 6, năm 2023); nhập ví dụ"
            f" {DATE_FORMS}",
        ),
        (
            ["--from", "6/1", "--to", "7/1/2023"],
            f"--from: không đọc được ngày '6/1': nhập đủ ngày, tháng, năm, ví dụ {DATE_FORMS}",
        ),
        (["--format", "xlsx"], "--format xlsx ghi ra tệp: thêm --output TỆP.xlsx"),
        (
            ["--format", "pdf"],
            "--format: 'pdf' không phải định dạng hợp lệ; dùng: md, csv, json, xlsx, docx, html",
        ),
        (
            ["--table", "overdue"],
            "--table chỉ dùng với --format csv (các định dạng khác chứa mọi phần)",
        ),
        (
            ["--format", "csv", "--table", "bodies"],
            "--table: không có bảng 'bodies'; dùng: summary, overdue, changes, due_soon, extended",
        ),
    ],
)
def test_other_mistakes_are_usage_errors(history: Path, args: list[str], message: str) -> None:
    assert refused(run(history, *args), Exit.USAGE) == f"Lỗi: {message}"


def test_a_53_week_year_has_week_53(history: Path) -> None:
    # 2026 has 53 ISO weeks; the report of its last one is a real one once it is over.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli_module, "today", lambda: date(2027, 1, 4))
        window = report_json(history, "--week", "2026-W53")["window"]
    assert window == {"from": "2026-12-28", "to": "2027-01-03", "week": "2026-W53"}


# --- the pure core ----------------------------------------------------------------------------


def test_iso_week_and_last_complete_week() -> None:
    assert iso_week("2023-W22", TODAY) == Window(date(2023, 5, 29), date(2023, 6, 4))
    assert iso_week("2023w01", TODAY) == Window(date(2023, 1, 2), date(2023, 1, 8))
    assert iso_week(" last ", TODAY) == last_complete_week(TODAY)
    assert iso_week("tuần trước", TODAY).week == "2023-W23"
    assert last_complete_week(date(2024, 1, 1)) == Window(date(2023, 12, 25), date(2023, 12, 31))
    assert Window(date(2023, 5, 29), date(2023, 6, 4)).week == "2023-W22"
    assert Window(date(2023, 5, 30), date(2023, 6, 5)).week is None
    with pytest.raises(InvalidInput):
        iso_week("2021-W53", TODAY)


def test_choose_window() -> None:
    assert choose_window(None, None, None, TODAY).week == "2023-W23"
    custom = choose_window(None, date(2023, 6, 1), date(2023, 6, 1), TODAY)
    assert custom == Window(date(2023, 6, 1), date(2023, 6, 1))
    for args in [("2023-W22", date(2023, 6, 1), None), (None, None, date(2023, 6, 1))]:
        with pytest.raises(InvalidInput):
            choose_window(*args, TODAY)


def test_recorded_day_uses_the_recorders_offset() -> None:
    assert recorded_day("2023-06-04T23:30:00+07:00") == date(2023, 6, 4)
    assert recorded_day("2023-06-05") == date(2023, 6, 5)
    assert recorded_day("garbage") is None


def test_build_reads_the_store_only_through_its_protocol(cat: Catalog, db: Path) -> None:
    build_history(db)
    store = SqliteStore(db, create=False)
    try:
        report = build(cat, store, iso_week("2023-W22", TODAY), NOW)
    finally:
        store.close()
    assert [r.task for r in report.overdue] == ["3.1:vpub"]
    assert report.as_of == date(2023, 6, 4)
    assert [c.backdated for c in report.changes].count(True) == 1
    assert report.summary.total.total == 211
