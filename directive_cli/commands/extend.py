"""`directive extend`: record an extension (gia hạn) of one task's due date, or one period's."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from typing import Annotated

import typer

from .. import marking, options
from ..errors import InvalidInput
from ..extensions import new_extension
from ..i18n import t
from ..options import DataOpt, DbOpt
from ..query import resolve_tasks
from ..refs import namer
from ..render.views import mark_lines
from ._opts import RefArg


def run(
    ref: RefArg,
    to: Annotated[
        str | None, typer.Option("--to", help="The new due date: 15/6/2023, 'ngày 15/6/2023'.")
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            "--evidence", "-e", help="The letter that grants it: 'Công văn số 12/UBND đồng ý'."
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free note.")] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="The date of the letter granting it (default today)."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="A recurring task's period to extend (default: its oldest open one)."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who records it (default DIRECTIVE_USER, else the OS user)."),
    ] = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Extend one task's due date (a recurring task: one period's); undone like a mark.

    The new due date must be later than the one in force and not before --on (the day the
    letter granting it was signed); a task, or period, already done is not extended.

    Examples:
      directive extend 3.1:vpub --to 15/6/2023 --on 25/5/2023 --evidence "Công văn số 12/UBND-KTTH"
      directive extend 2167-2023#3.1:vpub --to 30/6/2023 --on 5/6/2023 -e "Công văn số 30/UBND"
    """
    effective = options.read_date(on, "--on", options.today())
    marking.check_effective(effective, options.today())
    new_due = options.read_date(to, "--to")
    if not (evidence or "").strip():
        raise InvalidInput(t("err.extend_evidence"))
    cat = options.catalog(data)
    [task] = resolve_tasks(cat, [ref], (), effective)
    key = (task.directive, task.clause, task.body)
    with options.opened_store(db, create=True) as store:
        history = store.history([key])
        new = new_extension(
            cat,
            task,
            history,
            effective,
            new_due,
            period,
            options.who(by, store),
            note,
            str(evidence),
        )
        stored = store.record([new], options.now_stamp())
    sys.stdout.write(t("extended", batch=stored[0].batch) + "\n")
    sys.stdout.write("".join(line + "\n" for line in mark_lines(stored, namer(cat))))
