"""`directive remind`: one reminder letter (công văn đôn đốc) per body that owes tasks.

Built to run every Monday from a scheduler: no prompt, every file written whole or not at
all, nothing replaced without --force, and a summary of what was written on stderr.
"""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import options
from ..atomic import check_not_kept, check_target, is_stdout
from ..errors import InvalidInput, OutputError
from ..i18n import t
from ..options import AsOfOpt, DataOpt, DbOpt, OfficeOpt
from ..output import write_file
from ..query import group_marks
from ..refs import list_filters
from ..text import day_text
from ._opts import BodyOpt, DirectiveOpt, GroupOpt
from ._views import period_marks

if TYPE_CHECKING:
    from ..atomic import Kept
    from ..model import Catalog
    from ..office import Office
    from ..remind import Letter, Plan

LETTER_FORMATS = ("docx", "md", "txt")


def run(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="A folder (one file per body, named by its id: h-binhson.docx; afterwards it"
            " holds this run's letters only), or one FILE.docx/.md/.txt (or /dev/stdout) when a"
            " single body is reminded.",
        ),
    ],
    body: BodyOpt = None,
    group: GroupOpt = None,
    directive: DirectiveOpt = None,
    overdue_only: Annotated[
        bool, typer.Option("--overdue-only", help="Only tasks past their deadline.")
    ] = False,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            metavar="N",
            help="Only tasks overdue or due in the next N days (working days when the office"
            " counts them: due_soon in office.toml).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="docx (the official letter, the default), md or txt (for e-mail); when"
            " omitted, taken from the --output file name.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace letters that already exist, and remove the folder's letters of the"
            " last run no longer owed (those the tool wrote, unchanged since).",
        ),
    ] = False,
    office: OfficeOpt = None,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Reminder letters: one per body that owes open or overdue tasks, none for the others.

    Each letter names the tasks with their clause's text, deadline and days overdue, and
    asks for a report by a date (reply_days in the office's settings, default 7). A
    recurring task lists each period not done, every missed one as overdue. The letter's
    symbol and signer are the office's (office.toml), else those of the directive it cites.

    \b
    Examples:
      directive remind --group g3 --as-of 2/1/2024 -o don-doc/
      directive remind --overdue-only -o don-doc/ --force
      directive remind --body snv --within 14 -o don-doc-snv.docx
      directive remind --body snv --format txt -o /dev/stdout
      directive remind --group g1 --format md -o thu-dien-tu/
      directive remind --directive 2167-2023 --group g1 -o don-doc-2167/
    """
    from .. import remind

    remind.check(overdue_only, within)
    chosen, folder = letter_target(fmt, output)
    day = options.read_date(as_of, "--as-of", options.today())
    cat = (
        options.catalog_of_bodies(data, body or (), group or (), day)
        if body or group
        else options.catalog(data)
    )
    only = list_filters(cat, bodies=body, groups=group, directives=directive, on=day)
    with options.opened_store(db, required=True) as store:
        progress = store.states_as_of(day)
        periods = period_marks(cat, store)
        extended = group_marks(store.extensions()) if store.exists else {}
    plan = remind.plan(
        cat,
        progress,
        day,
        options.office(office, cat.directives[0]).reply_days,  # the same for every directive
        bodies=only.bodies,
        groups=only.groups,
        directives=only.in_directives,
        overdue_only=overdue_only,
        periods=periods,
        extended=extended,
        within=within,
        horizon=options.due_soon(data, within, least=0, office=office),
    )
    keep = options.own_files(data, db)
    files = targets(plan, output, folder, chosen, force, keep)
    write_letters(plan, files, senders(office, cat, plan), chosen, force, keep, folder)


def senders(option: Path | None, cat: "Catalog", plan: "Plan") -> dict[str, "Office"]:
    """Each letter's sender, by body id: the office's settings (--office, office.toml), what
    they leave out (symbol, signer …) from the first directive the letter cites, never from
    one it does not."""
    by_directive: dict[str, Office] = {}
    out = {}
    for letter in plan.letters:
        first = letter.directives[0].id
        if first not in by_directive:
            by_directive[first] = options.office(option, cat.directive(first))
        out[letter.body.id] = by_directive[first]
    return out


def write_letters(
    plan: "Plan",
    files: list[tuple["Letter", Path]],
    senders: Mapping[str, "Office"],
    fmt: str,
    force: bool,
    keep: "Iterable[Kept]" = (),
    folder: Path | None = None,
) -> None:
    """Write the letters, one line on stderr per file, then the summary. Into a folder, the
    set all or nothing, and the folder left holding exactly it (fileset.py)."""
    from .. import fileset

    now = datetime.fromisoformat(options.now_stamp())  # the docx letters' creation date
    made = {
        path: render_letter(letter, senders[letter.body.id], fmt, now) for letter, path in files
    }
    removed: tuple[Path, ...] = ()
    if folder is not None:
        # The bodies this run decides about: a run for some bodies (-b, -g) leaves the
        # others' letters of an earlier run where they are.
        scope = {letter.body.id for letter in plan.letters} | {b.id for b in plan.clear}
        changed = fileset.earlier(folder, (p.name for p in made), scope).changed
        removed = fileset.write_set(
            folder, {p.name: b for p, b in made.items()}, force, keep, scope
        )
        for path in changed:
            options.warn(t("remind.changed", path=path))
    else:
        for path, content in made.items():
            write_file(path, content, force, keep)
    for letter, path in files:
        n, late = len(letter.tasks), letter.overdue
        sys.stderr.write(t("remind.wrote", path=path, body=letter.body.name, n=n, late=late))
        sys.stderr.write("\n")
    written = {path.stem: path for _, path in files}
    for path in removed:
        other = written.get(path.stem)  # the same body's letter, now in another format
        line = (
            t("remind.replaced", path=path, new=other) if other else t("remind.removed", path=path)
        )
        sys.stderr.write(line + "\n")
    summarise(plan)


def summarise(plan: "Plan") -> None:
    """The warning for bodies no longer in existence, and the last line."""
    day = day_text(plan.as_of)
    if plan.ended:
        options.warn(t("remind.ended", names=", ".join(b.name for b in plan.ended), day=day))
    done = (
        t("remind.done", n=len(plan.letters), day=day, none=len(plan.clear))
        if plan.letters
        else t("remind.nothing", day=day)
    )
    sys.stderr.write(done + "\n")


def targets(
    plan: "Plan",
    output: Path,
    folder: Path | None,
    fmt: str,
    force: bool,
    keep: "Iterable[Kept]" = (),
) -> list[tuple["Letter", Path]]:
    """Each letter and its file, every refusal made before the first file is written; a
    missing folder is created with the letters (its parent must exist: a mistyped path is
    refused, not made)."""
    if folder is None and len(plan.letters) > 1:
        raise InvalidInput(t("err.remind_one_file", path=output, n=len(plan.letters)))
    out = [
        (letter, output if folder is None else folder / f"{letter.body.id}.{fmt}")
        for letter in plan.letters
    ]
    if folder is not None and out and not folder.is_dir():
        if output.exists() or output.is_symlink():
            raise OutputError(t("err.out_exists", path=output))
        if not output.parent.is_dir():
            raise OutputError(t("err.out_no_folder", folder=output.parent))
    for _, path in out:
        if folder is not None and not folder.is_dir():
            check_not_kept(path, keep)  # a folder not made yet holds nothing in the way
        else:
            check_target(path, force, keep)
    if folder is not None and not force:
        from ..fileset import earlier

        # Letters of the last run no longer owed would have to go: that is --force's to do.
        scope = {letter.body.id for letter in plan.letters} | {b.id for b in plan.clear}
        stale = earlier(folder, (path.name for _, path in out), scope).stale
        if stale:
            raise OutputError(t("err.remind_stale", path=stale[0]))
    return out


def letter_target(fmt: str | None, output: Path) -> tuple[str, Path | None]:
    """(format, the folder or None) from --format and --output: a name with a letter's
    extension (or /dev/stdout) is one file; an existing folder, a name ending in a separator
    or without extension, a folder (created if missing)."""
    suffix = output.suffix.lower().lstrip(".")
    text = str(output)
    stdout = is_stdout(output)
    if stdout:
        # One letter written in place to standard output, as `report -o /dev/stdout`; in the
        # format asked for, else the default (a name without an extension says nothing).
        suffix = (fmt or "docx").strip().lower()
    folder = not stdout and (output.is_dir() or text.endswith(("/", "\\")) or not suffix)
    if fmt is None:
        if folder:
            return "docx", output
        if suffix not in LETTER_FORMATS:
            raise InvalidInput(f"--output: {t('err.remind_output_format', path=output)}")
        return suffix, None
    chosen = fmt.strip().lower()
    if chosen not in LETTER_FORMATS:
        names = ", ".join(LETTER_FORMATS)
        raise InvalidInput(f"--format: {t('err.format', value=fmt, names=names)}")
    if not folder and suffix != chosen:
        raise InvalidInput(f"--format: {t('err.format_vs_suffix', fmt=chosen, path=output)}")
    return chosen, output if folder else None


def render_letter(letter: "Letter", sender: "Office", fmt: str, made: datetime) -> bytes:
    """One letter's file bytes in `fmt` (a Word letter made at `made`)."""
    if fmt == "docx":
        from ..render import letter_docx

        return letter_docx.render(letter, sender, made)
    from ..render import letter as letter_text

    if fmt == "md":
        return letter_text.render_md(letter, sender).encode("utf-8")
    return letter_text.render_txt(letter, sender).encode("utf-8")
