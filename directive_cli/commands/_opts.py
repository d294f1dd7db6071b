"""Options more than one command declares the same way (by body, group, clause)."""

# No `from __future__ import annotations` here: Typer reads these annotations at start-up.

from typing import Annotated

import typer

from ..completion import (
    complete_body,
    complete_clause,
    complete_group,
    complete_ref,
    complete_status,
)

BodyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--body",
        "-b",
        autocompletion=complete_body,
        help="Body id, alias or name; several: repeat or comma-list (snv,stp).",
    ),
]
GroupOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--group",
        "-g",
        autocompletion=complete_group,
        help="Group: g1 (sở, ban ngành)… or the report's numeral (I, II, III); several: g1,g3.",
    ),
]
ClauseOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--clause",
        "-c",
        autocompletion=complete_clause,
        help="Clause id; 1 also matches 1a–1d; several: 1a,4.",
    ),
]
DirectiveOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--directive",
        "-d",
        help="Directive: id (2167-2023), number or reference; several: repeat or comma-list.",
    ),
]
RefArg = Annotated[
    str,
    typer.Argument(help="A clause (3.1) or a task (3.1:vpub, 4:SNV).", autocompletion=complete_ref),
]
StatusArg = Annotated[
    str,
    typer.Argument(
        help="todo, in_progress, done, blocked (or: 'hoàn thành', 'dang thuc hien').",
        autocompletion=complete_status,
    ),
]
