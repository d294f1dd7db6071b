"""`directive history`: who recorded what and when."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

from typing import TYPE_CHECKING, Annotated

import typer

from .. import options
from ..bodies import find_bodies
from ..completion import complete_body, complete_ref
from ..errors import InvalidInput
from ..i18n import t
from ..model import Catalog, Mark
from ..options import TABLE_LIMIT, AllOpt, DataOpt, DbOpt, ForceOpt, FormatOpt, LimitOpt, OutputOpt
from ..output import check_format, check_output, emit
from ..query import Filters, parse_ref
from ..refs import find_directives, namer, narrowed
from ..render.records import HISTORY_KEYS as KEYS
from ..render.records import history_md, mark_record
from ..render.views import history_view, history_xlsx
from ._opts import DirectiveOpt

if TYPE_CHECKING:
    from ..store import ProgressStore


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
    directive: DirectiveOpt = None,
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
      directive history --body snv
      directive history -d 2167/UBND-KTTH -b snv
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
    within = find_directives(cat, directive or ())
    # A table shows the newest `limit` events: only those leave the database, and the rest
    # are counted (a province's million events took 6 s and 1 GB to read for 50 rows).
    newest = limit if fmt == "table" and not show_all and ref is None else None
    with options.opened_store(db) as store:
        marks, older = _events(cat, store, ref, only, within, newest)
    name = namer(cat)
    records = [mark_record(m) for m in marks] if fmt not in ("table", "md", "xlsx") else []
    table = lambda: history_view(marks, name, limit, show_all, older)  # noqa: E731
    md = lambda: history_md(marks, name)  # noqa: E731
    titled = narrowed(cat, Filters(in_directives=within)) if within else cat  # names those chosen
    xlsx = lambda: (history_xlsx(marks, titled, name), len(marks))  # noqa: E731
    emit(fmt, records, KEYS, KEYS, table, md=md, output=output, force=force, xlsx=xlsx)


def _events(
    cat: Catalog,
    store: "ProgressStore",
    ref: str | None,
    bodies: set[str] | None,
    within: tuple[str, ...],
    newest: int | None,
) -> tuple[list[Mark], int]:
    """The events shown (those of `ref`, else all; of `bodies` and of the directives
    `within` when given, chosen by the store) and how many more were left unread."""
    directives = within or None
    if ref is None:
        marks = store.history(bodies=bodies, last=newest, directives=directives)
        older = 0 if newest is None else store.count_history(bodies, directives=directives)
        return marks, max(older - len(marks), 0)
    # With -d a clause id alone is looked up in those directives (as mark -d does it).
    target = parse_ref(cat, ref, within)
    if within and target.directive.id not in within:
        # `history 123-2023#1a -d 2167` can show nothing: say so rather than show nothing.
        named = f"{target.directive.id}#{target.clause.id}"
        raise InvalidInput(t("err.clause_outside", clauses=named, directives=", ".join(within)))
    keys = [(target.directive.id, tk.clause, tk.body) for tk in target.tasks()]
    return store.history(keys, bodies), 0
