"""A verified copy of a SQLite progress database, made while clerks keep writing."""

from __future__ import annotations

import errno
import os
import sqlite3
from itertools import count
from pathlib import Path

from ..atomic import replacing
from ..errors import HistoryTampered, StoreError
from ..i18n import t
from .diagnostics import explain, is_output_error
from .verify import verify


def copy_database(
    source: sqlite3.Connection, source_path: Path, dest: Path, overwrite: bool
) -> int:
    """Copy the open database `source` to `dest`; return the events copied.

    SQLite's online backup API writes a snapshot into a temporary file beside `dest`; the
    copy is checked, flushed to disk, then renamed into place, so `dest` is either the old
    file or a complete, verified copy. Without `overwrite` an existing `dest` raises
    FileExistsError. A problem writing `dest` raises OSError; a problem with the database
    itself raises StoreError.
    """
    if dest.exists() and not overwrite:
        raise FileExistsError(errno.EEXIST, "file exists", str(dest))
    # As readable as the database (the temporary file is owner-only).
    mode = source_path.stat().st_mode & 0o777
    with replacing(dest, overwrite=overwrite, mode=mode) as tmp:
        try:
            target = sqlite3.connect(tmp, isolation_level=None)
        except sqlite3.Error as exc:
            raise OSError(errno.EIO, str(exc), str(dest)) from None
        try:
            try:
                source.backup(target)
                # One self-contained file: no -wal beside the copy.
                target.execute("PRAGMA journal_mode = DELETE")
            except sqlite3.Error as exc:
                if is_output_error(exc):
                    raise OSError(errno.EIO, str(exc), str(dest)) from None
                raise StoreError(explain(exc, source_path)) from None
            try:
                found = verify(target)
                events = int(target.execute("SELECT count(*) FROM events").fetchone()[0])
            except sqlite3.Error as exc:
                raise StoreError(explain(exc, source_path)) from None
        finally:
            target.close()
        if found.damaged:
            problem = found.damaged[0]
            raise StoreError(t("db.copy_fails", path=source_path, problem=problem, dest=dest))
        if found.tampered:
            # The same refusal as `directive verify`: a copy of an edited history is no backup.
            problem = found.tampered[0]
            raise HistoryTampered(t("db.copy_fails", path=source_path, problem=problem, dest=dest))
    return events


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (by path, or as the same file on disk)."""
    if os.path.abspath(a) == os.path.abspath(b):
        return True
    return a.exists() and b.exists() and os.path.samefile(a, b)


def backup_events(path: Path) -> int:
    """Check a backup file without changing it; its event count, or StoreError saying why it
    cannot be restored (not ours, damaged, or newer than this tool)."""
    from .migrations import SCHEMA_VERSION

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(explain(exc, path)) from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "events" not in tables or not 1 <= version <= SCHEMA_VERSION:
            raise StoreError(t("restore.not_ours", path=path))
        found = verify(conn)
        if found.damaged:
            raise StoreError(t("restore.damaged", path=path, problem=found.damaged[0]))
        if found.tampered:
            # Exit 9 as `verify` gives: an edited history is not put back as the record.
            raise HistoryTampered(t("restore.damaged", path=path, problem=found.tampered[0]))
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    except sqlite3.Error as exc:
        raise StoreError(explain(exc, path)) from None
    finally:
        conn.close()


def kept_name(database: Path) -> Path:
    """Where a restore keeps the database as it was: `…-before-restore.db`, or the first
    `…-before-restore-N.db` not taken. A second restore must not replace the first one's
    copy: it may hold the only record of marks made between the two."""
    for n in count(1):
        kept = database.with_name(f"{database.stem}-before-restore{f'-{n}' if n > 1 else ''}.db")
        if not kept.exists():
            return kept
    raise AssertionError("unreachable: count() does not end")


def restore_database(target: sqlite3.Connection, target_path: Path, source: Path) -> int:
    """Put the checked backup `source` in place of the open database `target`.

    SQLite's backup API writes into `target` under its write lock: while another clerk
    writes, it waits the busy timeout and then fails, and the database is left as it was.
    """
    events = backup_events(source)
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.backup(target)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(explain(exc, target_path)) from None
    return events
