"""Checks of a SQLite history: SQLite's own, then `current` against a replay."""

from __future__ import annotations

import sqlite3

from .rows import STATUS_EFFECTIVE


def problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's integrity check, then `current` against a serial replay of the history."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    if problems:
        return problems
    replay: dict[tuple[str, str, str], tuple[int, str, str]] = {}
    for d, c, b, id_, st, day in conn.execute(
        "SELECT directive, clause, body, id, status, effective_on FROM events"
        f" WHERE {STATUS_EFFECTIVE} ORDER BY effective_on, id"
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
    if replay != cached:
        problems.append("current status disagrees with the history")
    return problems
