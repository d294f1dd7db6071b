"""Hostile text in notes, evidence and names: stored exactly, shown harmlessly.

A clerk pastes text from e-mail, PDFs and web pages. Tables must show it literally or as
visible placeholders (never markup, escape sequences, C1 controls or bidi reordering); the
store keeps it byte for byte; CSV defuses formulas; Markdown cells cannot break their table;
JSON stays strict.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli

from directive_cli.model import Status
from directive_cli.render.records import HISTORY_KEYS, LIST_KEYS
from directive_cli.store import NewMark
from directive_cli.store.sqlite import SqliteStore

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

HOSTILE = {
    "rich-markup": "[/bold] [bold red]đỏ[/bold red] [link=x.vn]bấm[/link] [/]",
    "clear-screen": "trước \x1b[2J\x1b[H sau",
    "set-title": "\x1b]0;pwned\x07 tiêu đề",
    "osc8-link": "\x1b]8;;https://evil.example\x1b\\ bấm \x1b]8;;\x1b\\",
    "osc52-clipboard": "\x1b]52;c;ZXZp\x07 clipboard",
    "c1-csi": "\x9b31m đỏ \x9b0m \x85 \x9d",
    "bidi-override": "Báo cáo \u202egpj.exe\u202c số 45",
    "bidi-isolates": "\u2066abc\u2069 \u200f x \u061c",
    "nul-del-bell": "a\x00b \x7f c\x07",
    "newlines": "dòng 1\ndòng 2\r\ndòng 3\rX\tY",
    "unicode-line-breaks": "một\u2028hai\u2029ba",
}
# What the table must show instead of each raw character (tokens short enough not to wrap).
VISIBLE = {
    "rich-markup": ["[/bold]", "[bold", "red]đỏ[/bold", "[link=x.vn]bấm[/link]", "[/]"],
    "clear-screen": ["\\x1b[2J\\x1b[H"],
    "set-title": ["\\x1b]0;pwned\\x07"],
    "osc8-link": ["\\x1b\\", "bấm"],
    "osc52-clipboard": ["\\x1b]52;c;ZXZp\\x07"],
    "c1-csi": ["\\x9b31m", "\\x9b0m", "\\x85", "\\x9d"],
    "bidi-override": ["\\u202egpj.exe\\u202c"],
    "bidi-isolates": ["\\u2066abc\\u2069", "\\u200f", "\\u061c"],
    "nul-del-bell": ["a\\x00b", "\\x7f", "c\\x07"],
    "newlines": ["dòng 2\\x0d", "\\x0dX\\tY"],
    "unicode-line-breaks": ["một\\u2028hai\\u2029ba"],
}
TASK = "4:snv"


def unsafe(text: str) -> list[str]:
    """Characters a terminal would act on rather than show."""
    return [
        f"U+{ord(c):04X}"
        for c in text
        if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F or c in BIDI
    ]


def strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


def ok(result: Any) -> str:
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def mark(cli: Cli, text: str, ref: str = TASK, by: str = "clerk") -> None:
    ok(cli("mark", "done", ref, "--on", "1/6/2023", "--note", text, "--evidence", text, "--by", by))


@pytest.fixture(params=sorted(HOSTILE))
def hostile(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# --- terminal tables ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["history"],
        ["show", TASK],
        ["show", "4"],
        ["list", "--as-of", "2/6/2023"],
        ["list", "--as-of", "2/6/2023", "--search", "đỏ"],
    ],
)
def test_tables_send_no_raw_control_to_the_terminal(
    cli: Cli, hostile: str, command: list[str]
) -> None:
    mark(cli, HOSTILE[hostile])
    assert unsafe(ok(cli(*command))) == []


def test_tables_show_hostile_text_as_visible_placeholders(cli: Cli, hostile: str) -> None:
    mark(cli, HOSTILE[hostile])
    for command in (["history"], ["show", TASK]):
        out = ok(cli(*command))
        for token in VISIBLE[hostile]:
            assert token in out, f"{command}: {token!r} not shown in\n{out}"


def test_the_web_page_shows_pasted_text_as_it_is_not_as_it_acts(cli: Cli, hostile: str) -> None:
    """Leadership read the HTML report: a bidi override must not turn "exe.jpg" into
    "gpj.exe" there, nor a zero-width mark hide a word; markup is text, never HTML."""
    from html import unescape

    mark(cli, HOSTILE[hostile], by="clerk\u202e")
    page = ok(cli("report", "--from", "1/6/2023", "--to", "7/6/2023", "--format", "html"))
    cell = next(c for c in page.split("<td") if "clerk" in c)
    assert unsafe(page) == [], f"raw {unsafe(page)} in the page"
    assert "clerk\\u202e" in cell
    row = unescape(page[page.index(cell) :].split("</tr>")[0])
    for token in VISIBLE[hostile]:
        assert token in row, f"{token!r} not shown in {row!r}"


def test_hostile_names_are_escaped_too(cli: Cli) -> None:
    mark(cli, "ghi chú", by="clerk\x1b[2J\u202e")
    out = ok(cli("history"))
    assert unsafe(out) == [] and "clerk\\x1b[2J\\u202e" in out


def test_the_plain_writer_for_long_tables_escapes_as_well(db: Path, cli: Cli) -> None:
    """Past 500 rows the table skips Rich; it must escape just the same."""
    store = SqliteStore(db)
    texts = list(HOSTILE.values())
    store.record(
        [
            NewMark(
                "2167-2023",
                "4",
                "snv",
                Status.IN_PROGRESS,
                date(2023, 6, 1),
                "clerk\x9b",
                texts[i % len(texts)],
            )
            for i in range(501)
        ],
        "t",
    )
    store.close()
    out = ok(cli("history", "--all"))
    assert len(out.splitlines()) > 501
    assert unsafe(out) == []
    assert "\\x1b[2J" in out and "\\u202e" in out


# --- the store and machine formats --------------------------------------------------------------


def test_store_keeps_hostile_text_byte_for_byte(db: Path, cli: Cli, hostile: str) -> None:
    text = HOSTILE[hostile]
    mark(cli, text)
    raw = sqlite3.connect(db)
    try:
        stored = raw.execute("SELECT CAST(note AS BLOB), CAST(evidence AS BLOB) FROM events")
        assert stored.fetchall() == [(text.encode(), text.encode())]
    finally:
        raw.close()


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_returns_hostile_text_exactly_and_strictly(cli: Cli, hostile: str, fmt: str) -> None:
    text = HOSTILE[hostile]
    mark(cli, text)
    out = ok(cli("history", "--format", fmt))
    rows = (
        strict_json(out)
        if fmt == "json"
        # splitlines(), as a log tool would: U+0085 and U+2028 must not end a record.
        else [strict_json(line) for line in out.splitlines()]
    )
    assert [(r["note"], r["evidence"]) for r in rows] == [(text, text)]
    assert list(rows[0]) == HISTORY_KEYS
    listed = strict_json(ok(cli("list", "--format", "json", "--as-of", "2/6/2023")))
    [row] = [r for r in listed if r["task"] == TASK]
    assert (row["note"], row["evidence"]) == (text, text)
    assert list(row) == LIST_KEYS


FORMULAS = [
    '=HYPERLINK("https://evil.example","bấm")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_defuses_formulas(cli: Cli, formula: str) -> None:
    mark(cli, formula, by=formula.strip() or "clerk")
    out = ok(cli("history", "--format", "csv"))
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == HISTORY_KEYS and len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    for key in ("note", "evidence", "by"):
        expected = formula if key != "by" else formula.strip()
        assert record[key] == "'" + expected, key
    listed = list(csv.DictReader(io.StringIO(ok(cli("list", "--format", "csv")), newline="")))
    [row] = [r for r in listed if r["task"] == TASK]
    assert row["note"] == "'" + formula


MD_BREAKERS = [
    "a | b || c",
    "dòng 1\ndòng 2",
    "x\r\n| --- |\r\ny",
    "ends with \\",
    "\\| escaped pipe",
    "<script>alert(1)</script>",
    "`code` *em* _u_ [l](x) # h",
    "line\u2028separator\u2029para",
    "\x1b[2J\u202e",
]


def md_cells(line: str) -> list[str]:
    """Split a Markdown table row at pipes that are not backslash-escaped."""
    cells, current, escaped = [], "", False
    for ch in line:
        if escaped:
            current += ch
            escaped = False
        elif ch == "\\":
            current += ch
            escaped = True
        elif ch == "|":
            cells.append(current)
            current = ""
        else:
            current += ch
    cells.append(current)
    return cells


@pytest.mark.parametrize("text", MD_BREAKERS)
def test_markdown_cells_cannot_break_the_table(cli: Cli, text: str) -> None:
    mark(cli, text)
    mark(cli, "second", ref="3.1:vpub")
    out = ok(cli("history", "--format", "md"))
    lines = out.splitlines()
    assert len(lines) == 2 + 2, out  # header, rule, one line per mark
    for line in lines:
        assert len(md_cells(line)) == 8 + 2, line  # the 8 columns of the history table
    assert "<script>" not in out and unsafe(out) == []
    assert "\u2028" not in out and "\u2029" not in out


# --- diagnostics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["mark", "done", "4:\x1b[2Jsnv"],
        ["mark", "done", "4:snv", "--on", "1\x1b]0;x\x07"],
        ["show", "\u202e3.1"],
    ],
)
def test_error_messages_escape_what_was_typed(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code in (2, 4)
    assert unsafe(result.stderr.rstrip("\n")) == []
