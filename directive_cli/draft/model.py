"""The draft of a directive: what the letter says, before a clerk has checked it.

Frozen values only; the writer turns them into the project's YAML (draft/writer.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model import DeadlineKind, ReportsOn, Role


@dataclass(frozen=True)
class Mention:
    """A body or group as the letter names it, and what it was matched to."""

    text: str  # verbatim, NFC
    role: Role
    body: str | None = None  # a body id of the registry or of a proposal
    group: str | None = None  # a group id of the registry
    related: bool = False  # an open group ("… có liên quan"): shown, never filled
    unspecified: bool = False  # named, but the wording gives no role (directed, guided)
    doubt: str | None = None

    @property
    def collective(self) -> bool:
        return self.body is None


@dataclass(frozen=True)
class DraftDeadline:
    kind: DeadlineKind
    source: str | None = None
    due: date | None = None
    start: date | None = None
    rrule: str | None = None
    doubt: str | None = None
    # "trước ngày 20 của tháng đầu quý sau": each report covers the period before its due date's.
    reports_on: ReportsOn = ReportsOn.SAME
    # "trong vòng 10 ngày làm việc kể từ ngày ký": written as `within:` (and `from:` when the
    # count starts on another day than the letter's), so the loader counts the due date with
    # the folder's working calendar; `due` is then the national calendar's count, for
    # choosing between phrases only.
    within: int | None = None
    working: bool = False
    since: date | None = None


@dataclass(frozen=True)
class DraftClause:
    id: str
    label: str  # the letter's own marker: "1.", "a)", "-", "II.", "" for a paragraph
    title: str
    text: str
    heading: bool = False
    responsible: tuple[Mention, ...] = ()
    deadline: DraftDeadline | None = None
    doubts: tuple[str, ...] = ()
    note: str | None = None
    partners: tuple[str, ...] = ()  # "sự phối hợp với …": named, no task


@dataclass(frozen=True)
class Proposal:
    """A body the registry lacks that the letter plainly names."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CitedDocument:
    id: str
    type: str
    mention: str
    reference: str | None = None
    issued_on: date | None = None
    issuer: str | None = None


@dataclass(frozen=True)
class DraftMeta:
    number: str | None
    symbol: str | None
    type: str
    issuer: str | None
    place: str | None
    issued_on: date | None
    subject: str | None
    signer_name: str | None
    signer_title: str | None
    urgency: str | None = None  # HỎA TỐC, KHẨN: delivery, not a deadline
    addressees: tuple[tuple[str, str | None], ...] = ()  # (text as printed, group id or None)
    recipients: tuple[str, ...] = ()
    documents: tuple[CitedDocument, ...] = ()
    implements: str | None = None
    doubts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    id: str
    meta: DraftMeta
    clauses: tuple[DraftClause, ...]
    proposals: tuple[Proposal, ...] = ()
    doubts: tuple[str, ...] = field(default=())  # about the letter as a whole

    @property
    def tasks(self) -> tuple[DraftClause, ...]:
        return tuple(c for c in self.clauses if not c.heading)

    def doubt_count(self) -> int:
        """Every choice the clerk should check: clauses, deadlines, names and metadata."""
        n = len(self.meta.doubts) + len(self.doubts)
        for c in self.clauses:
            n += len(c.doubts) + sum(1 for m in c.responsible if m.doubt)
            if c.deadline and c.deadline.doubt:
                n += 1
        return n

    def deadline_doubts(self) -> int:
        return sum(1 for c in self.clauses if c.deadline and c.deadline.doubt)
