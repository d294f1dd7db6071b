"""Time XLSX writers on one built weekly report: directive's own and the libraries it weighed.

    python bench/xlsx_writers.py                      # the 100k-task province, 2024-W26
    python bench/xlsx_writers.py --tasks 10000 --reps 5

The report is built once (as `directive report --week 2024-W26` builds it) and pickled; each
writer then renders it `--reps` times in a child process of its own, so that one library's
imports and settings (openpyxl uses lxml when it is installed, unless OPENPYXL_LXML=False)
do not leak into another's figures. Printed: the median and minimum render time, µs per
cell and the file size. Writers whose library is missing are skipped with a message:

- directive: `render.report_xlsx.render` (the writer in `render/xlsx.py`), what
  `directive report --format xlsx` runs;
- openpyxl: the writer it replaced (a cell object per value, bold font, number formats);
- openpyxl write-only, with and without lxml;
- XlsxWriter with `constant_memory` (inline strings, rows streamed to a temporary file) and
  in its default mode (shared strings, all in memory).

The workbook from each writer has the same sheets, header row, widths and chart, but only
directive's is checked by the tests (tests/test_report.py).
"""

from __future__ import annotations

import argparse
import io
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import run  # bench/run.py: the script's folder is on sys.path

ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def sheets(report: Any) -> list[tuple[str, Any]]:
    from directive_cli.i18n import t
    from directive_cli.render import report_xlsx
    from directive_cli.render.report_csv import tables

    out = [(t(f"report.sheet.{name}"), table) for name, table in tables(report).items()]
    out.append((t("report.sheet.chart"), report_xlsx._chart_table(report)))
    out.append((t("report.sheet.info"), report_xlsx._info_table(report)))
    return out


def widths(table: Any) -> list[int]:
    from directive_cli.render.xlsx import MAX_WIDTH, MIN_WIDTH, _width

    return [
        min(
            max(max([len(c.header), *(_width(r[i]) for r in table.rows)]) + 2, MIN_WIDTH), MAX_WIDTH
        )
        for i, c in enumerate(table.columns)
    ]


def visible(text: str) -> str:
    return ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def with_directive(report: Any) -> bytes:
    from directive_cli.render import report_xlsx

    return report_xlsx.render(report)


def with_openpyxl(report: Any, write_only: bool = False) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    bold = Font(bold=True)
    for title, table in sheets(report):
        ws = wb.create_sheet(title)
        for i, width in enumerate(widths(table)):
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        ws.freeze_panes = "A2"
        percent = [c.key == "percent" for c in table.columns]
        rows = [
            ([c.header for c in table.columns], True),
            *zip(table.rows, table.strong, strict=True),
        ]
        for r, (row, strong) in enumerate(rows, start=1):
            cells = []
            for col, value in enumerate(row):
                if isinstance(value, str):
                    value = visible(value)
                cell = (
                    WriteOnlyCell(ws, value)
                    if write_only
                    else ws.cell(row=r, column=col + 1, value=value)
                )
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif percent[col] and r > 1:
                    cell.number_format = "0.0"
                if strong:
                    cell.font = bold
                cells.append(cell)
            if write_only:
                ws.append(cells)
        if title == sheets_chart_title():
            last = len(table.rows) + 1
            chart = BarChart()
            chart.type = "bar"
            chart.add_data(
                Reference(ws, min_col=2, max_col=3, min_row=1, max_row=last), titles_from_data=True
            )
            chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
            ws.add_chart(chart, "E2")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_xlsxwriter(report: Any, constant_memory: bool = True) -> bytes:
    import xlsxwriter  # type: ignore[import-not-found]

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": constant_memory,
            "in_memory": not constant_memory,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    fmt = {
        (bold, kind): wb.add_format({"bold": bold, **({"num_format": kind} if kind else {})})
        for bold in (False, True)
        for kind in ("", "DD/MM/YYYY", "0.0")
    }
    fmt[False, ""] = None  # plain cells: no style index to look up
    for title, table in sheets(report):
        ws = wb.add_worksheet(title)
        for i, width in enumerate(widths(table)):
            ws.set_column_pixels(i, i, 7 * width)  # stored as `width` characters, as openpyxl
        ws.freeze_panes(1, 0)
        for col, column in enumerate(table.columns):
            ws.write_string(0, col, column.header, fmt[True, ""])
        numbers = {
            strong: [fmt[strong, "0.0" if c.key == "percent" else ""] for c in table.columns]
            for strong in (False, True)
        }
        for r, (row, strong) in enumerate(zip(table.rows, table.strong, strict=True), start=1):
            text, day, number = fmt[strong, ""], fmt[strong, "DD/MM/YYYY"], numbers[strong]
            for col, value in enumerate(row):
                if isinstance(value, str):
                    # NB: a string that starts with "<r>" and ends with "</r>" is written as
                    # raw XML by XlsxWriter 3.3 (its rich-string marker): text a clerk typed
                    # would need escaping of our own first.
                    if ILLEGAL.search(value):
                        value = visible(value)
                    ws.write_string(r, col, value, text)
                elif isinstance(value, date):
                    ws.write_datetime(r, col, value, day)
                elif value is not None:
                    ws.write_number(r, col, value, number[col])
        if title == sheets_chart_title():
            last = len(table.rows)
            chart = wb.add_chart({"type": "bar"})
            for col in (1, 2):
                chart.add_series(
                    {
                        "name": [title, 0, col],
                        "categories": [title, 1, 0, last, 0],
                        "values": [title, 1, col, last, col],
                    }
                )
            ws.insert_chart("E2", chart)
    wb.set_properties({"created": datetime(2024, 7, 1)})
    wb.close()
    return buffer.getvalue()


def sheets_chart_title() -> str:
    from directive_cli.i18n import t

    return t("report.sheet.chart")


WRITERS: dict[str, tuple[Callable[[Any], bytes], dict[str, str], str]] = {
    # name: (function, extra environment, module that must be importable)
    "directive (standard library)": (with_directive, {}, "zipfile"),
    "openpyxl": (with_openpyxl, {"OPENPYXL_LXML": "False"}, "openpyxl"),
    "openpyxl write-only": (
        lambda r: with_openpyxl(r, write_only=True),
        {"OPENPYXL_LXML": "False"},
        "openpyxl",
    ),
    "openpyxl write-only + lxml": (lambda r: with_openpyxl(r, write_only=True), {}, "lxml"),
    "XlsxWriter constant_memory": (with_xlsxwriter, {}, "xlsxwriter"),
    "XlsxWriter in memory": (lambda r: with_xlsxwriter(r, constant_memory=False), {}, "xlsxwriter"),
}


def build(province: Path, pickle_to: Path) -> int:
    """Build the report in a child, as `directive report` would, and pickle it; its cells."""
    db = pickle_to.parent / "progress.db"  # a copy: opening a store may migrate it
    shutil.copyfile(province / "progress.db", db)
    code = f"""
import pickle, sys
from pathlib import Path
from directive_cli import options, weekly
cat = options.catalog(Path({str(province / "data")!r}))
with options.opened_store(Path({str(db)!r})) as store:
    report = weekly.build(cat, store, weekly.choose_window({run.REPORT_WEEK!r}, None, None, None),
                          "2024-07-01T07:00:00+07:00")
Path({str(pickle_to)!r}).write_bytes(pickle.dumps(report))
"""
    env = run.clean_env(DIRECTIVE_CACHE=str(pickle_to.parent / "cache"))
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=900)
    report = pickle.loads(pickle_to.read_bytes())
    return sum(len(table.rows) * len(table.columns) for _, table in sheets(report))


def child(name: str, pickled: Path, reps: int) -> None:
    report = pickle.loads(pickled.read_bytes())
    function = WRITERS[name][0]
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        blob = function(report)
        times.append(time.perf_counter() - start)
    print(f"{statistics.median(times)} {min(times)} {len(blob)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2167)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "directive-bench"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--pickle", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.pickle, args.reps)
        return 0

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    args.workdir.mkdir(parents=True, exist_ok=True)
    province = run.province(args.workdir, args.tasks, args.events, args.seed, say)
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        pickled = Path(tmp) / "report.pickle"
        say(f"building the {run.REPORT_WEEK} report of {province.name} …")
        cells = build(province, pickled)
        print(
            f"{province.name}, week {run.REPORT_WEEK}: {cells:,} cells; median of"
            f" {args.reps} renders, each writer in a process of its own\n"
        )
        print(f"{'writer':30} {'median s':>9} {'min s':>7} {'µs/cell':>8} {'MB':>5}")
        for name, (_, extra, module) in WRITERS.items():
            probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
            if probe.returncode != 0:
                print(f"{name:30} skipped: {module} is not installed")
                continue
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    name,
                    "--pickle",
                    str(pickled),
                    "--reps",
                    str(args.reps),
                ],
                capture_output=True,
                text=True,
                env={**os.environ, **extra},
                timeout=1800,
            )
            if done.returncode != 0:
                print(f"{name:30} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            median, minimum, size = done.stdout.split()
            print(
                f"{name:30} {float(median):9.2f} {float(minimum):7.2f}"
                f" {float(median) / cells * 1e6:8.1f} {int(size) / 1e6:5.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
