"""The SQLite progress store: append-only history, derived current state, undo, migrations."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from directive_cli.errors import StoreError
from directive_cli.model import Progress, Status
from directive_cli.store import NewMark
from directive_cli.store.migrations import SCHEMA_VERSION
from directive_cli.store.sqlite import SqliteStore

D = "2167-2023"


def mark(clause: str, body: str, status: Status, day: date, **kw: str) -> NewMark:
    return NewMark(D, clause, body, status, day, kw.pop("by", "clerk"), **kw)


@pytest.fixture
def store(db: Path) -> SqliteStore:
    s = SqliteStore(db)
    yield s
    s.close()


def test_reading_never_creates_a_database(db: Path) -> None:
    s = SqliteStore(db, create=False)
    assert s.progress(D) == {} and s.history() == []
    assert not db.exists()


def test_record_keeps_who_when_and_why(store: SqliteStore) -> None:
    stored = store.record(
        [
            mark(
                "4",
                "snv",
                Status.DONE,
                date(2023, 6, 20),
                note="đã trình",
                evidence="Báo cáo số 45/BC-SNV ngày 20/6/2023",
            )
        ],
        "2023-06-21T09:00:00+07:00",
    )
    [m] = stored
    assert (
        m.ref,
        m.status,
        m.previous_status,
        m.effective_on,
        m.recorded_at,
        m.by,
        m.note,
        m.evidence,
        m.batch,
    ) == (
        "4:snv",
        Status.DONE,
        Status.TODO,
        date(2023, 6, 20),
        "2023-06-21T09:00:00+07:00",
        "clerk",
        "đã trình",
        "Báo cáo số 45/BC-SNV ngày 20/6/2023",
        1,
    )
    assert store.progress(D) == {
        ("4", "snv"): Progress(
            Status.DONE,
            date(2023, 6, 20),
            "2023-06-21T09:00:00+07:00",
            "đã trình",
            "Báo cáo số 45/BC-SNV ngày 20/6/2023",
        )
    }


def test_batch_is_all_or_nothing(store: SqliteStore) -> None:
    bad = NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 1), "x")
    object.__setattr__(bad, "status", "not-a-status-enum")  # a write that fails half-way
    with pytest.raises(AttributeError):
        store.record([mark("3.1", "vpub", Status.DONE, date(2023, 5, 30)), bad], "t")
    assert store.history() == [] and store.progress(D) == {}


def test_current_follows_the_latest_effective_date_not_the_latest_typed(store: SqliteStore) -> None:
    store.record([mark("4", "snv", Status.DONE, date(2023, 6, 20))], "2023-06-21T00:00")
    # Entered later, but dated earlier: it is history, not the current state.
    [late] = store.record(
        [mark("4", "snv", Status.IN_PROGRESS, date(2023, 6, 1))], "2023-06-22T00:00"
    )
    assert late.previous_status is Status.TODO
    assert store.progress(D)[("4", "snv")].status is Status.DONE
    assert store.check() == []


def test_undo_voids_the_last_batch_by_appending(store: SqliteStore) -> None:
    store.record([mark("4", "snv", Status.IN_PROGRESS, date(2023, 6, 1))], "t1")
    store.record(
        [
            mark("4", "snv", Status.DONE, date(2023, 6, 20)),
            mark("3.1", "vpub", Status.DONE, date(2023, 5, 30)),
        ],
        "t2",
    )
    undone = store.undo_last("auditor", "t3")
    assert [(m.ref, m.previous_status, m.status, m.undoes) for m in undone] == [
        ("4:snv", Status.DONE, Status.IN_PROGRESS, 2),
        ("3.1:vpub", Status.DONE, Status.TODO, 3),
    ]
    assert {k: p.status for k, p in store.progress(D).items()} == {("4", "snv"): Status.IN_PROGRESS}
    assert len(store.history()) == 5  # nothing removed
    assert store.undo_last("auditor", "t4")[0].undoes == 1
    assert store.undo_last("auditor", "t5") == []
    assert store.progress(D) == {} and store.check() == []


def test_history_cannot_be_rewritten(store: SqliteStore, db: Path) -> None:
    store.record([mark("4", "snv", Status.DONE, date(2023, 6, 20))], "t1")
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE events SET status = 'todo'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM events")
    conn.close()


def test_state_as_of_rebuilds_the_past(store: SqliteStore) -> None:
    store.record([mark("4", "snv", Status.IN_PROGRESS, date(2023, 6, 1))], "t1")
    store.record([mark("4", "snv", Status.DONE, date(2023, 6, 20))], "t2")
    assert store.state_as_of(D, date(2023, 5, 31)) == {}
    assert store.state_as_of(D, date(2023, 6, 19))[("4", "snv")].status is Status.IN_PROGRESS
    assert store.state_as_of(D, date(2023, 6, 20))[("4", "snv")].status is Status.DONE


def test_schema_version_and_forward_only_migrations(store: SqliteStore, db: Path) -> None:
    store.record([mark("4", "snv", Status.DONE, date(2023, 6, 20))], "t1")
    store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="mới hơn bản directive-cli này"):
        SqliteStore(db).progress(D)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just text, not SQLite " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="không phải cơ sở dữ liệu của directive-cli"):
        SqliteStore(path).progress(D)


def test_progress_of_reads_every_directive_or_only_some_bodies(store: SqliteStore) -> None:
    store.record(
        [
            mark("4", "snv", Status.DONE, date(2023, 6, 20), evidence="45/BC-SNV"),
            mark("1a", "stp", Status.IN_PROGRESS, date(2023, 6, 1)),
            NewMark("other-2024", "2", "snv", Status.BLOCKED, date(2024, 1, 2), "x"),
        ],
        "2023-06-21T08:30:00+07:00",
    )
    done = Progress(Status.DONE, date(2023, 6, 20), "2023-06-21T08:30:00+07:00", None, "45/BC-SNV")
    started = Progress(Status.IN_PROGRESS, date(2023, 6, 1), "2023-06-21T08:30:00+07:00")
    blocked = Progress(Status.BLOCKED, date(2024, 1, 2), "2023-06-21T08:30:00+07:00")
    assert store.progress_of() == {
        D: {("4", "snv"): done, ("1a", "stp"): started},
        "other-2024": {("2", "snv"): blocked},
    }
    assert store.progress_of(["snv"]) == {
        D: {("4", "snv"): done},
        "other-2024": {("2", "snv"): blocked},
    }
    assert store.progress_of(["skhdt"]) == {}
    assert store.progress_of([]) == {}
    assert store.progress_of() == {d: store.progress(d) for d in (D, "other-2024")}


@pytest.mark.parametrize("seed", range(6))
def test_states_as_of_equals_a_replay_of_the_history_on_every_day(db: Path, seed: int) -> None:
    """The fast path (`current` plus the tasks changed since) against the plain replay."""
    import random
    from datetime import timedelta

    rng = random.Random(seed)
    s = SqliteStore(db)
    tasks = [(D, "4", "snv"), (D, "1a", "stp"), ("other-2024", "2", "snv")]
    first = date(2023, 6, 1)
    for i in range(40):
        if i % 7 == 6:
            s.undo_last("clerk", f"2023-07-{i % 28 + 1:02d}T08:00:00+07:00")
            continue
        batch = [
            NewMark(
                *rng.choice(tasks),
                rng.choice(list(Status)),
                first + timedelta(days=rng.randrange(30)),
                "clerk",
                f"n{i}",
            )
            for _ in range(rng.randrange(1, 3))
        ]
        s.record(batch, f"2023-07-{i % 28 + 1:02d}T09:{i:02d}:00+07:00")
    for offset in range(-1, 32):
        day = first + timedelta(days=offset)
        expected = {d: st for d in (D, "other-2024") if (st := s.state_as_of(d, day))}
        assert s.states_as_of(day) == expected, day
        # Only some bodies' tasks: the same states, filtered (and [] bodies: none).
        snv = {
            d: f
            for d, st in expected.items()
            if (f := {k: p for k, p in st.items() if k[1] == "snv"})
        }
        assert s.states_as_of(day, ["snv"]) == snv, day
        assert s.states_as_of(day, []) == {}
        # Without details: the same statuses and dates, no note, evidence or time stamp.
        assert s.states_as_of(day, details=False) == _plain(expected), day
    # `current` (kept mark by mark, `since` included) equals the replay of everything.
    replayed = {d: s.state_as_of(d, date(2099, 1, 1)) for d in (D, "other-2024")}
    assert s.progress_of() == {d: st for d, st in replayed.items() if st}
    assert s.progress_of(details=False) == _plain(s.progress_of())
    assert s.progress_of(["snv"], details=False) == _plain(s.progress_of(["snv"]))
    s.close()


def _plain(
    states: dict[str, dict[tuple[str, str], Progress]],
) -> dict[str, dict[tuple[str, str], Progress]]:
    return {
        d: {k: p._replace(updated_at=None, note=None, evidence=None) for k, p in st.items()}
        for d, st in states.items()
    }


def test_current_of_reads_the_tasks_asked_for(store: SqliteStore) -> None:
    store.record(
        [
            mark("4", "snv", Status.DONE, date(2023, 6, 20)),
            mark("1a", "snv", Status.BLOCKED, date(2023, 6, 1)),
        ],
        "t1",
    )
    assert store.current_of([(D, "4", "snv"), (D, "2", "snv")]) == {
        (D, "4", "snv"): Progress(Status.DONE, date(2023, 6, 20), "t1")
    }
    assert store.current_of([]) == {}


def test_a_repeated_status_keeps_the_day_it_began(store: SqliteStore) -> None:
    store.record([mark("4", "snv", Status.DONE, date(2023, 6, 20))], "t1")
    store.record([mark("4", "snv", Status.DONE, date(2024, 3, 1), evidence="BC bổ sung")], "t2")
    now = store.progress(D)[("4", "snv")]
    assert (now.status, now.effective_on, now.since, now.evidence) == (
        Status.DONE,
        date(2024, 3, 1),
        date(2023, 6, 20),
        "BC bổ sung",
    )
    # A correction dated earlier than the first "done" moves the day it began back.
    store.record([mark("4", "snv", Status.DONE, date(2023, 6, 1))], "t3")
    assert store.progress(D)[("4", "snv")].since == date(2023, 6, 1)
    # Another status in between starts a new run.
    store.record(
        [
            mark("4", "snv", Status.IN_PROGRESS, date(2024, 4, 1)),
            mark("3.1", "vpub", Status.DONE, date(2023, 5, 30)),
        ],
        "t4",
    )
    store.record([mark("4", "snv", Status.DONE, date(2024, 5, 1))], "t5")
    assert store.progress(D)[("4", "snv")] == Progress(Status.DONE, date(2024, 5, 1), "t5")
    assert store.state_as_of(D, date(2024, 3, 31))[("4", "snv")].since == date(2023, 6, 1)


def test_migration_fills_in_the_day_each_status_began(db: Path) -> None:
    s = SqliteStore(db)
    s.record([mark("4", "snv", Status.DONE, date(2023, 6, 20))], "t1")
    s.record([mark("4", "snv", Status.DONE, date(2024, 3, 1))], "t2")
    s.record(
        [
            mark("1a", "stp", Status.BLOCKED, date(2023, 7, 1)),
            mark("1a", "stp", Status.DONE, date(2023, 8, 1)),
        ],
        "t3",
    )
    s.record([mark("1a", "stp", Status.DONE, date(2023, 9, 1))], "t4")
    s.undo_last("clerk", "t5")  # the undone "done" of 1/9 must not count
    expected = s.progress_of()
    s.close()
    # The database as version 2 left it: no `since` column.
    raw = sqlite3.connect(db)
    raw.execute("ALTER TABLE current DROP COLUMN since")
    raw.execute("DROP INDEX events_by_body")  # migration 4's
    raw.execute("ALTER TABLE events DROP COLUMN period")  # migration 5's
    raw.execute("ALTER TABLE events DROP COLUMN extends_to")  # migration 6's
    raw.execute("DROP TRIGGER events_append_only_insert")  # migration 7's
    raw.execute("ALTER TABLE events DROP COLUMN chain")
    raw.execute("PRAGMA user_version = 2")
    raw.commit()
    raw.close()
    s = SqliteStore(db)
    assert s.progress_of() == expected
    assert expected[D][("4", "snv")].since == date(2023, 6, 20)
    assert expected[D][("1a", "stp")] == Progress(Status.DONE, date(2023, 8, 1), "t3")
    assert s.check() == []
    s.close()


def test_a_past_day_of_some_bodies_reads_their_events_by_index(store: SqliteStore) -> None:
    """A filtered command's time must not grow with the history: each query states_as_of
    runs for some bodies searches an index, none scans `events` (SQLite chose a scan of a
    covering index before migration 4)."""
    store.record(
        [
            mark("4", "snv", Status.IN_PROGRESS, date(2023, 6, 1)),
            mark("1a", "stp", Status.DONE, date(2023, 6, 5)),
        ],
        "t1",
    )
    store.record([mark("4", "snv", Status.DONE, date(2023, 7, 20))], "t2")
    conn = store._connect()

    def plans(bodies: set[str] | None) -> list[str]:
        statements: list[str] = []
        conn.set_trace_callback(statements.append)  # the SQL with its values filled in
        try:
            state = store.states_as_of(date(2023, 6, 30), bodies)
        finally:
            conn.set_trace_callback(None)
        assert state[D][("4", "snv")] == Progress(Status.IN_PROGRESS, date(2023, 6, 1), "t1")
        selects = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
        assert len(selects) == 3  # tasks marked later, current, the replay
        return [
            " / ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
            for sql in selects
        ]

    some = plans({"snv"})
    assert [p for p in some if "SCAN events" in p] == [], some
    assert all("events_by_body" in p for p in (some[0], some[2])), some
    # Every body: the events after the day through their date, not a scan for DISTINCT.
    every = plans(None)
    assert [p for p in every if "SCAN events" in p] == [], every


def test_history_of_some_bodies_and_the_newest_events(store: SqliteStore) -> None:
    for i in range(12):
        store.record(
            [mark("4", ("snv", "stp", "vpub")[i % 3], Status.IN_PROGRESS, date(2023, 6, 1 + i))],
            f"t{i}",
        )
    store.undo_last("clerk", "t99")
    every = store.history()
    assert [m.id for m in every] == list(range(1, 14))
    for bodies in (None, ["snv"], ["snv", "vpub"], ["khong-co"], []):
        mine = [m for m in every if bodies is None or m.body in bodies]
        assert store.history(bodies=bodies) == mine
        assert store.count_history(bodies) == len(mine)
        for last in (0, 1, 3, 50):
            assert store.history(bodies=bodies, last=last) == (mine[-last:] if last else [])
        keys = [(D, "4", "stp"), (D, "4", "vpub")]
        by_key = [
            m
            for m in every
            if (m.directive, m.clause, m.body) in keys and (bodies is None or m.body in bodies)
        ]
        assert store.history(keys, bodies) == by_key
        assert store.history(keys, bodies, last=2) == by_key[-2:]


# From the contract suite (test_store_contract.py): what holds only for a store that is a file.


def test_a_store_is_named_by_its_file(db: Path) -> None:
    from directive_cli.store import open_store

    store = open_store(db)
    assert (store.path, store.exists, store.login) == (db, False, None)


def test_is_file_knows_its_own_file(store: SqliteStore, tmp_path: Path) -> None:
    store.record([mark("4", "snv", Status.DONE, date(2023, 6, 20))], "2023-06-21T09:00:00+07:00")
    assert store.is_file(store.path)
    assert not store.is_file(tmp_path / "copy.db")
    link = tmp_path / "link.db"
    link.symlink_to(store.path)
    assert store.is_file(link)


def test_a_backup_onto_the_store_itself_is_refused(store: SqliteStore) -> None:
    from directive_cli.errors import OutputError

    store.record([mark("4", "snv", Status.DONE, date(2023, 6, 20))], "2023-06-21T09:00:00+07:00")
    with pytest.raises(OutputError) as exc:
        store.backup(store.path, overwrite=True)
    assert str(exc.value) == f"{store.path} chính là cơ sở dữ liệu; hãy chọn tệp khác"
    assert store.count_events() == 1
