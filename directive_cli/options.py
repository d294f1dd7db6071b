"""Options shared by the commands, and where paths, today, now and who come from.

Commands read the clock and the user through this module (`options.today()`), never
directly, so tests and `--as-of` pin them in one place.
"""

# No `from __future__ import annotations` here: Typer reads these annotations at start-up.

import getpass
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .errors import InvalidInput
from .i18n import t
from .output import FORMATS
from .text import is_utf8, printable

if TYPE_CHECKING:
    from .atomic import Kept
    from .model import Catalog, Directive
    from .office import Office
    from .store import ProgressStore
    from .workdays import Horizon

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="DIRECTIVE_DATA",
        show_envvar=True,
        help="Directive file or folder (with bodies.yaml); default: the bundled 2167.",
    ),
]
# A string, not a Path: a Path would make postgresql://host/db into postgresql:/host/db.
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="DIRECTIVE_DB",
        show_envvar=True,
        help="Progress database: a file, or a server's postgresql://user@host/dbname;"
        " default: the per-user app folder.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        envvar="DIRECTIVE_AS_OF",
        show_envvar=True,
        help="Judge deadlines as of this day (16/5/2023, 2023-05-16, 'hôm qua' …); default today.",
    ),
]
OfficeOpt = Annotated[
    Path | None,
    typer.Option(
        "--office",
        envvar="DIRECTIVE_OFFICE",
        show_envvar=True,
        help="Settings of the office that sends Word documents (office.toml); default:"
        " office.toml in the per-user app folder, else taken from the directive.",
    ),
]
FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        envvar="DIRECTIVE_LANG",
        show_envvar=True,
        help="Language of labels: vi (default) or en.",
    ),
]
LimitOpt = Annotated[
    int, typer.Option("--limit", "-n", min=1, help="Rows shown in a table (machine formats: all).")
]
AllOpt = Annotated[bool, typer.Option("--all", "-a", help="Show every row in a table.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (xlsx for Excel, csv, json, jsonl, md; the format from the"
        " extension unless --format is given).",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")]

TABLE_LIMIT = 100


def app_dir() -> Path:
    """The per-user folder of the tool (the database and the cache live there by default)."""
    return Path(typer.get_app_dir("directive-cli"))


def office(option: Path | None, directive: "Directive") -> "Office":
    """Who sends a Word document: --office / DIRECTIVE_OFFICE (Typer reads it), else
    office.toml in the per-user app folder when there is one, else the directive's own."""
    from . import office as office_settings

    return office_settings.load(office_settings.find(option, {}, app_dir()), directive)


def db_path(option: str | Path | None) -> Path | str:
    """Option → DIRECTIVE_DB (Typer reads it) → the per-user app folder; a postgresql:// URL
    stays a string (the server's database), anything else is a file's path."""
    from .store import where_of

    if option is not None:
        return where_of(str(option)) if isinstance(option, str) else option
    return app_dir() / "progress.db"


def registry_path(option: Path | None) -> Path:
    """The bodies.yaml to match a letter's names against: --registry (a file, or a folder
    holding one) → that of DIRECTIVE_DATA → the bundled one."""
    from .sources import REGISTRY_FILE, bundled_data, registry_for

    if option is not None:
        path = option / REGISTRY_FILE if option.is_dir() else option
        if not path.is_file():
            from .errors import NotFound

            raise NotFound(t("draft.registry_missing", path=option))
        return path
    data = os.environ.get("DIRECTIVE_DATA", "").strip()
    return registry_for(Path(data)) if data else bundled_data() / REGISTRY_FILE


def own_files(data: Path | None, db: str | None) -> "tuple[Kept, ...]":
    """What no output (a report, a listing, a backup) may ever replace: the progress database
    with its -wal, -shm and -journal, the directive data, and the cache folder."""
    from .atomic import Kept
    from .sources import REGISTRY_FILE, bundled_data

    kept: list[Kept] = []
    # A command without --db (bodies) still never writes over the database DIRECTIVE_DB names.
    named = os.environ.get("DIRECTIVE_DB", "").strip()
    for base in dict.fromkeys([db_path(db), *([db_path(named)] if named else [])]):
        if not isinstance(base, Path):
            continue  # a server's database is no file an output could replace
        kept.append(Kept(base, "db"))
        kept += [Kept(base.with_name(base.name + s), "db") for s in ("-wal", "-shm", "-journal")]
    env_data = os.environ.get("DIRECTIVE_DATA", "").strip()
    sources = [data or bundled_data(), *([Path(env_data)] if env_data else [])]
    for source in dict.fromkeys(sources):
        if source.is_dir():
            kept.append(Kept(source, "data", inside=True, suffixes=(".yaml", ".yml")))
        else:
            kept += [Kept(source, "data"), Kept(source.with_name(REGISTRY_FILE), "data")]
    cache = cache_dir()
    if cache is not None:
        kept.append(Kept(cache, "cache", inside=True))
    return tuple(kept)


def cache_dir() -> Path | None:
    """DIRECTIVE_CACHE (a folder, or "off"), else the per-user app folder."""
    env = os.environ.get("DIRECTIVE_CACHE", "").strip()
    if env.lower() in ("off", "0", "no"):
        return None
    return Path(env) if env else app_dir() / "cache"


def today() -> date:
    """Today in the office's time zone (zone.py): the same day for every clerk of it."""
    from . import zone

    return datetime.now(zone.current()).date()


def now_stamp() -> str:
    """Now, as stored with a mark: ISO 8601 with this computer's UTC offset (the clerk's),
    to the second; shown on the office's clock."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def utf8(value: str, name: str) -> str:
    """`value`, typed for the option or variable `name`; refused in one line when its bytes
    were not UTF-8 (a paste from a TCVN3 or VNI document), before it reaches a file, the
    database or a search that would read it as nothing."""
    if not is_utf8(value):
        raise InvalidInput(t("err.not_utf8", option=name))
    return value


def office_zone() -> "tzinfo":
    """DIRECTIVE_TZ, else `time_zone` in the office's settings file (DIRECTIVE_OFFICE, else
    office.toml in the per-user app folder), else Asia/Ho_Chi_Minh."""
    from . import office as office_settings
    from . import zone

    named = utf8(os.environ.get(zone.ENV_VAR, ""), zone.ENV_VAR).strip()
    if named:
        return zone.named(named)
    settings = office_settings.find(None, os.environ, app_dir())
    found = office_settings.time_zone(settings) if settings is not None else None
    if settings is not None and found:
        try:
            return zone.named(found, "time_zone")
        except InvalidInput as exc:
            # A settings file with a bad value is refused as its other keys are (exit 3).
            from .errors import DirectiveError, Problem

            raise DirectiveError([Problem(str(settings), 0, str(exc))]) from None
    return zone.named(zone.DEFAULT)


DUE_SOON_ENV = "DIRECTIVE_DUE_SOON"


def due_soon(
    data: Path | None, within: int | None = None, least: int = 1, office: Path | None = None
) -> "Horizon":
    """How far ahead "sắp đến hạn" looks: DIRECTIVE_DUE_SOON, else `due_soon` in the office's
    settings file (--office, DIRECTIVE_OFFICE, office.toml in the per-user app folder), else
    7 days; --within N counts N of the same days. Working days are those of the calendar file
    of `data` (its make-up Saturdays) on the national calendar."""
    from . import office as office_settings
    from .workdays import DUE_SOON, Horizon, check_within, load_calendar, parse_horizon

    check_within(within, least)
    named = utf8(os.environ.get(DUE_SOON_ENV, ""), DUE_SOON_ENV).strip()
    setting: object = named or None
    settings = None if named else office_settings.find(office, os.environ, app_dir())
    if settings is not None:
        setting = office_settings.due_soon(settings)
    if setting is None:
        return DUE_SOON.counting(within)
    try:
        n, working = parse_horizon(setting, DUE_SOON_ENV if named else "due_soon")
    except InvalidInput as exc:
        if settings is None:
            raise
        # A settings file with a bad value is refused as its other keys are (exit 3).
        from .errors import DirectiveError, Problem

        raise DirectiveError([Problem(str(settings), 0, str(exc))]) from None
    if not working:
        return Horizon(n).counting(within)
    from .sources import bundled_data, calendar_for

    found = calendar_for(data or bundled_data())
    calendar = load_calendar(found) if found else DUE_SOON.calendar
    return Horizon(n, True, calendar).counting(within)


def who(option: str | None, store: "ProgressStore | None" = None) -> str:
    """Who records: --by, else the server's login (a PostgreSQL store: the server admits no
    other), else DIRECTIVE_USER, else the computer's user name."""
    if option and option.strip():
        return utf8(option, "--by").strip()
    if store is not None and store.login is not None:
        return store.login
    env = utf8(os.environ.get("DIRECTIVE_USER", ""), "DIRECTIVE_USER").strip()
    if env:
        return env
    try:
        user = getpass.getuser()
    except Exception:  # getpass raises various errors when no user name exists (containers)
        return "unknown"
    return user if is_utf8(user) else "unknown"


def read_date(value: str | None, option: str, default: date | None = None) -> date:
    """A day typed for `option`; `default` when nothing was typed (None: one is required)."""
    from .deadlines import DateError, parse_date

    if value is None:
        if default is None:
            raise InvalidInput(f"{option}: {t('err.date_required')}")
        return default
    if not value.strip():
        # `--on ""` (an unset variable in a script) must not quietly become today.
        raise InvalidInput(f"{option}: {t('err.date_required')}")
    try:
        return parse_date(value, today())
    except DateError as exc:
        raise InvalidInput(f"{option}: {exc}") from None


def as_of_setting() -> date | None:
    """The day DIRECTIVE_AS_OF names, if it is set and readable (commands without --as-of)."""
    from .deadlines import DateError, parse_date

    value = os.environ.get("DIRECTIVE_AS_OF", "").strip()
    if not value:
        return None
    try:
        return parse_date(value, today())
    except DateError:
        return None


def typed_here(ctx: typer.Context, name: str) -> bool:
    """Whether option `name` was typed on the command line (not read from its variable)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def warn(message: str) -> None:
    """One line on stderr (a network drive …), never mixed into a report on stdout."""
    sys.stderr.write(f"{t('warning')}: {printable(message, keep_newlines=False)}\n")


def catalog(data: Path | None) -> "Catalog":
    """The directives and registry at `data` (default: the bundled letter), through the cache."""
    from .cache import load_cached

    return load_cached(data, cache_dir())


def catalog_of_bodies(
    data: Path | None, bodies: Sequence[str], groups: Sequence[str], on: date | None = None
) -> "Catalog":
    """The catalog cut to the tasks of the bodies and groups typed (read from the task index);
    a body's name is the body of the day `on`."""
    from .bodies import find_bodies, find_groups
    from .cache import load_for_bodies
    from .model import Registry

    def pick(registry: Registry) -> set[str]:
        chosen = set(find_bodies(registry, bodies, on))
        for g in find_groups(registry, groups):
            chosen.update(b.id for b in registry.members(g))
        return chosen

    return load_for_bodies(data, cache_dir(), pick)


def where_missing(store: "ProgressStore") -> str:
    """The database a message says is missing: an empty file is named as one (it exists,
    but holds no history), so that nobody looks for a typo in a path that is right."""
    return f"{store.path} ({t('db.empty_file')})" if store.is_empty_file else str(store.path)


@contextmanager
def opened_store(
    db: str | None, *, create: bool = False, shows_state: bool = True, required: bool = False
) -> Iterator["ProgressStore"]:
    """The progress store; `shows_state`: warn when a named database is missing (a typo in
    --db would otherwise show every task as not started); `required`: refuse it instead."""
    from .errors import StoreError
    from .store import open_store

    # Typer fills `db` from --db or DIRECTIVE_DB: a path someone typed, announced when new.
    store = open_store(db_path(db), create=create, on_warning=warn, announce_new=db is not None)
    if required and not store.exists:
        # A report or reminder sent from no history says every task is undone: a scheduler
        # running under another account (another HOME), or a typo, would mail that silently.
        store.close()
        raise StoreError(t("err.report_no_db", path=where_missing(store)))
    if shows_state and not create and not store.exists and (db is not None or store.is_empty_file):
        warn(t("db.missing", path=where_missing(store)))
    try:
        yield store
    finally:
        store.close()
