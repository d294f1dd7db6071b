"""The hash chain that makes the history tamper-evident, the same for every backend. Pure.

Each event carries `chain`: SHA-256 over the previous event's chain and this event's content,
so an event edited, removed or slipped in with an SQL client breaks the chain from there on.
A backend stores the hex digest beside the event and verifies by recomputing (`verify.py`).

The canonical form of an event (version 1), what is hashed:

- the 15 fields of `FIELDS`, in that order, as one JSON array: `json.dumps(values,
  ensure_ascii=False, separators=(",", ":"))` encoded in UTF-8;
- an id, batch and undoes as JSON integers; every other field as a JSON string, NFC-normalised
  (the store writes NFC; a change to another normal form of the same text is no change of what
  it says); an absent note, evidence, previous status or undoes as `null`;
- dates as stored (effective_on `YYYY-MM-DD`; recorded_at ISO 8601 with its UTC offset).

link(previous, event) = SHA-256 of `PREFIX`, the previous chain (64 hex digits; `GENESIS`
for the first event), a line feed, then the canonical form; written as 64 lower-case hex
digits. The id is inside the hash, so events cannot be reordered or renumbered unseen.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

FIELDS = (
    "id",
    "batch",
    "directive",
    "clause",
    "body",
    "status",
    "previous_status",
    "effective_on",
    "recorded_at",
    "by",
    "note",
    "evidence",
    "undoes",
    "period",  # the period of a recurring obligation a mark is for (m005)
    "extends_to",  # the due date an extension grants (m006)
)
_INTEGERS = frozenset({"id", "batch", "undoes"})
PREFIX = b"directive-history-v1\n"
GENESIS = "0" * 64


def canonical(event: Sequence[Any]) -> bytes:
    """The bytes hashed for one event, given its values in `FIELDS` order."""
    if len(event) != len(FIELDS):
        raise ValueError(f"an event has {len(FIELDS)} fields, not {len(event)}")
    # One comprehension over the fields: verify walks a million events through here.
    normal = unicodedata.normalize
    values = [
        None if v is None else int(v) if number else normal("NFC", str(v))
        for v, number in zip(event, _NUMBER, strict=True)
    ]
    return _dumps(values).encode("utf-8")


_NUMBER = tuple(name in _INTEGERS for name in FIELDS)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def link(previous: str, event: Sequence[Any]) -> str:
    """The chain value of `event` after an event whose chain is `previous`."""
    import hashlib  # only writers and checks need it: every read would pay its import

    digest = hashlib.sha256(PREFIX)
    digest.update(previous.encode("ascii", "replace"))
    digest.update(b"\n")
    digest.update(canonical(event))
    return digest.hexdigest()


@dataclass(frozen=True)
class Break:
    """Where the chain first fails: the event, and why (a key of the message catalogue)."""

    event: int
    reason: str  # "edited", "missing", "unchained"
    previous: int  # the event before it that still holds (0: none)


@dataclass(frozen=True)
class Walk:
    """What walking a history found: how many events, the head, the first break if any."""

    events: int
    head: Head  # Head(0, GENESIS) for a history with no event yet
    broken: Break | None


@dataclass(frozen=True)
class Head:
    """The last event's id and chain: `verify --print-head` prints it as ID:HASH."""

    event: int
    chain: str

    def __str__(self) -> str:
        return f"{self.event}:{self.chain}"


def walk(rows: Iterable[tuple[Sequence[Any], str | None]]) -> Walk:
    """Recompute the chain over `rows` (each event's values in FIELDS order, and its stored
    chain), in id order; the first event that does not follow is the break."""
    previous, last_id, count = GENESIS, 0, 0
    broken: Break | None = None
    for event, stored in rows:
        count += 1
        event_id = int(event[0])
        if broken is None:
            if event_id != last_id + 1:
                # Ids are given one after another from 1: a gap is a removed event.
                broken = Break(last_id + 1, "missing", last_id)
            elif not stored:
                broken = Break(event_id, "unchained", last_id)
            elif link(previous, event) != stored:
                broken = Break(event_id, "edited", last_id)
        previous, last_id = stored or "", event_id
    return Walk(count, Head(last_id, previous), broken)


def parse_head(text: str) -> tuple[int | None, str] | None:
    """`ID:HASH` or a bare HASH (64 hex digits) as typed for `verify --head`; None if neither."""
    event, _, digest = text.strip().rpartition(":")
    digest = digest.lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return None
    if not event:
        return None, digest
    if not event.lstrip("#").isdigit():
        return None
    return int(event.lstrip("#")), digest


@dataclass(frozen=True)
class Verdict:
    """What verifying a history found; sound when both lists are empty."""

    events: int
    head: Head
    damaged: list[str] = field(default_factory=list)  # SQLite's own check: the file is broken
    tampered: list[str] = field(default_factory=list)  # the content was changed outside the tool

    @property
    def problems(self) -> list[str]:
        return self.damaged + self.tampered
