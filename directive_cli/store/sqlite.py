"""The progress store in one SQLite file: an append-only history, the only module that speaks
SQLite's SQL.

Every mark is an event; nothing is updated or deleted (triggers refuse it). The `current`
table is a cache of the latest effective event per task, maintained in the same transaction
as the append, so reading status never replays history. An undo voids a batch of marks by
appending events that point at them.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, OutputError, StoreError
from ..i18n import t
from ..model import Mark, Progress, Status
from . import NewMark, TaskKey, chain, sqlite_copy
from .appending import Appender, plain_insert
from .chain import Verdict
from .diagnostics import NetworkFilesystemWarning, explain, network_filesystem
from .migrations import SCHEMA_VERSION
from .reads import EventReads, narrowed
from .rows import (
    COLUMNS,
    STATUS_EFFECTIVE,
    details_columns,
    refresh_current,
    replayed,
    row_to_mark,
    since_of,
)
from .schema import migrate, schema_version
from .verify import verify
from .wal import use_wal

BUSY_TIMEOUT_MS = 30_000
# The write path both stores share; `current` is kept here, in the append's transaction.
_APPEND = Appender("?", plain_insert, refresh_current)


# A mark counts unless an undo event points at it; undo events themselves never count.
class SqliteStore(EventReads):
    """Progress in one SQLite file (WAL, BEGIN IMMEDIATE, busy timeout)."""

    login: str | None = None  # a file has no login: `by` is whoever the clerk says

    def __init__(
        self,
        path: Path,
        *,
        create: bool = True,
        on_warning: Callable[[str], None] | None = None,
        announce_new: bool = False,
    ) -> None:
        self.path = path
        # Say so through on_warning when this run creates the file: for a path someone typed
        # (--db, DIRECTIVE_DB), where a typo would otherwise start an empty history silently.
        self.announce_new = announce_new
        self._conn: sqlite3.Connection | None = None
        self._create = create
        # Where warnings go (a network drive); None: the `warnings` module. The CLI passes
        # a function that writes one line to stderr.
        self.on_warning = on_warning

    # -- connection ------------------------------------------------------------------------

    @property
    def exists(self) -> bool:
        """Whether the file holds a history. An empty file (a copy that failed, a full disk)
        holds none: reading it says so, and does not write a database into it."""
        return self.path.is_file() and not self.is_empty_file

    @property
    def is_empty_file(self) -> bool:
        """A file of 0 bytes, and no write-ahead log holding its first pages."""
        try:
            if self.path.stat().st_size > 0:
                return False
            wal = Path(f"{self.path}-wal")
            return not (wal.is_file() and wal.stat().st_size > 0)
        except OSError:
            return False  # no file: missing, not empty

    def is_file(self, other: Path) -> bool:
        """Whether `other` names this database's file (by path or as the same file)."""
        if os.path.abspath(other) == os.path.abspath(self.path):
            return True
        return other.exists() and self.exists and os.path.samefile(other, self.path)

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        network = network_filesystem(self.path)
        if network:
            self._warn_network(network)
        conn: sqlite3.Connection | None = None
        new = self._create and (not self.path.exists() or self.is_empty_file)
        if not self._create and not _may_write(self.path):
            # A reader on read-only media (an auditor's copy, a backup on a DVD or a
            # write-protected share) opens it as it is: nothing to migrate, nothing written.
            self._conn = _read_only(self.path)
            return self._conn
        try:
            if self._create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so two clerks never
            # both read then write (Python's implicit BEGIN DEFERRED loses marks that way).
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Before anything writes (even the switch to WAL changes the file's header):
            # another application's file or a damaged header is refused untouched.
            schema_version(conn, self.path)
            # WAL needs memory shared between the processes, which a network filesystem
            # does not give: there a new database keeps the rollback journal. A reader
            # leaves the journal as it is: `verify` of a backup must not change its bytes.
            if not network and self._create:
                use_wal(conn, BUSY_TIMEOUT_MS / 1000)
            # FULL: an acknowledged mark survives a power cut, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn, self.path)
        except (sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            raise StoreError(explain(exc, self.path)) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        self._conn = conn
        if new and self.announce_new and self.on_warning is not None:
            self.on_warning(t("db.created", path=self.path))
        return conn

    def _warn_network(self, kind: str) -> None:
        key = str(self.path)
        if key in _WARNED:
            return
        _WARNED.add(key)
        message = t("db.network", path=self.path, kind=kind)
        if self.on_warning is not None:
            self.on_warning(message)
        else:
            warnings.warn(message, NetworkFilesystemWarning, stacklevel=3)

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
            raise StoreError(explain(exc, self.path)) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            _rollback(conn)
            if isinstance(exc, sqlite3.Error):
                raise StoreError(explain(exc, self.path)) from None
            raise

    def _rows(self, sql: str, params: Iterable[object] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of a query one by one: a large result is never held twice (rows, then
        what they are made into)."""
        if not self.exists and not self._conn:
            return  # reading never creates a database
        try:
            yield from self._connect().execute(sql, tuple(params))
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, self.path)) from None

    def _read(self, sql: str, params: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        if not self.exists and not self._conn:
            return []  # reading never creates a database
        try:
            return list(self._connect().execute(sql, tuple(params)).fetchall())
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, self.path)) from None

    # -- reads -----------------------------------------------------------------------------

    def current_of(self, keys: Iterable[TaskKey]) -> dict[TaskKey, Progress]:
        """The current state of these tasks (those ever marked), by primary key."""
        out: dict[TaskKey, Progress] = {}
        for key in keys:
            for s, e, u, n, v, since in self._read(
                "SELECT status, effective_on, updated_at, note, evidence, since FROM current"
                " WHERE directive = ? AND clause = ? AND body = ?",
                key,
            ):
                out[key] = Progress(Status(s), date.fromisoformat(e), u, n, v, since_of(since, e))
        return out

    def progress_of(
        self, bodies: Iterable[str] | None = None, *, details: bool = True
    ) -> dict[str, dict[tuple[str, str], Progress]]:
        """Latest state of every marked task, by directive; only `bodies`' tasks when given.

        One query for every directive: at province scale (hundreds of directives) a query
        per directive cost more than the rows it returned. Without `details`, updated_at,
        note and evidence stay None (see `_details`).
        """
        sql = (
            f"SELECT directive, clause, body, status, effective_on, {details_columns(details)},"
            " since FROM current"
        )
        params: tuple[str, ...] = ()
        if bodies is not None:
            params = tuple(sorted(set(bodies)))
            if not params:
                return {}
            sql += f" WHERE body IN ({','.join('?' * len(params))})"
        out: dict[str, dict[tuple[str, str], Progress]] = {}
        status_of = {s.value: s for s in Status}  # a dict lookup, not Status(s) per row
        day_of: dict[str, date] = {}
        for d, c, b, s, e, u, n, v, since in self._rows(sql, params):
            day = day_of.get(e)
            if day is None:
                day = day_of[e] = date.fromisoformat(e)
            began = None
            if since is not None and since != e:
                began = day_of.get(since)
                if began is None:
                    began = day_of[since] = date.fromisoformat(since)
            out.setdefault(d, {})[(c, b)] = Progress(status_of[s], day, u, n, v, began)
        return out

    def history(
        self,
        keys: Iterable[TaskKey] | None = None,
        bodies: Iterable[str] | None = None,
        *,
        last: int | None = None,
        directives: Iterable[str] | None = None,
    ) -> list[Mark]:
        """Events oldest first: every one, or those of `keys`, and of `bodies` and of
        `directives` when given; only the `last` (most recent) ones when given.

        A table shows the latest events: at a million events, reading them all for it took
        6 s and 1 GB.
        """
        narrowed = _narrowed(bodies, directives)
        if narrowed is None:
            return []
        where, params = narrowed
        if keys is None:
            sql = f"SELECT {COLUMNS} FROM events{where} ORDER BY id"
            if last is not None:  # the newest `last`, still returned oldest first
                sql = (
                    f"SELECT * FROM (SELECT {COLUMNS} FROM events{where} ORDER BY id DESC"
                    " LIMIT ?) ORDER BY id"
                )
                params.append(max(last, 0))
            return [row_to_mark(r) for r in self._rows(sql, params)]
        only = None if bodies is None else set(bodies)
        within = None if directives is None else set(directives)
        out: list[Mark] = []
        for directive, clause, body in keys:
            if (only is not None and body not in only) or (
                within is not None and directive not in within
            ):
                continue
            out.extend(
                row_to_mark(r)
                for r in self._read(
                    f"SELECT {COLUMNS} FROM events WHERE directive = ? AND clause = ? AND body = ?"
                    " ORDER BY id",
                    (directive, clause, body),
                )
            )
        out.sort(key=lambda m: m.id)
        if last is not None:
            out = out[-last:] if last > 0 else []
        return out

    def count_history(
        self, bodies: Iterable[str] | None = None, *, directives: Iterable[str] | None = None
    ) -> int:
        """How many events history(bodies=..., directives=...) holds, without reading them."""
        narrowed = _narrowed(bodies, directives)
        if narrowed is None:
            return 0
        where, params = narrowed
        rows = self._read(f"SELECT count(*) FROM events{where}", params)
        return int(rows[0][0]) if rows else 0

    def states_as_of(
        self, day: date, bodies: Iterable[str] | None = None, *, details: bool = True
    ) -> dict[str, dict[tuple[str, str], Progress]]:
        """state_as_of(directive, day) for every directive, from one snapshot; only the tasks
        of `bodies` when given; updated_at, note and evidence only with `details`.

        A task with nothing effective after `day` stands as `current` says (its latest mark
        is on or before `day`); only tasks marked effective after `day` are replayed from the
        history. A report of last week thus reads the small `current` table, not a million
        events (the replay took seconds at province scale).
        """
        if not self.exists and not self._conn:
            return {}
        only: tuple[str, ...] | None = None
        if bodies is not None:
            only = tuple(sorted(set(bodies)))
            if not only:
                return {}
        # The bodies' rows only, through the body indexes of `current` and `events`.
        body_in = f"body IN ({','.join('?' * len(only))})" if only else ""
        params: tuple[str, ...] = only or ()
        iso = day.isoformat()
        status_of = {s.value: s for s in Status}
        day_of: dict[str, date] = {}  # a few hundred distinct days for 100k rows
        out: dict[str, dict[tuple[str, str], Progress]] = {}
        conn = self._connect()
        try:
            conn.execute("BEGIN")  # both reads from one snapshot while others write
            try:
                # Not DISTINCT: for that SQLite scans a whole covering index of `events`
                # (70 ms at a million events); the set removes the duplicates instead.
                later = set(
                    conn.execute(
                        "SELECT directive, clause, body FROM events WHERE effective_on > ?"
                        + (f" AND {body_in}" if only else ""),
                        (iso, *params),
                    )
                )
                columns = details_columns(details)
                for d, c, b, s, e, u, n, v, since in conn.execute(
                    f"SELECT directive, clause, body, status, effective_on, {columns},"
                    " since FROM current" + (f" WHERE {body_in}" if only else ""),
                    params,
                ):
                    if (d, c, b) not in later:
                        day = day_of.get(e) or day_of.setdefault(e, date.fromisoformat(e))
                        out.setdefault(d, {})[(c, b)] = Progress(
                            status_of[s], day, u, n, v, since_of(since, e)
                        )
                touched = sorted({d for d, _, _ in later})
                if touched:
                    marks = ",".join("?" * len(touched))
                    for d, c, b, s, e, r, n, v in conn.execute(
                        "SELECT directive, clause, body, status, effective_on,"
                        f" {details_columns(details, 'recorded_at')} FROM events"
                        f" WHERE directive IN ({marks})"
                        f" AND effective_on <= ? AND {STATUS_EFFECTIVE}"
                        + (f" AND {body_in}" if only else "")
                        + " ORDER BY effective_on, id",
                        (*touched, iso, *params),
                    ):
                        if (d, c, b) in later:
                            tasks = out.setdefault(d, {})
                            tasks[(c, b)] = replayed(
                                tasks.get((c, b)), status_of[s], date.fromisoformat(e), r, n, v
                            )
            finally:
                _rollback(conn)
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, self.path)) from None
        return out

    # -- writes ----------------------------------------------------------------------------

    def check_may_record(self, marks: Iterable[NewMark]) -> None:
        return None  # a file has no logins: whoever may write the file may record

    def check_may_undo(self, marks: Iterable[Mark]) -> None:
        return None

    def record(self, marks: list[NewMark], recorded_at: str) -> list[Mark]:
        """Append marks as one batch, all or nothing; return them as stored."""
        if not marks:
            return []
        with self._write() as conn:
            return _APPEND.record(conn, marks, recorded_at)

    def batch_in_force(self, batch: int | None = None, of: str | None = None) -> list[Mark]:
        """The marks still in force of batch `batch`, or of the newest batch that has any
        (recorded by `of`, when given); [] when there is none."""
        if not self.exists and not self._conn:
            return []
        conn = self._connect()
        try:
            target = _APPEND.batch_to_undo(conn, batch, of)
            return [] if target is None else _APPEND.batch(conn, target, in_force=True)
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, self.path)) from None

    def undo_last(
        self, by: str, recorded_at: str, *, batch: int | None = None, of: str | None = None
    ) -> list[Mark]:
        """Void a batch of marks still in force: `batch`, else the newest one (of `of`'s, when
        given); [] when there is none. The undo is recorded by `by`."""
        with self._write() as conn:
            return _APPEND.undo(conn, by, recorded_at, batch, of)

    # -- maintenance -----------------------------------------------------------------------

    def check(self) -> list[str]:
        """Integrity problems: SQLite's own check, the hash chain, the triggers, and `current`
        versus a replay of history."""
        return self.verify().problems

    def verify(self, head: tuple[int | None, str] | None = None) -> Verdict:
        """Every check of `verify.py` on one snapshot, and whether the history still holds
        `head` (an event id, or None for any, and its chain) when one is given."""
        if not self.exists and not self._conn:
            return Verdict(0, chain.Head(0, chain.GENESIS))
        conn = self._connect()
        try:
            # One read transaction: history and `current` from the same snapshot while
            # others keep writing.
            conn.execute("BEGIN")
            try:
                return verify(conn, head)
            finally:
                _rollback(conn)
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, self.path)) from None

    def restore(self, source: Path) -> int:
        """Replace this database by the checked backup `source`; the events it now holds."""
        from .backup import restore_database

        if self.is_file(source):
            raise InvalidInput(t("db.backup_onto_itself", path=source))
        return restore_database(self._connect(), self.path, source)

    def export_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every event as stored, in id order, from one snapshot (db copy)."""
        if self.exists:
            yield from sqlite_copy.export_rows(self._connect())

    def import_rows(self, rows: Iterable[tuple[Any, ...]], tick: Callable[[int], None]) -> None:
        """Fill this empty history with `rows` as they are, in one transaction (db copy)."""
        with self._write() as conn:
            sqlite_copy.import_rows(conn, str(self.path), rows, tick)

    def backup(self, dest: Path, *, overwrite: bool = False) -> int:
        """Copy the database to `dest` while others write (see backup.copy_database); return
        the events copied."""
        if not self.exists:
            raise StoreError(t("err.no_database", path=self.path))
        source = self._connect()
        dest = Path(os.path.abspath(dest))
        if self.is_file(dest):
            raise OutputError(t("db.backup_onto_itself", path=dest))
        from .backup import copy_database  # only backups need it

        return copy_database(source, self.path, dest, overwrite)


_WARNED: set[str] = set()  # databases already warned about in this process


def _may_write(path: Path) -> bool:
    """Whether this process could write the file and its journal beside it."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _read_only(path: Path) -> sqlite3.Connection:
    """The database opened for reading only, as it is; refused when it would need migrating.

    On a read-only filesystem nobody writes it, so SQLite may treat it as immutable: a WAL
    database there cannot make the shared-memory file its readers otherwise need.
    """
    immutable = _read_only_filesystem(path)
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if schema_version(conn, path) < SCHEMA_VERSION:
            raise StoreError(t("db.read_only_old", path=path))
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise StoreError(explain(exc, path)) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


def _read_only_filesystem(path: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)  # not on Windows: there, read-only mode alone
    if statvfs is None:
        return False
    try:
        return bool(statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open; SQLite may already have (disk full, I/O)."""
    if conn.in_transaction:
        # The transaction may be gone with the error that ended it.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _narrowed(
    bodies: Iterable[str] | None, directives: Iterable[str] | None
) -> tuple[str, list[object]] | None:
    """reads.narrowed as a WHERE clause (empty, or with its leading space): one placeholder
    a value, as SQLite has no arrays."""
    found = narrowed(bodies, directives, _member)
    if found is None:
        return None
    conditions, params = found
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def _member(column: str, wanted: list[str]) -> tuple[str, list[object]]:
    return f"{column} IN ({','.join('?' * len(wanted))})", list(wanted)
