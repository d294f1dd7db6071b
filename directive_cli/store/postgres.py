"""The progress store on a PostgreSQL server, shared by many clerks: the only module that
speaks PostgreSQL's SQL for the history (pg_schema.py holds the schema).

The same history as the SQLite store (store/sqlite.py): events appended, never changed (the
server refuses UPDATE, DELETE and TRUNCATE), `current` kept beside them (by the server's
trigger here), the same hash chain. Every write is one transaction under one advisory lock,
so ids and the chain follow one another; reads never wait. Who may write which body is the
server's to decide (row-level security, pg_schema.py); a refusal names the body and the login.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..i18n import t
from ..model import Mark, Progress, Status
from ..text import nfc
from . import NewMark, TaskKey, chain
from .appending import Appender
from .chain import Verdict
from .migrations import CHAIN_COLUMNS, SCHEMA_VERSION
from .pg_connect import check_url, driver, explain, migrate, shown, version
from .pg_schema import EVERY_BODY, REBUILD_CURRENT, WRITE_LOCK
from .reads import EventReads, narrowed
from .rows import (
    COLUMNS,
    STATUS_EFFECTIVE,
    details_columns,
    replayed,
    row_to_mark,
    since_of,
)

CONNECT_TIMEOUT_S = 10


class PostgresStore(EventReads):
    """Progress in a PostgreSQL database named by a URL (postgresql://user@host/db)."""

    PLACEHOLDER = "%s"  # psycopg's

    def __init__(
        self,
        url: str,
        *,
        create: bool = True,
        on_warning: Callable[[str], None] | None = None,
        announce_new: bool = False,
    ) -> None:
        scheme, sep, rest = url.strip().partition("://")
        check_url(url)
        self.url = scheme.lower() + sep + rest  # libpq reads "postgresql://" in lower case only
        self.path = shown(self.url)  # what messages say: never the password
        self.announce_new = announce_new
        self.on_warning = on_warning
        self._create = create
        self._conn: Any = None
        self._version = 0
        self._login: str | None = None

    # -- connection ------------------------------------------------------------------------

    @property
    def exists(self) -> bool:
        """Whether the database holds a history (our schema), not merely whether it exists."""
        self._connect()
        return self._version > 0

    @property
    def schema_version(self) -> int:
        """The schema steps this database has had (0: none yet)."""
        self._connect()
        return self._version

    @property
    def login(self) -> str:
        """Who the server says this connection is: the `by` of every event it writes."""
        self._connect()
        assert self._login is not None
        return self._login

    def is_file(self, other: Path) -> bool:
        return False  # no file is the server's database

    is_empty_file = False  # a server's database is there or not

    def _connect(self) -> Any:
        if self._conn is not None:
            return self._conn
        psycopg = driver()
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StoreError(explain(exc, self.url, connecting=True)) from None
        try:
            self._version = version(conn, self.url)
            if 0 < self._version < SCHEMA_VERSION:
                self._version = migrate(conn, self.url)
            self._login = str(conn.execute("SELECT current_user").fetchone()[0])
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(explain(exc, self.url)) from None
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _ready(self) -> Any:
        """The connection, with the schema in place (created by the owner on first write)."""
        conn = self._connect()
        if self._version == 0:
            try:
                self._version = migrate(conn, self.url)
            except driver().Error as exc:
                self._lost()
                raise StoreError(explain(exc, self.url)) from None
            if self.announce_new and self.on_warning is not None:
                self.on_warning(t("db.created", path=self.path))
        return conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _lost(self) -> None:
        """Forget a connection the server closed: the next call opens a new one."""
        if self._conn is not None and self._conn.closed:
            self._conn = None

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One transaction holding the write lock; nothing of it stays if it fails."""
        conn = self._ready()
        psycopg = driver()
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                yield conn
        except psycopg.Error as exc:
            self._lost()
            raise StoreError(explain(exc, self.url)) from None

    @contextmanager
    def _snapshot(self) -> Iterator[Any]:
        """One read-only snapshot for reads that must agree while others write."""
        conn = self._connect()
        psycopg = driver()
        try:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield conn
        except psycopg.Error as exc:
            self._lost()
            raise StoreError(explain(exc, self.url)) from None

    def _read(self, sql: str, params: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        conn = self._connect()
        if self._version == 0:
            return []  # reading never creates the schema
        try:
            return list(conn.execute(sql, tuple(params)).fetchall())
        except driver().Error as exc:
            self._lost()
            raise StoreError(explain(exc, self.url)) from None

    # -- reads -----------------------------------------------------------------------------

    def current_of(self, keys: Iterable[TaskKey]) -> dict[TaskKey, Progress]:
        """The current state of these tasks (those ever marked), by primary key."""
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        rows = self._read(
            "SELECT c.directive, c.clause, c.body, status, effective_on, updated_at, note,"
            " evidence, since FROM current c JOIN unnest(%s::text[], %s::text[], %s::text[])"
            " AS k(directive, clause, body) USING (directive, clause, body)",
            ([k[0] for k in wanted], [k[1] for k in wanted], [k[2] for k in wanted]),
        )
        return {
            (d, c, b): _progress(s, e, u, n, v, since) for d, c, b, s, e, u, n, v, since in rows
        }

    def progress_of(
        self, bodies: Iterable[str] | None = None, *, details: bool = True
    ) -> dict[str, dict[tuple[str, str], Progress]]:
        """Latest state of every marked task, by directive; only `bodies`' tasks when given."""
        sql = (
            f"SELECT directive, clause, body, status, effective_on, {details_columns(details)},"
            " since FROM current"
        )
        params: tuple[object, ...] = ()
        if bodies is not None:
            only = sorted(set(bodies))
            if not only:
                return {}
            sql, params = sql + " WHERE body = ANY(%s)", (only,)
        out: dict[str, dict[tuple[str, str], Progress]] = {}
        for d, c, b, s, e, u, n, v, since in self._read(sql, params):
            out.setdefault(d, {})[(c, b)] = _progress(s, e, u, n, v, since)
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
        `directives` when given; only the `last` (most recent) ones when given."""
        narrowed = _narrowed(bodies, directives)
        if narrowed is None:
            return []
        where, params = narrowed
        if keys is not None:
            wanted = list(dict.fromkeys(keys))
            if not wanted:
                return []
            where.append(
                "(directive, clause, body) IN (SELECT * FROM unnest(%s::text[], %s::text[],"
                " %s::text[]))"
            )
            params += [[k[0] for k in wanted], [k[1] for k in wanted], [k[2] for k in wanted]]
        sql = f"SELECT {COLUMNS} FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        if last is not None:  # the newest `last`, still returned oldest first
            sql = f"SELECT * FROM ({sql} ORDER BY id DESC LIMIT %s) AS newest"
            params.append(max(last, 0))
        return [row_to_mark(r) for r in self._read(sql + " ORDER BY id", params)]

    def count_history(
        self, bodies: Iterable[str] | None = None, *, directives: Iterable[str] | None = None
    ) -> int:
        """How many events history(bodies=..., directives=...) holds, without reading them."""
        narrowed = _narrowed(bodies, directives)
        if narrowed is None:
            return 0
        where, params = narrowed
        if not where:
            return self.count_events()
        rows = self._read("SELECT count(*) FROM events WHERE " + " AND ".join(where), params)
        return int(rows[0][0]) if rows else 0

    def states_as_of(
        self, day: date, bodies: Iterable[str] | None = None, *, details: bool = True
    ) -> dict[str, dict[tuple[str, str], Progress]]:
        """state_as_of(directive, day) for every directive, from one snapshot; only `bodies`'
        tasks when given. Tasks with nothing effective after `day` stand as `current` says;
        only the others are replayed (the SQLite store's way, for the same reason)."""
        if not self.exists:
            return {}
        only: list[str] | None = None
        if bodies is not None:
            only = sorted(set(bodies))
            if not only:
                return {}
        body_in = " AND body = ANY(%s)" if only else ""
        params: tuple[object, ...] = (only,) if only else ()
        iso = day.isoformat()
        out: dict[str, dict[tuple[str, str], Progress]] = {}
        with self._snapshot() as conn:
            later = set(
                conn.execute(
                    "SELECT DISTINCT directive, clause, body FROM events"
                    " WHERE effective_on > %s" + body_in,
                    (iso, *params),
                )
            )
            columns = details_columns(details)
            for d, c, b, s, e, u, n, v, since in conn.execute(
                f"SELECT directive, clause, body, status, effective_on, {columns}, since"
                " FROM current WHERE true" + body_in,
                params,
            ):
                if (d, c, b) not in later:
                    out.setdefault(d, {})[(c, b)] = _progress(s, e, u, n, v, since)
            touched = sorted({d for d, _, _ in later})
            if touched:
                for d, c, b, s, e, r, n, v in conn.execute(
                    "SELECT directive, clause, body, status, effective_on,"
                    f" {details_columns(details, 'recorded_at')} FROM events"
                    f" WHERE directive = ANY(%s) AND effective_on <= %s AND {STATUS_EFFECTIVE}"
                    + body_in
                    + " ORDER BY effective_on, id",
                    (touched, iso, *params),
                ):
                    if (d, c, b) in later:
                        tasks = out.setdefault(d, {})
                        tasks[(c, b)] = replayed(
                            tasks.get((c, b)), Status(s), date.fromisoformat(e), r, n, v
                        )
        return out

    # -- writes ----------------------------------------------------------------------------

    def check_may_record(self, marks: Iterable[NewMark]) -> None:
        """The refusal the server's policy would give these marks, raised before any is
        written (the policy still decides: this only says it first)."""
        rights = self._rights()
        if rights is None:
            return
        for m in marks:
            if nfc(m.by) != self.login:
                raise StoreError(t("pg.by_not_login", by=m.by, login=self.login))
            if m.body not in rights and EVERY_BODY not in rights:
                raise StoreError(t("pg.body_refused", login=self.login, body=m.body))

    def check_may_undo(self, marks: Iterable[Mark]) -> None:
        """The refusal the server would give an undo of these marks: each must be the login's
        own, or the login granted every body; and of a body it may record."""
        rights = self._rights()
        if rights is None:
            return
        for m in marks:
            if m.by != self.login and EVERY_BODY not in rights:
                raise StoreError(t("pg.undo_not_yours", batch=m.batch, by=m.by, login=self.login))
            if m.body not in rights and EVERY_BODY not in rights:
                raise StoreError(t("pg.body_refused", login=self.login, body=m.body))

    def _rights(self) -> frozenset[str] | None:
        """The bodies this login may record ('*': every one); None when the server's policy
        does not apply to it (a superuser, BYPASSRLS) or there is no history yet."""
        if not self.exists:
            return None
        rows = self._read(
            "SELECT r.rolsuper OR r.rolbypassrls, a.body FROM pg_roles r"
            " LEFT JOIN access a ON a.login = r.rolname WHERE r.rolname = current_user"
        )
        if not rows or rows[0][0]:
            return None
        return frozenset(str(body) for _, body in rows if body is not None)

    def record(self, marks: list[NewMark], recorded_at: str) -> list[Mark]:
        """Append marks as one batch, all or nothing; return them as stored."""
        if not marks:
            return []
        with self._write() as conn:
            return self._appender.record(conn, marks, recorded_at)

    def batch_in_force(self, batch: int | None = None, of: str | None = None) -> list[Mark]:
        """The marks still in force of batch `batch`, or of the newest batch that has any
        (recorded by `of`, when given); [] when there is none."""
        if not self.exists:
            return []
        conn = self._connect()
        try:
            target = self._appender.batch_to_undo(conn, batch, of)
            return [] if target is None else self._appender.batch(conn, target, in_force=True)
        except driver().Error as exc:
            self._lost()
            raise StoreError(explain(exc, self.url)) from None

    def undo_last(
        self, by: str, recorded_at: str, *, batch: int | None = None, of: str | None = None
    ) -> list[Mark]:
        """Void a batch of marks still in force: `batch`, else the newest one (of `of`'s, when
        given); [] when there is none. Under the write lock: two undos never void one batch."""
        if not self.exists:
            return []
        with self._write() as conn:
            return self._appender.undo(conn, by, recorded_at, batch, of)

    @property
    def _appender(self) -> Appender:
        # `current` is the server's trigger's to keep: nothing follows an insert.
        return Appender("%s", self._insert_event)

    def _insert_event(self, conn: Any, sql: str, row: tuple[object, ...]) -> None:
        """Insert one chained event; a refusal of the server's policy names the body and the
        login."""
        try:
            conn.execute(sql, row)
        except driver().errors.InsufficientPrivilege:
            # The transaction is aborted and rolls back whole as this leaves `_write`; the
            # refusal is worded from what is known (no query can run in it any more).
            fields = dict(zip(chain.FIELDS, row, strict=False))
            raise StoreError(
                self._refusal(str(fields["body"]), str(fields["by"]), fields["undoes"])
            ) from None

    def _refusal(self, body: str, by: str, undoes: object) -> str:
        login = self._login or "?"
        if by != login:
            return t("pg.by_not_login", by=by, login=login)
        if undoes is not None:
            return t("pg.undo_refused", login=login, body=body)
        return t("pg.body_refused", login=login, body=body)

    # -- maintenance -----------------------------------------------------------------------

    def check(self) -> list[str]:
        """Integrity problems: the hash chain, the server's guards, `current` versus a replay."""
        return self.verify().problems

    def verify(self, head: tuple[int | None, str] | None = None) -> Verdict:
        """Every check of pg_verify.py on one snapshot; with `head`, whether it still holds."""
        if not self.exists:
            return Verdict(0, chain.Head(0, chain.GENESIS))
        from .pg_verify import verify

        with self._snapshot() as conn:
            return verify(conn, head)

    def backup(self, dest: Path, *, overwrite: bool = False) -> int:
        """A verified SQLite copy of the whole history at `dest` (db copy's way)."""
        if not self.exists:
            raise StoreError(t("err.no_database", path=self.path))
        from .copy import backup_to_file

        return backup_to_file(self, dest, overwrite)

    def restore(self, source: Path) -> int:
        """A server's history is never replaced in place: `db copy` fills an empty one."""
        raise StoreError(t("pg.no_restore", where=self.path, file=source))

    def export_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every event in id order, its values in chain.FIELDS order and its chain last, from
        one snapshot (db copy, backup)."""
        if not self.exists:
            return
        with self._snapshot() as conn:
            cur = conn.cursor(name="directive_export")  # streamed: a million events
            cur.itersize = 5000
            cur.execute(f"SELECT {CHAIN_COLUMNS}, chain FROM events ORDER BY id")
            yield from cur

    def import_rows(self, rows: Iterable[tuple[Any, ...]], tick: Callable[[int], None]) -> None:
        """Fill an empty history with `rows` as they are (ids and chains kept), in one
        transaction; `tick(n)` after every n events written.

        A superuser's copy streams the rows (COPY) with the row triggers off and builds
        `current` once at the end: a million events in a minute, not hours of one refresh
        per event. Any other login inserts them one by one, through the server's policy.
        """
        psycopg = driver()
        with self._write() as conn:
            if conn.execute("SELECT count(*) FROM events").fetchone()[0]:
                raise StoreError(t("copy.not_empty", where=self.path))
            fast = conn.execute(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone()[0]
            try:
                if fast:
                    _stream(conn, rows, tick)
                else:
                    _insert(conn, rows, tick)
            except psycopg.errors.InsufficientPrivilege:
                raise StoreError(t("copy.needs_all", where=self.path, login=self.login)) from None


def _stream(conn: Any, rows: Iterable[tuple[Any, ...]], tick: Callable[[int], None]) -> None:
    """COPY the rows in with the triggers off (a superuser's right), then build `current`."""
    conn.execute("SET LOCAL session_replication_role = replica")
    done = 0
    with conn.cursor() as cur, cur.copy(f"COPY events ({CHAIN_COLUMNS}, chain) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            done += 1
            if done % 5000 == 0:
                tick(5000)
    tick(done % 5000)
    conn.execute("SET LOCAL session_replication_role = origin")
    conn.execute("ANALYZE events")  # the planner's figures for the rebuild and the reads after
    # The planner cannot know how many tasks the history has (rows = 1): a nested loop over
    # a million events for each of them took minutes.
    conn.execute("SET LOCAL enable_nestloop = off")
    conn.execute(REBUILD_CURRENT)
    conn.execute("SET LOCAL enable_nestloop = on")


def _insert(conn: Any, rows: Iterable[tuple[Any, ...]], tick: Callable[[int], None]) -> None:
    """Insert the rows one by one: the server's policy and triggers see every one."""
    marks = ",".join(["%s"] * (len(chain.FIELDS) + 1))
    sql = f"INSERT INTO events ({CHAIN_COLUMNS}, chain) VALUES ({marks})"
    chunk: list[tuple[Any, ...]] = []
    with conn.cursor() as cur:
        for row in rows:
            chunk.append(tuple(row))
            if len(chunk) == 1000:
                cur.executemany(sql, chunk)
                tick(len(chunk))
                chunk.clear()
        if chunk:
            cur.executemany(sql, chunk)
            tick(len(chunk))


def _progress(
    s: str, e: str, u: str | None, n: str | None, v: str | None, since: str | None
) -> Progress:
    return Progress(Status(s), date.fromisoformat(e), u, n, v, since_of(since, e))


def _narrowed(
    bodies: Iterable[str] | None, directives: Iterable[str] | None
) -> tuple[list[str], list[object]] | None:
    """reads.narrowed in the server's SQL: one array parameter a column."""
    return narrowed(bodies, directives, lambda column, wanted: (f"{column} = ANY(%s)", [wanted]))
