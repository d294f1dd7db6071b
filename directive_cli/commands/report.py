"""`directive report`: the weekly status report, built to run unattended from a scheduler.

No prompt and no colour; a file is written whole or not at all (temporary file in the same
folder, then an atomic rename), and an existing report is replaced only with --force.
"""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import options
from ..errors import InvalidInput
from ..i18n import t
from ..options import AsOfOpt, DataOpt, DbOpt, OfficeOpt
from ..output import report_format, write_file, write_stdout
from ..render.reports import render_report
from ..text import day_text
from ._opts import BodyOpt, DirectiveOpt, GroupOpt

if TYPE_CHECKING:
    from .. import weekly
    from ..model import Catalog


def run(
    ctx: typer.Context,
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            "-w",
            help="ISO week (Monday–Sunday) such as 2023-W22, a day of it (26/6/2023), 'last'"
            " (tuần trước) or 'this' (tuần này: the week so far); default: the last complete"
            " week before today.",
        ),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", help="First day of a custom window (16/5/2023 or 2023-05-16); with --to."
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Last day of a custom window, inclusive; with --from."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="md (e-mail, the default), csv, json, xlsx, docx (the official report)"
            " or html (one web page); when omitted, taken from the --output extension.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of standard output; required for"
            " xlsx and docx.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            help="CSV only, one table per file: summary (default: one row per body),"
            " overdue, changes, due_soon or extended (tasks whose due date was extended).",
        ),
    ] = None,
    body: BodyOpt = None,
    group: GroupOpt = None,
    directive: DirectiveOpt = None,
    office: OfficeOpt = None,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            min=1,
            metavar="N",
            help="Days after the window that count as due soon (working days when the office"
            " counts them: due_soon in office.toml); default: the office's, else 7.",
        ),
    ] = None,
    with_undone: Annotated[
        bool,
        typer.Option(
            "--with-undone", help="List marks that were undone, and the undos, among the changes."
        ),
    ] = False,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Weekly status report: per-body 2×2 counts, overdue tasks, changes, tasks due next.

    Figures are the state at the end of the window, rebuilt from the history.
    Marks recorded later but effective inside the window are flagged "backdated".

    \b
    Examples:
      directive report
      directive report --week 2023-W22 --format md
      directive report --from 1/6/2023 --to 30/6/2023 --format csv --table overdue
      directive report --week last --output bao-cao-tuan.xlsx --force
      directive report --week 2023-W26 --output bao-cao.docx
      directive report --week last --format html --output bao-cao.html
      directive report --week last --group III -o bao-cao-huyen.docx
    """
    from .. import weekly
    from ..atomic import check_target
    from ..render.report_csv import check_table

    chosen = report_format(fmt, output)
    if table is not None and chosen != "csv":
        raise InvalidInput(t("err.table_csv_only"))
    section = check_table(table)
    today, window = _window(ctx, week, from_, to, as_of)
    keep = options.own_files(data, db)
    if output is not None:
        check_target(output, force, keep)
    cat, scope = _scoped(options.catalog(data), body, group, directive, window.end)
    first = min(cat.directives, key=lambda d: d.issued_on)
    weekly.check_window(window, today, first.issued_on, first.reference)
    # Who sends the Word report: read (and refused when wrong) before the history is.
    sender = options.office(office, cat.directives[0]) if chosen == "docx" else None
    soon = options.due_soon(data, within, office=office)
    with options.opened_store(db, required=True) as store:
        built = weekly.build(
            cat, store, window, options.now_stamp(), soon, with_undone=with_undone, scope=scope
        )
    content = render_report(built, chosen, section, sender, cat.registry)
    if output is None:
        write_stdout(content)
        return
    write_file(output, content, force, keep)
    if sys.stdout.isatty():
        # A clerk at a terminal sees where the file went; a scheduler's log stays empty on
        # success (cron mails any output).
        days = f"{day_text(window.start)}–{day_text(window.end)}"
        sys.stdout.write(t("report_written", path=str(output), days=days) + "\n")


def _scoped(
    cat: "Catalog",
    body: list[str] | None,
    group: list[str] | None,
    directive: list[str] | None,
    day: date,
) -> "tuple[Catalog, weekly.Scope | None]":
    """The catalog cut to the bodies, groups and directives typed, and what the cut covers."""
    from .. import weekly
    from ..refs import list_filters, narrowed, scope_label

    if not (body or group or directive):
        return cat, None
    only = list_filters(cat, bodies=body, groups=group, directives=directive, on=day)
    cut = narrowed(cat, only)
    if not (only.bodies or only.groups):
        return cut, None  # the title names the directives chosen
    return cut, weekly.Scope(only.bodies, only.groups, scope_label(cat, only))


def _window(
    ctx: typer.Context, week: str | None, from_: str | None, to: str | None, as_of: str | None
) -> "tuple[date, weekly.Window]":
    """Today and the report's window from what was typed."""
    from .. import weekly

    start = options.read_date(from_, "--from") if from_ is not None else None
    end = options.read_date(to, "--to") if to is not None else None
    fixed = (week is not None and not weekly.relative_week(week)) or start or end
    if as_of is not None and fixed and options.typed_here(ctx, "as_of"):
        # The figures are those at the end of the window: an --as-of beside it would be
        # ignored, and a clerk would believe it counted.
        raise InvalidInput(t("err.as_of_with_window"))
    # "Today" for the default week: --as-of / DIRECTIVE_AS_OF, as for every other command.
    today = options.read_date(as_of, "--as-of", options.today())
    return today, weekly.choose_window(week, start, end, today)
