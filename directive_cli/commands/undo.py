"""`directive undo`: reverse a batch of marks (your last one by default) by appending
compensating events."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from .. import options, output
from ..errors import Cancelled, DirectiveError, NotFound
from ..i18n import t
from ..options import DataOpt, DbOpt
from ..refs import namer
from ..render.views import mark_lines
from ..text import moment_text

if TYPE_CHECKING:
    from ..model import Mark, Task


def run(
    batch: Annotated[
        int | None,
        typer.Option("--batch", min=1, help="Undo this batch (its number is in history)."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who undoes it; without --batch, that person's last batch."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before undoing.")] = False,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Reverse your last batch of marks (or --batch N) by appending compensating events.

    Examples:
      directive undo
      directive undo --batch 12 --yes
    """
    # Tasks named as `list` names them: the directive headers tell whether there are several
    # (read from the task index, without any task), before anything is undone. Data that
    # cannot be read does not block an undo, whose tasks are then named in full.
    try:
        name = namer(options.catalog_of_bodies(data, (), ()))
    except DirectiveError:
        name = namer(None)
    with options.opened_store(db) as store:
        who = options.who(by, store)
        target = store.batch_in_force(batch, of=None if batch else who) if store.exists else []
        if not target:
            missing = (
                t("nothing_to_undo_batch", batch=batch)
                if batch
                else t("nothing_to_undo_of", by=who)
            )
            raise NotFound(missing if store.exists else t("nothing_to_undo"))
        store.check_may_undo(target)  # before the clerk is asked to confirm
        if not yes:
            _confirm(target, name)
        events = store.undo_last(who, options.now_stamp(), batch=target[0].batch)
        if not events:  # another clerk undid it meanwhile
            raise NotFound(t("nothing_to_undo_batch", batch=target[0].batch))
    sys.stdout.write(t("undone", batch=target[0].batch, n=len(events), new=events[0].batch) + "\n")
    sys.stdout.write("".join(line + "\n" for line in mark_lines(events, name, dated=False)))


def _confirm(target: "list[Mark]", name: "Callable[[Task | Mark], str]") -> None:
    """Show the batch (who, when, how many, which tasks) and ask; no terminal: refuse."""
    first = target[0]
    head = t(
        "undo.preview",
        batch=first.batch,
        n=len(target),
        by=first.by,
        when=moment_text(first.recorded_at),
    )
    sys.stdout.write(head + "\n" + "".join(line + "\n" for line in mark_lines(target, name)))
    if not output.interactive():
        raise Cancelled(t("err.undo_needs_yes", batch=first.batch))
    if not output.agreed(t("confirm")):
        raise Cancelled(t("cancelled_undo"))
