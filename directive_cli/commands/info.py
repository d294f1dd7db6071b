"""`directive info`: where the tool keeps things, what they hold, and its versions."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from typing import Annotated

import typer

from .. import options
from ..options import DataOpt, DbOpt
from ..output import write_rows


def run(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (default) or json.")] = "table",
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Show the database, data and cache in use (paths, counts) and the versions.

    Examples:
      directive info
      directive info --format json
    """
    from ..info import facts, lines

    found = facts(options.db_path(db), data, options.cache_dir())
    if fmt.strip().lower() == "json":
        write_rows("json", [found], list(found), list(found), sys.stdout)
        return
    sys.stdout.write("".join(line + "\n" for line in lines(found)))
