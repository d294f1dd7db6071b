"""Domain values: directives, clauses, bodies, tasks, deadlines, marks.

The many small values are NamedTuples, not dataclasses: a province holds 100,000 tasks, and
a NamedTuple is built ~6x faster (at import and when the catalog cache is unpickled). They
stay immutable and compare by value; the few large containers remain dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class Role(StrEnum):
    LEAD = "lead"  # chủ trì
    # Named by the letter without "chủ trì" or "phối hợp" ("Sở Y tế … triển khai thực hiện"):
    # calling it the lead would put words in the letter's mouth.
    ASSIGNED = "assigned"  # thực hiện
    SUPPORT = "support"  # phối hợp


class DeadlineKind(StrEnum):
    FIXED = "fixed"  # a hard date ("hoàn thành trong tháng 5/2023")
    TARGET = "target"  # a date to aim for ("ngay trong năm 2023")
    PERIOD = "period"  # a window with a start and an end
    ONGOING = "ongoing"  # continuous, no date
    RECURRING = "recurring"  # periodic; cadence only when the text states one
    URGENT = "urgent"  # "khẩn trương": urgent, yet no date
    EVENT = "event"  # "kịp thời": when the occasion arises

    @property
    def dated(self) -> bool:
        return self in (DeadlineKind.FIXED, DeadlineKind.TARGET, DeadlineKind.PERIOD)


class Status(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"  # vướng mắc: needs a decision above the body's authority


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    IN_TIME = "in_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NO_DEADLINE = "no_deadline"
    # Open when its body ended: the work went to the successors (counted apart from the grid).
    TRANSFERRED = "transferred"


class SuccessionKind(StrEnum):
    MERGED_INTO = "merged_into"  # the whole body went into one successor, with others or not
    SPLIT_BETWEEN = "split_between"  # its parts went to several successors
    RENAMED = "renamed"  # the same work continues under a new name (and id)


class Succession(NamedTuple):
    """How a body ended: who carries its work on, and from which day."""

    kind: SuccessionKind
    on: date  # the successors' first day
    bodies: tuple[str, ...]
    source: str | None = None
    note: str | None = None


class Group(NamedTuple):
    id: str
    name: str
    short: str
    order: int
    note: str | None = None
    name_en: str | None = None  # for --lang en; a body's name is a proper name and stays
    short_en: str | None = None

    def label(self, lang: str, *, short: bool = False) -> str:
        """The group's name (or short label) in `lang`, Vietnamese when no English is given."""
        if lang == "en":
            english = (self.short_en or self.name_en) if short else self.name_en
            if english:
                return english
        return self.short if short else self.name


class Body(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    groups: tuple[str, ...]
    order: int
    valid_from: date | None = None
    valid_to: date | None = None
    note: str | None = None
    source: str | None = None  # where the facts of this entry come from
    succession: Succession | None = None

    def valid_on(self, day: date) -> bool:
        """Whether the body existed on `day`."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)

    def ended_by(self, day: date) -> bool:
        """Whether the body had ceased to exist by `day`."""
        return self.valid_to is not None and day > self.valid_to


class Within(NamedTuple):
    """A deadline counted in days from the directive's date (or `from:`)."""

    n: int
    working: bool  # working days of the Vietnamese calendar, else calendar days


class ReportsOn(StrEnum):
    """Which period a recurring obligation reports on, against its due date's own period."""

    SAME = "same"  # "trước ngày 25 hằng tháng": June's report is due 25/6
    PREVIOUS = "previous"  # "trước ngày 20 của tháng đầu quý sau": Q3's report is due 20/10


class Deadline(NamedTuple):
    kind: DeadlineKind
    source: str | None = None  # the phrase of the letter, verbatim
    due: date | None = None  # inclusive
    start: date | None = None
    rrule: str | None = None  # RFC 5545, only when the directive states a cadence
    note: str | None = None
    within: Within | None = None  # "trong vòng 10 ngày làm việc": `due` is computed from it
    reports_on: ReportsOn = ReportsOn.SAME  # a cadence's periods: the due date's, or the one before


class Responsibility(NamedTuple):
    """One line of a clause's "who": a body, a group that fans out, or an open group."""

    role: Role
    body: str | None = None
    group: str | None = None
    related: str | None = None  # "các ... có liên quan": open, never filled by guess


class Clause(NamedTuple):
    id: str
    title: str
    text: str
    heading: bool = False
    responsible: tuple[Responsibility, ...] = ()
    partners: tuple[str, ...] = ()
    deadline: Deadline = Deadline(DeadlineKind.ONGOING)
    note: str | None = None
    line: int = 0


class Document(NamedTuple):
    id: str
    type: str
    mention: str
    reference: str | None = None
    issued_on: date | None = None
    issuer: str | None = None


class Addressee(NamedTuple):
    group: str
    text: str


class Signer(NamedTuple):
    name: str
    title: str


def task_name(directive: str, ref: str, sole: str | None) -> str:
    """How a task is named to people: `3.1:vpub` when `sole`, the one directive in use, is
    its own; otherwise `2167-2023#3.1:vpub` (with several directives a clause id alone does
    not say which letter, and `mark`, `show` and `history` refuse it as ambiguous)."""
    return ref if directive == sole else f"{directive}#{ref}"


class Inheritance(NamedTuple):
    """A task a body did not get from the letter but from the bodies it succeeded."""

    clause: str
    body: str
    since: date  # the transfer date: the task does not exist before it
    sources: tuple[str, ...]  # the predecessors whose task it continues


class Task(NamedTuple):
    """One clause × one body: what that body owes and reports on."""

    directive: str
    clause: str
    body: str
    role: Role

    @property
    def ref(self) -> str:
        return f"{self.clause}:{self.body}"


@dataclass(frozen=True)
class Directive:
    id: str
    number: str
    symbol: str
    type: str
    issuer: str
    issued_on: date
    subject: str
    signer: Signer
    clauses: tuple[Clause, ...]
    tasks: tuple[Task, ...]
    place: str | None = None
    implements: str | None = None
    documents: tuple[Document, ...] = ()
    addressees: tuple[Addressee, ...] = ()
    recipients: tuple[str, ...] = ()
    path: str = ""
    # Tasks passed to successors (derived from the registry at load, never from the history).
    inherited: tuple[Inheritance, ...] = ()
    # Facts about the record itself, e.g. which parts of the scan were filled in by hand.
    note: str | None = None

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.symbol}"

    def inheritance(self, clause: str, body: str) -> Inheritance | None:
        """How `body` came by its task at `clause`, when it inherited it."""
        index: dict[tuple[str, str], Inheritance] | None = self.__dict__.get("_inherited")
        if index is None:
            index = {(i.clause, i.body): i for i in self.inherited}
            object.__setattr__(self, "_inherited", index)
        return index.get((clause, body))

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)


@dataclass(frozen=True)
class Registry:
    groups: tuple[Group, ...]
    bodies: tuple[Body, ...]
    path: str = ""

    def body(self, body_id: str) -> Body:
        return self._by_id()[body_id]

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def has_body(self, body_id: str) -> bool:
        return body_id in self._by_id()

    def members(self, group_id: str) -> tuple[Body, ...]:
        """Bodies of a group in protocol order."""
        return tuple(
            sorted((b for b in self.bodies if group_id in b.groups), key=lambda b: b.order)
        )

    def _by_id(self) -> dict[str, Body]:
        cache: dict[str, Body] | None = self.__dict__.get("_index")
        if cache is None:
            cache = {b.id: b for b in self.bodies}
            object.__setattr__(self, "_index", cache)
        return cache

    def on(self, day: date) -> tuple[Body, ...]:
        """The bodies that existed on `day`, in the registry's order."""
        return tuple(b for b in self.bodies if b.valid_on(day))

    def predecessors(self, body_id: str) -> tuple[Body, ...]:
        """The bodies whose succession names `body_id`, in protocol order."""
        index: dict[str, list[Body]] | None = self.__dict__.get("_predecessors")
        if index is None:
            index = {}
            for b in self.bodies:
                for s in b.succession.bodies if b.succession else ():
                    index.setdefault(s, []).append(b)
            object.__setattr__(self, "_predecessors", index)
        return tuple(sorted(index.get(body_id, ()), key=lambda b: self.protocol_key(b.id)))

    def protocol_key(self, body_id: str) -> tuple[int, int, int]:
        """Sort key: group order, then order inside the group, then the registry's own order.

        The last breaks ties, which exist (a successor of 2025 takes its predecessor's
        place): without it a set of ids sorted to a different order in each process."""
        body = self.body(body_id)
        group_orders = [g.order for g in self.groups if g.id in body.groups]
        return (min(group_orders, default=99), body.order, self._position()[body_id])

    def _position(self) -> dict[str, int]:
        cache: dict[str, int] | None = self.__dict__.get("_positions")
        if cache is None:
            cache = {b.id: i for i, b in enumerate(self.bodies)}
            object.__setattr__(self, "_positions", cache)
        return cache


class Mark(NamedTuple):
    """One event of the append-only history."""

    id: int
    directive: str
    clause: str
    body: str
    status: Status
    previous_status: Status | None
    effective_on: date
    recorded_at: str
    by: str
    note: str | None
    evidence: str | None
    batch: int
    undoes: int | None = None
    # The period of a recurring obligation the mark is for ("2023-06"); None for other tasks.
    period: str | None = None
    # An extension (gia hạn): the task's (or period's) new due date; the status is unchanged.
    extends_to: date | None = None

    @property
    def ref(self) -> str:
        return f"{self.clause}:{self.body}"


class Progress(NamedTuple):
    """The latest state of one task, as kept by the store."""

    status: Status
    effective_on: date | None = None
    updated_at: str | None = None
    note: str | None = None
    evidence: str | None = None
    # The day the status began: the earliest of the latest run of marks with this status.
    # A second "done" (new evidence, a bulk re-mark) keeps the first day, and a correction
    # dated earlier moves it back; None: the same as effective_on.
    since: date | None = None


@dataclass(frozen=True)
class Catalog:
    """Every directive in use, with the registry they refer to."""

    registry: Registry
    directives: tuple[Directive, ...]

    def directive(self, did: str) -> Directive:
        return next(d for d in self.directives if d.id == did)
