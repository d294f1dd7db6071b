"""How rows of the SQLite history become marks and states (shared by reads and checks)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from ..model import Mark, Progress, Status

EFFECTIVE = "undoes IS NULL AND id NOT IN (SELECT undoes FROM events WHERE undoes IS NOT NULL)"
# The events that decide a status: an extension (issue 15) moves a due date and leaves it be.
STATUS_EFFECTIVE = f"{EFFECTIVE} AND extends_to IS NULL"
COLUMNS = (
    "id, directive, clause, body, status, previous_status, effective_on, recorded_at, by, "
    "note, evidence, batch, undoes, period, extends_to"
)


def details_columns(details: bool, stamp: str = "updated_at") -> str:
    """The columns a state's details come from, or NULLs in their place.

    Counting (summary, report) and a table need only status and dates. At 100,000 tasks the
    notes, evidence and time stamps held ~60 MB that nothing read.
    """
    return f"{stamp}, note, evidence" if details else "NULL, NULL, NULL"


def since_of(since: str | None, effective: str) -> date | None:
    """Progress.since from the stored column: None when the status began with its last mark."""
    return None if since is None or since == effective else date.fromisoformat(since)


def replayed(
    before: Progress | None,
    status: Status,
    effective: date,
    recorded: str,
    note: str | None,
    evidence: str | None,
) -> Progress:
    """The state after one more mark, in effective order: `since` stays while the status does."""
    if before is not None and before.status is status:
        since = before.since or before.effective_on
    else:
        since = effective
    return Progress(
        status, effective, recorded, note, evidence, since if since != effective else None
    )


def row_to_mark(row: tuple[Any, ...]) -> Mark:
    (
        id_,
        directive,
        clause,
        body,
        status,
        previous,
        effective,
        recorded,
        by,
        note,
        evidence,
        batch,
        undoes,
        period,
        extends_to,
    ) = row
    return Mark(
        id=int(id_),
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
        batch=int(batch),
        undoes=int(undoes) if undoes is not None else None,
        period=period if period is None else str(period),
        extends_to=None if extends_to is None else date.fromisoformat(str(extends_to)),
    )


def refresh_current(conn: sqlite3.Connection, key: tuple[str, str, str]) -> None:
    """Rewrite `current` for one task from the events that decide its status."""
    rows = conn.execute(
        f"SELECT id, status, effective_on, recorded_at, note, evidence FROM events"
        f" WHERE directive = ? AND clause = ? AND body = ? AND {STATUS_EFFECTIVE}"
        f" ORDER BY effective_on DESC, id DESC",
        key,
    )
    row = rows.fetchone()
    if row is None:
        conn.execute("DELETE FROM current WHERE directive = ? AND clause = ? AND body = ?", key)
        return
    since = row[2]
    for _, status, effective, *_ in rows:  # back through the run of the same status
        if status != row[1]:
            break
        since = effective
    conn.execute(
        "INSERT OR REPLACE INTO current (directive, clause, body, status, effective_on,"
        " event_id, updated_at, note, evidence, since) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (*key, row[1], row[2], row[0], row[3], row[4], row[5], since),
    )
