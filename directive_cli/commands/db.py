"""`directive db copy`: a whole history from one database into another, checked (a SQLite
file onto a server, a server into a file)."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import options
from ..errors import InvalidInput, NotFound
from ..i18n import t

if TYPE_CHECKING:
    from ..store import ProgressStore


def run(
    action: Annotated[str, typer.Argument(metavar="copy", help="What to do: copy.")],
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="The database copied: a file or a URL.")
    ],
    target: Annotated[
        str,
        typer.Argument(metavar="TARGET", help="An empty database (or a new file) to copy into."),
    ],
) -> None:
    """Copy a whole history into an empty database and check the copy (the same events, the
    same chain head): a file onto a shared server, or a server into a file.

    \b
    Examples:
      directive db copy progress.db postgresql://owner@server/tien_do
      directive db copy postgresql://owner@server/tien_do ban-sao.db
    """
    from ..store import is_url, open_store
    from ..store.copy import copy_history

    if action.strip().lower() != "copy":
        raise InvalidInput(t("db.usage"))
    src = open_store(options.db_path(source), create=False)
    dst = open_store(options.db_path(target), create=True)
    try:
        if str(src.path) == str(dst.path) or dst.is_file(_as_path(src.path)):
            raise InvalidInput(t("copy.same", where=src.path))
        if not src.exists:
            raise NotFound(t("copy.no_source", path=src.path))
        with _progress(src.count_events()) as tick:
            verdict = copy_history(src, dst, tick)
        # Grants name the source server's logins: not the history, and never copied.
        granted = _server_grants(src) if is_url(str(dst.path)) else None
    finally:
        src.close()
        dst.close()
    done = t("copy.done", n=verdict.events, source=src.path, target=dst.path, head=verdict.head)
    sys.stdout.write(done + "\n")
    if granted:
        options.warn(t("copy.grants_stay", source=src.path, logins=", ".join(granted)))


def _server_grants(store: "ProgressStore") -> dict[str, list[str]] | None:
    """A server's grants; None for a file, which has none."""
    from ..store import access_of, is_url

    return access_of(store).grants() if is_url(str(store.path)) else None


def _as_path(where: object) -> Path:
    return Path(str(where))


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr at a terminal; elsewhere nothing (logs stay clean)."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import Progress

    from ..render.table import make_console

    console = make_console(stderr=True)
    with Progress(console=console, transient=True) as bar:  # type: ignore[arg-type]
        task = bar.add_task(t("copy.progress"), total=total)
        yield lambda n: bar.advance(task, n)
