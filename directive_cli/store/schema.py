"""A SQLite file's schema: whose it is, how far it is migrated, and the migrations applied."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from ..errors import StoreError
from ..i18n import t
from .migrations import MIGRATIONS, SCHEMA_VERSION


def schema_version(conn: sqlite3.Connection, path: Path) -> int:
    """The steps this database has had; refused when it is newer, damaged or not ours."""
    # One statement, one snapshot: read apart, another clerk's commit of a new database
    # could fall between the version and the tables, and look like a foreign file.
    row = conn.execute(
        "SELECT user_version, (SELECT group_concat(name, char(31)) FROM sqlite_master)"
        " FROM pragma_user_version"
    ).fetchone()
    version = int(row[0])
    if version > SCHEMA_VERSION:
        raise StoreError(t("db.newer", path=path, version=version, ours=SCHEMA_VERSION))
    if version < 0:
        # Steps are counted from 0: a negative count is a damaged header, and re-running
        # old steps on a history would fail halfway or, worse, succeed.
        raise StoreError(t("db.bad_version", path=path, version=version))
    tables = set(str(row[1]).split("\x1f")) if row[1] else set()
    ours = "events" in tables and "current" in tables
    if (version == 0 and tables) or (version > 0 and not ours):
        # Another application's database: adding our tables to it would leave both
        # programs with a file neither expects.
        raise StoreError(t("db.not_ours", path=path))
    return version


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Apply the steps the database has not had yet, all in one transaction."""
    if schema_version(conn, path) == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the lock: another process may have migrated meanwhile.
        for step in range(schema_version(conn, path), SCHEMA_VERSION):
            for action in MIGRATIONS[step].statements:
                if isinstance(action, str):
                    conn.execute(action)
                else:
                    action(conn)
            conn.execute(f"PRAGMA user_version = {step + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
