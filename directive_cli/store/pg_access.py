"""Who may record which body on a PostgreSQL server: the `access` table the server's policy
reads (pg_schema.py). Only the database owner changes it; everyone reads it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import NotFound, StoreError
from ..i18n import t
from .pg_connect import driver, explain
from .pg_schema import EVERY_BODY

if TYPE_CHECKING:
    from .postgres import PostgresStore


class ServerAccess:
    """Grants of one server's database, through the store's connection."""

    def __init__(self, store: PostgresStore) -> None:
        self.store = store

    def grants(self) -> dict[str, list[str]]:
        """Each login with a grant, and its bodies ('*': every body), sorted."""
        if not self.store.exists:
            return {}
        out: dict[str, list[str]] = {}
        for login, body in self._run("SELECT login, body FROM access ORDER BY login, body"):
            out.setdefault(str(login), []).append(str(body))
        return out

    def grant(self, login: str, bodies: list[str] | None) -> list[str]:
        """Let `login` record for `bodies` (None: every body); its bodies afterwards."""
        self._check_login(login)
        wanted = [EVERY_BODY] if bodies is None else bodies
        self._change(
            "INSERT INTO access (login, body) SELECT %s, unnest(%s::text[]) ON CONFLICT DO NOTHING",
            (login, wanted),
        )
        return self.grants().get(login, [])

    def revoke(self, login: str, bodies: list[str] | None) -> list[str]:
        """Take back `bodies` (None: all) from `login`; the grants removed."""
        if bodies is None:
            sql, params = "DELETE FROM access WHERE login = %s RETURNING body", (login,)
        else:
            sql = "DELETE FROM access WHERE login = %s AND body = ANY(%s) RETURNING body"
            params = (login, bodies)  # type: ignore[assignment]
        return sorted(str(r[0]) for r in self._change(sql, params))

    def _check_login(self, login: str) -> None:
        # Before the schema is made: a mistyped login creates nothing.
        conn = self.store._connect()
        try:
            found = conn.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s AND rolcanlogin", (login,)
            ).fetchall()
        except driver().Error as exc:
            raise StoreError(explain(exc, self.store.url)) from None
        if not found:
            raise NotFound(t("access.no_login", login=login))

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        conn = self.store._ready()
        try:
            return list(conn.execute(sql, params).fetchall())
        except driver().Error as exc:
            raise StoreError(explain(exc, self.store.url)) from None

    def _change(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        conn = self.store._ready()
        psycopg = driver()
        try:
            with conn.transaction():
                cur = conn.execute(sql, params)
                return list(cur.fetchall()) if cur.description else []
        except psycopg.errors.InsufficientPrivilege:
            where, login = self.store.path, self.store.login
            raise StoreError(t("access.owner_only", where=where, login=login)) from None
        except psycopg.Error as exc:
            raise StoreError(explain(exc, self.store.url)) from None
