"""The README's examples are real output, and every command is documented there."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from directive_cli.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```console\n\$ (directive [^\n]*)\n(.*?)```", re.S)


def _run_examples(text: str) -> str:
    """Run every console block in order against one fresh database; return the README rewritten."""
    runner = CliRunner()
    out: list[str] = []
    pos = 0
    for match in BLOCK.finditer(text):
        args = shlex.split(match.group(1))[1:]
        result = runner.invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, f"{match.group(1)}\n{result.output}"
        shown = "\n".join(line.rstrip() for line in result.output.splitlines())
        out.append(text[pos:match.start()])
        out.append(f"```console\n$ {match.group(1)}\n{shown}\n```")
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def test_readme_examples_are_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("DIRECTIVE_USER", "van.thu")
    # The walk-through was recorded at this moment; time is a parameter of the CLI.
    monkeypatch.setattr("directive_cli.cli.now_stamp", lambda: "2023-06-21T08:30:00+07:00")
    text = README.read_text(encoding="utf-8")
    assert len(BLOCK.findall(text)) >= 6
    fresh = _run_examples(text)
    if os.environ.get("UPDATE_README"):
        README.write_text(fresh, encoding="utf-8", newline="\n")
    assert fresh == text, "README examples are stale: UPDATE_README=1 pytest tests/test_docs.py"


def test_every_command_is_in_the_readme_and_has_help() -> None:
    text = README.read_text(encoding="utf-8")
    group = get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert {"list", "show", "mark", "history", "undo", "summary", "bodies", "validate"} <= set(names)
    for name in names:
        assert f"`directive {name}" in text, f"{name} is missing from the README"
        assert group.commands[name].help, f"{name} has no help"  # type: ignore[attr-defined]


def test_quick_start_has_exactly_two_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", quick, re.S)
    assert commands == ["pip install . && directive summary", "pip install -e '.[test]' && pytest"]
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci
