"""Issue 13 item 15: filters as clerks type them.

Comma lists (`-b snv,stp`, `-c 1a,4`), groups by the report's numerals (`III`), statuses as the
tables word them (`chưa xong`), `--directive/--group/--body` on `summary` and `report`,
`history -d`, and `summary --by clause`. Each test runs the real command and compares parsed output with what
the same question gives when asked the long way, or counted by hand from `list`.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli

from directive_cli.app import Exit

AS_OF = "30/6/2023"
COUNTED = ("total", "done", "on_time", "late", "not_done", "in_time", "overdue", "no_deadline")


def tasks(cli: Cli, *args: str) -> list[str]:
    result = cli("list", "--as-of", AS_OF, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return [row["task"] for row in json.loads(result.stdout)]


def rows(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


# --- comma lists ----------------------------------------------------------------------------


def test_comma_lists_are_the_repeated_options(cli: Cli) -> None:
    assert tasks(cli, "-b", "snv,stp", "-c", "1a,4") == ["1a:snv", "1a:stp", "4:snv"]
    assert tasks(cli, "-b", "snv,stp", "-c", "1a,4") == tasks(
        cli, "-b", "snv", "-b", "stp", "-c", "1a", "-c", "4"
    )
    # Spaces after the commas, names instead of ids, diacritics left out: the same tasks.
    assert tasks(cli, "-b", "so noi vu, Sở Tư pháp", "-c", "1a, 4") == ["1a:snv", "1a:stp", "4:snv"]


def test_a_trailing_comma_is_a_list_of_one(cli: Cli) -> None:
    assert tasks(cli, "-b", "snv,", "-c", "1a,") == ["1a:snv"]


def test_a_body_whose_name_has_a_comma_is_one_body(cli: Cli) -> None:
    named = tasks(cli, "-b", "Sở Văn hóa, Thể thao và Du lịch")
    assert named == tasks(cli, "-b", "svhttdl")
    assert {t.split(":")[1] for t in named} == {"svhttdl"}


def test_one_unknown_part_of_a_list_is_named(cli: Cli) -> None:
    result = cli("list", "-b", "snv,xyz")
    assert result.exit_code == Exit.NOT_FOUND
    assert result.stderr == "Lỗi: không có cơ quan, đơn vị 'xyz'; xem danh sách: directive bodies\n"
    assert result.stdout == ""


def test_statuses_and_timeliness_take_comma_lists(cli: Cli) -> None:
    assert cli("mark", "done", "1a:snv", "--on", "20/6/2023").exit_code == 0
    assert cli("mark", "blocked", "1a:stp", "--on", "21/6/2023").exit_code == 0
    assert tasks(cli, "-c", "1a", "-s", "done,blocked") == ["1a:snv", "1a:stp"]
    assert tasks(cli, "-c", "1a", "-t", "on_time,late", "-b", "snv,stp") == ["1a:snv"]


# --- groups by the report's numerals -------------------------------------------------------


def test_a_group_numeral_names_the_block_the_report_numbers(empty_db: Path, cli: Cli) -> None:
    report = cli("report", "--week", "2023-W26", "-f", "csv")
    assert report.exit_code == 0, report.output
    table = list(csv.reader(io.StringIO(report.stdout.lstrip("\ufeff"))))
    assert table[0][:4] == ["STT", "Mã", "Cơ quan, đơn vị", "Nhóm"]
    blocks = {r[0]: r[3] for r in table[1:] if not r[1] and r[0]}  # no body id: a group's line
    assert blocks == {"I": "g1", "II": "g2", "III": "g3"}
    for numeral, group in (("I", "g1"), ("II", "g2"), ("iii", "g3"), ("nhóm III", "g3")):
        assert tasks(cli, "-g", numeral) == tasks(cli, "-g", group)
    assert tasks(cli, "-g", "I,III") == tasks(cli, "-g", "g1", "-g", "g3")


def test_a_numeral_past_the_last_block_lists_the_numerals(cli: Cli) -> None:
    result = cli("list", "-g", "V")
    assert result.exit_code == Exit.NOT_FOUND
    assert result.stderr == (
        "Lỗi: không có nhóm 'V'; các nhóm: I (Sở, ban ngành), II (Cơ quan Trung ương),"
        " III (Huyện, thị xã, thành phố), IV (Xã, phường, đặc khu)\n"
    )


def test_a_group_name_with_a_comma_is_one_group(cli: Cli) -> None:
    assert tasks(cli, "-g", "Sở, ban ngành") == tasks(cli, "-g", "g1")


# --- statuses as the tables word them ------------------------------------------------------


def test_chua_xong_is_every_status_but_done(cli: Cli) -> None:
    assert cli("mark", "done", "1a:snv", "--on", "20/6/2023").exit_code == 0
    assert cli("mark", "in_progress", "1a:stp", "--on", "20/6/2023").exit_code == 0
    open_ = tasks(cli, "-c", "1a", "-s", "chưa xong")
    assert open_ == tasks(cli, "-c", "1a", "-s", "todo,in_progress,blocked")
    assert "1a:snv" not in open_ and "1a:stp" in open_
    assert len(open_) == len(tasks(cli, "-c", "1a")) - 1
    assert tasks(cli, "-c", "1a", "-s", "chua hoan thanh") == open_  # as the summary heads it
    assert tasks(cli, "-c", "1a", "-s", "đã xong") == ["1a:snv"]


def test_mark_refuses_a_word_that_is_several_statuses(cli: Cli, db: Path) -> None:
    result = cli("mark", "chưa xong", "1a:snv")
    assert result.exit_code == Exit.USAGE
    assert result.stderr == (
        "Lỗi: 'chưa xong' gồm nhiều trạng thái (chưa thực hiện, đang thực hiện, vướng mắc);"
        " hãy chọn một: todo, in_progress, blocked\n"
    )
    assert not db.exists()


# --- summary: --body, --group, --directive -------------------------------------------------


def test_summary_filters_are_the_rows_of_the_whole(cli: Cli) -> None:
    assert cli("mark", "done", "1a:snv", "--on", "20/6/2023").exit_code == 0
    whole = {r["body"]: r for r in rows(cli, "summary", "--as-of", AS_OF)}
    picked = rows(cli, "summary", "--as-of", AS_OF, "-b", "snv,stp")
    assert picked == [whole["snv"], whole["stp"]]
    districts = rows(cli, "summary", "--as-of", AS_OF, "-g", "III")
    assert districts == [r for r in whole.values() if r["group"] == "g3"]
    assert len(districts) == 13  # the 13 district-level units of 2023
    titled = cli("summary", "--as-of", AS_OF, "-g", "III").stdout.splitlines()[0]
    assert titled == (
        "Tình hình thực hiện 2167/UBND-KTTH — Huyện, thị xã, thành phố — Tính đến ngày 30/06/2023"
    )


def _grids(summary: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    return Counter({(r["body"], f): r[f] for r in summary for f in COUNTED})


def test_summary_of_one_directive_counts_its_tasks_only(cli: Cli, two: Path) -> None:
    data = ["--data", str(two), "--as-of", AS_OF]
    # 123-2023's clause 2 is monthly: each period counts, so its figures are checked by adding
    # up: the two directives' summaries make the whole one, body by body, cell by cell.
    one = rows(cli, "summary", "-d", "123", *data)
    other = rows(cli, "summary", "-d", "2167/UBND-KTTH", *data)
    both = rows(cli, "summary", *data)
    assert _grids(one) + _grids(other) == _grids(both)
    listed = rows(cli, "list", "-d", "123", "--all", *data)
    assert {r["body"] for r in one} == {r["body"] for r in listed}
    assert rows(cli, "summary", "-d", "123,2167", *data) == both
    titled = cli("summary", "-d", "123", *data).stdout.splitlines()[0]
    assert titled == "Tình hình thực hiện 123/UBND-VX — Tính đến ngày 30/06/2023"


# --- summary --by clause -------------------------------------------------------------------


def _by_hand(listed: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, int]]:
    """The 2×2 grid per clause, counted from `list` rows (no recurring period in this data)."""
    out: dict[tuple[str, str], Counter[str]] = {}
    for r in listed:
        if r["timeliness"] == "transferred":
            continue
        c = out.setdefault((r["directive"], r["clause"]), Counter())
        done = r["status"] == "done"
        c["total"] += 1
        c["done" if done else "not_done"] += 1
        c["no_deadline"] += r["timeliness"] == "no_deadline"
        if done:
            c["on_time"] += r["timeliness"] == "on_time"
            c["late"] += r["timeliness"] == "late"
        else:
            c["in_time"] += r["timeliness"] in ("in_time", "due_soon")
            c["overdue"] += r["timeliness"] == "overdue"
    return {k: {f: v[f] for f in COUNTED} for k, v in out.items()}


def test_summary_by_clause_counts_as_a_clerk_would(cli: Cli) -> None:
    assert cli("mark", "done", "1a:snv", "--on", "20/6/2023").exit_code == 0
    assert cli("mark", "done", "3.1:vpub", "--on", "28/6/2023").exit_code == 0  # due 31/5: late
    listed = rows(cli, "list", "--as-of", AS_OF, "--all")
    got = rows(cli, "summary", "--by", "clause", "--as-of", AS_OF)
    assert {(r["directive"], r["clause"]): {f: r[f] for f in COUNTED} for r in got} == _by_hand(
        listed
    )
    # In the letter's order, each with its title.
    assert [r["clause"] for r in got] == list(dict.fromkeys(r["clause"] for r in listed))
    first = got[0]
    assert (first["clause"], first["title"]) == (
        "1a",
        "Quán triệt, triển khai Kết luận 1753-KL/TU; tạo chuyển biến trong năm 2023",
    )
    late = next(r for r in got if r["clause"] == "3.1")
    assert (late["done"], late["late"], late["percent"]) == (1, 1, 100.0)


def test_summary_by_clause_as_a_table_and_a_workbook(cli: Cli, tmp_path: Path) -> None:
    import openpyxl

    result = cli("summary", "--by", "clause", "-b", "stp", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == BY_CLAUSE_STP
    out = tmp_path / "theo-diem.xlsx"
    assert cli("summary", "--by", "clause", "--as-of", AS_OF, "-o", str(out)).exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][:4] == ("STT", "Điểm", "Nội dung", "Văn bản")
    assert values[2][:4] == (None, None, "2167/UBND-KTTH", "2167-2023")
    assert values[3][:4] == (
        1,
        "1a",
        "Quán triệt, triển khai Kết luận 1753-KL/TU; tạo chuyển biến trong năm 2023",
        "2167-2023",
    )


def test_summary_by_something_else_is_refused(cli: Cli) -> None:
    result = cli("summary", "--by", "body_name")
    assert result.exit_code == Exit.USAGE
    assert result.stderr == (
        "Lỗi: không có cách tổng hợp 'body_name'; dùng --by body (mỗi cơ quan một dòng)"
        " hoặc --by clause (mỗi điểm một dòng)\n"
    )


# --- report: --body, --group, --directive --------------------------------------------------


def test_a_report_for_some_bodies_covers_them_only(cli: Cli) -> None:
    for task in ("1a:snv", "1a:sct", "1a:stp"):
        assert cli("mark", "done", task, "--on", "27/6/2023").exit_code == 0
    whole = json.loads(cli("report", "--week", "2023-W26", "-f", "json").stdout)
    cut = json.loads(cli("report", "--week", "2023-W26", "-f", "json", "-b", "snv,stp").stdout)
    assert cut["scope"] == {"bodies": ["snv", "stp"], "groups": []}
    assert whole["scope"] is None
    bodies = [b for g in cut["summary"]["groups"] for b in g["bodies"]]
    whole_bodies = {b["body"]: b for g in whole["summary"]["groups"] for b in g["bodies"]}
    assert bodies == [whole_bodies["snv"], whole_bodies["stp"]]
    assert [c["task"] for c in cut["changes"]] == ["1a:snv", "1a:stp"]
    assert [c["task"] for c in whole["changes"]] == ["1a:snv", "1a:sct", "1a:stp"]
    md = cli("report", "--week", "2023-W26", "-b", "snv,stp").stdout.splitlines()[0]
    assert md == (
        "# Báo cáo tình hình thực hiện 2167/UBND-KTTH — Sở Nội vụ, Sở Tư pháp — Tuần 2023-W26"
    )


def test_a_report_for_a_group_names_it(empty_db: Path, cli: Cli) -> None:
    md = cli("report", "--week", "2023-W26", "-g", "III")
    assert md.exit_code == 0, md.output
    assert md.stdout.splitlines()[0] == (
        "# Báo cáo tình hình thực hiện 2167/UBND-KTTH — Huyện, thị xã, thành phố — Tuần 2023-W26"
    )
    cut = json.loads(cli("report", "--week", "2023-W26", "-g", "III", "-f", "json").stdout)
    assert [g["group"] for g in cut["summary"]["groups"]] == ["g3"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_report_of_one_directive_of_two(empty_db: Path, cli: Cli, two: Path, lang: str) -> None:
    def report(*args: str) -> dict[str, Any]:
        got = cli("report", "--week", "2023-W26", "-f", "json", "--data", str(two), *args)
        assert got.exit_code == 0, got.output
        data: dict[str, Any] = json.loads(got.stdout)
        return data

    one, other, both = report("-d", "123", "--lang", lang), report("-d", "2167"), report()
    assert one["directives"] == [{"id": "123-2023", "reference": "123/UBND-VX"}]
    assert one["scope"] is None
    for figure in COUNTED:
        assert (
            one["summary"]["total"][figure] + other["summary"]["total"][figure]
            == both["summary"]["total"][figure]
        )


BY_CLAUSE_STP = [
    "Tình hình thực hiện 2167/UBND-KTTH — Sở Tư pháp — Tính đến ngày 30/06/2023",
    "",
    "                                                Tổng    Đã  Đúng  Trễ  Chưa  Trong  Quá",
    " Điểm                                             số  xong   hạn  hạn  xong    hạn  hạn    %",
    " " + "─" * 98,
    " 2167/UBND-KTTH                                    4     0     0    0     4      1    0  0,0  ░░░░░",
    " 1a. Quán triệt, triển khai Kết luận               1     0     0    0     1      1    0  0,0  ░░░░░",
    " 1753-KL/TU; tạo chuyển biến trong năm 2023",
    " 1b. Rà soát, đánh giá chỉ tiêu, nhiệm vụ kế       1     0     0    0     1      0    0  0,0  ░░░░░",
    " hoạch 2021 - 2025",
    " 1c. Nắm bắt tình hình, tham mưu giải pháp;        1     0     0    0     1      0    0  0,0  ░░░░░",
    " định kỳ báo cáo",
    " 1d. Nêu cao trách nhiệm; kịp thời báo cáo nội     1     0     0    0     1      0    0  0,0  ░░░░░",
    " dung vượt thẩm quyền",
    " TỔNG CỘNG                                         4     0     0    0     4      1    0  0,0  ░░░░░",
    "",
    "Nhiệm vụ không thời hạn được tính vào Tổng số, không vào cột đúng/trễ/trong/quá hạn.",
]


def test_the_clerks_name_before_any_command_is_not_summarys_by(cli: Cli, db: Path) -> None:
    """A wrapper `directive --by %USERNAME% …` serves every command: before the command's
    name --by is who records, which only recording commands use."""
    whole = cli("summary", "--as-of", AS_OF, "-f", "json")
    named = cli("--by", "van.thu", "summary", "--as-of", AS_OF, "-f", "json")
    assert (named.exit_code, named.stdout) == (0, whole.stdout)
    listed = cli("--by", "van.thu", "list", "--as-of", AS_OF, "-f", "json")
    assert (listed.exit_code, listed.stdout) == (
        0,
        cli("list", "--as-of", AS_OF, "-f", "json").stdout,
    )
    assert cli("--by", "van.thu", "mark", "done", "1a:stp", "--on", "20/6/2023").exit_code == 0
    [event] = json.loads(cli("history", "-f", "json").stdout)
    assert (event["task"], event["by"]) == ("1a:stp", "van.thu")


def test_a_clause_id_several_directives_have_filters_each(cli: Cli, two: Path) -> None:
    """As a filter, `-c 1a` is clause 1a of every directive that has one; a mark by filter
    still refuses it (it would record in every directive)."""
    data = ["--data", str(two), "--as-of", AS_OF]
    listed = rows(cli, "list", "-c", "1a", "-b", "snv,h-binhson", *data)
    assert [(r["directive"], r["task"]) for r in listed] == [
        ("2167-2023", "1a:snv"),
        ("2167-2023", "1a:h-binhson"),
        ("123-2023", "1a:h-binhson"),
    ]
    assert rows(cli, "list", "-c", "1a", "-d", "123", *data) == [
        r for r in rows(cli, "list", "-c", "1a", *data) if r["directive"] == "123-2023"
    ]
    refused = cli("mark", "done", "-c", "1a", "-b", "h-binhson", "--yes", "--data", str(two))
    assert refused.exit_code == Exit.AMBIGUOUS
    assert refused.stderr == ("Lỗi: điểm '1a' có trong nhiều văn bản: 123-2023#1a, 2167-2023#1a\n")


@pytest.mark.parametrize(
    "typed",
    ["Công văn số 2167/UBND-KTTH", "cong van so 2167/ubnd-ktth", "Số: 2167/UBND-KTTH", "số 2167"],
)
def test_a_directive_as_a_letter_cites_it(cli: Cli, typed: str) -> None:
    assert tasks(cli, "-d", typed, "-c", "3.1") == ["3.1:vpub"]


def test_a_date_copied_with_the_end_of_its_sentence(cli: Cli) -> None:
    result = cli("list", "--as-of", "30/6/2023.", "-c", "3.1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 30/06/2023"
    wrong = cli("list", "--directive", "Chỉ thị số 9999/CT-UBND")
    assert wrong.exit_code == Exit.NOT_FOUND


# --- history -d ----------------------------------------------------------------------------

STAMP = "2023-06-22T09:00:00+07:00"


def event(id_: int, task: str, directive: str, status: str, on: str, **kw: Any) -> dict[str, Any]:
    """An event as `history --format json` gives it, recorded at STAMP by the test's user."""
    return {
        "id": id_,
        "batch": id_,
        "task": task,
        "directive": directive,
        "status": status,
        "previous_status": "todo",
        "effective_on": on,
        "recorded_at": STAMP,
        "by": "tester",
        "note": None,
        "evidence": None,
        "undoes": None,
        "period": None,
        "extends_to": None,
    } | kw


@pytest.fixture
def marked_two(cli: Cli, two: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Events in both directives of `two`, Sở Nội vụ in each; the --data option to read them."""
    from directive_cli import options

    monkeypatch.setattr(options, "now_stamp", lambda: STAMP)
    data = ["--data", str(two)]
    for args in (
        ("done", "123-2023#1a:h-binhson", "--on", "20/6/2023"),
        ("in_progress", "2167#1a:h-binhson", "--on", "21/6/2023"),
        ("done", "2167#4:snv", "--on", "21/6/2023"),
        ("done", "123-2023#2:snv", "--on", "22/6/2023", "--period", "tháng 6/2023"),
    ):
        result = cli("mark", *args, *data)
        assert result.exit_code == 0, result.output
    return data


def test_history_of_one_directive_of_two(cli: Cli, marked_two: list[str]) -> None:
    ours = [
        event(1, "1a:h-binhson", "123-2023", "done", "2023-06-20"),
        event(4, "2:snv", "123-2023", "done", "2023-06-22", period="2023-06"),
    ]
    theirs = [
        event(2, "1a:h-binhson", "2167-2023", "in_progress", "2023-06-21"),
        event(3, "4:snv", "2167-2023", "done", "2023-06-21"),
    ]
    assert rows(cli, "history", "-d", "123", *marked_two) == ours
    # As a letter cites it, without diacritics; a comma list or the option twice: both.
    assert rows(cli, "history", "-d", "cong van so 2167/ubnd-ktth", *marked_two) == theirs
    both = sorted(ours + theirs, key=lambda e: e["id"])
    assert rows(cli, "history", "-d", "123,2167-2023", *marked_two) == both
    assert rows(cli, "history", "-d", "123", "--directive", "2167", *marked_two) == both
    # With a clause id that both have, -d says which directive's clause it is.
    assert rows(cli, "history", "1a", "-d", "2167", *marked_two) == theirs[:1]


def test_history_of_one_directive_and_some_bodies(cli: Cli, marked_two: list[str]) -> None:
    assert rows(cli, "history", "-d", "123", "-b", "snv", *marked_two) == [
        event(4, "2:snv", "123-2023", "done", "2023-06-22", period="2023-06"),
    ]
    assert rows(cli, "history", "-d", "2167", "-b", "snv,h-binhson", *marked_two) == [
        event(2, "1a:h-binhson", "2167-2023", "in_progress", "2023-06-21"),
        event(3, "4:snv", "2167-2023", "done", "2023-06-21"),
    ]
    assert rows(cli, "history", "-d", "2167", "-b", "stp", *marked_two) == []


def test_a_history_table_of_one_directive(cli: Cli, marked_two: list[str]) -> None:
    """The table reads the directive's newest events and counts the rest of its own only."""
    result = cli("history", "-d", "2167", "-n", "1", *marked_two)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "Lịch sử cập nhật",
        "",
        " #    Lô   Nhiệm vụ          Thay đổi           Ngày hiệu lực   Người ghi          Văn bản, ghi chú",
        " ──────────────────────────────────────────────────────────────────────────────────────────────────",
        " #3    3   2167-2023#4:snv   Chưa thực hiện →   21/06/2023      tester,",
        "                             Hoàn thành                         22/06/2023 09:00",
        "",
        "… còn 1 dòng nữa (dùng --all hoặc --limit N để xem thêm)",
    ]  # fmt: skip
    table = cli("history", "-d", "123", "-b", "snv", *marked_two)
    assert (table.exit_code, table.stderr) == (0, "")
    assert table.stdout.splitlines() == [
        "Lịch sử cập nhật",
        "",
        "                                                                                       Văn bản, ghi",
        " #    Lô   Nhiệm vụ                        Thay đổi      Ngày hiệu lực   Người ghi     chú",
        " ──────────────────────────────────────────────────────────────────────────────────────────────────",
        " #4    4   123-2023#2:snv (tháng 6/2023)   Chưa thực     22/06/2023      tester,",
        "                                           hiện → Hoàn                   22/06/2023",
        "                                           thành                         09:00",
        "",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "Lỗi: không có văn bản '2167/UBND-KTHT'; có phải ý bạn là: 2167-2023\n"),
        ("en", "Error: unknown directive '2167/UBND-KTHT'; did you mean: 2167-2023\n"),
    ],
)
def test_history_of_an_unknown_directive_says_as_list_does(
    cli: Cli, marked_two: list[str], lang: str, said: str
) -> None:
    # The closest reference is suggested by id; one unknown part of a list is refused whole.
    for command in ("history", "list"):
        result = cli(command, "-d", "123,2167/UBND-KTHT", "--lang", lang, *marked_two)
        assert (result.exit_code, result.stdout, result.stderr) == (Exit.NOT_FOUND, "", said)


def test_history_of_a_clause_outside_the_directive_chosen(cli: Cli, marked_two: list[str]) -> None:
    result = cli("history", "123-2023#1a", "-d", "2167", *marked_two)
    assert (result.exit_code, result.stdout, result.stderr) == (
        Exit.USAGE,
        "",
        "Lỗi: điểm 123-2023#1a không thuộc văn bản đã chọn bằng --directive (2167-2023)\n",
    )


def test_a_history_workbook_of_one_directive_is_titled_with_it(
    cli: Cli, marked_two: list[str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    target = tmp_path / "lich-su.xlsx"
    result = cli("history", "-d", "123", "-o", str(target), *marked_two)
    assert result.exit_code == 0, result.output
    ws = load_workbook(target).worksheets[0]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_col=3)] == [
        ["Lịch sử cập nhật — 123/UBND-VX", None, None],
        ["Sự kiện", "Lô", "Nhiệm vụ"],
        [1, 1, "123-2023#1a:h-binhson"],
        [4, 4, "123-2023#2:snv"],
    ]


def test_bodies_that_tie_in_protocol_order_are_listed_the_same_in_every_process(
    tmp_path: Path,
) -> None:
    """snv-2025 takes snv's place in the protocol: ids from a set were listed in a different
    order in each process (string hashing is seeded per process)."""
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2", "3", "4"):
        run = subprocess.run(
            [sys.executable, "-m", "directive_cli", "--lang", "en", "mark", "done", "4:stp",
             "--db", str(tmp_path / "progress.db")],
            capture_output=True, text=True, timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed, "DIRECTIVE_CACHE": "off"},
        )  # fmt: skip
        assert run.returncode == 4, run.stderr
        outputs.add(run.stderr)
    assert outputs == {
        "Error: stp (Sở Tư pháp) has no task in clause 4; its bodies are: snv, snv-2025\n"
    }
