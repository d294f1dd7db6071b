"""The `directive` command tree: argv order, one-line parse errors, and the only place where
an exception becomes an exit code. Each command lives in `commands/` and is imported only
when it runs (or when a help screen lists it)."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import contextlib
import errno
import functools
import gc
import importlib
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Annotated, Any, NamedTuple, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from . import i18n, typer_compat, zone
from .errors import (
    Ambiguous,
    Cancelled,
    DirectiveError,
    HistoryTampered,
    Interrupted,
    InvalidInput,
    NotFound,
    Notice,
    OutputError,
    StoreError,
)
from .i18n import t
from .options import LangOpt, office_zone
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
    TAMPERED = 9  # the history fails `directive verify`: it was changed outside the tool
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shell tools do
    PIPE = 141  # the reader of stdout went away (`| head`): 128 + SIGPIPE, as shell tools do


class Entry(NamedTuple):
    module: str  # in directive_cli.commands
    panel: str  # the help panel key (i18n.panel)


# In the order `directive -h` lists them, by what a clerk wants to do.
COMMANDS: dict[str, Entry] = {
    "list": Entry("list_", "look"),
    "show": Entry("show", "look"),
    "mark": Entry("mark", "record"),
    "history": Entry("history", "look"),
    "undo": Entry("undo", "record"),
    "extend": Entry("extend", "record"),
    "summary": Entry("summary", "report"),
    "bodies": Entry("bodies", "look"),
    "draft": Entry("draft", "admin"),
    "validate": Entry("validate", "admin"),
    "completion": Entry("completion", "admin"),
    "backup": Entry("backup", "admin"),
    "restore": Entry("restore", "admin"),
    "verify": Entry("verify", "admin"),
    "info": Entry("info", "admin"),
    "access": Entry("access", "admin"),
    "db": Entry("db", "admin"),
    "report": Entry("report", "report"),
    "remind": Entry("remind", "report"),
}

# The options of `directive` itself; every other option belongs to a command.
_GROUP_OPTIONS = frozenset(
    {"-h", "--help", "--version", "--install-completion", "--show-completion"}
)


class DirectiveGroup(TyperGroup):
    """The command tree, speaking the clerk's language before and while it parses.

    Commands are built on first use from their module, so a run pays for one command's
    signature and imports, not for all of them. The help texts are rewritten for the language
    of --lang/DIRECTIVE_LANG when a help screen is asked for; a mistake Click catches while
    parsing (an unknown option, a missing value) becomes the same one line on stderr as every
    other error, instead of a framed English box.
    """

    localize_help = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        built = self.commands.get(cmd_name)
        if built is None:
            module = importlib.import_module(f"directive_cli.commands.{entry.module}")
            built = typer_compat.single_command(
                handled(module.run), cmd_name, i18n.panel(entry.panel)
            )
            if self.localize_help:
                _localize(built, cmd_name)
            self.commands[cmd_name] = built
        return built

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        click_exc = typer_compat.click_exceptions()
        if os.environ.get(complete_var or "_DIRECTIVE_COMPLETE"):
            typer_compat.use_line_completion()  # a Tab press: bash reads our script's answer
        typed = list(sys.argv[1:] if args is None else args)
        # A language it does not know: Vietnamese meanwhile, refused in one line when the
        # command runs (`handled`).
        with contextlib.suppress(i18n.UnknownLanguage):
            i18n.set_lang(i18n.lang_in(typed))
        argv = _command_first(typed)
        words = argv[: argv.index("--")] if "--" in argv else argv
        # Only a help screen reads these texts; the rest of the time, rewriting them (and
        # importing Rich's help renderer) would only slow down every command.
        self.localize_help = not words or "-h" in words or "--help" in words
        if self.localize_help:
            _localize(self, "")
        if "--install-completion" in words and not any(w in COMMANDS for w in words):
            # Typer's own callback says what it did in English: this says it in the clerk's.
            from .commands.completion import install_detected

            install_detected()
            sys.exit(0)
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click_exc.NoArgsIsHelpError:
            sys.exit(0)  # `directive` alone: the help is printed, and asking for it is no error
        except click_exc.ClickException as exc:
            command = next((a for a in argv if a in COMMANDS), None)
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
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
            _stdout_full()
        sys.exit(rv if isinstance(rv, int) else 0)


def _localize(command: Any, name: str) -> None:
    """Help texts of `command` (`name` "" for the group) in the current language."""
    from .i18n import en, vi
    from .i18n.help import command_help

    lang = i18n.current()
    typer_compat.set_help_labels(vi.TYPER_STRINGS if lang == "vi" else en.TYPER_STRINGS)
    if command.help is not None:
        command.help = command_help(name, command.help, lang)
    if lang != "en":
        typer_compat.localize_params(command, vi.PARAMS, vi.PARAMS["Show this message and exit."])
        typer_compat.localize_usage(
            command,
            t("help.usage"),
            t("help.options_metavar"),
            t("help.command_metavar"),
            _metavar,
            _type_label,
        )


def _metavar(param: Any) -> str | None:
    """What a parameter takes, as a Vietnamese help screen names it."""
    if typer_compat.is_argument(param):
        return _argument_name(param.name)
    return _type_label(param.type.name)


def _type_label(name: str) -> str | None:
    """A type as help screens name it: <chữ>, <đường dẫn>, <số>."""
    key = f"type.{name}"
    return t(key) if key in i18n.MESSAGES["vi"] else None


def _argument_name(name: str) -> str:
    """An argument as messages name it: TRẠNG_THÁI, NHIỆM_VỤ (STATUS, REFS in English)."""
    key = f"arg.{name}"
    return t(key) if key in i18n.MESSAGES["vi"] else name.upper()


def _pipe_closed() -> NoReturn:
    """`directive list | head`: stop quietly; nothing left to write has a reader."""
    _drop_stdout()
    sys.exit(Exit.PIPE)


def _stdout_full() -> NoReturn:
    """`directive list > /dev/full`, or a full disk under a redirection: one line, exit 7."""
    _drop_stdout()
    sys.stderr.write(f"{t('error')}: {t('err.stdout_full')}\n")
    sys.exit(Exit.OUTPUT)


def _drop_stdout() -> None:
    """Point stdout at the null device, so the exit-time flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _command_first(argv: list[str]) -> list[str]:
    """`directive --lang en list -b snv` → `directive list --lang en -b snv`.

    Options every command takes (--lang, --db, --data, --as-of) are often typed before the
    command's name, as in git; Click would refuse them there.
    """
    at = next((i for i, arg in enumerate(argv) if arg in COMMANDS), None)
    if at is None:
        # `directive --lang en -h`, `directive --lang en`: the group has no --lang of its
        # own; the language was read already (i18n.lang_in), so it leaves the line.
        return _without_lang(argv)
    if not argv[0].startswith("-") or argv[0] in _GROUP_OPTIONS:
        return argv
    if any(a in _GROUP_OPTIONS for a in argv[:at]):
        return argv
    before = argv[:at] if argv[at] in RECORDERS else _without_by(argv[:at])
    return [argv[at], *before, *argv[at + 1 :]]


# The commands that record, whose --by is who records. Typed before a command's name, --by
# is that (a wrapper `directive --by %USERNAME% …` serves every command): a command that
# records nothing has no use for it, and summary's own --by (clause) must not take the name.
RECORDERS = frozenset({"mark", "undo", "extend"})


def _without_by(options: list[str]) -> list[str]:
    """The options typed before a command's name, less a `--by NAME` / `--by=NAME`."""
    out: list[str] = []
    skip = False
    for arg in options:
        if skip:
            skip = False
        elif arg == "--by":
            skip = True
        elif not arg.startswith("--by="):
            out.append(arg)
    return out


def _without_lang(argv: list[str]) -> list[str]:
    """`argv` less its `--lang X` / `--lang=X` (up to a `--`)."""
    out: list[str] = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == "--":
            return out + argv[i:]
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("--lang="):
            out.append(arg)
    return out


def usage_error(exc: Any, command: str) -> str:
    """One line for a mistake Click found while parsing, in the clerk's language."""
    import difflib
    import re

    click = typer_compat.click_exceptions()
    fix = t("err.see_help", command=f"{command} -h")
    if isinstance(exc, click.NoSuchOption):
        near = ", ".join(sorted(exc.possibilities or ()))
        hint = f"; {t('did_you_mean', names=near)}" if near else ""
        return f"{t('err.no_such_option', name=exc.option_name)}{hint}; {fix}"
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        name = typer_compat.option_name(exc.param, _argument_name)
        return f"{t('err.missing_param', name=name)}; {fix}"
    if isinstance(exc, click.BadOptionUsage) and "requires an argument" in exc.message:
        return f"{t('err.option_needs_value', name=exc.option_name)}; {fix}"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        number = re.match(r"'(.*)' is not a valid int", exc.message) or re.match(
            r"(.*) is not in the range x>=1", exc.message
        )
        reason = t("err.not_a_count", value=number.group(1)) if number else exc.message
        return f"{typer_compat.option_name(exc.param, _argument_name)}: {reason}; {fix}"
    message = exc.format_message()
    unknown = re.match(r"No such command '(.*?)'", message)
    if unknown:
        near = ", ".join(difflib.get_close_matches(unknown.group(1), list(COMMANDS), n=3))
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
    owes, by when, and whether it is done.

    Options every command takes (before or after its name): --db FILE|URL (DIRECTIVE_DB),
    --data FOLDER (DIRECTIVE_DATA), --as-of DAY (DIRECTIVE_AS_OF), --lang vi|en
    (DIRECTIVE_LANG); --by NAME (DIRECTIVE_USER) for who records. Where they point:
    directive info."""


F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: Exit) -> typer.Exit:
    """Write one line to stderr and return the Exit to raise."""
    # A message may quote what a clerk or a file typed: never let it drive the terminal.
    sys.stderr.write(f"{t('error')}: {printable(message, keep_newlines=False)}\n")
    return typer.Exit(int(code))


def exit_for(exc: BaseException) -> tuple[str, Exit] | None:
    """The line and the exit code for a user's mistake the core raised; None for anything else."""
    if isinstance(exc, DirectiveError):
        more = len(exc.problems) - 1
        where = f" {_arg(str(exc.source))}" if exc.source is not None else ""
        suffix = " " + t("err.more_problems", n=more, path=where) if more else ""
        return f"{exc.problems[0]}{suffix}", Exit.DATA
    if isinstance(exc, Ambiguous):
        return exc.message, Exit.AMBIGUOUS
    if isinstance(exc, NotFound):
        names = ", ".join(exc.suggestions)
        hint = f"; {t('did_you_mean', names=names)}" if names else ""
        fix = f"; {exc.fix}" if exc.fix else ""
        return exc.message + hint + fix, Exit.NOT_FOUND
    if isinstance(exc, InvalidInput | i18n.UnknownLanguage):
        return str(exc), Exit.USAGE
    if isinstance(exc, HistoryTampered):
        return str(exc), Exit.TAMPERED
    if isinstance(exc, StoreError):
        return str(exc), Exit.STORE
    if isinstance(exc, OutputError):
        return str(exc), Exit.OUTPUT
    if isinstance(exc, Cancelled):
        return str(exc), Exit.CANCELLED
    if isinstance(exc, Interrupted):
        return str(exc), Exit.INTERRUPTED
    return None


def _arg(text: str) -> str:
    """A path as a clerk would type it after a command (quoted when it has spaces)."""
    return f'"{text}"' if any(ch.isspace() for ch in text) else text


def _say_notices(shown: Callable[..., None]) -> Callable[..., None]:
    """A warnings hook that says a core module's Notice as one line on stderr, as every
    other warning of the tool is said, and leaves Python's own warnings to `shown`."""

    def show(message: Any, category: type[Warning], *rest: Any, **more: Any) -> None:
        if issubclass(category, Notice):
            from .options import warn

            warn(str(message))
        else:
            shown(message, category, *rest, **more)

    return show


def handled(func: F) -> F:
    """Run a command with --lang chosen, and its errors as one line on stderr and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.pop("lang", None)
        try:
            i18n.set_lang(lang)
            _all_utf8(kwargs)
            zone.use(office_zone)  # resolved when first needed: today, or a time shown
            with warnings.catch_warnings():  # restores the hook and filters afterwards
                warnings.simplefilter("always", Notice)
                warnings.showwarning = _say_notices(warnings.showwarning)
                return func(*args, **kwargs)
        except KeyboardInterrupt:
            raise typer.Exit(int(Exit.INTERRUPTED)) from None
        except BrokenPipeError:
            _pipe_closed()
        except Exception as exc:
            known = exit_for(exc)
            if known is None:
                if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                    # Every file of ours says a full disk in its own words: only stdout
                    # (a redirection to a full disk, /dev/full) gets here.
                    _stdout_full()
                raise
            raise fail(*known) from None

    typer_compat.with_keyword(func, wrapper, "lang", LangOpt)
    return wrapper  # type: ignore[return-value]


def _all_utf8(values: dict[str, Any]) -> None:
    """Refuse, naming the option (or the variable it came from), any text or path typed
    whose bytes were not UTF-8."""
    from pathlib import PurePath

    from .options import utf8

    for name, value in values.items():
        for item in value if isinstance(value, list | tuple) else (value,):
            if isinstance(item, str | PurePath):
                utf8(str(item), typer_compat.param_label(name, _argument_name))


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
    if {"--install-completion", "--show-completion"} & set(sys.argv[1:]):
        from .commands.completion import shell_name

        typer_compat.route_shell_detection(shell_name)
        typer_compat.use_line_completion()
    app(prog_name="directive")
