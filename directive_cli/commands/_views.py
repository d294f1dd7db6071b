"""Task views of a catalog as of a day: the state the store holds, judged against deadlines."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .. import options
from ..i18n import t
from ..model import Catalog, Progress
from ..query import (
    Filters,
    PeriodMarks,
    TaskView,
    group_marks,
    orphaned,
    recurring_keys,
    views,
)
from ..text import some

if TYPE_CHECKING:
    from ..store import ProgressStore
    from ..workdays import Horizon


def progress_as_of(
    store: ProgressStore, as_of: date, bodies: set[str] | None = None, *, details: bool = True
) -> dict[str, dict[tuple[str, str], Progress]]:
    """Each task's state as it stood at the end of `as_of`.

    A past day replays the history: a list "as of 30/6/2023" must not show as done a task
    whose report came in July. Today or later reads the `current` table (the fast path:
    `mark --on` refuses dates after today, so nothing there is effective later).
    """
    if as_of >= options.today():
        return store.progress_of(bodies, details=details)
    return store.states_as_of(as_of, bodies, details=details)


def task_views(
    cat: Catalog,
    store: ProgressStore,
    as_of: date,
    only: Filters | None = None,
    *,
    details: bool = True,
    horizon: Horizon | None = None,
) -> list[TaskView]:
    """The catalog's tasks (or those `only` keeps, by body) with their state on `as_of`, due
    soon within `horizon` (options.due_soon)."""
    bodies: set[str] | None = None
    if only and (only.bodies or only.groups):
        # Only the filtered bodies' rows leave the database (a superset when both are given).
        bodies = set(only.bodies) | {b.id for g in only.groups for b in cat.registry.members(g)}
    progress = progress_as_of(store, as_of, bodies, details=details)
    lost = orphaned(cat, progress)
    if lost:
        options.warn(t("warn.orphans", n=len(lost), names=some(lost, 8)))
    extended = group_marks(store.extensions()) if store.exists else {}
    soon = horizon.until(as_of) if horizon is not None else None
    return views(cat, progress, as_of, only, period_marks(cat, store, only), extended, soon)


def period_marks(cat: Catalog, store: ProgressStore, only: Filters | None = None) -> PeriodMarks:
    """The marks of the recurring tasks (those `only` can keep): each period stands on its own."""
    keys = recurring_keys(cat, only)
    return group_marks(store.history(keys)) if keys and store.exists else {}
