"""Checks of a PostgreSQL history: the hash chain (chain.py, as for SQLite), the server's
guards (triggers, their functions, row-level security, no right to change events), then
`current` against a replay (verify.py's own check)."""

from __future__ import annotations

import re
from typing import Any

from ..i18n import t
from . import chain
from .chain import Verdict
from .migrations import CHAIN_COLUMNS
from .pg_schema import PG_STEPS, TRIGGERS
from .verify import _current_disagrees, head_problem, verdict


def verify(conn: Any, head: tuple[int | None, str] | None = None) -> Verdict:
    """Every check, in the caller's snapshot."""
    cur = conn.cursor(name="directive_verify")  # streamed: a million events
    cur.itersize = 10_000
    cur.execute(f"SELECT {CHAIN_COLUMNS}, chain FROM events ORDER BY id")
    walked = chain.walk((tuple(r[:-1]), r[-1]) for r in cur)
    cur.close()
    kept = head_problem(conn, *head, placeholder="%s") if head is not None else None
    return verdict(walked, kept, guard_problems(conn), _current_disagrees(conn))


def _functions() -> dict[str, str]:
    """Our trigger functions' bodies as created, by name."""
    found: dict[str, str] = {}
    for actions in PG_STEPS.values():
        for action in actions:
            if isinstance(action, str):
                named = re.match(r"\s*CREATE FUNCTION (\w+)\(.*?\$\$(.*)\$\$", action, re.S)
                if named:
                    found[named.group(1)] = named.group(2)
    return found


def guard_problems(conn: Any) -> list[str]:
    """What an owner (or a superuser) changed of the server's guards."""
    out: list[str] = []
    enabled = {
        str(name): str(state)
        for name, state in conn.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'events'::regclass"
            " AND NOT tgisinternal"
        )
    }
    for name in TRIGGERS:
        if name not in enabled:
            out.append(t("verify.trigger_missing", name=name))
        elif enabled[name] == "D":
            out.append(t("verify.trigger_off", name=name))
    sources = {
        str(name): str(src)
        for name, src in conn.execute(
            "SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'directive\\_%%'"
        )
    }
    for name, body in _functions().items():
        if sources.get(name) != body:
            out.append(t("verify.trigger_changed", name=name))
    row = conn.execute(
        "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'events'::regclass"
    ).fetchone()
    policies = {
        str(r[0])
        for r in conn.execute("SELECT polname FROM pg_policy WHERE polrelid = 'events'::regclass")
    }
    if not (row[0] and row[1]) or policies != {"events_read", "events_write"}:
        out.append(t("verify.rls_changed"))
    changers = conn.execute(
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants"
        " WHERE table_name = 'events' AND table_schema = current_schema()"
        " AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')"
        " AND grantee <> (SELECT tableowner FROM pg_tables WHERE tablename = 'events'"
        " AND schemaname = current_schema())"
    ).fetchall()
    if changers:
        out.append(t("verify.may_change", logins=", ".join(sorted(str(r[0]) for r in changers))))
    return out
