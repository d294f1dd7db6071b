"""Shared by the document tests: a history around 2023-W26 and the readers of the files.

Not a test module (no test_ prefix): test_documents.py and test_rendering.py import it.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from directive_cli.load import Catalog
from directive_cli.model import Status
from directive_cli.store import NewMark
from directive_cli.store.sqlite import SqliteStore

D = "2167-2023"
NOW = "2023-07-03T07:00:00+07:00"  # the Monday after 2023-W26 (26/6–2/7/2023)
DISTRICT_DONE = "h-trabong"  # reports every task by the end of 2023: owes nothing after


def _mark(clause: str, body: str, status: Status, day: date, **extra: Any) -> NewMark:
    return NewMark(D, clause, body, status, day, "Nguyễn Văn An", **extra)


def build_history(path: Path) -> None:
    """3.1:vpub overdue from June; 1a done on time by two bodies (one inside W26, one
    backdated into it); an undated task done in W26; one district done with everything in
    December; 1a:h-lyson done before the year ends, so it owes only its undated tasks."""
    store = SqliteStore(path)
    try:
        store.record(
            [_mark("3.1", "vpub", Status.IN_PROGRESS, date(2023, 5, 31))],
            "2023-05-31T16:00:00+07:00",
        )
        store.record(
            [_mark("1a", "snv", Status.DONE, date(2023, 6, 20), evidence="Báo cáo số 45/BC-SNV")],
            "2023-06-20T09:00:00+07:00",
        )
        store.record(
            [
                _mark("1a", "skhdt", Status.DONE, date(2023, 6, 28)),
                _mark(
                    "2", "skhdt", Status.DONE, date(2023, 6, 27), note="*đã* <b>xong</b> & | gửi"
                ),
            ],
            "2023-06-28T10:00:00+07:00",
        )
        store.record(
            [_mark("1a", "h-lyson", Status.DONE, date(2023, 6, 29))], "2023-07-05T08:00:00+07:00"
        )
        store.record(
            [_mark("1b", "stc", Status.BLOCKED, date(2023, 6, 30), note="Chờ ý kiến Bộ")],
            "2023-06-30T08:00:00+07:00",
        )
        store.record(
            [
                _mark(c, DISTRICT_DONE, Status.DONE, date(2023, 12, 20))
                for c in ("1a", "1b", "1c", "1d")
            ],
            "2023-12-20T08:00:00+07:00",
        )
    finally:
        store.close()


BLOCKED_NOTE = "Vướng mắc về kinh phí"


def build_trial_history(path: Path) -> None:
    """The history of the leaders' trial, read in 2024-W02 (8–14/1/2024): build_history, then
    1a:stp extended from 31/12/2023 to 31/3/2024 and 1a:stc blocked on its funds (overdue
    since 31/12/2023, the blocked task a leader must act on)."""
    build_history(path)
    store = SqliteStore(path)
    try:
        store.record(
            [
                _mark(
                    "1a",
                    "stp",
                    Status.TODO,
                    date(2023, 12, 20),
                    evidence="Công văn số 12/UBND-KTTH đồng ý gia hạn",
                    extends_to=date(2024, 3, 31),
                )
            ],
            "2023-12-20T09:00:00+07:00",
        )
        store.record(
            [_mark("1a", "stc", Status.BLOCKED, date(2024, 1, 5), note=BLOCKED_NOTE)],
            "2024-01-05T09:00:00+07:00",
        )
    finally:
        store.close()


def need(*programs: str) -> None:
    """Skip with the reason when a program is missing; under CI=true, fail instead: the
    rendering checks must run there (.ci/run installs the programs)."""
    missing = [p for p in programs if shutil.which(p) is None]
    if not missing:
        return
    reason = f"not installed: {', '.join(missing)} (apt-get install chromium libreoffice-writer-nogui poppler-utils)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def need_vietnamese_serif() -> None:
    """A Times New Roman face with the Vietnamese letters (Times New Roman itself or its
    metric twin Liberation Serif 2, Debian's fonts-liberation2): without one LibreOffice
    draws those letters from another font, and the font check would fail for the machine's
    sake, not the document's."""
    need("fc-list")
    found = subprocess.run(
        ["fc-list", ":charset=1ea1", "family"], capture_output=True, text=True, timeout=60
    ).stdout
    if any(name in found for name in ("Liberation Serif", "Times New Roman")):
        return
    reason = "no Times New Roman or Liberation Serif with Vietnamese letters (apt-get install fonts-liberation2)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


# --- reading a .docx back ---------------------------------------------------------------------


@dataclass
class Row:
    number: str
    name: str
    figures: list[str]


def summary_table(content: bytes) -> Any:
    """The per-body table (the one whose header begins STT, Cơ quan, đơn vị)."""
    doc = Document(io.BytesIO(content))
    for table in doc.tables:
        if [c.text for c in table.rows[0].cells[:2]] == ["STT", "Cơ quan, đơn vị"]:
            return table
    raise AssertionError("no table with STT in the document")


def summary_rows(content: bytes) -> list[Row]:
    """The per-body table's rows, its two header rows left out."""
    return [
        Row(cells[0].text, cells[1].text, [c.text for c in cells[2:]])
        for cells in (row.cells for row in summary_table(content).rows[2:])
    ]


def summary_header(content: bytes) -> list[str]:
    """The per-body table's header as one row: a column's own label, or under "Đã/Chưa hoàn
    thành" its sub-label, the "Tổng" of the two named by the group (as md names them)."""
    top, sub = ([c.text for c in row.cells] for row in summary_table(content).rows[:2])
    return [a if b in (a, "Tổng") else b for a, b in zip(top, sub, strict=True)]


def json_rows(data: dict[str, Any]) -> list[Row]:
    """The same rows from the JSON report: group, its bodies, …, the totals; the figures in
    the Markdown report's order (transferred once there are any)."""
    roman = ["I", "II", "III", "IV", "V"]
    fields = ["total", "done", "on_time", "late", "not_done", "in_time", "overdue", "no_deadline"]
    if data["summary"]["total"]["transferred"]:
        fields.append("transferred")

    def figures(c: dict[str, Any]) -> list[str]:
        return [str(c[f]) for f in fields] + [f"{c['percent']:.1f}".replace(".", ",")]

    out: list[Row] = []
    for index, group in enumerate(data["summary"]["groups"]):
        out.append(Row(roman[index], group["name"], figures(group)))
        out += [Row(str(n), b["name"], figures(b)) for n, b in enumerate(group["bodies"], 1)]
    out.append(Row("", "TỔNG CỘNG", figures(data["summary"]["total"])))
    return out


def md_table(md: str, section: int) -> tuple[list[str], list[list[str]]]:
    """Section `section`'s table of the Markdown report: its header and rows, the bold marks
    of group and total rows dropped."""
    lines = md.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith(f"## {section}. "))
    block = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        block.append(
            [c.strip().removeprefix("**").removesuffix("**") for c in line[1:-1].split("|")]
        )
    return block[0], block[2:]


def open_tasks(cat: Catalog, db: Path, day: date, body: str) -> list[str]:
    """The clauses a body has not reported done by `day`, read from the store directly."""
    store = SqliteStore(db)
    try:
        states = store.states_as_of(day).get(D, {})
    finally:
        store.close()
    directive = cat.directive(D)
    return [
        t.clause
        for t in directive.tasks
        if t.body == body
        and (
            states.get((t.clause, t.body)) is None
            or states[(t.clause, t.body)].status is not Status.DONE
        )
    ]
