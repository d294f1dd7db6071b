"""Forward-only schema steps, each named, applied in order (llm's `migrations.py` is the model).

A database's `PRAGMA user_version` counts the steps it has had; a step never changes once
released, and a new one is appended. Each step is the list of what it runs, in order: SQL
statements, or a Python function given the open connection (filling a column SQL cannot
compute, such as the hash chain). A backend runs them all in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from . import chain

Action = str | Callable[[Any], None]
Step = Callable[[], Sequence[Action]]


@dataclass(frozen=True)
class Migration:
    """One step: its name (for messages and tests) and its statements."""

    name: str
    statements: tuple[Action, ...]


MIGRATIONS: list[Migration] = []


def migration(step: Step) -> Step:
    """Register `step` as the next migration, under its function name."""
    MIGRATIONS.append(Migration(step.__name__, tuple(step())))
    return step


def triggers() -> dict[str, str]:
    """The triggers the history must have, by name: the last statement creating each, with
    its spacing collapsed (as `verify` compares them)."""
    found: dict[str, str] = {}
    for step in MIGRATIONS:
        for action in step.statements:
            if isinstance(action, str):
                named = re.match(r"\s*CREATE TRIGGER (\w+)", action)
                if named:
                    found[named.group(1)] = squeeze(action)
                dropped = re.match(r"\s*DROP TRIGGER (\w+)", action)
                if dropped:
                    found.pop(dropped.group(1), None)
    return found


def squeeze(sql: str) -> str:
    """SQL with every run of spaces and line breaks made one space (for comparing)."""
    return " ".join(sql.split())


@migration
def m001_initial() -> list[str]:
    """The history (append-only by triggers) and `current`, the latest effective event per task."""
    return [
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            batch INTEGER NOT NULL,
            directive TEXT NOT NULL,
            clause TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL,
            previous_status TEXT,
            effective_on TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            by TEXT NOT NULL,
            note TEXT,
            evidence TEXT,
            undoes INTEGER REFERENCES events(id)
        )""",
        "CREATE INDEX events_task ON events(directive, clause, body, effective_on, id)",
        "CREATE INDEX events_batch ON events(batch)",
        "CREATE INDEX events_recorded ON events(recorded_at)",
        "CREATE INDEX events_effective ON events(effective_on)",
        "CREATE UNIQUE INDEX events_undoes ON events(undoes) WHERE undoes IS NOT NULL",
        """CREATE TABLE current (
            directive TEXT NOT NULL,
            clause TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL,
            effective_on TEXT NOT NULL,
            event_id INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            note TEXT,
            evidence TEXT,
            PRIMARY KEY (directive, clause, body)
        ) WITHOUT ROWID""",
        "CREATE INDEX current_body ON current(directive, body)",
        "CREATE INDEX current_status ON current(status)",
        """CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
        """CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
           BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
    ]


@migration
def m002_current_by_body() -> list[str]:
    """`list --body X` reads the current state of one body's tasks across every directive."""
    return [
        "CREATE INDEX current_by_body ON current(body)",
    ]


@migration
def m003_current_since() -> list[str]:
    """The day the current status began (Progress.since), so a repeated "done" does not move a
    task's done date; filled in for what is already recorded."""
    return [
        "ALTER TABLE current ADD COLUMN since TEXT",
        """UPDATE current SET since = (
            SELECT min(e.effective_on) FROM events e
            WHERE e.directive = current.directive AND e.clause = current.clause
              AND e.body = current.body AND e.status = current.status
              AND e.undoes IS NULL
              AND e.id NOT IN (SELECT undoes FROM events WHERE undoes IS NOT NULL)
              AND NOT EXISTS (
                SELECT 1 FROM events f
                WHERE f.directive = e.directive AND f.clause = e.clause AND f.body = e.body
                  AND f.status <> current.status AND f.undoes IS NULL
                  AND f.id NOT IN (SELECT undoes FROM events WHERE undoes IS NOT NULL)
                  AND (f.effective_on > e.effective_on
                       OR (f.effective_on = e.effective_on AND f.id > e.id))))""",
    ]


@migration
def m004_events_by_body() -> list[str]:
    """A list or report of some bodies as of a past day reads those bodies' events after (and up
    to) that day; without this index SQLite scanned all of `events` for it."""
    return [
        "CREATE INDEX events_by_body ON events(body, effective_on)",
    ]


@migration
def m005_event_period() -> list[str]:
    """The period of a recurring obligation a mark is for (issue 15): one obligation per period,
    so a mark names which; NULL for every other task and for marks recorded before."""
    return [
        "ALTER TABLE events ADD COLUMN period TEXT",
    ]


@migration
def m006_event_extension() -> list[str]:
    """An extension (gia hạn, issue 15) is an event too: the new due date it grants, NULL for a
    mark. Undone like a mark; it never decides a status."""
    return [
        "ALTER TABLE events ADD COLUMN extends_to TEXT",
    ]


_UPDATE_GUARD = """CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"""


def _fill_chain(conn: Any) -> None:
    """Chain every event already recorded, in id order (the update guard is off meanwhile)."""
    previous = chain.GENESIS
    for row in list(conn.execute(f"SELECT {CHAIN_COLUMNS} FROM events ORDER BY id")):
        previous = chain.link(previous, row)
        conn.execute("UPDATE events SET chain = ? WHERE id = ?", (previous, row[0]))


# The columns hashed, in chain.FIELDS order.
CHAIN_COLUMNS = ", ".join(chain.FIELDS)


@migration
def m007_hash_chain() -> Sequence[Action]:
    """Tamper-evident history: each event carries a hash chained to the one before
    (store/chain.py), filled for what is already recorded; a third trigger refuses an insert
    that would take an existing id (`INSERT OR REPLACE` went round the other two)."""
    return [
        "ALTER TABLE events ADD COLUMN chain TEXT",
        "DROP TRIGGER events_append_only_update",
        _fill_chain,
        _UPDATE_GUARD,
        """CREATE TRIGGER events_append_only_insert BEFORE INSERT ON events
           WHEN NEW.id <= (SELECT coalesce(max(id), 0) FROM events)
           BEGIN SELECT RAISE(ABORT, 'history is append-only'); END""",
    ]


SCHEMA_VERSION = len(MIGRATIONS)
CHAINED_FROM = 7  # the schema version from which every event carries its hash (m007)
