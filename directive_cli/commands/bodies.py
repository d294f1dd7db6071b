"""`directive bodies`: the registry of bodies on a day, or one body with where it came from
and where its work went."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

from typing import Annotated

import typer

from .. import options
from ..bodies import find_groups, ordered, shown_body
from ..options import DataOpt, ForceOpt, FormatOpt, OutputOpt
from ..output import check_format, check_output, emit
from ..render.records import BODY_KEYS, body_detail, body_headers, body_record, body_row
from ..render.views import bodies_table, bodies_xlsx, body_view


def run(
    what: Annotated[
        list[str] | None,
        typer.Argument(
            help="show ID: one body, its predecessors and successors.", metavar="[show ID]"
        ),
    ] = None,
    group: Annotated[
        list[str] | None, typer.Option("--group", "-g", help="Only these groups.")
    ] = None,
    sort: Annotated[
        str,
        typer.Option("--sort", help="protocol (default) or name (Vietnamese dictionary order)."),
    ] = "protocol",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="The bodies that existed on this day (16/5/2023); default today."
        ),
    ] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """List the bodies of a day (ids, names, abbreviations, groups), or one with `show ID`.

    `show ID` gives the body's dates, sources, the bodies it succeeded and its successors.

    Examples:
      directive bodies
      directive bodies --group g3 --sort name --as-of 1/6/2023
      directive bodies show h-binhson
      directive bodies -o co-quan.xlsx
    """
    fmt = check_output(check_format(fmt), output, force, options.own_files(data, None))
    cat = options.catalog(data)
    reg = cat.registry
    if what:
        day = options.read_date(as_of, "--as-of") if as_of else None
        body = shown_body(reg, what, day)
        detail = [body_detail(reg, body) if fmt in ("json", "jsonl") else body_row(body)]
        table = lambda: body_view(reg, body)  # noqa: E731
        emit(fmt, detail, BODY_KEYS, body_headers(), table, output=output, force=force)
        return
    day = options.read_date(as_of, "--as-of", options.today())
    groups = set(find_groups(reg, group or ()))
    chosen = [b for b in reg.on(day) if not groups or set(b.groups) & groups]
    items = ordered(reg, chosen, sort)
    # JSON keeps aliases and groups as lists; CSV and Markdown get them joined.
    rows = (
        [body_record(b) for b in items]
        if fmt in ("json", "jsonl")
        else [body_row(b) for b in items]
    )
    table = lambda: bodies_table(items, day)  # noqa: E731
    xlsx = lambda: (bodies_xlsx(items, cat), len(items))  # noqa: E731
    emit(fmt, rows, BODY_KEYS, body_headers(), table, output=output, force=force, xlsx=xlsx)
