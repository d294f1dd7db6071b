"""`directive backup`: a verified copy of the progress database, safe while clerks keep marking."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import options
from ..atomic import check_target
from ..errors import NotFound, OutputError, os_reason
from ..i18n import t
from ..options import DbOpt


def run(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="Where to write the copy, e.g. D:/sao-luu/tien-do-2023-06-30.db."
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    db: DbOpt = None,
) -> None:
    """Copy the progress database while others keep working; the copy is checked before use.

    To restore: directive restore FILE (checks the copy, keeps the current database beside
    it, then replaces it).

    \b
    Examples:
      directive backup tien-do-2023-06-30.db
      directive backup tien-do-sao-luu.db --force
    """
    with options.opened_store(db, shows_state=False) as store:
        if not store.exists:
            raise NotFound(t("err.no_database", path=options.where_missing(store)))
        if store.is_file(file):
            # Before "exists, add --force": that advice would only lead to this refusal.
            raise OutputError(t("db.backup_onto_itself", path=file))
        check_target(file, force, options.own_files(None, db))
        try:
            events = store.backup(file, overwrite=force)
        except FileExistsError:
            # Another copy took the name between the check and the rename.
            raise OutputError(t("err.out_exists", path=file)) from None
        except OSError as exc:
            raise OutputError(t("err.out_write", path=file, reason=os_reason(exc))) from None
    sys.stdout.write(t("backup.done", path=file, n=events) + "\n")
