"""What each command imports, read from `python -X importtime`: start-up cost is mostly imports.

A check of WHAT is imported, not of how long it takes (timings belong to bench/run.py): a
command that pulls in openpyxl, pydantic or Rich's table when it does not need them pays
for it on every run, and nothing else would notice. Figures in docs/benchmarks.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Never needed by help or by machine output of the bundled letter.
HEAVY = (
    "openpyxl",  # only `report --format xlsx`
    "et_xmlfile",
    "dateutil",  # only a deadline with an rrule (the bundled letter has none); never its parser
    "pydantic",  # Typer 0.29 imports it at start-up: the reason for typer<0.29
    "pydantic_core",
    "numpy",
    "docx",  # only the Word report and the reminder letters
    "lxml",
    "pandas",
)
# Help reads no data: no database, no cache, no report writers.
NOT_FOR_HELP = (
    *HEAVY,
    "sqlite3",
    "directive_cli.store",
    "directive_cli.cache",
    "directive_cli.weekly",
    "directive_cli.render.report_xlsx",
)
# Machine formats are written by the stdlib (STYLE.md habit 5): no Rich at all.
NOT_FOR_JSON = (
    *HEAVY,
    "rich",
    "typer.rich_utils",
    "markdown_it",
    "pygments",
    "directive_cli.render.table",
    "directive_cli.render.report_xlsx",
)


def imported(args: list[str], env_dir: Path, *, warm: bool = False) -> set[str]:
    """Modules a fresh `directive ARGS` process imports, from -X importtime's report."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTIVE_")}
    env.update(
        {
            "DIRECTIVE_DB": str(env_dir / "progress.db"),
            "DIRECTIVE_CACHE": str(env_dir / "cache"),
            "DIRECTIVE_USER": "tester",
            "COLUMNS": "100",
            "NO_COLOR": "1",
        }
    )
    command = [sys.executable, "-m", "directive_cli", *args]
    if warm:  # the clerk's usual case: the parsed catalog is already cached
        first = subprocess.run(command, env=env, capture_output=True, text=True)
        assert first.returncode == 0, first.stderr
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "directive_cli", *args],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    names.discard("package")  # the header line: "import time: self [us] | cumulative | package"
    # Guard against a check that passes because nothing was parsed.
    assert {"typer", "directive_cli.app"} <= names, sorted(names)[:20]
    return names


def offending(names: set[str], banned: tuple[str, ...]) -> list[str]:
    """Names in `names` that are a banned module or inside a banned package."""
    return sorted(n for n in names if any(n == b or n.startswith(b + ".") for b in banned))


@pytest.mark.parametrize(
    "args",
    [["--help"], ["list", "--help"], ["report", "--help"]],
    ids=["help", "list-help", "report-help"],
)
def test_help_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    assert offending(imported(args, tmp_path), NOT_FOR_HELP) == []


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "json"],
        ["list", "--format", "csv"],
        ["summary", "--format", "json"],
        ["history", "--format", "json"],
        ["bodies", "--format", "json"],
    ],
    ids=["list-json", "list-csv", "summary-json", "history-json", "bodies-json"],
)
def test_machine_output_imports_no_rich_and_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    assert offending(imported(args, tmp_path, warm=True), NOT_FOR_JSON) == []


def test_mark_imports_no_rich(tmp_path: Path) -> None:
    names = imported(["mark", "done", "3.1:vpub", "--on", "30/5/2023"], tmp_path)
    assert offending(names, NOT_FOR_JSON) == []


def test_the_check_sees_a_lazy_import(tmp_path: Path) -> None:
    """The table path does import the table renderer: the parser sees lazy imports."""
    assert "directive_cli.render.table" in imported(["list"], tmp_path)


@pytest.mark.parametrize("args", [["list"], ["history"], ["summary"], ["bodies"]])
def test_a_table_into_a_pipe_imports_no_rich(args: list[str], tmp_path: Path) -> None:
    """Nothing is coloured in a pipe or a file, so Rich would only cost start-up time."""
    assert offending(imported(args, tmp_path, warm=True), ("rich",)) == []


def test_help_does_not_import_yaml(tmp_path: Path) -> None:
    assert offending(imported(["--help"], tmp_path), ("yaml", "directive_cli.yamlstrict")) == []


def test_cached_list_does_not_import_yaml(tmp_path: Path) -> None:
    names = imported(["list", "--format", "json"], tmp_path, warm=True)
    assert offending(names, ("yaml", "directive_cli.yamlstrict")) == []
