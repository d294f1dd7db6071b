"""marking.py: the pure checks of `mark`, before and after a batch is recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from directive_cli import i18n
from directive_cli.errors import InvalidInput, NotFound
from directive_cli.i18n import t
from directive_cli.load import Catalog
from directive_cli.marking import (
    as_of_warning,
    check_effective,
    chosen_tasks,
    early,
    identical,
    new_marks,
    overruled,
)
from directive_cli.model import Mark, Progress, Role, Status, Task
from directive_cli.store import NewMark

D = "2167-2023"
JUNE = date(2023, 6, 1)
G3 = [
    "tp-quangngai",
    "tx-ducpho",
    "h-binhson",
    "h-sontinh",
    "h-tunghia",
    "h-nghiahanh",
    "h-moduc",
    "h-bato",
    "h-minhlong",
    "h-sonha",
    "h-sontay",
    "h-trabong",
    "h-lyson",
]


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_lang("en")
    yield
    i18n.set_lang("vi")


def task(clause: str, body: str, role: Role | None = None) -> Task:
    """A task of the letter; its role as the letter words it (only clause 4 says chủ trì)."""
    return Task(D, clause, body, role or (Role.LEAD if clause == "4" else Role.ASSIGNED))


def refs(tasks: list[Task]) -> list[str]:
    return [tk.ref for tk in tasks]


def test_a_mark_may_be_dated_today_or_earlier() -> None:
    check_effective(JUNE, JUNE)
    check_effective(date(2023, 5, 16), JUNE)


def test_a_mark_dated_after_today_is_refused() -> None:
    with pytest.raises(InvalidInput) as exc:
        check_effective(date(2062, 6, 1), date(2026, 6, 1))
    assert str(exc.value) == (
        "--on: ngày 01/06/2062 sau hôm nay; chỉ ghi việc đã xảy ra (ngày của văn bản báo cáo)"
    )


def test_a_mark_dated_tomorrow_is_refused_in_english(english: None) -> None:
    with pytest.raises(InvalidInput) as exc:
        check_effective(date(2023, 6, 2), JUNE)
    assert str(exc.value) == (
        "--on: 02/06/2023 is after today; record only what has happened (the date of the report)"
    )


def test_tasks_by_reference_in_the_order_typed(cat: Catalog) -> None:
    got = chosen_tasks(cat, ["4:snv", "3.1", "6a:Sở Giao thông vận tải"], [], [], [], JUNE)
    assert got == [task("4", "snv"), task("3.1", "vpub"), task("6a", "sgtvt")]


def test_a_task_typed_twice_is_marked_once(cat: Catalog) -> None:
    assert chosen_tasks(cat, ["4:snv", "4:SNV", "4:Sở Nội vụ"], [], [], [], JUNE) == [
        task("4", "snv")
    ]


def test_a_clause_with_several_bodies_needs_one_named(cat: Catalog) -> None:
    with pytest.raises(InvalidInput) as exc:
        chosen_tasks(cat, ["7"], [], [], [], JUNE)
    assert str(exc.value) == ("điểm 7 có 3 nhiệm vụ; hãy ghi rõ cơ quan, ví dụ 7:cat")


def test_a_heading_cannot_be_marked_by_reference(cat: Catalog) -> None:
    with pytest.raises(InvalidInput) as exc:
        chosen_tasks(cat, ["3"], [], [], [], JUNE)
    assert str(exc.value) == "điểm 3 là điểm mở đầu; hãy ghi cho từng điểm: 3.1, 3.2"


def test_references_and_filters_together_are_refused(cat: Catalog) -> None:
    for bodies, groups, clauses in ((["snv"], [], []), ([], ["g1"], []), ([], [], ["4"])):
        with pytest.raises(InvalidInput) as exc:
            chosen_tasks(cat, ["4:snv"], bodies, groups, clauses, JUNE)
        assert str(exc.value) == (
            "hãy nêu nhiệm vụ (4:snv) hoặc bộ lọc (--clause, --body, --group), không cả hai;"
            " ví dụ: directive mark done --clause 4 --body snv"
        )


def test_naming_nothing_is_refused(cat: Catalog) -> None:
    with pytest.raises(InvalidInput) as exc:
        chosen_tasks(cat, [], [], [], [], JUNE)
    assert str(exc.value) == (
        "hãy nêu ít nhất một nhiệm vụ ĐIỂM:CƠ_QUAN hoặc một bộ lọc (--clause, --body, --group),"
        " ví dụ: directive mark done 4:snv"
    )


def test_naming_nothing_is_refused_in_english(cat: Catalog, english: None) -> None:
    with pytest.raises(InvalidInput) as exc:
        chosen_tasks(cat, [], [], [], [], JUNE)
    assert str(exc.value) == (
        "name at least one task CLAUSE:BODY or a filter (--clause, --body, --group),"
        " e.g. directive mark done 4:snv"
    )


def test_a_body_filter_marks_every_task_of_that_body(cat: Catalog) -> None:
    got = chosen_tasks(cat, [], ["vpub"], [], [], JUNE)
    assert refs(got) == ["1a:vpub", "1b:vpub", "1c:vpub", "1d:vpub", "3.1:vpub", "3.2:vpub"]


def test_a_clause_and_a_group_meet_in_protocol_order(cat: Catalog) -> None:
    got = chosen_tasks(cat, [], [], ["g3"], ["1a"], JUNE)
    assert got == [task("1a", b) for b in G3]


def test_a_heading_as_a_filter_covers_its_parts(cat: Catalog) -> None:
    assert chosen_tasks(cat, [], [], [], ["3"], JUNE) == [task("3.1", "vpub"), task("3.2", "vpub")]
    assert chosen_tasks(cat, [], [], [], [f"{D}#3"], JUNE) == [
        task("3.1", "vpub"),
        task("3.2", "vpub"),
    ]


def test_filters_that_match_nothing_record_nothing(cat: Catalog) -> None:
    with pytest.raises(NotFound) as exc:
        chosen_tasks(cat, [], ["snv"], [], ["3.1"], JUNE)
    assert exc.value.message == (
        "không có nhiệm vụ nào khớp các bộ lọc đã nêu (--clause, --body, --group); chưa ghi gì"
    )


def test_filters_are_looked_up_and_refused_like_lists(cat: Catalog) -> None:
    with pytest.raises(NotFound) as exc:
        chosen_tasks(cat, [], ["snvv"], [], [], JUNE)
    assert exc.value.message == "không có cơ quan, đơn vị 'snvv'"
    with pytest.raises(NotFound) as exc:
        chosen_tasks(cat, [], [], [], ["8"], JUNE)
    assert exc.value.message == "không có điểm '8'"


def test_nothing_looks_early_on_the_day_of_issue_or_after(cat: Catalog) -> None:
    tasks = [task("4", "snv"), task("1a", "tp-quangngai")]
    assert early(cat, tasks, JUNE) is None
    assert early(cat, tasks, date(2023, 5, 16)) is None  # the day it was issued


def test_a_day_before_the_directive_is_said_with_its_date(cat: Catalog) -> None:
    got = early(cat, [task("4", "snv"), task("3.1", "vpub")], date(2023, 5, 15))
    assert got == (
        "ngày hiệu lực 15/05/2023 trước ngày ban hành 2167/UBND-KTTH (16/05/2023); kiểm tra lại --on"
    )


def test_the_early_warning_in_english(cat: Catalog, english: None) -> None:
    assert early(cat, [task("4", "snv")], date(2020, 1, 1)) == (
        "effective date 01/01/2020 is before 2167/UBND-KTTH (16/05/2023) was issued; check --on"
    )


def test_a_body_that_had_ceased_cannot_be_marked_after_its_end(cat: Catalog) -> None:
    """The warning of old is now a refusal (issue 16), naming the successors."""
    from directive_cli.bodies import successors_text

    with pytest.raises(InvalidInput) as exc:
        chosen_tasks(cat, ["1a:h-bato"], [], [], [], date(2025, 7, 1))
    body = cat.registry.body("h-bato")
    assert str(exc.value) == t(
        "err.mark_ended",
        body=f"h-bato ({body.name})",
        end="30/06/2025",
        day="01/07/2025",
        successors=successors_text(cat.registry, body),
    )
    assert chosen_tasks(cat, ["1a:h-bato"], [], [], [], date(2025, 6, 30))  # its last day


def test_identical_marks_are_those_that_repeat_the_current_state() -> None:
    marks = [
        NewMark(D, "4", "snv", Status.DONE, JUNE, "a", None, "BC 45"),
        NewMark(D, "2", "snv", Status.DONE, JUNE, "a", None, "BC 45"),
        NewMark(D, "3.1", "vpub", Status.DONE, JUNE, "a", "ghi chú", None),
        NewMark(D, "5", "snv", Status.DONE, JUNE, "a", None, None),
    ]
    now = {
        (D, "4", "snv"): Progress(Status.DONE, JUNE, "t", None, "BC 45"),  # the same
        (D, "2", "snv"): Progress(Status.DONE, JUNE, "t", None, "BC 46"),  # other evidence
        (D, "3.1", "vpub"): Progress(Status.DONE, JUNE, "t", "ghi chu\u0301", None),  # NFD note
    }
    assert identical(marks, now) == {0}
    nfd = {(D, "3.1", "vpub"): Progress(Status.DONE, JUNE, "t", "ghi chú", None)}
    assert identical([marks[2]], nfd) == {0}
    assert identical([marks[3]], {}) == set()


def test_new_marks_one_per_task_with_what_was_typed() -> None:
    tasks = [task("4", "snv"), task("1a", "h-bato", Role.SUPPORT)]
    got = new_marks(tasks, Status.DONE, JUNE, "Nguyễn Văn A", "đã trình", "Báo cáo 45/BC-SNV")
    assert got == [
        NewMark(D, "4", "snv", Status.DONE, JUNE, "Nguyễn Văn A", "đã trình", "Báo cáo 45/BC-SNV"),
        NewMark(
            D, "1a", "h-bato", Status.DONE, JUNE, "Nguyễn Văn A", "đã trình", "Báo cáo 45/BC-SNV"
        ),
    ]
    assert new_marks([], Status.TODO, JUNE, "x", None, None) == []


def stored(clause: str, body: str, status: Status, day: date, id_: int = 1) -> Mark:
    return Mark(id_, D, clause, body, status, None, day, "2023-06-21T09:00:00+07:00", "clerk",
                None, None, 1)  # fmt: skip


def test_a_mark_overruled_by_a_later_one_of_another_status() -> None:
    backdated = stored("4", "snv", Status.IN_PROGRESS, date(2023, 5, 20))
    later = Progress(Status.DONE, date(2023, 6, 10))
    assert overruled([backdated], {(D, "4", "snv"): later}) == [(backdated, later)]


def test_marks_that_decide_their_task_are_not_overruled() -> None:
    day = date(2023, 6, 1)
    same_day = stored("4", "snv", Status.DONE, day)
    same_status = stored("3.1", "vpub", Status.DONE, date(2023, 5, 20))
    newest = stored("7", "cat", Status.BLOCKED, day)
    undated = stored("2", "stc", Status.DONE, day)
    unknown = stored("5", "sldtbxh", Status.DONE, day)
    now = {
        (D, "4", "snv"): Progress(Status.IN_PROGRESS, day),  # same day: this mark is later
        (D, "3.1", "vpub"): Progress(Status.DONE, date(2023, 6, 10)),  # joins the run
        (D, "7", "cat"): Progress(Status.DONE, date(2023, 5, 1)),  # earlier
        (D, "2", "stc"): Progress(Status.TODO, None),
    }
    assert overruled([same_day, same_status, newest, undated, unknown], now) == []


def test_overruled_keeps_the_order_of_the_batch() -> None:
    a = stored("4", "snv", Status.TODO, date(2023, 5, 20), 1)
    b = stored("1a", "h-bato", Status.BLOCKED, date(2023, 5, 20), 2)
    c = stored("3.1", "vpub", Status.IN_PROGRESS, date(2023, 5, 20), 3)
    done = Progress(Status.DONE, date(2023, 6, 1))
    now = {(D, "4", "snv"): done, (D, "1a", "h-bato"): done, (D, "3.1", "vpub"): done}
    assert overruled([c, a, b], now) == [(c, done), (a, done), (b, done)]


def test_no_as_of_warning_without_one_or_when_it_shows_the_mark() -> None:
    assert as_of_warning(None, JUNE) is None
    assert as_of_warning(JUNE, JUNE) is None
    assert as_of_warning(date(2023, 7, 1), JUNE) is None


def test_an_as_of_before_the_mark_hides_it_and_says_so() -> None:
    assert as_of_warning(date(2023, 5, 31), JUNE) == (
        "đang đặt DIRECTIVE_AS_OF=31/05/2023: danh sách và báo cáo xét tình hình tính đến ngày"
        " đó, nên cập nhật có hiệu lực 01/06/2023 này chưa hiện ở đó; bỏ DIRECTIVE_AS_OF để xem"
        " hôm nay"
    )


def test_directives_narrow_references_and_filters(cat: Catalog) -> None:
    assert chosen_tasks(cat, ["4:snv"], [], [], [], JUNE, ["2167"]) == [task("4", "snv")]
    got = chosen_tasks(cat, [], ["vpub"], [], ["3"], JUNE, ["2167/UBND-KTTH"])
    assert got == [task("3.1", "vpub"), task("3.2", "vpub")]
    with pytest.raises(NotFound) as exc:
        chosen_tasks(cat, ["4:snv"], [], [], [], JUNE, ["815"])
    assert exc.value.message == "không có văn bản '815'"
