"""Every touch of Typer's and Click's internals, in one place, each with a test.

Typer 0.28 vendors its own Click as `typer._click` and keeps its help renderer's labels as
module constants; the shell detection of `--install-completion` and the completion scripts
live in private modules. Nothing else in the package imports a private name of Typer: when a
release moves one, this file (and tests/test_typer_compat.py) is where it shows.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any


def click_exceptions() -> ModuleType:
    """Click's exception classes as Typer bundles them (`NoSuchOption`, `UsageError` …)."""
    from typer._click import exceptions

    return exceptions


def option_name(param: Any) -> str:
    """How a parameter is named in a message: `--body` for an option, `STATUS` for an argument."""
    from typer.core import TyperOption

    return str(param.opts[0] if isinstance(param, TyperOption) else param.name.upper())


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


def route_shell_detection(detect: Callable[[], str | None]) -> None:
    """Make Typer's --install-completion/--show-completion use `detect` to name the shell.

    Typer gives up when the parent process is not a shell (cron, IDEs, some containers).
    """
    from typer import _completion_shared, completion

    _completion_shared._get_shell_name = detect
    completion._get_shell_name = detect  # type: ignore[attr-defined]


def completion_script(shell: str, prog_name: str, complete_var: str) -> str:
    """The tab-completion script Typer writes for `shell`."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell)


def install_completion(shell: str, prog_name: str, complete_var: str) -> tuple[str, Any]:
    """Install the completion script for `shell`; (shell, the file it went to)."""
    from typer._completion_shared import install

    return install(shell=shell, prog_name=prog_name, complete_var=complete_var)
