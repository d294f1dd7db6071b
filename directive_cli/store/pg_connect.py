"""Reaching a PostgreSQL server: the driver, the URL as shown (never its password), the
schema steps, and the server's errors in one line a clerk can act on."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..errors import InvalidInput, StoreError
from ..i18n import t
from .migrations import SCHEMA_VERSION
from .pg_schema import STEPS, WRITE_LOCK


def shown(url: str) -> str:
    """The URL as messages show it: no password, from the authority or the query."""
    try:
        parts = urlsplit(url.strip())
        netloc = parts.netloc
        if "@" in netloc:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}@{host}"
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
        # Not urlunsplit: it drops the empty host of postgresql:///db (the local socket).
        return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
    except ValueError:
        return "postgresql://…"  # unreadable: shown as nothing that could hold a secret


def masked(text: str) -> str:
    """Any text that may hold a server's address, with whatever could be its password
    replaced by ***: after `user:` up to the last `@` of an address, and `password=…`."""
    # After the scheme, also as mistyped ("postgresql//", "postgresql:/").
    scheme = re.search(r"://|//|:/", text)
    head, rest = (text[: scheme.end()], text[scheme.end() :]) if scheme else ("", text)
    if (split := _user_password(rest)) is not None:
        user, _, after = split
        text = f"{head}{user}:***@{after}"
    return re.sub(r"(password\s*=\s*)('[^']*'|[^\s&]+)", r"\1***", text, flags=re.I)


def _user_password(rest: str) -> tuple[str, str, str] | None:
    """(user, password, what follows the last @) of an address after its `scheme://`, the
    password taken as typed, up to the last @ (a password may hold an @ of its own); None
    when there is no `user:password@`."""
    at = rest.rfind("@")
    user, colon, password = rest[: max(at, 0)].partition(":")
    if at < 0 or not colon or any(ch in user for ch in "/?#"):
        return None
    if re.match(r"\d+[/?#]", password):
        return None  # host:port/db?…@…: a port, and an @ further on
    return user, password, rest[at + 1 :]


def check_url(url: str) -> None:
    """Refuse a URL whose password holds characters a URL must encode: libpq would read
    part of the password as the host, and say it back in its error."""
    _, _, rest = url.strip().partition("://")
    split = _user_password(rest)
    if split is not None and re.search(r"[/?#@\s]", split[1]):
        raise InvalidInput(t("pg.password_chars", where=masked(url.strip())))


def driver() -> Any:
    """psycopg, or the one line saying what to install."""
    try:
        import psycopg
    except ImportError:
        raise StoreError(t("pg.no_driver")) from None
    return psycopg


def reason(exc: BaseException, url: str) -> str:
    """The server's (or libpq's) words, on one line, with any password taken out."""
    text = " ".join(str(exc).split())
    text = text.replace(url, shown(url))
    secret = _password(url)
    if secret:
        text = text.replace(secret, "***")
    return re.sub(r"^(connection failed: )", "", text)


def _password(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    found = parts.password or dict(parse_qsl(parts.query)).get("password", "")
    return found or ""


def explain(exc: BaseException, url: str, *, connecting: bool = False) -> str:
    """One line for an error of the driver or the server; `connecting`: while connecting
    (the server down, a wrong password), else on a connection that worked (it went away)."""
    psycopg = driver()
    where = shown(url)
    errors = psycopg.errors
    if isinstance(exc, errors.InsufficientPrivilege):
        return t("pg.denied", where=where, reason=reason(exc, url))
    if connecting and isinstance(exc, psycopg.OperationalError):
        return t("pg.cannot_connect", where=where, reason=reason(exc, url))
    if isinstance(exc, errors.AdminShutdown | errors.CrashShutdown | errors.CannotConnectNow):
        return t("pg.lost", where=where)
    if isinstance(exc, psycopg.OperationalError) and getattr(exc, "sqlstate", None) is None:
        return t("pg.lost", where=where)  # no answer from the server: the connection broke
    if isinstance(exc, errors.SerializationFailure | errors.DeadlockDetected):
        return t("pg.busy", where=where)
    return t("pg.other", where=where, reason=reason(exc, url))


def version(conn: Any, url: str) -> int:
    """The steps this database has had (0: none yet); refused when it is newer or not ours."""
    row = conn.execute(
        "SELECT to_regclass('directive_migrations') IS NOT NULL, to_regclass('events') IS NOT NULL"
    ).fetchone()
    if not row[0]:
        if row[1]:
            # Another application's `events`: adding our tables beside it would leave both
            # programs with a database neither expects.
            raise StoreError(t("pg.not_ours", where=shown(url)))
        return 0
    names = [str(r[0]) for r in conn.execute("SELECT name FROM directive_migrations ORDER BY step")]
    if len(names) > SCHEMA_VERSION:
        raise StoreError(t("db.newer", path=shown(url), version=len(names), ours=SCHEMA_VERSION))
    if names != [name for name, _ in STEPS[: len(names)]]:
        raise StoreError(t("pg.not_ours", where=shown(url)))
    return len(names)


def migrate(conn: Any, url: str) -> int:
    """Apply the steps the database has not had, in one transaction; the version after.

    Only a login that may create in the schema (the database owner) can: another gets one
    line saying who must run the tool first.
    """
    psycopg = driver()
    # A lock of the session, taken before the transaction: a transaction that began before
    # another's migration committed would not see its tables in the catalog (an advisory lock
    # does not refresh it), and would create them again.
    conn.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
    try:
        with conn.transaction():
            done = version(conn, url)  # again under the lock: another may have migrated
            if done == SCHEMA_VERSION:
                return done
            if done == 0:
                conn.execute(
                    "CREATE TABLE directive_migrations (step integer PRIMARY KEY,"
                    " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
                )
            for step in range(done, SCHEMA_VERSION):
                name, actions = STEPS[step]
                for action in actions:
                    if isinstance(action, str):
                        conn.execute(action)
                    else:
                        action(conn)
                conn.execute(
                    "INSERT INTO directive_migrations (step, name) VALUES (%s, %s)",
                    (step + 1, name),
                )
            if done == 0:
                _hand_over(conn, psycopg)
    except psycopg.errors.InsufficientPrivilege:
        raise StoreError(t("pg.needs_owner", where=shown(url), login=login(conn))) from None
    finally:
        if not conn.closed:
            conn.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))
    return SCHEMA_VERSION


# What the first step creates: the database owner's, whoever created them.
OWNED = (
    "TABLE directive_migrations",
    "TABLE events",
    "TABLE current",
    "TABLE access",
    "FUNCTION directive_append_only()",
    "FUNCTION directive_refresh_current()",
    "FUNCTION directive_next_id()",
)


def _hand_over(conn: Any, psycopg: Any) -> None:
    """Give the schema to the database's owner when an administrator created it (a superuser
    running `db copy` onto a new database): the owner grants access and migrates later."""
    owner = conn.execute(
        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
    ).fetchone()[0]
    if owner == login(conn):
        return
    for thing in OWNED:
        conn.execute(
            psycopg.sql.SQL(f"ALTER {thing} OWNER TO {{}}").format(psycopg.sql.Identifier(owner))
        )


def login(conn: Any) -> str:
    return str(conn.execute("SELECT current_user").fetchone()[0])
