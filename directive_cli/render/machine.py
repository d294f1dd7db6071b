"""Machine formats written with the stdlib only: same bytes whether stdout is a terminal or not."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import IO, Any

from ..text import escape_char, is_hidden

# Cells a spreadsheet would run as a formula (CSV injection): =, +, -, @, tab, CR.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


# JSON allows these raw inside strings, but Python's splitlines(), JavaScript before ES2019
# and many log tools treat them as line ends: a note holding one would split a JSON line.
_LINE_BREAKERS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps(value: Any, *, indent: int | None = None) -> str:
    """Strict JSON (no NaN), Vietnamese kept readable, Unicode line breaks escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return text.translate(_LINE_BREAKERS)


def write_json(rows: Sequence[Mapping[str, Any]], out: IO[str]) -> None:
    out.write(dumps([{k: _plain(v) for k, v in r.items()} for r in rows], indent=2))
    out.write("\n")


def write_jsonl(rows: Sequence[Mapping[str, Any]], out: IO[str]) -> None:
    for r in rows:
        out.write(dumps({k: _plain(v) for k, v in r.items()}))
        out.write("\n")


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Sequence[Mapping[str, Any]], keys: Sequence[str], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(keys)
    for r in rows:
        writer.writerow(
            ["" if r.get(k) is None else spreadsheet_safe(_plain(r.get(k))) for k in keys]
        )


def md_cell(value: Any) -> str:
    """A Markdown table cell that cannot break its table or inject markup or HTML."""
    if value is None:
        return ""
    text = str(_plain(value))
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")
    text = text.replace("\r", " ").replace("<", "&lt;").replace(">", "&gt;")
    # "#" stays: it only starts a heading at the start of a line, and no cell, title or
    # legend starts one; escaped, a task ref copied from the text (2167-2023#3.1:vpub) broke.
    for ch in "`*_[]":
        text = text.replace(ch, "\\" + ch)
    return "".join(
        c if (c.isprintable() or c == " ") and not is_hidden(c) else escape_char(c) for c in text
    )


def write_md(
    rows: Sequence[Mapping[str, Any]], keys: Sequence[str], headers: Sequence[str], out: IO[str]
) -> None:
    out.write("| " + " | ".join(md_cell(h) for h in headers) + " |\n")
    out.write("|" + "|".join("---" for _ in headers) + "|\n")
    for r in rows:
        out.write("| " + " | ".join(md_cell(r.get(k)) for k in keys) + " |\n")
