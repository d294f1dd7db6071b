"""The progress store: an append-only history in SQLite, the only module that speaks SQL.

Every mark is an event; nothing is updated or deleted (triggers refuse it). The
`current` table is a cache of the latest effective event per task, maintained in
the same transaction as the append, so reading status never replays history.
An undo voids a batch of marks by appending events that point at them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from .errors import StoreError
from .model import Mark, Progress, Status

BUSY_TIMEOUT_MS = 30_000

# Forward-only migrations: entry N brings a database from user_version N to N+1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
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
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

# A mark counts unless an undo event points at it; undo events themselves never count.
_EFFECTIVE = "undoes IS NULL AND id NOT IN (SELECT undoes FROM events WHERE undoes IS NOT NULL)"
_COLUMNS = (
    "id, directive, clause, body, status, previous_status, effective_on, recorded_at, by, "
    "note, evidence, batch, undoes"
)


@dataclass(frozen=True)
class NewMark:
    """A mark a clerk asks to record."""

    directive: str
    clause: str
    body: str
    status: Status
    effective_on: date
    by: str
    note: str | None = None
    evidence: str | None = None


TaskKey = tuple[str, str, str]  # (directive, clause, body)


class ProgressStore(Protocol):
    """What the commands need from a store; a shared server backend implements the same."""

    def progress(self, directive: str) -> dict[tuple[str, str], Progress]: ...
    def record(self, marks: list[NewMark], recorded_at: str) -> list[Mark]: ...
    def undo_last(self, by: str, recorded_at: str) -> list[Mark]: ...
    def history(self, keys: Iterable[TaskKey] | None = None) -> list[Mark]: ...
    def recorded_between(self, start: str, end: str) -> list[Mark]: ...
    def state_as_of(self, directive: str, day: date) -> dict[tuple[str, str], Progress]: ...
    def close(self) -> None: ...


def _row_to_mark(row: sqlite3.Row | tuple[object, ...]) -> Mark:
    (id_, directive, clause, body, status, previous, effective, recorded, by, note, evidence,
     batch, undoes) = row
    return Mark(
        id=int(id_),  # type: ignore[call-overload]
        directive=str(directive),
        clause=str(clause),
        body=str(body),
        status=Status(status),
        previous_status=Status(previous) if previous else None,
        effective_on=date.fromisoformat(str(effective)),
        recorded_at=str(recorded),
        by=str(by),
        note=note if note is None else str(note),
        evidence=evidence if evidence is None else str(evidence),
        batch=int(batch),  # type: ignore[call-overload]
        undoes=int(undoes) if undoes is not None else None,  # type: ignore[call-overload]
    )


class SqliteStore:
    """Progress in one SQLite file (WAL, BEGIN IMMEDIATE, busy timeout)."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._create = create

    # -- connection ------------------------------------------------------------------------

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        try:
            if self._create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so two clerks never
            # both read then write (Python's implicit BEGIN DEFERRED loses marks that way).
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            # FULL: an acknowledged mark survives a power cut, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(_explain(exc, self.path)) from None
        self._conn = conn
        self._migrate(conn)
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"database {self.path} has schema {version}, newer than this directive-cli"
                    f" ({SCHEMA_VERSION}); upgrade directive-cli"
                )
            if version == SCHEMA_VERSION:
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Re-read inside the lock: another process may have migrated meanwhile.
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                for step in range(version, SCHEMA_VERSION):
                    for statement in MIGRATIONS[step]:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {step + 1}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(_explain(exc, self.path)) from None
            raise

    def _read(self, sql: str, params: Iterable[object] = ()) -> list[tuple[object, ...]]:
        if not self.exists and not self._conn:
            return []  # reading never creates a database
        try:
            return list(self._connect().execute(sql, tuple(params)).fetchall())
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None

    # -- reads -----------------------------------------------------------------------------

    def progress(self, directive: str) -> dict[tuple[str, str], Progress]:
        """Latest state of every task of a directive that has ever been marked."""
        rows = self._read(
            "SELECT clause, body, status, effective_on, updated_at, note, evidence"
            " FROM current WHERE directive = ?",
            (directive,),
        )
        return {
            (str(c), str(b)): Progress(Status(s), date.fromisoformat(str(e)), str(u),
                                       n if n is None else str(n), v if v is None else str(v))
            for c, b, s, e, u, n, v in rows
        }

    def history(self, keys: Iterable[TaskKey] | None = None) -> list[Mark]:
        """Every event, oldest first; only those of `keys` when given."""
        if keys is None:
            return [_row_to_mark(r) for r in self._read(f"SELECT {_COLUMNS} FROM events ORDER BY id")]
        out: list[Mark] = []
        for directive, clause, body in keys:
            out.extend(
                _row_to_mark(r)
                for r in self._read(
                    f"SELECT {_COLUMNS} FROM events WHERE directive = ? AND clause = ? AND body = ?"
                    " ORDER BY id",
                    (directive, clause, body),
                )
            )
        return sorted(out, key=lambda m: m.id)

    def recorded_between(self, start: str, end: str) -> list[Mark]:
        """Events whose recorded_at lies in [start, end) (ISO timestamps compare as text)."""
        rows = self._read(
            f"SELECT {_COLUMNS} FROM events WHERE recorded_at >= ? AND recorded_at < ? ORDER BY id",
            (start, end),
        )
        return [_row_to_mark(r) for r in rows]

    def effective_between(self, start: date, end: date) -> list[Mark]:
        """Events whose effective date lies in [start, end], oldest first."""
        rows = self._read(
            f"SELECT {_COLUMNS} FROM events WHERE effective_on >= ? AND effective_on <= ?"
            " ORDER BY effective_on, id",
            (start.isoformat(), end.isoformat()),
        )
        return [_row_to_mark(r) for r in rows]

    def state_as_of(self, directive: str, day: date) -> dict[tuple[str, str], Progress]:
        """Rebuild each task's state from the history as it stood at the end of `day`."""
        rows = self._read(
            f"""SELECT clause, body, status, effective_on, recorded_at, note, evidence
                FROM events WHERE directive = ? AND effective_on <= ? AND {_EFFECTIVE}
                ORDER BY effective_on, id""",
            (directive, day.isoformat()),
        )
        state: dict[tuple[str, str], Progress] = {}
        for c, b, s, e, r, n, v in rows:
            state[(str(c), str(b))] = Progress(
                Status(s), date.fromisoformat(str(e)), str(r),
                n if n is None else str(n), v if v is None else str(v),
            )
        return state

    def count_events(self) -> int:
        rows = self._read("SELECT count(*) FROM events")
        return int(rows[0][0]) if rows else 0  # type: ignore[call-overload]

    # -- writes ----------------------------------------------------------------------------

    def record(self, marks: list[NewMark], recorded_at: str) -> list[Mark]:
        """Append marks as one batch, all or nothing; return them as stored."""
        if not marks:
            return []
        with self._write() as conn:
            batch = conn.execute("SELECT coalesce(max(batch), 0) + 1 FROM events").fetchone()[0]
            ids = []
            for m in marks:
                key = (m.directive, m.clause, m.body)
                previous = self._status_before(conn, key, m.effective_on.isoformat())
                cur = conn.execute(
                    "INSERT INTO events (batch, directive, clause, body, status, previous_status,"
                    " effective_on, recorded_at, by, note, evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (batch, *key, m.status.value, previous, m.effective_on.isoformat(),
                     recorded_at, m.by, m.note, m.evidence),
                )
                ids.append(cur.lastrowid)
                self._refresh_current(conn, key)
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM events WHERE batch = ? ORDER BY id", (batch,)
            ).fetchall()
        return [_row_to_mark(r) for r in rows]

    def undo_last(self, by: str, recorded_at: str) -> list[Mark]:
        """Void the most recent batch of marks that is still in force; [] when there is none."""
        with self._write() as conn:
            row = conn.execute(
                f"SELECT max(batch) FROM events WHERE {_EFFECTIVE}"
            ).fetchone()
            if row[0] is None:
                return []
            target = [
                _row_to_mark(r)
                for r in conn.execute(
                    f"SELECT {_COLUMNS} FROM events WHERE batch = ? AND {_EFFECTIVE} ORDER BY id",
                    (row[0],),
                )
            ]
            batch = conn.execute("SELECT max(batch) + 1 FROM events").fetchone()[0]
            for m in target:
                key = (m.directive, m.clause, m.body)
                before = self._current_status(conn, key)
                after = self._status_before(conn, key, "9999-12-31", exclude=m.id)
                conn.execute(
                    "INSERT INTO events (batch, directive, clause, body, status, previous_status,"
                    " effective_on, recorded_at, by, undoes) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (batch, *key, after, before, m.effective_on.isoformat(), recorded_at, by, m.id),
                )
                self._refresh_current(conn, key)
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM events WHERE batch = ? ORDER BY id", (batch,)
            ).fetchall()
        return [_row_to_mark(r) for r in rows]

    @staticmethod
    def _current_status(conn: sqlite3.Connection, key: TaskKey) -> str:
        row = conn.execute(
            "SELECT status FROM current WHERE directive = ? AND clause = ? AND body = ?", key
        ).fetchone()
        return str(row[0]) if row else Status.TODO.value

    @staticmethod
    def _status_before(
        conn: sqlite3.Connection, key: TaskKey, effective_on: str, exclude: int = 0
    ) -> str:
        """Status in force on `effective_on` from the marks that count (but `exclude`)."""
        row = conn.execute(
            f"SELECT status FROM events WHERE directive = ? AND clause = ? AND body = ?"
            f" AND effective_on <= ? AND id != ? AND {_EFFECTIVE}"
            f" ORDER BY effective_on DESC, id DESC LIMIT 1",
            (*key, effective_on, exclude),
        ).fetchone()
        return str(row[0]) if row else Status.TODO.value

    @staticmethod
    def _refresh_current(conn: sqlite3.Connection, key: TaskKey) -> None:
        row = conn.execute(
            f"SELECT id, status, effective_on, recorded_at, note, evidence FROM events"
            f" WHERE directive = ? AND clause = ? AND body = ? AND {_EFFECTIVE}"
            f" ORDER BY effective_on DESC, id DESC LIMIT 1",
            key,
        ).fetchone()
        if row is None:
            conn.execute(
                "DELETE FROM current WHERE directive = ? AND clause = ? AND body = ?", key
            )
            return
        conn.execute(
            "INSERT OR REPLACE INTO current (directive, clause, body, status, effective_on,"
            " event_id, updated_at, note, evidence) VALUES (?,?,?,?,?,?,?,?,?)",
            (*key, row[1], row[2], row[0], row[3], row[4], row[5]),
        )

    # -- maintenance -----------------------------------------------------------------------

    def check(self) -> list[str]:
        """Integrity problems: SQLite's own check and `current` versus a replay of history."""
        problems = [str(r[0]) for r in self._read("PRAGMA integrity_check") if r[0] != "ok"]
        replay: dict[tuple[str, str, str], str] = {}
        for d, c, b, st in self._read(
            f"SELECT directive, clause, body, status FROM events WHERE {_EFFECTIVE}"
            " ORDER BY effective_on, id"
        ):
            replay[(str(d), str(c), str(b))] = str(st)
        cached = {
            (str(d), str(c), str(b)): str(s)
            for d, c, b, s in self._read("SELECT directive, clause, body, status FROM current")
        }
        if replay != cached:
            problems.append("current status disagrees with the history")
        return problems

    def backup(self, dest: Path) -> None:
        """A consistent copy while others write (SQLite's online backup API)."""
        source = self._connect()
        try:
            target = sqlite3.connect(dest)
            try:
                source.backup(target)
            finally:
                target.close()
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, dest)) from None


def _explain(exc: BaseException, path: Path) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"database {path} is busy (another clerk is writing); try again"
    if "readonly" in text or "read-only" in text:
        return f"database {path} is read-only; check its permissions or use --db"
    if "disk is full" in text or "disk I/O" in text:
        return f"cannot write database {path}: {text}"
    if "not a database" in text or "malformed" in text:
        return f"{path} is not a directive-cli database or is damaged ({text})"
    if "unable to open" in text:
        return f"cannot open database {path}: check the folder exists and is writable"
    if isinstance(exc, OSError):
        return f"cannot open database {path}: {exc.strerror or exc}"
    return f"database {path}: {text}"
