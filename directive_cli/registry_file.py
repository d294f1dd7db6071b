"""bodies.yaml → Registry, strictly: groups, bodies, their validity and successors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .errors import DirectiveError
from .i18n import t
from .loadcheck import ID, Checker, read, require_mapping, whole
from .model import Body, Group, Registry, Succession, SuccessionKind
from .text import exact_key
from .yamlstrict import YMap, shown


def load_registry(path: Path) -> Registry:
    """Read bodies.yaml: groups and bodies with their aliases, order and validity."""
    root = read(path)
    check = Checker(str(path))
    require_mapping(check, root, "ld.where.registry_file")
    top = check.mapping(
        root, "ld.where.registry", {"schema", "groups", "bodies"}, {"schema", "bodies"}
    )
    check.schema(top)
    groups: list[Group] = []
    for node in check.seq(top, "groups"):
        g = check.mapping(
            node,
            "ld.where.group",
            {"id", "name", "short", "order", "note", "name_en", "short_en"},
            {"id", "name"},
        )
        gid = check.ident(g, "id", ID, "ld.what.group_id")
        name = check.text(g, "name", required=True)
        order = whole(check, g, "order", default=len(groups) + 1)
        if gid and name:
            if any(x.id == gid for x in groups):
                check.fail(g.line, t("ld.dup_group", id=gid))
            short = check.text(g, "short") or name
            groups.append(
                Group(
                    gid,
                    name,
                    short,
                    order,
                    check.text(g, "note"),
                    check.text(g, "name_en"),
                    check.text(g, "short_en"),
                )
            )
    group_ids = {g.id for g in groups}
    bodies: list[Body] = []
    lines: dict[str, int] = {}
    successions: list[tuple[str, int, YMap]] = []
    # Every label and the bodies answering to it, with their lines: checked once all are read.
    labels: dict[str, list[tuple[str, str, int]]] = {}
    allowed = {
        "id",
        "name",
        "aliases",
        "groups",
        "order",
        "valid_from",
        "valid_to",
        "note",
        "source",
        "successors",
    }
    for node in check.seq(top, "bodies"):
        b = check.mapping(node, "ld.where.body", allowed, {"id", "name", "groups"})
        bid = check.ident(b, "id", ID, "ld.what.body_id")
        name = check.text(b, "name", required=True)
        member_of = check.texts(b, "groups")
        for gid in member_of:
            if gid not in group_ids:
                check.fail(b.line, t("ld.body_unknown_group", body=bid, group=shown(gid)))
        valid_from, valid_to = check.day(b, "valid_from"), check.day(b, "valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            check.fail(b.line, t("ld.valid_order", body=bid))
        if not (bid and name):
            continue
        if bid in lines:
            check.fail(b.line, t("ld.dup_body", id=bid))
            continue
        aliases = check.texts(b, "aliases")
        for label in dict.fromkeys((bid, name, *aliases)):
            labels.setdefault(exact_key(label), []).append((bid, label, b.line))
        order = whole(check, b, "order", default=len(bodies) + 1)
        if "successors" in b:
            successions.append((bid, b.line, b))
        lines[bid] = b.line
        bodies.append(
            Body(
                bid,
                name,
                aliases,
                member_of,
                order,
                valid_from,
                valid_to,
                check.text(b, "note"),
                check.text(b, "source"),
            )
        )
    by_id = {x.id: x for x in bodies}
    _name_clashes(check, labels, by_id)
    for bid, _line, b in successions:
        found = _succession(check, b, by_id[bid], by_id, lines)
        if found is not None:
            by_id[bid] = by_id[bid]._replace(succession=found)
    bodies = [by_id[x.id] for x in bodies]
    if check.problems:
        raise DirectiveError(check.problems)
    return Registry(tuple(groups), tuple(bodies), str(path))


def _overlap(a: Body, b: Body) -> bool:
    """Whether two bodies existed on a common day (an open end is for ever)."""
    return (a.valid_from or date.min) <= (b.valid_to or date.max) and (
        b.valid_from or date.min
    ) <= (a.valid_to or date.max)


def _name_clashes(
    check: Checker, labels: dict[str, list[tuple[str, str, int]]], by_id: dict[str, Body]
) -> None:
    """Two bodies answering to the very same name on the same day would make that name
    unusable that day; across time a name may be reused ("Sở Tài chính" before and after the
    2025 merger), and lookup then picks by the day. Names that only fold alike (Sở/Số) stay
    allowed and are asked about at lookup."""
    for owners in labels.values():
        for i, (bid, label, line) in enumerate(owners):
            for other, _, other_line in owners[:i]:
                if other != bid and _overlap(by_id[bid], by_id[other]):
                    check.fail(
                        line,
                        t("ld.name_clash", label=label, body=bid, owner=other, line=other_line),
                    )
                    break


_SUCCESSION = {"kind", "on", "bodies", "source", "note"}
_SUCCESSION_KINDS = [k.value for k in SuccessionKind]


def _succession(
    check: Checker, b: YMap, body: Body, by_id: dict[str, Body], lines: dict[str, int]
) -> Succession | None:
    """A body's `successors`: they must exist from the transfer date, the day after its end."""
    node = check.mapping(
        b.get("successors"), "ld.where.successors", _SUCCESSION, {"kind", "on", "bodies"}
    )
    kind: SuccessionKind | None = check.enum(node, "kind", SuccessionKind, _SUCCESSION_KINDS)
    on = check.day(node, "on", required=True)
    ids = check.texts(node, "bodies")
    line = node.line
    if kind is None or on is None or not ids:
        if "bodies" in node and not ids:
            check.fail(node.key_lines["bodies"], t("ld.successors_none", body=body.id))
        return None
    problems = len(check.problems)
    if body.valid_to is None:
        check.fail(line, t("ld.successors_no_end", body=body.id))
    elif on <= body.valid_to:
        check.fail(
            node.key_lines["on"],
            t("ld.successors_early", body=body.id, on=on.isoformat(), end=body.valid_to),
        )
        return None  # the successors' dates would only echo this one
    counts = {SuccessionKind.RENAMED: (1, 1), SuccessionKind.MERGED_INTO: (1, 1)}
    low, high = counts.get(kind, (2, 10**6))
    if not low <= len(ids) <= high:
        check.fail(line, t(f"ld.successors_count.{kind.value}", body=body.id, n=len(ids)))
    for sid in ids:
        other = by_id.get(sid)
        if other is None:
            check.fail(line, t("ld.successor_unknown", body=body.id, successor=shown(sid)))
        elif sid == body.id:
            check.fail(line, t("ld.successor_self", body=body.id))
        elif not other.valid_on(on):
            check.fail(
                line,
                t(
                    "ld.successor_not_then",
                    body=body.id,
                    successor=sid,
                    on=on.isoformat(),
                    line=lines[sid],
                ),
            )
    if len(set(ids)) != len(ids):
        check.fail(line, t("ld.successor_twice", body=body.id))
    if len(check.problems) > problems:
        return None
    return Succession(kind, on, ids, check.text(node, "source"), check.text(node, "note"))
