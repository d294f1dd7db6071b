"""Issue 15: deadlines in working days on the Vietnamese working calendar.

Every expected date is counted by hand on the calendar written out in each test's comment.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from directive_cli.errors import DirectiveError
from directive_cli.load import load_catalog
from directive_cli.model import Within
from directive_cli.workdays import WorkCalendar, add_working_days, is_working, load_calendar

REPO = Path(__file__).resolve().parent.parent


def test_three_working_days_from_thursday_29_august_2024() -> None:
    # Fri 30/8 (1), Sat 31/8, Sun 1/9, Mon 2/9 and Tue 3/9 National Day, Wed 4/9 (2), Thu 5/9 (3).
    assert add_working_days(date(2024, 8, 29), 3) == date(2024, 9, 5)


def test_ten_working_days_across_tet_2025() -> None:
    # From Thu 23/1/2025: Fri 24/1 (1); 25–26/1 weekend; Tết 27/1–31/1 (Mon–Fri) and the
    # weekend 1–2/2; Mon 3/2 (2) … Fri 7/2 (6); Mon 10/2 (7), 11/2 (8), 12/2 (9), Thu 13/2 (10).
    assert add_working_days(date(2025, 1, 23), 10) == date(2025, 2, 13)


def test_the_package_knows_tet_and_the_substituted_day_off() -> None:
    assert [is_working(date(2025, 1, d)) for d in (24, 27, 28, 29, 30, 31)] == [
        True, False, False, False, False, False,
    ]  # fmt: skip
    # Mon 29/4/2024 was given off in exchange for Sat 4/5/2024 (the bridge to 30/4–1/5).
    assert is_working(date(2024, 4, 29)) is False
    assert is_working(date(2024, 5, 4)) is False  # until the calendar file says it was worked


def test_a_make_up_saturday_counts_as_a_working_day() -> None:
    # From Thu 25/4/2024: Fri 26/4 (1); weekend; Mon 29/4 off (bridge); 30/4, 1/5 holidays;
    # Thu 2/5 (2), Fri 3/5 (3), Sat 4/5 make-up (4), Mon 6/5 (5).
    national = add_working_days(date(2024, 4, 25), 4)
    office = add_working_days(date(2024, 4, 25), 4, WorkCalendar(frozenset({date(2024, 5, 4)})))
    assert (national, office) == (date(2024, 5, 6), date(2024, 5, 4))


def test_a_day_off_the_office_adds() -> None:
    off = WorkCalendar(off=frozenset({date(2024, 8, 30)}))
    assert add_working_days(date(2024, 8, 29), 3, off) == date(2024, 9, 6)


LETTER = """\
schema: 1
id: 789-2024
number: "789"
symbol: UBND-VX
type: Công văn
issuer: Ủy ban nhân dân tỉnh Quảng Ngãi
issued_on: 2024-04-25
subject: V/v báo cáo (ví dụ minh họa)
signer:
  name: Nguyễn Văn A
  title: Phó Chủ tịch

clauses:
  - id: "1"
    title: Báo cáo nhanh
    text: Sở Nội vụ báo cáo trong vòng 4 ngày làm việc kể từ ngày ký.
    responsible:
      - {body: snv, role: lead}
    deadline:
      kind: fixed
      within: {working_days: 4}
      source: trong vòng 4 ngày làm việc kể từ ngày ký
  - id: "2"
    title: Báo cáo trong 10 ngày
    text: Sở Tài chính báo cáo trong vòng 10 ngày kể từ ngày 2/5/2024.
    responsible:
      - {body: stc, role: lead}
    deadline:
      kind: fixed
      within: {days: 10}
      from: 2024-05-02
      source: trong vòng 10 ngày kể từ ngày 2/5/2024
"""
CALENDAR = """\
schema: 1
working_days:
  - {date: 2024-05-04, source: "Thông báo về lịch nghỉ lễ 30/4 và 1/5 năm 2024 (ví dụ kiểm thử)"}
"""


def _folder(tmp_path: Path, letter: str = LETTER, calendar: str | None = None) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REPO / "data" / "bodies.yaml", folder)
    (folder / "directive_0789.yaml").write_text(letter, encoding="utf-8")
    if calendar is not None:
        (folder / "calendar.yaml").write_text(calendar, encoding="utf-8")
    return folder


def test_the_loader_computes_due_from_within(tmp_path: Path) -> None:
    [d] = load_catalog(_folder(tmp_path)).directives
    first, second = d.clauses
    assert (first.deadline.due, first.deadline.within) == (date(2024, 5, 6), Within(4, True))
    assert (second.deadline.due, second.deadline.within) == (date(2024, 5, 12), Within(10, False))


def test_the_calendar_file_beside_bodies_moves_the_due_date(tmp_path: Path) -> None:
    [d] = load_catalog(_folder(tmp_path, calendar=CALENDAR)).directives
    assert d.clauses[0].deadline.due == date(2024, 5, 4)


def test_a_due_that_disagrees_with_within_is_refused(tmp_path: Path) -> None:
    letter = LETTER.replace("      within: {working_days: 4}\n",
                            "      within: {working_days: 4}\n      due: 2024-05-03\n")  # fmt: skip
    folder = _folder(tmp_path, letter)
    with pytest.raises(DirectiveError) as caught:
        load_catalog(folder)
    line = letter.splitlines().index("      due: 2024-05-03") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / 'directive_0789.yaml'}:{line} (điểm 1): 'due' 2024-05-03 không khớp với số"
        " ngày của 'within' (tính ra 2024-05-06)"
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("working_days:\n  - {date: 2024-05-06, source: x}",
         "2024-05-06 đã là ngày làm việc theo lịch nhà nước: không cần ghi là ngày làm bù"),
        ("days_off:\n  - {date: 2024-05-04, source: x}",
         "2024-05-04 đã là ngày nghỉ theo lịch nhà nước"),
        ("working_days:\n  - {date: 2024-05-04}",
         "một ngày của lịch làm việc thiếu 'source'"),
    ],
)  # fmt: skip
def test_validate_checks_the_calendar_file(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_text(f"schema: 1\n{entry}\n", encoding="utf-8")
    with pytest.raises(DirectiveError) as caught:
        load_calendar(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:3: {message}"]


def test_a_calendar_file_added_or_edited_is_seen_through_the_cache(tmp_path: Path) -> None:
    from directive_cli.cache import load_cached

    folder, cache = _folder(tmp_path), tmp_path / "cache"
    cache.mkdir()

    def due() -> date | None:
        return load_cached(folder, cache).directives[0].clauses[0].deadline.due

    assert due() == date(2024, 5, 6)
    (folder / "calendar.yaml").write_text(CALENDAR, encoding="utf-8")
    assert due() == date(2024, 5, 4)
    (folder / "calendar.yaml").write_text("schema: 1\n", encoding="utf-8")
    assert due() == date(2024, 5, 6)
