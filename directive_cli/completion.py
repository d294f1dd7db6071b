"""What Tab offers: clause ids, tasks, bodies, statuses and groups from the cached catalog."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DirectiveError
from .i18n import t
from .model import Catalog, Status
from .options import catalog
from .text import squash


def _catalog() -> Catalog | None:
    try:
        # The cached catalog: a Tab press must answer at once.
        return catalog(
            Path(os.environ["DIRECTIVE_DATA"]) if os.environ.get("DIRECTIVE_DATA") else None
        )
    except DirectiveError:
        return None  # a broken data file must not break the shell


def complete_body(incomplete: str) -> list[tuple[str, str]]:
    """Body ids and abbreviations, matched without diacritics."""
    cat = _catalog()
    if cat is None:
        return []
    key = squash(incomplete)
    out = []
    for b in sorted(cat.registry.bodies, key=lambda b: cat.registry.protocol_key(b.id)):
        seen: set[str] = set()
        for label in (b.id, *b.aliases):
            folded = squash(label)
            if folded.startswith(key) and " " not in label and folded not in seen:
                seen.add(folded)
                out.append((label, b.name))
    return out


def complete_clause(incomplete: str) -> list[tuple[str, str]]:
    """Clause ids that start with what was typed."""
    cat = _catalog()
    if cat is None:
        return []
    return [
        (c.id, c.title)
        for d in cat.directives
        for c in d.clauses
        if c.id.startswith(incomplete.casefold())
    ]


def complete_ref(incomplete: str) -> list[tuple[str, str]]:
    """CLAUSE first, then CLAUSE:BODY for the bodies that owe that clause."""
    cat = _catalog()
    if cat is None:
        return []
    if ":" not in incomplete:
        return complete_clause(incomplete)
    clause, _, body = incomplete.partition(":")
    return [
        (f"{t_.clause}:{t_.body}", cat.registry.body(t_.body).name)
        for d in cat.directives
        for t_ in d.tasks
        if t_.clause == clause and t_.body.startswith(body.casefold())
    ]


def complete_status(incomplete: str) -> list[tuple[str, str]]:
    """Status words."""
    return [(s.value, t(f"status.{s.value}")) for s in Status if s.value.startswith(incomplete)]


def complete_group(incomplete: str) -> list[tuple[str, str]]:
    """Group ids."""
    cat = _catalog()
    groups = cat.registry.groups if cat else ()
    return [(g.id, g.name) for g in groups if g.id.startswith(incomplete)]
