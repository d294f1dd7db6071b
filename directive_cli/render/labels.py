"""Words a table or a Markdown list shows for statuses, standings, changes and counts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..i18n import t
from ..model import Status, Timeliness

if TYPE_CHECKING:
    from ..model import Mark
    from ..query import TaskView

# Colours of a row by its standing (a terminal changes colour, never content).
STYLE = {
    Timeliness.OVERDUE: "red",
    Timeliness.LATE: "red",
    Timeliness.DUE_SOON: "yellow",
    Timeliness.ON_TIME: "green",
}


def status_text(status: Status | None) -> str:
    """A status in the clerk's language (none yet: "to do")."""
    return t("status." + (status or Status.TODO).value)


def timeliness_text(v: TaskView, as_of: date) -> str:
    """A task's standing with its count of days: "Quá hạn (2 ngày)", "Sắp đến hạn (còn 3 ngày)"."""
    text = t(f"timeliness.{v.timeliness.value}")
    if v.days_overdue:
        return text + f" ({t('days', n=v.days_overdue)})"
    if v.timeliness is Timeliness.DUE_SOON and v.due is not None:
        return text + f" ({t('days_left', n=(v.due - as_of).days)})"
    return text


def change_text(m: Mark) -> str:
    """A mark's change of status: "Chưa thực hiện → Hoàn thành"."""
    return f"{status_text(m.previous_status)} → {status_text(m.status)}"


def evidence_note(m: Mark) -> str:
    """A mark's evidence and note in one cell, led by the event it undoes."""
    note = "; ".join(x for x in (m.evidence, m.note) if x)
    if m.undoes:
        note = t("undo_of", id=m.undoes) + (f"; {note}" if note else "")
    return note


def bar(percent: float, width: int = 5) -> str:
    """A percentage as a bar of `width` blocks: 40 → ██░░░."""
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


def count_headers() -> list[str]:
    """Headers of the 2×2 counts (records.COUNT_KEYS) in the clerk's language."""
    return [
        t("col.total"),
        t("col.done"),
        t("timeliness.on_time"),
        t("timeliness.late"),
        t("col.not_done"),
        t("timeliness.in_time"),
        t("timeliness.overdue"),
        t("timeliness.no_deadline"),
        t("col.percent"),
    ]
