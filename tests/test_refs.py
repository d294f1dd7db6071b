"""refs.py: how tasks are named, and how --clause and the filters of `list` are looked up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from directive_cli.errors import Ambiguous, InvalidInput, NotFound
from directive_cli.load import Catalog
from directive_cli.model import Mark, Role, Status, Task, Timeliness
from directive_cli.query import Filters
from directive_cli.refs import (
    clause_directives,
    find_clause_pattern,
    list_filters,
    namer,
    outside,
    split_directive,
)

D = "2167-2023"
OTHER = "9999-2024"


@pytest.fixture(scope="module")
def two(cat: Catalog) -> Catalog:
    """The bundled letter and a second one with the same clauses (as a province has)."""
    d = cat.directives[0]
    other = replace(
        d,
        id=OTHER,
        number="9999",
        issued_on=date(2024, 3, 1),
        tasks=tuple(tk._replace(directive=OTHER) for tk in d.tasks),
    )
    return Catalog(cat.registry, (d, other))


def a_mark(directive: str, clause: str = "3.1", body: str = "vpub") -> Mark:
    return Mark(
        1, directive, clause, body, Status.DONE, None, date(2023, 6, 1), "t", "clerk", None, None, 1
    )


@pytest.mark.parametrize(
    ("typed", "split"),
    [
        ("3.1", ("3.1", None)),
        ("2167-2023#3.1", ("3.1", "2167-2023")),
        (" 2167-2023 #3.1", ("3.1", "2167-2023")),
        ("#3.1", ("3.1", "")),
        ("a#b#6a", ("6a", "a#b")),  # the clause is after the last '#'
        ("", ("", None)),
    ],
)
def test_split_directive(typed: str, split: tuple[str, str | None]) -> None:
    assert split_directive(typed) == split


def test_with_one_directive_tasks_are_named_in_short(cat: Catalog) -> None:
    name = namer(cat)
    assert name(Task(D, "3.1", "vpub", Role.LEAD)) == "3.1:vpub"
    assert name(a_mark(D, "4", "snv")) == "4:snv"
    # A mark of a directive the data no longer holds keeps its long name.
    assert name(a_mark(OTHER)) == f"{OTHER}#3.1:vpub"


def test_with_several_directives_every_task_names_its_directive(two: Catalog) -> None:
    name = namer(two)
    assert name(Task(D, "3.1", "vpub", Role.LEAD)) == "2167-2023#3.1:vpub"
    assert name(a_mark(OTHER, "6a.1", "svhttdl")) == "9999-2024#6a.1:svhttdl"


def test_without_a_catalog_every_name_is_long() -> None:
    assert namer(None)(a_mark(D)) == "2167-2023#3.1:vpub"


@pytest.mark.parametrize(
    ("typed", "clause"),
    [("3.1", "3.1"), ("6A.1", "6a.1"), ("3", "3"), ("1", "1"), ("2167-2023#1a", "1a")],
)
def test_a_clause_pattern_is_a_real_clause(cat: Catalog, typed: str, clause: str) -> None:
    assert find_clause_pattern(cat, typed) == clause


def test_an_unknown_clause_lists_the_clauses(cat: Catalog) -> None:
    with pytest.raises(NotFound) as exc:
        find_clause_pattern(cat, "9")
    assert exc.value.message == "không có điểm '9'"
    assert exc.value.fix == (
        "các điểm có: 1, 1a, 1b, 1c, 1d, 2, 3, 3.1, 3.2, 4, 5, 6, 6a, 6a.1, 6b, 7"
    )


def test_a_clause_of_an_unknown_directive_suggests_the_directive(cat: Catalog) -> None:
    with pytest.raises(NotFound) as exc:
        find_clause_pattern(cat, "815-2023#3.1")
    assert (exc.value.message, exc.value.suggestions) == (
        "không có văn bản '815-2023'",
        ("2167-2023",),
    )


def test_a_clause_in_two_directives_is_ambiguous(two: Catalog) -> None:
    with pytest.raises(Ambiguous) as exc:
        find_clause_pattern(two, "3.1")
    assert exc.value.message == ("điểm '3.1' có trong nhiều văn bản: 2167-2023#3.1, 9999-2024#3.1")
    assert exc.value.candidates == ("2167-2023#3.1", "9999-2024#3.1")


def test_directive_chosen_makes_a_clause_id_alone_enough(two: Catalog) -> None:
    assert find_clause_pattern(two, "3.1", (OTHER,)) == "3.1"
    assert find_clause_pattern(two, "6a", (D, OTHER)) == "6a"
    # The prefix names the directive even when --directive chose others.
    assert find_clause_pattern(two, f"{OTHER}#4", (D,)) == "4"


def test_within_directives_the_first_refusal_is_said(two: Catalog) -> None:
    with pytest.raises(NotFound) as exc:
        find_clause_pattern(two, "9", (OTHER, D))
    assert exc.value.message == "không có điểm '9'"


def test_clause_directives_are_those_named_once_each_in_order(two: Catalog) -> None:
    typed = [f"{OTHER}#6a", "3.1", f"{D}#4", f"{OTHER}#1a"]
    assert clause_directives(two, typed) == (OTHER, D)
    assert clause_directives(two, ["3.1", "4"]) == ()


def test_clause_directives_checks_the_clause_exists(two: Catalog) -> None:
    with pytest.raises(NotFound) as exc:
        clause_directives(two, [f"{OTHER}#66"])
    assert exc.value.message == "không có điểm '66'"


def test_outside_lists_the_clauses_of_directives_not_chosen() -> None:
    typed = [f"{OTHER}#6a", "3.1", f"{D}#4", f"{OTHER}#1a"]
    assert outside(typed, (D,)) == [f"{OTHER}#6a", f"{OTHER}#1a"]
    assert outside(typed, (D, OTHER)) == []
    assert outside(typed, ()) == [f"{OTHER}#6a", f"{D}#4", f"{OTHER}#1a"]


def test_no_filter_typed_is_no_filter(cat: Catalog) -> None:
    assert list_filters(cat) == Filters()
    nones = list_filters(
        cat,
        bodies=None,
        groups=None,
        clauses=None,
        directives=None,
        statuses=None,
        timeliness=None,
        roles=None,
        search=None,
    )
    assert nones == Filters()


def test_each_filter_is_looked_up(cat: Catalog) -> None:
    got = list_filters(
        cat,
        on=date(2023, 6, 1),  # "Sở Nội vụ" is two bodies over time: the one of that day
        bodies=["Sở Nội vụ", "vpub", "so khdt"],
        groups=["g3"],
        clauses=["3.1", "6A"],
        directives=["2167"],
        statuses=["hoàn thành", "in_progress"],
        timeliness=["qua han"],
        roles=["chủ trì"],
        overdue=True,
        due_before=date(2023, 12, 31),
        due_after=date(2023, 5, 1),
        search=["quy chế"],
    )
    assert got == Filters(
        bodies=("snv", "vpub", "skhdt"),
        groups=("g3",),
        clauses=("3.1", "6a"),
        statuses=(Status.DONE, Status.IN_PROGRESS),
        timeliness=(Timeliness.OVERDUE,),
        roles=(Role.LEAD,),
        overdue=True,
        due_before=date(2023, 12, 31),
        due_after=date(2023, 5, 1),
        search=("quy chế",),
        directives=(),
        in_directives=(D,),
    )


def test_a_directive_by_id_number_or_reference_once(cat: Catalog) -> None:
    got = list_filters(cat, directives=["2167", "2167-2023", "2167/ubnd-ktth"])
    assert got.in_directives == (D,)


def test_a_clause_naming_its_directive_filters_by_it(two: Catalog) -> None:
    got = list_filters(two, clauses=[f"{OTHER}#3.1"])
    assert (got.clauses, got.directives, got.in_directives) == (("3.1",), (OTHER,), ())


def test_a_clause_alone_is_looked_up_in_the_directives_chosen(two: Catalog) -> None:
    got = list_filters(two, clauses=["3.1"], directives=["9999"])
    assert (got.clauses, got.directives, got.in_directives) == (("3.1",), (), (OTHER,))


def test_a_clause_alone_among_several_directives_filters_each(two: Catalog) -> None:
    """As a list's filter "3.1" is clause 3.1 wherever it is; only a mark refuses it."""
    assert list_filters(two, clauses=["3.1"]).clauses == ("3.1",)
    with pytest.raises(Ambiguous):
        find_clause_pattern(two, "3.1")


def test_a_clause_of_a_directive_not_chosen_is_refused(two: Catalog) -> None:
    with pytest.raises(InvalidInput) as exc:
        list_filters(two, clauses=[f"{OTHER}#6a", f"{D}#4", f"{OTHER}#7"], directives=[D])
    assert str(exc.value) == (
        "điểm 9999-2024#6a, 9999-2024#7 không thuộc văn bản đã chọn bằng --directive (2167-2023)"
    )


@pytest.mark.parametrize(
    ("typed", "error", "message"),
    [
        ({"bodies": ["snvv"]}, NotFound, "không có cơ quan, đơn vị 'snvv'"),
        (
            {"groups": ["g9"]},
            NotFound,
            "không có nhóm 'g9'; các nhóm: g1 (Sở, ban ngành), g2 (Cơ quan Trung ương),"
            " g3 (Huyện, thị xã, thành phố), g4 (Xã, phường, đặc khu), cqcm (Cơ quan chuyên môn)",
        ),
        ({"clauses": ["8"]}, NotFound, "không có điểm '8'"),
        ({"directives": ["815"]}, NotFound, "không có văn bản '815'"),
        (
            {"statuses": ["finished"]},
            InvalidInput,
            "không có trạng thái 'finished'; dùng: todo, in_progress, done, blocked"
            " (hoặc: hoàn thành, đang thực hiện, chưa thực hiện, vướng mắc)",
        ),
        (
            {"timeliness": ["soon"]},
            InvalidInput,
            "không có tiến độ 'soon'; dùng: on_time, late, in_time, due_soon, overdue,"
            " no_deadline, transferred",
        ),
        (
            {"roles": ["boss"]},
            InvalidInput,
            "không có vai trò 'boss'; dùng: lead (chủ trì), assigned (thực hiện), support (phối hợp)",
        ),
    ],
)
def test_each_filter_refuses_what_it_cannot_find(
    cat: Catalog, typed: dict[str, list[str]], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as exc:
        list_filters(cat, **typed)  # type: ignore[arg-type]
    got = exc.value.message if isinstance(exc.value, NotFound) else str(exc.value)
    assert got == message


def test_an_unknown_body_suggests_the_closest_and_where_to_look(cat: Catalog) -> None:
    with pytest.raises(NotFound) as exc:
        list_filters(cat, bodies=["snvv"])
    # Both Sở Nội vụ (before and after the merger of 1/3/2025) are close to what was typed.
    assert exc.value.suggestions == (
        "snv (Sở Nội vụ)",
        "snv-2025 (Sở Nội vụ)",
        "sngv (Sở Ngoại vụ)",
    )
    assert exc.value.fix == "xem danh sách: directive bodies"
