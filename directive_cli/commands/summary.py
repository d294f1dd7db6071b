"""`directive summary`: one row per body with the 2×2 counts."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

from typing import Annotated

import typer

from .. import i18n, options
from ..bodies import find_group
from ..i18n import t
from ..options import AsOfOpt, DataOpt, DbOpt, ForceOpt, FormatOpt, OutputOpt
from ..output import check_format, check_output, emit
from ..render.labels import count_headers
from ..render.records import COUNT_KEYS, summary_records
from ..render.views import summary_table, summary_xlsx
from ._views import task_views


def run(
    group: Annotated[
        list[str] | None, typer.Option("--group", "-g", help="Only these groups.")
    ] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """One row per body, grouped G1/G2/G3: done on time/late, not done in time/overdue, %.

    Examples:
      directive summary
      directive summary --as-of 30/6/2023 --format csv
      directive summary --as-of 30/6/2023 -o tong-hop.xlsx
    """
    from ..report import summarize

    fmt = check_output(check_format(fmt), output, force, options.own_files(data, db))
    day = options.read_date(as_of, "--as-of", options.today())
    cat = options.catalog(data)
    groups = {find_group(cat.registry, g).id for g in group or ()}
    with options.opened_store(db) as store:
        rows = [
            v for v in task_views(cat, store, day, details=False) if not groups or v.group in groups
        ]
    result = summarize(rows, cat.registry, i18n.current())
    keys = ["body", "body_name", "group", *COUNT_KEYS]
    headers = [t("col.id"), t("col.body"), t("col.group"), *count_headers()]
    table = lambda: summary_table(cat, result, day)  # noqa: E731
    xlsx = lambda: (summary_xlsx(cat, result, day), len(summary_records(result)))  # noqa: E731
    records = summary_records(result)
    emit(fmt, records, keys, headers, table, output=output, force=force, xlsx=xlsx)
