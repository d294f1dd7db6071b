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
    # Messages in Vietnamese whatever the test before chose (a CLI run with --lang en leaves
    # English set in this process, and a store's messages are worded when they are raised).
    from directive_cli import i18n

    i18n.set_lang("vi")
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


def letter_folder(tmp_path: Path, name: str, text: str) -> Path:
    """A data folder of one invented letter (`name`, the file) beside the bundled registry."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REPO / "data" / "bodies.yaml", folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def stdout_of(result) -> str:  # type: ignore[no-untyped-def]
    """A command's standard output, once it is known to have succeeded."""
    assert result.exit_code == 0, result.output
    return str(result.stdout)


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


# -- PostgreSQL (issue 18) ---------------------------------------------------------------------
# The server the PostgreSQL tests use: DIRECTIVE_TEST_PG (a URL of a superuser), else the local
# socket as this computer's user (`.ci/run` starts the cluster and makes that role). Without a
# server the tests are skipped with the reason, except in CI (CI=true), where they fail.
PG_ENV = "DIRECTIVE_TEST_PG"
PG_DEFAULT = "postgresql:///postgres"


def _pg_unavailable(why: str) -> None:
    import os

    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and no PostgreSQL server for the tests: {why}", pytrace=False)
    pytest.skip(f"no PostgreSQL server ({why}); set {PG_ENV} or start one")


@pytest.fixture(scope="session")
def pg_admin() -> str:
    """The URL of a superuser on the test server."""
    import os

    url = os.environ.get(PG_ENV, "").strip() or PG_DEFAULT
    try:
        import psycopg
    except ImportError:
        _pg_unavailable("psycopg is not installed: pip install -e '.[test]'")
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if not row.fetchone()[0]:
                _pg_unavailable(f"{PG_ENV} must name a superuser")
    except psycopg.Error as exc:
        _pg_unavailable(" ".join(str(exc).split()))
    return url


def pg_url_of(admin: str, dbname: str, user: str | None = None, password: str | None = None) -> str:
    """`admin`'s URL for another database (and login): postgresql://[user[:pw]@]host/dbname."""
    from urllib.parse import quote, urlsplit

    parts = urlsplit(admin)
    host = parts.netloc.rpartition("@")[2]
    if user is not None:
        auth = quote(user) + (f":{quote(password)}" if password is not None else "")
        # A login with a password comes over TCP (the socket trusts only the same OS user).
        host = host or "localhost"
        host = f"{auth}@{host}"
    else:
        host = parts.netloc
    # Not urlunsplit: it drops the empty host of postgresql:///db (the local socket).
    return f"{parts.scheme}://{host}/{dbname}" + (f"?{parts.query}" if parts.query else "")


class PgServer:
    """Fresh databases (and logins) on the test server, all dropped at the end of a test."""

    def __init__(self, admin: str) -> None:
        self.admin = admin
        self.databases: list[str] = []
        self.roles: list[str] = []

    def sql(self, statement: str, dbname: str = "postgres") -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(pg_url_of(self.admin, dbname), autocommit=True) as conn:
            cur = conn.execute(statement)
            return list(cur.fetchall()) if cur.description else []

    def database(self, owner: str | None = None) -> str:
        """A new empty database (owned by `owner` when given); its name."""
        import uuid

        name = f"directive_test_{uuid.uuid4().hex[:12]}"
        self.sql(f"CREATE DATABASE {name}" + (f" OWNER {owner}" if owner else ""))
        self.databases.append(name)
        if owner:
            # Only the owner creates in its schema (PostgreSQL 15's default for public).
            self.sql(f"ALTER SCHEMA public OWNER TO {owner}", name)
        return name

    def url(self, dbname: str) -> str:
        return pg_url_of(self.admin, dbname)

    def login(self, prefix: str = "clerk") -> tuple[str, str]:
        """A new login role with a password: (name, password)."""
        import secrets

        name = f"{prefix}_{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(12)
        self.sql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
        self.roles.append(name)
        return name, password

    def login_url(self, dbname: str, user: str, password: str | None) -> str:
        return pg_url_of(self.admin, dbname, user, password)

    def drop(self) -> None:
        for name in self.databases:
            self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        for role in self.roles:
            self.sql(f"DROP ROLE IF EXISTS {role}")


@pytest.fixture
def pg(pg_admin: str) -> Iterator[PgServer]:
    server = PgServer(pg_admin)
    yield server
    server.drop()
