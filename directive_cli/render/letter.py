"""The words of a reminder letter (công văn đôn đốc), once, for every format: the Word letter
(render/letter_docx.py) and the Markdown and plain-text ones for e-mail (here).

Always Vietnamese: the letter is an administrative document (NĐ 30/2020, Điều 8).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from ..model import Status, Timeliness
from ..numwords import figure
from ..office import Office
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
    """One task of the letter: "Điểm 1a. Title", the clause's text, its deadline."""

    heading: str
    text: str
    deadline: str


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


def deadline(task: Owed) -> str:
    """ "Thời hạn: 31/12/2023 (ngay trong năm 2023); đã quá hạn 2 ngày; hiện chưa thực hiện." """
    source = f" ({task.deadline_source})" if task.deadline_source else ""
    if task.due is None:
        when = f"không ấn định ngày cụ thể{source}"
    else:
        when = f"{task.due.strftime('%d/%m/%Y')}{source}"
    if task.timeliness is Timeliness.OVERDUE:
        late = f"; đã quá hạn {task.days_overdue} ngày"
    elif task.days_left is not None:
        late = f"; còn {task.days_left} ngày" if task.days_left else "; đến hạn hôm nay"
    else:
        late = ""
    return f"Thời hạn: {when}{late}; hiện {STATUS[task.status]}."


def words(letter: Letter, office: Office) -> Words:
    """Every sentence of the letter to `letter.body`."""
    refs = letter.directives
    basis = "; ".join(cited(d) + about(d) for d in refs)
    n, late = len(letter.tasks), letter.overdue
    owes = f"chưa hoàn thành {figure(n)} nhiệm vụ được giao"
    if late:
        owes += f", trong đó có {figure(late)} nhiệm vụ đã quá hạn"
    intro = (
        f"Thực hiện {basis}; qua theo dõi, tính đến ngày {short_date(letter.as_of)},"
        f" {letter.body.name} {owes}, cụ thể như sau:"
    )
    several = len(refs) > 1
    items = tuple(
        Item(
            heading=f"{number}. "
            + (f"{task.reference}, " if several else "")
            + f"Điểm {task.clause}: {task.title}",
            text=task.text,
            deadline=deadline(task),
        )
        for number, task in enumerate(letter.tasks, start=1)
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
        items=items,
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
    lines += [_md(w.closing), ""]
    lines += [f"**{_md(line)}**  " for line in office.authority]
    lines += [f"**{_md(office.signer)}**", "", "_Nơi nhận:_", ""]
    lines += [f"- {_md(line)}" for line in office.letter_recipients]
    return "\n".join(lines) + "\n"


def render_txt(letter: Letter, office: Office) -> str:
    w = words(letter, office)

    def wrap(text: str, indent: str = "") -> list[str]:
        return textwrap.wrap(
            " ".join(text.split()),
            WRAP,
            initial_indent=indent,
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
        lines += [*wrap(item.heading), *wrap(item.text, "    "), *wrap(item.deadline, "    "), ""]
    lines += [*wrap(w.closing), "", *office.authority, "", office.signer, "", "Nơi nhận:"]
    lines += [f"- {line}" for line in office.letter_recipients]
    return "\n".join(lines) + "\n"
