"""Tasks as a clerk sees them: joined with progress, filtered, sorted, found by reference."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from .bodies import find_body
from .deadlines import Standing, standing
from .errors import Ambiguous, InvalidInput, NotFound
from .i18n import t
from .model import (
    Body,
    Catalog,
    Clause,
    DeadlineKind,
    Directive,
    Inheritance,
    Mark,
    Progress,
    Registry,
    Role,
    Status,
    Task,
    Timeliness,
)
from .periods import (
    Obligation,
    current_period,
    extended_due,
    in_force,
    missed,
    obligations,
    owed_span,
)
from .text import fold, nfc, some, sort_key, squash, uncited


class TaskView(NamedTuple):  # one per task: built fast
    """A task with everything needed to show or judge it as of a day."""

    task: Task
    directive: Directive
    clause: Clause
    body: Body
    group: str
    status: Status
    timeliness: Timeliness
    due: date | None
    days_overdue: int
    progress: Progress | None
    clause_index: int
    body_order: tuple[int, int, int]
    inherited: Inheritance | None = None  # the task passed to this body from its predecessors
    # A recurring obligation with a cadence (issue 15): the current period's key, how many
    # earlier periods are overdue, and every period's obligation up to the current one.
    period: str | None = None
    periods_missed: int = 0
    obligations: tuple[Obligation, ...] = ()
    original_due: date | None = None  # the letter's due date, when an extension moved `due`

    @property
    def ref(self) -> str:
        return self.task.ref


ProgressMap = Mapping[str, Mapping[tuple[str, str], Progress]]
# The marks of recurring tasks, by (directive, clause, body): each period's state comes from them.
PeriodMarks = Mapping[tuple[str, str, str], Sequence[Mark]]


def recurring(clause: Clause) -> bool:
    """Whether the clause's tasks owe one obligation per period (a recurring cadence)."""
    d = clause.deadline
    return d.kind is DeadlineKind.RECURRING and d.rrule is not None


def views(
    catalog: Catalog,
    progress: ProgressMap,
    as_of: date,
    only: Filters | None = None,
    periods: PeriodMarks | None = None,
    extended: PeriodMarks | None = None,
    soon_until: date | None = None,
) -> list[TaskView]:
    """Every task of every directive (those `only` can keep), in clause and protocol order.

    Over time (docs/data-format.md): an inherited task exists from its transfer date only, and
    an open task of a body that had ended by `as_of` is transferred, not overdue. A recurring
    task with a cadence stands as its current period does, judged from `periods` (its marks);
    an extension in `extended` (effective by `as_of`) moves a dated task's due date. An open
    task due by `soon_until` (the office's horizon: workdays.Horizon.until) is due soon.
    """
    out: list[TaskView] = []
    registry = catalog.registry
    # Per body, once: a province has 100,000 tasks but fewer than a hundred bodies.
    bodies: dict[str, tuple[Body, str, tuple[int, int, int]]] = {}
    for directive in catalog.directives:
        if only and (
            (only.directives and directive.id not in only.directives)
            or (only.in_directives and directive.id not in only.in_directives)
        ):
            continue
        clause_index = {c.id: i for i, c in enumerate(directive.clauses)}
        clauses = {c.id: c for c in directive.clauses}
        marks = progress.get(directive.id, {})
        passed = bool(directive.inherited)
        for task in directive.tasks:
            # Cheap tests on the task first: at province scale most tasks stop here.
            if only and not only.keep_task(task, registry):
                continue
            inherited = directive.inheritance(task.clause, task.body) if passed else None
            if inherited is not None and as_of < inherited.since:
                continue  # not yet this body's task on that day
            clause = clauses[task.clause]
            known = bodies.get(task.body)
            if known is None:
                b = registry.body(task.body)
                known = bodies[task.body] = (
                    b,
                    b.groups[0] if b.groups else "",
                    registry.protocol_key(b.id),
                )
            body, group, order = known
            state = marks.get((task.clause, task.body))
            status = state.status if state else Status.TODO
            done_on = (
                (state.since or state.effective_on) if state and status is Status.DONE else None
            )
            owed: tuple[Obligation, ...] = ()
            shown: Obligation | None = None  # the period it stands as (current_period)
            deadline, original = clause.deadline, None
            if recurring(clause):
                owed = _obligations(
                    directive, clause, task, body, inherited, periods, as_of, soon_until
                )
                shown = current_period(owed, as_of)
                if shown is not None:
                    status, original = shown.status, shown.original_due
            elif extended and deadline.due is not None:
                key = (task.directive, task.clause, task.body)
                moved = extended_due(in_force(extended.get(key, ()), as_of))
                if moved is not None:
                    deadline, original = deadline._replace(due=moved), deadline.due
            if status is not Status.DONE and body.ended_by(as_of):
                # No period stands for it: all it owed, up to its last day, is missed.
                where, shown = Standing(Timeliness.TRANSFERRED, deadline.due, 0), None
            elif shown is not None:
                where = Standing(shown.timeliness, shown.due, shown.days_overdue)
            elif recurring(clause):  # no report of it falls due while its body exists
                where = Standing(Timeliness.NO_DEADLINE, None, 0)
            else:
                where = standing(deadline, status, done_on, as_of, directive.issued_on, soon_until)
            out.append(
                TaskView(
                    task=task,
                    directive=directive,
                    clause=clause,
                    body=body,
                    group=group,
                    status=status,
                    timeliness=where.timeliness,
                    due=where.due,
                    days_overdue=where.days_overdue,
                    progress=state,
                    clause_index=clause_index[task.clause],
                    body_order=order,
                    inherited=inherited,
                    period=shown.period if shown else None,
                    periods_missed=missed([o for o in owed if o is not shown]),
                    obligations=owed,
                    original_due=original,
                )
            )
    return out


def recurring_keys(catalog: Catalog, only: Filters | None = None) -> list[tuple[str, str, str]]:
    """The tasks (directive, clause, body) whose periods need their marks read."""
    out = []
    for directive in catalog.directives:
        periodic = {c.id for c in directive.clauses if recurring(c)}
        if not periodic:
            continue
        for task in directive.tasks:
            if task.clause in periodic and (only is None or only.keep_task(task, catalog.registry)):
                out.append((task.directive, task.clause, task.body))
    return out


def group_marks(marks: Iterable[Mark]) -> dict[tuple[str, str, str], list[Mark]]:
    """Marks by task, as `views` takes them."""
    out: dict[tuple[str, str, str], list[Mark]] = {}
    for m in marks:
        out.setdefault((m.directive, m.clause, m.body), []).append(m)
    return out


def _obligations(
    directive: Directive,
    clause: Clause,
    task: Task,
    body: Body,
    inherited: Inheritance | None,
    periods: PeriodMarks | None,
    as_of: date,
    soon_until: date | None,
) -> tuple[Obligation, ...]:
    rule, covers = clause.deadline.rrule, clause.deadline.reports_on
    assert rule is not None  # recurring() said so
    marks = in_force((periods or {}).get((task.directive, task.clause, task.body), ()), as_of)
    anchor, since, until = owed_span(directive, clause, body, inherited)
    return tuple(obligations(rule, anchor, marks, as_of, soon_until, covers, since, until))


def clause_matches(pattern: str, clause_id: str) -> bool:
    """`1` matches 1, 1a–1d and 1.2 but not 10; `6a` matches 6a and 6a.1."""
    p, c = pattern.strip().casefold(), clause_id.casefold()
    if c == p:
        return True
    return c.startswith(p) and not c[len(p)].isdigit()


@dataclass(frozen=True)
class Filters:
    """What `list` keeps: different filters combine with AND, repeated values with OR."""

    bodies: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    timeliness: tuple[Timeliness, ...] = ()
    roles: tuple[Role, ...] = ()
    overdue: bool = False
    due_before: date | None = None
    due_after: date | None = None
    search: tuple[str, ...] = ()
    directives: tuple[str, ...] = field(default=())  # named in --clause DIRECTIVE#CLAUSE
    in_directives: tuple[str, ...] = ()  # --directive: only these directives' tasks

    def keep_task(self, task: Task, registry: Registry) -> bool:
        """The part of `keep` that needs no progress: body, group, clause, role, directive."""
        if self.in_directives and task.directive not in self.in_directives:
            return False
        if self.bodies and task.body not in self.bodies:
            return False
        if self.groups and not set(self.groups) & set(registry.body(task.body).groups):
            return False
        if self.clauses and not any(clause_matches(p, task.clause) for p in self.clauses):
            return False
        return not self.roles or task.role in self.roles

    def keep(self, v: TaskView) -> bool:
        if self.directives and v.directive.id not in self.directives:
            return False
        if self.in_directives and v.directive.id not in self.in_directives:
            return False
        if self.bodies and v.body.id not in self.bodies:
            return False
        if self.groups and not set(self.groups) & set(v.body.groups):
            return False
        if self.clauses and not any(clause_matches(p, v.clause.id) for p in self.clauses):
            return False
        if self.statuses and v.status not in self.statuses:
            return False
        if self.timeliness and not (
            v.timeliness in self.timeliness
            # A missed period is overdue, whatever the current period is.
            or (v.periods_missed and Timeliness.OVERDUE in self.timeliness)
        ):
            return False
        if self.roles and v.task.role not in self.roles:
            return False
        if self.overdue and v.timeliness is not Timeliness.OVERDUE and not v.periods_missed:
            return False
        if self.due_before and (v.due is None or v.due > self.due_before):
            return False
        if self.due_after and (v.due is None or v.due < self.due_after):
            return False
        return not self.search or any(_found(term, v) for term in self.search)


def _found(term: str, v: TaskView) -> bool:
    needle = fold(term)
    hay = [v.clause.text, v.clause.title]
    if v.progress:
        hay += [v.progress.note or "", v.progress.evidence or ""]
    return any(needle in fold(h) for h in hay)


SORTS = ("clause", "due", "body", "name", "status", "overdue", "updated")


def clause_order(v: TaskView) -> tuple[date, str, int, tuple[int, int, int]]:
    """Directives oldest first (not "1573" before "297" as text), then the letter's clause
    order, then protocol order of bodies."""
    return (v.directive.issued_on, v.directive.id, v.clause_index, v.body_order)


def sort_views(rows: Iterable[TaskView], by: str = "clause") -> list[TaskView]:
    """Sort for display; every order ends with clause then protocol order so it is stable."""
    base = sorted(rows, key=clause_order)
    if by == "clause":
        return base
    if by == "due":
        return sorted(base, key=lambda v: (v.due is None, v.due or date.max))
    if by == "body":
        return sorted(base, key=lambda v: v.body_order)
    if by == "name":
        return sorted(base, key=lambda v: sort_key(v.body.name))
    if by == "status":
        order = list(Status)
        return sorted(base, key=lambda v: order.index(v.status))
    if by == "overdue":
        return sorted(base, key=lambda v: -v.days_overdue)
    if by == "updated":
        return sorted(
            base, key=lambda v: (v.progress.updated_at or "") if v.progress else "", reverse=True
        )
    raise InvalidInput(t("err.unknown_sort", typed=by, names=", ".join(SORTS)))


# --- references -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """What a reference names: a clause, and a body when one was given."""

    directive: Directive
    clause: Clause
    body: Body | None

    def tasks(self, *, exact: bool = False) -> list[Task]:
        """Tasks named; a clause also covers its parts (1 → 1a–1d) unless `exact`."""
        return [
            t
            for t in self.directive.tasks
            if (t.clause == self.clause.id if exact else clause_matches(self.clause.id, t.clause))
            and (self.body is None or t.body == self.body.id)
        ]


def find_directive(catalog: Catalog, typed: str) -> Directive:
    """A directive by id (2167-2023), reference (2167/UBND-KTTH) or, when only one has it,
    number (2167); case-insensitive, also as a letter cites it ("Công văn số 2167/…")."""
    key = uncited(nfc(typed).strip()).casefold()
    for d in catalog.directives:
        if key in (d.id.casefold(), d.reference.casefold()):
            return d
    numbered = [d for d in catalog.directives if d.number.casefold() == key]
    if len(numbered) == 1:
        return numbered[0]
    if numbered:
        names = tuple(d.id for d in numbered)
        raise Ambiguous(t("err.directive_in_many", typed=typed, names=some(names, 6)), names)
    ids = [d.id for d in catalog.directives]
    # Close to an id or to a reference (2167/UBND-KTTH), suggested by id.
    by_text = {d.id.casefold(): d.id for d in catalog.directives}
    by_text.update({d.reference.casefold(): d.id for d in catalog.directives})
    near = dict.fromkeys(
        by_text[m] for m in difflib.get_close_matches(key, by_text, n=3, cutoff=0.6)
    )
    raise NotFound(t("err.unknown_directive", typed=typed), tuple(near) or (some(ids, 6),))


def find_clause(
    catalog: Catalog, typed: str, directive_id: str | None = None
) -> tuple[Directive, Clause]:
    """A clause by id (case-insensitive), across directives unless one is named."""
    if directive_id is not None and not any(d.id == directive_id for d in catalog.directives):
        ids = [d.id for d in catalog.directives]
        near = difflib.get_close_matches(directive_id, ids, n=3, cutoff=0.5)
        raise NotFound(
            t("err.unknown_directive", typed=directive_id), tuple(near) or (some(ids, 6),)
        )
    key = nfc(typed).strip().casefold()
    hits = [
        (d, c)
        for d in catalog.directives
        if directive_id is None or d.id == directive_id
        for c in d.clauses
        if c.id.casefold() == key
    ]
    if len(hits) == 1:
        return hits[0]
    if hits:
        names = tuple(f"{d.id}#{c.id}" for d, c in hits)
        raise Ambiguous(t("err.clause_in_many", typed=typed, names=some(names, 6)), names)
    known = [
        c.id
        for d in catalog.directives
        for c in d.clauses
        if directive_id is None or d.id == directive_id
    ]
    raise NotFound(
        t("err.unknown_clause", typed=typed), fix=t("fix.clauses", names=some(known, 30))
    )


def parse_ref(
    catalog: Catalog, typed: str, within: Sequence[str] = (), on: date | None = None
) -> Ref:
    """`CLAUSE[:BODY]`, optionally prefixed `DIRECTIVE#` (id, number or reference); the body
    by id, alias or name (of the day `on`, for a name reused over time). `within`: directive
    ids the clause is looked up in (mark -d).

    A clause id that several directives share is no ambiguity when only one of them has a
    task for the body named: `1:stp` is the task that exists.
    """
    text = nfc(typed).strip()
    scope = tuple(within)
    if "#" in text:
        prefix, text = (part.strip() for part in text.split("#", 1))
        scope = (find_directive(catalog, prefix).id,)
    clause_part, _, body_part = text.partition(":")
    if len(scope) == 1:
        directive, clause = find_clause(catalog, clause_part, scope[0])
        candidates = [(directive, clause)]
    else:
        candidates = _clause_candidates(catalog, clause_part, scope)
    body = find_body(catalog.registry, body_part, on) if body_part.strip() else None
    if len(candidates) > 1 and body is not None:
        owing = [(d, c) for d, c in candidates if Ref(d, c, body).tasks()]
        candidates = owing or candidates
    if len(candidates) > 1:
        names = tuple(f"{d.id}#{c.id}" for d, c in candidates)
        raise Ambiguous(t("err.clause_in_many", typed=clause_part, names=some(names, 6)), names)
    directive, clause = candidates[0]
    ref = Ref(directive, clause, body)
    if body is not None and not ref.tasks():
        owners = sorted(
            {t.body for t in Ref(directive, clause, None).tasks()},
            key=catalog.registry.protocol_key,
        )
        listed = ", ".join(owners[:12]) + (" …" if len(owners) > 12 else "")
        who = f"{body.id} ({body.name})"
        if owners:
            raise NotFound(t("err.no_task", body=who, clause=clause.id, owners=listed))
        raise NotFound(t("err.no_task_heading", body=who, clause=clause.id))
    return ref


def _clause_candidates(
    catalog: Catalog, typed: str, scope: Sequence[str]
) -> list[tuple[Directive, Clause]]:
    """Every (directive, clause) with this clause id, in the directives of `scope` (or all)."""
    try:
        return [find_clause(catalog, typed, scope[0] if len(scope) == 1 else None)]
    except Ambiguous as exc:
        hits = [find_clause(catalog, typed, name.partition("#")[0]) for name in exc.candidates]
        kept = [(d, c) for d, c in hits if not scope or d.id in scope]
        if not kept:
            raise
        return kept


def resolve_tasks(
    catalog: Catalog, refs: Sequence[str], within: Sequence[str] = (), on: date | None = None
) -> list[Task]:
    """Tasks for `mark`: each ref must name one task, or a clause that has exactly one body
    (on the day `on`, when given: the bodies that held the clause's tasks that day)."""
    out: list[Task] = []
    for typed in refs:
        ref = parse_ref(catalog, typed, within, on)
        tasks = ref.tasks(exact=True)
        if ref.body is None and on is not None:
            tasks = [tk for tk in tasks if held_on(catalog.registry, ref.directive, tk, on)]
        if ref.clause.heading:
            parts = [
                c.id
                for c in ref.directive.clauses
                if c.id != ref.clause.id and clause_matches(ref.clause.id, c.id)
            ]
            raise InvalidInput(t("err.heading", clause=ref.clause.id, parts=", ".join(parts)))
        if ref.body is None and len(tasks) != 1:
            example = f"{ref.clause.id}:{tasks[0].body if tasks else 'BODY'}"
            raise InvalidInput(
                t("err.many_tasks", clause=ref.clause.id, n=len(tasks), example=example)
            )
        for task in tasks:
            if task not in out:
                out.append(task)
    return out


def held_on(registry: Registry, directive: Directive, task: Task, day: date) -> bool:
    """Whether the task's body held it on `day`: it existed, and an inherited task had passed."""
    inherited = directive.inheritance(task.clause, task.body)
    return registry.body(task.body).valid_on(day) and (inherited is None or inherited.since <= day)


# --- statuses -------------------------------------------------------------------------------

# Words clerks use for each status, folded; English values and Vietnamese phrases alike.
STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.TODO: ("todo", "to do", "chưa thực hiện", "chưa làm", "chưa", "mới"),
    Status.IN_PROGRESS: (
        "in_progress",
        "in progress",
        "doing",
        "đang thực hiện",
        "đang làm",
        "đang",
    ),
    Status.DONE: ("done", "hoàn thành", "đã hoàn thành", "xong", "đã xong"),
    Status.BLOCKED: ("blocked", "vướng mắc", "vướng", "khó khăn"),
}


# "Chưa xong" / "Chưa hoàn thành" head the tables' not-done columns: every status but done.
NOT_DONE_WORDS = ("chưa xong", "chưa hoàn thành", "not done", "not_done")
NOT_DONE = (Status.TODO, Status.IN_PROGRESS, Status.BLOCKED)


def parse_statuses(typed: str) -> tuple[Status, ...]:
    """The statuses a --status value names: one status, the tables' "chưa xong" (every status
    but done), or a comma list of these ("todo,blocked")."""
    out: list[Status] = []
    for part in split_list([typed]):
        out += (
            NOT_DONE
            if squash(part) in {squash(w) for w in NOT_DONE_WORDS}
            else [parse_status(part)]
        )
    return tuple(dict.fromkeys(out))


def split_list(values: Iterable[str]) -> list[str]:
    """Repeated and comma-listed values ("-c 1a,4 -c 6"), each once, blanks dropped: for what
    has no comma of its own (clause ids, statuses, directive numbers)."""
    parts = (p.strip() for v in values for p in v.split(","))
    return list(dict.fromkeys(p for p in parts if p))


def parse_status(typed: str) -> Status:
    """A status from its English value or a Vietnamese word, diacritics optional."""
    key = squash(typed)
    if key in {squash(w) for w in NOT_DONE_WORDS}:
        # A mark records one status: "chưa xong" is three of them.
        raise InvalidInput(t("err.status_not_one", typed=typed))
    for status, words in STATUS_WORDS.items():
        if key in {squash(w) for w in words}:
            return status
    accepted = ", ".join(s.value for s in Status)
    raise InvalidInput(t("err.unknown_status", typed=typed, names=accepted))


# The words the tables show, in both languages, so a clerk can type what they read.
TIMELINESS_WORDS: dict[Timeliness, tuple[str, ...]] = {
    Timeliness.ON_TIME: ("đúng hạn", "on time"),
    Timeliness.LATE: ("trễ hạn", "trễ", "late"),
    Timeliness.IN_TIME: ("trong hạn", "in time"),
    Timeliness.DUE_SOON: ("sắp đến hạn", "sắp hết hạn", "due soon"),
    Timeliness.OVERDUE: ("quá hạn", "overdue"),
    Timeliness.NO_DEADLINE: ("không thời hạn", "không có hạn", "no deadline"),
    Timeliness.TRANSFERRED: ("đã chuyển", "chuyển", "transferred"),
}


def parse_timeliness(typed: str) -> Timeliness:
    key = squash(typed)
    for value in Timeliness:
        if key == squash(value.value) or key in {squash(w) for w in TIMELINESS_WORDS[value]}:
            return value
    names = ", ".join(x.value for x in Timeliness)
    raise InvalidInput(t("err.unknown_timeliness", typed=typed, names=names))


def parse_role(typed: str) -> Role:
    key = squash(typed)
    words = {
        Role.LEAD: ("lead", "chủ trì"),
        Role.ASSIGNED: ("assigned", "thực hiện"),
        Role.SUPPORT: ("support", "phối hợp"),
    }
    for role, names in words.items():
        if key in {squash(n) for n in names}:
            return role
    raise InvalidInput(t("err.unknown_role", typed=typed))


def orphaned(
    catalog: Catalog, progress: Mapping[str, Mapping[tuple[str, str], object]]
) -> list[str]:
    """Recorded tasks of the catalog's directives that the data no longer has, named in full
    (a clause or body id renamed in the YAML leaves its marks pointing nowhere). Directives
    the catalog does not hold are another data set's, not orphans."""
    out: list[str] = []
    for directive in catalog.directives:
        recorded = progress.get(directive.id)
        if not recorded:
            continue
        known = {(tk.clause, tk.body) for tk in directive.tasks}
        out.extend(f"{directive.id}#{c}:{b}" for c, b in recorded if (c, b) not in known)
    return sorted(out)
