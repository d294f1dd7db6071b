"""The progress store: what commands may ask of a history, and the one place a store is chosen.

Commands see only `ProgressStore`; `open_store` picks the backend from what names it: a path is
SQLite (the embedded default), a postgresql:// URL a shared PostgreSQL server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..model import Mark, Progress, Status
from .chain import Verdict

if TYPE_CHECKING:
    from .pg_access import ServerAccess


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
    period: str | None = None  # the period of a recurring obligation ("2023-06")
    extends_to: date | None = None  # an extension: the new due date (the status stays)


TaskKey = tuple[str, str, str]
SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_url(where: object) -> bool:
    """Whether `where` names a PostgreSQL database (a URL) rather than a SQLite file."""
    return isinstance(where, str) and where.strip().lower().startswith(SERVER_SCHEMES)


# A scheme of two letters or more and a slash ("postgressql://", "psql:/"): a drive letter
# (C:/, C:\) is one letter. And what a mistyped server URL begins with ("postgresql//").
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]+:/|^(?:postgres(?:ql)?|psql|pgsql)(?::|//)", re.I)
# libpq's other way of naming a server, "host=… dbname=… password=…".
_KEYWORDS = re.compile(r"(?:^|\s)(?:host|hostaddr|dbname|user|password|port|service)\s*=", re.I)


def where_of(value: str) -> Path | str:
    """What `--db` names: a server's URL (kept as typed), else a file's path.

    A value that looks like a server but is not a postgresql:// URL is refused: taken as a
    path it would start a new file named after it, the clerk's marks would stay on this
    computer, and the warnings would print its password.
    """
    from ..errors import InvalidInput
    from ..i18n import t
    from .pg_connect import masked

    text = value.strip()
    if is_url(text):
        return value
    if _SCHEME.match(text) or _KEYWORDS.search(text):
        raise InvalidInput(t("db.not_a_url", value=masked(text)))
    return Path(value)


# (directive, clause, body)


class ProgressStore(Protocol):
    """What the commands need from a store."""

    @property
    def path(self) -> Path | str: ...  # a file, or a server's URL as shown (no password)
    @property
    def exists(self) -> bool: ...
    @property
    def login(self) -> str | None: ...  # who the server says writes; None for a file
    @property
    def is_empty_file(self) -> bool: ...  # a file of 0 bytes: there, yet no history
    def is_file(self, other: Path) -> bool: ...
    def progress(self, directive: str) -> dict[tuple[str, str], Progress]: ...
    def current_of(self, keys: Iterable[TaskKey]) -> dict[TaskKey, Progress]: ...
    def progress_of(
        self, bodies: Iterable[str] | None = None, *, details: bool = True
    ) -> dict[str, dict[tuple[str, str], Progress]]: ...
    # The server's refusal of these marks, or of undoing these, said before anything else
    # (a mark identical to the last is otherwise "nothing to record", exit 0); a file: none.
    def check_may_record(self, marks: Iterable[NewMark]) -> None: ...
    def check_may_undo(self, marks: Iterable[Mark]) -> None: ...
    def record(self, marks: list[NewMark], recorded_at: str) -> list[Mark]: ...
    def undo_last(
        self, by: str, recorded_at: str, *, batch: int | None = None, of: str | None = None
    ) -> list[Mark]: ...
    def batch_in_force(self, batch: int | None = None, of: str | None = None) -> list[Mark]: ...
    def history(
        self,
        keys: Iterable[TaskKey] | None = None,
        bodies: Iterable[str] | None = None,
        *,
        last: int | None = None,
        directives: Iterable[str] | None = None,
    ) -> list[Mark]: ...
    def count_history(
        self, bodies: Iterable[str] | None = None, *, directives: Iterable[str] | None = None
    ) -> int: ...
    def count_events(self) -> int: ...
    def extensions(self) -> list[Mark]: ...
    def effective_between(self, start: date, end: date) -> list[Mark]: ...
    def state_as_of(self, directive: str, day: date) -> dict[tuple[str, str], Progress]: ...
    def states_as_of(
        self, day: date, bodies: Iterable[str] | None = None, *, details: bool = True
    ) -> dict[str, dict[tuple[str, str], Progress]]: ...
    def check(self) -> list[str]: ...
    def verify(self, head: tuple[int | None, str] | None = None) -> Verdict: ...
    def backup(self, dest: Path, *, overwrite: bool = False) -> int: ...
    def restore(self, source: Path) -> int: ...
    def export_rows(self) -> Iterator[tuple[Any, ...]]: ...
    def import_rows(self, rows: Iterable[tuple[Any, ...]], tick: Callable[[int], None]) -> None: ...
    def close(self) -> None: ...


def open_store(
    where: Path | str,
    *,
    create: bool = True,
    on_warning: Callable[[str], None] | None = None,
    announce_new: bool = False,
) -> ProgressStore:
    """The store at `where`: a postgresql:// (or postgres://) URL, else a file path (SQLite).
    Nothing is opened until the first query.

    `create`: a write may create the database; `announce_new`: say through `on_warning` when
    this run creates it (a path someone typed, where a typo would start an empty history).
    """
    from ..errors import StoreError
    from ..i18n import t
    from .sqlite import SqliteStore

    if isinstance(where, str) and is_url(where):
        from .postgres import PostgresStore

        return PostgresStore(where, create=create, on_warning=on_warning, announce_new=announce_new)
    where = Path(where)
    if where.is_dir():
        # Not "no database yet, everything to do": the clerk named a folder.
        raise StoreError(t("db.is_folder", path=where, example=where / "progress.db"))
    if where.exists() and not where.is_file():
        # A FIFO would block SQLite's open for ever; /dev/null reads as an empty history.
        raise StoreError(t("db.not_regular", path=where))
    return SqliteStore(where, create=create, on_warning=on_warning, announce_new=announce_new)


def access_of(store: ProgressStore) -> ServerAccess:
    """Who may record which body: a PostgreSQL store's grants; refused for a file."""
    from ..errors import StoreError
    from ..i18n import t
    from .postgres import PostgresStore

    if not isinstance(store, PostgresStore):
        raise StoreError(t("pg.only_server", where=store.path))
    from .pg_access import ServerAccess

    return ServerAccess(store)
