"""Find bodies and groups by what clerks type: ids, aliases, names, with or without diacritics."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .errors import Ambiguous, InvalidInput, NotFound
from .i18n import t
from .model import Body, Group, Registry
from .text import exact_key, fold, nfc, some, sort_key, squash

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


def find_body(registry: Registry, typed: str) -> Body:
    """The one body `typed` names; an exact spelling wins over a diacritic-free one.

    Failing a whole label, whole words of one body's labels name it ("cong an", "so noi");
    words in several ("Sở", "UBND", "huyen") are refused with the candidates, never guessed.
    Raises NotFound with the closest names, or Ambiguous with every candidate.
    """
    text = nfc(typed).strip()
    if not text:
        raise NotFound(t("err.empty_body"), fix=t("fix.bodies"))
    exact, folded = _index(registry)
    hits = exact.get(exact_key(text))
    if not hits:
        hits = folded.get(squash(text), set())
    if not hits:
        hits = set(_word_matches(registry, text))
    if len(hits) == 1:
        return registry.body(next(iter(hits)))
    hint = _group_hint(registry, text)
    if hits:
        names = _describe(registry, hits)
        raise Ambiguous(
            t("err.ambiguous_body", typed=typed, names=some(names, 6, "; ")) + hint, tuple(names)
        )
    raise NotFound(
        t("err.unknown_body", typed=typed) + hint,
        tuple(suggest(registry, text)),
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


def suggest(registry: Registry, typed: str, limit: int = 3) -> list[str]:
    """Closest body names to a misspelling, as `id (name)`."""
    _, folded = _index(registry)
    keys = difflib.get_close_matches(squash(typed), list(folded), n=limit * 3, cutoff=0.6)
    ids: list[str] = []
    for key in keys:
        for bid in sorted(folded[key]):
            if bid not in ids:
                ids.append(bid)
    return _describe(registry, ids[:limit])


def _describe(registry: Registry, ids: Iterable[str]) -> list[str]:
    ordered = sorted(ids, key=registry.protocol_key)
    return [f"{bid} ({registry.body(bid).name})" for bid in ordered]


def find_group(registry: Registry, typed: str) -> Group:
    """A group by id (g1), short name or full name, diacritics optional.

    Failing an exact match, words of a group's name do (`huyen`, `trung uong`, `so`), when
    they name one group only: `tinh` is in two names and is refused with both, never guessed.
    """
    key = squash(typed)
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
