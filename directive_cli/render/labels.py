"""Words a table or a Markdown list shows for statuses, standings, changes and counts.

A deadline without a date is shown as what the letter says it is ("Khẩn trương", "Định kỳ",
"Khi phát sinh"), not as a bare "Không thời hạn"; a target as a target ("Mục tiêu
31/12/2023"); a task of a body that ended as where it went ("Đã chuyển cho xã Bình Sơn, …").
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .. import i18n
from ..i18n import t
from ..model import DeadlineKind, Status, Timeliness
from ..periods import period_words
from ..text import day_text

if TYPE_CHECKING:
    from ..model import Body, Mark, Registry
    from ..query import TaskView

# A task's standing names at most this many successors (Thành phố Quảng Ngãi has six).
SUCCESSORS_SHOWN = 3
_UNDATED = {
    DeadlineKind.URGENT: "deadline.urgent",
    DeadlineKind.RECURRING: "deadline.recurring",
    DeadlineKind.EVENT: "deadline.event",
}

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


def plain_name(body: Body) -> str:
    """ "xã Bình Sơn" for "UBND xã Bình Sơn": the name a sentence uses for a local body."""
    return body.name[len("UBND ") :] if body.name.startswith("UBND ") else body.name


def names(registry: Registry, ids: tuple[str, ...], limit: int = SUCCESSORS_SHOWN) -> str:
    """ "xã Bình Sơn, xã Vạn Tường, …" in the order the registry gives them."""
    shown = [plain_name(registry.body(i)) for i in ids[:limit]]
    return ", ".join(shown) + (", …" if len(ids) > limit else "")


def standing_text(v: TaskView, registry: Registry) -> str:
    """The standing of a task, without its count of days: where an ended body's task went,
    what an undated deadline is."""
    if v.timeliness is Timeliness.TRANSFERRED:
        succession = v.body.succession
        if succession is None:
            return t("ended_no_successor", day=day_text(v.body.valid_to))
        return t("transferred_to", names=names(registry, succession.bodies))
    if v.timeliness is Timeliness.NO_DEADLINE:
        key = _UNDATED.get(v.clause.deadline.kind)
        if key is not None:
            return t(key)
    return t(f"timeliness.{v.timeliness.value}")


def standing_key(v: TaskView) -> tuple[object, ...]:
    """What standing_text and timeliness_text depend on: a long list makes each text once."""
    moved = v.body.id if v.timeliness is Timeliness.TRANSFERRED else None
    return (
        v.timeliness,
        v.days_overdue,
        v.due,
        v.clause.deadline.kind,
        moved,
        v.periods_missed,
        v.original_due,
    )


def due_text(v: TaskView) -> str:
    """The date a task is measured against; a target reads as one ("Mục tiêu 31/12/2023")."""
    if v.due is None:
        return ""
    day = day_text(v.due)
    if v.original_due is not None:  # extended: the letter's date stays in sight
        day = t("due.extended", day=day, original=day_text(v.original_due))
    if v.period is not None:  # the current period's obligation: say which period
        return f"{day} ({period_words(v.period)})"
    if v.original_due is not None:
        return day
    if v.clause.deadline.kind is DeadlineKind.TARGET:
        return t("deadline.target", day=day_text(v.due))
    return day_text(v.due)


def inherited_text(v: TaskView, registry: Registry) -> str:
    """ "kế thừa từ huyện Bình Sơn" for a task that passed to this body; "" otherwise."""
    if v.inherited is None:
        return ""
    return t("inherited_from", names=names(registry, v.inherited.sources, limit=6))


def timeliness_text(v: TaskView, as_of: date, registry: Registry) -> str:
    """A task's standing with its count of days: "Quá hạn (2 ngày)", "Sắp đến hạn (còn 3 ngày)"."""
    text = standing_text(v, registry)
    if v.days_overdue:
        text += f" ({t('days', n=v.days_overdue)})"
    elif v.timeliness is Timeliness.DUE_SOON and v.due is not None:
        left = (v.due - as_of).days
        text += f" ({t('days_left', n=left) if left else t('due_today')})"
    if v.periods_missed:  # earlier periods still owed, whatever the current one is
        text += f"; {t('periods_missed', n=v.periods_missed)}"
    return text


def change_text(m: Mark) -> str:
    """A mark's change of status: "Chưa thực hiện → Hoàn thành"; an extension's new date."""
    if m.extends_to is not None:
        key = "change.extension_undone" if m.undoes else "change.extended"
        return t(key, day=day_text(m.extends_to))
    return f"{status_text(m.previous_status)} → {status_text(m.status)}"


def evidence_note(m: Mark) -> str:
    """A mark's evidence and note in one cell, led by the event it undoes."""
    note = "; ".join(x for x in (m.evidence, m.note) if x)
    if m.undoes:
        note = t("undo_of", id=m.undoes) + (f"; {note}" if note else "")
    return note


def number_text(value: float) -> str:
    """A share as people read it: 16,7 in Vietnamese (a decimal comma), 16.7 in English.
    Machine formats (JSON, CSV) keep the number itself."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if i18n.current() == "vi" else text


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
        t("col.transferred"),
        t("col.percent"),
    ]
