"""`directive summary`: one row per body (or per clause) with the 2×2 counts."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

from typing import Annotated

import typer

from .. import i18n, options
from ..errors import InvalidInput
from ..i18n import t
from ..options import AsOfOpt, DataOpt, DbOpt, ForceOpt, FormatOpt, OutputOpt
from ..output import check_format, check_output, emit
from ..refs import list_filters, narrowed, scope_label
from ..render.labels import count_headers
from ..render.records import COUNT_KEYS, summary_records
from ..render.views import summary_table, summary_xlsx
from ._opts import BodyOpt, DirectiveOpt, GroupOpt
from ._views import task_views

# What a row is, and the first columns it gets (keys, then header labels).
BY = {
    "body": (["body", "body_name", "group"], ["col.id", "col.body", "col.group"]),
    "clause": (["directive", "clause", "title"], ["col.directive", "col.clause", "col.title"]),
}


def run(
    body: BodyOpt = None,
    group: GroupOpt = None,
    directive: DirectiveOpt = None,
    by: Annotated[
        str,
        typer.Option(
            "--by", help="A row per body (default) or per clause: which clauses lag behind."
        ),
    ] = "body",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """One row per body, grouped G1/G2/G3 (or per clause: --by clause): done on time/late,
    not done in time/overdue, %.

    Examples:
      directive summary
      directive summary --as-of 30/6/2023 --format csv
      directive summary --group III --by clause
      directive summary --as-of 30/6/2023 -o tong-hop.xlsx
    """
    from ..report import summarize, summarize_clauses

    if by not in BY:
        raise InvalidInput(t("err.summary_by", typed=by))
    fmt = check_output(check_format(fmt), output, force, options.own_files(data, db))
    day = options.read_date(as_of, "--as-of", options.today())
    cat = options.catalog(data)
    only = list_filters(cat, bodies=body, groups=group, directives=directive, on=day)
    with options.opened_store(db) as store:
        rows = [v for v in task_views(cat, store, day, only, details=False) if only.keep(v)]
    if by == "clause":
        chosen = {v.directive.id for v in rows}
        result = summarize_clauses(rows, [d for d in cat.directives if d.id in chosen])
    else:
        result = summarize(rows, cat.registry, i18n.current(), day)
    result.scope = scope_label(cat, only)
    keys, labels = BY[by]
    headers = [*(t(x) for x in labels), *count_headers()]
    titled = narrowed(cat, only) if only.in_directives else cat  # the title names those chosen
    table = lambda: summary_table(titled, result, day)  # noqa: E731
    xlsx = lambda: (summary_xlsx(titled, result, day), len(summary_records(result)))  # noqa: E731
    emit(
        fmt,
        summary_records(result),
        [*keys, *COUNT_KEYS],
        headers,
        table,
        output=output,
        force=force,
        xlsx=xlsx,
    )
