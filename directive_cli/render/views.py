"""What a person sees at a terminal: the tables of list, show, history, summary and bodies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from .. import i18n
from ..i18n import t
from ..model import DeadlineKind, Status, Timeliness
from ..periods import cadence_words, period_words
from ..text import day_text, moment_text
from .labels import (
    STYLE,
    bar,
    change_text,
    due_text,
    evidence_note,
    inherited_text,
    number_text,
    standing_key,
    standing_text,
    status_text,
    timeliness_text,
)

if TYPE_CHECKING:
    from ..model import Body, Catalog, Clause, Mark, Registry, Task
    from ..query import TaskView
    from ..report import Counts, Summary

Naming = Callable[["Task | Mark"], str]
T = TypeVar("T")

# On a narrow terminal a body's name keeps this many cells (most names on two lines) while
# the other columns give way: list's standing puts its "(2 ngày)" on a line of its own and
# its ref breaks after the clause; summary leaves out its bar, then its %. Past that, a row
# is stacked: names on a line of their own (render/table.py, `plan`).
NAME_ROOM = 16


def _paren_below(text: str) -> str:
    """ "Quá hạn (733 ngày)" → "Quá hạn" over "(733 ngày)", which stays whole (a no-break
    space: a day count apart from its unit reads as another figure)."""
    head, paren, rest = text.partition(" (")
    return f"{head}\n({rest.replace(' ', chr(0xA0))}" if paren else text


def _clause_above(ref: str) -> str:
    """ "1a:tp-quangngai" → "1a:" over "tp-quangngai"."""
    return ref.replace(":", ":\n", 1)


def limited(rows: Sequence[T], limit: int, show_all: bool) -> tuple[Sequence[T], int]:
    """The rows a table shows, and how many more there are."""
    if show_all or len(rows) <= limit:
        return rows, 0
    return rows[:limit], len(rows) - limit


def list_title(directives: Sequence[str], day: date) -> str:
    """ "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 01/06/2023"; past three directives, a count."""
    title = (
        t("list_title", ref=", ".join(directives))
        if len(directives) <= i18n.TITLE_REFS
        else t("list_title_many", n=len(directives))
    )
    return f"{title} — {t('as_of', day=day_text(day))}"


def list_table(
    rows: Sequence[TaskView],
    day: date,
    limit: int,
    show_all: bool,
    name: Naming,
    registry: Registry,
) -> None:
    """`list` as a table."""
    from .table import Column, make_console, print_table

    console = make_console(plain_ok=True)
    if not rows:
        console.print(t("no_tasks"))
        return
    shown, more = limited(rows, limit, show_all)
    columns = [
        Column(t("col.task"), no_wrap=True, lead=True, give=2, short=_clause_above),
        Column(t("col.body"), ratio=3, keep=NAME_ROOM, lead=True),
        Column(t("col.status"), no_wrap=True),
        Column(t("col.timeliness"), no_wrap=True, give=1, short=_paren_below),
        # Wrapped, so that "Mục tiêu 31/12/2023" breaks before the date rather than the
        # status and standing columns breaking mid-word.
        Column(t("col.due")),
    ]
    # Statuses, timeliness and dates repeat down a long list: each text is made once.
    statuses = {s: status_text(s) for s in Status}
    standings: dict[tuple[object, ...], str] = {}
    dates: dict[tuple[date | None, bool, date | None, str | None], str] = {}

    def standing(v: TaskView) -> str:
        key = standing_key(v)
        text = standings.get(key)
        if text is None:
            text = standings[key] = timeliness_text(v, day, registry)
        return text

    def due(v: TaskView) -> str:
        key = (v.due, v.clause.deadline.kind is DeadlineKind.TARGET, v.original_due, v.period)
        text = dates.get(key)
        if text is None:
            text = dates[key] = due_text(v)
        return text

    def body(v: TaskView) -> str:
        if v.inherited is None:
            return v.body.name
        return f"{v.body.name} ({inherited_text(v, registry)})"

    # A generator: print_table keeps the one copy of the cells it lays out.
    cells = ([name(v.task), body(v), statuses[v.status], standing(v), due(v)] for v in shown)
    print_table(
        console,
        columns,
        cells,
        styles=[STYLE.get(v.timeliness) for v in shown],
        title=list_title(list(dict.fromkeys(v.directive.reference for v in rows)), day),
        caption=t("more_rows", n=more) if more else None,
    )


def clause_lines(reference: str, clause: Clause, anchor: date | None = None) -> list[str]:
    """The head of `show`: the clause as the letter has it, its deadline and its source; a
    cadence in words, with the day its periods count from (`anchor`)."""
    out: list[str] = [f"{reference} — {t('col.clause')} {clause.id}. {clause.title}", ""]
    out.append(clause.text)
    if clause.note:
        out.append(f"({clause.note})")
    out.append("")
    if clause.heading:
        out.append(t("heading_clause"))
        return out
    dl = clause.deadline
    when = day_text(dl.due) if dl.due else ""
    src = f"«{dl.source}»" if dl.source else t("no_source")
    out.append(
        f"{t('col.deadline')}: {t('kind.' + dl.kind.value)}"
        + (f" {when}" if when else "")
        + f" — {t('col.source')}: {src}"
    )
    if dl.note:
        out.append(f"  ({dl.note})")
    if dl.within is not None and anchor is not None:  # the computed date beside the phrase
        key = "within.working" if dl.within.working else "within.days"
        out[-1] += f" ({t(key, n=dl.within.n, day=day_text(anchor))})"
    if dl.kind is DeadlineKind.RECURRING and dl.rrule and anchor is not None:
        words = cadence_words(dl.rrule, dl.reports_on)
        out.append(t("cadence_line", words=words, day=day_text(anchor)))
    for r in clause.responsible:
        if r.related:
            out.append(f"{t('role.' + r.role.value)}: " + t("related_open", text=r.related))
    if clause.partners:
        out.append(f"{t('partners')}: {'; '.join(clause.partners)}")
    return out


def show_view(
    reference: str,
    clause: Clause,
    rows: Sequence[TaskView],
    history: Sequence[Mark],
    day: date,
    name: Naming,
    registry: Registry,
) -> None:
    """`show`: the clause, each body's standing on `day`, and its history."""
    from .table import Column, cell, make_console, print_table

    console = make_console(plain_ok=True)
    anchor = clause.deadline.start or (rows[0].directive.issued_on if rows else None)
    for line in clause_lines(reference, clause, anchor):
        console.print(cell(line))
    current = next((v for v in rows if v.period is not None and v.due is not None), None)
    if current is not None and current.period is not None and current.due is not None:
        console.print(
            cell(
                t("show.period_now", period=period_words(current.period), due=day_text(current.due))
            )
        )
    if rows:
        cells = [
            [
                name(v.task),
                v.body.name + (f" ({inherited_text(v, registry)})" if v.inherited else ""),
                t(f"role.{v.task.role.value}"),
                status_text(v.status),
                standing_text(v, registry),
                due_text(v),
            ]
            for v in rows
        ]
        print_table(
            console,
            [
                Column(t("col.task"), no_wrap=True),
                Column(t("col.body")),
                Column(t("col.role")),
                Column(t("col.status")),
                Column(t("col.timeliness")),
                Column(t("col.due")),
            ],
            cells,
            styles=[STYLE.get(v.timeliness) for v in rows],
            title=t("as_of", day=day_text(day)),
        )
    missed = [
        t(
            "show.period_row",
            task=name(v.task),
            period=period_words(o.period),
            due=day_text(o.due),
            standing=t(f"timeliness.{o.timeliness.value}") + f" ({t('days', n=o.days_overdue)})",
        )
        for v in rows
        for o in v.obligations
        if o.timeliness in (Timeliness.OVERDUE, Timeliness.LATE)
    ]
    if missed:
        console.print(cell(t("show.periods_title") + ":"))
        for line in missed:
            console.print(cell(line))
    if history:
        # With a past --as-of, the marks effective later are listed too, but flagged: the
        # statuses above do not count them.
        later = any(m.effective_on > day for m in history)
        history_table(
            console,
            history,
            name,
            after=day if later else None,
            caption=t("later_marks", day=day_text(day)) if later else None,
        )


def history_view(
    marks: Sequence[Mark], name: Naming, limit: int, show_all: bool, older: int
) -> None:
    """`history` as a table: the newest `limit` events; `older` more were not read."""
    from .table import make_console

    console = make_console(plain_ok=True)
    if not marks:
        console.print(t("no_history"))
        return
    shown, more = limited(list(reversed(marks)), limit, show_all)
    more += older
    history_table(
        console, list(reversed(shown)), name, caption=t("more_rows", n=more) if more else None
    )


def history_table(
    console: Any,
    marks: Sequence[Mark],
    name: Naming,
    caption: str | None = None,
    after: date | None = None,
) -> None:
    """Events as a table; `after`: marks effective later than this day get a "*"."""
    from .table import Column, print_table

    cells = []
    for m in marks:
        flag = "*" if after is not None and m.effective_on > after else ""
        cells.append(
            [
                f"#{m.id}{flag}",
                str(m.batch),
                name(m) + (f" ({period_words(m.period)})" if m.period else ""),
                change_text(m),
                day_text(m.effective_on),
                f"{m.by}, {moment_text(m.recorded_at)}",
                evidence_note(m),
            ]
        )
    print_table(
        console,
        [
            Column("#", no_wrap=True),
            Column(t("col.batch"), no_wrap=True, justify="right"),
            Column(t("col.task"), no_wrap=True),
            Column(t("col.change"), ratio=2),
            Column(t("col.effective_on"), no_wrap=True),
            Column(t("col.by"), ratio=2),
            Column(t("col.evidence_note"), ratio=3),
        ],
        cells,
        title=t("history_title"),
        caption=caption,
    )


def _counts(c: Counts, moved: bool = False) -> list[str]:
    return [
        str(c.total),
        str(c.done),
        str(c.on_time),
        str(c.late),
        str(c.not_done),
        str(c.in_time),
        str(c.overdue),
        *([str(c.transferred)] if moved else []),
        number_text(c.percent),
        bar(c.percent),
    ]


def summary_title(cat: Catalog, day: date, scope: str = "") -> str:
    """ "Tình hình thực hiện 2167/UBND-KTTH — Tính đến ngày 30/06/2023", with whom it covers
    when cut to some bodies or groups ("… — Huyện, thị xã, thành phố — …")."""
    refs = i18n.references([d.reference for d in cat.directives])
    covers = f" — {scope}" if scope else ""
    return f"{t('summary_title', ref=refs)}{covers} — {t('as_of', day=day_text(day))}"


def summary_table(cat: Catalog, result: Summary, day: date) -> None:
    """`summary` as a table: a bold line per group, then its bodies, then the total."""
    from .table import Column, make_console, print_table

    console = make_console(plain_ok=True)
    right = "right"
    by_clause = result.by == "clause"
    columns = [
        Column(t("col.clause" if by_clause else "col.body"), ratio=1, keep=NAME_ROOM, lead=True),
        Column(t("col.total_short"), justify=right),
        Column(t("col.done_short"), justify=right),
        Column(t("col.on_time_short"), justify=right),
        Column(t("col.late_short"), justify=right),
        Column(t("col.not_done_short"), justify=right),
        Column(t("col.in_time_short"), justify=right),
        Column(t("col.overdue_short"), justify=right),
        Column("%", justify=right, give=2),
        Column("", no_wrap=True, give=1),  # the bar
    ]
    # Open tasks of bodies that ended are counted apart from the grid, once there are any.
    moved = result.total.transferred > 0
    if moved:
        columns.insert(-2, Column(t("col.transferred_short"), justify=right))
    cells: list[list[str]] = []
    styles: list[str | None] = []
    for block in result.groups:
        if by_clause:  # a block per directive, named by its reference
            short = block.name
        elif block.group:
            short = cat.registry.group(block.group).label(i18n.current(), short=True).upper()
        else:
            short = "—"
        cells.append([short, *_counts(block.counts, moved)])
        styles.append("bold")
        for r in block.rows:
            cells.append(
                [f"{r.body}. {r.name}" if by_clause else r.name, *_counts(r.counts, moved)]
            )
            styles.append("red" if r.counts.overdue else None)
    cells.append([t("total").upper(), *_counts(result.total, moved)])
    styles.append("bold")
    print_table(
        console,
        columns,
        cells,
        styles=styles,
        title=summary_title(cat, day, result.scope),
        caption=t("summary_legend") + (" " + t("summary_legend_transferred") if moved else ""),
        compact=True,
    )


def validity_text(b: Body) -> str:
    """ "từ 01/01/2020 đến 30/06/2025": when a body exists, as far as the registry says."""
    return " ".join(
        x
        for x in (
            t("valid_from", day=day_text(b.valid_from)) if b.valid_from else "",
            t("valid_to", day=day_text(b.valid_to)) if b.valid_to else "",
        )
        if x
    )


def bodies_table(items: Sequence[Body], day: date) -> None:
    """`bodies` as a table: the bodies that existed on `day`."""
    from .table import Column, make_console, print_table

    cells = [
        [b.id, b.name, "; ".join(b.aliases), " ".join(b.groups), validity_text(b)] for b in items
    ]
    columns = [
        Column(t("col.id"), no_wrap=True),
        Column(t("col.body")),
        Column(t("col.aliases")),
        Column(t("col.group")),
        Column(t("col.validity")),
    ]
    title = f"{t('bodies_title')} — {t('as_of', day=day_text(day))}"
    print_table(make_console(plain_ok=True), columns, cells, title=title)


def body_lines(registry: Registry, b: Body) -> list[str]:
    """`bodies show`: a body, where its work came from and where it went."""
    from ..bodies import kind_label

    def named(bid: str) -> str:
        return f"{bid} ({registry.body(bid).name})"

    none = t("body.none")
    lines = [f"{b.id} — {b.name}"]
    lines.append(f"{t('col.aliases')}: {'; '.join(b.aliases) or none}")
    groups = [f"{g} ({registry.group(g).label(i18n.current(), short=True)})" for g in b.groups]
    lines.append(f"{t('col.group')}: {'; '.join(groups) or none}")
    lines.append(f"{t('col.validity')}: {validity_text(b) or none}")
    before = [
        f"{named(p.id)}: {kind_label(p.succession.kind)} ({day_text(p.succession.on)})"
        for p in registry.predecessors(b.id)
        if p.succession
    ]
    lines.append(f"{t('body.predecessors')}: {'; '.join(before) or none}")
    after = none
    if b.succession:
        s = b.succession
        after = f"{kind_label(s.kind)} ({day_text(s.on)}): " + "; ".join(named(x) for x in s.bodies)
    lines.append(f"{t('body.successors_title')}: {after}")
    if b.source:
        lines.append(f"{t('body.source')}: {b.source}")
    if b.succession and b.succession.source:
        lines.append(
            f"{t('body.source')} ({t('body.successors_title').lower()}): {b.succession.source}"
        )
    for note in (b.note, b.succession.note if b.succession else None):
        if note:
            lines.append(f"{t('col.note')}: {note}")
    return lines


def body_view(registry: Registry, b: Body) -> None:
    """`bodies show` at a terminal."""
    from .table import cell, make_console

    console = make_console(plain_ok=True)
    for line in body_lines(registry, b):
        console.print(cell(line))


CONFIRM_ALL = 60  # a confirmation lists this many tasks in full
CONFIRM_SHOWN = 40  # and of a longer batch, the first these many


def confirmation_lines(
    registry: Registry, tasks: Sequence[Task], status: Status, name: Naming
) -> list[str]:
    """What `mark` shows before marking many tasks: every task up to CONFIRM_ALL (a clerk
    agrees to what is shown), else the first ones and a count."""
    lines = [t("will_mark", status=status_text(status), n=len(tasks))]
    shown = tasks if len(tasks) <= CONFIRM_ALL else tasks[:CONFIRM_SHOWN]
    width = max(len(name(tk)) for tk in shown)
    lines += [f"  {name(tk):<{width}}  {registry.body(tk.body).name}" for tk in shown]
    if len(shown) < len(tasks):
        lines.append(f"  {t('more_tasks', n=len(tasks) - len(shown))}")
    return lines


def mark_lines(marks: Sequence[Mark], name: Naming, *, dated: bool = True) -> list[str]:
    """ "  4:snv: Chưa thực hiện → Hoàn thành (20/06/2023)" per mark (undo: without the day)."""
    return [
        f"  {name(m)}"
        + (f" ({period_words(m.period)})" if m.period else "")
        + f": {change_text(m)}"
        + (f" ({day_text(m.effective_on)})" if dated else "")
        for m in marks
    ]


# --- the same listings as workbooks (-o FILE.xlsx): titled as the tables above ---------------


def list_xlsx(rows: Sequence[TaskView], day: date, name: Naming, registry: Registry) -> bytes:
    """`list` as a workbook, titled as the table."""
    from .listing_xlsx import list_workbook

    title = list_title(list(dict.fromkeys(v.directive.reference for v in rows)), day)
    return list_workbook(rows, title, name, registry)


def summary_xlsx(cat: Catalog, result: Summary, day: date) -> bytes:
    """`summary` as a workbook, titled as the table."""
    from .listing_xlsx import summary_workbook

    return summary_workbook(result, summary_title(cat, day, result.scope))


def history_xlsx(marks: Sequence[Mark], cat: Catalog, name: Naming) -> bytes:
    """`history` as a workbook."""
    from .listing_xlsx import history_workbook

    return history_workbook(marks, cat, name)


def bodies_xlsx(items: Sequence[Body], cat: Catalog) -> bytes:
    """`bodies` as a workbook."""
    from .listing_xlsx import bodies_workbook

    return bodies_workbook(items, cat)
