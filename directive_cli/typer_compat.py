"""Every touch of Typer's and Click's internals, in one place, each with a test.

Typer 0.28 vendors its own Click as `typer._click` and keeps its help renderer's labels as
module constants; the shell detection of `--install-completion` and the completion scripts
live in private modules. Nothing else in the package imports a private name of Typer: when a
release moves one, this file (and tests/test_typer_compat.py) is where it shows.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any


def click_exceptions() -> ModuleType:
    """Click's exception classes as Typer bundles them (`NoSuchOption`, `UsageError` …)."""
    from typer._click import exceptions

    return exceptions


def option_name(param: Any, argument_name: Callable[[str], str] | None = None) -> str:
    """How a parameter is named in a message: `--body` for an option, `STATUS` (or what
    `argument_name` gives for its name) for an argument."""
    from typer.core import TyperOption

    if isinstance(param, TyperOption):
        return str(param.opts[0])
    return argument_name(param.name) if argument_name else str(param.name.upper())


def param_label(name: str, argument_name: Callable[[str], str] | None = None) -> str:
    """How the running command's parameter `name` is named to the user: its option (`--note`),
    its argument (as option_name names it), or the environment variable its value came from
    (`DIRECTIVE_DATA`)."""
    from typer._click.core import ParameterSource
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    for param in ctx.command.params if ctx is not None else ():
        if param.name == name:
            from_env = ctx.get_parameter_source(name) is ParameterSource.ENVIRONMENT  # type: ignore[union-attr]
            if from_env and param.envvar:
                return str(param.envvar)
            return option_name(param, argument_name)
    return name


def single_command(
    func: Callable[..., Any], name: str, panel: str, *, rich_markup_mode: str = "rich"
) -> Any:
    """The Click command Typer builds for `func`, as `@app.command(name)` would."""
    import typer
    import typer.main

    sub = typer.Typer(add_completion=False, rich_markup_mode=rich_markup_mode)  # type: ignore[arg-type]
    sub.command(name, rich_help_panel=panel)(func)
    return typer.main.get_command(sub)


def with_keyword(
    func: Callable[..., Any], wrapper: Callable[..., Any], name: str, hint: Any
) -> None:
    """Give `wrapper` the signature of `func` plus a keyword-only parameter `name: hint`.

    Typer builds a command's options from its signature: this is how every command gets
    --lang without declaring it.
    """
    sig = inspect.signature(func, eval_str=True)
    params = [*sig.parameters.values()]
    params.append(
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=hint)
    )
    wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]


def set_help_labels(labels: Mapping[str, str]) -> None:
    """Typer's fixed words on a help screen ("Options", "[default: …]") in the clerk's language."""
    import typer.rich_utils as ru

    for attr, value in labels.items():
        setattr(ru, attr, value)


def localize_params(command: Any, texts: Mapping[str, str], help_text: str) -> None:
    """Replace each parameter's help text of `command` by `texts[english]`, and give its
    -h/--help option the text `help_text`."""
    from typer._click.decorators import help_option

    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            param.help = texts[text]
    # Click builds the -h/--help option on demand with an English text; build it now, with
    # ours (Click caches it in `_help_option`, and reuses a cached one).
    if getattr(command, "_help_option", "missing") is None and command.add_help_option:
        help_option(["-h", "--help"])(command)
        command._help_option = command.params.pop()
        command._help_option.help = help_text


def localize_usage(
    command: Any,
    prefix: str,
    options_metavar: str,
    command_metavar: str,
    metavar: Callable[[Any], str | None],
    type_label: Callable[[str], str | None],
) -> None:
    """The usage line and the placeholders of a help screen in the clerk's language.

    Click writes "Usage: " and "[OPTIONS]" itself; `metavar(param)` names what a parameter
    takes (None: leave it), in place of Typer's `<str>` and `{status}`; `type_label(name)`
    names a type (`str`, `path`) where Typer shows it beside an argument.
    """
    import types

    command.options_metavar = options_metavar
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = command_metavar

    def format_usage(self: Any, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=f"{prefix} ")

    command.format_usage = types.MethodType(format_usage, command)
    for param in command.params:
        if getattr(param, "is_flag", False):
            continue
        if param.metavar is not None and not is_argument(param):
            continue
        name = metavar(param)
        if name is None:
            continue
        # Click drops the "..." of a repeated argument once it has a metavar: keep it.
        param.metavar = name + ("..." if param.nargs != 1 else "")
        if is_argument(param):
            # Typer shows an argument's type as `<str>` beside its name: say it too.
            param.type = _named_type(param.type, type_label(param.type.name))


def _named_type(base: Any, label: str | None) -> Any:
    """`base` (a Click type) whose help placeholder reads `label`."""
    if label is None:
        return base
    kind = type(base)
    named = type(f"Named{kind.__name__}", (kind,), {"get_metavar": lambda self, param, ctx: label})
    clone = copy.copy(base)
    clone.__class__ = named
    return clone


def is_argument(param: Any) -> bool:
    """Whether a Click parameter is a positional argument (not an option)."""
    return str(getattr(param, "param_type_name", "")) == "argument"


def route_shell_detection(detect: Callable[[], str | None]) -> None:
    """Make Typer's --install-completion/--show-completion use `detect` to name the shell.

    Typer gives up when the parent process is not a shell (cron, IDEs, some containers).
    """
    from typer import _completion_shared, completion

    _completion_shared._get_shell_name = detect
    completion._get_shell_name = detect  # type: ignore[attr-defined]


# Typer's bash script sends COMP_WORDS, which bash has already cut at every COMP_WORDBREAKS
# character, ':' among them: `4:sn` arrives as the three words `4`, `:`, `sn`, and nothing
# is offered (or file names are). This one sends the line as typed up to the cursor, as
# Typer's zsh and fish scripts do, and the words bash breaks at, so the answer can be cut to
# what bash replaces (the text after the last break).
BASH_SCRIPT = """
%(complete_func)s() {
    local IFS=$'\\n'
    COMPREPLY=( $( env _TYPER_COMPLETE_ARGS="${COMP_LINE:0:COMP_POINT}" \\
                   _TYPER_COMP_WORDBREAKS="$COMP_WORDBREAKS" \\
                   %(autocomplete_var)s=complete_bash $1 ) )
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""

# bash's default COMP_WORDBREAKS, for a caller that does not send it.
BASH_WORDBREAKS = "\"'><=;|&(:"


def bash_words(line: str) -> tuple[list[str], str]:
    """The words before the cursor of a bash command line, and the one being typed ("" after
    a space)."""
    from typer._click.shell_completion import split_arg_string

    words = split_arg_string(line)[1:]
    if words and not line[-1].isspace():
        return words[:-1], words[-1]
    return words, ""


def bash_replies(line: str, values: list[str], wordbreaks: str) -> list[str]:
    """`values` completing the last word of `line`, cut to the part bash replaces.

    Bash replaces only the text after the last COMP_WORDBREAKS character of the word: for
    `3.1:v` it replaces `v`, so `3.1:vpub` must come back as `vpub` (bash-completion's
    `__ltrim_colon_completions` does the same). A quoted word is one word to bash: left whole.
    """
    word = "" if not line or line[-1].isspace() else line.split()[-1]
    if any(q in word for q in "\"'\\"):
        return values
    breaks = set(wordbreaks) - set("\"'")
    cut = max((i for i, ch in enumerate(word) if ch in breaks), default=-1) + 1
    prefix = word[:cut]
    return [v[len(prefix) :] if prefix and v.startswith(prefix) else v for v in values]


def _bash_complete_class() -> Any:
    import os

    from typer._completion_classes import BashComplete

    class LineBashComplete(BashComplete):
        """Bash completion from the line as typed (see BASH_SCRIPT)."""

        source_template = BASH_SCRIPT

        def get_completion_args(self) -> tuple[list[str], str]:
            return bash_words(os.environ.get("_TYPER_COMPLETE_ARGS", ""))

        def complete(self) -> str:
            line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
            args, incomplete = bash_words(line)
            values = [item.value for item in self.get_completions(args, incomplete)]
            breaks = os.environ.get("_TYPER_COMP_WORDBREAKS", BASH_WORDBREAKS)
            return "\n".join(bash_replies(line, values, breaks))

    return LineBashComplete


def use_line_completion() -> None:
    """Make bash completion (its script, and the answers to it) read the line as typed."""
    from typer import _completion_shared
    from typer._click.shell_completion import add_completion_class

    _completion_shared._completion_scripts["bash"] = BASH_SCRIPT
    add_completion_class(_bash_complete_class(), "bash")


def completion_script(shell: str, prog_name: str, complete_var: str) -> str:
    """The tab-completion script for `shell` (Typer's, with ours for bash)."""
    from typer._completion_shared import get_completion_script

    use_line_completion()
    return get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell)


def install_completion(shell: str, prog_name: str, complete_var: str) -> tuple[str, Any]:
    """Install the completion script for `shell`; (shell, the file it went to)."""
    from typer._completion_shared import install

    use_line_completion()
    return install(shell=shell, prog_name=prog_name, complete_var=complete_var)
