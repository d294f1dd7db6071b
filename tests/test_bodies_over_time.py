"""Bodies over time: validity, successors, lookup by day, and what happens to the tasks of a
body that ended (merge, split, rename, a name reused across time).

The fixture is a small registry shaped on the 2025 reorganisation of Quảng Ngãi
(../shared/DOMAIN-2025.md): Sở Tài chính and Sở Kế hoạch và Đầu tư merged into a new Sở Tài
chính; Ban Dân tộc renamed; xã Trà Bùi split between xã Cà Đam and xã Tây Trà Bồng (NQ
1677/NQ-UBTVQH15 k.30–31), xã Trà Tân merged into Cà Đam; huyện Lý Sơn became đặc khu Lý Sơn,
both answering to "Lý Sơn".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from directive_cli import i18n
from directive_cli.bodies import check_mark_day, find_body, inherit
from directive_cli.errors import Ambiguous, DirectiveError, InvalidInput, NotFound
from directive_cli.load import load_catalog, load_registry
from directive_cli.model import (
    Body,
    Catalog,
    Clause,
    Deadline,
    DeadlineKind,
    Inheritance,
    Progress,
    Registry,
    Role,
    Status,
    Succession,
    SuccessionKind,
    Task,
    Timeliness,
)
from directive_cli.query import views
from directive_cli.report import summarize

BODIES = """\
schema: 1
groups:
  - {id: g1, name: Các sở, short: Sở}
  - {id: gx, name: UBND các xã, short: Xã}
bodies:
  - id: stc
    name: Sở Tài chính
    groups: [g1]
    valid_to: 2025-02-28
    successors: {kind: merged_into, on: 2025-03-01, bodies: [stc-2025]}
  - id: skhdt
    name: Sở Kế hoạch và Đầu tư
    aliases: [Sở KH&ĐT]
    groups: [g1]
    valid_to: 2025-02-28
    successors: {kind: merged_into, on: 2025-03-01, bodies: [stc-2025]}
  - id: stc-2025
    name: Sở Tài chính
    groups: [g1]
    valid_from: 2025-03-01
  - id: bdt
    name: Ban Dân tộc tỉnh
    groups: [g1]
    valid_to: 2025-02-28
    successors: {kind: renamed, on: 2025-03-01, bodies: [sdttg]}
  - id: sdttg
    name: Sở Dân tộc và Tôn giáo
    groups: [g1]
    valid_from: 2025-03-01
  - id: x-trabui
    name: UBND xã Trà Bùi
    groups: [gx]
    valid_to: 2025-06-30
    successors: {kind: split_between, on: 2025-07-01, bodies: [x-cadam, x-taytrabong]}
  - id: x-tratan
    name: UBND xã Trà Tân
    groups: [gx]
    valid_to: 2025-06-30
    successors: {kind: merged_into, on: 2025-07-01, bodies: [x-cadam]}
  - id: x-cadam
    name: UBND xã Cà Đam
    groups: [gx]
    valid_from: 2025-07-01
  - id: x-taytrabong
    name: UBND xã Tây Trà Bồng
    groups: [gx]
    valid_from: 2025-07-01
  - id: h-lyson
    name: UBND huyện Lý Sơn
    aliases: [Lý Sơn]
    groups: []
    valid_to: 2025-06-30
    successors: {kind: merged_into, on: 2025-07-01, bodies: [dk-lyson]}
  - id: dk-lyson
    name: UBND đặc khu Lý Sơn
    aliases: [Lý Sơn]
    groups: [gx]
    valid_from: 2025-07-01
"""

DIRECTIVE = """\
schema: 1
id: 1-2023
number: "1"
symbol: UBND-KTTH
type: Công văn
issuer: UBND tỉnh
issued_on: 2023-05-16
subject: V/v thử
signer: {name: Nguyễn Văn A, title: Chủ tịch}
clauses:
  - id: "1"
    title: Thường xuyên rà soát
    text: Thường xuyên rà soát.
    responsible:
      - {group: gx, role: assigned}
      - {body: stc, role: assigned}
      - {body: skhdt, role: lead}
      - {body: bdt, role: assigned}
    deadline: {kind: ongoing, source: Thường xuyên}
  - id: "2"
    title: Tạo chuyển biến trong năm 2023
    text: Quyết tâm tạo chuyển biến ngay trong năm 2023.
    responsible:
      - {body: stc, role: assigned}
      - {body: x-trabui, role: assigned}
    deadline: {kind: target, due: 2023-12-31, source: ngay trong năm 2023}
  - id: "3"
    title: Khẩn trương xây dựng Đề án
    text: Khẩn trương xây dựng Đề án.
    responsible:
      - {body: bdt, role: assigned}
    deadline: {kind: urgent, source: khẩn trương}
  - id: "4"
    title: Định kỳ báo cáo
    text: Định kỳ báo cáo theo quy định.
    responsible:
      - {body: h-lyson, role: assigned}
    deadline: {kind: recurring, source: định kỳ báo cáo}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    (tmp_path / "directive_1.yaml").write_text(DIRECTIVE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def catalog(folder: Path) -> Catalog:
    return load_catalog(folder)


@pytest.fixture
def english() -> object:
    i18n.set_lang("en")
    yield
    i18n.set_lang("vi")


def _problems(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(DirectiveError) as caught:
        load_registry(path)
    return [(p.line, p.message) for p in caught.value.problems]


def _registry(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bodies.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# --- the registry ---------------------------------------------------------------------------


def test_successors_are_read(catalog: Catalog) -> None:
    r = catalog.registry
    assert r.body("x-trabui").succession == Succession(
        SuccessionKind.SPLIT_BETWEEN, date(2025, 7, 1), ("x-cadam", "x-taytrabong")
    )
    assert r.body("bdt").succession == Succession(
        SuccessionKind.RENAMED, date(2025, 3, 1), ("sdttg",)
    )
    assert [b.id for b in r.predecessors("x-cadam")] == ["x-trabui", "x-tratan"]
    assert [b.id for b in r.predecessors("stc-2025")] == ["stc", "skhdt"]
    assert r.predecessors("stc") == ()


def test_the_bodies_of_a_day(catalog: Catalog) -> None:
    r = catalog.registry
    assert [b.id for b in r.on(date(2023, 6, 1))] == [
        "stc",
        "skhdt",
        "bdt",
        "x-trabui",
        "x-tratan",
        "h-lyson",
    ]
    assert [b.id for b in r.on(date(2025, 3, 1))] == [
        "stc-2025",
        "sdttg",
        "x-trabui",
        "x-tratan",
        "h-lyson",
    ]
    assert [b.id for b in r.on(date(2026, 12, 1))] == [
        "stc-2025",
        "sdttg",
        "x-cadam",
        "x-taytrabong",
        "dk-lyson",
    ]


def test_a_name_may_be_reused_across_time_but_not_on_the_same_day(
    tmp_path: Path, english: object
) -> None:
    # The new Sở Tài chính starting the day the old one still exists: both answer on 28/02.
    text = BODIES.replace(
        "    valid_from: 2025-03-01\n  - id: bdt", "    valid_from: 2025-02-28\n  - id: bdt"
    )
    # ... and a merger that leaves no day between old and new: the successor must exist on
    # the transfer date, which it now does.
    path = _registry(tmp_path, text)
    assert _problems(path) == [
        (
            _line(text, "  - id: stc-2025"),
            f"'Sở Tài chính' of body 'stc-2025' is also a name of 'stc' (line {_line(text, '  - id: stc')})",
        )
    ]


def test_a_body_without_dates_clashes_with_every_body_of_its_name(
    tmp_path: Path, english: object
) -> None:
    text = BODIES + "  - id: ly-son\n    name: Ban Lý Sơn\n    aliases: [Lý Sơn]\n    groups: []\n"
    path = _registry(tmp_path, text)
    line = _line(text, "  - id: ly-son")
    assert _problems(path) == [
        (
            line,
            f"'Lý Sơn' of body 'ly-son' is also a name of 'h-lyson' (line {_line(text, '  - id: h-lyson')})",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "bodies: [x-cadam, x-taytrabong]",
            "bodies: [x-cadam, x-tay-tra-bong]",
            "    successors: {kind: split_between",
            "body 'x-trabui': no successor 'x-tay-tra-bong' in bodies.yaml",
        ),
        (
            "{kind: renamed, on: 2025-03-01, bodies: [sdttg]}",
            "{kind: renamed, on: 2025-02-01, bodies: [sdttg]}",
            "    successors: {kind: renamed",
            "body 'bdt': the transfer date 2025-02-01 must be after valid_to 2025-02-28",
        ),
        (
            "{kind: renamed, on: 2025-03-01, bodies: [sdttg]}",
            "{kind: renamed, on: 2025-03-01, bodies: [sdttg, stc-2025]}",
            "    successors: {kind: renamed",
            "body 'bdt': renamed names exactly one body, here 2",
        ),
        (
            "{kind: split_between, on: 2025-07-01, bodies: [x-cadam, x-taytrabong]}",
            "{kind: split_between, on: 2025-07-01, bodies: [x-cadam]}",
            "    successors: {kind: split_between",
            "body 'x-trabui': split_between names at least two bodies, here 1",
        ),
        (
            "{kind: merged_into, on: 2025-07-01, bodies: [x-cadam]}",
            "{kind: merged_into, on: 2025-07-01, bodies: [x-tratan]}",
            "    successors: {kind: merged_into, on: 2025-07-01, bodies: [x-tratan]}",
            "body 'x-tratan' cannot succeed itself",
        ),
        (
            "{kind: merged_into, on: 2025-07-01, bodies: [dk-lyson]}",
            "{kind: absorbed, on: 2025-07-01, bodies: [dk-lyson]}",
            "{kind: absorbed",
            "'kind' is 'absorbed'; expected one of: merged_into, split_between, renamed",
        ),
    ],
    ids=["unknown", "too-early", "renamed-two", "split-one", "itself", "kind"],
)
def test_successor_rules(
    tmp_path: Path, english: object, old: str, new: str, needle: str, message: str
) -> None:
    text = BODIES.replace(old, new, 1)
    assert text != BODIES
    assert _problems(_registry(tmp_path, text)) == [(_line(text, needle), message)]


def test_a_successor_must_exist_from_the_transfer_date(tmp_path: Path, english: object) -> None:
    # xã Cà Đam founded a day late: the split would hand Trà Bùi's work to nobody on 1/7.
    text = BODIES.replace(
        "  - id: x-cadam\n    name: UBND xã Cà Đam\n    groups: [gx]\n    valid_from: 2025-07-01",
        "  - id: x-cadam\n    name: UBND xã Cà Đam\n    groups: [gx]\n    valid_from: 2025-07-02",
    )
    cadam = _line(text, "  - id: x-cadam")
    assert _problems(_registry(tmp_path, text)) == [
        (
            _line(text, "    successors: {kind: split_between"),
            f"body 'x-trabui': successor 'x-cadam' (line {cadam}) did not exist on 2025-07-01",
        ),
        (
            _line(text, "    successors: {kind: merged_into, on: 2025-07-01, bodies: [x-cadam]}"),
            f"body 'x-tratan': successor 'x-cadam' (line {cadam}) did not exist on 2025-07-01",
        ),
    ]


def test_successors_need_an_end(tmp_path: Path, english: object) -> None:
    text = BODIES.replace(
        "    groups: [g1]\n    valid_to: 2025-02-28\n    successors: {kind: renamed",
        "    groups: [g1]\n    successors: {kind: renamed",
    )
    assert _problems(_registry(tmp_path, text)) == [
        (
            _line(text, "    successors: {kind: renamed"),
            "body 'bdt' has 'successors' but no valid_to (its last day)",
        ),
        # Without an end, the old and the new name overlap nowhere: no clash to report.
    ]


# --- lookup by day ----------------------------------------------------------------------------


def test_a_name_reused_across_time_is_looked_up_on_the_day(catalog: Catalog) -> None:
    r = catalog.registry
    assert find_body(r, "Sở Tài chính", date(2023, 5, 16)).id == "stc"
    assert find_body(r, "so tai chinh", date(2026, 1, 12)).id == "stc-2025"
    assert find_body(r, "Lý Sơn", date(2025, 6, 30)).id == "h-lyson"
    assert find_body(r, "ly son", date(2025, 7, 1)).id == "dk-lyson"
    # An id names its body whatever the day: refusing it is the caller's choice (mark).
    assert find_body(r, "stc", date(2026, 1, 12)).id == "stc"


def test_a_name_reused_across_time_without_a_day_is_never_guessed(
    catalog: Catalog, english: object
) -> None:
    with pytest.raises(Ambiguous) as caught:
        find_body(catalog.registry, "Sở Tài chính")
    assert caught.value.message == (
        "'Sở Tài chính' names several bodies over time: stc (Sở Tài chính, until 28/02/2025);"
        " stc-2025 (Sở Tài chính, from 01/03/2025); type the body id"
    )


def test_a_name_of_a_body_that_ended_names_its_successors(catalog: Catalog) -> None:
    with pytest.raises(NotFound) as caught:
        find_body(catalog.registry, "Sở KH&ĐT", date(2026, 1, 12))
    assert caught.value.message == (
        "'Sở KH&ĐT' không có vào ngày 12/01/2026: skhdt (Sở Kế hoạch và Đầu tư, đến 28/02/2025;"
        " kế thừa: stc-2025 (Sở Tài chính))"
    )
    with pytest.raises(NotFound) as caught:
        find_body(catalog.registry, "xã Trà Bùi", date(2025, 7, 1))
    assert caught.value.message == (
        "'xã Trà Bùi' không có vào ngày 01/07/2025: x-trabui (UBND xã Trà Bùi, đến 30/06/2025;"
        " kế thừa: x-cadam (UBND xã Cà Đam), x-taytrabong (UBND xã Tây Trà Bồng))"
    )


# --- tasks over time --------------------------------------------------------------------------


def test_standing_obligations_pass_to_the_successors(catalog: Catalog) -> None:
    d = catalog.directives[0]
    assert d.inherited == (
        Inheritance("1", "stc-2025", date(2025, 3, 1), ("stc", "skhdt")),
        Inheritance("1", "sdttg", date(2025, 3, 1), ("bdt",)),
        Inheritance("1", "x-cadam", date(2025, 7, 1), ("x-trabui", "x-tratan")),
        Inheritance("1", "x-taytrabong", date(2025, 7, 1), ("x-trabui",)),
        Inheritance("4", "dk-lyson", date(2025, 7, 1), ("h-lyson",)),
    )
    # The merged body takes the strongest role of its predecessors (skhdt led); the dated
    # task of clause 2 and the urgent one-off of clause 3 do not pass.
    assert [(t.clause, t.body, t.role) for t in d.tasks] == [
        ("1", "x-trabui", Role.ASSIGNED),
        ("1", "x-tratan", Role.ASSIGNED),
        ("1", "stc", Role.ASSIGNED),
        ("1", "skhdt", Role.LEAD),
        ("1", "bdt", Role.ASSIGNED),
        ("1", "stc-2025", Role.LEAD),
        ("1", "sdttg", Role.ASSIGNED),
        ("1", "x-cadam", Role.ASSIGNED),
        ("1", "x-taytrabong", Role.ASSIGNED),
        ("2", "stc", Role.ASSIGNED),
        ("2", "x-trabui", Role.ASSIGNED),
        ("3", "bdt", Role.ASSIGNED),
        ("4", "h-lyson", Role.ASSIGNED),
        ("4", "dk-lyson", Role.ASSIGNED),
    ]


def test_a_chain_of_successions_is_followed() -> None:
    """A → B on 1/3/2025 (renamed), B → C and D on 1/7/2025 (split): C and D inherit from B."""
    a = Body("a", "A", (), (), 1, None, date(2025, 2, 28))
    b = Body("b", "B", (), (), 2, date(2025, 3, 1), date(2025, 6, 30))
    c = Body("c", "C", (), (), 3, date(2025, 7, 1))
    d = Body("d", "D", (), (), 4, date(2025, 7, 1))
    a = a._replace(succession=Succession(SuccessionKind.RENAMED, date(2025, 3, 1), ("b",)))
    b = b._replace(
        succession=Succession(SuccessionKind.SPLIT_BETWEEN, date(2025, 7, 1), ("c", "d"))
    )
    registry = Registry((), (a, b, c, d))
    clause = Clause("1", "t", "t", deadline=Deadline(DeadlineKind.EVENT))
    tasks, inherited = inherit([Task("x", "1", "a", Role.SUPPORT)], [clause], registry)
    assert [t.body for t in tasks] == ["a", "b", "c", "d"]
    assert {t.role for t in tasks} == {Role.SUPPORT}
    assert inherited == [
        Inheritance("1", "b", date(2025, 3, 1), ("a",)),
        Inheritance("1", "c", date(2025, 7, 1), ("b",)),
        Inheritance("1", "d", date(2025, 7, 1), ("b",)),
    ]


def _standing(catalog: Catalog, day: date, progress: dict | None = None) -> dict[str, Timeliness]:  # type: ignore[type-arg]
    return {v.ref: v.timeliness for v in views(catalog, {"1-2023": progress or {}}, as_of=day)}


def test_before_the_end_nothing_changes(catalog: Catalog) -> None:
    # A report of 2024: the target of 2023 is overdue, and no successor exists yet.
    assert _standing(catalog, date(2024, 6, 1)) == {
        "1:x-trabui": Timeliness.NO_DEADLINE,
        "1:x-tratan": Timeliness.NO_DEADLINE,
        "1:stc": Timeliness.NO_DEADLINE,
        "1:skhdt": Timeliness.NO_DEADLINE,
        "1:bdt": Timeliness.NO_DEADLINE,
        "2:stc": Timeliness.OVERDUE,
        "2:x-trabui": Timeliness.OVERDUE,
        "3:bdt": Timeliness.NO_DEADLINE,
        "4:h-lyson": Timeliness.NO_DEADLINE,
    }


def test_between_the_two_reorganisations(catalog: Catalog) -> None:
    # 30/6/2025: the departments merged on 1/3 (their open tasks transferred, the new Sở Tài
    # chính holds the standing one), xã Trà Bùi still exists and is still overdue.
    assert _standing(catalog, date(2025, 6, 30)) == {
        "1:x-trabui": Timeliness.NO_DEADLINE,
        "1:x-tratan": Timeliness.NO_DEADLINE,
        "1:stc": Timeliness.TRANSFERRED,
        "1:skhdt": Timeliness.TRANSFERRED,
        "1:bdt": Timeliness.TRANSFERRED,
        "1:stc-2025": Timeliness.NO_DEADLINE,
        "1:sdttg": Timeliness.NO_DEADLINE,
        "2:stc": Timeliness.TRANSFERRED,
        "2:x-trabui": Timeliness.OVERDUE,
        "3:bdt": Timeliness.TRANSFERRED,
        "4:h-lyson": Timeliness.NO_DEADLINE,
    }


def test_after_the_end_nothing_of_an_ended_body_is_overdue(catalog: Catalog) -> None:
    done = {("2", "x-trabui"): Progress(Status.DONE, date(2023, 11, 30))}
    assert _standing(catalog, date(2026, 12, 1), done) == {
        "1:x-trabui": Timeliness.TRANSFERRED,
        "1:x-tratan": Timeliness.TRANSFERRED,
        "1:stc": Timeliness.TRANSFERRED,
        "1:skhdt": Timeliness.TRANSFERRED,
        "1:bdt": Timeliness.TRANSFERRED,
        "1:stc-2025": Timeliness.NO_DEADLINE,
        "1:sdttg": Timeliness.NO_DEADLINE,
        "1:x-cadam": Timeliness.NO_DEADLINE,
        "1:x-taytrabong": Timeliness.NO_DEADLINE,
        "2:stc": Timeliness.TRANSFERRED,
        # What was done stays done, and on time: the history is never rewritten.
        "2:x-trabui": Timeliness.ON_TIME,
        "3:bdt": Timeliness.TRANSFERRED,
        "4:h-lyson": Timeliness.TRANSFERRED,
        "4:dk-lyson": Timeliness.NO_DEADLINE,
    }


def test_the_summary_counts_transferred_tasks_apart(catalog: Catalog) -> None:
    done = {("2", "x-trabui"): Progress(Status.DONE, date(2023, 11, 30))}
    rows = views(catalog, {"1-2023": done}, as_of=date(2026, 12, 1))
    summary = summarize(rows, catalog.registry)
    got = {
        r.body: (r.counts.total, r.counts.done, r.counts.transferred)
        for g in summary.groups
        for r in g.rows
    }
    assert got == {
        "stc": (0, 0, 2),
        "skhdt": (0, 0, 1),
        "stc-2025": (1, 0, 0),
        "bdt": (0, 0, 2),
        "sdttg": (1, 0, 0),
        "x-trabui": (1, 1, 1),
        "x-tratan": (0, 0, 1),
        "x-cadam": (1, 0, 0),
        "x-taytrabong": (1, 0, 0),
        "dk-lyson": (1, 0, 0),
        "h-lyson": (0, 0, 1),
    }
    t = summary.total
    assert (t.total, t.done, t.not_done, t.overdue, t.no_deadline, t.transferred) == (
        6,
        1,
        5,
        0,
        5,
        8,
    )
    assert t.percent == 16.7


def test_an_ended_body_cannot_be_marked_after_its_end(catalog: Catalog) -> None:
    d = catalog.directives[0]
    r = catalog.registry
    task = next(t for t in d.tasks if t.ref == "2:x-trabui")
    check_mark_day(r, task, None, date(2025, 6, 30))  # its last day: allowed
    with pytest.raises(InvalidInput) as caught:
        check_mark_day(r, task, None, date(2025, 7, 1))
    assert str(caught.value) == (
        "x-trabui (UBND xã Trà Bùi) đã thôi hoạt động sau ngày 30/06/2025; không ghi được cho"
        " ngày 01/07/2025; kế thừa: x-cadam (UBND xã Cà Đam), x-taytrabong (UBND xã Tây Trà Bồng)"
    )


def test_an_inherited_task_cannot_be_marked_before_it_passed(
    catalog: Catalog, english: object
) -> None:
    d = catalog.directives[0]
    task = next(t for t in d.tasks if t.ref == "1:x-cadam")
    inherited = d.inheritance("1", "x-cadam")
    check_mark_day(catalog.registry, task, inherited, date(2025, 7, 1))
    with pytest.raises(InvalidInput) as caught:
        check_mark_day(catalog.registry, task, inherited, date(2025, 6, 30))
    assert str(caught.value) == (
        "1:x-cadam exists only from 01/07/2025 (inherited from UBND xã Trà Bùi, UBND xã Trà Tân);"
        " nothing can be recorded for 30/06/2025"
    )


def test_a_later_directive_naming_an_ended_body_names_its_successor(
    folder: Path, english: object
) -> None:
    later = DIRECTIVE.replace("issued_on: 2023-05-16", "issued_on: 2026-01-12").replace(
        "due: 2023-12-31, source: ngay trong năm 2023",
        "due: 2026-12-31, source: ngay trong năm 2026",
    )
    later = later.replace("      - {group: gx, role: assigned}\n", "", 1)
    path = folder / "directive_1.yaml"
    path.write_text(later, encoding="utf-8")
    with pytest.raises(DirectiveError) as caught:
        load_catalog(folder, collect=True)
    assert [(p.line, p.message) for p in caught.value.problems][:2] == [
        (
            _line(later, "{body: stc, role: assigned}"),
            "body 'stc' ceased to exist after 2025-02-28, so not on 2026-01-12;"
            " successors: stc-2025 (Sở Tài chính)",
        ),
        (
            _line(later, "{body: skhdt, role: lead}"),
            "body 'skhdt' ceased to exist after 2025-02-28, so not on 2026-01-12;"
            " successors: stc-2025 (Sở Tài chính)",
        ),
    ]


# --- words people read ------------------------------------------------------------------------


def _texts(catalog: Catalog, day: date) -> dict[str, tuple[str, str, str]]:
    from directive_cli.render.labels import due_text, inherited_text, standing_text

    r = catalog.registry
    return {
        v.ref: (standing_text(v, r), due_text(v), inherited_text(v, r))
        for v in views(catalog, {}, as_of=day)
    }


def test_deadline_words_and_where_a_task_went(catalog: Catalog) -> None:
    assert _texts(catalog, date(2024, 6, 1)) == {
        "1:x-trabui": ("Không thời hạn", "", ""),
        "1:x-tratan": ("Không thời hạn", "", ""),
        "1:stc": ("Không thời hạn", "", ""),
        "1:skhdt": ("Không thời hạn", "", ""),
        "1:bdt": ("Không thời hạn", "", ""),
        "2:stc": ("Quá hạn", "Mục tiêu 31/12/2023", ""),
        "2:x-trabui": ("Quá hạn", "Mục tiêu 31/12/2023", ""),
        "3:bdt": ("Khẩn trương", "", ""),
        "4:h-lyson": ("Định kỳ", "", ""),
    }
    assert _texts(catalog, date(2026, 12, 1)) == {
        "1:x-trabui": ("Đã chuyển cho xã Cà Đam, xã Tây Trà Bồng", "", ""),
        "1:x-tratan": ("Đã chuyển cho xã Cà Đam", "", ""),
        "1:stc": ("Đã chuyển cho Sở Tài chính", "", ""),
        "1:skhdt": ("Đã chuyển cho Sở Tài chính", "", ""),
        "1:bdt": ("Đã chuyển cho Sở Dân tộc và Tôn giáo", "", ""),
        "1:stc-2025": (
            "Không thời hạn",
            "",
            "kế thừa từ Sở Tài chính, Sở Kế hoạch và Đầu tư",
        ),
        "1:sdttg": ("Không thời hạn", "", "kế thừa từ Ban Dân tộc tỉnh"),
        "1:x-cadam": ("Không thời hạn", "", "kế thừa từ xã Trà Bùi, xã Trà Tân"),
        "1:x-taytrabong": ("Không thời hạn", "", "kế thừa từ xã Trà Bùi"),
        "2:stc": ("Đã chuyển cho Sở Tài chính", "Mục tiêu 31/12/2023", ""),
        "2:x-trabui": ("Đã chuyển cho xã Cà Đam, xã Tây Trà Bồng", "Mục tiêu 31/12/2023", ""),
        "3:bdt": ("Đã chuyển cho Sở Dân tộc và Tôn giáo", "", ""),
        "4:h-lyson": ("Đã chuyển cho đặc khu Lý Sơn", "", ""),
        "4:dk-lyson": ("Định kỳ", "", "kế thừa từ huyện Lý Sơn"),
    }


def test_deadline_words_in_english(catalog: Catalog, english: object) -> None:
    texts = _texts(catalog, date(2026, 12, 1))
    assert texts["1:x-trabui"] == ("Transferred to xã Cà Đam, xã Tây Trà Bồng", "", "")
    assert texts["4:dk-lyson"] == ("Recurring", "", "inherited from huyện Lý Sơn")
    assert texts["2:stc"][1] == "Target 31/12/2023"
    assert _texts(catalog, date(2024, 6, 1))["3:bdt"][0] == "Urgent"


def test_a_body_that_ended_without_successors(tmp_path: Path) -> None:
    from directive_cli.render.labels import standing_text

    (tmp_path / "bodies.yaml").write_text(
        BODIES.replace(
            "    valid_to: 2025-06-30\n    successors: {kind: merged_into, on: 2025-07-01,"
            " bodies: [dk-lyson]}\n",
            "    valid_to: 2025-06-30\n",
        ),
        encoding="utf-8",
    )
    (tmp_path / "directive_1.yaml").write_text(DIRECTIVE, encoding="utf-8")
    catalog = load_catalog(tmp_path)
    v = next(v for v in views(catalog, {}, as_of=date(2026, 1, 1)) if v.ref == "4:h-lyson")
    assert v.timeliness is Timeliness.TRANSFERRED
    assert standing_text(v, catalog.registry) == "Đã thôi hoạt động (30/06/2025)"
    assert catalog.directives[0].inheritance("4", "dk-lyson") is None


def test_a_transferred_task_is_not_due_soon_in_the_weekly_report(tmp_path: Path) -> None:
    """A dated task of a body that ended, due after its end, is transferred, not coming up."""
    from directive_cli.weekly import Window, build

    (tmp_path / "bodies.yaml").write_text(BODIES, encoding="utf-8")
    letter = DIRECTIVE.replace("due: 2023-12-31, source: ngay trong năm 2023", "due: 2025-07-05")
    (tmp_path / "directive_1.yaml").write_text(letter, encoding="utf-8")
    catalog = load_catalog(tmp_path)

    class Empty:
        def states_as_of(self, day, bodies=None, *, details=True):  # type: ignore[no-untyped-def]
            return {}

        def effective_between(self, start, end):  # type: ignore[no-untyped-def]
            return []

        def history(self, keys=None):  # type: ignore[no-untyped-def]
            return []

        def extensions(self):  # type: ignore[no-untyped-def]
            return []

    week = Window(date(2025, 6, 23), date(2025, 6, 29))  # Trà Bùi still exists; stc has ended
    report = build(catalog, Empty(), week, "2025-06-30T08:00:00+07:00")
    assert [r.task for r in report.due_soon] == ["2:x-trabui"]
    assert report.summary.total.transferred == 5  # stc (1, 2), skhdt (1), bdt (1, 3)
