"""`directive list`: tasks with their status and standing, filtered."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

from typing import Annotated

import typer

from .. import options
from ..completion import complete_status
from ..options import (
    TABLE_LIMIT,
    AllOpt,
    AsOfOpt,
    DataOpt,
    DbOpt,
    ForceOpt,
    FormatOpt,
    LimitOpt,
    OutputOpt,
)
from ..output import check_format, check_output, emit
from ..query import SORTS, sort_views
from ..refs import list_filters, namer
from ..render.records import LIST_KEYS, list_md, task_record
from ..render.views import list_table, list_xlsx
from ._opts import BodyOpt, ClauseOpt, DirectiveOpt, GroupOpt
from ._views import task_views


def run(
    body: BodyOpt = None,
    group: GroupOpt = None,
    clause: ClauseOpt = None,
    directive: DirectiveOpt = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            autocompletion=complete_status,
            help="todo, in_progress, done, blocked, or as the tables word them ('chưa xong':"
            " all but done); several: todo,blocked.",
        ),
    ] = None,
    timeliness: Annotated[
        list[str] | None,
        typer.Option(
            "--timeliness",
            "-t",
            help="on_time, late, in_time, due_soon, overdue, no_deadline, transferred.",
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue tasks.")] = False,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Due on or before this day.")
    ] = None,
    due_after: Annotated[
        str | None, typer.Option("--due-after", help="Due on or after this day.")
    ] = None,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            min=1,
            metavar="N",
            help="Days ahead that count as due soon (working days when the office counts"
            " them: due_soon in office.toml); default: the office's, else 7.",
        ),
    ] = None,
    search: Annotated[
        list[str] | None,
        typer.Option("--search", "-q", help="Words in the clause text, title, note or evidence."),
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", help="lead (chủ trì), assigned (thực hiện) or support (phối hợp)."),
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help=f"Order: {', '.join(SORTS)}.")] = "clause",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    limit: LimitOpt = TABLE_LIMIT,
    show_all: AllOpt = False,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """List tasks (one clause × one body) with status and timeliness.

    Examples:
      directive list --body SNV
      directive list --group g3 --clause 1a --status todo
      directive list --overdue --as-of 30/6/2023 --format csv
      directive list --within 14 --timeliness due_soon
      directive list --body SNV -o so-noi-vu.xlsx
    """
    fmt = check_output(check_format(fmt), output, force, options.own_files(data, db))
    day, soon = options.read_date(as_of, "--as-of", options.today()), options.due_soon(data, within)
    # Filtered by body and not by clause, a list needs only those bodies' tasks: the task
    # index serves them without loading the whole province. (A clause filter is checked
    # against every clause, so it takes the whole catalog.)
    by_body = (body or group) and not clause
    cat = (
        options.catalog_of_bodies(data, body or (), group or (), day)
        if by_body
        else options.catalog(data)
    )
    filters = list_filters(
        cat,
        **dict(bodies=body, groups=group, clauses=clause, directives=directive, statuses=status),
        **dict(timeliness=timeliness, roles=role, search=search),
        overdue=overdue,
        due_before=options.read_date(due_before, "--due-before") if due_before else None,
        due_after=options.read_date(due_after, "--due-after") if due_after else None,
        on=day,
    )
    with options.opened_store(db) as store:
        # A table shows no note, evidence or update time: read them only when something does.
        details = fmt != "table" or bool(filters.search) or sort == "updated"
        found = task_views(cat, store, day, filters, details=details, horizon=soon)
        rows = sort_views([v for v in found if filters.keep(v)], sort)
    name = namer(cat)
    # A table never reads the records: at 100,000 tasks they cost a third of a second.
    records = [task_record(v) for v in rows] if fmt not in ("table", "md", "xlsx") else []
    table = lambda: list_table(rows, day, limit, show_all, name, cat.registry)  # noqa: E731
    md = lambda: list_md(rows, day, name, cat.registry)  # noqa: E731
    xlsx = lambda: (list_xlsx(rows, day, name, cat.registry), len(rows))  # noqa: E731
    emit(fmt, records, LIST_KEYS, LIST_KEYS, table, md=md, output=output, force=force, xlsx=xlsx)
