"""Reads of the history worded once for both stores: the same SQL, but for its placeholder.

What each engine reads its own way stays in its store: a body's list (`IN (?, ?)` for SQLite,
`= ANY(%s)` for the server), the snapshot of a report, the task index. These are the queries
that have no reason to differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from ..model import Mark, Progress, Status
from .rows import COLUMNS, EFFECTIVE, STATUS_EFFECTIVE, replayed, row_to_mark, since_of


class EventReads:
    """Mixed into a store that has `_read(sql, params)` (which returns [] when there is no
    history yet) and says its `PLACEHOLDER`; the SQL here is written with `?`."""

    PLACEHOLDER = "?"

    if TYPE_CHECKING:  # each store's own, with its errors made one line

        def _read(self, sql: str, params: Iterable[object] = ()) -> list[tuple[Any, ...]]: ...

    def _shared(self, sql: str, params: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        placeholder = self.PLACEHOLDER
        return self._read(sql if placeholder == "?" else sql.replace("?", placeholder), params)

    def progress(self, directive: str) -> dict[tuple[str, str], Progress]:
        """Latest state of every task of a directive that has ever been marked."""
        rows = self._shared(
            "SELECT clause, body, status, effective_on, updated_at, note, evidence, since"
            " FROM current WHERE directive = ?",
            (directive,),
        )
        return {
            (str(c), str(b)): Progress(
                Status(s),
                date.fromisoformat(str(e)),
                str(u),
                n if n is None else str(n),
                v if v is None else str(v),
                since_of(since, str(e)),
            )
            for c, b, s, e, u, n, v, since in rows
        }

    def count_events(self) -> int:
        rows = self._shared("SELECT count(*) FROM events")
        return int(rows[0][0]) if rows else 0

    def extensions(self) -> list[Mark]:
        """The extensions in force (not undone), oldest first: a few, whatever the history."""
        where = f"extends_to IS NOT NULL AND {EFFECTIVE}"
        rows = self._shared(f"SELECT {COLUMNS} FROM events WHERE {where} ORDER BY id")
        return [row_to_mark(r) for r in rows]

    def effective_between(self, start: date, end: date) -> list[Mark]:
        """Events whose effective date lies in [start, end], oldest first."""
        rows = self._shared(
            f"SELECT {COLUMNS} FROM events WHERE effective_on >= ? AND effective_on <= ?"
            " ORDER BY effective_on, id",
            (start.isoformat(), end.isoformat()),
        )
        return [row_to_mark(r) for r in rows]

    def state_as_of(self, directive: str, day: date) -> dict[tuple[str, str], Progress]:
        """Rebuild each task's state from the history as it stood at the end of `day`."""
        rows = self._shared(
            f"""SELECT clause, body, status, effective_on, recorded_at, note, evidence
                FROM events WHERE directive = ? AND effective_on <= ? AND {STATUS_EFFECTIVE}
                ORDER BY effective_on, id""",
            (directive, day.isoformat()),
        )
        state: dict[tuple[str, str], Progress] = {}
        for c, b, s, e, r, n, v in rows:
            key = (str(c), str(b))
            state[key] = replayed(
                state.get(key),
                Status(s),
                date.fromisoformat(str(e)),
                str(r),
                n if n is None else str(n),
                v if v is None else str(v),
            )
        return state


# One column's condition of membership and its parameters, in a store's own SQL.
Member = Callable[[str, list[str]], tuple[str, list[object]]]


def narrowed(
    bodies: Iterable[str] | None, directives: Iterable[str] | None, member: Member
) -> tuple[list[str], list[object]] | None:
    """The conditions keeping the events of `bodies` and of `directives` (None: all), and
    their parameters; None when an empty list keeps nothing."""
    conditions: list[str] = []
    params: list[object] = []
    for column, values in (("body", bodies), ("directive", directives)):
        if values is None:
            continue
        wanted = sorted(set(values))
        if not wanted:
            return None
        condition, more = member(column, wanted)
        conditions.append(condition)
        params += more
    return conditions, params
