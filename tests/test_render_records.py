"""render/labels.py and render/records.py: the words a table shows, and one record per concept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from directive_cli import i18n
from directive_cli.load import Catalog
from directive_cli.model import Mark, Progress, Status, Timeliness
from directive_cli.query import Filters, TaskView, views
from directive_cli.refs import namer
from directive_cli.render.labels import (
    STYLE,
    bar,
    change_text,
    count_headers,
    evidence_note,
    status_text,
    timeliness_text,
)
from directive_cli.render.records import (
    BODY_KEYS,
    COUNT_KEYS,
    HISTORY_KEYS,
    LIST_KEYS,
    MD_HISTORY_KEYS,
    MD_LIST_KEYS,
    body_headers,
    body_record,
    body_row,
    history_md,
    list_md,
    mark_record,
    summary_records,
    task_record,
)
from directive_cli.report import summarize

D = "2167-2023"
AS_OF = date(2024, 1, 10)
STAMP = "2023-06-06T09:00:00+07:00"
PROGRESS = {
    D: {
        ("3.1", "vpub"): Progress(Status.DONE, date(2023, 6, 5), STAMP, "đã trình", "BC 45/BC-VP"),
        ("1a", "snv"): Progress(Status.DONE, date(2023, 12, 1), STAMP),
        ("3.2", "vpub"): Progress(Status.BLOCKED, date(2023, 7, 1), STAMP, "chờ ý kiến"),
    }
}


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_lang("en")
    yield
    i18n.set_lang("vi")


def by_ref(cat: Catalog, day: date = AS_OF) -> dict[str, TaskView]:
    kept = Filters(bodies=("vpub", "snv"), clauses=("1a", "3.1", "3.2"))
    return {v.ref: v for v in views(cat, PROGRESS, day, kept)}


def a_mark(
    status: Status = Status.DONE,
    previous: Status | None = Status.TODO,
    note: str | None = None,
    evidence: str | None = None,
    undoes: int | None = None,
) -> Mark:
    return Mark(3, D, "4", "snv", status, previous, date(2023, 6, 20), "2023-06-21T08:30:00+07:00",
                "Nguyễn Văn A", note, evidence, 2, undoes)  # fmt: skip


@pytest.mark.parametrize(
    ("status", "vi", "en"),
    [
        (Status.TODO, "Chưa thực hiện", "To do"),
        (Status.IN_PROGRESS, "Đang thực hiện", "In progress"),
        (Status.DONE, "Hoàn thành", "Done"),
        (Status.BLOCKED, "Vướng mắc", "Blocked"),
        (None, "Chưa thực hiện", "To do"),
    ],
)
def test_status_text_in_both_languages(status: Status | None, vi: str, en: str) -> None:
    assert status_text(status) == vi
    i18n.set_lang("en")
    try:
        assert status_text(status) == en
    finally:
        i18n.set_lang("vi")


def test_timeliness_text_with_its_days(cat: Catalog) -> None:
    views_ = by_ref(cat)
    assert {ref: timeliness_text(v, AS_OF, cat.registry) for ref, v in views_.items()} == {
        "1a:vpub": "Quá hạn (10 ngày)",
        "1a:snv": "Đúng hạn",
        "3.1:vpub": "Trễ hạn (5 ngày)",
        "3.2:vpub": "Không thời hạn",
    }


def test_timeliness_text_counts_the_days_left(cat: Catalog) -> None:
    day = date(2023, 12, 28)
    views_ = by_ref(cat, day)
    assert views_["1a:vpub"].timeliness is Timeliness.DUE_SOON
    assert timeliness_text(views_["1a:vpub"], day, cat.registry) == "Sắp đến hạn (còn 3 ngày)"
    assert (
        timeliness_text(views_["1a:vpub"], date(2023, 12, 31), cat.registry)
        == "Sắp đến hạn (hạn là hôm nay)"
    )
    june = date(2023, 6, 1)
    assert timeliness_text(by_ref(cat, june)["1a:vpub"], june, cat.registry) == "Trong hạn"


def test_timeliness_text_in_english(cat: Catalog, english: None) -> None:
    views_ = by_ref(cat)
    assert [timeliness_text(v, AS_OF, cat.registry) for v in views_.values()] == [
        "Overdue (10 d)",
        "On time",
        "Late (5 d)",
        "No deadline",
    ]
    soon = by_ref(cat, date(2023, 12, 28))["1a:vpub"]
    assert timeliness_text(soon, date(2023, 12, 28), cat.registry) == "Due soon (3 d left)"


def test_the_colour_of_a_row_by_its_standing() -> None:
    assert STYLE == {
        Timeliness.OVERDUE: "red",
        Timeliness.LATE: "red",
        Timeliness.DUE_SOON: "yellow",
        Timeliness.ON_TIME: "green",
    }  # in time and no deadline keep the terminal's colour


@pytest.mark.parametrize(
    ("previous", "status", "text"),
    [
        (None, Status.DONE, "Chưa thực hiện → Hoàn thành"),
        (Status.TODO, Status.IN_PROGRESS, "Chưa thực hiện → Đang thực hiện"),
        (Status.IN_PROGRESS, Status.BLOCKED, "Đang thực hiện → Vướng mắc"),
        (Status.DONE, Status.DONE, "Hoàn thành → Hoàn thành"),
    ],
)
def test_change_text(previous: Status | None, status: Status, text: str) -> None:
    assert change_text(a_mark(status, previous)) == text


@pytest.mark.parametrize(
    ("note", "evidence", "undoes", "text"),
    [
        (None, None, None, ""),
        ("đã trình", None, None, "đã trình"),
        (None, "BC 45", None, "BC 45"),
        ("đã trình", "BC 45", None, "BC 45; đã trình"),
        ("", "", None, ""),
        (None, None, 7, "hoàn tác #7"),
        ("nhầm", None, 7, "hoàn tác #7; nhầm"),
        ("nhầm", "BC 45", 7, "hoàn tác #7; BC 45; nhầm"),
    ],
)
def test_evidence_note(
    note: str | None, evidence: str | None, undoes: int | None, text: str
) -> None:
    assert evidence_note(a_mark(note=note, evidence=evidence, undoes=undoes)) == text


def test_evidence_note_of_an_undo_in_english(english: None) -> None:
    assert evidence_note(a_mark(undoes=7, note="typo")) == "undo of #7; typo"


@pytest.mark.parametrize(
    ("percent", "width", "text"),
    [
        (0, 5, "░░░░░"),
        (100, 5, "█████"),
        (40, 5, "██░░░"),
        (20, 5, "█░░░░"),
        (80, 5, "████░"),
        (33.3, 5, "██░░░"),
        (95, 5, "█████"),
        (4, 5, "░░░░░"),
        (37, 10, "████░░░░░░"),
        (100, 1, "█"),
    ],
)
def test_bar(percent: float, width: int, text: str) -> None:
    assert bar(percent, width) == text
    assert len(bar(percent, width)) == width


def test_count_headers_follow_the_count_keys() -> None:
    assert count_headers() == [
        "Tổng số",
        "Đã hoàn thành",
        "Đúng hạn",
        "Trễ hạn",
        "Chưa hoàn thành",
        "Trong hạn",
        "Quá hạn",
        "Không thời hạn",
        "Đã chuyển",
        "Tỷ lệ %",
    ]
    assert len(count_headers()) == len(COUNT_KEYS)


def test_count_headers_in_english(english: None) -> None:
    assert count_headers() == [
        "Total",
        "Done",
        "On time",
        "Late",
        "Not done",
        "In time",
        "Overdue",
        "No deadline",
        "Transferred",
        "% done",
    ]


def test_a_task_record_has_exactly_the_list_keys(cat: Catalog) -> None:
    record = task_record(by_ref(cat)["3.1:vpub"])
    assert list(record) == LIST_KEYS
    assert record == {
        "task": "3.1:vpub",
        "directive": D,
        "clause": "3.1",
        "title": "Sửa đổi, bổ sung Quy chế làm việc của Ban cán sự đảng UBND tỉnh",
        "body": "vpub",
        "body_name": "Văn phòng UBND tỉnh",
        "group": "g1",
        "role": "assigned",  # clause 3.1 names its body without chủ trì
        "status": "done",
        "timeliness": "late",
        "due": "2023-05-31",
        "due_text": "hoàn thành trong tháng 5/2023",
        "deadline_kind": "fixed",
        "days_overdue": 5,
        "updated_at": STAMP,
        "note": "đã trình",
        "evidence": "BC 45/BC-VP",
        "inherited_from": None,
        "inherited_since": None,
        "transferred_to": None,
        "effective_on": "2023-06-05",
        "period": None,
        "periods_missed": 0,
        "original_due": None,
    }


def test_a_re_marked_task_is_effective_from_the_day_its_status_began(cat: Catalog) -> None:
    """A second "done" (new evidence) keeps the first day: the day judged against the deadline."""
    again = Progress(Status.DONE, date(2023, 6, 20), STAMP, None, "BC 46", date(2023, 6, 5))
    kept = Filters(bodies=("vpub",), clauses=("3.1",))
    [view] = views(cat, {D: {("3.1", "vpub"): again}}, AS_OF, kept)
    record = task_record(view)
    assert (record["timeliness"], record["effective_on"]) == ("late", "2023-06-05")


def test_a_task_never_marked_has_no_progress_in_its_record(cat: Catalog) -> None:
    record = task_record(by_ref(cat)["1a:vpub"])
    assert {k: record[k] for k in ("status", "timeliness", "due", "days_overdue")} == {
        "status": "todo",
        "timeliness": "overdue",
        "due": "2023-12-31",
        "days_overdue": 10,
    }
    assert (record["updated_at"], record["note"], record["evidence"]) == (None, None, None)
    assert (record["due_text"], record["deadline_kind"]) == ("ngay trong năm 2023", "target")


def test_an_undated_task_record(cat: Catalog) -> None:
    record = task_record(by_ref(cat)["3.2:vpub"])
    assert (record["due"], record["due_text"], record["deadline_kind"]) == (None, None, "ongoing")
    assert (record["status"], record["timeliness"], record["note"]) == (
        "blocked",
        "no_deadline",
        "chờ ý kiến",
    )


def test_a_mark_record_has_exactly_the_history_keys() -> None:
    record = mark_record(a_mark(Status.DONE, Status.IN_PROGRESS, "n", "e"))
    assert list(record) == HISTORY_KEYS
    assert record == {
        "id": 3,
        "batch": 2,
        "task": "4:snv",
        "directive": D,
        "status": "done",
        "previous_status": "in_progress",
        "effective_on": "2023-06-20",
        "recorded_at": "2023-06-21T08:30:00+07:00",
        "by": "Nguyễn Văn A",
        "note": "n",
        "evidence": "e",
        "undoes": None,
        "period": None,
        "extends_to": None,
    }


def test_a_mark_record_of_an_undo_and_without_a_previous_status() -> None:
    record = mark_record(a_mark(Status.TODO, None, undoes=1))
    assert (record["previous_status"], record["undoes"], record["status"]) == (None, 1, "todo")


def test_summary_records_a_row_per_body_with_its_counts(cat: Catalog) -> None:
    result = summarize(list(by_ref(cat).values()), cat.registry)
    assert summary_records(result) == [
        {"body": "vpub", "body_name": "Văn phòng UBND tỉnh", "group": "g1", "total": 3,
         "done": 1, "on_time": 0, "late": 1, "not_done": 2, "in_time": 0, "overdue": 1,
         "no_deadline": 1, "transferred": 0, "percent": 33.3},
        {"body": "snv", "body_name": "Sở Nội vụ", "group": "g1", "total": 1, "done": 1,
         "on_time": 1, "late": 0, "not_done": 0, "in_time": 0, "overdue": 0,
         "no_deadline": 0, "transferred": 0, "percent": 100.0},
    ]  # fmt: skip
    assert all(list(r)[3:] == COUNT_KEYS for r in summary_records(result))


def test_body_record_keeps_lists_and_dates(cat: Catalog) -> None:
    record = body_record(cat.registry.body("tx-ducpho"))
    assert list(record) == BODY_KEYS
    assert record == {
        "id": "tx-ducpho",
        "name": "UBND thị xã Đức Phổ",
        "aliases": ["TX Đức Phổ", "Thị xã Đức Phổ", "Đức Phổ"],
        "groups": ["g3"],
        "order": 2,
        "valid_from": "2020-02-01",
        "valid_to": "2025-06-30",
    }
    assert body_record(cat.registry.body("snv"))["valid_from"] is None


def test_body_row_flattens_lists_for_csv(cat: Catalog) -> None:
    assert body_row(cat.registry.body("tx-ducpho")) == {
        "id": "tx-ducpho",
        "name": "UBND thị xã Đức Phổ",
        "aliases": "TX Đức Phổ; Thị xã Đức Phổ; Đức Phổ",
        "groups": "g3",
        "order": 2,
        "valid_from": "2020-02-01",
        "valid_to": "2025-06-30",
    }


def test_body_headers_in_both_languages(english: None) -> None:
    assert body_headers() == ["Id", "Body", "Aliases", "Group", "#", "from ", "until "]
    i18n.set_lang("vi")
    assert body_headers() == [
        "Mã",
        "Cơ quan, đơn vị",
        "Tên viết tắt",
        "Nhóm",
        "#",
        "từ ",
        "đến ",
    ]
    assert len(body_headers()) == len(BODY_KEYS)


def test_list_md_is_what_the_table_says(cat: Catalog) -> None:
    rows, keys, headers = list_md(list(by_ref(cat).values()), AS_OF, namer(cat), cat.registry)
    assert keys == MD_LIST_KEYS
    assert headers == [
        "Nhiệm vụ",
        "Nội dung",
        "Cơ quan, đơn vị",
        "Vai trò",
        "Trạng thái",
        "Tiến độ",
        "Hạn",
        "Văn bản báo cáo",
        "Ghi chú",
    ]
    assert [list(r.values()) for r in rows] == [
        # Clauses 1a and 3 name their bodies without chủ trì (Thực hiện); 1a is a target.
        ["1a:vpub", "Quán triệt, triển khai Kết luận 1753-KL/TU; tạo chuyển biến trong năm 2023",
         "Văn phòng UBND tỉnh", "Thực hiện", "Chưa thực hiện", "Quá hạn (10 ngày)",
         "Mục tiêu 31/12/2023", None, None],
        ["1a:snv", "Quán triệt, triển khai Kết luận 1753-KL/TU; tạo chuyển biến trong năm 2023",
         "Sở Nội vụ", "Thực hiện", "Hoàn thành", "Đúng hạn", "Mục tiêu 31/12/2023", None, None],
        ["3.1:vpub", "Sửa đổi, bổ sung Quy chế làm việc của Ban cán sự đảng UBND tỉnh",
         "Văn phòng UBND tỉnh", "Thực hiện", "Hoàn thành", "Trễ hạn (5 ngày)", "31/05/2023",
         "BC 45/BC-VP", "đã trình"],
        ["3.2:vpub", "Tăng cường phối hợp trong công tác tham mưu, đề xuất",
         "Văn phòng UBND tỉnh", "Thực hiện", "Vướng mắc", "Không thời hạn", "", None,
         "chờ ý kiến"],
    ]  # fmt: skip
    assert all(list(r) == MD_LIST_KEYS for r in rows)


def test_list_md_names_tasks_with_their_directive_when_asked(cat: Catalog) -> None:
    rows, _, _ = list_md([by_ref(cat)["3.1:vpub"]], AS_OF, namer(None), cat.registry)
    assert rows[0]["task"] == "2167-2023#3.1:vpub"


def test_history_md_is_what_the_history_table_says(english: None) -> None:
    marks = [a_mark(Status.DONE, Status.TODO, "n", "e"), a_mark(Status.TODO, Status.DONE, undoes=3)]
    rows, keys, headers = history_md(marks, namer(None))
    assert keys == MD_HISTORY_KEYS
    assert headers == [
        "Event",
        "Batch",
        "Task",
        "Change",
        "Effective",
        "By",
        "Recorded at",
        "Evidence, note",
    ]
    assert rows == [
        {"id": 3, "batch": 2, "task": "2167-2023#4:snv", "change": "To do → Done",
         "effective_on": "20/06/2023", "by": "Nguyễn Văn A", "recorded_at": "21/06/2023 08:30",
         "evidence_note": "e; n"},
        {"id": 3, "batch": 2, "task": "2167-2023#4:snv", "change": "Done → To do",
         "effective_on": "20/06/2023", "by": "Nguyễn Văn A", "recorded_at": "21/06/2023 08:30",
         "evidence_note": "undo of #3"},
    ]  # fmt: skip
