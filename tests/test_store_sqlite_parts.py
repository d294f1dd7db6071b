"""The SQLite store's parts on their own: named migrations, row conversion, the replay check."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from directive_cli.model import Mark, Progress, Status
from directive_cli.store import NewMark, open_store
from directive_cli.store import migrations as mig
from directive_cli.store.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, migration
from directive_cli.store.rows import details_columns, replayed, row_to_mark, since_of
from directive_cli.store.verify import problems

D = "2167-2023"


def test_migrations_are_named_steps_in_order() -> None:
    assert [m.name for m in MIGRATIONS] == [
        "m001_initial",
        "m002_current_by_body",
        "m003_current_since",
        "m004_events_by_body",
        "m005_event_period",
        "m006_event_extension",
        "m007_hash_chain",
    ]
    assert SCHEMA_VERSION == len(MIGRATIONS) == 7
    # The number in a name is its place: a step is appended, never inserted.
    assert [int(re.match(r"m(\d{3})_", m.name).group(1)) for m in MIGRATIONS] == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]  # type: ignore[union-attr]
    # Each step is SQL statements, or a Python function where SQL cannot (m007 fills hashes).
    assert all(
        m.statements and all(callable(s) or s.strip() for s in m.statements) for m in MIGRATIONS
    )


def test_the_migration_decorator_registers_a_step_under_its_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mig, "MIGRATIONS", [])

    @migration
    def m005_example() -> list[str]:
        return ["CREATE INDEX x ON events(by)"]

    assert [Migration("m005_example", ("CREATE INDEX x ON events(by)",))] == mig.MIGRATIONS
    assert m005_example() == ["CREATE INDEX x ON events(by)"]  # the function stays callable


def schema(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [(t, n, " ".join(s.split())) for t, n, s in rows]


def test_a_fresh_database_is_every_step_applied_in_order(tmp_path: Path) -> None:
    store = open_store(tmp_path / "progress.db")
    store.record([NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 20), "clerk")], "t")
    store.close()
    made = sqlite3.connect(tmp_path / "progress.db")
    by_hand = sqlite3.connect(":memory:")
    for step in MIGRATIONS:
        for statement in step.statements:
            by_hand.execute(statement) if isinstance(statement, str) else statement(by_hand)
    assert schema(made) == schema(by_hand)
    assert made.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    made.close()
    by_hand.close()


def test_an_old_database_gets_only_the_steps_it_lacks(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:2]:
        for statement in step.statements:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO events (id, batch, directive, clause, body, status, effective_on,"
        " recorded_at, by) VALUES (1, 1, ?, '4', 'snv', 'done', '2023-06-20', 't', 'clerk')",
        (D,),
    )
    conn.execute(
        "INSERT INTO current VALUES (?, '4', 'snv', 'done', '2023-06-20', 1, 't', NULL, NULL)",
        (D,),
    )
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    store = open_store(path)
    assert store.progress(D) == {("4", "snv"): Progress(Status.DONE, date(2023, 6, 20), "t")}
    assert store.check() == []
    store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"current_by_body", "events_by_body"} <= names
    conn.close()


@pytest.mark.parametrize(
    ("details", "stamp", "columns"),
    [
        (True, "updated_at", "updated_at, note, evidence"),
        (True, "recorded_at", "recorded_at, note, evidence"),
        (False, "updated_at", "NULL, NULL, NULL"),
        (False, "recorded_at", "NULL, NULL, NULL"),
    ],
)
def test_details_columns(details: bool, stamp: str, columns: str) -> None:
    assert details_columns(details, stamp) == columns


@pytest.mark.parametrize(
    ("since", "effective", "began"),
    [
        (None, "2023-06-01", None),
        ("2023-06-01", "2023-06-01", None),
        ("2023-05-01", "2023-06-01", date(2023, 5, 1)),
    ],
)
def test_since_of(since: str | None, effective: str, began: date | None) -> None:
    assert since_of(since, effective) == began


def test_replayed_first_mark_begins_its_status() -> None:
    got = replayed(None, Status.IN_PROGRESS, date(2023, 6, 1), "t1", "n", "e")
    assert got == Progress(Status.IN_PROGRESS, date(2023, 6, 1), "t1", "n", "e", None)


def test_replayed_keeps_the_day_a_status_began_and_a_new_status_starts_over() -> None:
    day1, day2, day3, day4 = (date(2023, 6, d) for d in (1, 5, 9, 12))
    state = replayed(None, Status.DONE, day1, "t1", None, None)
    state = replayed(state, Status.DONE, day2, "t2", "again", None)
    assert state == Progress(Status.DONE, day2, "t2", "again", None, day1)
    state = replayed(state, Status.DONE, day3, "t3", None, "bản chính")
    assert state == Progress(Status.DONE, day3, "t3", None, "bản chính", day1)
    state = replayed(state, Status.BLOCKED, day4, "t4", None, None)
    assert state == Progress(Status.BLOCKED, day4, "t4", None, None, None)


def test_replayed_on_the_same_day_is_no_run() -> None:
    day = date(2023, 6, 1)
    state = replayed(None, Status.DONE, day, "t1", None, None)
    assert replayed(state, Status.DONE, day, "t2", None, None) == Progress(
        Status.DONE, day, "t2", None, None, None
    )


def test_row_to_mark_converts_every_column() -> None:
    row = (
        7, D, "3.1", "vpub", "done", "in_progress", "2023-06-05", "t", "clerk", "n", "e", 3, 2,
        "2023-06", "2023-06-30",
    )  # fmt: skip
    assert row_to_mark(row) == Mark(
        7, D, "3.1", "vpub", Status.DONE, Status.IN_PROGRESS, date(2023, 6, 5), "t", "clerk",
        "n", "e", 3, 2, "2023-06", date(2023, 6, 30),
    )  # fmt: skip


def test_row_to_mark_keeps_nothing_as_none() -> None:
    row = (
        "7", D, "4", "snv", "todo", None, "2023-06-05", "t", "clerk", None, None, "3", None, None,
        None,
    )  # fmt: skip
    got = row_to_mark(row)
    assert (
        got.id, got.batch, got.previous_status, got.note, got.evidence, got.undoes, got.period,
        got.extends_to,
    ) == (7, 3, None, None, None, None, None, None)  # fmt: skip


def test_row_to_mark_refuses_a_status_it_does_not_know() -> None:
    row = (
        1,
        D,
        "4",
        "snv",
        "finished",
        None,
        "2023-06-05",
        "t",
        "clerk",
        None,
        None,
        1,
        None,
        None,
        None,
    )
    with pytest.raises(ValueError, match="'finished' is not a valid Status"):
        row_to_mark(row)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    store = open_store(tmp_path / "progress.db")
    store.record(
        [
            NewMark(D, "4", "snv", Status.IN_PROGRESS, date(2023, 6, 1), "clerk"),
            NewMark(D, "3.1", "vpub", Status.DONE, date(2023, 6, 5), "clerk"),
        ],
        "t1",
    )
    store.record([NewMark(D, "4", "snv", Status.IN_PROGRESS, date(2023, 6, 9), "clerk")], "t2")
    store.record([NewMark(D, "7", "cat", Status.BLOCKED, date(2023, 6, 9), "clerk")], "t3")
    store.undo_last("chief", "t4")
    store.close()
    c = sqlite3.connect(tmp_path / "progress.db", isolation_level=None)
    yield c
    c.close()


def test_a_consistent_history_has_no_problem(conn: sqlite3.Connection) -> None:
    assert problems(conn) == []


@pytest.mark.parametrize(
    "tamper, task",
    [
        ("UPDATE current SET status = 'done' WHERE body = 'snv'", "4:snv"),
        ("UPDATE current SET event_id = 1 WHERE body = 'snv'", "4:snv"),
        ("UPDATE current SET since = '2023-06-09' WHERE body = 'snv'", "4:snv"),  # began 1 June
        ("DELETE FROM current WHERE body = 'vpub'", "3.1:vpub"),
        (
            "INSERT INTO current VALUES ('2167-2023', '7', 'cat', 'blocked', '2023-06-09', 4,"
            " 't3', NULL, NULL, NULL)",
            "7:cat",
        ),  # the undone mark back in force
    ],
)
def test_current_that_disagrees_with_a_replay_is_found(
    conn: sqlite3.Connection, tamper: str, task: str
) -> None:
    conn.execute(tamper)
    # The first task that differs is named (verify.py).
    assert problems(conn) == [
        f"trạng thái hiện tại của {D}#{task} không khớp với lịch sử (bảng current, hoặc các bản ghi của nhiệm vụ này, đã bị sửa ngoài công cụ)"
    ]


def test_what_the_check_does_not_compare_is_not_a_problem(conn: sqlite3.Connection) -> None:
    # Notes and stamps are details; the replay compares which event decides and its status.
    conn.execute("UPDATE current SET note = 'sửa tay', updated_at = 'x'")
    assert problems(conn) == []
