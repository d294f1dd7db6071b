"""Issue 15: recurring obligations, one per period.

A test letter (456-2023, dated 10/6/2023) has a monthly report ("trước ngày 25 hằng tháng", Sở
Nội vụ) and a yearly one ("trước ngày 15/11 hằng năm", Sở Tài chính). The monthly one walks a
year of marks; every count below is counted by hand from the table in `MONTHS`.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli

from directive_cli.errors import DirectiveError, InvalidInput
from directive_cli.load import load_catalog
from directive_cli.model import Mark, Status, Timeliness
from directive_cli.periods import (
    Cadence,
    cadence,
    cadence_words,
    dues,
    in_force,
    obligations,
    parse_period,
    period_key,
    period_words,
)
from directive_cli.query import group_marks, views
from directive_cli.report import summarize
from directive_cli.store import NewMark, open_store

REPO = Path(__file__).resolve().parent.parent
D = "456-2023"
LETTER = """\
# An invented letter with a monthly and a yearly report (tests of issue 15).
schema: 1
id: 456-2023
number: "456"
symbol: UBND-VX
type: Công văn
issuer: Ủy ban nhân dân tỉnh Quảng Ngãi
issued_on: 2023-06-10
subject: V/v báo cáo định kỳ (ví dụ minh họa)
signer:
  name: Nguyễn Văn A
  title: Phó Chủ tịch

clauses:
  - id: "2"
    title: Báo cáo hằng tháng
    text: Sở Nội vụ báo cáo UBND tỉnh trước ngày 25 hằng tháng.
    responsible:
      - {body: snv, role: lead}
    deadline:
      kind: recurring
      rrule: FREQ=MONTHLY;BYMONTHDAY=25
      source: trước ngày 25 hằng tháng

  - id: "3"
    title: Báo cáo hằng năm
    text: Sở Tài chính báo cáo UBND tỉnh trước ngày 15/11 hằng năm.
    responsible:
      - {body: stc, role: lead}
    deadline:
      kind: recurring
      rrule: FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15
      source: trước ngày 15/11 hằng năm
"""

# The year of monthly reports, as the clerk marks them: (period, status, day) or no mark.
MONTHS: list[tuple[str, Status, date] | tuple[str]] = [
    ("2023-06", Status.DONE, date(2023, 6, 20)),  # on time
    ("2023-07", Status.DONE, date(2023, 7, 28)),  # late, 3 days
    ("2023-08",),  # overdue
    ("2023-09", Status.DONE, date(2023, 9, 25)),  # on time: the due day counts
    ("2023-10", Status.IN_PROGRESS, date(2023, 10, 20)),  # overdue: not done
    ("2023-11", Status.DONE, date(2023, 11, 24)),  # on time
    ("2023-12", Status.DONE, date(2023, 12, 22)),  # on time
    ("2024-01",),  # overdue
    ("2024-02", Status.DONE, date(2024, 3, 4)),  # late, 8 days
    ("2024-03", Status.DONE, date(2024, 3, 25)),  # on time
    ("2024-04",),  # overdue
    ("2024-05", Status.DONE, date(2024, 5, 20)),  # on time
]
AS_OF = date(2024, 5, 31)  # the current period is June 2024, due 25/6/2024: in time


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REPO / "data" / "bodies.yaml", folder)
    (folder / "directive_0456.yaml").write_text(LETTER, encoding="utf-8")
    return folder


def _mark(i: int, period: str | None, status: Status, day: date, undoes: int | None = None) -> Mark:
    return Mark(i, D, "2", "snv", status, None, day, "t", "clerk", None, None, i, undoes, period)


def _walk() -> list[Mark]:
    return [
        _mark(i, row[0], row[1], row[2]) for i, row in enumerate(MONTHS, start=1) if len(row) == 3
    ]


# --- cadences, period names, words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "kind"),
    [
        ("FREQ=WEEKLY;BYDAY=FR", Cadence.WEEKLY),
        ("FREQ=MONTHLY;BYMONTHDAY=25", Cadence.MONTHLY),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=20", Cadence.QUARTERLY),
        ("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=20", Cadence.QUARTERLY),
        ("FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=15", Cadence.HALF_YEARLY),
        ("FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15", Cadence.HALF_YEARLY),
        ("FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15", Cadence.YEARLY),
        ("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=5", Cadence.OTHER),
        ("FREQ=DAILY", Cadence.OTHER),
    ],
)
def test_the_kind_of_period_a_rule_makes(rule: str, kind: Cadence) -> None:
    assert cadence(rule) is kind


@pytest.mark.parametrize(
    ("kind", "due", "key", "words"),
    [
        (Cadence.MONTHLY, date(2023, 6, 25), "2023-06", "tháng 6/2023"),
        (Cadence.QUARTERLY, date(2023, 6, 20), "2023-Q2", "quý II/2023"),
        (Cadence.HALF_YEARLY, date(2023, 12, 15), "2023-H2", "6 tháng cuối năm 2023"),
        (Cadence.YEARLY, date(2023, 11, 15), "2023", "năm 2023"),
        (Cadence.WEEKLY, date(2023, 1, 6), "2023-W01", "tuần 1/2023"),
        (Cadence.OTHER, date(2023, 8, 5), "2023-08-05", "kỳ 2023-08-05"),
    ],
)
def test_a_period_is_named_by_its_due_date(kind: Cadence, due: date, key: str, words: str) -> None:
    assert period_key(kind, due) == key
    assert period_words(key) == words


@pytest.mark.parametrize(
    ("typed", "kind", "key"),
    [
        ("2023-06", Cadence.MONTHLY, "2023-06"),
        ("tháng 6/2023", Cadence.MONTHLY, "2023-06"),
        ("thang 6/2023", Cadence.MONTHLY, "2023-06"),
        ("6/2023", Cadence.MONTHLY, "2023-06"),
        ("tháng 6 năm 2023", Cadence.MONTHLY, "2023-06"),
        ("2023-Q2", Cadence.QUARTERLY, "2023-Q2"),
        ("quý II/2023", Cadence.QUARTERLY, "2023-Q2"),
        ("quý 2 năm 2023", Cadence.QUARTERLY, "2023-Q2"),
        ("Q3/2023", Cadence.QUARTERLY, "2023-Q3"),  # as spreadsheets write it
        ("Q III/2023", Cadence.QUARTERLY, "2023-Q3"),
        ("quí III/2023", Cadence.QUARTERLY, "2023-Q3"),  # the older spelling of quý
        ("2023-H1", Cadence.HALF_YEARLY, "2023-H1"),
        ("6 tháng đầu năm 2023", Cadence.HALF_YEARLY, "2023-H1"),
        ("6 tháng cuối năm 2023", Cadence.HALF_YEARLY, "2023-H2"),
        ("2023", Cadence.YEARLY, "2023"),
        ("năm 2023", Cadence.YEARLY, "2023"),
        ("2023-W05", Cadence.WEEKLY, "2023-W05"),
        ("tuần 5/2023", Cadence.WEEKLY, "2023-W05"),
        ("2023-08-05", Cadence.OTHER, "2023-08-05"),
    ],
)
def test_periods_as_clerks_type_them(typed: str, kind: Cadence, key: str) -> None:
    assert parse_period(typed, kind) == key


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("tháng 13/2023", Cadence.MONTHLY),
        ("quý V/2023", Cadence.QUARTERLY),
        ("2023", Cadence.MONTHLY),
    ],
)
def test_a_period_that_cannot_be_read_is_refused_with_an_example(typed: str, kind: Cadence) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_period(typed, kind)
    assert str(caught.value) == (
        f"Không đọc được kỳ '{typed}'. Ví dụ: "
        + {
            Cadence.MONTHLY: "2023-06 hoặc 'tháng 6/2023'",
            Cadence.QUARTERLY: "2023-Q2 hoặc 'quý II/2023'",
        }[kind]
        + "."
    )


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;BYMONTHDAY=25", "hằng tháng, trước ngày 25"),
        ("FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15", "hằng năm, trước ngày 15/11"),
        ("FREQ=WEEKLY;BYDAY=FR", "hằng tuần, trước thứ Sáu"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=20", "hằng quý, trước ngày 20"),
        ("FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=15", "6 tháng một lần, trước ngày 15"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "hằng tháng, trước ngày cuối tháng"),
    ],
)
def test_a_cadence_in_words(rule: str, words: str) -> None:
    assert cadence_words(rule) == words


def test_dues_run_from_the_anchor_to_the_current_period() -> None:
    assert dues("FREQ=MONTHLY;BYMONTHDAY=25", date(2023, 6, 10), date(2023, 8, 25)) == (
        date(2023, 6, 25),
        date(2023, 7, 25),
        date(2023, 8, 25),
    )
    # Signed after the 25th: the first report is July's.
    assert dues("FREQ=MONTHLY;BYMONTHDAY=25", date(2023, 6, 28), date(2023, 7, 1)) == (
        date(2023, 7, 25),
    )


# --- a year of monthly reports -----------------------------------------------------------------


def test_each_period_stands_on_its_own() -> None:
    soon = date(2024, 6, 3)  # three days ahead: June's report (due 25/6) is not due soon
    got = obligations("FREQ=MONTHLY;BYMONTHDAY=25", date(2023, 6, 10), _walk(), AS_OF, soon)
    assert [(o.period, o.timeliness, o.days_overdue) for o in got] == [
        ("2023-06", Timeliness.ON_TIME, 0),
        ("2023-07", Timeliness.LATE, 3),
        ("2023-08", Timeliness.OVERDUE, (AS_OF - date(2023, 8, 25)).days),
        ("2023-09", Timeliness.ON_TIME, 0),
        ("2023-10", Timeliness.OVERDUE, (AS_OF - date(2023, 10, 25)).days),
        ("2023-11", Timeliness.ON_TIME, 0),
        ("2023-12", Timeliness.ON_TIME, 0),
        ("2024-01", Timeliness.OVERDUE, (AS_OF - date(2024, 1, 25)).days),
        ("2024-02", Timeliness.LATE, 8),
        ("2024-03", Timeliness.ON_TIME, 0),
        ("2024-04", Timeliness.OVERDUE, (AS_OF - date(2024, 4, 25)).days),
        ("2024-05", Timeliness.ON_TIME, 0),
        ("2024-06", Timeliness.IN_TIME, 0),
    ]


def test_the_issue_example_a_missing_june_is_overdue_on_1_july(data: Path) -> None:
    """Before: on 1/7/2023 with June's report missing, it read "Trong hạn 25/07/2023"."""
    cat = load_catalog(data)
    [v] = [v for v in views(cat, {}, date(2023, 7, 1), periods={}) if v.clause.id == "2"]
    assert (v.period, v.timeliness, v.due, v.periods_missed) == (
        "2023-07",
        Timeliness.IN_TIME,
        date(2023, 7, 25),
        1,
    )
    assert [(o.period, o.timeliness, o.days_overdue) for o in v.obligations] == [
        ("2023-06", Timeliness.OVERDUE, 6),
        ("2023-07", Timeliness.IN_TIME, 0),
    ]


def test_one_done_no_longer_closes_the_task_for_ever(data: Path) -> None:
    """Before: one "done" read "Hoàn thành, Đúng hạn" years later."""
    cat = load_catalog(data)
    marks = {(D, "2", "snv"): [_mark(1, "2023-06", Status.DONE, date(2023, 6, 20))]}
    # (Sở Nội vụ ended on 28/2/2025, the merger: the day is before it.)
    [v] = [v for v in views(cat, {}, date(2025, 2, 15), periods=marks) if v.clause.id == "2"]
    assert (v.status, v.period, v.timeliness, v.periods_missed) == (
        Status.TODO,
        "2025-02",
        Timeliness.IN_TIME,
        19,  # July 2023 to January 2025
    )


def test_the_summary_counts_periods_as_counted_by_hand(data: Path) -> None:
    cat = load_catalog(data)
    rows = views(cat, {}, AS_OF, periods={(D, "2", "snv"): _walk()})
    snv = next(r for b in summarize(rows, cat.registry).groups for r in b.rows if r.body == "snv")
    # From MONTHS: on time 06, 09, 11, 12, 03, 05; late 07, 02; overdue 08, 10, 01, 04;
    # in time: the current period, June 2024.
    assert snv.counts.as_dict() == {
        "total": 13,
        "done": 8,
        "on_time": 6,
        "late": 2,
        "not_done": 5,
        "in_time": 1,
        "overdue": 4,
        "no_deadline": 0,
        "transferred": 0,
        "percent": 61.5,
    }


def test_undone_marks_and_undo_events_do_not_count() -> None:
    kept = _mark(1, "2023-06", Status.DONE, date(2023, 6, 20))
    voided = _mark(2, "2023-07", Status.DONE, date(2023, 7, 20))
    undo = _mark(3, "2023-07", Status.TODO, date(2023, 7, 20), undoes=2)
    later = _mark(4, "2023-08", Status.DONE, date(2023, 8, 20))
    assert in_force([later, undo, voided, kept], as_of=date(2023, 7, 31)) == [kept]


def test_a_mark_without_a_period_counts_for_the_period_open_on_its_day() -> None:
    """Marks recorded before periods existed: each closes the obligation due next."""
    legacy = [_mark(1, None, Status.DONE, date(2023, 7, 2))]
    got = obligations(
        "FREQ=MONTHLY;BYMONTHDAY=25", date(2023, 6, 10), legacy, date(2023, 8, 1), date(2023, 8, 4)
    )
    assert [(o.period, o.timeliness) for o in got] == [
        ("2023-06", Timeliness.OVERDUE),
        ("2023-07", Timeliness.ON_TIME),
        ("2023-08", Timeliness.IN_TIME),
    ]


# --- yearly: "trước ngày 15/11 hằng năm" ------------------------------------------------------


def test_a_yearly_report(data: Path) -> None:
    cat = load_catalog(data)
    marks = {(D, "3", "stc"): [Mark(1, D, "3", "stc", Status.DONE, None, date(2023, 11, 10),
                                    "t", "clerk", None, None, 1, None, "2023")]}  # fmt: skip
    [v] = [v for v in views(cat, {}, date(2025, 1, 10), periods=marks) if v.clause.id == "3"]
    # Sở Tài chính ends on 28/2/2025: the report due 15/11/2025 is its successor's, so the
    # overdue 2024 report is the one it stands as, and none is missed beside it.
    assert [(o.period, o.due, o.timeliness) for o in v.obligations] == [
        ("2023", date(2023, 11, 15), Timeliness.ON_TIME),
        ("2024", date(2024, 11, 15), Timeliness.OVERDUE),
    ]
    assert (v.period, v.periods_missed, v.timeliness) == ("2024", 0, Timeliness.OVERDUE)


# --- the store keeps the period ------------------------------------------------------------------


def test_the_store_keeps_a_marks_period_and_undo_restores_the_periods_status(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "progress.db")
    june = NewMark(D, "2", "snv", Status.DONE, date(2023, 6, 20), "clerk", period="2023-06")
    july = NewMark(D, "2", "snv", Status.IN_PROGRESS, date(2023, 7, 20), "clerk", period="2023-07")
    store.record([june], "t1")
    [stored] = store.record([july], "t2")
    # The previous status is July's own, not June's "done".
    assert (stored.period, stored.previous_status) == ("2023-07", Status.TODO)
    [undo] = store.undo_last("clerk", "t3")
    assert (undo.period, undo.status, undo.previous_status) == (
        "2023-07",
        Status.TODO,
        Status.IN_PROGRESS,
    )
    marks = group_marks(store.history([(D, "2", "snv")]))
    assert [(m.period, m.status) for m in in_force(marks[(D, "2", "snv")])] == [
        ("2023-06", Status.DONE)
    ]
    store.close()


# --- through the commands ------------------------------------------------------------------------


def _ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _walk_by_cli(cli: Cli, data: Path) -> None:
    for row in MONTHS:
        if len(row) == 3:
            period, status, day = row
            _ok(cli("mark", status.value, "2:snv", "--period", period, "--on",
                    day.strftime("%d/%m/%Y"), "--data", str(data)))  # fmt: skip


def test_list_and_summary_after_a_year_of_marks(cli: Cli, data: Path) -> None:
    _walk_by_cli(cli, data)
    day = ["--as-of", "31/5/2024", "--data", str(data)]
    [row] = json.loads(_ok(cli("list", "-c", "2", "--format", "json", *day)))
    assert {k: row[k] for k in ("status", "timeliness", "due", "period", "periods_missed")} == {
        "status": "todo",
        "timeliness": "in_time",
        "due": "2024-06-25",
        "period": "2024-06",
        "periods_missed": 4,
    }
    overdue = json.loads(_ok(cli("list", "--overdue", "--format", "json", *day)))
    assert [r["task"] for r in overdue] == ["2:snv", "3:stc"]  # both owe a missed period
    summary = json.loads(_ok(cli("summary", "--format", "json", *day)))
    snv = next(r for r in summary if r["body"] == "snv")
    assert (snv["total"], snv["on_time"], snv["late"], snv["in_time"], snv["overdue"]) == (
        13,
        6,
        2,
        1,
        4,
    )


def test_a_mark_without_period_closes_the_oldest_open_one_and_says_which(
    cli: Cli, data: Path
) -> None:
    _walk_by_cli(cli, data)
    out = _ok(cli("mark", "done", "2:snv", "--on", "3/6/2024", "--data", str(data)))
    assert out.splitlines() == [
        f"Đã ghi 1 cập nhật (lô {len(_walk()) + 1}).",
        "Không nêu --period: ghi cho kỳ cũ nhất chưa hoàn thành của 2:snv: tháng 8/2023.",
        "  2:snv (tháng 8/2023): Chưa thực hiện → Hoàn thành (03/06/2024)",
    ]
    event = json.loads(_ok(cli("history", "2:snv", "--format", "json", "--data", str(data))))[-1]
    assert (event["period"], event["status"]) == ("2023-08", "done")


def test_a_period_mark_refusals(cli: Cli, data: Path) -> None:
    future = cli("mark", "done", "2:snv", "--period", "2023-09", "--on", "1/8/2023",
                 "--data", str(data))  # fmt: skip
    assert future.exit_code != 0
    assert future.stderr == (
        "Lỗi: Nhiệm vụ không có kỳ '2023-09' (2023-09) vào ngày ghi: các kỳ là 2023-06 … 2023-08.\n"
    )
    assert cli("history", "--data", str(data)).stdout.strip() == "Chưa có lịch sử cập nhật."


def test_period_on_a_task_without_periods_is_refused(cli: Cli) -> None:
    result = cli("mark", "done", "4:snv", "--period", "2023-06", "--on", "20/6/2023")
    assert result.exit_code != 0
    assert result.stderr == (
        "Lỗi: --period chỉ dùng cho nhiệm vụ định kỳ có chu kỳ; 4:snv không phải.\n"
    )


def test_show_says_the_cadence_the_current_period_and_the_missed_ones(cli: Cli, data: Path) -> None:
    _ok(cli("mark", "done", "3:stc", "--period", "năm 2023", "--on", "10/11/2023",
            "--data", str(data)))  # fmt: skip
    out = _ok(cli("show", "3", "--as-of", "10/1/2025", "--data", str(data)))
    lines = out.splitlines()
    # Sở Tài chính ends on 28/2/2025: the report due 15/11/2025 is its successor's, and the
    # overdue one of 2024 is still the one it owes.
    assert lines[4:7] == [
        "Thời hạn: Định kỳ — Căn cứ: «trước ngày 15/11 hằng năm»",
        "Chu kỳ: hằng năm, trước ngày 15/11; kỳ tính từ ngày 10/06/2023",
        "Kỳ hiện tại: năm 2024, hạn 15/11/2024",
    ]
    assert "Các kỳ chưa đúng hạn:" in lines
    after = lines[lines.index("Các kỳ chưa đúng hạn:") + 1]
    assert after == "  3:stc — năm 2024 (hạn 15/11/2024): Quá hạn (56 ngày)"


def test_from_moves_the_first_period(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REPO / "data" / "bodies.yaml", folder)
    text = LETTER.replace(
        "      rrule: FREQ=MONTHLY;BYMONTHDAY=25\n",
        "      rrule: FREQ=MONTHLY;BYMONTHDAY=25\n      from: 2023-09-01\n",
    )
    (folder / "directive_0456.yaml").write_text(text, encoding="utf-8")
    cat = load_catalog(folder)
    [v] = [v for v in views(cat, {}, date(2023, 10, 1), periods={}) if v.clause.id == "2"]
    assert [o.period for o in v.obligations] == ["2023-09", "2023-10"]


def test_from_without_a_cadence_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REPO / "data" / "bodies.yaml", folder)
    text = LETTER.replace("      rrule: FREQ=MONTHLY;BYMONTHDAY=25\n", "      from: 2023-09-01\n")
    path = folder / "directive_0456.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DirectiveError) as caught:
        load_catalog(folder)
    line = text.splitlines().index("      from: 2023-09-01") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line} (điểm 2): 'from' chỉ dùng cho thời hạn định kỳ có 'rrule'"
        " (ngày bắt đầu tính các kỳ)"
    ]
