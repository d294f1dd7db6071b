"""The weekly report as Markdown, to paste into an e-mail or a wiki page."""

from __future__ import annotations

from datetime import date

from ..i18n import t
from ..text import day_text, moment_text
from ..weekly import WeeklyReport
from .labels import number_text
from .machine import md_cell
from .report_csv import tables
from .sheet import Cell, Table

# Columns an e-mail can do without (clause and body name say the same as the task id);
# the CSV, JSON and XLSX keep them all.
BRIEF_SKIP = {"task", "body", "group", "title", "recorded_at"}
NUMERIC = {
    "no",
    "id",
    "total",
    "done",
    "on_time",
    "late",
    "not_done",
    "in_time",
    "overdue",
    "no_deadline",
    "transferred",
    "percent",
    "days_overdue",
    "days_left",
}


def render(report: WeeklyReport) -> str:
    """The whole report: heading, window, then the four sections."""
    w = report.window
    title = report.title
    if w.week:
        title += f" — {t('report.week', week=w.week)}"
    lines = [
        f"# {md_cell(title)}",
        "",
        f"{t('report.window', start=day_text(w.start), end=day_text(w.end))}."
        f" {t('as_of', day=day_text(report.as_of))}.",
        t("report.generated", moment=moment_text(report.generated_at)),
        "",
    ]
    sections = tables(report)
    soon = report.due_soon_window
    titles = {
        "summary": t("report.section.summary"),
        "overdue": t("report.section.overdue", day=day_text(report.as_of)),
        "changes": t("report.section.changes"),
        "due_soon": t(
            "report.section.due_soon",
            span=report.horizon.words,
            start=day_text(soon.start),
            end=day_text(soon.end),
        ),
        "extended": t("report.section.extended", day=day_text(report.as_of)),
    }
    for number, (name, table) in enumerate(sections.items(), start=1):
        lines += [f"## {number}. {md_cell(titles[name])}", ""]
        lines += _table(table) if table.rows else [t("report.none")]
        lines.append("")
        if name == "summary":
            lines += [f"_{md_cell(t('summary_legend'))}_", ""]
        if name == "changes" and any(c.backdated for c in report.changes):
            legend = t("report.backdated_legend", flag=t("backdated"), day=day_text(w.end))
            lines += [f"_{md_cell(legend)}_", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(table: Table) -> list[str]:
    keep = [i for i, c in enumerate(table.columns) if c.key not in BRIEF_SKIP]
    headers = [md_cell(table.columns[i].header) for i in keep]
    align = ["---:" if table.columns[i].key in NUMERIC else "---" for i in keep]
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    for row, strong in zip(table.rows, table.strong, strict=True):
        cells = [_cell(row[i]) for i in keep]
        if strong:
            cells = [f"**{c}**" if c else c for c in cells]
        out.append("| " + " | ".join(cells) + " |")
    return out


def _cell(value: Cell) -> str:
    if isinstance(value, date):
        return day_text(value)
    if isinstance(value, float):
        return number_text(value)
    return md_cell(value)
