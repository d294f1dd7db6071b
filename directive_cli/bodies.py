"""The registry over time: find bodies and groups by what clerks type (ids, aliases, names,
with or without diacritics) as of a day, and follow bodies to their successors."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TypeVar

from .errors import Ambiguous, InvalidInput, NotFound
from .i18n import t
from .model import (
    Body,
    Clause,
    DeadlineKind,
    Group,
    Inheritance,
    Registry,
    Role,
    SuccessionKind,
    Task,
)
from .text import day_text, exact_key, fold, nfc, some, sort_key, squash

_T = TypeVar("_T")
_TYPE_WORDS = ("Sở ", "UBND ")


def _labels(body: Body) -> tuple[str, ...]:
    # Clerks often drop the type word: "Nội vụ", "Văn hóa, Thể thao và Du lịch", "huyện Ba Tơ".
    bare = tuple(body.name[len(w) :] for w in _TYPE_WORDS if body.name.startswith(w))
    return (body.id, body.name, *body.aliases, *bare)


def _index(registry: Registry) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    cache: tuple[dict[str, set[str]], dict[str, set[str]]] | None = registry.__dict__.get("_lookup")
    if cache is None:
        exact: dict[str, set[str]] = {}
        folded: dict[str, set[str]] = {}
        for body in registry.bodies:
            for label in _labels(body):
                exact.setdefault(exact_key(label), set()).add(body.id)
                folded.setdefault(squash(label), set()).add(body.id)
        cache = (exact, folded)
        object.__setattr__(registry, "_lookup", cache)
    return cache


def find_body(registry: Registry, typed: str, on: date | None = None) -> Body:
    """The one body `typed` names (on the day `on`, when given); an exact spelling wins over
    a diacritic-free one.

    Failing a whole label, whole words of one body's labels name it ("cong an", "so noi");
    words in several ("Sở", "UBND", "huyen") are refused with the candidates, never guessed.
    A name reused over time ("Sở Tài chính" before and after 1/3/2025) names the body of the
    day `on`; without a day it is refused with each body and its dates. An id names its body
    whatever the day (ids are never reused). Raises NotFound with the closest names, or
    Ambiguous with every candidate.
    """
    text = nfc(typed).strip()
    if not text:
        raise NotFound(t("err.empty_body"), fix=t("fix.bodies"))
    if registry.has_body(text):
        return registry.body(text)
    exact, folded = _index(registry)
    hits = exact.get(exact_key(text))
    if not hits:
        hits = folded.get(squash(text), set())
    if not hits:
        hits = set(_word_matches(registry, text))
    if on is not None and hits:
        then = {h for h in hits if registry.body(h).valid_on(on)}
        if not then:
            names = [_with_successors(registry, h) for h in _ordered(registry, hits)]
            raise NotFound(
                t("err.body_not_on", typed=typed, day=day_text(on), names=some(names, 6, "; "))
            )
        hits = then
    if len(hits) == 1:
        return registry.body(next(iter(hits)))
    hint = _group_hint(registry, text)
    if hits and _across_time(registry, hits):
        names = _describe(registry, hits, dated=True)
        raise Ambiguous(
            t("err.body_across_time", typed=typed, names=some(names, 6, "; ")), tuple(names)
        )
    if hits:
        names = _describe(registry, hits)
        raise Ambiguous(
            t("err.ambiguous_body", typed=typed, names=some(names, 6, "; ")) + hint, tuple(names)
        )
    raise NotFound(
        t("err.unknown_body", typed=typed) + hint,
        tuple(suggest(registry, text, on=on)),
        fix=t("fix.bodies"),
    )


def _word_matches(registry: Registry, typed: str) -> list[str]:
    """Bodies with a label that holds the typed words whole and in order, by protocol.

    Words as typed first ("Đức" is in Đức Phổ and Mộ Đức), then without diacritics ("duc"
    is also in Giáo dục): an exact spelling is never made ambiguous by its folded twin.
    """
    for split in (_spelled, _words):
        words = split(typed)
        hits = sorted(
            (
                b.id
                for b in registry.bodies
                if words and any(_contains(split(label), words) for label in _labels(b))
            ),
            key=registry.protocol_key,
        )
        if hits:
            return hits
    return []


def _spelled(text: str) -> list[str]:
    return re.findall(r"\w+", nfc(text).lower())


def _group_hint(registry: Registry, typed: str) -> str:
    """ "; for the whole group: --group g3" when what was typed names a group."""
    try:
        group = find_group(registry, typed)
    except LookupError:
        return ""
    return "; " + t("fix.use_group", id=group.id)


def suggest(registry: Registry, typed: str, limit: int = 3, on: date | None = None) -> list[str]:
    """Closest body names to a misspelling, as `id (name)`; of the bodies of the day `on`."""
    _, folded = _index(registry)
    keys = difflib.get_close_matches(squash(typed), list(folded), n=limit * 3, cutoff=0.6)
    ids: list[str] = []
    for key in keys:
        for bid in sorted(folded[key]):
            if on is not None and not registry.body(bid).valid_on(on):
                continue
            if bid not in ids:
                ids.append(bid)
    return _describe(registry, ids[:limit])


def closest_ids(registry: Registry, typed: str, on: date | None = None) -> list[str]:
    """The bodies nearest to a mistyped id or name, as `id (name)`, diacritics folded: the
    nearest one, or every one equally near (never one picked among equals); none when
    nothing is even 60 % alike. Bodies of the day `on` first, when any is near."""
    # A file with one typo in every clause asks the same question hundreds of times (~3 ms each).
    memo: dict[tuple[str, date | None], list[str]] = registry.__dict__.setdefault("_closest", {})
    if (typed, on) not in memo:
        memo[(typed, on)] = _closest(registry, typed, on)
    return list(memo[(typed, on)])


def _closest(registry: Registry, typed: str, on: date | None) -> list[str]:
    key = squash(typed)
    for pool in ([b for b in registry.bodies if on and b.valid_on(on)], registry.bodies):
        scores = {
            b.id: max(difflib.SequenceMatcher(None, key, squash(x)).ratio() for x in _labels(b))
            for b in pool
        }
        near = {bid: score for bid, score in scores.items() if score >= 0.6}
        if near:
            top = max(near.values())
            return _describe(registry, [bid for bid, score in near.items() if score == top])
    return []


def _ordered(registry: Registry, ids: Iterable[str]) -> list[str]:
    """Protocol order, then the earlier body first (a name reused over time)."""
    return sorted(
        ids,
        key=lambda bid: (
            registry.protocol_key(bid),
            registry.body(bid).valid_from or date.min,
            bid,
        ),
    )


def _across_time(registry: Registry, ids: Iterable[str]) -> bool:
    """Whether some of these bodies never existed on the same day as the others."""
    bodies = [registry.body(b) for b in ids]
    return any(
        (a.valid_to or date.max) < (b.valid_from or date.min) for a in bodies for b in bodies
    )


def validity(body: Body) -> str:
    """ "từ 01/03/2025", "đến 30/06/2025", both, or "" for a body without dates."""
    parts = []
    if body.valid_from:
        parts.append(t("valid_from", day=day_text(body.valid_from)))
    if body.valid_to:
        parts.append(t("valid_to", day=day_text(body.valid_to)))
    return " ".join(parts)


def _describe(registry: Registry, ids: Iterable[str], *, dated: bool = False) -> list[str]:
    out = []
    for bid in _ordered(registry, ids):
        body = registry.body(bid)
        when = validity(body) if dated else ""
        out.append(f"{bid} ({body.name}, {when})" if when else f"{bid} ({body.name})")
    return out


def successors_text(registry: Registry, body: Body) -> str:
    """ "kế thừa: stc-2025 (Sở Tài chính)", or that the registry names no successor."""
    if body.succession is None:
        return t("body.no_successor")
    names = [f"{s} ({registry.body(s).name})" for s in body.succession.bodies]
    return t("body.successors", names=some(names, 8))


def _with_successors(registry: Registry, bid: str) -> str:
    body = registry.body(bid)
    return f"{bid} ({body.name}, {validity(body)}; {successors_text(registry, body)})"


def find_group(registry: Registry, typed: str) -> Group:
    """A group by id (g1), the report's numeral (III), short name or full name, diacritics
    optional.

    Failing an exact match, words of a group's name do (`huyen`, `trung uong`, `so`), when
    they name one group only: `tinh` is in two names and is refused with both, never guessed.
    """
    key = squash(typed)
    numbered = group_numeral_of(registry, typed)
    if numbered is not None:
        return numbered
    hits = [g for g in registry.groups if key in {squash(g.id), squash(g.short), squash(g.name)}]
    if not hits:
        words = _words(typed)
        hits = [
            g
            for g in registry.groups
            if words and any(_contains(_words(n), words) for n in (g.short, g.name))
        ]
    if len(hits) == 1:
        return hits[0]
    names = ", ".join(f"{g.id} ({g.short})" for g in (hits or registry.groups))
    if hits:
        raise Ambiguous(
            t("err.ambiguous_group", typed=typed, names=names), tuple(g.id for g in hits)
        )
    raise NotFound(t("err.unknown_group", typed=typed, names=names))


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def group_numeral(registry: Registry, group_id: str) -> str:
    """The numeral a report gives a group's block (I, II, III…): its place in protocol order,
    the same whatever a week's figures, so `--group III` always names the block it did."""
    ordered = _blocks(registry)
    index = next((i for i, g in enumerate(ordered) if g.id == group_id), len(ordered))
    return ROMAN[index] if index < len(ROMAN) else str(index + 1)


def group_numeral_of(registry: Registry, typed: str) -> Group | None:
    """The group a typed numeral (III, iii, "nhóm III") names, if it is one."""
    m = re.fullmatch(r"(?:nhom\s+)?([ivx]+)\.?", fold(typed).strip())
    if not m or m.group(1).upper() not in ROMAN:
        return None
    ordered = _blocks(registry)
    index = ROMAN.index(m.group(1).upper())
    if index >= len(ordered):
        names = ", ".join(f"{group_numeral(registry, g.id)} ({g.short})" for g in ordered)
        raise NotFound(t("err.unknown_group", typed=typed, names=names))
    return ordered[index]


def _blocks(registry: Registry) -> list[Group]:
    """The groups a report has blocks for: each body's first group (others, such as the
    specialised agencies, are filters only), in protocol order."""
    first = {b.groups[0] for b in registry.bodies if b.groups}
    return sorted((g for g in registry.groups if g.id in first), key=lambda g: g.order)


def whole_or_parts(value: str, find: Callable[[str], _T]) -> list[_T]:
    """What one typed value names: itself whole ("Sở Văn hóa, Thể thao và Du lịch" is one body),
    else each part of a comma list ("snv,stp"). A part's error is said when the whole named
    nothing; when the whole was ambiguous, its candidates are (they are what the clerk meant)."""
    try:
        return [find(value)]
    except (NotFound, Ambiguous) as whole:
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if not parts or parts == [value.strip()]:
            raise  # no comma to split at ("snv," is a list of one)
        try:
            return [find(p) for p in parts]
        except (NotFound, Ambiguous):
            if isinstance(whole, Ambiguous):
                raise whole from None
            raise


def find_bodies(
    registry: Registry, typed: Iterable[str], on: date | None = None
) -> tuple[str, ...]:
    """The body ids that repeated or comma-listed --body values name (each looked up as
    `find_body` does), in the order typed, once each."""
    found: list[str] = []
    for value in typed:
        found += [b.id for b in whole_or_parts(value, lambda v: find_body(registry, v, on))]
    return tuple(dict.fromkeys(found))


def find_groups(registry: Registry, typed: Iterable[str]) -> tuple[str, ...]:
    """The group ids that repeated or comma-listed --group values name ("g1,g3", "I,III")."""
    found: list[str] = []
    for value in typed:
        found += [g.id for g in whole_or_parts(value, lambda v: find_group(registry, v))]
    return tuple(dict.fromkeys(found))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def alphabetical(bodies: Iterable[Body]) -> list[Body]:
    """Bodies in Vietnamese dictionary order of their names."""
    return sorted(bodies, key=lambda b: sort_key(b.name))


SORTS = ("protocol", "name")


def ordered(registry: Registry, bodies: Iterable[Body], sort: str) -> list[Body]:
    """Bodies in protocol order (the order official documents list them) or by name."""
    if sort == "name":
        return alphabetical(bodies)
    if sort == "protocol":
        return sorted(bodies, key=lambda b: registry.protocol_key(b.id))
    raise InvalidInput(t("err.unknown_sort", typed=sort, names=", ".join(SORTS)))


# --- tasks over time ----------------------------------------------------------------------------

# Standing obligations pass to the successors; a dated task or an urgent one-off does not:
# it was the ended body's to finish, and it shows as transferred instead (docs/data-format.md).
PASSING_KINDS = frozenset({DeadlineKind.ONGOING, DeadlineKind.RECURRING, DeadlineKind.EVENT})
_ROLE_WEIGHT = {Role.LEAD: 0, Role.ASSIGNED: 1, Role.SUPPORT: 2}


def inherit(
    tasks: Sequence[Task], clauses: Sequence[Clause], registry: Registry
) -> tuple[list[Task], list[Inheritance]]:
    """The tasks with those passed to successors, each after its clause's own tasks, and how.

    A successor gets a standing obligation of its predecessor from the transfer date, with the
    strongest role among them; chains are followed (an inherited task passes on again when
    its new body ends). Derived from the registry alone: the history is never rewritten.
    """
    kinds = {c.id: c.deadline.kind for c in clauses}
    order = {c.id: i for i, c in enumerate(clauses)}
    by_clause: dict[str, list[Task]] = {}
    for task in tasks:
        by_clause.setdefault(task.clause, []).append(task)
    inherited: dict[tuple[str, str], Inheritance] = {}
    out: list[Task] = []
    for clause_id in sorted(by_clause, key=order.__getitem__):
        own = by_clause[clause_id]
        out.extend(own)
        if kinds[clause_id] not in PASSING_KINDS:
            continue
        roles = {t.body: t.role for t in own}
        # Earliest transfers first, so that a chain (A → B → C) is followed in time order.
        pending = sorted(
            (b for b in roles if registry.body(b).succession),
            key=lambda b: registry.body(b).succession.on,  # type: ignore[union-attr]
        )
        added: list[str] = []
        while pending:
            bid = pending.pop(0)
            succession = registry.body(bid).succession
            assert succession is not None
            for sid in succession.bodies:
                role = roles[bid]
                if sid in roles and (clause_id, sid) not in inherited:
                    continue  # the letter gave it this task itself
                known = inherited.get((clause_id, sid))
                if known is None:
                    inherited[(clause_id, sid)] = Inheritance(clause_id, sid, succession.on, (bid,))
                    roles[sid] = role
                    added.append(sid)
                    if registry.body(sid).succession:
                        pending.append(sid)
                        pending.sort(key=lambda b: registry.body(b).succession.on)  # type: ignore[union-attr]
                elif bid not in known.sources:
                    since = min(known.since, succession.on)
                    inherited[(clause_id, sid)] = known._replace(
                        since=since, sources=(*known.sources, bid)
                    )
                    if _ROLE_WEIGHT[role] < _ROLE_WEIGHT[roles[sid]]:
                        roles[sid] = role
        directive = own[0].directive
        for sid in sorted(added, key=registry.protocol_key):
            out.append(Task(directive, clause_id, sid, roles[sid]))
    passed = (
        i._replace(sources=tuple(sorted(i.sources, key=registry.protocol_key)))
        for i in inherited.values()
    )
    return out, sorted(passed, key=lambda i: (order[i.clause], registry.protocol_key(i.body)))


def check_mark_day(
    registry: Registry, task: Task, inherited: Inheritance | None, day: date
) -> None:
    """Refuse to record a task for a day its body did not hold it: after the body ended
    (naming its successors), or before an inherited task passed to it."""
    body = registry.body(task.body)
    if body.valid_to is not None and day > body.valid_to:
        raise InvalidInput(
            t(
                "err.mark_ended",
                body=f"{body.id} ({body.name})",
                end=day_text(body.valid_to),
                day=day_text(day),
                successors=successors_text(registry, body),
            )
        )
    if inherited is not None and day < inherited.since:
        raise InvalidInput(
            t(
                "err.mark_before_inherited",
                task=task.ref,
                since=day_text(inherited.since),
                sources=", ".join(registry.body(s).name for s in inherited.sources),
                day=day_text(day),
            )
        )


def kind_label(kind: SuccessionKind) -> str:
    return t(f"succession.{kind.value}")


def shown_body(registry: Registry, typed: Sequence[str], on: date | None) -> Body:
    """The body of `bodies show ID` (a name too, of the day `on` when given)."""
    if len(typed) != 2 or typed[0].strip().casefold() != "show":
        raise InvalidInput(t("err.bodies_show", typed=" ".join(typed)))
    return find_body(registry, typed[1], on)
