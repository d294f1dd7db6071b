"""What `directive draft` shows: a progress bar while a long letter is read (at a terminal
only), the files written on stdout, the summary and any problem on stderr."""

from __future__ import annotations

import sys
from pathlib import Path

from ..draft.files import Outcome, pages_of, read_letter
from ..i18n import t
from ..text import printable
from .table import _terminal, make_console

LONG = 20  # pages: below this a letter is read before a bar would be drawn


def letter_text(path: Path) -> str:
    """The letter's text; a Rich bar over its pages when it is long and stderr a terminal."""
    pages = pages_of(path) if _terminal(sys.stderr) else 0
    if pages < LONG:
        return read_letter(path)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = make_console(stderr=True)  # without plain_ok: always a Rich Console
    assert isinstance(console, Console)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(t("draft.reading", path=path.name), total=pages)
        return read_letter(
            path, on_page=lambda done, total: bar.update(task, completed=done, total=total)
        )


def print_outcome(outcome: Outcome, out: Path) -> None:
    """The files on stdout; the counts, or every problem that blocks validation, on stderr."""
    paths = ", ".join(printable(str(p)) for p in outcome.paths)
    sys.stdout.write(t("draft.written", paths=paths) + "\n")
    sys.stdout.flush()
    if outcome.problems:
        sys.stderr.write(
            t("draft.invalid", n=len(outcome.problems), path=printable(str(out))) + "\n"
        )
        for problem in outcome.problems:
            sys.stderr.write(f"  {printable(str(problem), keep_newlines=False)}\n")
        return
    summary = t(
        "draft.summary",
        clauses=t("draft.n_clauses", n=outcome.clauses),
        tasks=t("draft.n_tasks", n=outcome.tasks or 0),
        proposed=outcome.proposed,
        deadlines=outcome.deadlines_to_check,
        checks=outcome.checks,
    )
    sys.stderr.write(summary + "\n")
