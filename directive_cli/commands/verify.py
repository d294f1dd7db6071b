"""`directive verify`: prove the history was not edited outside the tool (docs/data-safety.md)."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from typing import Annotated

import typer

from .. import options
from ..errors import HistoryTampered, InvalidInput, NotFound, StoreError
from ..i18n import t
from ..options import DbOpt


def run(
    print_head: Annotated[
        bool,
        typer.Option(
            "--print-head",
            help="Print only the head (ID:HASH of the last event), to keep elsewhere.",
        ),
    ] = False,
    head: Annotated[
        str | None,
        typer.Option(
            "--head",
            help="A head printed earlier: the history must still hold it (later events may"
            " follow).",
        ),
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="On a failure, also list every problem found, one a line."),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Check that the history was not changed outside the tool: the hash chain, the triggers
    that keep it append-only, and the current status against a replay.

    \b
    Examples:
      directive verify
      directive verify --print-head > dau-chuoi-2023-06-30.txt
      directive verify --head "$(cat dau-chuoi-2023-06-30.txt)"
      directive verify --all
    """
    from ..store.chain import parse_head

    kept = parse_head(head) if head is not None else None
    if head is not None and kept is None:
        raise InvalidInput(t("err.head_format", value=head))
    with options.opened_store(db, shows_state=False) as store:
        if not store.exists:
            raise NotFound(t("err.no_database_to_verify", path=options.where_missing(store)))
        verdict = store.verify(kept)
    problems = verdict.problems
    if problems:
        if every:  # for the auditor's notes: the first line below is the first problem
            sys.stdout.write("".join(f"{p}\n" for p in problems))
        more = t("verify.more", n=len(problems) - 1) if len(problems) > 1 and not every else ""
        line = t("verify.failed", path=store.path, problem=problems[0]) + more
        raise StoreError(line) if verdict.damaged else HistoryTampered(line)
    if print_head:
        sys.stdout.write(f"{verdict.head}\n")
    elif verdict.events == 0:
        sys.stdout.write(t("verify.empty", path=store.path) + "\n")
    else:
        also = t("verify.ok_head") if head is not None else ""
        text = t("verify.ok", path=store.path, n=verdict.events, head=verdict.head)
        sys.stdout.write(text + also + "\n")
