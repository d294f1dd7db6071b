"""What `directive info` reports: paths in use, what they hold, versions (pure of the CLI)."""

from __future__ import annotations

import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .errors import DirectiveError, StoreError
from .i18n import t
from .sources import bundled_data


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def facts(db: Path | str, data: Path | None, cache: Path | None) -> dict[str, Any]:
    """The database, data and cache as this run would use them, and the versions."""
    from .cache import load_cached
    from .store import open_store

    out: dict[str, Any] = {
        "database": str(db),
        "database_exists": not isinstance(db, str) and db.is_file(),
        "events": None,
        "schema_version": None,
        "database_problem": None,
        "data": str(data or bundled_data()),
        "data_bundled": data is None,
        "directives": None,
        "clauses": None,
        "tasks": None,
        "bodies": None,
        "data_problem": None,
        "cache": str(cache) if cache is not None else None,
    }
    if isinstance(db, str):
        out.update(_server_facts(db))
    elif db.is_file():
        store = open_store(db, create=False)
        try:
            out["events"] = store.count_events()
            conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
            out["schema_version"] = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.close()
        except (StoreError, sqlite3.Error) as exc:
            out["events"] = None
            out["database_problem"] = str(exc)
        finally:
            store.close()
    try:
        cat = load_cached(data, cache)
        out["directives"] = len(cat.directives)
        out["clauses"] = sum(len(d.clauses) for d in cat.directives)
        out["tasks"] = sum(len(d.tasks) - len(d.inherited) for d in cat.directives)
        out["bodies"] = len(cat.registry.bodies)
    except DirectiveError as exc:
        out["data_problem"] = str(exc.problems[0])
    out.update(
        {
            "directive_cli": _version("directive-cli"),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "typer": _version("typer"),
            "rich": _version("rich"),
        }
    )
    return out


def _server_facts(url: str) -> dict[str, Any]:
    """What `info` says of a PostgreSQL database: reached or not, and what it holds."""
    from .store.postgres import PostgresStore

    store = PostgresStore(url, create=False)
    out: dict[str, Any] = {"database": store.path}
    try:
        out["database_exists"] = store.exists
        out["events"] = store.count_events() if store.exists else None
        out["schema_version"] = store.schema_version if store.exists else None
    except StoreError as exc:
        # Not "no database yet": unreachable (or no driver), what it holds is not known.
        out.update(database_exists=None, events=None, schema_version=None)
        out["database_problem"] = str(exc)
    finally:
        store.close()
    return out


def lines(found: dict[str, Any]) -> list[str]:
    """The facts as a clerk reads them, one per line."""
    missing = t("info.none")
    problem = found.get("database_problem")
    absent = found["database_exists"] is False and not problem
    db = found["database"] + (f" ({t('info.no_db')})" if absent else "")
    data = found["data"] + (f" ({t('info.bundled')})" if found["data_bundled"] else "")
    out = [
        f"{t('info.database')}: {db}",
        f"  {t('info.events')}: {found['events'] if found['events'] is not None else missing}"
        + (f"; {t('info.schema')} {found['schema_version']}" if found["schema_version"] else ""),
    ]
    if problem:
        out.append(f"  {t('info.problem')}: {problem}")
    out.append(f"{t('info.data')}: {data}")
    if found["data_problem"]:
        out.append(f"  {t('info.problem')}: {found['data_problem']}")
    else:
        out.append(
            "  "
            + t(
                "info.counts",
                directives=found["directives"],
                clauses=found["clauses"],
                tasks=found["tasks"],
                bodies=found["bodies"],
            )
        )
    out.append(f"{t('info.cache')}: {found['cache'] or t('info.cache_off')}")
    out.append(
        f"{t('info.versions')}: directive-cli {found['directive_cli']}, Python {found['python']},"
        f" SQLite {found['sqlite']}, Typer {found['typer']}, Rich {found['rich']}"
    )
    return out
