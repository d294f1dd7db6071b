"""Pure core: timeliness, references, filters, sorting, status words."""

from __future__ import annotations

from datetime import date

import pytest

from directive_cli.bodies import find_body, find_group
from directive_cli.deadlines import DateError, due_date, parse_date, phrase_due, standing
from directive_cli.errors import Ambiguous, InvalidInput, NotFound
from directive_cli.load import Catalog
from directive_cli.model import (
    Body,
    Deadline,
    DeadlineKind,
    Progress,
    Registry,
    Role,
    Status,
    Task,
    Timeliness,
)
from directive_cli.query import (
    Filters,
    clause_matches,
    parse_ref,
    parse_status,
    resolve_tasks,
    sort_views,
    views,
)

DUE = date(2023, 5, 31)
FIXED = Deadline(DeadlineKind.FIXED, "hoàn thành trong tháng 5/2023", DUE)


@pytest.mark.parametrize(
    ("status", "done_on", "as_of", "expected", "days"),
    [
        (Status.DONE, date(2023, 5, 31), date(2023, 7, 1), Timeliness.ON_TIME, 0),
        (Status.DONE, date(2023, 6, 5), date(2023, 7, 1), Timeliness.LATE, 5),
        (Status.TODO, None, date(2023, 5, 31), Timeliness.DUE_SOON, 0),
        # One horizon everywhere (issue 13 item 18): due within 7 days is due soon.
        (Status.TODO, None, date(2023, 5, 24), Timeliness.DUE_SOON, 0),
        (Status.TODO, None, date(2023, 5, 23), Timeliness.IN_TIME, 0),
        (Status.IN_PROGRESS, None, date(2023, 6, 1), Timeliness.OVERDUE, 1),
        (Status.BLOCKED, None, date(2023, 6, 30), Timeliness.OVERDUE, 30),
    ],
)
def test_standing_of_a_dated_task(
    status: Status, done_on: date | None, as_of: date, expected: Timeliness, days: int
) -> None:
    s = standing(FIXED, status, done_on, as_of)
    assert (s.timeliness, s.due, s.days_overdue) == (expected, DUE, days)


@pytest.mark.parametrize(
    "kind", [DeadlineKind.ONGOING, DeadlineKind.URGENT, DeadlineKind.EVENT, DeadlineKind.RECURRING]
)
def test_undated_tasks_are_never_overdue(kind: DeadlineKind) -> None:
    s = standing(Deadline(kind), Status.TODO, None, date(2030, 1, 1))
    assert (s.timeliness, s.due, s.days_overdue) == (Timeliness.NO_DEADLINE, None, 0)


@pytest.mark.parametrize(
    ("rule", "as_of", "due"),
    [
        # 16/5/2023 was a Tuesday: "every week" falls on Tuesdays, whatever day it is asked.
        ("FREQ=WEEKLY", date(2023, 6, 1), date(2023, 6, 6)),
        ("FREQ=WEEKLY", date(2023, 6, 6), date(2023, 6, 6)),
        ("FREQ=MONTHLY;BYMONTHDAY=5", date(2023, 6, 1), date(2023, 6, 5)),
        ("FREQ=MONTHLY", date(2023, 6, 17), date(2023, 7, 16)),
        ("FREQ=YEARLY;COUNT=1", date(2024, 6, 1), None),  # the cadence has ended
    ],
)
def test_a_cadence_counts_from_the_directives_date(
    rule: str, as_of: date, due: date | None
) -> None:
    deadline = Deadline(DeadlineKind.RECURRING, rrule=rule)
    assert due_date(deadline, as_of, anchor=date(2023, 5, 16)) == due


def test_recurring_with_a_cadence_uses_the_next_occurrence() -> None:
    monthly = Deadline(
        DeadlineKind.RECURRING, rrule="DTSTART:20230101T000000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=15"
    )
    s = standing(monthly, Status.TODO, None, date(2023, 6, 14))
    assert (s.timeliness, s.due) == (Timeliness.DUE_SOON, date(2023, 6, 15))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("16/5/2023", date(2023, 5, 16)),
        ("16/05/2023", date(2023, 5, 16)),
        ("16-5-2023", date(2023, 5, 16)),
        ("16.5.2023", date(2023, 5, 16)),
        ("2023-05-16", date(2023, 5, 16)),
        (" 1/1/2024 ", date(2024, 1, 1)),
    ],
)
def test_dates_are_day_first(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    "typed", ["3.10", "May 2023", "10", "31/02/2023", "2023-13-01", "16/5", "5/2023", "", "16/5/23"]
)
def test_partial_or_impossible_dates_are_refused_with_an_accepted_form(typed: str) -> None:
    with pytest.raises(DateError, match="16/5/2023"):
        parse_date(typed)


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("hoàn thành trong tháng 5/2023", date(2023, 5, 31)),
        ("trong quý II/2023", date(2023, 6, 30)),
        ("6 tháng đầu năm 2023", date(2023, 6, 30)),
        ("trong năm 2023", date(2023, 12, 31)),
        ("ngay trong năm 2023", date(2023, 12, 31)),
        ("trong tháng 2/2024", date(2024, 2, 29)),
        ("trong thang 9/2023", date(2023, 9, 30)),
        ("quy III/2023", date(2023, 9, 30)),
        # A day of the month, not the month: read as a day, not as 30/9.
        ("trước ngày 15 tháng 9/2023", None),
        ("truoc ngay 15 thang 9/2023", None),
        ("Thường xuyên", None),
        ("giai đoạn 2021 - 2025", None),
    ],
)
def test_period_phrases(phrase: str, due: date | None) -> None:
    assert phrase_due(phrase) == due


LETTER_DAY = date(2023, 5, 16)

# --- references -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["SNV", "snv", "Sở Nội vụ", "so noi vu", "SO NOI VU", "Sở Nội Vụ", "sở nội vụ"]
)
def test_body_by_id_alias_or_name(cat: Catalog, typed: str) -> None:
    # On the letter's day: "Sở Nội vụ" also names the merged department of 1/3/2025.
    assert find_body(cat.registry, typed, LETTER_DAY).id == "snv"


def test_body_in_nfd_matches(cat: Catalog) -> None:
    import unicodedata

    assert (
        find_body(cat.registry, unicodedata.normalize("NFD", "Sở Nội vụ"), LETTER_DAY).id == "snv"
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Sở KH&ĐT", "skhdt"),
        ("SKHĐT", "skhdt"),
        ("so kh dt", "skhdt"),
        ("skhdt", "skhdt"),
        ("Sở LĐ-TB&XH", "sldtbxh"),
        ("Sở VHTT&DL", "svhttdl"),
        ("van hoa the thao va du lich", "svhttdl"),
        ("Nội vụ", "snv"),
        ("Sở Văn hoá, Thể thao và Du lịch", "svhttdl"),
        ("BQL KKT Dung Quất", "bqlkkt"),
        ("Bộ CHQS tỉnh", "bchqs"),
        ("VPUB", "vpub"),
        ("Văn phòng Uỷ ban nhân dân tỉnh", "vpub"),
        ("ly son", "h-lyson"),
        ("Đức Phổ", "tx-ducpho"),
    ],
)
def test_aliases_clerks_type(cat: Catalog, typed: str, expected: str) -> None:
    assert find_body(cat.registry, typed, LETTER_DAY).id == expected


def test_unknown_body_suggests_the_closest(cat: Catalog) -> None:
    with pytest.raises(NotFound) as err:
        find_body(cat.registry, "so noi vuu")
    assert err.value.suggestions[0] == "snv (Sở Nội vụ)"


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("Quảng Ngãi", ("bqlkkt", "tp-quangngai")),
        ("Sơn", ("h-binhson", "h-sontinh", "h-sonha", "h-sontay", "h-lyson")),
        ("Đức", ("tx-ducpho", "h-moduc")),
        ("Nghĩa", ("h-tunghia", "h-nghiahanh")),
        ("Sở KH", ("skhdt", "skhcn")),
    ],
)
def test_words_in_several_names_are_refused_with_every_candidate(
    cat: Catalog, typed: str, candidates: tuple[str, ...]
) -> None:
    with pytest.raises(Ambiguous) as err:
        find_body(cat.registry, typed, LETTER_DAY)
    assert tuple(c.split()[0] for c in err.value.candidates) == candidates


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cong an", "cat"),
        ("van phong", "vpub"),
        ("so noi", "snv"),
        ("bo doi bien phong", "bdbp"),
    ],
)
def test_words_of_one_name_only_name_that_body(cat: Catalog, typed: str, expected: str) -> None:
    assert find_body(cat.registry, typed, LETTER_DAY).id == expected


def test_a_group_typed_as_a_body_points_to_group(cat: Catalog) -> None:
    with pytest.raises(NotFound) as err:
        find_body(cat.registry, "g3")
    assert err.value.message == "không có cơ quan, đơn vị 'g3'; để chọn cả nhóm: --group g3"
    with pytest.raises(Ambiguous) as many:
        find_body(cat.registry, "huyen")
    assert len(many.value.candidates) == 11  # the districts; the city and the town are not huyện
    assert many.value.message.endswith("… (+5); để chọn cả nhóm: --group g3")


def test_folded_collision_is_ambiguous_but_exact_spelling_wins() -> None:
    reg = Registry(
        groups=(),
        bodies=(Body("so-a", "Sở An", (), (), 1), Body("so-b", "Số An", (), (), 2)),
    )
    assert find_body(reg, "Sở An").id == "so-a"
    assert find_body(reg, "Số An").id == "so-b"
    with pytest.raises(Ambiguous) as err:
        find_body(reg, "so an")
    assert err.value.candidates == ("so-a (Sở An)", "so-b (Số An)")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("g3", "g3"),
        ("G1", "g1"),
        ("huyen", "g3"),
        ("Huyện, thị xã, thành phố", "g3"),
        ("trung uong", "g2"),
        ("so", "g1"),
        ("Sở, ban ngành", "g1"),
        ("thi xa", "g3"),
    ],
)
def test_group_by_id_name_or_words_of_its_name(cat: Catalog, typed: str, expected: str) -> None:
    assert find_group(cat.registry, typed).id == expected


def test_group_words_in_two_names_are_refused_with_both(cat: Catalog) -> None:
    with pytest.raises(Ambiguous) as caught:
        find_group(cat.registry, "tinh")  # in the names of g1, g2 and cqcm
    assert caught.value.candidates == ("g1", "g2", "cqcm")
    with pytest.raises(NotFound):
        find_group(cat.registry, "xa hoi")


def test_task_reference(cat: Catalog) -> None:
    ref = parse_ref(cat, "4:so noi vu", on=LETTER_DAY)
    assert [t.ref for t in ref.tasks()] == ["4:snv"]
    # Today the name is the merged Sở Nội vụ's, which inherited the task on 1/3/2025.
    assert [t.ref for t in parse_ref(cat, "4:so noi vu", on=date(2026, 12, 1)).tasks()] == [
        "4:snv-2025"
    ]
    assert [t.ref for t in resolve_tasks(cat, ["3.1"])] == ["3.1:vpub"]


def test_clause_reference_needs_a_body_when_several(cat: Catalog) -> None:
    with pytest.raises(InvalidInput, match="điểm 5 có 2 nhiệm vụ"):
        resolve_tasks(cat, ["5"], on=LETTER_DAY)
    # Without a day, every body that ever held it: the two of 2023 and their successors.
    with pytest.raises(InvalidInput, match="điểm 5 có 4 nhiệm vụ"):
        resolve_tasks(cat, ["5"])
    # A clause one body held at a time names that body's task on the day.
    assert resolve_tasks(cat, ["4"], on=LETTER_DAY) == [Task("2167-2023", "4", "snv", Role.LEAD)]
    assert resolve_tasks(cat, ["4"], on=date(2026, 12, 1)) == [
        Task("2167-2023", "4", "snv-2025", Role.LEAD)
    ]


def test_heading_clause_cannot_be_marked(cat: Catalog) -> None:
    with pytest.raises(InvalidInput, match="điểm mở đầu; hãy ghi cho từng điểm: 1a, 1b, 1c, 1d"):
        resolve_tasks(cat, ["1:snv"])


def test_body_without_a_task_in_the_clause(cat: Catalog) -> None:
    with pytest.raises(
        NotFound,
        match=r"^stp \(Sở Tư pháp\) không có nhiệm vụ tại điểm 4; các cơ quan của điểm này: snv",
    ):
        parse_ref(cat, "4:stp")


@pytest.mark.parametrize("typed", ["3.10:vpub", "00", "010", "no", "on", "8:snv"])
def test_unknown_clauses(cat: Catalog, typed: str) -> None:
    with pytest.raises(NotFound, match="không có điểm"):
        parse_ref(cat, typed)


def test_clause_prefix_rule() -> None:
    assert clause_matches("1", "1a") and clause_matches("1", "1") and clause_matches("6a", "6a.1")
    assert not clause_matches("1", "10") and not clause_matches("3.1", "3.10")


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("done", Status.DONE),
        ("hoàn thành", Status.DONE),
        ("hoan thanh", Status.DONE),
        ("Đã hoàn thành", Status.DONE),
        ("dang thuc hien", Status.IN_PROGRESS),
        ("in-progress", Status.IN_PROGRESS),
        ("vướng mắc", Status.BLOCKED),
        ("todo", Status.TODO),
    ],
)
def test_status_words(typed: str, status: Status) -> None:
    assert parse_status(typed) == status


def test_unknown_status() -> None:
    with pytest.raises(InvalidInput, match="không có trạng thái 'finished'"):
        parse_status("finished")


# --- views and filters ----------------------------------------------------------------------


def _progress(
    entries: dict[tuple[str, str], Progress], cat: Catalog
) -> dict[str, dict[tuple[str, str], Progress]]:
    return {cat.directives[0].id: entries}


def test_views_join_progress_and_judge_timeliness(cat: Catalog) -> None:
    progress = _progress({("3.1", "vpub"): Progress(Status.DONE, date(2023, 6, 5))}, cat)
    rows = {v.ref: v for v in views(cat, progress, date(2023, 6, 10))}
    assert len(rows) == 211
    assert (rows["3.1:vpub"].timeliness, rows["3.1:vpub"].days_overdue) == (Timeliness.LATE, 5)
    assert rows["1a:snv"].timeliness is Timeliness.IN_TIME
    assert rows["2:snv"].timeliness is Timeliness.NO_DEADLINE


def test_filters_and_across_or_within(cat: Catalog) -> None:
    rows = views(cat, {}, date(2024, 1, 2))
    f = Filters(clauses=("1a",), groups=("g3",), statuses=(Status.TODO,))
    kept = [v.ref for v in rows if f.keep(v)]
    assert kept == [f"1a:{b.id}" for b in cat.registry.members("g3")]
    f = Filters(bodies=("snv", "vpub"), clauses=("3", "4"))
    assert [v.ref for v in rows if f.keep(v)] == ["3.1:vpub", "3.2:vpub", "4:snv"]
    f = Filters(overdue=True, bodies=("vpub",))
    assert [v.ref for v in rows if f.keep(v)] == ["1a:vpub", "3.1:vpub"]
    f = Filters(roles=(Role.ASSIGNED,), search=("ly son",))
    assert [v.ref for v in rows if f.keep(v)] == ["6a.1:svhttdl"]
    f = Filters(due_before=date(2023, 6, 1))
    assert [v.ref for v in rows if f.keep(v)] == ["3.1:vpub"]


def test_search_finds_notes(cat: Catalog) -> None:
    progress = _progress(
        {
            ("4", "snv"): Progress(
                Status.DONE, date(2023, 6, 20), note="Đã trình", evidence="Báo cáo số 45/BC-SNV"
            )
        },
        cat,
    )
    rows = views(cat, progress, date(2023, 7, 1))
    assert [v.ref for v in rows if Filters(search=("45/bc-snv",)).keep(v)] == ["4:snv"]


def test_sort_by_due_and_overdue(cat: Catalog) -> None:
    rows = views(cat, {}, date(2024, 1, 2))
    by_due = sort_views(rows, "due")
    assert by_due[0].ref == "3.1:vpub" and by_due[-1].due is None
    by_overdue = sort_views(rows, "overdue")
    assert by_overdue[0].ref == "3.1:vpub" and by_overdue[0].days_overdue == 216


@pytest.mark.parametrize(
    "f",
    [
        Filters(bodies=("snv",)),
        Filters(groups=("g3",), clauses=("1",)),
        Filters(roles=(Role.ASSIGNED,), clauses=("6a",)),
        Filters(statuses=(Status.TODO,)),
    ],
)
def test_prefiltering_tasks_keeps_exactly_the_same_rows(cat: Catalog, f: Filters) -> None:
    day = date(2023, 7, 1)
    full = [v for v in views(cat, {}, day) if f.keep(v)]
    assert [v for v in views(cat, {}, day, f) if f.keep(v)] == full and full


@pytest.mark.parametrize("seed", range(4))
def test_the_summary_grid_counts_each_task_once_in_its_cells(cat: Catalog, seed: int) -> None:
    """summarize tallies before it fills the grid; the grid must equal counting task by task."""
    import random
    from datetime import timedelta

    from directive_cli.report import summarize

    rng = random.Random(seed)
    directive = cat.directives[0]
    progress = {
        directive.id: {
            (t.clause, t.body): Progress(
                rng.choice(list(Status)), date(2023, 5, 20) + timedelta(days=rng.randrange(280))
            )
            for t in directive.tasks
            if rng.random() < 0.7
        }
    }
    # Past the 2023 deadlines, so every cell fills; each task three times, so every tally
    # counts several.
    rows = views(cat, progress, date(2024, 3, 1)) * 3
    result = summarize(rows, cat.registry)
    got = {r.body: r.counts.as_dict() for g in result.groups for r in g.rows}
    expected: dict[str, dict[str, float]] = {}
    for v in rows:
        c = expected.setdefault(
            v.body.id,
            dict.fromkeys(
                [
                    "total",
                    "done",
                    "on_time",
                    "late",
                    "not_done",
                    "in_time",
                    "overdue",
                    "no_deadline",
                    "transferred",
                ],
                0,
            ),
        )
        if v.timeliness is Timeliness.TRANSFERRED:
            c["transferred"] += 1
            continue
        c["total"] += 1
        c["no_deadline"] += v.timeliness is Timeliness.NO_DEADLINE
        if v.status is Status.DONE:
            c["done"] += 1
            c["on_time"] += v.timeliness is Timeliness.ON_TIME
            c["late"] += v.timeliness is Timeliness.LATE
        else:
            c["not_done"] += 1
            c["in_time"] += v.timeliness in (Timeliness.IN_TIME, Timeliness.DUE_SOON)
            c["overdue"] += v.timeliness is Timeliness.OVERDUE
    for c in expected.values():
        c["percent"] = round(100 * c["done"] / c["total"], 1)
    assert got == expected
    assert result.total.total == len(rows) == sum(c["total"] for c in expected.values())
    for cell in ("on_time", "late", "overdue", "no_deadline"):  # none is in time by 2024
        assert getattr(result.total, cell) == sum(c[cell] for c in expected.values()) > 0, cell


def test_directives_are_listed_oldest_first_not_as_text(cat: Catalog) -> None:
    from dataclasses import replace

    letter = cat.directives[0]
    older = replace(
        letter,
        id="297-2023",
        number="297",
        issued_on=date(2023, 1, 5),
        tasks=tuple(t._replace(directive="297-2023") for t in letter.tasks),
    )
    newer = replace(
        letter,
        id="1573-2023",
        number="1573",
        issued_on=date(2023, 9, 1),
        tasks=tuple(t._replace(directive="1573-2023") for t in letter.tasks),
    )
    two = Catalog(cat.registry, (newer, older))
    rows = sort_views(views(two, {}, date(2023, 10, 1)))
    order = list(dict.fromkeys(v.directive.id for v in rows))
    assert order == ["297-2023", "1573-2023"]  # as text, "1573" would come first
    assert [v.ref for v in rows if v.directive.id == "297-2023"] == [
        v.ref for v in sort_views(views(cat, {}, date(2023, 10, 1)))
    ]
