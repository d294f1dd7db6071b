"""Reports on the period just ended (`reports_on: previous`): "báo cáo kết quả quý … gửi trước
ngày 20 của tháng đầu quý sau", "báo cáo tháng (trước ngày 5 của tháng sau)".

A test letter (789-2023, dated 16/5/2023, mid-quarter) has a quarterly report on the previous
quarter (Sở Kế hoạch và Đầu tư), a monthly one on the previous month (Sở Nội vụ), and the same
quarterly rule without the key (Sở Tài chính), which keeps the period of its due date. Every
count below is counted by hand from the due dates in the comments.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli, letter_folder, stdout_of
from draft_helpers import draft

from directive_cli.draft.writer import directive_yaml
from directive_cli.errors import DirectiveError
from directive_cli.load import load_catalog
from directive_cli.model import ReportsOn
from directive_cli.periods import Cadence, cadence_words, covered_key, obligations
from directive_cli.query import views

REPO = Path(__file__).resolve().parent.parent
QUARTERLY = "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=20"
LETTER = f"""\
# An invented letter with reports on the period just ended (tests of reports_on).
schema: 1
id: 789-2023
number: "789"
symbol: UBND-KTTH
type: Công văn
issuer: Ủy ban nhân dân tỉnh Quảng Ngãi
issued_on: 2023-05-16
subject: V/v báo cáo kết quả định kỳ (ví dụ minh họa)
signer:
  name: Nguyễn Văn A
  title: Phó Chủ tịch

clauses:
  - id: "1"
    title: Báo cáo quý
    text: >-
      Sở Kế hoạch và Đầu tư báo cáo kết quả thực hiện hằng quý, gửi trước ngày 20 của tháng
      đầu quý sau.
    responsible:
      - {{body: skhdt, role: lead}}
    deadline:
      kind: recurring
      rrule: {QUARTERLY}
      reports_on: previous
      source: trước ngày 20 của tháng đầu quý sau

  - id: "2"
    title: Báo cáo tháng
    text: Sở Nội vụ báo cáo tháng (trước ngày 5 của tháng sau).
    responsible:
      - {{body: snv, role: lead}}
    deadline:
      kind: recurring
      rrule: FREQ=MONTHLY;BYMONTHDAY=5
      reports_on: previous
      source: trước ngày 5 của tháng sau

  - id: "3"
    title: Báo cáo quý (kỳ của ngày đến hạn)
    text: Sở Tài chính báo cáo trước ngày 20 các tháng 1, 4, 7 và 10.
    responsible:
      - {{body: stc, role: lead}}
    deadline:
      kind: recurring
      rrule: {QUARTERLY}
      source: trước ngày 20 các tháng 1, 4, 7 và 10
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return letter_folder(tmp_path, "directive_0789.yaml", LETTER)


_ok = stdout_of


def _rows(cli: Cli, data: Path, day: str) -> dict[str, tuple[str, str, int, str]]:
    listed = json.loads(_ok(cli("list", "--format", "json", "--as-of", day, "--data", str(data))))
    return {
        r["task"]: (r["period"], r["due"], r["periods_missed"], r["timeliness"]) for r in listed
    }


# --- the pure rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "due", "same", "previous"),
    [
        (Cadence.QUARTERLY, date(2023, 10, 20), "2023-Q4", "2023-Q3"),
        (Cadence.QUARTERLY, date(2024, 1, 20), "2024-Q1", "2023-Q4"),
        (Cadence.MONTHLY, date(2023, 7, 5), "2023-07", "2023-06"),
        (Cadence.MONTHLY, date(2024, 1, 5), "2024-01", "2023-12"),
        (Cadence.HALF_YEARLY, date(2023, 7, 15), "2023-H2", "2023-H1"),
        (Cadence.HALF_YEARLY, date(2024, 1, 15), "2024-H1", "2023-H2"),
        (Cadence.YEARLY, date(2024, 1, 15), "2024", "2023"),
        (Cadence.WEEKLY, date(2024, 1, 1), "2024-W01", "2023-W52"),  # a Monday
        (Cadence.WEEKLY, date(2023, 6, 23), "2023-W25", "2023-W24"),  # a Friday
        # Periods named by their due date have no period before (the loader refuses it).
        (Cadence.OTHER, date(2023, 8, 5), "2023-08-05", "2023-08-05"),
    ],
)
def test_the_period_an_obligation_covers(
    kind: Cadence, due: date, same: str, previous: str
) -> None:
    assert covered_key(kind, due) == same
    assert covered_key(kind, due, ReportsOn.PREVIOUS) == previous


@pytest.mark.parametrize(
    ("rule", "anchor", "first"),
    [
        # Mid-quarter: the letter's own quarter is the first reported on.
        (QUARTERLY, date(2023, 5, 16), [("2023-Q2", date(2023, 7, 20)), ("2023-Q3", date(2023, 10, 20))]),
        # Dated before the 20th of July: the report due 20/7 would cover Q2, before the letter.
        (QUARTERLY, date(2023, 7, 5), [("2023-Q3", date(2023, 10, 20)), ("2023-Q4", date(2024, 1, 20))]),
        (QUARTERLY, date(2023, 7, 1), [("2023-Q3", date(2023, 10, 20)), ("2023-Q4", date(2024, 1, 20))]),
        (QUARTERLY, date(2023, 6, 30), [("2023-Q2", date(2023, 7, 20)), ("2023-Q3", date(2023, 10, 20))]),
        ("FREQ=MONTHLY;BYMONTHDAY=5", date(2023, 5, 16), [("2023-05", date(2023, 6, 5)), ("2023-06", date(2023, 7, 5))]),
        ("FREQ=MONTHLY;BYMONTHDAY=5", date(2023, 6, 3), [("2023-06", date(2023, 7, 5)), ("2023-07", date(2023, 8, 5))]),
        ("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=15", date(2023, 5, 16), [("2023", date(2024, 1, 15)), ("2024", date(2025, 1, 15))]),
    ],
)  # fmt: skip
def test_the_first_obligation_reports_on_the_letters_own_period(
    rule: str, anchor: date, first: list[tuple[str, date]]
) -> None:
    owed = obligations(rule, anchor, [], date(2030, 1, 1), reports_on=ReportsOn.PREVIOUS)
    assert [(o.period, o.due) for o in owed[:2]] == first


def test_without_the_key_the_period_is_the_due_dates() -> None:
    owed = obligations(QUARTERLY, date(2023, 5, 16), [], date(2023, 10, 25))
    assert [(o.period, o.due) for o in owed] == [
        ("2023-Q3", date(2023, 7, 20)),
        ("2023-Q4", date(2023, 10, 20)),
        ("2024-Q1", date(2024, 1, 20)),
    ]


@pytest.mark.parametrize(
    ("rule", "vi", "en"),
    [
        (QUARTERLY, "hằng quý, trước ngày 20 của tháng đầu quý sau",
         "quarterly, by day 20 of the following quarter's first month"),
        ("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=20", "hằng quý, trước ngày 20 của tháng cuối quý sau",
         "quarterly, by day 20 of the following quarter's last month"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=20", "hằng quý, trước ngày 20 của quý sau",
         "quarterly, by day 20 of the following quarter"),
        ("FREQ=MONTHLY;BYMONTHDAY=5", "hằng tháng, trước ngày 5 của tháng sau",
         "monthly, by day 5 of the following month"),
        ("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=15", "hằng năm, trước ngày 15/1 năm sau",
         "yearly, by 15/1 of the following year"),
        ("FREQ=WEEKLY;BYDAY=MO", "hằng tuần, trước thứ Hai của tuần sau",
         "weekly, by Monday of the following week"),
        ("FREQ=MONTHLY", "hằng tháng, báo cáo kỳ trước", "monthly, reporting on the period before"),
    ],
)  # fmt: skip
def test_the_cadence_in_words_says_the_due_date_is_in_the_next_period(
    rule: str, vi: str, en: str
) -> None:
    from directive_cli.i18n import set_lang

    assert cadence_words(rule, ReportsOn.PREVIOUS) == vi
    set_lang("en")
    assert cadence_words(rule, ReportsOn.PREVIOUS) == en


# --- the commands -----------------------------------------------------------------------------


def test_list_names_the_period_each_report_covers(cli: Cli, data: Path) -> None:
    # 10/10/2023. skhdt: Q2 due 20/7 (missed), Q3 due 20/10 (current). snv: May…Sep due the
    # 5th of the month after (missed), October due 5/11 (current). stc, without the key: Q3
    # due 20/7 (missed), Q4 due 20/10 (current).
    assert _rows(cli, data, "10/10/2023") == {
        "1:skhdt": ("2023-Q3", "2023-10-20", 1, "in_time"),
        "2:snv": ("2023-10", "2023-11-05", 5, "in_time"),
        "3:stc": ("2023-Q4", "2023-10-20", 1, "in_time"),
    }


def test_a_mark_for_quarter_three_lands_on_the_report_due_on_20_october(
    cli: Cli, data: Path
) -> None:
    d = ["--data", str(data)]
    out = _ok(cli("mark", "done", "1:skhdt", "--period", "quý III/2023", "--on", "18/10/2023", *d))
    assert out.splitlines() == [
        "Đã ghi 1 cập nhật (lô 1).",
        "  1:skhdt (quý III/2023): Chưa thực hiện → Hoàn thành (18/10/2023)",
    ]
    # The same words on the task without the key name the report due 20/7: done late.
    _ok(cli("mark", "done", "3:stc", "--period", "quý III/2023", "--on", "18/10/2023", *d))
    history = json.loads(_ok(cli("history", "--format", "json", *d)))
    assert [(e["task"], e["period"]) for e in history] == [
        ("1:skhdt", "2023-Q3"),
        ("3:stc", "2023-Q3"),
    ]
    assert _rows(cli, data, "19/10/2023") == {
        "1:skhdt": ("2023-Q3", "2023-10-20", 1, "on_time"),
        "2:snv": ("2023-10", "2023-11-05", 5, "in_time"),
        "3:stc": ("2023-Q4", "2023-10-20", 0, "due_soon"),
    }
    # 25/10/2023, in periods: skhdt Q2 overdue, Q3 on time, Q4 (due 20/1/2024) in time; snv
    # May…Sep overdue, October in time; stc Q3 late, Q4 overdue, Q1/2024 in time.
    summary = json.loads(_ok(cli("summary", "--format", "json", "--as-of", "25/10/2023", *d)))
    counts = {
        r["body"]: (r["total"], r["on_time"], r["late"], r["in_time"], r["overdue"])
        for r in summary
    }
    assert counts == {"skhdt": (3, 1, 0, 1, 1), "snv": (6, 0, 0, 1, 5), "stc": (3, 0, 1, 1, 1)}


def test_a_mark_for_a_period_not_yet_reported_on_is_refused(cli: Cli, data: Path) -> None:
    # On 18/10/2023 the current report is Q3's (due 20/10): Q4's is not owed yet.
    result = cli("mark", "done", "1:skhdt", "--period", "quý IV/2023", "--on", "18/10/2023",
                 "--data", str(data))  # fmt: skip
    assert result.exit_code != 0
    assert result.stderr == (
        "Lỗi: Nhiệm vụ không có kỳ 'quý IV/2023' (2023-Q4) vào ngày ghi: các kỳ là"
        " 2023-Q2 … 2023-Q3.\n"
    )
    assert _ok(cli("history", "--data", str(data))).strip() == "Chưa có lịch sử cập nhật."


def test_a_mark_without_period_names_the_oldest_covered_one(cli: Cli, data: Path) -> None:
    out = _ok(cli("mark", "done", "2:snv", "--on", "3/7/2023", "--data", str(data)))
    assert out.splitlines() == [
        "Đã ghi 1 cập nhật (lô 1).",
        "Không nêu --period: ghi cho kỳ cũ nhất chưa hoàn thành của 2:snv: tháng 5/2023.",
        "  2:snv (tháng 5/2023): Chưa thực hiện → Hoàn thành (03/07/2023)",
    ]


def test_an_extension_of_quarter_three(cli: Cli, data: Path) -> None:
    d = ["--data", str(data)]
    _ok(cli("extend", "1:skhdt", "--period", "quý III/2023", "--to", "30/10/2023",
            "--on", "15/10/2023", "--evidence", "Công văn số 30/UBND-KTTH", *d))  # fmt: skip
    listed = json.loads(_ok(cli("list", "-c", "1", "--format", "json", "--as-of", "19/10/2023",
                                *d)))  # fmt: skip
    assert [(r["period"], r["due"], r["original_due"], r["periods_missed"]) for r in listed] == [
        ("2023-Q3", "2023-10-30", "2023-10-20", 1)
    ]


def test_show_says_the_cadence_and_the_period_reported_on(cli: Cli, data: Path) -> None:
    out = _ok(cli("show", "1", "--as-of", "25/10/2023", "--data", str(data)))
    assert out.splitlines() == [
        "789/UBND-KTTH — Điểm 1. Báo cáo quý",
        "",
        "Sở Kế hoạch và Đầu tư báo cáo kết quả thực hiện hằng quý, gửi trước ngày 20 của tháng"
        " đầu quý sau.",
        "",
        "Thời hạn: Định kỳ — Căn cứ: «trước ngày 20 của tháng đầu quý sau»",
        "Chu kỳ: hằng quý, trước ngày 20 của tháng đầu quý sau; kỳ tính từ ngày 16/05/2023",
        "Kỳ hiện tại: quý IV/2023, hạn 20/01/2024",
        "Tính đến ngày 25/10/2023",
        "",
        " Nhiệm vụ   Cơ quan, đơn vị         Vai trò   Trạng thái       Tiến độ     Hạn",
        " " + "─" * 98,
        " 1:skhdt    Sở Kế hoạch và Đầu tư   Chủ trì   Chưa thực hiện   Trong hạn   20/01/2024"
        " (quý IV/2023)",
        "",
        "Các kỳ chưa đúng hạn:",
        "  1:skhdt — quý II/2023 (hạn 20/07/2023): Quá hạn (97 ngày)",
        "  1:skhdt — quý III/2023 (hạn 20/10/2023): Quá hạn (5 ngày)",
    ]


def test_show_in_english(cli: Cli, data: Path) -> None:
    out = _ok(cli("show", "2", "--as-of", "20/6/2023", "--lang", "en", "--data", str(data)))
    assert out.splitlines()[4:7] == [
        "Deadline: Recurring — Source phrase: «trước ngày 5 của tháng sau»",
        "Cadence: monthly, by day 5 of the following month; periods from 16/05/2023",
        "Current period: 6/2023, due 05/07/2023",
    ]


def test_a_reminder_names_the_periods_reported_on(cli: Cli, data: Path, tmp_path: Path) -> None:
    letter = tmp_path / "don-doc.md"
    # A database with one mark, of another body (a reminder is never made from no database).
    _ok(
        cli("mark", "done", "2:snv", "--period", "2023-05", "--on", "1/6/2023", "--data", str(data))
    )
    _ok(cli("remind", "--body", "skhdt", "--as-of", "25/1/2024", "--format", "md",
            "-o", str(letter), "--data", str(data)))  # fmt: skip
    text = letter.read_text(encoding="utf-8")
    start = text.index("Thời hạn: định kỳ")
    assert text[start : text.index("\n\nĐể bảo đảm", start)].splitlines() == [
        "Thời hạn: định kỳ (trước ngày 20 của tháng đầu quý sau); các kỳ chưa hoàn thành:",
        "",
        "- Kỳ quý II/2023, hạn 20/07/2023, quá hạn 189 ngày; hiện chưa thực hiện;",
        "- Kỳ quý III/2023, hạn 20/10/2023, quá hạn 97 ngày; hiện chưa thực hiện;",
        "- Kỳ quý IV/2023, hạn 20/01/2024, quá hạn 5 ngày; hiện chưa thực hiện;",
        "- Kỳ quý I/2024, hạn 20/04/2024, còn 86 ngày; hiện chưa thực hiện.",
    ]


def test_the_weekly_report_lists_each_overdue_period_by_what_it_covers(
    cli: Cli, data: Path
) -> None:
    _ok(
        cli("mark", "done", "2:snv", "--period", "2023-05", "--on", "1/6/2023", "--data", str(data))
    )
    report = json.loads(_ok(cli("report", "--from", "1/1/2024", "--to", "25/1/2024",
                                "--format", "json", "--data", str(data))))  # fmt: skip
    rows = [(r["task"], r["period"], r["due"]) for r in report["overdue"] if r["task"] == "1:skhdt"]
    assert rows == [
        ("1:skhdt", "2023-Q2", "2023-07-20"),
        ("1:skhdt", "2023-Q3", "2023-10-20"),
        ("1:skhdt", "2023-Q4", "2024-01-20"),
    ]


# --- the loader and validate ------------------------------------------------------------------


def test_validate_names_the_line_of_a_bad_value(cli: Cli, data: Path) -> None:
    path = data / "directive_0789.yaml"
    text = LETTER.replace("reports_on: previous", "reports_on: quý trước", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      reports_on: quý trước") + 1
    result = cli("validate", str(data))
    assert result.exit_code != 0
    assert result.stderr == (
        f"1 lỗi:\n  {path}:{line} (điểm 1): 'reports_on' là 'quý trước'; chỉ nhận: same, previous\n"
    )
    with pytest.raises(DirectiveError):
        load_catalog(data)


@pytest.mark.parametrize(
    ("phrase", "warned"),
    [
        ("trước ngày 5 của tháng sau", True),
        ("truoc ngay 5 cua thang sau", True),
        ("báo cáo kết quả tháng trước, trước ngày 5 hằng tháng", True),
        ("trước ngày 5 hằng tháng, so với cùng kỳ năm trước", False),
        ("trước ngày 5 hằng tháng", False),
    ],
)
def test_validate_warns_of_a_next_period_phrase_without_the_key(
    cli: Cli, data: Path, phrase: str, warned: bool
) -> None:
    """Without `reports_on: previous`, June's report due 5/7 is named July's: validate says so
    when the phrase says the report goes in the next period, and still passes the file."""
    path = data / "directive_0789.yaml"
    old = "      reports_on: previous\n      source: trước ngày 5 của tháng sau"
    text = LETTER.replace(old, f"      source: {phrase}")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"      source: {phrase}") + 1
    result = cli("validate", str(data))
    assert result.exit_code == 0, result.output
    hint = (
        f"Cảnh báo: {path}:{line} (điểm 2): cụm từ '{phrase}' nói báo cáo gửi vào kỳ sau kỳ được"
        " báo cáo; nếu đúng vậy, thêm 'reports_on: previous' để mỗi kỳ mang tên kỳ được báo cáo"
        " (xem docs/data-format.md)\n"
    )
    assert result.stderr == (hint if warned else "")


@pytest.mark.parametrize(
    ("rule", "warned"),
    [
        ("FREQ=MONTHLY;BYMONTHDAY=31", 31),
        ("FREQ=MONTHLY;BYMONTHDAY=29", 29),
        ("FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=31", 31),  # April has no 31st
        ("FREQ=YEARLY;BYMONTH=1,3,5,7;BYMONTHDAY=31", None),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", None),  # the last day, whatever the month
    ],
)
def test_validate_warns_of_a_day_some_months_do_not_have(
    cli: Cli, data: Path, rule: str, warned: int | None
) -> None:
    """RFC 5545 skips a month without the day: "before the 31st each month" owes nothing in
    April, June … without a word; validate says so (and passes the file)."""
    path = data / "directive_0789.yaml"
    text = LETTER.replace("rrule: FREQ=MONTHLY;BYMONTHDAY=5", f"rrule: {rule}")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"      rrule: {rule}") + 1
    result = cli("validate", str(data))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Cảnh báo: {path}:{line} (điểm 2): quy tắc nêu ngày {warned}, mà có tháng không có"
        " ngày ấy: theo RFC 5545 tháng đó bị bỏ qua, không phải báo cáo; nếu là ngày cuối"
        " tháng, viết BYMONTHDAY=-1\n"
        if warned
        else ""
    )


def test_each_periods_obligation_is_named_by_the_period_it_covers(data: Path) -> None:
    cat = load_catalog(data)
    got = {
        v.ref: [o.period for o in v.obligations]
        for v in views(cat, {}, date(2023, 8, 1), periods={})
    }
    assert got == {
        "1:skhdt": ["2023-Q2", "2023-Q3"],
        "2:snv": ["2023-05", "2023-06", "2023-07"],
        "3:stc": ["2023-Q3", "2023-Q4"],
    }


def test_a_successor_owes_the_report_on_its_predecessors_last_period(cli: Cli, data: Path) -> None:
    # Sở Nội vụ and Sở KH&ĐT ended on 28/2/2025 (bodies.yaml): February's report, due 5/3/2025,
    # falls to snv-2025, as every report due from its first day; Q1's (due 20/4) to stc-2025.
    # Without the key, stc-2025's first is the first due from 1/3/2025: 20/4/2025, 2025-Q2.
    cat = load_catalog(data)
    got = {
        v.ref: [(o.period, o.due) for o in v.obligations]
        for v in views(cat, {}, date(2025, 4, 1), periods={})
        if v.inherited
    }
    assert got == {
        "1:stc-2025": [("2025-Q1", date(2025, 4, 20))],
        "2:snv-2025": [("2025-02", date(2025, 3, 5)), ("2025-03", date(2025, 4, 5))],
        "3:stc-2025": [("2025-Q2", date(2025, 4, 20))],
    }
    out = _ok(cli("mark", "done", "2:snv-2025", "--period", "tháng 2/2025", "--on", "4/3/2025",
                  "--data", str(data)))  # fmt: skip
    assert out.splitlines()[1:] == [
        "  2:snv-2025 (tháng 2/2025): Chưa thực hiện → Hoàn thành (04/03/2025)"
    ]


# --- the draft --------------------------------------------------------------------------------


def test_the_draft_writes_the_key_and_its_file_validates(cli: Cli, tmp_path: Path) -> None:
    drafted = draft(
        "1. Sở Kế hoạch và Đầu tư tổng hợp, báo cáo kết quả thực hiện hằng quý, gửi UBND tỉnh"
        " trước ngày 20 của tháng đầu quý sau.\n\n"
        "2. Sở Nội vụ báo cáo tháng (trước ngày 5 của tháng sau) gửi UBND tỉnh.\n",
        day=16,
        month=5,
        year=2023,
    )
    text = directive_yaml(drafted)
    deadlines = [text[text.index("    deadline:", at) :].split("\n\n")[0] for at in
                 (text.index('  - id: "1"'), text.index('  - id: "2"'))]  # fmt: skip
    assert deadlines == [
        "    deadline:\n      kind: recurring\n      rrule: " + QUARTERLY + "\n"
        "      reports_on: previous\n      source: trước ngày 20 của tháng đầu quý sau",
        "    deadline:\n      kind: recurring\n      rrule: FREQ=MONTHLY;BYMONTHDAY=5\n"
        "      reports_on: previous\n      source: trước ngày 5 của tháng sau\n",
    ]
    folder = tmp_path / "nhap"
    folder.mkdir()
    shutil.copy(REPO / "data" / "bodies.yaml", folder)
    (folder / "directive_0123.yaml").write_text(text, encoding="utf-8")
    assert _rows(cli, folder, "10/10/2023") == {
        "1:skhdt": ("2023-Q3", "2023-10-20", 1, "in_time"),
        "2:snv": ("2023-10", "2023-11-05", 5, "in_time"),
    }
