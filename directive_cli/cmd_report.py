"""`directive report`: the weekly status report, built to run unattended from a scheduler.

No prompt and no colour; a file is written whole or not at all (temporary file in the same
folder, then an atomic rename), and an existing report is replaced only with --force.
"""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import cli as _cli  # the module, so tests can pin cli.today and cli.now_stamp
from .cli import (
    PANEL_REPORT,
    AsOfOpt,
    DataOpt,
    DbOpt,
    app,
    catalog,
    handled,
    opened_store,
    read_date,
)
from .errors import InvalidInput
from .i18n import t

if TYPE_CHECKING:
    from .weekly import WeeklyReport

REPORT_FORMATS = ("md", "csv", "json", "xlsx")


@app.command(rich_help_panel=PANEL_REPORT)
@handled
def report(
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            "-w",
            help="ISO week (Monday–Sunday) such as 2023-W22, or 'last';"
            " default: the last complete week before today.",
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
            help="md (e-mail, the default), csv, json or xlsx; when omitted,"
            " taken from the --output extension.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of standard output; required for xlsx.",
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
            " overdue, changes or due_soon.",
        ),
    ] = None,
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
    """
    from . import weekly
    from .atomic import check_target, write_atomic
    from .render.report_csv import check_table

    chosen = report_format(fmt, output)
    if table is not None and chosen != "csv":
        raise InvalidInput(t("err.table_csv_only"))
    section = check_table(table)
    if chosen == "xlsx" and output is None:
        raise InvalidInput(t("err.xlsx_needs_output"))
    window = weekly.choose_window(
        week,
        read_date(from_, "--from") if from_ is not None else None,
        read_date(to, "--to") if to is not None else None,
        # "Today" for the default week: --as-of / DIRECTIVE_AS_OF, as for every other command.
        read_date(as_of, "--as-of", _cli.today()),
    )
    if output is not None:
        check_target(output, force)
    cat = catalog(data)
    with opened_store(db) as store:
        built = weekly.build(cat, store, window, _cli.now_stamp())
    content = render(built, chosen, section)
    if output is None:
        write_stdout(content)
        return
    write_atomic(output, content, force)
    if sys.stdout.isatty():
        # A clerk at a terminal sees where the file went; a scheduler's log stays empty on
        # success (cron mails any output).
        days = f"{_cli.date_text(window.start)}–{_cli.date_text(window.end)}"
        sys.stdout.write(t("report_written", path=str(output), days=days) + "\n")


def report_format(fmt: str | None, output: Path | None) -> str:
    """--format, else the --output extension when it names a format, else md."""
    if fmt is None:
        if output is None:
            return "md"
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in REPORT_FORMATS and not output.is_dir():  # a folder: said later
            # Markdown in a .pdf or .doc would open as garbage: ask rather than guess.
            raise InvalidInput(f"--output: {t('err.report_output_format', path=output)}")
        return suffix
    chosen = fmt.strip().lower()
    if chosen not in REPORT_FORMATS:
        names = ", ".join(REPORT_FORMATS)
        raise InvalidInput(f"--format: {t('err.format', value=fmt, names=names)}")
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if suffix in REPORT_FORMATS and suffix != chosen:
        # CSV bytes in a .xlsx file: Excel refuses it on Monday morning, long after the job ran.
        raise InvalidInput(f"--format: {t('err.format_vs_suffix', fmt=chosen, path=output)}")
    return chosen


def render(built: "WeeklyReport", fmt: str, table: str = "summary") -> bytes:
    """The report in `fmt` as the exact bytes of the file."""
    if fmt == "xlsx":
        from .render import report_xlsx

        return report_xlsx.render(built)
    if fmt == "csv":
        from .render import report_csv

        # The BOM makes Excel read UTF-8 instead of the Windows code page.
        return report_csv.render(built, table).encode("utf-8-sig")
    if fmt == "json":
        from .render import report_json

        return report_json.render(built).encode("utf-8")
    from .render import report_md

    return report_md.render(built).encode("utf-8")


def write_stdout(content: bytes) -> None:
    """Same bytes as the file would hold, whatever the console's code page."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(content)
        buffer.flush()
    else:
        sys.stdout.write(content.decode("utf-8-sig"))
