"""Checks of a SQLite history: SQLite's own, the hash chain, the append-only triggers, then
`current` against a replay. `directive verify`, `backup` and the store's check all use them."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..i18n import t
from . import chain
from .chain import Verdict
from .migrations import CHAIN_COLUMNS, CHAINED_FROM, squeeze, triggers
from .rows import EFFECTIVE, STATUS_EFFECTIVE


def verify(conn: sqlite3.Connection, head: tuple[int | None, str] | None = None) -> Verdict:
    """Every check, in one read (the caller holds a transaction for one snapshot); with
    `head` (an event id or None, and its chain), also whether the history still holds it."""
    damaged = [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    if damaged:
        return Verdict(0, chain.Head(0, chain.GENESIS), damaged=damaged)
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version < CHAINED_FROM:
        # A copy made before m007 (a backup to restore): no chain yet, and the triggers of
        # its day; the migration chains it when it is opened. What it has is checked.
        task = _current_disagrees(conn, STATUS_EFFECTIVE if version >= 6 else EFFECTIVE)
        events = int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
        found = [t("verify.current", task=task)] if task is not None else []
        return Verdict(events, chain.Head(0, chain.GENESIS), tampered=found)
    walked = chain.walk(
        (tuple(r[:-1]), r[-1])
        for r in conn.execute(f"SELECT {CHAIN_COLUMNS}, chain FROM events ORDER BY id")
    )
    kept = head_problem(conn, *head) if head is not None else None
    return verdict(walked, kept, _trigger_problems(conn), _current_disagrees(conn))


def verdict(walked: chain.Walk, kept: str | None, guards: list[str], task: str | None) -> Verdict:
    """What every store's `verify` says, from its findings: the chain as walked, the head a
    caller kept (`kept`: what is wrong with it), the guards against edits, a `current` row
    that disagrees with the events (`task`)."""
    tampered: list[str] = []
    if walked.broken is not None:
        b = walked.broken
        # The first event has no hash before it to blame.
        reason = "edited_first" if b.reason == "edited" and b.previous == 0 else b.reason
        tampered.append(t(f"verify.{reason}", event=b.event, previous=b.previous))
    if kept is not None:
        tampered.append(kept)
    tampered += guards
    if task is not None:
        tampered.append(t("verify.current", task=task))
    return Verdict(walked.events, walked.head, tampered=tampered)


def problems(conn: sqlite3.Connection) -> list[str]:
    """verify(conn)'s problems as lines, the damage first (the backup's check)."""
    return verify(conn).problems


def head_problem(conn: Any, event: int | None, digest: str, placeholder: str = "?") -> str | None:
    """Whether the history still holds the head kept earlier (`verify --head`): an event with
    that id and that chain. Later events may follow it; the chain before it was walked. The
    server's check asks the same, in its placeholder (`%s`)."""
    if event == 0 and digest == chain.GENESIS:
        return None  # kept before the first mark: every history holds it
    if event is None:
        row = conn.execute(
            f"SELECT id FROM events WHERE chain = {placeholder} LIMIT 1", (digest,)
        ).fetchone()
        return None if row else t("verify.head_missing", head=digest)
    row = conn.execute(f"SELECT chain FROM events WHERE id = {placeholder}", (event,)).fetchone()
    if row is None:
        last = conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
        return t("verify.head_gone", event=event, n=last)
    if row[0] != digest:
        return t("verify.head_mismatch", event=event, head=digest)
    return None


def _trigger_problems(conn: sqlite3.Connection) -> list[str]:
    found = {
        str(name): squeeze(str(sql or ""))
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
    }
    out = []
    for name, sql in triggers().items():
        if name not in found:
            out.append(t("verify.trigger_missing", name=name))
        elif found[name] != sql:
            out.append(t("verify.trigger_changed", name=name))
    return out


def _current_disagrees(conn: sqlite3.Connection, decides: str = STATUS_EFFECTIVE) -> str | None:
    """The first task whose row in `current` is not what a serial replay of history gives
    (`decides`: which events decide a status; before m006 there were no extensions)."""
    replay: dict[tuple[str, str, str], tuple[int, str, str]] = {}
    for d, c, b, id_, st, day in conn.execute(
        "SELECT directive, clause, body, id, status, effective_on FROM events"
        f" WHERE {decides} ORDER BY effective_on, id"
    ):
        key = (str(d), str(c), str(b))
        before = replay.get(key)
        since = before[2] if before and before[1] == st else str(day)
        replay[key] = (int(id_), str(st), since)
    cached = {
        (str(d), str(c), str(b)): (int(e), str(s), str(since if since is not None else day))
        for d, c, b, e, s, day, since in conn.execute(
            "SELECT directive, clause, body, event_id, status, effective_on, since FROM current"
        )
    }
    for key in sorted(replay.keys() | cached.keys()):
        if replay.get(key) != cached.get(key):
            d, c, b = key
            return f"{d}#{c}:{b}"
    return None
