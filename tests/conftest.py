"""Shared fixtures: a fresh database per test, pinned terminal width, no colour, Vietnamese."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from directive_cli.app import app
from directive_cli.load import Catalog, load_catalog


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow", action="store_true", default=False, help="run the full-count reliability tests"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="full-count run: use pytest --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for var in (
        "DIRECTIVE_DB",
        "DIRECTIVE_DATA",
        "DIRECTIVE_AS_OF",
        "DIRECTIVE_LANG",
        "DIRECTIVE_USER",
        "DIRECTIVE_CACHE",
        "DIRECTIVE_TZ",
        "DIRECTIVE_OFFICE",
        "DIRECTIVE_DUE_SOON",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DIRECTIVE_DB", str(tmp_path / "progress.db"))
    monkeypatch.setenv("DIRECTIVE_USER", "tester")
    monkeypatch.setenv("DIRECTIVE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    yield


def office_today() -> date:
    """Today as the tool judges it: in the office's zone (Asia/Ho_Chi_Minh, the default),
    not this computer's, which may be on another day."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


@pytest.fixture(scope="session")
def cat() -> Catalog:
    return load_catalog()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "progress.db"


class Cli:
    """Runs the app in-process and returns the result; asserts nothing by itself."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


REPO = Path(__file__).resolve().parent.parent
_DOC_PATH = REPO / "docs" / "data-format.md"


def _example() -> str:
    """The invented directive 123-2023 of docs/data-format.md (clauses 1, 1a, 2)."""
    doc = _DOC_PATH.read_text(encoding="utf-8")
    start = doc.index("```yaml\n", doc.index("<!-- example: directive_0123.yaml -->")) + 8
    return doc[start : doc.index("```", start)]


@pytest.fixture
def two(tmp_path: Path) -> Path:
    """The bundled letter and directive 123-2023 side by side: both have clauses 1a and 2."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REPO / "data" / "directive_2167.yaml", folder)
    shutil.copy(REPO / "data" / "bodies.yaml", folder)
    (folder / "directive_0123.yaml").write_text(_example(), encoding="utf-8")
    return folder


@pytest.fixture
def empty_db(db: Path) -> Path:
    """DIRECTIVE_DB as a database with its tables and no event: what a report reads before
    the first mark (a missing database is refused by report and remind)."""
    from directive_cli.store.sqlite import SqliteStore

    store = SqliteStore(db)
    store._connect()  # creates the file and its schema, as the first write would
    store.close()
    assert db.is_file()
    return db
