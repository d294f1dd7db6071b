"""YAML → model, strictly: one error type that names file, line and clause."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path

from . import fanout
from .bodies import closest_ids, find_body, find_group, inherit, successors_text
from .deadlines import phrase_due
from .errors import Ambiguous, DirectiveError, NotFound, Problem
from .i18n import t
from .loadcheck import CLAUSE_ID, ID, SCHEMA, Checker, read, require_mapping, whole
from .model import (
    Addressee,
    Catalog,
    Clause,
    Deadline,
    DeadlineKind,
    Directive,
    Document,
    Registry,
    ReportsOn,
    Responsibility,
    Role,
    Signer,
    Within,
)
from .periods import Cadence, cadence
from .registry_file import load_registry
from .sources import (
    REGISTRY_FILE,
    bundled_data,
    calendar_for,
    directive_files,
    registry_for,
    skipped_files,
)
from .text import fold, some
from .workdays import NATIONAL, WorkCalendar, add_working_days, load_calendar
from .yamlstrict import YMap, YStr, shown

# Re-exported: the names callers have always imported from here.
__all__ = [
    "REGISTRY_FILE",
    "SCHEMA",
    "Catalog",
    "DirectiveError",
    "Problem",
    "bundled_data",
    "directive_files",
    "load_catalog",
    "load_directive",
    "load_registry",
    "registry_for",
]


# --- directive ------------------------------------------------------------------------------

_TOP = {
    "schema",
    "id",
    "number",
    "symbol",
    "type",
    "issuer",
    "place",
    "issued_on",
    "subject",
    "signer",
    "implements",
    "documents",
    "addressees",
    "recipients",
    "clauses",
    "note",
}
_TOP_REQUIRED = {
    "schema",
    "id",
    "number",
    "symbol",
    "type",
    "issuer",
    "issued_on",
    "subject",
    "signer",
    "clauses",
}
_CLAUSE = {"id", "title", "text", "heading", "responsible", "partners", "deadline", "note"}
_DEADLINE = {"kind", "due", "start", "from", "within", "rrule", "reports_on", "source", "note"}
_WITHIN = {"working_days", "days"}
_KINDS = [k.value for k in DeadlineKind]
# The letters' own words are taken too (folded: "Chủ trì", "chu tri"): clerks copy them.
_ROLE_WORDS = {
    "lead": Role.LEAD,
    "chu tri": Role.LEAD,
    "assigned": Role.ASSIGNED,
    "thuc hien": Role.ASSIGNED,
    "support": Role.SUPPORT,
    "phoi hop": Role.SUPPORT,
}


def load_directive(
    path: Path,
    registry: Registry,
    calendar: WorkCalendar = NATIONAL,
    room: int | None = None,
    warnings: list[Problem] | None = None,
) -> Directive:
    """Read one directive file against a registry; raise DirectiveError with every problem.
    `room`: how many tasks it may fan out to (default fanout.MAX_TASKS); `warnings` gathers
    what the file gets away with but should say otherwise."""
    root = read(path)
    check = Checker(str(path))
    require_mapping(check, root, "ld.where.directive_file")
    top = check.mapping(root, "ld.where.directive", _TOP, _TOP_REQUIRED)
    check.schema(top)
    did = check.ident(top, "id", ID, "ld.what.directive_id")
    issued_on = check.day(top, "issued_on", required=True)
    # Every field is read before the verdict below, so that each of its problems is reported.
    fields = {
        key: check.text(top, key, required=key in _TOP_REQUIRED)
        for key in ("number", "symbol", "type", "issuer", "subject", "place", "note")
    }
    recipients = check.texts(top, "recipients")
    signer_node = check.mapping(
        top.get("signer"), "ld.where.signer", {"name", "title"}, {"name", "title"}
    )
    signer = Signer(
        check.text(signer_node, "name", required=True) or "",
        check.text(signer_node, "title", required=True) or "",
    )

    documents = tuple(_documents(check, top))
    implements = check.text(top, "implements")
    if implements and not any(d.id == implements for d in documents):
        check.fail(top.key_lines["implements"], t("ld.unknown_document", id=shown(implements)))

    addressees: list[Addressee] = []
    for node in check.seq(top, "addressees"):
        a = check.mapping(node, "ld.where.addressee", {"group", "text"}, {"group", "text"})
        gid, text = check.text(a, "group", required=True), check.text(a, "text", required=True)
        if gid and gid not in {g.id for g in registry.groups}:
            check.fail(a.line, t("ld.unknown_group", group=shown(gid)))
        if gid and text:
            addressees.append(Addressee(gid, text))

    clauses = _clauses(check, top, registry, issued_on, calendar)
    if warnings is not None:
        warnings.extend(check.warnings)
    if check.problems:
        raise DirectiveError(check.problems)
    assert did is not None and issued_on is not None  # guaranteed when no problem was found
    fanned = fanout.fan_out(
        did, clauses, registry, issued_on, fanout.MAX_TASKS if room is None else room
    )
    if isinstance(fanned, Problem):
        raise DirectiveError([Problem(str(path), fanned.line, fanned.message, fanned.clause)])
    tasks, inherited = inherit(list(fanned), clauses, registry)
    return Directive(
        id=did,
        number=fields["number"] or "",
        symbol=fields["symbol"] or "",
        type=fields["type"] or "",
        issuer=fields["issuer"] or "",
        issued_on=issued_on,
        subject=fields["subject"] or "",
        signer=signer,
        clauses=tuple(clauses),
        tasks=tuple(tasks),
        place=fields["place"],
        implements=implements,
        documents=documents,
        addressees=tuple(addressees),
        recipients=recipients,
        path=str(path),
        inherited=tuple(inherited),
        note=fields["note"],
    )


def _documents(check: Checker, top: YMap) -> Iterator[Document]:
    seen: set[str] = set()
    allowed = {"id", "type", "reference", "issued_on", "issuer", "mention"}
    for node in check.seq(top, "documents"):
        d = check.mapping(node, "ld.where.document", allowed, {"id", "type", "mention"})
        did = check.ident(d, "id", ID, "ld.what.document_id")
        kind = check.text(d, "type", required=True)
        mention = check.text(d, "mention", required=True)
        reference, issued_on = check.text(d, "reference"), check.day(d, "issued_on")
        issuer = check.text(d, "issuer")
        if did in seen:
            check.fail(d.line, t("ld.dup_document", id=did))
        if did and kind and mention:
            seen.add(did)
            yield Document(did, kind, mention, reference, issued_on, issuer)


def _clauses(
    check: Checker, top: YMap, registry: Registry, issued_on: date | None, calendar: WorkCalendar
) -> list[Clause]:
    clauses: list[Clause] = []
    ids: set[str] = set()  # a search of `clauses` per clause took 61 s at 55,000 clauses
    nodes = check.seq(top, "clauses")
    if not nodes and "clauses" in top:
        check.fail(top.key_lines["clauses"], t("ld.no_clauses"))
    for node in nodes:
        # Name the clause from the start, so that even its unknown keys say where they are.
        peek = node.get("id") if isinstance(node, YMap) else None
        check.clause = str(peek) if isinstance(peek, YStr) and CLAUSE_ID.fullmatch(peek) else None
        c = check.mapping(node, "ld.where.clause", _CLAUSE, {"id", "title", "text"})
        cid = check.ident(c, "id", CLAUSE_ID, "ld.what.clause_id")
        check.clause = cid
        duplicate = bool(cid and cid in ids)
        if duplicate:
            # Still checked below, so that one run reports the clause's other problems too.
            check.fail(c.line, t("ld.dup_clause", id=cid))
        title, text = check.text(c, "title", required=True), check.text(c, "text", required=True)
        partners, note = check.texts(c, "partners"), check.text(c, "note")
        heading = check.text(c, "heading")
        if heading not in (None, "true", "false"):
            check.fail(c.key_lines["heading"], t("ld.heading_bool", value=shown(heading)))
        is_heading = heading == "true"
        before = len(check.problems)
        responsible = _responsible(check, c, registry, issued_on)
        if is_heading and ("responsible" in c or "deadline" in c):
            check.fail(c.line, t("ld.heading_alone"))
        if not is_heading and not c.get("responsible"):
            check.fail(c.line, t("ld.needs_responsible"))
        # An entry refused above (a wrong role, an unknown body) is missing from `responsible`:
        # "no body named" would only echo that problem.
        named = any(r.body or r.group for r in responsible) or len(check.problems) > before
        if not is_heading and responsible and not named:
            check.fail(c.line, t("ld.needs_named"))
        deadline: Deadline | None = Deadline(DeadlineKind.ONGOING)
        if "deadline" in c:
            deadline = _deadline(check, c, issued_on, calendar)
        if cid and title and text and deadline is not None and not duplicate:
            ids.add(cid)
            clauses.append(
                Clause(
                    cid,
                    title,
                    text,
                    is_heading,
                    tuple(responsible),
                    partners,
                    deadline,
                    note,
                    c.line,
                )
            )
    check.clause = None
    return clauses


def _responsible(
    check: Checker, c: YMap, registry: Registry, issued_on: date | None
) -> list[Responsibility]:
    out: list[Responsibility] = []
    seen: dict[str, int] = {}
    group_ids = {g.id for g in registry.groups}
    for node in check.seq(c, "responsible"):
        r = check.mapping(
            node, "ld.where.responsible", {"body", "group", "related", "role"}, {"role"}
        )
        role = _role(check, r)
        named = [k for k in ("body", "group", "related") if r.get(k)]
        if len(named) != 1:
            check.fail(r.line, t("ld.one_of_three"))
            continue
        body, group = check.text(r, "body"), check.text(r, "group")
        related = check.text(r, "related")
        members: list[str] = []
        if body is not None:
            # An unknown name is still kept as an entry, so that it is the one problem reported.
            known = _body_id(check, r.line, registry, body, issued_on)
            if known is not None:
                body, members = known, [known]
        elif group is not None:
            if group not in group_ids:
                group = _group_id(check, r.line, registry, group)
            if group is None:
                pass
            elif not (members := [b.id for b in fanout.members(registry, group, issued_on)]):
                day = issued_on.isoformat() if issued_on else t("ld.directive_date")
                check.fail(r.line, t("ld.group_empty_on", group=group, day=day))
        for bid in members:
            if bid in seen:
                check.fail(r.line, t("ld.responsible_twice", body=bid, line=seen[bid]))
            seen[bid] = r.line
            found = registry.body(bid)
            if issued_on and not found.valid_on(issued_on) and body is not None:
                if found.ended_by(issued_on):
                    assert found.valid_to is not None
                    ended = t(
                        "ld.body_ended_then",
                        body=bid,
                        end=found.valid_to.isoformat(),
                        day=issued_on.isoformat(),
                        successors=successors_text(registry, found),
                    )
                    check.fail(r.line, ended)
                else:
                    check.fail(r.line, t("ld.body_not_then", body=bid, day=issued_on.isoformat()))
        if role is not None:
            out.append(Responsibility(role, body, group, related))
    return out


def _role(check: Checker, r: YMap) -> Role | None:
    value = check.text(r, "role", required=True)
    if value is None:
        return None
    role = _ROLE_WORDS.get(fold(value))
    if role is None:
        check.fail(
            r.key_lines.get("role", r.line),
            t("ld.enum", key="role", value=shown(value), names=t("ld.roles")),
        )
    return role


def _body_id(
    check: Checker, line: int, registry: Registry, typed: str, issued_on: date | None
) -> str | None:
    """The id of the body `typed` names: an id, or a name that names exactly one body (with
    a warning giving its id); None, with the problem said, for an unknown or ambiguous name."""
    if registry.has_body(typed):
        return typed
    found = None
    for day in dict.fromkeys((issued_on, None)):
        # The body of the directive's day first (a name reused across time); else the one
        # body of that name, whose dates are then checked like an id's.
        try:
            found = find_body(registry, typed, day)
            break
        except Ambiguous as exc:
            names = some(exc.candidates, 6, "; ")
            check.fail(line, t("ld.body_names_several", typed=shown(typed), names=names))
            return None
        except NotFound:
            continue
    if found is None:
        ids = closest_ids(registry, typed, issued_on)
        hint = t("ld.body_suggest", ids="; ".join(ids)) if ids else t("ld.body_see_list")
        check.fail(line, t("ld.unknown_body_reg", body=shown(typed), file=REGISTRY_FILE) + hint)
        return None
    check.warn(line, t("ld.body_by_name", typed=shown(typed), id=found.id, name=found.name))
    return found.id


def _group_id(check: Checker, line: int, registry: Registry, typed: str) -> str | None:
    """The id of the group `typed` names (its name, short name, the report's numeral, "G1"),
    with a warning giving the id, as for a body; None, with the problem and the ids said."""
    try:
        found = find_group(registry, typed)
    except (Ambiguous, NotFound):
        names = ", ".join(f"{g.id} ({g.short})" for g in registry.groups)
        problem = t("ld.unknown_group_reg", group=shown(typed), file=REGISTRY_FILE)
        check.fail(line, problem + t("ld.group_ids", names=names))
        return None
    check.warn(line, t("ld.group_by_name", typed=shown(typed), id=found.id, name=found.short))
    return found.id


def _deadline(
    check: Checker, c: YMap, issued_on: date | None, calendar: WorkCalendar
) -> Deadline | None:
    d = check.mapping(c.get("deadline"), "ld.where.deadline", _DEADLINE, {"kind"})
    kind: DeadlineKind | None = check.enum(d, "kind", DeadlineKind, _KINDS)
    if kind is None:
        return None
    due, start = check.day(d, "due"), check.day(d, "start")
    source, rrule = check.text(d, "source"), check.text(d, "rrule")
    # A 'due' that is present but wrong was reported by check.day already.
    if kind.dated and due is None and not d.get("due") and d.get("within") is None:
        check.fail(d.line, t("ld.needs_due", kind=kind))
    if not kind.dated and (due or start):
        check.fail(d.line, t("ld.no_date", kind=kind))
    if kind is DeadlineKind.PERIOD and start is None and not d.get("start"):
        check.fail(d.line, t("ld.period_start"))
    if start and due and start > due:
        check.fail(d.line, t("ld.start_after"))
    if due and issued_on and due < issued_on and not d.get("note"):
        # Nearly always a typo (the year before, day and month swapped). A letter that does set
        # a day already past is encoded as it stands, with a note saying so.
        check.fail(
            d.key_lines["due"],
            t("ld.due_before_issued", due=due.isoformat(), issued=issued_on.isoformat()),
        )
    since = check.day(d, "from")
    within = _within(check, d, kind)
    if since is not None:
        # The day a cadence's periods (or a count of days) start from, when not the directive's.
        if (kind is not DeadlineKind.RECURRING or rrule is None) and within is None:
            check.fail(d.key_lines["from"], t("ld.from_only"))
        else:
            start = since
    if within is not None and (since or issued_on):
        origin = since or issued_on
        assert origin is not None
        counted = (
            add_working_days(origin, within.n, calendar)
            if within.working
            else origin + timedelta(days=within.n)
        )
        if due is not None and due != counted:
            check.fail(
                d.key_lines["due"],
                t("ld.within_disagrees", due=due.isoformat(), counted=counted.isoformat()),
            )
        due = counted
    if rrule is not None:
        if kind is not DeadlineKind.RECURRING:
            check.fail(d.line, t("ld.rrule_only"))
        else:
            _check_rrule(check, d, rrule, start or issued_on)
    if source and due:
        # The letter's phrase and the encoded date must agree, or one of them is a typo.
        said: date | None = None
        try:
            said = phrase_due(source)
        except ValueError:  # a phrase naming an impossible period, such as "tháng 5/0000"
            check.fail(d.key_lines["source"], t("ld.source_no_date", source=source))
            source = None
        if source is None:
            pass
        elif said is None:
            # A day rather than a period ("trước ngày 15/12/2023"): read as the draft reads it.
            from .draft.when import phrase_days

            days = phrase_days(source, issued_on)
            if days and due not in days:
                said_days = ", ".join(x.isoformat() for x in days)
                check.fail(
                    d.key_lines["due"],
                    t("ld.due_disagrees", due=due.isoformat(), source=source, said=said_days),
                )
        elif said != due:
            check.fail(
                d.key_lines["due"],
                t("ld.due_disagrees", due=due.isoformat(), source=source, said=said.isoformat()),
            )
    covers = _reports_on(check, d, kind, rrule)
    return Deadline(kind, source, due, start, rrule, check.text(d, "note"), within, covers)


# A report due in the period after the one it covers, as letters say it (folded); "cùng kỳ
# năm trước" (the same period last year) is a comparison, not the period covered.
_NEXT_PERIOD = re.compile(
    r"\b(?:tuan|thang|quy|nam|ky) (?:sau|tiep theo)\b|(?<!cung )\b(?:thang|quy|ky) truoc\b"
)


def _reports_on(check: Checker, d: YMap, kind: DeadlineKind, rrule: str | None) -> ReportsOn:
    """`reports_on: previous`: each period's report is due in the period after it."""
    if d.get("reports_on") is None:
        source = d.get("source")
        if rrule and isinstance(source, str) and _NEXT_PERIOD.search(fold(source)):
            # "trước ngày 5 của tháng sau": June's report is due in July, and without the key
            # it would be named July's. A warning: the phrase may say something else.
            check.warn(d.key_lines["source"], t("ld.reports_on_hint", source=source))
        return ReportsOn.SAME
    said: ReportsOn | None = check.enum(d, "reports_on", ReportsOn, [r.value for r in ReportsOn])
    if said is None:
        return ReportsOn.SAME
    line = d.key_lines["reports_on"]
    if kind is not DeadlineKind.RECURRING or rrule is None:
        check.fail(line, t("ld.reports_on_only"))
    elif said is ReportsOn.PREVIOUS and cadence(rrule) is Cadence.OTHER:
        check.fail(line, t("ld.reports_on_cadence", rule=rrule))
    return said


def _within(check: Checker, d: YMap, kind: DeadlineKind) -> Within | None:
    """`within: {working_days: N}` or `{days: N}`: a fixed or target deadline counted in days."""
    node = d.get("within")
    if node is None:
        return None
    m = check.mapping(node, "ld.where.within", _WITHIN, set())
    keys = [k for k in ("working_days", "days") if k in m]
    if len(keys) != 1:
        check.fail(d.key_lines["within"], t("ld.within_one"))
        return None
    if kind not in (DeadlineKind.FIXED, DeadlineKind.TARGET):
        check.fail(d.key_lines["within"], t("ld.within_kind", kind=kind))
        return None
    count = whole(check, m, keys[0], 0)
    if count <= 0:
        check.fail(m.key_lines[keys[0]], t("ld.within_positive", key=keys[0]))
        return None
    return Within(count, keys[0] == "working_days")


def _check_rrule(check: Checker, d: YMap, rrule: str, issued_on: date | None) -> None:
    from .cadence import rule_problem, skipped_months  # only files with a cadence pay for it

    problem = rule_problem(rrule, issued_on or date(2000, 1, 1))
    if problem is not None:
        check.fail(d.key_lines["rrule"], problem)
    elif (day := skipped_months(rrule)) is not None:
        check.warn(d.key_lines["rrule"], t("ld.rrule_skips", day=day))


# --- collections ----------------------------------------------------------------------------

# What the cache read before: a registry, and the directives read against it from files
# unchanged since, which are not parsed again.
Read = tuple[Registry, Mapping[Path, Directive]] | None


def load_catalog(
    path: Path | None = None,
    *,
    collect: bool = False,
    read: Read = None,
    warnings: list[Problem] | None = None,
) -> Catalog:
    """Load a data folder or file; with `collect`, gather every file's problems before raising.
    The error names what was loaded (`source`): advice names that data, not the bundled one.
    With `read`, only the files it does not hold are parsed; every check across files (an id
    used twice) still sees them all. `warnings` gathers what the files get away with."""
    path = path or bundled_data()
    try:
        return _load_catalog(path, collect, read, warnings)
    except DirectiveError as exc:
        exc.source = exc.source or path
        raise


def _load_catalog(path: Path, collect: bool, read: Read, warnings: list[Problem] | None) -> Catalog:
    if not path.exists():
        raise DirectiveError([Problem(str(path), 0, t("ld.no_such_path"))])
    registry, known = read or (load_registry(registry_for(path)), {})
    where = calendar_for(path)
    calendar = load_calendar(where) if where else NATIONAL
    files = directive_files(path)
    if not files:
        raise DirectiveError([Problem(str(path), 0, t("ld.no_files"))])
    problems: list[Problem] = []
    directives: list[Directive] = []
    used = 0  # tasks so far: the catalog's whole fan-out stays under fanout.MAX_TASKS
    for file in files:
        try:
            room = fanout.MAX_TASKS - used  # a file the cache kept was loaded under the cap
            directives.append(
                known[file]
                if file in known
                else load_directive(file, registry, calendar, room, warnings)
            )
            used += len(directives[-1].tasks)
        except DirectiveError as exc:
            if not collect:
                raise
            problems.extend(exc.problems)
    ids: dict[str, str] = {}
    for d in directives:
        if d.id in ids:
            problems.append(
                Problem(d.path, 0, f"directive id '{d.id}' is also used by {ids[d.id]}")
            )
        ids[d.id] = d.path
    if problems:
        raise DirectiveError(problems)
    return Catalog(registry, tuple(directives))


def folder_notes(path: Path | None) -> list[str]:
    """What a clerk should know about how a folder (or file) was read: files that look like
    directives but are not read, and the bundled registry standing in for a missing one."""
    path = path or bundled_data()
    notes = []
    skipped = skipped_files(path)
    if skipped:
        notes.append(t("ld.skipped", files=some((p.name for p in skipped), 8)))
    registry = registry_for(path)
    if path.is_dir() and registry.parent != path:
        notes.append(t("ld.bundled_registry_dir", folder=path, registry=registry))
    elif path.is_file() and registry.parent != path.parent:
        notes.append(t("ld.bundled_registry_file", file=path, registry=registry))
    return notes
