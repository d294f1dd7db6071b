"""`directive history`: who recorded what and when."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

from typing import Annotated

import typer

from .. import options
from ..bodies import find_bodies
from ..completion import complete_body, complete_ref
from ..options import TABLE_LIMIT, AllOpt, DataOpt, DbOpt, ForceOpt, FormatOpt, LimitOpt, OutputOpt
from ..output import check_format, check_output, emit
from ..query import parse_ref
from ..refs import namer
from ..render.records import HISTORY_KEYS as KEYS
from ..render.records import history_md, mark_record
from ..render.views import history_view, history_xlsx


def run(
    ref: Annotated[
        str | None,
        typer.Argument(help="A clause or task; default: everything.", autocompletion=complete_ref),
    ] = None,
    body: Annotated[
        list[str] | None,
        typer.Option(
            "--body", "-b", autocompletion=complete_body, help="Only these bodies' marks."
        ),
    ] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    limit: LimitOpt = TABLE_LIMIT,
    show_all: AllOpt = False,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Show who recorded what and when (append-only; undo adds events, never removes).

    Examples:
      directive history
      directive history 4:snv --format json
      directive history --body "so noi vu"
      directive history -o lich-su.xlsx
    """
    fmt = check_output(check_format(fmt), output, force, options.own_files(data, db))
    # Without a ref only the registry is needed (to read --body): the task index gives it
    # without the whole province.
    cat = (
        options.catalog(data)
        if ref is not None
        else options.catalog_of_bodies(data, body or (), ())
    )
    only = set(find_bodies(cat.registry, body or ())) or None
    # A table shows the newest `limit` events: only those leave the database, and the rest
    # are counted (a province's million events took 6 s and 1 GB to read for 50 rows).
    newest = limit if fmt == "table" and not show_all and ref is None else None
    older = 0
    with options.opened_store(db) as store:
        if ref is None:
            marks = store.history(bodies=only, last=newest)
            if newest is not None:
                older = store.count_history(only) - len(marks)
        else:
            target = parse_ref(cat, ref)
            keys = [(target.directive.id, tk.clause, tk.body) for tk in target.tasks()]
            marks = store.history(keys, only)
    name = namer(cat)
    records = [mark_record(m) for m in marks] if fmt not in ("table", "md", "xlsx") else []
    table = lambda: history_view(marks, name, limit, show_all, older)  # noqa: E731
    md = lambda: history_md(marks, name)  # noqa: E731
    xlsx = lambda: (history_xlsx(marks, cat, name), len(marks))  # noqa: E731
    emit(fmt, records, KEYS, KEYS, table, md=md, output=output, force=force, xlsx=xlsx)
