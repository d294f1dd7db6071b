"""`directive restore`: put a verified backup in place of the progress database."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import options, output
from ..errors import Cancelled, NotFound, StoreError
from ..i18n import t
from ..options import DbOpt


def run(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The backup to restore (from directive backup).")
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before replacing.")] = False,
    db: DbOpt = None,
) -> None:
    """Replace the progress database by a backup, after checking the backup whole.

    The database as it was is kept first as a copy beside it (…-before-restore.db, then
    …-before-restore-2.db …: none is ever replaced), and
    the restore waits for, then refuses, a clerk who is writing at that moment.

    \b
    Examples:
      directive restore tien-do-2023-06-30.db
      directive restore D:/sao-luu/tien-do.db --yes
    """
    from ..store.backup import backup_events, kept_name

    if not file.is_file():
        raise NotFound(t("restore.no_file", path=file))
    events = backup_events(file)  # refused before anything is asked or touched
    with options.opened_store(db, create=True, shows_state=False) as store:
        if not isinstance(store.path, Path):  # a server's is never replaced in place
            raise StoreError(t("pg.no_restore", where=store.path, file=file))
        keep = kept_name(store.path)
        now = store.count_events() if store.exists else 0
        if not yes:
            sys.stdout.write(
                t("restore.plan", db=store.path, now=now, file=file, n=events, keep=keep) + "\n"
            )
            if not output.interactive():
                raise Cancelled(t("err.restore_needs_yes"))
            if not output.agreed(t("confirm")):
                raise Cancelled(t("cancelled_restore"))
        if store.exists and now:
            store.backup(keep)  # the history as it was, in case of a wrong file: never replaced
        restored = store.restore(file)
    sys.stdout.write(t("restore.done", db=store.path, n=restored, keep=keep) + "\n")
