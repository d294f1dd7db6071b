"""How tasks are named and how typed clause references are looked up."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from .bodies import find_bodies, find_groups
from .errors import Ambiguous, InvalidInput, NotFound
from .i18n import current, t
from .model import Catalog, Mark, Task, task_name
from .query import (
    Filters,
    find_clause,
    find_directive,
    parse_role,
    parse_statuses,
    parse_timeliness,
    split_list,
)
from .text import some


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


def find_clause_pattern(
    cat: Catalog, typed: str, within: Sequence[str] = (), *, across: bool = False
) -> str:
    """A --clause value must name a real clause (or a heading whose parts it covers); with
    --directive, a clause id alone is looked up in those directives only. `across`: a list's
    filter, where a clause id several directives have means that clause in each of them
    (a mark by filter refuses it: it would record in every directive)."""
    clause, directive = split_directive(typed)
    if directive is not None or not within:
        try:
            return find_clause(cat, clause, directive)[1].id
        except Ambiguous as several:
            if not across:
                raise
            return several.candidates[0].split("#", 1)[1]
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


def find_directives(cat: Catalog, typed: Iterable[str]) -> tuple[str, ...]:
    """The ids of the directives a --directive names (repeated or comma-listed), each once,
    in the order typed; each looked up (and refused) as find_directive does."""
    return tuple(dict.fromkeys(find_directive(cat, d).id for d in split_list(typed)))


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
    # Repeated values and comma lists alike ("-b snv,stp", "-c 1a,4"): a body's or group's
    # own name may hold a comma, so those are looked up whole first.
    clauses = split_list(clauses or ())
    statuses, timeliness = split_list(statuses or ()), split_list(timeliness or ())
    roles, search = split_list(roles or ()), search or ()
    only = find_directives(cat, directives or ())
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
        bodies=find_bodies(cat.registry, bodies or (), on),
        groups=find_groups(cat.registry, groups or ()),
        clauses=tuple(find_clause_pattern(cat, c, only, across=True) for c in clauses),
        directives=named,
        in_directives=only,
        statuses=tuple(dict.fromkeys(x for s in statuses for x in parse_statuses(s))),
        timeliness=tuple(parse_timeliness(x) for x in timeliness),
        roles=tuple(parse_role(r) for r in roles),
        overdue=overdue,
        due_before=due_before,
        due_after=due_after,
        search=tuple(search),
    )


def narrowed(cat: Catalog, only: Filters) -> Catalog:
    """`cat` cut to what `only` keeps by directive, body, group and clause: the directives
    chosen, each with those tasks and the clauses they are in (a report "for Sở Nội vụ")."""
    out = []
    for d in cat.directives:
        if only.in_directives and d.id not in only.in_directives:
            continue
        tasks = tuple(x for x in d.tasks if only.keep_task(x, cat.registry))
        used = {x.clause for x in tasks}
        out.append(
            dataclasses.replace(d, tasks=tasks, clauses=tuple(c for c in d.clauses if c.id in used))
        )
    return Catalog(cat.registry, tuple(out))


def scope_label(cat: Catalog, only: Filters) -> str:
    """What a filtered report covers, as its title says it: "Sở Nội vụ, Sở Tư pháp" or
    "Huyện, thị xã, thành phố"; empty when only directives were chosen (the title names them)."""
    groups = [cat.registry.group(g).label(current(), short=True) for g in only.groups]
    bodies = [cat.registry.body(b).name for b in only.bodies]
    return some([*groups, *bodies], 4)
