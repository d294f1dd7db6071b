"""`directive mark`: record a body's progress; several tasks go in one all-or-nothing batch."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from .. import marking, options, output
from ..completion import complete_body, complete_clause, complete_group, complete_ref
from ..errors import Cancelled
from ..i18n import t
from ..model import Catalog, Mark, Status, Task
from ..options import DataOpt, DbOpt
from ..periods import period_words
from ..query import group_marks, parse_status
from ..refs import namer
from ..render.labels import status_text
from ..render.views import confirmation_lines, mark_lines
from ..text import day_text
from ._opts import DirectiveOpt, StatusArg

if TYPE_CHECKING:
    from ..store import NewMark, ProgressStore, TaskKey


def run(
    status: StatusArg,
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Tasks CLAUSE:BODY (4:snv, '3.1:VPUB'); a clause alone if it has one body.",
            autocompletion=complete_ref,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Effective date: the date of the evidence document: 20/6/2023, 'ngày 20/6/2023',"
            " '20 tháng 6 năm 2023', 'hôm qua' (default today).",
        ),
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", "-e", help="Evidence: 'Báo cáo số 45/BC-SNV ngày 20/6/2023'."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free note.")] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who records it (default DIRECTIVE_USER, else the OS user)."),
    ] = None,
    body: Annotated[
        list[str] | None,
        typer.Option(
            "--body",
            "-b",
            autocompletion=complete_body,
            help="Mark by filter: these bodies (with --clause/--group).",
        ),
    ] = None,
    group: Annotated[
        list[str] | None,
        typer.Option(
            "--group",
            "-g",
            autocompletion=complete_group,
            help="Mark by filter: every body of these groups.",
        ),
    ] = None,
    clause: Annotated[
        list[str] | None,
        typer.Option(
            "--clause", "-c", autocompletion=complete_clause, help="Mark by filter: these clauses."
        ),
    ] = None,
    directive: DirectiveOpt = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="A recurring task's period: 2023-06, 'tháng 6/2023', 2023-Q2, 2023 (default:"
            " its oldest period not done).",
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask before marking many tasks.")
    ] = False,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Record a body's progress on tasks; several tasks go in one all-or-nothing batch.

    Examples:
      directive mark done 4:snv --on 20/6/2023 --evidence "Báo cáo số 45/BC-SNV ngày 20/6/2023"
      directive mark in_progress 3.1:vpub 6a.1:svhttdl
      directive mark done --clause 1a --group g3 --on 30/6/2023 --yes
      directive mark done 2:snv --period "tháng 6/2023" --on 24/6/2023
    """
    new_status = parse_status(status)
    effective = options.read_date(on, "--on", options.today())
    marking.check_effective(effective, options.today())
    cat = options.catalog(data)
    typed = (refs or (), body or (), group or (), clause or ())
    tasks = marking.chosen_tasks(cat, *typed, effective, directive or ())
    _check(cat, tasks, new_status, effective, many=bool(body or group or clause), yes=yes)
    with options.opened_store(db, create=True) as store:
        chosen, history = _periods(cat, store, tasks, effective, period)
        marks = marking.new_marks(
            tasks, new_status, effective, options.who(by, store), note, evidence, chosen
        )
        store.check_may_record(marks)  # refused before "nothing to record" is said
        now = store.current_of([_key(m) for m in marks])
        repeats = marking.identical(marks, now, history)
        if len(repeats) == len(marks):
            sys.stdout.write(t("mark.identical", n=len(marks)) + "\n")
            return
        fresh = [m for i, m in enumerate(marks) if i not in repeats]
        stored = store.record(fresh, options.now_stamp())
        now = store.current_of([_key(m) for m in stored])
    name = namer(cat)
    sys.stdout.write(t("marked", n=len(stored), batch=stored[0].batch) + "\n")
    for tk, key in chosen.items() if period is None else ():  # said: the clerk did not name it
        sys.stdout.write(t("mark.period_chosen", task=name(tk), period=period_words(key)) + "\n")
    sys.stdout.write("".join(line + "\n" for line in mark_lines(stored, name)))
    if repeats:
        sys.stdout.write(t("mark.identical_some", n=len(repeats)) + "\n")
    for m, cur in marking.overruled(stored, now):
        day, later = day_text(cur.effective_on), status_text(cur.status)
        options.warn(t("warn.later_mark", ref=name(m), day=day, status=later))


def _periods(
    cat: Catalog, store: "ProgressStore", tasks: Sequence[Task], effective: date, typed: str | None
) -> tuple[dict[Task, str], dict["TaskKey", list[Mark]]]:
    """Each recurring task's period (--period, else its oldest open one), and their marks."""
    periodic = marking.periodic_tasks(cat, tasks)
    if typed is not None and len(periodic) < len(tasks):
        marking.choose_periods(cat, tasks, {}, effective, typed)  # refuses, naming the task
    history = group_marks(store.history([_key(tk) for tk in periodic])) if periodic else {}
    return marking.choose_periods(cat, periodic, history, effective, typed), history


def _key(m: "NewMark | Mark | Task") -> "TaskKey":
    return (m.directive, m.clause, m.body)


def _check(
    cat: Catalog, tasks: Sequence[Task], status: Status, effective: date, *, many: bool, yes: bool
) -> None:
    """Warnings on stderr, then the confirmations a batch by filter or an early date needs."""
    hidden = marking.as_of_warning(options.as_of_setting(), effective)
    if hidden is not None:
        options.warn(hidden)
    early = marking.early(cat, tasks, effective)
    if early is not None:
        options.warn(early)
    if yes:
        return
    if many:
        _confirm(cat, tasks, status)
    elif early is not None:
        # One task dated before its directive: most often a typo in --on (2022 for 2023).
        if not output.interactive():
            raise Cancelled(t("err.early_needs_yes"))
        if not output.agreed(t("confirm")):
            raise Cancelled(t("cancelled"))


def _confirm(cat: Catalog, tasks: Sequence[Task], status: Status) -> None:
    sys.stdout.write(
        "".join(line + "\n" for line in confirmation_lines(cat.registry, tasks, status, namer(cat)))
    )
    if not output.interactive():
        # A scheduler or a pipe cannot answer: refuse rather than guess.
        raise Cancelled(t("err.needs_yes", n=len(tasks)))
    if not output.agreed(t("confirm")):
        raise Cancelled(t("cancelled"))
