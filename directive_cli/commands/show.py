"""`directive show`: a clause as the letter has it, each body's standing, its history."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

from .. import options
from ..options import AsOfOpt, DataOpt, DbOpt
from ..query import group_marks, parse_ref, sort_views, views
from ..refs import namer
from ..render.views import show_view
from ._opts import RefArg
from ._views import progress_as_of


def run(ref: RefArg, as_of: AsOfOpt = None, data: DataOpt = None, db: DbOpt = None) -> None:
    """Show a clause like the letter: text, deadline and its source, each body's status, history.

    Examples:
      directive show 3.1
      directive show "4:so noi vu"
    """
    day = options.read_date(as_of, "--as-of", options.today())
    cat = options.catalog(data)
    target = parse_ref(cat, ref, on=day)
    tasks = target.tasks()
    with options.opened_store(db) as store:
        progress = progress_as_of(store, day, {tk.body for tk in tasks})
        history = store.history([(target.directive.id, tk.clause, tk.body) for tk in tasks])
    periods = group_marks(history)
    soon = options.due_soon(data).until(day)
    found = views(cat, progress, day, periods=periods, extended=periods, soon_until=soon)
    rows = sort_views([v for v in found if v.task in tasks])
    show_view(
        target.directive.reference, target.clause, rows, history, day, namer(cat), cat.registry
    )
