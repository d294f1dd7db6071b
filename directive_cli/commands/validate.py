"""`directive validate`: check directive files and the registry, every problem at once."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import DirectiveError, Problem

if TYPE_CHECKING:
    from ..model import Catalog
from ..i18n import t
from ..text import printable


def run(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A directive file or a folder of them (default: $DIRECTIVE_DATA, else the bundled"
            " data).",
            envvar="DIRECTIVE_DATA",
            show_envvar=True,
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Also check that every task with recorded progress is still in the data."
        ),
    ] = None,
) -> None:
    """Check directive files and the bodies registry; report every problem, not just the first.

    Examples:
      directive validate
      directive validate data/directive_2167.yaml
    """
    from ..load import folder_notes, load_catalog  # validate always reads the files

    for note in folder_notes(path):
        _say(f"{t('note')}: {note}")
    warnings: list[Problem] = []
    try:
        cat = load_catalog(path, collect=True, warnings=warnings)
    except DirectiveError as exc:
        _warn(warnings)
        _say(t("problems", n=len(exc.problems)))
        for problem in exc.problems:
            _say(f"  {problem}")
        raise typer.Exit(3) from None  # app.Exit.DATA
    _warn(warnings)
    clauses = sum(len(d.clauses) for d in cat.directives)
    passed = sum(len(d.inherited) for d in cat.directives)
    tasks = sum(len(d.tasks) for d in cat.directives) - passed
    line = t("valid", files=len(cat.directives), clauses=clauses, tasks=tasks)
    # The letters' own tasks first; those passed to successors of ended bodies are counted apart.
    sys.stdout.write(line + (" " + t("valid_inherited", n=passed) if passed else "") + "\n")
    if db is not None:
        _check_recorded(cat, db)


def _say(line: str) -> None:
    # A file name or a YAML value may hold escape sequences (a window title, a cleared
    # screen): shown visibly, as every other command's messages are.
    sys.stderr.write(printable(line, keep_newlines=False) + "\n")


def _warn(warnings: list[Problem]) -> None:
    for problem in warnings:
        _say(f"{t('warning')}: {problem}")


def _check_recorded(cat: "Catalog", db: str) -> None:
    """Marks that point at tasks the data no longer has (a renamed clause or body id)."""
    from .. import options
    from ..query import orphaned

    with options.opened_store(db) as store:
        lost = orphaned(cat, store.progress_of())
    for name in lost:
        options.warn(t("warn.orphan", task=name))
