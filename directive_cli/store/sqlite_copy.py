"""A SQLite history's side of `db copy` and of a server's backup: every event read out as it
is stored, or an empty history filled with events as they were (ids and chains kept)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..errors import StoreError
from ..i18n import t
from . import chain
from .migrations import CHAIN_COLUMNS
from .rows import refresh_current


def export_rows(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """Every event in id order, values in chain.FIELDS order then the chain, from one
    snapshot (a read transaction while others write)."""
    conn.execute("BEGIN")
    try:
        yield from conn.execute(f"SELECT {CHAIN_COLUMNS}, chain FROM events ORDER BY id")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def import_rows(
    conn: sqlite3.Connection,
    where: str,
    rows: Iterable[tuple[Any, ...]],
    tick: Callable[[int], None],
) -> None:
    """Fill the empty history of `conn` (inside the caller's write transaction) with `rows`;
    `current` is rebuilt once per task at the end, not after every event."""
    if conn.execute("SELECT count(*) FROM events").fetchone()[0]:
        raise StoreError(t("copy.not_empty", where=where))
    marks = ",".join("?" * (len(chain.FIELDS) + 1))
    sql = f"INSERT INTO events ({CHAIN_COLUMNS}, chain) VALUES ({marks})"
    keys: set[tuple[str, str, str]] = set()
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(tuple(row))
        keys.add((row[2], row[3], row[4]))
        if len(chunk) == 5000:
            conn.executemany(sql, chunk)
            tick(len(chunk))
            chunk.clear()
    if chunk:
        conn.executemany(sql, chunk)
        tick(len(chunk))
    for key in sorted(keys):
        refresh_current(conn, key)
