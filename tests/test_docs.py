"""The README's examples are real output, and every command is documented there."""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from directive_cli.app import app

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
        out.append(text[pos : match.start()])
        out.append(f"```console\n$ {match.group(1)}\n{shown}\n```")
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


PICTURES = {
    "summary.svg": ["summary", "--group", "g1", "--as-of", "2/1/2024"],
    "list-overdue.svg": ["list", "--overdue", "--as-of", "2/1/2024", "--limit", "12"],
    "show.svg": ["show", "3.1", "--as-of", "10/6/2023"],
}


def _pictures() -> dict[str, str]:
    """Terminal screenshots (SVG, via Rich) of real runs, in colour."""
    from rich.console import Console
    from rich.text import Text

    runner = CliRunner()
    out = {}
    for name, args in PICTURES.items():
        result = runner.invoke(
            app, args, env={"FORCE_COLOR": "1", "NO_COLOR": None}, catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        console = Console(record=True, width=80, file=io.StringIO(), force_terminal=True)
        # soft_wrap: show the bytes as the terminal got them, without wrapping them again.
        console.print(Text.from_ansi(result.stdout), soft_wrap=True)
        out[name] = console.export_svg(title="directive " + " ".join(args))
    return out


def test_readme_examples_are_current(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("DIRECTIVE_USER", "van.thu")
    # As a clerk runs it: the database in the per-user folder (here a fresh one), no --db.
    monkeypatch.delenv("DIRECTIVE_DB")
    monkeypatch.setattr(
        "directive_cli.options.db_path", lambda option: option or tmp_path / "progress.db"
    )
    # The walk-through was recorded at this moment; time is a parameter of the CLI.
    monkeypatch.setattr("directive_cli.options.now_stamp", lambda: "2023-06-21T08:30:00+07:00")
    # `directive draft` writes a folder where it runs: a fresh one, with the example letter.
    shutil.copytree(README.parent / "tests" / "letters", tmp_path / "tests" / "letters")
    monkeypatch.chdir(tmp_path)
    text = README.read_text(encoding="utf-8")
    assert len(BLOCK.findall(text)) >= 6
    fresh = _run_examples(text)
    pictures = _pictures()
    folder = README.parent / "docs" / "img"
    if os.environ.get("UPDATE_README"):
        README.write_text(fresh, encoding="utf-8", newline="\n")
        folder.mkdir(parents=True, exist_ok=True)
        for name, svg in pictures.items():
            (folder / name).write_text(svg, encoding="utf-8", newline="\n")
    assert fresh == text, "README examples are stale: UPDATE_README=1 pytest tests/test_docs.py"
    for name, svg in pictures.items():
        assert (folder / name).read_text(encoding="utf-8") == svg, f"docs/img/{name} is stale"
        assert f"docs/img/{name}" in text


def test_every_command_is_in_the_readme_and_has_help() -> None:
    text = README.read_text(encoding="utf-8")
    group = get_command(app)
    names = sorted(group.list_commands(None))  # type: ignore[attr-defined, arg-type]
    assert {"list", "show", "mark", "history", "undo", "summary", "bodies", "validate"} <= set(
        names
    )
    for name in names:
        assert f"`directive {name}" in text, f"{name} is missing from the README"
        assert group.get_command(None, name).help, f"{name} has no help"  # type: ignore[attr-defined, arg-type]


def test_quick_start_has_exactly_two_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", quick, re.S)
    assert commands == ["pip install . && directive summary", "pip install -e '.[test]' && pytest"]
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


CLI_DOC = README.parent / "docs" / "cli.md"


def _cli_reference() -> str:
    """docs/cli.md: every command's help screen, in Vietnamese then English."""
    from directive_cli.app import COMMANDS

    runner = CliRunner()
    parts = [
        "# Command reference\n\n"
        "Generated from the help screens (`directive COMMAND -h`, and with `--lang en`);"
        " `UPDATE_DOCS=1 pytest tests/test_docs.py` rewrites it, and the test suite fails when"
        ' it is stale. Exit codes: README, "Exit codes".\n'
    ]
    for name in ["", *COMMANDS]:
        title = f"directive {name}".strip()
        parts.append(f"\n## `{title}`\n")
        for lang, label in (("vi", "Tiếng Việt"), ("en", "English")):
            args = [name, "-h"] if name else ["-h"]
            result = runner.invoke(app, args, env={"DIRECTIVE_LANG": lang}, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            shown = "\n".join(line.rstrip() for line in result.output.splitlines()).strip("\n")
            parts.append(f"\n{label}:\n\n```text\n{shown}\n```\n")
    return "".join(parts)


def test_cli_reference_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    fresh = _cli_reference()
    if os.environ.get("UPDATE_DOCS"):
        CLI_DOC.write_text(fresh, encoding="utf-8", newline="\n")
    assert CLI_DOC.read_text(encoding="utf-8") == fresh, (
        "docs/cli.md is stale: UPDATE_DOCS=1 pytest tests/test_docs.py"
    )


def test_readme_lists_every_exit_code() -> None:
    from directive_cli.app import Exit

    text = README.read_text(encoding="utf-8")
    table = text.split("### Exit codes", 1)[1].split("\n\n", 2)[1]
    codes = [int(line.split("|")[1]) for line in table.splitlines()[2:]]
    assert codes == sorted(int(e) for e in Exit)


def _anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a file's headings: lower case, punctuation dropped (hyphens and
    underscores kept), spaces as hyphens; a heading repeated gets -1, -2 …"""
    seen: dict[str, int] = {}
    out = set()
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if fenced or not re.match(r"#{1,6} ", line):
            continue
        text = line.lstrip("#").strip().lower()
        slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def test_every_link_to_a_section_of_the_docs_resolves() -> None:
    root = README.parent
    sources = [README, *sorted((root / "docs").glob("*.md"))]
    broken = []
    for source in sources:
        for target, anchor in re.findall(r"\]\(([\w./-]*\.md)?#([^)\s]+)\)", source.read_text()):
            path = (source.parent / target) if target else source
            if anchor not in _anchors(path.read_text(encoding="utf-8")):
                broken.append(f"{source.name}: {target}#{anchor}")
    assert broken == []


def test_the_readme_leads_to_each_part_of_obligations_over_time() -> None:
    """Issue 15: README and docs/data-format.md document within:, the calendar file, periods
    and extend (the links are checked to resolve above)."""
    text = README.read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(docs/data-format\.md#([^)\s]+)\)", text))
    assert {
        "deadlines-in-days-within",
        "the-working-calendar-calendaryaml",
        "recurring-obligations-one-per-period",
        "extensions-directive-extend",
    } <= linked
