"""How a batch of marks, or an undo, becomes events: worded once for both stores.

The two stores append the same events, with the same `previous_status`, batch numbers and
chain, from the same SQL; only the placeholder differs (`?` for sqlite3, `%s` for psycopg),
so the SQL here is written with `?` and each store gives its own. What differs stays with the
store, as the two callables of `Appender`: how one row is inserted (the server words a
refusal of its policy) and what follows it (SQLite keeps `current` itself; the server's
trigger does).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Mark, Status
from ..text import nfc
from . import NewMark, TaskKey, chain
from .migrations import CHAIN_COLUMNS
from .rows import COLUMNS, EFFECTIVE, STATUS_EFFECTIVE, row_to_mark

# Later than any effective date: "the status in force now", whatever was marked ahead.
_END = "9999-12-31"


@dataclass(frozen=True)
class Appender:
    """One store's way of appending inside its write transaction.

    `insert(conn, sql, row)` runs the INSERT of one chained event; `after(conn, key)` runs
    once the event is in (None: nothing to do).
    """

    placeholder: str
    insert: Callable[[Any, str, tuple[object, ...]], None]
    after: Callable[[Any, TaskKey], None] | None = None

    def sql(self, text: str) -> str:
        """`text` (written with `?`) in this store's placeholder."""
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def fetch(self, conn: Any, text: str, params: Sequence[object] = ()) -> Any:
        return conn.execute(self.sql(text), tuple(params))

    # -- the batch -------------------------------------------------------------------------

    def record(self, conn: Any, marks: list[NewMark], recorded_at: str) -> list[Mark]:
        """Append `marks` as one new batch; return them as stored."""
        batch = self.fetch(conn, "SELECT coalesce(max(batch), 0) + 1 FROM events").fetchone()[0]
        for m in marks:
            key = (m.directive, m.clause, m.body)
            when = m.effective_on.isoformat()
            previous = self.status_before(conn, key, when, period=m.period)
            values = (batch, *key, m.status.value, previous, when, recorded_at, nfc(m.by))
            extends = m.extends_to.isoformat() if m.extends_to else None
            details = (_nfc(m.note), _nfc(m.evidence), None, m.period, extends)
            self.append(conn, key, (*values, *details))
        return self.batch(conn, batch)

    def undo(
        self, conn: Any, by: str, recorded_at: str, batch: int | None, of: str | None
    ) -> list[Mark]:
        """Void a batch still in force (`batch`, else the newest, of `of`'s when given) with
        one new batch of events pointing at its marks; [] when there is none."""
        chosen = self.batch_to_undo(conn, batch, of)
        if chosen is None:
            return []
        target = self.batch(conn, chosen, in_force=True)
        new_batch = self.fetch(conn, "SELECT max(batch) + 1 FROM events").fetchone()[0]
        for m in target:
            key = (m.directive, m.clause, m.body)
            # A period's own statuses, not the task's latest mark of any period.
            before = (
                self.current_status(conn, key)
                if m.period is None
                else self.status_before(conn, key, _END, period=m.period)
            )
            after = self.status_before(conn, key, _END, exclude=m.id, period=m.period)
            day, ext = m.effective_on.isoformat(), m.extends_to and m.extends_to.isoformat()
            values = (new_batch, *key, after, before, day, recorded_at, nfc(by))
            self.append(conn, key, (*values, None, None, m.id, m.period, ext))
        return self.batch(conn, new_batch)

    def batch(self, conn: Any, batch: int, *, in_force: bool = False) -> list[Mark]:
        """The events of one batch in id order (only those not undone: `in_force`)."""
        still = f" AND {EFFECTIVE}" if in_force else ""
        rows = self.fetch(
            conn, f"SELECT {COLUMNS} FROM events WHERE batch = ?{still} ORDER BY id", (batch,)
        ).fetchall()
        return [row_to_mark(r) for r in rows]

    def batch_to_undo(self, conn: Any, batch: int | None, of: str | None) -> int | None:
        """`batch` if any of its marks is still in force, else the newest such batch (of the
        marks `of` recorded, when given); None when there is none."""
        if batch is not None:
            row = self.fetch(
                conn, f"SELECT batch FROM events WHERE batch = ? AND {EFFECTIVE} LIMIT 1", (batch,)
            ).fetchone()
            return None if row is None else int(row[0])
        if of is not None:
            row = self.fetch(
                conn, f"SELECT max(batch) FROM events WHERE by = ? AND {EFFECTIVE}", (nfc(of),)
            ).fetchone()
        else:
            row = self.fetch(conn, f"SELECT max(batch) FROM events WHERE {EFFECTIVE}").fetchone()
        return None if row[0] is None else int(row[0])

    # -- one event -------------------------------------------------------------------------

    def append(self, conn: Any, key: TaskKey, values: tuple[object, ...]) -> int:
        """Append one event (values in chain.FIELDS order, less the id) chained to the last;
        its id. Inside the write transaction: no other writer comes between."""
        last = self.fetch(conn, "SELECT id, chain FROM events ORDER BY id DESC LIMIT 1").fetchone()
        event_id = int(last[0]) + 1 if last else 1
        event = (event_id, *values)
        chained = chain.link(str(last[1] or "") if last else chain.GENESIS, event)
        marks = ",".join("?" * (len(chain.FIELDS) + 1))
        sql = self.sql(f"INSERT INTO events ({CHAIN_COLUMNS}, chain) VALUES ({marks})")
        self.insert(conn, sql, (*event, chained))
        if self.after is not None:
            self.after(conn, key)
        return event_id

    def current_status(self, conn: Any, key: TaskKey) -> str:
        row = self.fetch(
            conn, "SELECT status FROM current WHERE directive = ? AND clause = ? AND body = ?", key
        ).fetchone()
        return str(row[0]) if row else Status.TODO.value

    def status_before(
        self,
        conn: Any,
        key: TaskKey,
        effective_on: str,
        exclude: int = 0,
        period: str | None = None,
    ) -> str:
        """Status in force on `effective_on` from the marks that count (but `exclude`); of one
        period's marks when `period` is given."""
        of_period = " AND period = ?" if period is not None else ""
        row = self.fetch(
            conn,
            "SELECT status FROM events WHERE directive = ? AND clause = ? AND body = ?"
            f" AND effective_on <= ? AND id <> ? AND {STATUS_EFFECTIVE}{of_period}"
            " ORDER BY effective_on DESC, id DESC LIMIT 1",
            (*key, effective_on, exclude, *((period,) if period is not None else ())),
        ).fetchone()
        return str(row[0]) if row else Status.TODO.value


def plain_insert(conn: Any, sql: str, row: tuple[object, ...]) -> None:
    conn.execute(sql, row)


def _nfc(value: str | None) -> str | None:
    return None if value is None else nfc(value)
