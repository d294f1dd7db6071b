"""The words of a reminder letter (công văn đôn đốc), once, for every format: the Word letter
(render/letter_docx.py) and the Markdown and plain-text ones for e-mail (here).

Always Vietnamese: the letter is an administrative document (NĐ 30/2020, Điều 8).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from ..model import Status, Timeliness
from ..numwords import figure
from ..office import Office
from ..periods import period_words
from ..remind import Letter, Owed
from .citing import about, cited, day_words, named, number_line, short_date

STATUS = {
    Status.TODO: "chưa thực hiện",
    Status.IN_PROGRESS: "đang thực hiện",
    Status.BLOCKED: "đang vướng mắc",
    Status.DONE: "đã hoàn thành",
}
FORMATS = ("docx", "md", "txt")
WRAP = 78  # plain text for e-mail: lines a mail client does not re-wrap


@dataclass(frozen=True)
class Item:
    """One task of the letter: "Điểm 1a. Title", the clause's text, its deadline; a
    recurring one, then one line per period owed ("Kỳ tháng 7/2023, hạn 20/07/2023, …")."""

    heading: str
    text: str
    deadline: str
    periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Words:
    symbol_line: str  # "Số: …/UBND-KTTH"
    subject: str  # "V/v đôn đốc thực hiện Công văn số 2167/UBND-KTTH"
    place_date: str
    addressee: str  # the body's name
    intro: str
    items: tuple[Item, ...]
    closing: str


def subject(letter: Letter) -> str:
    refs = letter.directives
    if len(refs) == 1:
        return f"V/v đôn đốc thực hiện {named(refs[0])}"
    return "V/v đôn đốc thực hiện các nhiệm vụ được giao"


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _standing(task: Owed, late: str = "đã quá hạn") -> str:
    """ "đã quá hạn 2 ngày" / "còn 6 ngày" / "đến hạn hôm nay" / "" (no date)."""
    if task.timeliness is Timeliness.OVERDUE:
        return f"{late} {task.days_overdue} ngày"
    if task.days_left is not None:
        return f"còn {task.days_left} ngày" if task.days_left else "đến hạn hôm nay"
    return ""


def deadline(task: Owed) -> str:
    """ "Thời hạn: 31/12/2023 (ngay trong năm 2023); đã quá hạn 2 ngày; hiện chưa thực hiện."
    An extended task says which date is whose: "Thời hạn: 10/10/2023 (gia hạn từ 15/09/2023;
    văn bản giao: trước ngày 15/9/2023)", never the new date beside the letter's old phrase."""
    notes = []
    if task.original_due is not None:
        notes.append(f"gia hạn từ {_day(task.original_due)}")
    if task.deadline_source:
        notes.append(f"văn bản giao: {task.deadline_source}" if notes else task.deadline_source)
    source = f" ({'; '.join(notes)})" if notes else ""
    when = f"không ấn định ngày cụ thể{source}" if task.due is None else _day(task.due) + source
    standing = _standing(task)
    late = f"; {standing}" if standing else ""
    return f"Thời hạn: {when}{late}; hiện {STATUS[task.status]}."


def cadence(task: Owed) -> str:
    """A recurring task's deadline line, its periods following: "Thời hạn: định kỳ (trước
    ngày 20 hằng tháng); các kỳ chưa hoàn thành:"."""
    source = f" ({task.deadline_source})" if task.deadline_source else ""
    return f"Thời hạn: định kỳ{source}; các kỳ chưa hoàn thành:"


def period_line(task: Owed, last: bool) -> str:
    """ "Kỳ tháng 7/2023, hạn 20/07/2023, quá hạn 134 ngày; hiện chưa thực hiện;" (an
    extended period: "hạn 30/07/2023 (gia hạn từ 20/07/2023)")."""
    assert task.period is not None and task.due is not None  # a period has its due date
    name = period_words(task.period, "vi")  # the letter is Vietnamese whatever --lang says
    # A cadence without a name of its own (every two months …) is keyed by its due date.
    due = f"hạn {_day(task.due)}"
    head = f"Kỳ {due}" if name.startswith("kỳ ") else f"Kỳ {name}, {due}"
    moved = f" (gia hạn từ {_day(task.original_due)})" if task.original_due else ""
    standing = _standing(task, late="quá hạn")
    late = f", {standing}" if standing else ""
    end = "." if last else ";"
    return f"{head}{moved}{late}; hiện {STATUS[task.status]}{end}"


def items(letter: Letter) -> tuple[Item, ...]:
    """One item per task, in the letter's order; a recurring task's periods under it."""
    several = len(letter.directives) > 1
    out = []
    for number, (_, group) in enumerate(
        groupby(letter.tasks, key=lambda task: (task.directive, task.clause)), start=1
    ):
        owed = list(group)
        task = owed[0]
        heading = (
            f"{number}. "
            + (f"{task.reference}, " if several else "")
            + f"Điểm {task.clause}: {task.title}"
        )
        if task.period is None:
            out.append(Item(heading, task.text, deadline(task)))
            continue
        lines = tuple(period_line(p, i == len(owed) - 1) for i, p in enumerate(owed))
        out.append(Item(heading, task.text, cadence(task), lines))
    return tuple(out)


def words(letter: Letter, office: Office) -> Words:
    """Every sentence of the letter to `letter.body`."""
    refs = letter.directives
    basis = "; ".join(cited(d) + about(d) for d in refs)
    listed = items(letter)
    n, late = len(letter.tasks), letter.overdue
    owes = f"chưa hoàn thành {figure(n)} nhiệm vụ được giao"
    if n != len(listed):
        # Five missed months of one report are five obligations, as `summary` counts them.
        owes += " (mỗi kỳ của nhiệm vụ định kỳ tính là một nhiệm vụ)"
    if late:
        owes += f", trong đó có {figure(late)} nhiệm vụ đã quá hạn"
    intro = (
        f"Thực hiện {basis}; qua theo dõi, tính đến ngày {short_date(letter.as_of)},"
        f" {letter.body.name} {owes}, cụ thể như sau:"
    )
    closing = (
        f"Để bảo đảm tiến độ thực hiện các nhiệm vụ được giao, {office.name} đề nghị"
        f" {letter.body.name} khẩn trương triển khai thực hiện các nhiệm vụ nêu trên; báo cáo"
        f" kết quả thực hiện về {office.name} trước ngày {short_date(letter.reply_by)} để theo"
        " dõi, tổng hợp./."
    )
    return Words(
        symbol_line=number_line(office, office.letter_symbol),
        subject=subject(letter),
        place_date=day_words(office.place, letter.as_of),
        addressee=letter.body.name,
        intro=intro,
        items=listed,
        closing=closing,
    )


def file_name(letter: Letter, fmt: str) -> str:
    """One file per body, named by its id (ASCII, stable): `h-binhson.docx`."""
    return f"{letter.body.id}.{fmt}"


# --- Markdown and plain text ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break spaces of a blank number


def _md(text: str) -> str:
    """Text as Markdown shows it verbatim: a clause's "*" or "_" is not emphasis."""
    return _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text).strip())


def render_md(letter: Letter, office: Office) -> str:
    w = words(letter, office)
    lines = [
        f"**{_md(' '.join(office.issuer).upper())}** — {_md(w.symbol_line)}",
        "",
        f"_{_md(w.place_date)}_",
        "",
        f"# {_md(w.subject)}",
        "",
        f"**Kính gửi:** {_md(w.addressee)}.",
        "",
        _md(w.intro),
        "",
    ]
    for item in w.items:
        lines += [f"**{_md(item.heading)}**", "", f"> {_md(item.text)}", "", _md(item.deadline), ""]
        if item.periods:
            lines += [*(f"- {_md(line)}" for line in item.periods), ""]
    lines += [_md(w.closing), ""]
    lines += [f"**{_md(line)}**  " for line in office.authority]
    lines += [f"**{_md(office.signer)}**", "", "_Nơi nhận:_", ""]
    lines += [f"- {_md(line)}" for line in office.letter_recipients]
    return "\n".join(lines) + "\n"


def render_txt(letter: Letter, office: Office) -> str:
    w = words(letter, office)

    def wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
        return textwrap.wrap(
            " ".join(text.split()),
            WRAP,
            initial_indent=indent if first is None else first,
            subsequent_indent=indent,
            break_on_hyphens=False,
        ) or [""]

    lines = [
        " ".join(office.issuer).upper(),
        w.symbol_line.replace("\u00a0", " "),
        w.place_date,
        "",
        *wrap(w.subject),
        "",
        f"Kính gửi: {w.addressee}.",
        "",
        *wrap(w.intro),
        "",
    ]
    for item in w.items:
        lines += [*wrap(item.heading), *wrap(item.text, "    "), *wrap(item.deadline, "    ")]
        for line in item.periods:
            lines += wrap(line, "      ", first="    - ")  # a hanging dash
        lines.append("")
    lines += [*wrap(w.closing), "", *office.authority, "", office.signer, "", "Nơi nhận:"]
    lines += [f"- {line}" for line in office.letter_recipients]
    return "\n".join(lines) + "\n"
