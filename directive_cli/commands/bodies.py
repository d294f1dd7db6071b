"""`directive bodies`: the registry of bodies."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

from typing import Annotated

import typer

from .. import options
from ..bodies import find_group, ordered
from ..options import DataOpt, ForceOpt, FormatOpt, OutputOpt
from ..output import check_format, check_output, emit
from ..render.records import BODY_KEYS, body_headers, body_record, body_row
from ..render.views import bodies_table, bodies_xlsx


def run(
    group: Annotated[
        list[str] | None, typer.Option("--group", "-g", help="Only these groups.")
    ] = None,
    sort: Annotated[
        str,
        typer.Option("--sort", help="protocol (default) or name (Vietnamese dictionary order)."),
    ] = "protocol",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """List the registry of bodies: ids, names, the abbreviations you can type, groups.

    Examples:
      directive bodies
      directive bodies --group g3 --sort name
      directive bodies -o co-quan.xlsx
    """
    fmt = check_output(check_format(fmt), output, force)
    cat = options.catalog(data)
    reg = cat.registry
    groups = {find_group(reg, g).id for g in group or ()}
    items = ordered(reg, [b for b in reg.bodies if not groups or set(b.groups) & groups], sort)
    # JSON keeps aliases and groups as lists; CSV and Markdown get them joined.
    rows = (
        [body_record(b) for b in items]
        if fmt in ("json", "jsonl")
        else [body_row(b) for b in items]
    )
    table = lambda: bodies_table(items)  # noqa: E731
    xlsx = lambda: (bodies_xlsx(items, cat), len(items))  # noqa: E731
    emit(fmt, rows, BODY_KEYS, body_headers(), table, output=output, force=force, xlsx=xlsx)
