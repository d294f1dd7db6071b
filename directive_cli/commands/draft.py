"""`directive draft`: from a letter to a directive file and bodies.yaml a clerk only checks."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

from pathlib import Path
from typing import Annotated

import typer

from ..options import read_date, registry_path
from ..render.drafting import letter_text, print_outcome


def run(
    letter: Annotated[
        Path,
        typer.Argument(
            metavar="LETTER",
            help="The letter: .txt or .md (as OCR or copy-paste give it), .docx, or a .pdf"
            " with a text layer.",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", help="Folder to write the draft into (created)."
        ),
    ],
    registry: Annotated[
        Path | None,
        typer.Option(
            "--registry",
            metavar="FOLDER_OR_BODIES_YAML",
            help="Registry to match names against: a bodies.yaml or a data folder; default:"
            " DIR's own bodies.yaml (proposals are added to it), else that of"
            " $DIRECTIVE_DATA, else the bundled one.",
        ),
    ] = None,
    draft_id: Annotated[
        str | None,
        typer.Option("--id", help="Id of the drafted directive; default: NUMBER-YEAR."),
    ] = None,
    dated: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The letter's date (16/5/2023), when its text leaves it blank or wrong: a"
            " copy awaiting its number and date, a PDF typed before signing.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into DIR even if it holds files (the draft's directive file is"
            " replaced; DIR's bodies.yaml is kept, proposals added).",
        ),
    ] = False,
) -> None:
    """Draft a directive file from a letter; check its # KIỂM TRA lines, then validate.

    \b
    Examples:
      directive draft cong-van-2167.txt -o nhap-2167
      directive draft ke-hoach-173.pdf -o nhap-173 --registry du-lieu --id 173-2026
      directive draft ke-hoach-173.pdf -o nhap-173 --date 28/4/2026
    """
    from ..draft.core import draft_letter
    from ..draft.files import check_folder, check_written, home_issuers, own_registry, write_draft
    from ..load import load_registry

    check_folder(out, force)  # before any work: nothing is read or written on a refusal
    issued = read_date(dated, "--date") if dated is not None else None
    chosen = registry_path(registry) if registry is not None else None
    bodies = own_registry(out, chosen) or chosen or registry_path(None)
    reg = load_registry(bodies)
    text = letter_text(letter)
    draft = draft_letter(
        text, reg, draft_id=draft_id, filename=letter.name, dated=issued, home=home_issuers(bodies)
    )
    paths = write_draft(
        draft, reg, out, registry_text=bodies.read_text(encoding="utf-8"), force=force
    )
    outcome = check_written(draft, paths, out)
    print_outcome(outcome, out)
    if outcome.problems:
        raise typer.Exit(3)  # app.Exit.DATA: written, but `directive validate` would refuse it
