"""The weekly report as the Word document an office sends: "BÁO CÁO Tình hình thực hiện …"
in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I), with the same figures as the other
formats (one WeeklyReport, rendered).

The document is always Vietnamese: it is an administrative document (NĐ 30/2020, Điều 8).
The per-body table has the columns of the other formats, in their order (the Markdown
report's). It stays in the portrait body while its figures fit the narrow columns; past four
digits, or with the column of transferred tasks (one more than the portrait width holds), it
moves to a landscape annex ("Phụ lục") after the signature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..i18n import t_in
from ..model import Status, task_name
from ..numwords import figure
from ..office import Office
from ..periods import period_words
from ..report import Counts
from ..text import printable
from ..weekly import TaskRow, WeeklyReport, recorded_day
from . import official as o
from .citing import BLANK_NUMBER, cited, named, short_date

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

TITLE = "BÁO CÁO"
TABLE_PT = 12
# Widths in cm: STT, name, total, the six of done and not done, percent, and the columns the
# other formats add before the percent (no deadline, transferred). A bold header word must
# fit its column whole at 12 pt: "Trong" needs 1.3 cm, "Không" and "chuyển" 1.5 cm.
PORTRAIT_CM = (1.0, 1.3, *(1.3,) * 6, 1.3)  # and the name: the rest of the 16.5 cm
LANDSCAPE_CM = (1.2, 2.0, *(1.8,) * 6, 2.4)  # of 25.2 cm
EXTRA_CM = {"portrait": 1.5, "landscape": 1.8}
PORTRAIT_DIGITS = 4  # a figure of five digits no longer fits a 1.3 cm column at 12 pt
HEAD_TOP = (
    "STT",
    "Cơ quan, đơn vị",
    "Tổng số",
    "Đã hoàn thành",
    "Chưa hoàn thành",
    "Tỷ lệ (%)",
)
HEAD_SUB = ("Tổng", "Đúng hạn", "Trễ hạn", "Tổng", "Trong hạn", "Quá hạn")
TOTAL_LABEL = "TỔNG CỘNG"
OTHER_GROUP = "Cơ quan, đơn vị khác"
# The figures of one row grouped under "Đã/Chưa hoàn thành", after STT and the name.
FIELDS = ("total", "done", "on_time", "late", "not_done", "in_time", "overdue")
# The columns of the other formats after those (their labels are the catalogue's, in
# Vietnamese), the transferred one once there are any, as in md, csv and xlsx.
EXTRA = ("no_deadline", "transferred")
EXTRA_LABELS = {"no_deadline": "timeliness.no_deadline", "transferred": "col.transferred"}
# The extended tasks' table (16.5 cm, the portrait width), with a period column when a
# recurring obligation's period was extended. A date column holds "31/12/2023" on one line at
# 12 pt (1.93 cm of text, and the padding).
EXTENDED_HEAD = ("STT", "Điểm", "Nội dung", "Cơ quan, đơn vị", "Hạn ban đầu", "Gia hạn đến")
DATE_CM = 2.3
EXTENDED_CM = (1.0, 1.5, 5.9, 3.5, DATE_CM, DATE_CM)
EXTENDED_PERIOD_CM = (1.0, 1.5, 4.4, 3.0, 2.0, DATE_CM, DATE_CM)


def report_day(report: WeeklyReport) -> date:
    """The date the report bears: the day it was made (its generated_at), else its window end."""
    return recorded_day(report.generated_at) or report.window.end


def subject(report: WeeklyReport) -> str:
    """The subject line under "BÁO CÁO"."""
    refs = report.directives
    if len(refs) == 1:
        # Broken before "của …", as a clerk breaks a two-line title.
        return f"Tình hình thực hiện {cited(refs[0], sep=chr(10))}"
    if not refs:
        return "Tình hình thực hiện văn bản chỉ đạo"
    return f"Tình hình thực hiện {len(refs)} văn bản chỉ đạo"


def window_text(report: WeeklyReport) -> str:
    w = report.window
    text = f"từ ngày {short_date(w.start)} đến ngày {short_date(w.end)}"
    if w.week:
        year, week = w.week.split("-W")
        text += f" (tuần {int(week)} năm {year})"
    return text


def percent_text(value: float) -> str:
    """1,9: a decimal comma, as Vietnamese documents write it."""
    return f"{value:.1f}".replace(".", ",")


def count_text(n: int) -> str:
    return f"{figure(n)} nhiệm vụ"


def paragraphs(report: WeeklyReport, annex: bool) -> list[tuple[str, bool]]:
    """The body text as (text, is_heading): window, totals in words and figures, overdue
    bodies, what was done in the window."""
    total = report.summary.total
    as_of = short_date(report.as_of)
    refs = report.directives
    intro = "Báo cáo tình hình thực hiện "
    if len(refs) == 1:
        intro += cited(refs[0])
    else:
        intro += "các văn bản chỉ đạo: " + "; ".join(cited(d) for d in refs)
    if report.scope:
        intro += f" (đối với: {report.scope})"  # "của … của" read as the issuer's twice
    out: list[tuple[str, bool]] = [
        (
            f"{intro} trong kỳ {window_text(report)}; số liệu tính đến hết ngày {as_of}, như sau:",
            False,
        ),
        ("1. Kết quả chung", True),
        (f"Tổng số nhiệm vụ được giao: {count_text(total.total)}. Trong đó:", False),
        (
            f"- Đã hoàn thành: {count_text(total.done)}, đạt {percent_text(total.percent)}%,"
            f" gồm {figure(total.on_time)} nhiệm vụ đúng hạn và {figure(total.late)} nhiệm vụ"
            " trễ hạn;",
            False,
        ),
        (
            f"- Chưa hoàn thành: {count_text(total.not_done)}, gồm {figure(total.in_time)}"
            f" nhiệm vụ còn trong hạn và {figure(total.overdue)} nhiệm vụ quá hạn.",
            False,
        ),
    ]
    if total.no_deadline:
        out.append(
            (
                f"Số nhiệm vụ không có thời hạn cụ thể: {count_text(total.no_deadline)}; các"
                " nhiệm vụ này được tính vào tổng số, không tính vào số nhiệm vụ đúng hạn, trễ"
                " hạn, trong hạn, quá hạn.",
                False,
            )
        )
    if total.transferred:
        # The table's column counts them by body; the text says what the column means.
        out.append(
            (
                f"Ngoài ra, {count_text(total.transferred)} chưa hoàn thành của các cơ quan, đơn"
                " vị đã thôi hoạt động được chuyển cho cơ quan kế thừa (không tính vào tổng số"
                " ở trên; cơ quan kế thừa thực hiện theo danh sách của mình).",
                False,
            )
        )
    out.append(("2. Cơ quan, đơn vị có nhiệm vụ quá hạn", True))
    late = [row for block in report.summary.groups for row in block.rows if row.counts.overdue]
    if late:
        names = "; ".join(f"{row.name} ({row.counts.overdue} nhiệm vụ)" for row in late)
        out.append(
            (
                f"Tính đến ngày {as_of}, có {figure(len(late))} cơ quan, đơn vị có nhiệm vụ quá"
                f" hạn: {names}.",
                False,
            )
        )
    else:
        out.append(
            (f"Tính đến ngày {as_of}, không có cơ quan, đơn vị nào có nhiệm vụ quá hạn.", False)
        )
    missed = overdue_periods(report)
    if missed:
        out.append((f"Trong đó, các kỳ báo cáo định kỳ quá hạn: {missed}.", False))
    out += [(text, False) for text in overdue_statuses(report)]
    out.append(("3. Kết quả trong kỳ", True))
    done = _done_in_window(report)
    if done:
        out.append(
            (
                f"Trong kỳ báo cáo, {count_text(done)} được các cơ quan, đơn vị báo cáo hoàn"
                " thành.",
                False,
            )
        )
    else:
        out.append(("Trong kỳ báo cáo, không có nhiệm vụ nào được báo cáo hoàn thành.", False))
    out.append(("4. Kết quả cụ thể của từng cơ quan, đơn vị", True))
    where = "chi tiết tại Phụ lục kèm theo." if annex else "như bảng sau:"
    out.append((f"Kết quả thực hiện của từng cơ quan, đơn vị {where}", False))
    return out


def overdue_statuses(report: WeeklyReport) -> list[str]:
    """The overdue tasks by status, then the blocked ones with the clerk's note: what waits
    on a decision is what a leader reads the section for."""
    rows = report.overdue
    if not rows:
        return []
    counts = [(s, sum(r.status is s for r in rows)) for s in Status]
    parts = [
        f"{figure(n)} nhiệm vụ {t_in('vi', f'status.{s.value}').lower()}" for s, n in counts if n
    ]
    out = [f"Trong số {count_text(len(rows))} quá hạn: {', '.join(parts)}."]
    sole = _sole(report)
    blocked = [
        f"{r.body_name}, điểm {task_name(r.directive, r.clause, sole)}"
        + (f" ({_period(r)})" if r.period else "")
        + (f": {printable(r.note, keep_newlines=False)}" if r.note else "")
        for r in rows
        if r.status is Status.BLOCKED
    ]
    if blocked:
        out.append(
            "Các nhiệm vụ quá hạn đang vướng mắc, đề nghị xem xét, chỉ đạo tháo gỡ: "
            + "; ".join(blocked)
            + "."
        )
    return out


def overdue_periods(report: WeeklyReport) -> str:
    """The overdue periods of recurring obligations, by body and clause, oldest first:
    "Sở Nội vụ, điểm 2 (tháng 6/2023, tháng 8/2023)"; "" when there is none. (A body's count
    of overdue tasks counts each missed period: this says which.)"""
    sole = _sole(report)
    owed: dict[tuple[str, str], list[TaskRow]] = {}
    for r in report.overdue:
        if r.period is not None:
            owed.setdefault((r.body_name, task_name(r.directive, r.clause, sole)), []).append(r)
    return "; ".join(
        f"{body}, điểm {clause} ({', '.join(_period(r) for r in sorted(rows, key=_due))})"
        for (body, clause), rows in owed.items()
    )


def _period(r: TaskRow) -> str:
    return period_words(r.period, "vi") if r.period else ""


def _due(r: TaskRow) -> date:
    return r.due


def _sole(report: WeeklyReport) -> str | None:
    return report.directives[0].id if len(report.directives) == 1 else None


def extended_rows(report: WeeklyReport) -> list[list[str]]:
    """The table of tasks (or periods) whose due date was extended: STT, clause, content,
    body, [period,] the letter's due date, the extended one."""
    periods = any(r.period is not None for r in report.extended)
    sole = _sole(report)
    return [
        [
            str(number),
            task_name(r.directive, r.clause, sole),
            r.title,
            r.body_name,
            *([_period(r)] if periods else []),
            short_date(r.original_due) if r.original_due else "",
            short_date(r.due),
        ]
        for number, r in enumerate(report.extended, start=1)
    ]


def _done_in_window(report: WeeklyReport) -> int:
    """Tasks whose report of completion, effective in the window, still stands."""
    return len(
        {
            (c.directive, c.task)
            for c in report.changes
            if c.status.value == "done" and c.undoes is None and c.undone_by is None
        }
    )


def closing(report: WeeklyReport) -> str:
    refs = report.directives
    what = named(refs[0]) if len(refs) == 1 else "các văn bản chỉ đạo"
    return f"Trên đây là báo cáo tình hình thực hiện {what} kỳ {window_text(report)}./."


def extra_fields(report: WeeklyReport) -> tuple[str, ...]:
    """The columns after the grouped six: no deadline, and transferred once there are any."""
    return EXTRA if report.summary.total.transferred else EXTRA[:1]


def needs_annex(report: WeeklyReport) -> bool:
    """Whether the table is too wide for the portrait page: figures past four digits, or
    the transferred column (the name would be left 2 cm)."""
    wide = len(str(report.summary.total.total)) > PORTRAIT_DIGITS
    return wide or len(extra_fields(report)) > 1


def column_widths(report: WeeklyReport, annex: bool) -> list[float]:
    """The per-body table's widths in cm, the name taking what the figures leave."""
    fixed, page = (LANDSCAPE_CM, 25.2) if annex else (PORTRAIT_CM, 16.5)
    extra = [EXTRA_CM["landscape" if annex else "portrait"]] * len(extra_fields(report))
    figures = [*fixed[1:-1], *extra, fixed[-1]]
    name = round(page - fixed[0] - sum(figures), 2)
    return [fixed[0], name, *figures]


def table_rows(
    report: WeeklyReport, group_names: Mapping[str, str] | None = None
) -> list[tuple[str, str, Sequence[str], bool]]:
    """(STT, name, figures, bold) for every row of the per-body table, totals last;
    `group_names` (by group id) name the groups in Vietnamese whatever --lang built."""
    names = group_names or {}
    fields = (*FIELDS, *extra_fields(report))
    rows: list[tuple[str, str, Sequence[str], bool]] = []
    for block in report.summary.groups:
        number = block.numeral
        name = names.get(block.group) or block.name or OTHER_GROUP
        rows.append((number, name, _figures(block.counts, fields), True))
        for place, row in enumerate(block.rows, start=1):
            rows.append((str(place), row.name, _figures(row.counts, fields), False))
    rows.append(("", TOTAL_LABEL, _figures(report.summary.total, fields), True))
    return rows


def _figures(c: Counts, fields: Sequence[str]) -> list[str]:
    return [str(getattr(c, name)) for name in fields] + [percent_text(c.percent)]


def render(
    report: WeeklyReport, office: Office, group_names: Mapping[str, str] | None = None
) -> bytes:
    """The report as .docx bytes: the same report and office give the same bytes."""
    day = report_day(report)
    moment = _moment(report.generated_at, day)
    doc = o.document(f"{TITLE} {' '.join(subject(report).split())}", office.name, moment)
    o.header_block(doc, office, office.report_symbol, day)
    o.para(doc, TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, keep_next=True)
    o.para(doc, subject(report), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    width = o.text_width_cm(doc.sections[0])
    o.rule(doc, o.SHORT_RULE_CM * 1.5, width)
    o.para(doc, "", after=o.PARAGRAPH_SPACE_PT)
    annex = needs_annex(report)
    for text, heading in paragraphs(report, annex):
        o.body(doc, text, bold=heading, keep_next=heading)
    if not annex:
        _summary_table(doc, report, column_widths(report, annex), group_names)
        o.para(doc, "", after=o.PARAGRAPH_SPACE_PT)
    if report.extended:  # only when an extension moved a due date, as in the other formats
        _extended(doc, report)
    o.body(doc, closing(report), keep_next=True)  # never a signature alone on a page
    o.signature(doc, office, office.report_recipients)
    if annex:
        o.landscape_section(doc)
        o.para(doc, "Phụ lục", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        o.para(
            doc,
            "TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN, ĐƠN VỊ",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
        number = office.number or BLANK_NUMBER
        o.para(
            doc,
            f"(Kèm theo Báo cáo số {number}/{office.report_symbol} ngày {short_date(day)}"
            f" của {office.name})",
            italic=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
        o.rule(doc, o.SHORT_RULE_CM * 1.5, o.text_width_cm(doc.sections[-1]))
        o.para(doc, "", after=o.PARAGRAPH_SPACE_PT)
        _summary_table(doc, report, column_widths(report, annex), group_names)
    return o.to_bytes(doc)


def _moment(stamp: str, day: date) -> datetime:
    """When the report was made (its generated_at, with its offset), else its day's start."""
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _summary_table(
    doc: Document,
    report: WeeklyReport,
    widths: Sequence[float],
    group_names: Mapping[str, str] | None,
) -> Table:
    rows = table_rows(report, group_names)
    table: Table = doc.add_table(rows=2 + len(rows), cols=len(widths))
    o.fixed_widths(table, widths)
    o.grid_borders(table)
    cells = [row.cells for row in table.rows]
    top, sub = cells[0], cells[1]
    # STT, name, total, percent and the extra columns span both header rows; done and not
    # done three columns each.
    extra = extra_fields(report)
    spans = [(0, 0), (1, 1), (2, 2), (3, 5), (6, 8), *((9 + i, 9 + i) for i in range(len(extra)))]
    spans.append((9 + len(extra), 9 + len(extra)))
    labels = [*HEAD_TOP[:-1], *(t_in("vi", EXTRA_LABELS[f]) for f in extra), HEAD_TOP[-1]]
    for (first, last), label in zip(spans, labels, strict=True):
        cell = top[first] if first == last else top[first].merge(top[last])
        if first == last:
            cell = cell.merge(sub[first])
        _cell(cell, label, bold=True)
    for column, label in zip((3, 4, 5, 6, 7, 8), HEAD_SUB, strict=True):
        _cell(sub[column], label, bold=True)
    o.repeat_header(table, 2)
    for line, (number, name, figures, bold) in zip(cells[2:], rows, strict=True):
        _cell(line[0], number, bold=bold)
        _cell(line[1], name, bold=bold, align=WD_ALIGN_PARAGRAPH.LEFT)
        for cell, value in zip(line[2:], figures, strict=True):
            _cell(cell, value, bold=bold)
    return table


def _extended(doc: Document, report: WeeklyReport) -> Table:
    rows = extended_rows(report)
    o.body(doc, "5. Nhiệm vụ được gia hạn", bold=True, keep_next=True)
    as_of = short_date(report.as_of)
    text = f"Tính đến ngày {as_of}, có {count_text(len(rows))} được gia hạn, như bảng sau:"
    o.body(doc, text, keep_next=True)
    periods = len(rows[0]) > len(EXTENDED_HEAD)
    head = [*EXTENDED_HEAD[:4], *(["Kỳ"] if periods else []), *EXTENDED_HEAD[4:]]
    widths = EXTENDED_PERIOD_CM if periods else EXTENDED_CM
    table: Table = doc.add_table(rows=1 + len(rows), cols=len(head))
    o.fixed_widths(table, widths)
    o.grid_borders(table)
    o.repeat_header(table, 1)
    for line, values in zip(table.rows, [head, *rows], strict=True):
        for column, (cell, value) in enumerate(zip(line.cells, values, strict=True)):
            left = column in (2, 3) and line is not table.rows[0]
            align = WD_ALIGN_PARAGRAPH.LEFT if left else None
            _cell(cell, value, bold=line is table.rows[0], align=align)
    o.para(doc, "", after=o.PARAGRAPH_SPACE_PT)
    return table


def _cell(cell: object, text: str, *, bold: bool, align: WD_ALIGN_PARAGRAPH | None = None) -> None:
    from docx.table import _Cell

    assert isinstance(cell, _Cell)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    o.para(
        cell,
        text,
        size=TABLE_PT,
        bold=bold,
        align=align if align is not None else WD_ALIGN_PARAGRAPH.CENTER,
        before=2,
        after=2,
        reuse=True,
    )
