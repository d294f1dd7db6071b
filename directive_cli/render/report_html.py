"""The weekly report as one self-contained web page for leadership: the 2×2 figures, a bar
chart per group (inline SVG), the overdue tasks, what changed in the window.

Nothing is fetched: the styles are inline, the chart is SVG in the page, the fonts are the
reader's own, and a Content-Security-Policy forbids loading anything else, so the file reads
the same from an e-mail attachment, offline, years later. Readable on a phone (the tables
scroll sideways, the figures stack) and printable (print styles: no shadows, no page break
inside a row). Labels follow --lang, as in the Markdown report.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from html import escape

from ..i18n import current, t
from ..model import Status
from ..periods import period_words
from ..report import Counts, GroupBlock
from ..text import day_text, moment_text, printable
from ..weekly import ChangeRow, TaskRow, WeeklyReport
from .labels import number_text
from .report_csv import change_flags, change_text, status_label, summary_table
from .report_md import BRIEF_SKIP, NUMERIC
from .sheet import Cell

# The chart's colours, also in the legend: done on time, late, done with no deadline, in
# time, overdue, not done with no deadline.
COLOURS = (
    ("on_time", "#2e7d32"),
    ("late", "#f9a825"),
    ("done_undated", "#a5d6a7"),
    ("in_time", "#90caf9"),
    ("overdue", "#c62828"),
    ("open_undated", "#bdbdbd"),
)
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_WIDTH, FIGURE_WIDTH = 18, 8, 260, 420, 70
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #5f6368; --line: #dadce0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 16px; color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
h1 { font-size: 1.45rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 28px 0 8px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 18px 0 6px; }
p.meta { color: var(--muted); margin: 2px 0; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 14px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card b { display: block; font-size: 1.7rem; line-height: 1.1; }
.card span { color: var(--muted); font-size: .9rem; }
.card.on_time b { color: #2e7d32; } .card.late b { color: #b26a00; }
.card.in_time b { color: #1565c0; } .card.overdue b { color: #c62828; }
.totals { margin: 4px 0 0; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
th { background: #f1f3f4; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td.name, th.name { min-width: 11em; }
td.text, th.text { min-width: 16em; }
tr.group td { font-weight: 600; background: #fafafa; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
svg.chart { width: 100%; height: auto; max-width: 760px; display: block; }
svg.chart text { font: 12px system-ui, Arial, sans-serif; fill: var(--ink); }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: .85rem; margin: 4px 0 10px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: -1px; border-radius: 2px; }
.none { color: var(--muted); font-style: italic; }
@media (max-width: 640px) {
  body { padding: 10px; font-size: 14px; }
  .cards { grid-template-columns: repeat(2, 1fr); }
  h1 { font-size: 1.2rem; }
  /* At its own size (its labels 12 px, not 5 px at 390 px wide), scrolled sideways. */
  svg.chart { width: CHART_WIDTHpx; max-width: none; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .card { border-color: #999; }
  h2, h3 { break-after: avoid; }
  tr, .card, svg.chart, section.group { break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 8.5pt; }
  th, td { padding: 2px 4px; }
  table.summary th.name { width: 34%; }
  td.name, th.name { min-width: 10em; }
  td.text, th.text { min-width: 18em; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""


STYLE = STYLE.replace("CHART_WIDTH", str(LABEL_WIDTH + BAR_WIDTH + FIGURE_WIDTH))


def render(report: WeeklyReport) -> str:
    """The whole page as text (UTF-8 when written)."""
    w = report.window
    title = report.title + (f" — {week_words(w.week)}" if w.week else "")
    total = report.summary.total
    window = t("report.window", start=day_text(w.start), end=day_text(w.end))
    as_of = t("as_of", day=day_text(report.as_of))
    generated = t("report.generated", moment=moment_text(report.generated_at))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(current())}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(window)}. {escape(as_of)}.</p>',
        f'<p class="meta">{escape(generated)}</p>',
        _cards(total),
        f"<h2>1. {escape(t('report.section.summary'))}</h2>",
        _legend(),
    ]
    for block in report.summary.groups:
        # A group's heading and chart as one block: printed, never a heading alone at the
        # foot of a page; on a phone the chart scrolls sideways at its own size.
        parts.append(
            f'<section class="group"><h3>{escape(block.name or "—")}</h3>'
            f'<div class="scroll">{chart(block)}</div></section>'
        )
    parts.append(_summary_table(report))
    parts.append(f'<p class="meta">{escape(t("summary_legend"))}</p>')
    parts.append(f"<h2>2. {escape(t('report.section.overdue', day=day_text(report.as_of)))}</h2>")
    parts.append(_tasks(report.overdue, t("col.days_overdue"), lambda r: str(r.days_overdue)))
    parts.append(f"<h2>3. {escape(t('report.section.changes'))}</h2>")
    parts.append(
        _table(
            (
                t("col.effective_on"),
                t("col.task"),
                t("col.body"),
                t("col.change"),
                t("col.by"),
                t("col.evidence_note"),
            ),
            (_change_cells(c) for c in report.changes),
            numeric={0},
            names={2},
            texts={5},
        )
    )
    if any(c.backdated for c in report.changes):
        legend = t("report.backdated_legend", flag=t("backdated"), day=day_text(w.end))
        parts.append(f'<p class="meta">{escape(legend)}</p>')
    soon = report.due_soon_window
    parts.append(
        "<h2>4. "
        + escape(
            t(
                "report.section.due_soon",
                span=report.horizon.words,
                start=day_text(soon.start),
                end=day_text(soon.end),
            )
        )
        + "</h2>"
    )
    parts.append(_tasks(report.due_soon, t("report.days_left"), lambda r: str(r.days_left)))
    if report.extended:  # only when an extension moved a due date, as in the other formats
        extended = t("report.section.extended", day=day_text(report.as_of))
        parts.append(f"<h2>5. {escape(extended)}</h2>")
        parts.append(
            _tasks(
                report.extended,
                t("col.original_due"),
                lambda r: day_text(r.original_due) if r.original_due else "",
            )
        )
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def week_words(week: str) -> str:
    """ "2024-W02" as the Word report says it: "Tuần 2 năm 2024" ("Week 2 of 2024")."""
    year, number = week.split("-W")
    return t("report.week_words", week=int(number), year=year)


def _cards(total: Counts) -> str:
    cards = "".join(
        f'<div class="card {key}"><b>{getattr(total, key)}</b>'
        f"<span>{escape(t('timeliness.' + key))}</span></div>"
        for key in ("on_time", "late", "in_time", "overdue")
    )
    line = (
        f"{escape(t('col.total'))}: <b>{total.total}</b> · {escape(t('col.done'))}:"
        f" <b>{total.done}</b> ({number_text(total.percent)} %) · {escape(t('col.not_done'))}:"
        f" <b>{total.not_done}</b> · {escape(t('timeliness.no_deadline'))}:"
        f" <b>{total.no_deadline}</b>"
    )
    return f'<div class="cards">{cards}</div><p class="totals">{line}</p>'


def _legend() -> str:
    undated = t("timeliness.no_deadline").lower()
    names = {
        "on_time": t("timeliness.on_time"),
        "late": t("timeliness.late"),
        "done_undated": f"{t('col.done')}, {undated}",
        "in_time": t("timeliness.in_time"),
        "overdue": t("timeliness.overdue"),
        "open_undated": f"{t('col.not_done')}, {undated}",
    }
    items = "".join(
        f'<span><i style="background:{colour}"></i>{escape(names[key])}</span>'
        for key, colour in COLOURS
    )
    return f'<div class="legend">{items}</div>'


def segments(c: Counts) -> list[tuple[str, int]]:
    """A body's bar, done first: on time, late, done with no deadline, then in time,
    overdue, not done with no deadline. The parts add up to the body's total."""
    return [
        ("on_time", c.on_time),
        ("late", c.late),
        ("done_undated", c.done - c.on_time - c.late),
        ("in_time", c.in_time),
        ("overdue", c.overdue),
        ("open_undated", c.not_done - c.in_time - c.overdue),
    ]


def chart(block: GroupBlock) -> str:
    """One horizontal stacked bar per body, its length the body's share of the group's
    largest total, with the percent done at its end."""
    rows = block.rows
    top = max((r.counts.total for r in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    width = LABEL_WIDTH + BAR_WIDTH + FIGURE_WIDTH
    colour = dict(COLOURS)
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(block.name)}</title>'
    ]
    for index, row in enumerate(rows):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        middle = y + BAR_HEIGHT / 2 + 4
        out.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{middle:.0f}" text-anchor="end">'
            f"{escape(_short(row.name))}</text>"
        )
        x = float(LABEL_WIDTH)
        for key, n in segments(row.counts):
            if not n:
                continue
            length = BAR_WIDTH * n / top
            label = escape(f"{row.name}: {n}")
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}"'
                f' fill="{colour[key]}" data-key="{key}" aria-label="{label}">'
                f"<title>{label}</title></rect>"
            )
            x += length
        share = number_text(row.counts.percent)
        out.append(f'<text x="{x + 6:.1f}" y="{middle:.0f}">{share} %</text>')
    out.append("</svg>")
    return "".join(out)


def _short(name: str, most: int = 38) -> str:
    return name if len(name) <= most else name[: most - 1] + "…"


def _summary_table(report: WeeklyReport) -> str:
    """The per-body table of the Markdown report, column for column (the same Table)."""
    table = summary_table(report)
    keep = [i for i, c in enumerate(table.columns) if c.key not in BRIEF_SKIP]
    kinds = [table.columns[i].key for i in keep]
    classes = ["n" if k in NUMERIC else "name" if k == "name" else "" for k in kinds]
    header = "".join(
        f'<th class="{c}">{escape(table.columns[i].header)}</th>'
        for i, c in zip(keep, classes, strict=True)
    )
    last = len(table.rows) - 1
    body = "".join(
        f'<tr class="{"total" if n == last else "group" if strong else ""}">'
        + "".join(
            f'<td class="{c}">{escape(_text(row[i]))}</td>'
            for i, c in zip(keep, classes, strict=True)
        )
        + "</tr>"
        for n, (row, strong) in enumerate(zip(table.rows, table.strong, strict=True))
    )
    return (
        f'<div class="scroll"><table class="summary"><thead><tr>{header}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _text(value: Cell) -> str:
    if isinstance(value, float):
        return number_text(value)
    return "" if value is None else str(value)


def _tasks(rows: Sequence[TaskRow], last: str, value: Callable[[TaskRow], str]) -> str:
    """A section's tasks with `last` as the last column; a recurring obligation's rows (one
    per period) say their period, in a column that appears once a section has one."""
    periods = any(r.period is not None for r in rows)
    head = [t("col.task"), t("col.body"), t("col.title"), t("col.status"), t("col.due")]
    head += [t("col.period")] if periods else []
    cells = (
        [r.task, r.body_name, r.title, _status(r), day_text(r.due)]
        + ([period_words(r.period) if r.period else ""] if periods else [])
        + [value(r)]
        for r in rows
    )
    return _table([*head, last], cells, numeric={4, len(head)}, names={1}, texts={2})


def _status(r: TaskRow) -> str:
    """The status, as md says it; a blocked task's with the clerk's note, what it waits for."""
    text = status_label(r.status)
    if r.status is Status.BLOCKED and r.note:
        text += f": {printable(r.note, keep_newlines=False)}"
    return text


def _change_cells(c: ChangeRow) -> tuple[str, ...]:
    flags = change_flags(c)
    change = change_text(c) + (f" ({flags})" if flags else "")
    # What clerks typed or pasted: a bidi override or zero-width mark would reorder or hide
    # words on leadership's page ("gpj.exe"), so it shows as a visible escape, as in tables.
    notes = " · ".join(printable(x, keep_newlines=False) for x in (c.evidence, c.note) if x)
    by = printable(c.by, keep_newlines=False)
    return (day_text(c.effective_on), c.task, c.body_name, change, by, notes)


def _table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Collection[int],
    names: Collection[int] = (),
    texts: Collection[int] = (),
) -> str:
    """A table: `numeric` columns right-aligned; `names` (bodies) and `texts` (a task's
    content, notes) kept from being squeezed to a word a line."""

    def kind(i: int) -> str:
        return "n" if i in numeric else "name" if i in names else "text" if i in texts else ""

    lines = [
        "<tr>"
        + "".join(f'<td class="{kind(i)}">{escape(v)}</td>' for i, v in enumerate(cells))
        + "</tr>"
        for cells in rows
    ]
    if not lines:
        return f'<p class="none">{escape(t("report.none"))}</p>'
    header = "".join(f'<th class="{kind(i)}">{escape(h)}</th>' for i, h in enumerate(head))
    return (
        f'<div class="scroll"><table><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(lines)}</tbody></table></div>"
    )
