"""The ProgressStore contract: what every store must do, tested through open_store() only.

`store_factory` yields each backend in turn: SQLite (the embedded default) and PostgreSQL (a
fresh database on the test server for every place a test names), and every test here passes
on both. What is specific to a backend (WAL, PRAGMAs, files, the server's policies) is tested
in that backend's own file (test_store.py, test_store_postgres.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from directive_cli.errors import StoreError
from directive_cli.model import Mark, Progress, Status
from directive_cli.store import NewMark, ProgressStore, open_store

D = "2167-2023"
OTHER = "9999-2024"
T1 = "2023-06-21T09:00:00+07:00"
T2 = "2023-06-22T10:00:00+07:00"
T3 = "2023-06-23T08:15:00+07:00"
T4 = "2023-06-24T16:45:00+07:00"

Factory = Callable[[Path], ProgressStore]


@pytest.fixture(params=["sqlite", "postgres"])
def store_factory(request: pytest.FixtureRequest) -> Iterator[Factory]:
    """Makes a store named by a place under a test's folder; closes each one afterwards.

    PostgreSQL: each place a test names is a fresh empty database on the test server (the
    same place again, or the store's own URL, is the same database). A file that exists is a
    backup, which is a SQLite file whatever the store it came from.
    """
    opened: list[ProgressStore] = []
    server = request.getfixturevalue("pg") if request.param == "postgres" else None
    databases: dict[Path, str] = {}

    def make(where: Path) -> ProgressStore:
        place: Path | str = where
        if server is not None and not (isinstance(where, Path) and where.is_file()):
            if isinstance(where, str):
                place = where  # a store's own URL
            else:
                if where not in databases:
                    databases[where] = server.url(server.database())
                place = databases[where]
        store = open_store(place)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(store_factory: Factory, tmp_path: Path) -> ProgressStore:
    return store_factory(tmp_path / "progress.db")


def new(clause: str, body: str, status: Status, day: date, **kw: str) -> NewMark:
    return NewMark(D, clause, body, status, day, kw.pop("by", "clerk"), **kw)


def mark(
    id_: int,
    batch: int,
    clause: str,
    body: str,
    status: Status,
    previous: Status | None,
    day: date,
    recorded: str,
    by: str = "clerk",
    note: str | None = None,
    evidence: str | None = None,
    undoes: int | None = None,
) -> Mark:
    return Mark(id_, D, clause, body, status, previous, day, recorded, by, note, evidence, batch,
                undoes)  # fmt: skip


# The history every scenario below starts from: three batches, the third backdated.
M1 = mark(1, 1, "4", "snv", Status.IN_PROGRESS, Status.TODO, date(2023, 6, 1), T1)
M2 = mark(2, 1, "3.1", "vpub", Status.DONE, Status.TODO, date(2023, 6, 5), T1,
          note="đã trình", evidence="Báo cáo 45/BC-VP")  # fmt: skip
M3 = mark(3, 2, "4", "snv", Status.DONE, Status.IN_PROGRESS, date(2023, 6, 20), T2,
          evidence="Báo cáo 50/BC-SNV")  # fmt: skip
M4 = mark(4, 2, "1a", "h-bato", Status.BLOCKED, Status.TODO, date(2023, 6, 10), T2)
M5 = mark(5, 3, "4", "snv", Status.BLOCKED, Status.TODO, date(2023, 5, 25), T3, by="chief")

SNV, VPUB, BATO = (D, "4", "snv"), (D, "3.1", "vpub"), (D, "1a", "h-bato")
NOW = {
    ("4", "snv"): Progress(Status.DONE, date(2023, 6, 20), T2, None, "Báo cáo 50/BC-SNV"),
    ("3.1", "vpub"): Progress(Status.DONE, date(2023, 6, 5), T1, "đã trình", "Báo cáo 45/BC-VP"),
    ("1a", "h-bato"): Progress(Status.BLOCKED, date(2023, 6, 10), T2),
}


@pytest.fixture
def marked(store: ProgressStore) -> ProgressStore:
    first = store.record(
        [
            new("4", "snv", Status.IN_PROGRESS, date(2023, 6, 1)),
            new(
                "3.1",
                "vpub",
                Status.DONE,
                date(2023, 6, 5),
                note="đã trình",
                evidence="Báo cáo 45/BC-VP",
            ),
        ],
        T1,
    )
    second = store.record(
        [
            new("4", "snv", Status.DONE, date(2023, 6, 20), evidence="Báo cáo 50/BC-SNV"),
            new("1a", "h-bato", Status.BLOCKED, date(2023, 6, 10)),
        ],
        T2,
    )
    third = store.record([new("4", "snv", Status.BLOCKED, date(2023, 5, 25), by="chief")], T3)
    assert (first, second, third) == ([M1, M2], [M3, M4], [M5])
    return store


def test_a_new_store_is_empty_and_reading_it_creates_nothing(
    store_factory: Factory, tmp_path: Path
) -> None:
    where = tmp_path / "progress.db"
    store = store_factory(where)
    assert store.exists is False
    assert store.progress(D) == {}
    assert store.progress_of() == {}
    assert store.current_of([SNV]) == {}
    assert store.history() == [] and store.history([SNV]) == []
    assert (store.count_history(), store.count_events()) == (0, 0)
    assert store.effective_between(date(2000, 1, 1), date(2100, 1, 1)) == []
    assert store.state_as_of(D, date(2023, 6, 1)) == {}
    assert store.states_as_of(date(2023, 6, 1)) == {}
    assert store.check() == []
    assert store.exists is False


def test_recording_nothing_records_nothing(store: ProgressStore) -> None:
    assert store.record([], T1) == []
    assert store.exists is False


def test_a_recorded_batch_comes_back_as_stored(store: ProgressStore) -> None:
    assert store.record([new("4", "snv", Status.DONE, date(2023, 6, 20))], T1) == [
        mark(1, 1, "4", "snv", Status.DONE, Status.TODO, date(2023, 6, 20), T1)
    ]
    assert store.exists is True


def test_the_current_state_follows_the_latest_effective_mark(marked: ProgressStore) -> None:
    assert marked.progress(D) == NOW
    assert marked.progress(OTHER) == {}
    assert marked.progress_of() == {D: NOW}


def test_progress_of_some_bodies(marked: ProgressStore) -> None:
    assert marked.progress_of(["vpub", "h-bato", "vpub"]) == {
        D: {k: v for k, v in NOW.items() if k[1] in ("vpub", "h-bato")}
    }
    assert marked.progress_of(["stp"]) == {}
    assert marked.progress_of([]) == {}


def test_progress_without_details_keeps_status_and_days(marked: ProgressStore) -> None:
    assert marked.progress_of(details=False) == {
        D: {
            k: Progress(v.status, v.effective_on, None, None, None, v.since) for k, v in NOW.items()
        }
    }


def test_current_of_the_tasks_asked_for(marked: ProgressStore) -> None:
    never = (D, "7", "cat")
    assert marked.current_of([SNV, never, BATO]) == {
        SNV: NOW[("4", "snv")],
        BATO: NOW[("1a", "h-bato")],
    }
    assert marked.current_of([]) == {}


def test_history_oldest_first_whole_or_by_task_or_body(marked: ProgressStore) -> None:
    assert marked.history() == [M1, M2, M3, M4, M5]
    assert marked.history([SNV]) == [M1, M3, M5]
    assert marked.history([BATO, VPUB]) == [M2, M4]  # by id, whatever order the keys came in
    assert marked.history(bodies=["snv", "h-bato"]) == [M1, M3, M4, M5]
    assert marked.history([SNV, VPUB], bodies=["vpub"]) == [M2]
    assert marked.history(bodies=[]) == []


def test_history_of_the_newest_events(marked: ProgressStore) -> None:
    assert marked.history(last=2) == [M4, M5]
    assert marked.history(last=10) == [M1, M2, M3, M4, M5]
    assert marked.history(last=0) == []
    assert marked.history([SNV], last=2) == [M3, M5]
    assert marked.history([SNV], last=0) == []
    assert marked.history(bodies=["snv"], last=1) == [M5]


def test_counts_of_the_history(marked: ProgressStore) -> None:
    assert marked.count_events() == 5
    assert marked.count_history() == 5
    assert marked.count_history(["snv"]) == 3
    assert marked.count_history(["snv", "vpub", "snv"]) == 4
    assert marked.count_history(["cat"]) == 0
    assert marked.count_history([]) == 0


def test_history_of_some_directives(marked: ProgressStore) -> None:
    """`history -d`: the directives' events are chosen by the store, alone or with the
    other filters, and counted the same way (a table shows the newest, counts the rest)."""
    [m6] = marked.record([NewMark(OTHER, "4", "snv", Status.DONE, date(2024, 3, 1), "clerk")], T4)
    assert m6 == Mark(6, OTHER, "4", "snv", Status.DONE, Status.TODO, date(2024, 3, 1), T4,
                      "clerk", None, None, 4, None)  # fmt: skip
    other = (OTHER, "4", "snv")
    assert marked.history(directives=[OTHER]) == [m6]
    assert marked.history(directives=[D]) == [M1, M2, M3, M4, M5]
    assert marked.history(directives=[D, OTHER, D]) == [M1, M2, M3, M4, M5, m6]
    assert marked.history(directives=["1-2020"]) == [] and marked.history(directives=[]) == []
    assert marked.history(bodies=["snv"], directives=[D]) == [M1, M3, M5]
    assert marked.history(bodies=["snv"], directives=[OTHER]) == [m6]
    assert marked.history(bodies=["vpub"], directives=[OTHER]) == []
    assert marked.history(directives=[D], last=2) == [M4, M5]
    assert marked.history(bodies=["snv"], directives=[D, OTHER], last=2) == [M5, m6]
    assert marked.history([SNV, other], directives=[OTHER]) == [m6]
    assert marked.history([SNV, other], bodies=["snv"], directives=[D], last=1) == [M5]
    assert marked.history([SNV], directives=[]) == []
    assert marked.count_history(directives=[D]) == 5
    assert marked.count_history(directives=[OTHER, OTHER]) == 1
    assert marked.count_history(["snv"], directives=[D]) == 3
    assert marked.count_history(["snv"], directives=[D, OTHER]) == 4
    assert marked.count_history(["vpub"], directives=[OTHER]) == 0
    assert marked.count_history(directives=[]) == 0
    assert marked.count_history() == 6


def test_effective_between_is_inclusive_and_in_effective_order(marked: ProgressStore) -> None:
    assert marked.effective_between(date(2023, 6, 1), date(2023, 6, 10)) == [M1, M2, M4]
    assert marked.effective_between(date(2023, 5, 1), date(2023, 6, 30)) == [M5, M1, M2, M4, M3]
    assert marked.effective_between(date(2023, 6, 20), date(2023, 6, 20)) == [M3]
    assert marked.effective_between(date(2023, 6, 21), date(2023, 6, 30)) == []
    assert marked.effective_between(date(2023, 6, 30), date(2023, 6, 1)) == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 5, 24), {}),
        (date(2023, 5, 25), {("4", "snv"): Progress(Status.BLOCKED, date(2023, 5, 25), T3)}),
        (date(2023, 6, 1), {("4", "snv"): Progress(Status.IN_PROGRESS, date(2023, 6, 1), T1)}),
        (
            date(2023, 6, 10),
            {
                ("4", "snv"): Progress(Status.IN_PROGRESS, date(2023, 6, 1), T1),
                ("3.1", "vpub"): NOW[("3.1", "vpub")],
                ("1a", "h-bato"): NOW[("1a", "h-bato")],
            },
        ),
        (date(2023, 6, 20), NOW),
        (date(2099, 1, 1), NOW),
    ],
)
def test_the_state_as_it_stood_at_the_end_of_a_day(
    marked: ProgressStore, day: date, expected: dict[tuple[str, str], Progress]
) -> None:
    assert marked.state_as_of(D, day) == expected
    assert marked.states_as_of(day) == ({D: expected} if expected else {})


def test_states_as_of_some_bodies_and_without_details(marked: ProgressStore) -> None:
    day = date(2023, 6, 10)
    assert marked.states_as_of(day, ["snv"]) == {
        D: {("4", "snv"): Progress(Status.IN_PROGRESS, date(2023, 6, 1), T1)}
    }
    assert marked.states_as_of(day, ["vpub"], details=False) == {
        D: {("3.1", "vpub"): Progress(Status.DONE, date(2023, 6, 5))}
    }
    assert marked.states_as_of(day, []) == {}
    assert marked.states_as_of(day, ["cat"]) == {}


def test_a_status_repeated_keeps_the_day_it_began(store: ProgressStore) -> None:
    store.record([new("4", "snv", Status.DONE, date(2023, 6, 1))], T1)
    store.record([new("4", "snv", Status.DONE, date(2023, 6, 9), evidence="bản chính")], T2)
    kept = Progress(Status.DONE, date(2023, 6, 9), T2, None, "bản chính", date(2023, 6, 1))
    assert store.progress(D) == {("4", "snv"): kept}
    assert store.states_as_of(date(2023, 6, 30)) == {D: {("4", "snv"): kept}}
    assert store.state_as_of(D, date(2023, 6, 30)) == {("4", "snv"): kept}


def test_two_marks_of_a_task_on_one_day_in_one_batch(store: ProgressStore) -> None:
    day = date(2023, 6, 1)
    got = store.record(
        [new("4", "snv", Status.IN_PROGRESS, day), new("4", "snv", Status.DONE, day)], T1
    )
    assert got == [
        mark(1, 1, "4", "snv", Status.IN_PROGRESS, Status.TODO, day, T1),
        mark(2, 1, "4", "snv", Status.DONE, Status.IN_PROGRESS, day, T1),
    ]
    assert store.progress(D) == {("4", "snv"): Progress(Status.DONE, day, T1)}


def test_marks_of_two_directives_stay_apart(store: ProgressStore) -> None:
    store.record(
        [
            new("3.1", "vpub", Status.DONE, date(2023, 6, 5)),
            NewMark(OTHER, "3.1", "vpub", Status.BLOCKED, date(2024, 3, 2), "clerk"),
        ],
        T1,
    )
    assert store.progress(D) == {("3.1", "vpub"): Progress(Status.DONE, date(2023, 6, 5), T1)}
    assert store.progress(OTHER) == {
        ("3.1", "vpub"): Progress(Status.BLOCKED, date(2024, 3, 2), T1)
    }
    assert store.states_as_of(date(2023, 12, 31)) == {
        D: {("3.1", "vpub"): Progress(Status.DONE, date(2023, 6, 5), T1)}
    }


def test_undo_voids_the_newest_batch_in_force_and_appends(marked: ProgressStore) -> None:
    undone = marked.undo_last("chief", T4)
    assert undone == [
        mark(
            6, 4, "4", "snv", Status.DONE, Status.DONE, date(2023, 5, 25), T4, by="chief", undoes=5
        )
    ]
    assert marked.history() == [M1, M2, M3, M4, M5, *undone]
    assert marked.progress(D) == NOW  # the backdated mark never decided the task
    assert marked.states_as_of(date(2023, 5, 31)) == {}
    assert marked.check() == []


def test_undo_again_goes_back_one_batch_at_a_time(marked: ProgressStore) -> None:
    marked.undo_last("chief", T4)
    second = marked.undo_last("chief", T4)
    assert second == [
        mark(7, 5, "4", "snv", Status.IN_PROGRESS, Status.DONE, date(2023, 6, 20), T4,
             by="chief", undoes=3),
        mark(8, 5, "1a", "h-bato", Status.TODO, Status.BLOCKED, date(2023, 6, 10), T4,
             by="chief", undoes=4),
    ]  # fmt: skip
    assert marked.progress(D) == {
        ("4", "snv"): Progress(Status.IN_PROGRESS, date(2023, 6, 1), T1),
        ("3.1", "vpub"): NOW[("3.1", "vpub")],
    }
    third = marked.undo_last("chief", T4)
    assert [(m.ref, m.status, m.previous_status, m.undoes) for m in third] == [
        ("4:snv", Status.TODO, Status.IN_PROGRESS, 1),
        ("3.1:vpub", Status.TODO, Status.DONE, 2),
    ]
    assert marked.progress(D) == {}
    assert marked.undo_last("chief", T4) == []
    assert marked.count_events() == 10  # nothing is ever removed
    assert marked.check() == []


def test_a_mark_after_an_undo_is_a_new_batch(marked: ProgressStore) -> None:
    marked.undo_last("chief", T4)
    [again] = marked.record([new("7", "cat", Status.DONE, date(2023, 6, 30))], T4)
    assert (again.id, again.batch, again.previous_status) == (7, 5, Status.TODO)
    assert [m.undoes for m in marked.undo_last("chief", T4)] == [7]
    assert marked.undo_last("chief", T4)[0].undoes == 3  # batch 3 was undone already


def test_undo_on_an_empty_store(store: ProgressStore) -> None:
    assert store.undo_last("chief", T1) == []


def test_a_healthy_store_passes_its_check(marked: ProgressStore) -> None:
    assert marked.check() == []


def test_a_backup_holds_the_same_history(
    marked: ProgressStore, store_factory: Factory, tmp_path: Path
) -> None:
    dest = tmp_path / "copies" / "2023-06-24.db"
    dest.parent.mkdir()
    assert marked.backup(dest) == 5
    copy = store_factory(dest)
    assert copy.history() == marked.history()
    assert copy.progress_of() == marked.progress_of()
    assert copy.check() == []


def test_a_backup_never_replaces_a_file_unless_asked(
    marked: ProgressStore, store_factory: Factory, tmp_path: Path
) -> None:
    dest = tmp_path / "copy.db"
    assert marked.backup(dest) == 5
    marked.record([new("7", "cat", Status.DONE, date(2023, 6, 30))], T4)
    with pytest.raises(FileExistsError):  # the command words it (err.out_exists)
        marked.backup(dest)
    assert store_factory(dest).count_events() == 5
    assert marked.backup(dest, overwrite=True) == 6
    assert store_factory(dest).count_events() == 6


def test_a_backup_of_nothing_is_refused(store: ProgressStore, tmp_path: Path) -> None:
    with pytest.raises(StoreError) as exc:
        store.backup(tmp_path / "copy.db")
    assert str(exc.value) == (
        f"chưa có cơ sở dữ liệu tiến độ tại {store.path}; không có gì để sao lưu"
    )
    assert not (tmp_path / "copy.db").exists()


def test_a_closed_store_opens_again_on_the_next_read(marked: ProgressStore) -> None:
    marked.close()
    assert marked.history() == [M1, M2, M3, M4, M5]
    marked.close()
    marked.close()  # closing twice is harmless


def test_another_store_on_the_same_place_sees_the_same_history(
    marked: ProgressStore, store_factory: Factory
) -> None:
    other = store_factory(marked.path)
    assert other.history() == [M1, M2, M3, M4, M5]
    other.record([new("7", "cat", Status.DONE, date(2023, 6, 30))], T4)
    assert marked.count_events() == 6
    assert marked.current_of([(D, "7", "cat")]) == {
        (D, "7", "cat"): Progress(Status.DONE, date(2023, 6, 30), T4)
    }


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    # Not "no database yet, everything to do": the clerk named a folder.
    with pytest.raises(StoreError) as exc:
        open_store(tmp_path)
    assert str(exc.value) == (
        f"{tmp_path} là một thư mục, không phải tệp cơ sở dữ liệu; hãy nêu tên tệp,"
        f" ví dụ {tmp_path / 'progress.db'}"
    )
