"""A whole history from one store into another, checked: `directive db copy` (a file to a
server, a server to a file) and a server's `backup` (a SQLite copy)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import replacing
from ..errors import HistoryTampered, StoreError
from ..i18n import t

if TYPE_CHECKING:
    from . import ProgressStore
    from .chain import Verdict


def _nothing(n: int) -> None:
    pass


def copy_history(
    source: ProgressStore, target: ProgressStore, tick: Callable[[int], None] = _nothing
) -> Verdict:
    """Copy every event of `source` into the empty `target`, then check the target: sound,
    the same events and the same chain head as the source. Returns the target's verdict.

    The source is checked first (a tampered history is not copied); the target is written in
    one transaction, so a failure leaves it empty.
    """
    before = source.verify()
    if before.problems:
        raise HistoryTampered(t("copy.source_fails", where=source.path, problem=before.problems[0]))
    if target.exists and target.count_events():
        raise StoreError(t("copy.not_empty", where=target.path))
    target.import_rows(source.export_rows(), tick)
    after = target.verify()
    if after.problems:
        raise StoreError(t("copy.target_fails", where=target.path, problem=after.problems[0]))
    if after.head != before.head:
        # Another clerk may have written between the check and the snapshot read: then the
        # target must still hold every event the source held when it was checked.
        later = source.verify(head=(before.head.event, before.head.chain))
        held = target.verify(head=(before.head.event, before.head.chain))
        if after.events < before.events or later.problems or held.problems:
            raise StoreError(t("copy.differs", where=target.path, head=after.head))
    return after


def backup_to_file(source: ProgressStore, dest: Path, overwrite: bool) -> int:
    """A verified SQLite copy of `source` at `dest`, put in place whole or not at all; the
    events copied. FileExistsError when `dest` exists and `overwrite` is not given."""
    import errno

    from .sqlite import SqliteStore

    if dest.exists() and not overwrite:
        raise FileExistsError(errno.EEXIST, "file exists", str(dest))
    with replacing(dest, overwrite=overwrite, mode=0o600) as tmp:
        copy = SqliteStore(tmp)
        try:
            verdict = copy_history(source, copy)
            copy.close()
        finally:
            copy.close()
        _single_file(tmp)
    return verdict.events


def _single_file(path: Path) -> None:
    """One self-contained file: no -wal beside the copy."""
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.unlink(f"{path}{suffix}")
