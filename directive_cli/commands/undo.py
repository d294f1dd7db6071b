"""`directive undo`: reverse the last batch of marks by appending compensating events."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from typing import Annotated

import typer

from .. import options
from ..errors import DirectiveError, NotFound
from ..i18n import t
from ..options import DataOpt, DbOpt
from ..refs import namer
from ..render.views import mark_lines


def run(
    by: Annotated[str | None, typer.Option("--by", help="Who undoes it.")] = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Reverse the last batch of marks by appending compensating events.

    Example:
      directive undo
    """
    # Tasks named as `list` names them: the directive headers tell whether there are several
    # (read from the task index, without any task), before anything is undone. Data that
    # cannot be read does not block an undo, whose tasks are then named in full.
    try:
        name = namer(options.catalog_of_bodies(data, (), ()))
    except DirectiveError:
        name = namer(None)
    with options.opened_store(db) as store:
        if not store.exists:
            raise NotFound(t("nothing_to_undo"))
        events = store.undo_last(options.who(by), options.now_stamp())
        if not events:
            raise NotFound(t("nothing_to_undo"))
        # Name the batch the clerk undid (the one `mark` printed), then the batch that
        # records the undo: every event of an undo points at an event of the undone batch.
        first = events[0]
        [undone] = [
            m
            for m in store.history([(first.directive, first.clause, first.body)])
            if m.id == first.undoes
        ]
    sys.stdout.write(t("undone", batch=undone.batch, n=len(events), new=first.batch) + "\n")
    sys.stdout.write("".join(line + "\n" for line in mark_lines(events, name, dated=False)))
