"""Which period a recurring task stands as: the current one is the oldest not done whose due
date in force (extensions applied) is on or after the day, and a body that ended owes only the
reports due up to its last day (docs/data-format.md, "Recurring obligations: one per period").

A test letter (500-2023, dated 16/5/2023) has a quarterly report on the quarter before (Sở Nội
vụ), a monthly one on the month before (Sở Tài chính, which ended on 28/02/2025: Sở Tài chính
of 2025 succeeds it), and the same two rules without `reports_on` (Sở Kế hoạch và Đầu tư
quarterly, Sở Tài chính monthly). Every figure below is counted by hand from the due dates in
the comments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, letter_folder, stdout_of

REPO = Path(__file__).resolve().parent.parent
QUARTERLY = "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=20"
LETTER = f"""\
# An invented letter with recurring reports (tests of the current period).
schema: 1
id: 500-2023
number: "500"
symbol: UBND-KTTH
type: Công văn
issuer: Ủy ban nhân dân tỉnh Quảng Ngãi
issued_on: 2023-05-16
subject: V/v báo cáo định kỳ (ví dụ minh họa)
signer:
  name: Nguyễn Văn A
  title: Phó Chủ tịch

clauses:
  - id: "1"
    title: Báo cáo quý
    text: Sở Nội vụ báo cáo kết quả hằng quý, gửi trước ngày 20 của tháng đầu quý sau.
    responsible:
      - {{body: snv, role: lead}}
    deadline:
      kind: recurring
      rrule: {QUARTERLY}
      reports_on: previous
      source: trước ngày 20 của tháng đầu quý sau

  - id: "2"
    title: Báo cáo tháng
    text: Sở Tài chính báo cáo tháng (trước ngày 5 của tháng sau).
    responsible:
      - {{body: stc, role: lead}}
    deadline:
      kind: recurring
      rrule: FREQ=MONTHLY;BYMONTHDAY=5
      reports_on: previous
      source: trước ngày 5 của tháng sau

  - id: "3"
    title: Báo cáo quý (kỳ của ngày đến hạn)
    text: Sở Kế hoạch và Đầu tư báo cáo trước ngày 20 các tháng 1, 4, 7 và 10.
    responsible:
      - {{body: skhdt, role: lead}}
    deadline:
      kind: recurring
      rrule: {QUARTERLY}
      source: trước ngày 20 các tháng 1, 4, 7 và 10

  - id: "4"
    title: Báo cáo tháng (kỳ của ngày đến hạn)
    text: Sở Tài chính báo cáo trước ngày 5 hằng tháng.
    responsible:
      - {{body: stc, role: lead}}
    deadline:
      kind: recurring
      rrule: FREQ=MONTHLY;BYMONTHDAY=5
      source: trước ngày 5 hằng tháng
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return letter_folder(tmp_path, "directive_0500.yaml", LETTER)


_ok = stdout_of


def _json(cli: Cli, data: Path, *args: str) -> Any:
    return json.loads(_ok(cli(*args, "--format", "json", "--data", str(data))))


def _row(task: str, clause: str, title: str, text: str, body: str, name: str, **kw: Any) -> dict:
    """A row of `list --format json`: a recurring task, not yet marked, of the letter."""
    return {
        "task": task,
        "directive": "500-2023",
        "clause": clause,
        "title": title,
        "body": body,
        "body_name": name,
        "group": "g1",
        "role": "lead",
        "status": "todo",
        "due_text": text,
        "deadline_kind": "recurring",
        "days_overdue": 0,
        "updated_at": None,
        "note": None,
        "evidence": None,
        "inherited_from": None,
        "inherited_since": None,
        "transferred_to": None,
        "effective_on": None,
        "original_due": None,
        **kw,
    }


def _show(cli: Cli, data: Path, ref: str, day: str) -> list[str]:
    """`show`'s lines before its history (the history holds the time the test ran)."""
    lines = _ok(cli("show", ref, "--as-of", day, "--data", str(data))).splitlines()
    return lines[: lines.index("Lịch sử cập nhật")] if "Lịch sử cập nhật" in lines else lines


def _extend(cli: Cli, data: Path, task: str, period: str, to: str, on: str) -> None:
    _ok(cli("extend", task, "--period", period, "--to", to, "--on", on, "--evidence", "CV 1",
            "--data", str(data)))  # fmt: skip


# --- an extended earlier period is the current one ---------------------------------------------


def test_an_extended_quarter_still_open_is_the_current_period(cli: Cli, data: Path) -> None:
    # Q2's report, due 20/7/2023, extended on 15/7 to 31/7. On 30/7 the rule has begun Q3
    # (due 20/10), but Q2 is still open and due tomorrow: it is the one the task stands as.
    _extend(cli, data, "500-2023#1:snv", "quy 2/2023", "31/7/2023", "15/7/2023")
    listed = _json(cli, data, "list", "-c", "1", "--as-of", "30/7/2023")
    assert listed == [
        _row("1:snv", "1", "Báo cáo quý", "trước ngày 20 của tháng đầu quý sau", "snv",
             "Sở Nội vụ", timeliness="due_soon", due="2023-07-31", period="2023-Q2",
             periods_missed=0, original_due="2023-07-20"),
    ]  # fmt: skip
    soon = _json(cli, data, "list", "-t", "due_soon", "--as-of", "30/7/2023")
    assert [(r["task"], r["period"], r["due"]) for r in soon] == [
        ("1:snv", "2023-Q2", "2023-07-31"),
        ("2:stc", "2023-07", "2023-08-05"),  # July's monthly report, due 5/8
        ("4:stc", "2023-08", "2023-08-05"),  # without the key, the report due 5/8 is August's
    ]
    assert _show(cli, data, "500-2023#1", "30/7/2023") == [
        "500/UBND-KTTH — Điểm 1. Báo cáo quý",
        "",
        "Sở Nội vụ báo cáo kết quả hằng quý, gửi trước ngày 20 của tháng đầu quý sau.",
        "",
        "Thời hạn: Định kỳ — Căn cứ: «trước ngày 20 của tháng đầu quý sau»",
        "Chu kỳ: hằng quý, trước ngày 20 của tháng đầu quý sau; kỳ tính từ ngày 16/05/2023",
        "Kỳ hiện tại: quý II/2023, hạn 31/07/2023",
        "Tính đến ngày 30/07/2023",
        "",
        " Nhiệm vụ   Cơ quan, đơn vị   Vai trò   Trạng thái       Tiến độ       Hạn",
        " " + "─" * 98,
        " 1:snv      Sở Nội vụ         Chủ trì   Chưa thực hiện   Sắp đến hạn   31/07/2023, gia hạn từ",
        "                                                                       20/07/2023 (quý II/2023)",
        "",
    ]


def test_the_weekly_report_counts_the_extended_quarter_as_due_soon(cli: Cli, data: Path) -> None:
    _extend(cli, data, "500-2023#1:snv", "quy 2/2023", "31/7/2023", "15/7/2023")
    report = _json(cli, data, "report", "--week", "2023-W30")
    # Week 30 ends on Sunday 30/7; the next 7 days run to 6/8. Q2 (31/7, extended) and the
    # monthly reports due 5/8 (July's, or August's without the key) fall in them.
    assert report["due_soon"] == {
        "from": "2023-07-31",
        "to": "2023-08-06",
        "tasks": [
            {"task": "1:snv", "directive": "500-2023", "clause": "1", "title": "Báo cáo quý",
             "body": "snv", "body_name": "Sở Nội vụ", "group": "g1", "status": "todo",
             "timeliness": "due_soon", "due": "2023-07-31",
             "due_text": "trước ngày 20 của tháng đầu quý sau", "days_overdue": 0,
             "days_left": 1, "period": "2023-Q2", "original_due": "2023-07-20"},
            {"task": "2:stc", "directive": "500-2023", "clause": "2", "title": "Báo cáo tháng",
             "body": "stc", "body_name": "Sở Tài chính", "group": "g1", "status": "todo",
             "timeliness": "due_soon", "due": "2023-08-05",
             "due_text": "trước ngày 5 của tháng sau", "days_overdue": 0, "days_left": 6,
             "period": "2023-07"},
            {"task": "4:stc", "directive": "500-2023", "clause": "4",
             "title": "Báo cáo tháng (kỳ của ngày đến hạn)", "body": "stc",
             "body_name": "Sở Tài chính", "group": "g1", "status": "todo",
             "timeliness": "due_soon", "due": "2023-08-05",
             "due_text": "trước ngày 5 hằng tháng", "days_overdue": 0, "days_left": 6,
             "period": "2023-08"},
        ],
    }  # fmt: skip
    [g1] = report["summary"]["groups"]
    snv = next(r for r in g1["bodies"] if r["body"] == "snv")
    # Two periods of one task: Q2 (due soon, extended) and Q3 (due 20/10), both in time.
    assert snv == {"body": "snv", "name": "Sở Nội vụ", "group": "g1", "total": 2, "done": 0,
                   "on_time": 0, "late": 0, "not_done": 2, "in_time": 2, "overdue": 0,
                   "no_deadline": 0, "transferred": 0, "percent": 0.0}  # fmt: skip


def test_an_extended_quarter_without_reports_on(cli: Cli, data: Path) -> None:
    # Without the key the report due 20/7/2023 is Q3's; extended to 31/7, it is still the
    # current period on 30/7, not Q4 (due 20/10).
    _extend(cli, data, "500-2023#3:skhdt", "quy 3/2023", "31/7/2023", "15/7/2023")
    assert _json(cli, data, "list", "-c", "3", "--as-of", "30/7/2023") == [
        _row("3:skhdt", "3", "Báo cáo quý (kỳ của ngày đến hạn)",
             "trước ngày 20 các tháng 1, 4, 7 và 10", "skhdt", "Sở Kế hoạch và Đầu tư",
             timeliness="due_soon", due="2023-07-31", period="2023-Q3", periods_missed=0,
             original_due="2023-07-20"),
    ]  # fmt: skip


def test_an_extended_month_is_due_soon_in_list_as_in_remind(cli: Cli, data: Path) -> None:
    # July's report, due 5/8/2023, extended on 1/8 to 15/8. On 10/8: May's (5/6) and June's
    # (5/7) are missed, July's is due in 5 days, August's is due 5/9.
    _extend(cli, data, "500-2023#2:stc", "thang 7/2023", "15/8/2023", "1/8/2023")
    soon = _json(cli, data, "list", "-t", "due_soon", "--as-of", "10/8/2023")
    assert soon == [
        _row("2:stc", "2", "Báo cáo tháng", "trước ngày 5 của tháng sau", "stc",
             "Sở Tài chính", timeliness="due_soon", due="2023-08-15", period="2023-07",
             periods_missed=2, original_due="2023-08-05"),
    ]  # fmt: skip
    letter = _ok(cli("remind", "-b", "stc", "--as-of", "10/8/2023", "--format", "txt",
                     "-o", "/dev/stdout", "--data", str(data))).splitlines()  # fmt: skip
    start = letter.index("1. Điểm 2: Báo cáo tháng")
    assert letter[start : start + 9] == [
        "1. Điểm 2: Báo cáo tháng",
        "    Sở Tài chính báo cáo tháng (trước ngày 5 của tháng sau).",
        "    Thời hạn: định kỳ (trước ngày 5 của tháng sau); các kỳ chưa hoàn thành:",
        "    - Kỳ tháng 5/2023, hạn 05/06/2023, quá hạn 66 ngày; hiện chưa thực hiện;",
        "    - Kỳ tháng 6/2023, hạn 05/07/2023, quá hạn 36 ngày; hiện chưa thực hiện;",
        "    - Kỳ tháng 7/2023, hạn 15/08/2023 (gia hạn từ 05/08/2023), còn 5 ngày;",
        "      hiện chưa thực hiện;",
        "    - Kỳ tháng 8/2023, hạn 05/09/2023, còn 26 ngày; hiện chưa thực hiện.",
        "",
    ]


def test_a_period_done_ahead_leaves_the_rules_current_one(cli: Cli, data: Path) -> None:
    # Q2's report done on 25/7 within its extension: on 30/7 the current period is Q3 again.
    _extend(cli, data, "500-2023#1:snv", "quy 2/2023", "31/7/2023", "15/7/2023")
    _ok(cli("mark", "done", "500-2023#1:snv", "--period", "quy 2/2023", "--on", "25/7/2023",
            "--data", str(data)))  # fmt: skip
    [row] = _json(cli, data, "list", "-c", "1", "--as-of", "30/7/2023")
    assert (row["period"], row["due"], row["timeliness"], row["periods_missed"]) == (
        "2023-Q3",
        "2023-10-20",
        "in_time",
        0,
    )


# --- a body that ended owes the reports due up to its last day -----------------------------------


@pytest.mark.parametrize(
    ("clause", "title", "text"),
    [
        # May 2023's report (5/6/2023) … January 2025's (5/2/2025): 21 reports. February's,
        # due 5/3/2025, is its successor's.
        ("2", "Báo cáo tháng", "trước ngày 5 của tháng sau"),
        # Without the key: June 2023's (5/6/2023) … February 2025's (5/2/2025): 21 reports.
        # March's, due 5/3/2025, is its successor's.
        ("4", "Báo cáo tháng (kỳ của ngày đến hạn)", "trước ngày 5 hằng tháng"),
    ],
)
def test_an_ended_body_has_no_period_after_its_end(
    cli: Cli, data: Path, clause: str, title: str, text: str
) -> None:
    listed = _json(cli, data, "list", "-d", "500", "-c", clause, "--as-of", "10/3/2025")
    first = "2025-02" if clause == "2" else "2025-03"  # the successor's first period
    assert listed == [
        _row(f"{clause}:stc", clause, title, text, "stc", "Sở Tài chính",
             timeliness="transferred", due=None, period=None, periods_missed=21,
             transferred_to="stc-2025"),
        _row(f"{clause}:stc-2025", clause, title, text, "stc-2025", "Sở Tài chính",
             timeliness="in_time", due="2025-04-05",
             period="2025-03" if clause == "2" else "2025-04", periods_missed=1,
             inherited_from="stc", inherited_since="2025-03-01"),
    ]  # fmt: skip
    missed = _show(cli, data, f"500-2023#{clause}", "10/3/2025")
    rows = missed[missed.index("Các kỳ chưa đúng hạn:") + 1 :]
    assert len(rows) == 22  # 21 of stc, 1 of stc-2025
    assert rows[-2:] == [
        f"  {clause}:stc — tháng {'1' if clause == '2' else '2'}/2025 (hạn 05/02/2025): "
        "Quá hạn (33 ngày)",
        f"  {clause}:stc-2025 — tháng {first[-1]}/2025 (hạn 05/03/2025): Quá hạn (5 ngày)",
    ]
    assert all(line.startswith(f"  {clause}:stc — ") for line in rows[:21])


def test_an_ended_body_cannot_be_marked_for_its_successors_period(cli: Cli, data: Path) -> None:
    # On its last day Sở Tài chính owes the reports due up to 28/2/2025: January's (5/2) is
    # the last; February's, due 5/3/2025, is the new Sở Tài chính's to send.
    result = cli("mark", "done", "500-2023#2:stc", "--period", "thang 2/2025", "--on",
                 "28/2/2025", "--data", str(data))  # fmt: skip
    assert (result.exit_code, result.output) == (
        2,
        "Lỗi: Nhiệm vụ không có kỳ 'thang 2/2025' (2025-02) vào ngày ghi: "
        "các kỳ là 2023-05 … 2025-01.\n",
    )
    _ok(cli("mark", "done", "500-2023#2:stc-2025", "--period", "thang 2/2025", "--on",
            "4/3/2025", "--data", str(data)))  # fmt: skip
    [row] = _json(cli, data, "list", "-b", "stc-2025", "-c", "2", "--as-of", "10/3/2025")
    assert (row["period"], row["periods_missed"]) == ("2025-03", 0)


def test_a_body_ending_before_its_first_report_owes_none(cli: Cli, data: Path) -> None:
    # The same letter dated 1/2/2025: Sở Tài chính's first monthly report (February's, due
    # 5/3/2025) falls after its last day, 28/2/2025; it owes none, and no mark can name one.
    letter = data / "directive_0500.yaml"
    letter.write_text(LETTER.replace("2023-05-16", "2025-02-01"), encoding="utf-8")
    [row] = _json(cli, data, "list", "-b", "stc", "-c", "2", "--as-of", "20/2/2025")
    assert row == _row("2:stc", "2", "Báo cáo tháng", "trước ngày 5 của tháng sau", "stc",
                       "Sở Tài chính", timeliness="no_deadline", due=None, period=None,
                       periods_missed=0)  # fmt: skip
    result = cli("mark", "done", "500-2023#2:stc", "--on", "20/2/2025", "--data", str(data))
    assert (result.exit_code, result.output) == (
        2,
        "Lỗi: Nhiệm vụ không có kỳ nào phải báo cáo tính đến ngày ghi 20/02/2025.\n",
    )
