"""Counting progress the way Vietnamese offices report it (DOMAIN.md §4): a pure module."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from .bodies import group_numeral
from .i18n import t
from .model import Directive, Registry, Status, Timeliness
from .query import TaskView
from .text import day_text

_K = TypeVar("_K")


@dataclass
class Counts:
    """The 2×2 grid: done on time / late, not done in time / overdue; undated counted apart,
    and so are the open tasks of a body that ended (transferred: outside the total too, since
    the body no longer owes them)."""

    total: int = 0
    done: int = 0
    on_time: int = 0
    late: int = 0
    not_done: int = 0
    in_time: int = 0
    overdue: int = 0
    no_deadline: int = 0
    transferred: int = 0

    def add_many(self, done: bool, timeliness: Timeliness, n: int) -> None:
        """`n` tasks that are (or are not) done, all with this timeliness."""
        if timeliness is Timeliness.TRANSFERRED:
            self.transferred += n
            return
        self.total += n
        if timeliness is Timeliness.NO_DEADLINE:
            self.no_deadline += n
        if done:
            self.done += n
            self.on_time += n * (timeliness is Timeliness.ON_TIME)
            self.late += n * (timeliness is Timeliness.LATE)
        else:
            self.not_done += n
            self.in_time += n * (timeliness in (Timeliness.IN_TIME, Timeliness.DUE_SOON))
            self.overdue += n * (timeliness is Timeliness.OVERDUE)

    def merge(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def percent(self) -> float:
        """Share of tasks done, one decimal; 0 for a body with no task."""
        return round(100 * self.done / self.total, 1) if self.total else 0.0

    def as_dict(self) -> dict[str, int | float]:
        out: dict[str, int | float] = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["percent"] = self.percent
        return out


@dataclass
class BodyRow:
    body: str
    name: str
    group: str
    counts: Counts


@dataclass
class GroupBlock:
    group: str
    name: str
    numeral: str = ""  # the block's number in a report (I, II, III), as --group III takes it
    rows: list[BodyRow] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)


@dataclass
class Summary:
    groups: list[GroupBlock]
    total: Counts
    # "body": a row per body in blocks per group; "clause": a row per clause (`body` holds the
    # clause id, `name` its title, `group` its directive) in blocks per directive.
    by: str = "body"
    scope: str = ""  # cut to some bodies or groups: whom it covers, as a title says it


def _units(
    views: Iterable[TaskView], key: Callable[[TaskView], _K]
) -> Iterator[tuple[_K, bool, Timeliness]]:
    """What is counted, under `key` (a body, a clause): a task, or each period of a recurring
    obligation (a missed month is overdue, a late one late); an ended body's open task counts
    once, as transferred."""
    done = Status.DONE
    for v in views:
        if v.obligations and v.timeliness is not Timeliness.TRANSFERRED:
            for o in v.obligations:
                yield key(v), o.status is done, o.timeliness
        else:
            yield key(v), v.status is done, v.timeliness


def _by_body(v: TaskView) -> str:
    return v.body.id


def summarize(
    views: Iterable[TaskView], registry: Registry, lang: str = "vi", as_of: date | None = None
) -> Summary:
    """One row per body that owes a task, grouped G1/G2/G3 in protocol order, with totals;
    groups named in `lang`; a body that had ended by `as_of` is named with its last day
    ("Sở Nội vụ (đến 28/02/2025)"): its row of transferred tasks beside its successor's,
    which often bears the same name, must not read as a second Sở Nội vụ."""
    # Tally in C first (a province has 100,000 tasks but a few hundred distinct tallies),
    # then fill each body's grid once per distinct tally.
    tally = Counter(_units(views, _by_body))
    per_body: dict[str, Counts] = {}
    for (body_id, is_done, timeliness), n in tally.items():
        per_body.setdefault(body_id, Counts()).add_many(is_done, timeliness, n)
    blocks: dict[str, GroupBlock] = {}
    for group in sorted(registry.groups, key=lambda g: g.order):
        blocks[group.id] = GroupBlock(
            group.id, group.label(lang), group_numeral(registry, group.id)
        )
    other = GroupBlock("", "", group_numeral(registry, ""))
    total = Counts()
    for bid in sorted(per_body, key=registry.protocol_key):
        body = registry.body(bid)
        gid = body.groups[0] if body.groups else ""
        block = blocks.get(gid, other)
        name = body.name
        if as_of is not None and body.valid_to is not None and body.valid_to < as_of:
            name = f"{name} ({t('valid_to', day=day_text(body.valid_to))})"
        block.rows.append(BodyRow(bid, name, gid, per_body[bid]))
        block.counts.merge(per_body[bid])
        total.merge(per_body[bid])
    groups = [b for b in blocks.values() if b.rows] + ([other] if other.rows else [])
    return Summary(groups, total)


def summarize_clauses(views: Iterable[TaskView], directives: Sequence[Directive]) -> Summary:
    """One row per clause that has tasks, in the letter's order, a block per directive (oldest
    first), with totals: which clauses lag, counted as `summarize` counts bodies."""
    tally = Counter(_units(views, lambda v: (v.directive.id, v.clause.id)))
    per_clause: dict[tuple[str, str], Counts] = {}
    for (key, is_done, timeliness), n in tally.items():
        per_clause.setdefault(key, Counts()).add_many(is_done, timeliness, n)
    blocks: list[GroupBlock] = []
    total = Counts()
    for d in sorted(directives, key=lambda d: (d.issued_on, d.id)):
        # No numeral: I, II, III are the groups' in every report (and in --group III).
        block = GroupBlock(d.id, d.reference)
        for clause in d.clauses:
            counts = per_clause.get((d.id, clause.id))
            if counts is None:
                continue
            block.rows.append(BodyRow(clause.id, clause.title or clause.text, d.id, counts))
            block.counts.merge(counts)
            total.merge(counts)
        if block.rows:
            blocks.append(block)
    return Summary(blocks, total, by="clause")
