"""Issue 15: extensions (gia hạn) of one task's due date, or of one period's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import Cli
from test_periods import LETTER, REPO

EVIDENCE = "Công văn số 12/UBND-KTTH đồng ý gia hạn"


def _ok(result: Any) -> str:
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _monthly(tmp_path: Path) -> list[str]:
    """--data for a folder holding directive 456-2023 (clause 2: monthly, before the 25th)."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(REPO / "data" / "bodies.yaml", data)
    (data / "directive_0456.yaml").write_text(LETTER, encoding="utf-8")
    return ["--data", str(data)]


def _standing(cli: Cli, clause: str, *extra: str) -> dict[str, Any]:
    [row] = json.loads(_ok(cli("list", "-c", clause, "--format", "json", *extra)))
    return {k: row[k] for k in ("status", "timeliness", "due", "original_due", "days_overdue")}


def test_extend_mark_within_then_undo_the_extension(cli: Cli) -> None:
    """3.1:vpub is due 31/5/2023 ("trong tháng 5/2023"); the report came on 14/6/2023."""
    out = _ok(cli("extend", "3.1:vpub", "--to", "15/6/2023", "--on", "25/5/2023",
                  "--evidence", EVIDENCE))  # fmt: skip
    assert out.splitlines() == [
        "Đã ghi gia hạn (lô 1).",
        "  3.1:vpub: Gia hạn đến 15/06/2023 (25/05/2023)",
    ]
    _ok(cli("mark", "done", "3.1:vpub", "--on", "14/6/2023"))
    assert _standing(cli, "3.1") == {
        "status": "done",
        "timeliness": "on_time",
        "due": "2023-06-15",
        "original_due": "2023-05-31",
        "days_overdue": 0,
    }
    undone = _ok(cli("undo", "--batch", "1", "--yes"))
    assert undone.splitlines()[-1] == "  3.1:vpub: Bỏ gia hạn đến 15/06/2023"
    assert _standing(cli, "3.1") == {
        "status": "done",
        "timeliness": "late",
        "due": "2023-05-31",
        "original_due": None,
        "days_overdue": 14,
    }


def test_the_table_shows_the_letters_date_beside_the_extended_one(cli: Cli) -> None:
    _ok(cli("extend", "3.1:vpub", "--to", "15/6/2023", "--on", "25/5/2023", "-e", EVIDENCE))
    out = _ok(cli("list", "-c", "3.1", "--as-of", "1/6/2023"))
    assert out.splitlines()[4].split("   ")[-1].strip() == "15/06/2023, gia hạn từ 31/05/2023"


def test_extensions_stack_and_the_next_must_be_later(cli: Cli) -> None:
    _ok(cli("extend", "3.1:vpub", "--to", "15/6/2023", "--on", "25/5/2023", "-e", EVIDENCE))
    _ok(cli("extend", "3.1:vpub", "--to", "30/6/2023", "--on", "14/6/2023", "-e", "Công văn 20"))
    assert _standing(cli, "3.1", "--as-of", "20/6/2023") == {
        "status": "todo",
        "timeliness": "in_time",
        "due": "2023-06-30",
        "original_due": "2023-05-31",
        "days_overdue": 0,
    }
    # As of a day before the second letter, only the first counts.
    assert _standing(cli, "3.1", "--as-of", "13/6/2023")["due"] == "2023-06-15"
    refused = cli("extend", "3.1:vpub", "--to", "20/6/2023", "--on", "16/6/2023", "-e", "x")
    assert refused.exit_code != 0
    assert refused.stderr == (
        "Lỗi: Không gia hạn được đến 20/06/2023: không sau hạn hiện tại 30/06/2023.\n"
    )


def test_refusals_say_why_and_record_nothing(cli: Cli) -> None:
    cases = [
        (["3.1:vpub", "--to", "15/6/2023", "--on", "1/5/2023", "-e", EVIDENCE],
         "Lỗi: Không gia hạn được vào ngày 01/05/2023: trước ngày ban hành văn bản (16/05/2023).\n"),
        (["3.1:vpub", "--to", "20/5/2023", "--on", "25/5/2023", "-e", EVIDENCE],
         "Lỗi: Không gia hạn được đến 20/05/2023: không sau hạn hiện tại 31/05/2023.\n"),
        (["4:snv", "--to", "20/6/2023", "--on", "25/5/2023", "-e", EVIDENCE],
         "Lỗi: 4:snv không có hạn để gia hạn (nhiệm vụ không thời hạn).\n"),
        (["3.1:vpub", "--to", "20/6/2023", "--on", "25/5/2023"],
         "Lỗi: Gia hạn cần --evidence: văn bản đồng ý gia hạn (ví dụ 'Công văn số 12/UBND-KTTH"
         " ngày 20/5/2023').\n"),
        (["3.1:vpub", "--to", "20/6/2023", "--period", "2023-06", "-e", EVIDENCE],
         "Lỗi: --period chỉ dùng cho nhiệm vụ định kỳ có chu kỳ; 3.1:vpub không phải.\n"),
    ]  # fmt: skip
    for args, stderr in cases:
        result = cli("extend", *args)
        assert result.exit_code != 0, args
        assert result.stderr.splitlines()[-1] + "\n" == stderr
    assert cli("history").stdout.strip() == "Chưa có lịch sử cập nhật."


def test_a_recurring_task_is_extended_one_period(cli: Cli, tmp_path: Path) -> None:
    d = _monthly(tmp_path)
    _ok(cli("extend", "2:snv", "--period", "2023-06", "--to", "5/7/2023", "--on", "20/6/2023",
            "-e", EVIDENCE, *d))  # fmt: skip
    _ok(cli("mark", "done", "2:snv", "--period", "2023-06", "--on", "3/7/2023", *d))
    [row] = json.loads(_ok(cli("list", "-c", "2", "--as-of", "1/8/2023", "--format", "json", *d)))
    # June: done on time against 5/7; July (due 25/7) is overdue, the extension is not its.
    assert (row["period"], row["timeliness"], row["periods_missed"], row["original_due"]) == (
        "2023-08",
        "in_time",
        1,
        None,
    )
    summary = json.loads(_ok(cli("summary", "--as-of", "1/8/2023", "--format", "json", *d)))
    snv = next(r for r in summary if r["body"] == "snv")
    assert (snv["on_time"], snv["late"], snv["overdue"], snv["in_time"]) == (1, 0, 1, 1)


def test_the_weekly_report_lists_extended_tasks(cli: Cli) -> None:
    _ok(cli("extend", "3.1:vpub", "--to", "15/6/2023", "--on", "25/5/2023", "-e", EVIDENCE))
    report = json.loads(_ok(cli("report", "--week", "2023-W23", "--format", "json")))
    assert [(r["task"], r["due"], r["original_due"]) for r in report["extended"]] == [
        ("3.1:vpub", "2023-06-15", "2023-05-31")
    ]
    # Judged against the extension, the task is not overdue on 11/6/2023 any more.
    assert [r["task"] for r in report["overdue"]] == []
    markdown = _ok(cli("report", "--week", "2023-W23"))
    section = markdown[markdown.index("## 5. ") :].splitlines()
    assert section == [
        "## 5. Nhiệm vụ được gia hạn (tính đến ngày 11/06/2023)",
        "",
        "| STT | Điểm | Cơ quan, đơn vị | Trạng thái | Hạn | Căn cứ | Hạn ban đầu |",
        "|---:|---|---|---|---|---|---|",
        "| 1 | 3.1 | Văn phòng UBND tỉnh | Chưa thực hiện | 15/06/2023 | hoàn thành trong tháng"
        " 5/2023 | 31/05/2023 |",
    ]


def test_the_weekly_report_lists_each_overdue_period(cli: Cli, tmp_path: Path) -> None:
    d = _monthly(tmp_path)
    _ok(cli("mark", "done", "2:snv", "--period", "2023-07", "--on", "20/7/2023", *d))
    report = json.loads(_ok(cli("report", "--week", "2023-W36", "--format", "json", *d)))
    assert [
        (r["task"], r.get("period"), r["due"], r["days_overdue"]) for r in report["overdue"]
    ] == [
        ("2:snv", "2023-06", "2023-06-25", 77),
        ("2:snv", "2023-08", "2023-08-25", 16),
    ]
    assert "extended" not in report  # no extension: the report's shape is as before


def test_the_reports_changes_say_an_extension_and_a_period(cli: Cli, tmp_path: Path) -> None:
    """An extension keeps its status: the changes said "Chưa thực hiện → Chưa thực hiện"."""
    d = _monthly(tmp_path)
    _ok(cli("extend", "2:snv", "--period", "2023-06", "--to", "5/7/2023", "--on", "20/6/2023",
            "-e", EVIDENCE, *d))  # fmt: skip
    _ok(cli("mark", "done", "2:snv", "--period", "2023-06", "--on", "21/6/2023", *d))
    week = ["report", "--week", "2023-W25", *d]
    report = json.loads(_ok(cli(*week, "--format", "json")))
    assert [(c["task"], c["status"], c["period"], c["extends_to"]) for c in report["changes"]] == [
        ("2:snv", "todo", "2023-06", "2023-07-05"),
        ("2:snv", "done", "2023-06", None),
    ]
    markdown = _ok(cli(*week))
    section = markdown[markdown.index("## 3. ") : markdown.index("## 4. ")].splitlines()
    changes = [
        line.split(" | ")[4] for line in section if line.startswith("| ") and "---" not in line
    ]
    assert changes == [
        "Thay đổi",
        "Gia hạn đến 05/07/2023 (tháng 6/2023)",
        "Chưa thực hiện → Hoàn thành (tháng 6/2023)",
    ]
