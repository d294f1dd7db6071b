"""The `directive` command: parse options, call the core, render. Errors become exit codes here."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import functools
import gc
import getpass
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from . import i18n
from .deadlines import DateError, parse_date
from .errors import Ambiguous, DirectiveError, InvalidInput, NotFound, OutputError, StoreError
from .i18n import t
from .model import (
    Catalog,
    Mark,
    Progress,
    Registry,
    Status,
    Task,
    Timeliness,
    task_name,
)
from .query import (
    SORTS,
    Filters,
    TaskView,
    find_clause,
    find_directive,
    parse_ref,
    parse_role,
    parse_status,
    parse_timeliness,
    resolve_tasks,
    sort_views,
    views,
)
from .render import FORMATS
from .text import printable


class Exit(IntEnum):
    """Exit codes; documented in the README."""

    OK = 0
    FAILURE = 1  # an unexpected fault (a bug): please report it
    USAGE = 2  # a bad option or value (Typer's own code)
    DATA = 3  # a directive or registry file is invalid
    NOT_FOUND = 4  # no clause, body or task matches; nothing to undo
    AMBIGUOUS = 5  # several match; the message lists them
    STORE = 6  # the progress database is busy, read-only or damaged
    OUTPUT = 7  # an output file cannot be written or already exists
    CANCELLED = 8  # the clerk answered no
    PIPE = 141  # the reader of stdout went away (`| head`): 128 + SIGPIPE, as shell tools do


# Commands grouped by what a clerk wants to do, in `directive -h` (named in Vietnamese by
# default: help_vi.PANELS).
PANEL_LOOK = "Look up"
PANEL_RECORD = "Record progress"
PANEL_REPORT = "Report"
PANEL_ADMIN = "Data and safety"
_PANELS = {"look": PANEL_LOOK, "record": PANEL_RECORD, "report": PANEL_REPORT, "admin": PANEL_ADMIN}


class DirectiveGroup(TyperGroup):
    """The command tree, speaking the clerk's language before and while it parses.

    Typer builds this tree afresh for every run (and for every test invocation), so the help
    texts are rewritten here for the language chosen by --lang/DIRECTIVE_LANG; a mistake Click
    catches while parsing (an unknown option, a missing value) becomes the same one line on
    stderr as every other error, instead of a framed English box.
    """

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from typer._click import exceptions as click_exc  # Typer 0.28 vendors Click (pinned)

        argv = _command_first(list(sys.argv[1:] if args is None else args), self.commands)
        try:
            lang = i18n.set_lang(i18n.lang_in(argv))
        except InvalidInput:
            lang = "vi"  # refused, in one line, when the command runs (`handled`)
        words = argv[: argv.index("--")] if "--" in argv else argv
        if not words or "-h" in words or "--help" in words:
            # Only a help screen reads these texts; the rest of the time, rewriting them (and
            # importing Rich's help renderer) would only slow down every command.
            from .help_vi import localize

            localize(self, lang, _PANELS)
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click_exc.NoArgsIsHelpError:
            sys.exit(0)  # `directive` alone: the help is printed, and asking for it is no error
        except click_exc.ClickException as exc:
            command = next((a for a in argv if a in self.commands), None)
            message = usage_error(exc, f"directive {command}" if command else "directive")
            sys.stderr.write(f"{t('error')}: {printable(message, keep_newlines=False)}\n")
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write(t("cancelled") + "\n")
            sys.exit(Exit.CANCELLED)
        try:
            sys.stdout.flush()  # here, not at exit, where a closed pipe would be an error
        except BrokenPipeError:
            _pipe_closed()
        sys.exit(rv if isinstance(rv, int) else 0)


def _pipe_closed() -> NoReturn:
    """`directive list | head`: stop quietly; nothing left to write has a reader."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the exit-time flush cannot fail again
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(Exit.PIPE)


# The options of `directive` itself; every other option belongs to a command.
_GROUP_OPTIONS = frozenset(
    {"-h", "--help", "--version", "--install-completion", "--show-completion"}
)


def _command_first(argv: list[str], commands: Any) -> list[str]:
    """`directive --lang en list -b snv` → `directive list --lang en -b snv`.

    Options every command takes (--lang, --db, --data, --as-of) are often typed before the
    command's name, as in git; Click would refuse them there.
    """
    if not argv or not argv[0].startswith("-") or argv[0] in _GROUP_OPTIONS:
        return argv
    at = next((i for i, arg in enumerate(argv) if arg in commands), None)
    if at is None or any(a in _GROUP_OPTIONS for a in argv[:at]):
        return argv
    return [argv[at], *argv[:at], *argv[at + 1 :]]


def usage_error(exc: Any, command: str) -> str:
    """One line for a mistake Click found while parsing, in the clerk's language."""
    import difflib
    import re

    from typer._click import exceptions as click
    from typer.core import TyperOption

    fix = t("err.see_help", command=f"{command} -h")

    def name_of(param: Any) -> str:
        return str(param.opts[0] if isinstance(param, TyperOption) else param.name.upper())

    if isinstance(exc, click.NoSuchOption):
        near = ", ".join(sorted(exc.possibilities or ()))
        hint = f"; {t('did_you_mean', names=near)}" if near else ""
        return f"{t('err.no_such_option', name=exc.option_name)}{hint}; {fix}"
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return f"{t('err.missing_param', name=name_of(exc.param))}; {fix}"
    if isinstance(exc, click.BadOptionUsage) and "requires an argument" in exc.message:
        return f"{t('err.option_needs_value', name=exc.option_name)}; {fix}"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        number = re.match(r"'(.*)' is not a valid int", exc.message) or re.match(
            r"(.*) is not in the range x>=1", exc.message
        )
        reason = t("err.not_a_count", value=number.group(1)) if number else exc.message
        return f"{name_of(exc.param)}: {reason}; {fix}"
    message = exc.format_message()
    unknown = re.match(r"No such command '(.*?)'", message)
    if unknown:
        ctx = getattr(exc, "ctx", None)
        names = sorted(getattr(ctx.command, "commands", {})) if ctx is not None else []
        near = ", ".join(difflib.get_close_matches(unknown.group(1), names, n=3))
        hint = f"; {t('did_you_mean', names=near)}" if near else ""
        return f"{t('err.no_such_command', name=unknown.group(1))}{hint}; {fix}"
    if message.startswith("Got unexpected extra argument"):
        extra = message[message.rfind("(") + 1 : message.rfind(")")]
        return f"{t('err.extra_args', args=extra)}; {fix}"
    return f"{message}; {fix}"


app = typer.Typer(
    name="directive",
    cls=DirectiveGroup,
    help="Track the carrying out of directives (Official Letter 2167/UBND-KTTH): what each"
    " body owes, by when, and whether it is done.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"directive-cli {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_show_version, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Track the carrying out of directives (Official Letter 2167/UBND-KTTH): what each body
    owes, by when, and whether it is done."""


# --- completion -------------------------------------------------------------------------------


def _completion_catalog() -> Catalog | None:
    try:
        # The cached catalog: a Tab press must answer at once.
        return catalog(
            Path(os.environ["DIRECTIVE_DATA"]) if os.environ.get("DIRECTIVE_DATA") else None
        )
    except DirectiveError:
        return None  # a broken data file must not break the shell


def complete_body(incomplete: str) -> list[tuple[str, str]]:
    """Body ids and abbreviations, matched without diacritics."""
    from .text import squash

    cat = _completion_catalog()
    if cat is None:
        return []
    key = squash(incomplete)
    out = []
    for b in sorted(cat.registry.bodies, key=lambda b: cat.registry.protocol_key(b.id)):
        seen: set[str] = set()
        for label in (b.id, *b.aliases):
            folded = squash(label)
            if folded.startswith(key) and " " not in label and folded not in seen:
                seen.add(folded)
                out.append((label, b.name))
    return out


def complete_clause(incomplete: str) -> list[tuple[str, str]]:
    cat = _completion_catalog()
    if cat is None:
        return []
    return [
        (c.id, c.title)
        for d in cat.directives
        for c in d.clauses
        if c.id.startswith(incomplete.casefold())
    ]


def complete_ref(incomplete: str) -> list[tuple[str, str]]:
    """CLAUSE first, then CLAUSE:BODY for the bodies that owe that clause."""
    cat = _completion_catalog()
    if cat is None:
        return []
    if ":" not in incomplete:
        return complete_clause(incomplete)
    clause, _, body = incomplete.partition(":")
    return [
        (f"{t_.clause}:{t_.body}", cat.registry.body(t_.body).name)
        for d in cat.directives
        for t_ in d.tasks
        if t_.clause == clause and t_.body.startswith(body.casefold())
    ]


def complete_status(incomplete: str) -> list[tuple[str, str]]:
    return [(s.value, t(f"status.{s.value}")) for s in Status if s.value.startswith(incomplete)]


def complete_group(incomplete: str) -> list[tuple[str, str]]:
    cat = _completion_catalog()
    groups = cat.registry.groups if cat else ()
    return [(g.id, g.name) for g in groups if g.id.startswith(incomplete)]


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def shell_name() -> str | None:
    """The user's shell: from the parent process, else $SHELL, else PowerShell on Windows."""
    try:
        import shellingham  # type: ignore[import-untyped]

        return str(shellingham.detect_shell()[0]).lower()
    except Exception:  # shellingham fails under cron, IDEs and some containers
        pass
    env = Path(os.environ.get("SHELL", "")).name.lower()
    if env in SHELLS:
        return env
    return "powershell" if os.name == "nt" else None


def _patch_shell_detection() -> None:
    # Typer's --install-completion/--show-completion give up when the parent process is not a
    # shell; route them through the same fallback as `directive completion`.
    from typer import _completion_shared, completion

    _completion_shared._get_shell_name = shell_name
    completion._get_shell_name = shell_name  # type: ignore[attr-defined]


# --- shared options -------------------------------------------------------------------------

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="DIRECTIVE_DATA",
        show_envvar=True,
        help="Directive file or folder (with bodies.yaml); default: the bundled 2167.",
    ),
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="DIRECTIVE_DB",
        show_envvar=True,
        help="Progress database; default: the per-user app folder.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        envvar="DIRECTIVE_AS_OF",
        show_envvar=True,
        help="Judge deadlines as of this day (16/5/2023 or 2023-05-16); default today.",
    ),
]
FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        envvar="DIRECTIVE_LANG",
        show_envvar=True,
        help="Language of labels: vi (default) or en.",
    ),
]
LimitOpt = Annotated[
    int, typer.Option("--limit", "-n", min=1, help="Rows shown in a table (machine formats: all).")
]
AllOpt = Annotated[bool, typer.Option("--all", "-a", help="Show every row in a table.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (csv, json, jsonl, md; the format from the"
        " extension unless --format is given); CSV gets a BOM so Excel reads Vietnamese.",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")]

TABLE_LIMIT = 100


def db_path(option: Path | None) -> Path:
    """Option → DIRECTIVE_DB (Typer reads it) → the per-user app folder."""
    if option is not None:
        return option
    return Path(typer.get_app_dir("directive-cli")) / "progress.db"


def today() -> date:
    return date.today()


def now_stamp() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def who(option: str | None) -> str:
    if option and option.strip():
        return option.strip()
    env = os.environ.get("DIRECTIVE_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors when no user name exists (containers)
        return "unknown"


def read_date(value: str | None, option: str, default: date | None = None) -> date:
    if value is None:
        if default is None:
            raise InvalidInput(f"{option}: {t('err.date_required')}")
        return default
    if not value.strip():
        # `--on ""` (an unset variable in a script) must not quietly become today.
        raise InvalidInput(f"{option}: {t('err.date_required')}")
    if value.strip().lower() in ("today", "hom nay", "hôm nay"):
        return today()
    try:
        return parse_date(value)
    except DateError as exc:
        raise InvalidInput(f"{option}: {exc}") from None


def check_format(value: str) -> str:
    fmt = value.strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(f"--format: {t('err.format', value=value, names=', '.join(FORMATS))}")
    return fmt


# --- error handling -------------------------------------------------------------------------


def warn(message: str) -> None:
    """One line on stderr (a network drive …), never mixed into a report on stdout."""
    sys.stderr.write(f"{t('warning')}: {printable(message, keep_newlines=False)}\n")


def fail(message: str, code: Exit) -> typer.Exit:
    """Write one line to stderr and return the Exit to raise."""
    # A message may quote what a clerk or a file typed: never let it drive the terminal.
    sys.stderr.write(f"{t('error')}: {printable(message, keep_newlines=False)}\n")
    return typer.Exit(int(code))


F = TypeVar("F", bound=Callable[..., Any])


def handled(func: F) -> F:
    """Turn the core's exceptions into one line on stderr and a named exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.pop("lang", None)
        try:
            i18n.set_lang(lang)
            return func(*args, **kwargs)
        except DirectiveError as exc:
            more = len(exc.problems) - 1
            suffix = " " + t("err.more_problems", n=more) if more else ""
            raise fail(f"{exc.problems[0]}{suffix}", Exit.DATA) from None
        except Ambiguous as exc:
            raise fail(exc.message, Exit.AMBIGUOUS) from None
        except NotFound as exc:
            names = ", ".join(exc.suggestions)
            hint = f"; {t('did_you_mean', names=names)}" if names else ""
            fix = f"; {exc.fix}" if exc.fix else ""
            raise fail(exc.message + hint + fix, Exit.NOT_FOUND) from None
        except InvalidInput as exc:
            raise fail(str(exc), Exit.USAGE) from None
        except StoreError as exc:
            raise fail(str(exc), Exit.STORE) from None
        except OutputError as exc:
            raise fail(str(exc), Exit.OUTPUT) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except BrokenPipeError:
            _pipe_closed()

    # Typer builds options from the signature: add --lang to every command.
    import inspect

    sig = inspect.signature(func, eval_str=True)
    params = list(sig.parameters.values())
    params.append(
        inspect.Parameter("lang", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=LangOpt)
    )
    wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


# --- loading --------------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """DIRECTIVE_CACHE (a folder, or "off"), else the per-user app folder."""
    env = os.environ.get("DIRECTIVE_CACHE", "").strip()
    if env.lower() in ("off", "0", "no"):
        return None
    return Path(env) if env else Path(typer.get_app_dir("directive-cli")) / "cache"


def catalog(data: Path | None) -> Catalog:
    from .cache import load_cached

    return load_cached(data, cache_dir())


def catalog_of_bodies(data: Path | None, bodies: Sequence[str], groups: Sequence[str]) -> Catalog:
    """The catalog cut to the tasks of the bodies and groups typed (read from the task index)."""
    from .bodies import find_body, find_group
    from .cache import load_for_bodies

    def pick(registry: Registry) -> set[str]:
        chosen = {find_body(registry, b).id for b in bodies}
        for g in groups:
            chosen.update(b.id for b in registry.members(find_group(registry, g).id))
        return chosen

    return load_for_bodies(data, cache_dir(), pick)


@contextmanager
def opened_store(
    db: Path | None, *, create: bool = False, shows_state: bool = True
) -> Iterator[Any]:
    """The progress store; `shows_state`: warn when a named database is missing (a typo in
    --db would otherwise show every task as not started)."""
    from .store import SqliteStore

    # Typer fills `db` from --db or DIRECTIVE_DB: a path someone typed, announced when new.
    store = SqliteStore(db_path(db), create=create, on_warning=warn, announce_new=db is not None)
    if shows_state and db is not None and not create and not store.exists:
        warn(t("db.missing", path=store.path))
    try:
        yield store
    finally:
        store.close()


def task_views(
    cat: Catalog, store: Any, as_of: date, only: Filters | None = None, *, details: bool = True
) -> list[TaskView]:
    bodies: set[str] | None = None
    if only and (only.bodies or only.groups):
        # Only the filtered bodies' rows leave the database (a superset when both are given).
        bodies = set(only.bodies) | {b.id for g in only.groups for b in cat.registry.members(g)}
    return views(cat, progress_as_of(store, as_of, bodies, details=details), as_of, only)


def progress_as_of(
    store: Any, as_of: date, bodies: set[str] | None = None, *, details: bool = True
) -> dict[str, dict[tuple[str, str], Progress]]:
    """Each task's state as it stood at the end of `as_of`.

    A past day replays the history: a list "as of 30/6/2023" must not show as done a task
    whose report came in July. Today or later reads the `current` table (the fast path:
    `mark --on` refuses dates after today, so nothing there is effective later).
    """
    if as_of >= today():
        return store.progress_of(bodies, details=details)  # type: ignore[no-any-return]
    return store.states_as_of(as_of, bodies, details=details)  # type: ignore[no-any-return]


# --- rendering helpers ----------------------------------------------------------------------

_STYLE = {
    Timeliness.OVERDUE: "red",
    Timeliness.LATE: "red",
    Timeliness.DUE_SOON: "yellow",
    Timeliness.ON_TIME: "green",
}


def task_record(v: TaskView) -> dict[str, Any]:
    """A `list` item: exactly the documented keys, stable across versions."""
    p = v.progress
    return {
        "task": v.ref,
        "directive": v.directive.id,
        "clause": v.clause.id,
        "title": v.clause.title,
        "body": v.body.id,
        "body_name": v.body.name,
        "group": v.group,
        "role": v.task.role.value,
        "status": v.status.value,
        "timeliness": v.timeliness.value,
        "due": v.due.isoformat() if v.due else None,
        "due_text": v.clause.deadline.source,
        "deadline_kind": v.clause.deadline.kind.value,
        "days_overdue": v.days_overdue,
        "updated_at": p.updated_at if p else None,
        "note": p.note if p else None,
        "evidence": p.evidence if p else None,
    }


def mark_record(m: Any) -> dict[str, Any]:
    """A `history` item."""
    return {
        "id": m.id,
        "batch": m.batch,
        "task": m.ref,
        "directive": m.directive,
        "status": m.status.value,
        "previous_status": m.previous_status.value if m.previous_status else None,
        "effective_on": m.effective_on.isoformat(),
        "recorded_at": m.recorded_at,
        "by": m.by,
        "note": m.note,
        "evidence": m.evidence,
        "undoes": m.undoes,
    }


def emit(
    fmt: str,
    records: Sequence[dict[str, Any]],
    keys: Sequence[str],
    headers: Sequence[str],
    table: Callable[[], None],
    md: Callable[[], tuple[list[dict[str, Any]], list[str], list[str]]] | None = None,
    output: Path | None = None,
    force: bool = False,
) -> None:
    """Machine formats carry every row; the table is left to the caller's renderer.

    `md`, when given, builds the Markdown rows for people (labels and dates as the table
    shows them, under translated headers) instead of the raw machine keys and values.
    """
    if fmt == "table":
        table()
        return
    if fmt == "md" and md is not None:
        records, keys, headers = md()
    from .render import machine

    out: Any = sys.stdout if output is None else io.StringIO()
    if fmt == "json":
        machine.write_json(records, out)
    elif fmt == "jsonl":
        machine.write_jsonl(records, out)
    elif fmt == "csv":
        machine.write_csv(records, keys, out)
    else:
        machine.write_md(records, keys, headers, out)
    if output is not None:
        from .atomic import write_atomic

        # The BOM makes Excel read UTF-8 instead of the Windows code page.
        write_atomic(output, out.getvalue().encode("utf-8-sig" if fmt == "csv" else "utf-8"), force)
        if sys.stdout.isatty():
            sys.stdout.write(t("written", path=str(output), n=len(records)) + "\n")


OUTPUT_FORMATS = ("csv", "json", "jsonl", "md")


def check_output(fmt: str, output: Path | None, force: bool) -> str:
    """The format to write --output in; refused before any work when it cannot be written."""
    if output is None:
        return fmt
    from .atomic import check_target

    suffix = output.suffix.lower().lstrip(".")
    if fmt == "table":
        if suffix not in OUTPUT_FORMATS:
            raise InvalidInput(f"--output: {t('err.output_format', path=output)}")
        fmt = suffix
    elif suffix in OUTPUT_FORMATS and suffix != fmt:
        raise InvalidInput(f"--format: {t('err.format_vs_suffix', fmt=fmt, path=output)}")
    check_target(output, force)
    return fmt


def limited(rows: Sequence[Any], limit: int, show_all: bool) -> tuple[Sequence[Any], int]:
    if show_all or len(rows) <= limit:
        return rows, 0
    return rows[:limit], len(rows) - limit


def date_text(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# --- commands -------------------------------------------------------------------------------


@app.command("list", rich_help_panel=PANEL_LOOK)
@handled
def list_(
    body: Annotated[
        list[str] | None,
        typer.Option(
            "--body",
            "-b",
            autocompletion=complete_body,
            help="Body id, alias or name (repeat for OR): SNV, 'so noi vu'.",
        ),
    ] = None,
    group: Annotated[
        list[str] | None,
        typer.Option(
            "--group",
            "-g",
            autocompletion=complete_group,
            help="Group: g1 (sở, ban ngành), g2 (Trung ương), g3 (huyện).",
        ),
    ] = None,
    clause: Annotated[
        list[str] | None,
        typer.Option(
            "--clause",
            "-c",
            autocompletion=complete_clause,
            help="Clause id; 1 also matches 1a–1d.",
        ),
    ] = None,
    directive: Annotated[
        list[str] | None,
        typer.Option(
            "--directive",
            "-d",
            help="Directive: id (2167-2023), number or reference (repeat for OR).",
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            autocompletion=complete_status,
            help="todo, in_progress, done, blocked (or Vietnamese words).",
        ),
    ] = None,
    timeliness: Annotated[
        list[str] | None,
        typer.Option(
            "--timeliness", "-t", help="on_time, late, in_time, due_soon, overdue, no_deadline."
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue tasks.")] = False,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Due on or before this day.")
    ] = None,
    due_after: Annotated[
        str | None, typer.Option("--due-after", help="Due on or after this day.")
    ] = None,
    search: Annotated[
        list[str] | None,
        typer.Option("--search", "-q", help="Words in the clause text, title, note or evidence."),
    ] = None,
    role: Annotated[
        list[str] | None, typer.Option("--role", help="lead (chủ trì) or support (phối hợp).")
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help=f"Order: {', '.join(SORTS)}.")] = "clause",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    limit: LimitOpt = TABLE_LIMIT,
    show_all: AllOpt = False,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """List tasks (one clause × one body) with status and timeliness.

    Examples:
      directive list --body SNV
      directive list --group g3 --clause 1a --status todo
      directive list --overdue --as-of 30/6/2023 --format csv
    """
    from .bodies import find_body, find_group

    fmt = check_output(check_format(fmt), output, force)
    day = read_date(as_of, "--as-of", today())
    # Filtered by body and not by clause, a list needs only those bodies' tasks: the task
    # index serves them without loading the whole province. (A clause filter is checked
    # against every clause, so it takes the whole catalog.)
    cat = (
        catalog_of_bodies(data, body or (), group or ())
        if (body or group) and not clause
        else catalog(data)
    )
    only = tuple(dict.fromkeys(find_directive(cat, d).id for d in directive or ()))
    named = clause_directives(cat, clause or ())
    if only and set(named) - set(only):
        # `-c 3091-2023#1 -d 815` can match nothing: say so rather than list nothing.
        raise InvalidInput(
            t(
                "err.clause_outside",
                clauses=", ".join(
                    c for c in clause or () if _split_directive(c)[1] not in (None, *only)
                ),
                directives=", ".join(only),
            )
        )
    filters = Filters(
        bodies=tuple(find_body(cat.registry, b).id for b in body or ()),
        groups=tuple(find_group(cat.registry, g).id for g in group or ()),
        clauses=tuple(find_clause_pattern(cat, c, only) for c in clause or ()),
        directives=named,
        in_directives=only,
        statuses=tuple(parse_status(s) for s in status or ()),
        timeliness=tuple(parse_timeliness(x) for x in timeliness or ()),
        roles=tuple(parse_role(r) for r in role or ()),
        overdue=overdue,
        due_before=read_date(due_before, "--due-before") if due_before else None,
        due_after=read_date(due_after, "--due-after") if due_after else None,
        search=tuple(search or ()),
    )
    with opened_store(db) as store:
        # A table shows no note, evidence or update time: read them only when something does.
        details = fmt != "table" or bool(filters.search) or sort == "updated"
        rows = sort_views(
            [v for v in task_views(cat, store, day, filters, details=details) if filters.keep(v)],
            sort,
        )
    # A table never reads the records: at 100,000 tasks they cost a third of a second.
    records = [task_record(v) for v in rows] if fmt not in ("table", "md") else []
    emit(
        fmt,
        records,
        LIST_KEYS,
        LIST_KEYS,
        lambda: _list_table(cat, rows, day, limit, show_all),
        md=lambda: _list_md(cat, rows, day),
        output=output,
        force=force,
    )


def _timeliness_text(v: TaskView, as_of: date) -> str:
    text = t(f"timeliness.{v.timeliness.value}")
    if v.days_overdue:
        return text + f" ({t('days', n=v.days_overdue)})"
    if v.timeliness is Timeliness.DUE_SOON and v.due is not None:
        return text + f" ({t('days_left', n=(v.due - as_of).days)})"
    return text


def _list_md(
    cat: Catalog, rows: Sequence[TaskView], as_of: date
) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """`list --format md`: what a clerk pastes into a report, in the clerk's language."""
    keys = ["task", "title", "body", "role", "status", "timeliness", "due", "evidence", "note"]
    headers = [t(f"col.{k}") for k in keys]
    ref = _ref_of(cat)
    records = [
        {
            "task": ref(v.task),
            "title": v.clause.title,
            "body": v.body.name,
            "role": t(f"role.{v.task.role.value}"),
            "status": t(f"status.{v.status.value}"),
            "timeliness": _timeliness_text(v, as_of),
            "due": date_text(v.due),
            "evidence": v.progress.evidence if v.progress else None,
            "note": v.progress.note if v.progress else None,
        }
        for v in rows
    ]
    return records, keys, headers


LIST_KEYS = [
    "task",
    "directive",
    "clause",
    "title",
    "body",
    "body_name",
    "group",
    "role",
    "status",
    "timeliness",
    "due",
    "due_text",
    "deadline_kind",
    "days_overdue",
    "updated_at",
    "note",
    "evidence",
]


def find_clause_pattern(cat: Catalog, typed: str, within: Sequence[str] = ()) -> str:
    """A --clause value must name a real clause (or a heading whose parts it covers); with
    --directive, a clause id alone is looked up in those directives only."""
    clause, directive = _split_directive(typed)
    if directive is not None or not within:
        return find_clause(cat, clause, directive)[1].id
    first: NotFound | None = None
    for d in within:
        try:
            return find_clause(cat, clause, d)[1].id
        except NotFound as exc:
            first = first or exc
    assert first is not None
    raise first


def clause_directives(cat: Catalog, typed: Sequence[str]) -> tuple[str, ...]:
    """Directives named in --clause values as `DIRECTIVE#CLAUSE` (checked to exist)."""
    named = []
    for value in typed:
        clause, directive = _split_directive(value)
        if directive is not None:
            named.append(find_clause(cat, clause, directive)[0].id)
    return tuple(dict.fromkeys(named))


def _split_directive(typed: str) -> tuple[str, str | None]:
    """`2167-2023#3.1` → ("3.1", "2167-2023"); `3.1` → ("3.1", None)."""
    directive, sep, clause = typed.rpartition("#")
    return (clause, directive.strip()) if sep else (typed, None)


def _ref_of(cat: Catalog | None) -> Callable[[Task | Mark], str]:
    """How tasks and marks are named: in short only when `cat` holds one directive and it is
    theirs (a mark of another directive, or `cat` None for data that could not be read, gets
    the long form)."""
    sole = cat.directives[0].id if cat is not None and len(cat.directives) == 1 else None
    return lambda x: task_name(x.directive, x.ref, sole)


def _list_table(
    cat: Catalog, rows: Sequence[TaskView], day: date, limit: int, show_all: bool
) -> None:
    from .render.table import Column, make_console, print_table

    console = make_console(plain_ok=True)
    if not rows:
        console.print(t("no_tasks"))
        return
    shown, more = limited(rows, limit, show_all)
    columns = [
        Column(t("col.task"), no_wrap=True),
        Column(t("col.body"), ratio=3),
        Column(t("col.status"), no_wrap=True),
        Column(t("col.timeliness"), no_wrap=True),
        Column(t("col.due"), no_wrap=True),
    ]
    ref = _ref_of(cat)
    # Statuses, timeliness and dates repeat down a long list: each text is made once.
    statuses = {s: t(f"status.{s.value}") for s in Status}
    standings: dict[tuple[Timeliness, int, date | None], str] = {}
    dates: dict[date | None, str] = {}

    def standing_text(v: TaskView) -> str:
        key = (v.timeliness, v.days_overdue, v.due)
        text = standings.get(key)
        if text is None:
            text = standings[key] = _timeliness_text(v, day)
        return text

    def due_text(due: date | None) -> str:
        text = dates.get(due)
        if text is None:
            text = dates[due] = date_text(due)
        return text

    # A generator: print_table keeps the one copy of the cells it lays out.
    cells = (
        [ref(v.task), v.body.name, statuses[v.status], standing_text(v), due_text(v.due)]
        for v in shown
    )
    listed = list(dict.fromkeys(v.directive.reference for v in rows))
    title = (
        t("list_title", ref=", ".join(listed))
        if len(listed) <= i18n.TITLE_REFS
        else t("list_title_many", n=len(listed))
    )
    caption = t("more_rows", n=more) if more else None
    print_table(
        console,
        columns,
        cells,
        styles=[_STYLE.get(v.timeliness) for v in shown],
        title=f"{title} — {t('as_of', day=date_text(day))}",
        caption=caption,
    )


@app.command(rich_help_panel=PANEL_LOOK)
@handled
def show(
    ref: Annotated[
        str,
        typer.Argument(
            help="A clause (3.1) or a task (3.1:vpub, 4:SNV).", autocompletion=complete_ref
        ),
    ],
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Show a clause like the letter: text, deadline and its source, each body's status, history.

    Examples:
      directive show 3.1
      directive show "4:so noi vu"
    """
    from .render.table import Column, cell, make_console, print_table

    day = read_date(as_of, "--as-of", today())
    cat = catalog(data)
    target = parse_ref(cat, ref)
    clause, directive = target.clause, target.directive
    tasks = target.tasks()
    with opened_store(db) as store:
        progress = progress_as_of(store, day, {tk.body for tk in tasks})
        history = store.history([(directive.id, tk.clause, tk.body) for tk in tasks])
    rows = [v for v in views(cat, progress, day) if v.task in tasks]
    rows = sort_views(rows)
    console = make_console(plain_ok=True)
    out: list[str] = [f"{directive.reference} — {t('col.clause')} {clause.id}. {clause.title}", ""]
    out.append(clause.text)
    if clause.note:
        out.append(f"({clause.note})")
    out.append("")
    if clause.heading:
        out.append(t("heading_clause"))
    else:
        dl = clause.deadline
        when = date_text(dl.due) if dl.due else ""
        src = f"«{dl.source}»" if dl.source else t("no_source")
        out.append(
            f"{t('col.deadline')}: {t('kind.' + dl.kind.value)}"
            + (f" {when}" if when else "")
            + f" — {t('col.source')}: {src}"
        )
        if dl.note:
            out.append(f"  ({dl.note})")
        for r in clause.responsible:
            if r.related:
                out.append(f"{t('role.' + r.role.value)}: " + t("related_open", text=r.related))
        if clause.partners:
            out.append(f"{t('partners')}: {'; '.join(clause.partners)}")
    for line in out:
        console.print(cell(line))
    name = _ref_of(cat)
    if rows:
        cells = [
            [
                name(v.task),
                v.body.name,
                t(f"role.{v.task.role.value}"),
                t(f"status.{v.status.value}"),
                t(f"timeliness.{v.timeliness.value}"),
                date_text(v.due),
            ]
            for v in rows
        ]
        print_table(
            console,
            [
                Column(t("col.task"), no_wrap=True),
                Column(t("col.body")),
                Column(t("col.role")),
                Column(t("col.status")),
                Column(t("col.timeliness")),
                Column(t("col.due")),
            ],
            cells,
            styles=[_STYLE.get(v.timeliness) for v in rows],
            title=t("as_of", day=date_text(day)),
        )
    if history:
        # With a past --as-of, the marks effective later are listed too, but flagged: the
        # statuses above do not count them.
        later = any(m.effective_on > day for m in history)
        _history_table(
            console,
            history,
            name,
            after=day if later else None,
            caption=t("later_marks", day=date_text(day)) if later else None,
        )


@app.command(rich_help_panel=PANEL_RECORD)
@handled
def mark(
    status: Annotated[
        str,
        typer.Argument(
            help="todo, in_progress, done, blocked (or: 'hoàn thành', 'dang thuc hien').",
            autocompletion=complete_status,
        ),
    ],
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
            "--on", help="Effective date: the date of the evidence document (default today)."
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
    """
    from .bodies import find_body, find_group
    from .store import NewMark

    new_status = parse_status(status)
    effective = read_date(on, "--on", today())
    if effective > today():
        # A report cannot be dated tomorrow: a later date is a typo (2062 for 2026) that
        # would also make the task look done in every list until that day.
        raise InvalidInput(f"--on: {t('err.on_future', day=date_text(effective))}")
    cat = catalog(data)
    by_filter = bool(body or group or clause)
    if by_filter and refs:
        # "4:snv -b snv" could mean one task or six: say so rather than mark the union.
        raise InvalidInput(t("err.refs_and_filters"))
    tasks = resolve_tasks(cat, refs or [])
    if by_filter:
        filters = Filters(
            bodies=tuple(find_body(cat.registry, b).id for b in body or ()),
            groups=tuple(find_group(cat.registry, g).id for g in group or ()),
            clauses=tuple(find_clause_pattern(cat, c) for c in clause or ()),
            directives=clause_directives(cat, clause or ()),
        )
        tasks = [v.task for v in views(cat, {}, effective, filters)]
        if not tasks:
            raise NotFound(t("err.no_task_matches"))
    if not tasks:
        raise InvalidInput(t("err.nothing_named"))
    early = sorted(
        {
            cat.directive(tk.directive).reference
            for tk in tasks
            if effective < cat.directive(tk.directive).issued_on
        }
    )
    if early:
        warn(t("warn.on_before_issue", day=date_text(effective), refs=", ".join(early)))
    gone = sorted(
        {
            tk.body
            for tk in tasks
            if (end := cat.registry.body(tk.body).valid_to) and effective > end
        },
        key=cat.registry.protocol_key,
    )
    if gone:
        # A district merged away (valid_to) cannot report after that day: likely a wrong --on.
        names = ", ".join(f"{b} ({date_text(cat.registry.body(b).valid_to)})" for b in gone)
        warn(t("warn.body_ended", day=date_text(effective), names=names))
    if by_filter and not yes:
        _confirm_many(cat, tasks, new_status)
    marks = [
        NewMark(tk.directive, tk.clause, tk.body, new_status, effective, who(by), note, evidence)
        for tk in tasks
    ]
    with opened_store(db, create=True) as store:
        stored = store.record(marks, now_stamp())
        now = store.current_of([(m.directive, m.clause, m.body) for m in stored])
    sys.stdout.write(t("marked", n=len(stored), batch=stored[0].batch) + "\n")
    name = _ref_of(cat)
    for m in stored:
        sys.stdout.write(
            f"  {name(m)}: {t('status.' + (m.previous_status or Status.TODO).value)}"
            f" → {t('status.' + m.status.value)} ({date_text(m.effective_on)})\n"
        )
    for m in stored:
        # A backdated mark goes into the history, but a mark effective later still decides
        # the task's status today: say so, or the clerk believes the line above.
        cur = now.get((m.directive, m.clause, m.body))
        # Same status: the mark joins the run and may move the day it began (a correction).
        if cur is not None and cur.effective_on > m.effective_on and cur.status is not m.status:
            warn(
                t(
                    "warn.later_mark",
                    ref=name(m),
                    day=date_text(cur.effective_on),
                    status=t("status." + cur.status.value),
                )
            )


CONFIRM_ALL = 60  # a confirmation lists this many tasks in full
CONFIRM_SHOWN = 40  # and of a longer batch, the first these many


def _confirm_many(cat: Catalog, tasks: Sequence[Task], status: Status) -> None:
    sys.stdout.write(t("will_mark", status=t("status." + status.value), n=len(tasks)) + "\n")
    name = _ref_of(cat)
    # Every task up to CONFIRM_ALL (a clerk agrees to what is shown), else the first ones.
    shown = tasks if len(tasks) <= CONFIRM_ALL else tasks[:CONFIRM_SHOWN]
    width = max(len(name(tk)) for tk in shown)
    for tk in shown:
        sys.stdout.write(f"  {name(tk):<{width}}  {cat.registry.body(tk.body).name}\n")
    if len(shown) < len(tasks):
        sys.stdout.write(f"  {t('more_tasks', n=len(tasks) - len(shown))}\n")
    if not _interactive():
        # A scheduler or a pipe cannot answer: refuse rather than guess.
        raise fail(t("err.needs_yes", n=len(tasks)), Exit.CANCELLED)
    if not _agreed(t("confirm")):
        raise fail(t("cancelled"), Exit.CANCELLED)


def _interactive() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


# A clerk answers in Vietnamese as readily as in English; anything else (Enter included) is no.
_YES = frozenset({"y", "yes", "c", "co", "dong y", "ok"})


def _agreed(question: str) -> bool:
    from .text import fold

    sys.stdout.write(f"{question} [{t('confirm_keys')}]: ")
    sys.stdout.flush()
    return " ".join(fold(sys.stdin.readline()).split()) in _YES


@app.command(rich_help_panel=PANEL_LOOK)
@handled
def history(
    ref: Annotated[
        str | None,
        typer.Argument(help="A clause or task; default: everything.", autocompletion=complete_ref),
    ] = None,
    body: Annotated[
        list[str] | None,
        typer.Option(
            "--body", "-b", autocompletion=complete_body, help="Only these bodies' marks."
        ),
    ] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    limit: LimitOpt = TABLE_LIMIT,
    show_all: AllOpt = False,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Show who recorded what and when (append-only; undo adds events, never removes).

    Examples:
      directive history
      directive history 4:snv --format json
      directive history --body "so noi vu"
    """
    from .bodies import find_body

    fmt = check_output(check_format(fmt), output, force)
    # Without a ref only the registry is needed (to read --body): the task index gives it
    # without the whole province.
    cat = catalog(data) if ref is not None else catalog_of_bodies(data, body or (), ())
    only = {find_body(cat.registry, b).id for b in body or ()} or None
    # A table shows the newest `limit` events: only those leave the database, and the rest
    # are counted (a province's million events took 6 s and 1 GB to read for 50 rows).
    newest = limit if fmt == "table" and not show_all and ref is None else None
    older = 0
    with opened_store(db) as store:
        if ref is None:
            marks = store.history(bodies=only, last=newest)
            if newest is not None:
                older = store.count_history(only) - len(marks)
        else:
            target = parse_ref(cat, ref)
            marks = store.history(
                [(target.directive.id, tk.clause, tk.body) for tk in target.tasks()], only
            )
    records = [mark_record(m) for m in marks] if fmt not in ("table", "md") else []
    name = _ref_of(cat)

    def table() -> None:
        from .render.table import make_console

        console = make_console(plain_ok=True)
        if not marks:
            console.print(t("no_history"))
            return
        shown, more = limited(list(reversed(marks)), limit, show_all)
        more += older
        _history_table(
            console, list(reversed(shown)), name, caption=t("more_rows", n=more) if more else None
        )

    def md() -> tuple[list[dict[str, Any]], list[str], list[str]]:
        keys = ["id", "task", "change", "effective_on", "by", "recorded_at", "evidence_note"]
        headers = [t("col.event"), *(t(f"col.{k}") for k in keys[1:])]
        return (
            [
                {
                    "id": m.id,
                    "task": name(m),
                    "change": _change_text(m),
                    "effective_on": date_text(m.effective_on),
                    "by": m.by,
                    "recorded_at": m.recorded_at.replace("T", " ")[:16],
                    "evidence_note": _evidence_note(m),
                }
                for m in marks
            ],
            keys,
            headers,
        )

    emit(fmt, records, HISTORY_KEYS, HISTORY_KEYS, table, md=md, output=output, force=force)


def _change_text(m: Any) -> str:
    return (
        f"{t('status.' + (m.previous_status or Status.TODO).value)} → "
        f"{t('status.' + m.status.value)}"
    )


def _evidence_note(m: Any) -> str:
    note = "; ".join(x for x in (m.evidence, m.note) if x)
    if m.undoes:
        note = t("undo_of", id=m.undoes) + (f"; {note}" if note else "")
    return note


HISTORY_KEYS = [
    "id",
    "batch",
    "task",
    "directive",
    "status",
    "previous_status",
    "effective_on",
    "recorded_at",
    "by",
    "note",
    "evidence",
    "undoes",
]


def _history_table(
    console: Any,
    marks: Sequence[Mark],
    name: Callable[[Task | Mark], str],
    caption: str | None = None,
    after: date | None = None,
) -> None:
    """`after`: marks effective later than this day get a "*"."""
    from .render.table import Column, print_table

    cells = []
    for m in marks:
        recorded = m.recorded_at.replace("T", " ")[:16]
        flag = "*" if after is not None and m.effective_on > after else ""
        cells.append(
            [
                f"#{m.id}{flag}",
                name(m),
                _change_text(m),
                date_text(m.effective_on),
                f"{m.by}, {recorded}",
                _evidence_note(m),
            ]
        )
    print_table(
        console,
        [
            Column("#", no_wrap=True),
            Column(t("col.task"), no_wrap=True),
            Column(t("col.change"), ratio=2),
            Column(t("col.effective_on"), no_wrap=True),
            Column(t("col.by"), ratio=2),
            Column(t("col.evidence_note"), ratio=3),
        ],
        cells,
        title=t("history_title"),
        caption=caption,
    )


@app.command(rich_help_panel=PANEL_RECORD)
@handled
def undo(
    by: Annotated[str | None, typer.Option("--by", help="Who undoes it.")] = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Reverse the last batch of marks by appending compensating events.

    Example:
      directive undo
    """
    # Tasks named as `list` names them: the directive headers tell whether there are several
    # (read from the task index, without any task), before anything is undone. Data that
    # cannot be read does not block an undo, whose tasks are then named in full.
    try:
        name = _ref_of(catalog_of_bodies(data, (), ()))
    except DirectiveError:
        name = _ref_of(None)
    with opened_store(db) as store:
        if not store.exists:
            raise NotFound(t("nothing_to_undo"))
        events = store.undo_last(who(by), now_stamp())
        if not events:
            raise NotFound(t("nothing_to_undo"))
        # Name the batch the clerk undid (the one `mark` printed), then the batch that
        # records the undo: every event of an undo points at an event of the undone batch.
        [undone] = [
            m
            for m in store.history([(events[0].directive, events[0].clause, events[0].body)])
            if m.id == events[0].undoes
        ]
    sys.stdout.write(t("undone", batch=undone.batch, n=len(events), new=events[0].batch) + "\n")
    for m in events:
        sys.stdout.write(
            f"  {name(m)}: {t('status.' + (m.previous_status or Status.TODO).value)}"
            f" → {t('status.' + m.status.value)}\n"
        )


@app.command(rich_help_panel=PANEL_REPORT)
@handled
def summary(
    group: Annotated[
        list[str] | None, typer.Option("--group", "-g", help="Only these groups.")
    ] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """One row per body, grouped G1/G2/G3: done on time/late, not done in time/overdue, %.

    Examples:
      directive summary
      directive summary --as-of 30/6/2023 --format csv
    """
    from .bodies import find_group
    from .report import summarize

    fmt = check_output(check_format(fmt), output, force)
    day = read_date(as_of, "--as-of", today())
    cat = catalog(data)
    groups = {find_group(cat.registry, g).id for g in group or ()}
    with opened_store(db) as store:
        rows = [
            v for v in task_views(cat, store, day, details=False) if not groups or v.group in groups
        ]
    result = summarize(rows, cat.registry, i18n.current())
    records: list[dict[str, Any]] = []
    for block in result.groups:
        for r in block.rows:
            records.append(
                {"body": r.body, "body_name": r.name, "group": r.group, **r.counts.as_dict()}
            )
    keys = ["body", "body_name", "group", *COUNT_KEYS]
    headers = [t("col.id"), t("col.body"), t("col.group"), *count_headers()]
    emit(
        fmt,
        records,
        keys,
        headers,
        lambda: _summary_table(cat, result, day),
        output=output,
        force=force,
    )


COUNT_KEYS = [
    "total",
    "done",
    "on_time",
    "late",
    "not_done",
    "in_time",
    "overdue",
    "no_deadline",
    "percent",
]


def count_headers() -> list[str]:
    return [
        t("col.total"),
        t("col.done"),
        t("timeliness.on_time"),
        t("timeliness.late"),
        t("col.not_done"),
        t("timeliness.in_time"),
        t("timeliness.overdue"),
        t("timeliness.no_deadline"),
        t("col.percent"),
    ]


def bar(percent: float, width: int = 5) -> str:
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


def _summary_table(cat: Catalog, result: Any, day: date) -> None:
    from .render.table import Column, make_console, print_table

    console = make_console(plain_ok=True)
    right = "right"
    columns = [
        Column(t("col.body"), ratio=1),
        Column(t("col.total_short"), justify=right),
        Column(t("col.done_short"), justify=right),
        Column(t("col.on_time_short"), justify=right),
        Column(t("col.late_short"), justify=right),
        Column(t("col.not_done_short"), justify=right),
        Column(t("col.in_time_short"), justify=right),
        Column(t("col.overdue_short"), justify=right),
        Column("%", justify=right),
        Column("", no_wrap=True),
    ]

    def counts(c: Any) -> list[str]:
        return [
            str(c.total),
            str(c.done),
            str(c.on_time),
            str(c.late),
            str(c.not_done),
            str(c.in_time),
            str(c.overdue),
            f"{c.percent:.1f}",
            bar(c.percent),
        ]

    cells: list[list[str]] = []
    styles: list[str | None] = []
    for block in result.groups:
        short = (
            cat.registry.group(block.group).label(i18n.current(), short=True)
            if block.group
            else "—"
        )
        cells.append([short.upper(), *counts(block.counts)])
        styles.append("bold")
        for r in block.rows:
            cells.append([r.name, *counts(r.counts)])
            styles.append("red" if r.counts.overdue else None)
    cells.append([t("total").upper(), *counts(result.total)])
    styles.append("bold")
    refs = i18n.references([d.reference for d in cat.directives])
    print_table(
        console,
        columns,
        cells,
        styles=styles,
        title=f"{t('summary_title', ref=refs)} — {t('as_of', day=date_text(day))}",
        caption=t("summary_legend"),
        compact=True,
    )


@app.command(rich_help_panel=PANEL_LOOK)
@handled
def bodies(
    group: Annotated[
        list[str] | None, typer.Option("--group", "-g", help="Only these groups.")
    ] = None,
    sort: Annotated[
        str,
        typer.Option("--sort", help="protocol (default) or name (Vietnamese dictionary order)."),
    ] = "protocol",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    force: ForceOpt = False,
    data: DataOpt = None,
) -> None:
    """List the registry of bodies: ids, names, the abbreviations you can type, groups.

    Examples:
      directive bodies
      directive bodies --group g3 --sort name
    """
    from .bodies import alphabetical, find_group

    fmt = check_output(check_format(fmt), output, force)
    cat = catalog(data)
    reg = cat.registry
    groups = {find_group(reg, g).id for g in group or ()}
    items = [b for b in reg.bodies if not groups or set(b.groups) & groups]
    if sort == "name":
        items = alphabetical(items)
    elif sort == "protocol":
        items = sorted(items, key=lambda b: reg.protocol_key(b.id))
    else:
        raise InvalidInput(t("err.unknown_sort", typed=sort, names="protocol, name"))
    records = [
        {
            "id": b.id,
            "name": b.name,
            "aliases": list(b.aliases),
            "groups": list(b.groups),
            "order": b.order,
            "valid_from": b.valid_from.isoformat() if b.valid_from else None,
            "valid_to": b.valid_to.isoformat() if b.valid_to else None,
        }
        for b in items
    ]
    flat = [
        {**r, "aliases": "; ".join(b.aliases), "groups": " ".join(b.groups)}
        for r, b in zip(records, items, strict=True)
    ]
    keys = ["id", "name", "aliases", "groups", "order", "valid_from", "valid_to"]
    headers = [
        t("col.id"),
        t("col.body"),
        t("col.aliases"),
        t("col.group"),
        "#",
        t("valid_from", day=""),
        t("valid_to", day=""),
    ]
    if fmt in ("json", "jsonl"):
        emit(fmt, records, keys, headers, lambda: None, output=output, force=force)
        return

    def table() -> None:
        from .render.table import Column, make_console, print_table

        cells = [
            [
                b.id,
                b.name,
                "; ".join(b.aliases),
                " ".join(b.groups),
                " ".join(
                    x
                    for x in (
                        t("valid_from", day=date_text(b.valid_from)) if b.valid_from else "",
                        t("valid_to", day=date_text(b.valid_to)) if b.valid_to else "",
                    )
                    if x
                ),
            ]
            for b in items
        ]
        columns = [
            Column(t("col.id"), no_wrap=True),
            Column(t("col.body")),
            Column(t("col.aliases")),
            Column(t("col.group")),
            Column(t("col.validity")),
        ]
        print_table(make_console(plain_ok=True), columns, cells, title=t("bodies_title"))

    emit(fmt, flat, keys, headers, table, output=output, force=force)


@app.command(rich_help_panel=PANEL_ADMIN)
@handled
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A directive file or a folder of them (default: $DIRECTIVE_DATA, else the bundled"
            " data).",
            envvar="DIRECTIVE_DATA",
            show_envvar=True,
        ),
    ] = None,
) -> None:
    """Check directive files and the bodies registry; report every problem, not just the first.

    Examples:
      directive validate
      directive validate data/directive_2167.yaml
    """
    try:
        from .load import load_catalog  # validate always reads the files, never the cache

        cat = load_catalog(path, collect=True)
    except DirectiveError as exc:
        sys.stderr.write(t("problems", n=len(exc.problems)) + "\n")
        for problem in exc.problems:
            sys.stderr.write(f"  {problem}\n")
        raise typer.Exit(int(Exit.DATA)) from None
    sys.stdout.write(
        t(
            "valid",
            files=len(cat.directives),
            clauses=sum(len(d.clauses) for d in cat.directives),
            tasks=sum(len(d.tasks) for d in cat.directives),
        )
        + "\n"
    )


@app.command(rich_help_panel=PANEL_ADMIN)
@handled
def completion(
    shell: Annotated[
        str | None,
        typer.Argument(help="bash, zsh, fish or powershell (default: detected, else $SHELL)."),
    ] = None,
    install: Annotated[bool, typer.Option("--install", help="Install it for that shell.")] = False,
) -> None:
    """Print (or install) tab completion for clause ids, bodies and statuses.

    Examples:
      directive completion bash >> ~/.bashrc
      directive completion powershell --install
    """
    from typer._completion_shared import get_completion_script
    from typer._completion_shared import install as install_script

    name = (shell or shell_name() or "").lower()
    if name not in SHELLS:
        raise InvalidInput(t("err.shell", name=name or "?", names="|".join(SHELLS[:4])))
    if install:
        used, path = install_script(
            shell=name, prog_name="directive", complete_var="_DIRECTIVE_COMPLETE"
        )
        sys.stdout.write(f"{used}: {path}\n")
        return
    sys.stdout.write(
        get_completion_script(prog_name="directive", complete_var="_DIRECTIVE_COMPLETE", shell=name)
    )
    sys.stdout.write("\n")


def main() -> None:
    """Console-script entry point."""
    # One command, then the process ends. What it builds (the catalog, states, views) holds
    # no reference cycles and is freed by reference counting; the cyclic collector would
    # only walk those hundreds of thousands of objects again and again while they are
    # built: at 100k tasks, a third of `report`'s time, with the same peak memory without it.
    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        # Windows pipes default to the ANSI code page, which cannot hold Vietnamese.
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure:
                reconfigure(encoding="utf-8")
    _patch_shell_detection()
    app(prog_name="directive")


# Commands kept in their own modules register themselves on `app` when imported.
from . import cmd_backup as _cmd_backup  # noqa: E402,F401
from . import cmd_report as _cmd_report  # noqa: E402,F401
