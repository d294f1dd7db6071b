"""`directive completion`: the tab-completion script for a shell."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import typer_compat
from ..errors import InvalidInput
from ..i18n import t

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
PROG, COMPLETE_VAR = "directive", "_DIRECTIVE_COMPLETE"


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


def run(
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
    name = (shell or shell_name() or "").lower()
    if name not in SHELLS:
        raise InvalidInput(t("err.shell", name=name or "?", names="|".join(SHELLS[:4])))
    if install:
        _install(name)
        return
    sys.stdout.write(typer_compat.completion_script(name, PROG, COMPLETE_VAR) + "\n")


def _install(name: str) -> None:
    used, path = typer_compat.install_completion(name, PROG, COMPLETE_VAR)
    sys.stdout.write(t("completion.installed", shell=used, path=path) + "\n")
    sys.stdout.write(t("completion.restart") + "\n")


def install_detected() -> None:
    """`directive --install-completion`: install for the shell detected, said in one line."""
    name = (shell_name() or "").lower()
    if name not in SHELLS:
        sys.stderr.write(
            f"{t('error')}: {t('err.shell', name=name or '?', names='|'.join(SHELLS[:4]))}\n"
        )
        sys.exit(2)
    _install(name)
