"""How tasks are named and how typed clause references are looked up."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from .bodies import find_body, find_group
from .errors import InvalidInput, NotFound
from .i18n import t
from .model import Catalog, Mark, Task, task_name
from .query import (
    Filters,
    find_clause,
    find_directive,
    parse_role,
    parse_status,
    parse_timeliness,
)


def split_directive(typed: str) -> tuple[str, str | None]:
    """`2167-2023#3.1` → ("3.1", "2167-2023"); `3.1` → ("3.1", None)."""
    directive, sep, clause = typed.rpartition("#")
    return (clause, directive.strip()) if sep else (typed, None)


def namer(cat: Catalog | None) -> Callable[[Task | Mark], str]:
    """How tasks and marks are named: in short only when `cat` holds one directive and it is
    theirs (a mark of another directive, or `cat` None for data that could not be read, gets
    the long form)."""
    sole = cat.directives[0].id if cat is not None and len(cat.directives) == 1 else None
    return lambda x: task_name(x.directive, x.ref, sole)


def find_clause_pattern(cat: Catalog, typed: str, within: Sequence[str] = ()) -> str:
    """A --clause value must name a real clause (or a heading whose parts it covers); with
    --directive, a clause id alone is looked up in those directives only."""
    clause, directive = split_directive(typed)
    if directive is not None or not within:
        return find_clause(cat, clause, directive)[1].id
    first: NotFound | None = None
    for d in within:
        try:
            return find_clause(cat, clause, d)[1].id
        except NotFound as exc:
            first = first or exc
    assert first is not None
    raise first


def clause_directives(cat: Catalog, typed: Sequence[str]) -> tuple[str, ...]:
    """Directives named in --clause values as `DIRECTIVE#CLAUSE` (checked to exist)."""
    named = []
    for value in typed:
        clause, directive = split_directive(value)
        if directive is not None:
            named.append(find_clause(cat, clause, directive)[0].id)
    return tuple(dict.fromkeys(named))


def outside(typed: Sequence[str], only: Sequence[str]) -> list[str]:
    """The --clause values naming a directive that --directive did not choose."""
    return [c for c in typed if split_directive(c)[1] not in (None, *only)]


def list_filters(
    cat: Catalog,
    *,
    bodies: Sequence[str] | None = (),
    groups: Sequence[str] | None = (),
    clauses: Sequence[str] | None = (),
    directives: Sequence[str] | None = (),
    statuses: Sequence[str] | None = (),
    timeliness: Sequence[str] | None = (),
    roles: Sequence[str] | None = (),
    overdue: bool = False,
    due_before: date | None = None,
    due_after: date | None = None,
    search: Sequence[str] | None = (),
    on: date | None = None,
) -> Filters:
    """The filters of `list` from what was typed (None: not given), each name looked up (and
    refused) here; a body's name is the body of the day `on` (a name reused over time)."""
    bodies, groups, clauses = bodies or (), groups or (), clauses or ()
    directives, statuses, timeliness = directives or (), statuses or (), timeliness or ()
    roles, search = roles or (), search or ()
    only = tuple(dict.fromkeys(find_directive(cat, d).id for d in directives))
    named = clause_directives(cat, clauses)
    if only and set(named) - set(only):
        # `-c 3091-2023#1 -d 815` can match nothing: say so rather than list nothing.
        raise InvalidInput(
            t(
                "err.clause_outside",
                clauses=", ".join(outside(clauses, only)),
                directives=", ".join(only),
            )
        )
    return Filters(
        bodies=tuple(find_body(cat.registry, b, on).id for b in bodies),
        groups=tuple(find_group(cat.registry, g).id for g in groups),
        clauses=tuple(find_clause_pattern(cat, c, only) for c in clauses),
        directives=named,
        in_directives=only,
        statuses=tuple(parse_status(s) for s in statuses),
        timeliness=tuple(parse_timeliness(x) for x in timeliness),
        roles=tuple(parse_role(r) for r in roles),
        overdue=overdue,
        due_before=due_before,
        due_after=due_after,
        search=tuple(search),
    )
