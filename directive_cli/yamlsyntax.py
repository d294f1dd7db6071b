"""A YAML syntax error → the line a clerk must fix and what to do there, in the run's language.

PyYAML says where its parser gave up, in English, and libyaml and the pure-Python parser
word it differently. That place is often not the mistake: a missing ':' is found on the next
line, an unclosed quote where the next quote happens to be (fifty lines on), a '{' left open
on the line after it. So the text itself is looked at, from the parser's marks: the line with
a Tab, the quote that opened the runaway value, the key without its colon, the indentation
that matches no line above. Only used once parsing has failed: a valid file costs nothing.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .i18n import t

_LINES = re.compile(r"\r\n|\r|\n")  # the breaks PyYAML counts (NEL and U+2028 never get here)
_RESERVED = "@`%"  # characters no plain value may start with
_BLOCK = re.compile(r"[|>][+-]?[0-9]?[+-]?")  # the indicator of a block of text: >-, |, |2


class Fix(NamedTuple):
    """Where the clerk must look (1-based; column 0: the whole line) and what to do."""

    line: int
    column: int
    message: str


def explain(text: str, exc: Any) -> Fix:
    """What a `yaml.MarkedYAMLError` raised while parsing `text` means for the clerk."""
    lines = _LINES.split(text)
    problem = exc.problem_mark or exc.context_mark
    context = exc.context_mark
    if problem is None:
        return Fix(0, 0, t("ld.yaml.other"))
    row, col = problem.line, problem.column
    said = f"{exc.context or ''} {exc.problem or ''}"
    here = lines[row] if row < len(lines) else ""
    indent = len(here) - len(here.lstrip(" \t"))
    if "\t" in here[:indent] or (here[col : col + 1] == "\t"):
        tab = here.index("\t") if "\t" in here[:indent] else col
        return Fix(row + 1, tab + 1, t("ld.yaml.tab", column=tab + 1))
    if context is not None and "simple key" in said:
        return Fix(context.line + 1, 0, t("ld.yaml.no_colon"))
    if context is not None and "quoted scalar" in said:
        if "end of stream" in said:
            return _unclosed(lines, context.line, context.column)
        slash = here.rfind("\\", 0, col + 1)
        return Fix(row + 1, slash + 1 if slash >= 0 else 0, t("ld.yaml.escape"))
    if context is not None and "block scalar" in said:
        found = (
            _BLOCK.match(lines[context.line], context.column) if context.line < len(lines) else None
        )
        marker = found.group() if found else "|"
        return Fix(context.line + 1, 0, t("ld.yaml.block_text", marker=marker))
    if "cannot start any token" in said and here[col : col + 1] in tuple(_RESERVED):
        return Fix(row + 1, col + 1, t("ld.yaml.reserved", char=here[col]))
    quoted = _quoted_before(text, row, col)
    if quoted is not None:
        start, end = quoted.start_mark, quoted.end_mark
        if start.line < end.line:
            return _unclosed(lines, start.line, start.column)
        if end.line == row:
            kind = "single" if quoted.style == "'" else "double"
            return Fix(row + 1, end.column, t(f"ld.yaml.after_{kind}", column=end.column))
    if context is not None and "flow" in said:
        opened = lines[context.line][context.column] if context.line < len(lines) else "{"
        close = "}" if opened == "{" else "]"
        return Fix(
            context.line + 1,
            context.column + 1,
            t("ld.yaml.flow", open=opened, close=close, column=context.column + 1),
        )
    if "mapping values are not allowed" in said:
        return _stray_colon(lines, row, col)
    if "sequence entries are not allowed" in said:
        return Fix(row + 1, col + 1, t("ld.yaml.dash_same_line"))
    return _misplaced(lines, row, col, context)


def _unclosed(lines: list[str], row: int, col: int) -> Fix:
    quote = lines[row][col] if row < len(lines) and col < len(lines[row]) else '"'
    return Fix(row + 1, col + 1, t("ld.yaml.unclosed_quote", quote=quote, column=col + 1))


def _quoted_before(text: str, row: int, col: int) -> Any:
    """The token the parser read last before (row, col), when it is a quoted value: the
    value a stray quote ran away with, or one that was followed by more text."""
    import yaml

    last = None
    try:
        for token in yaml.scan(text):
            mark = token.start_mark
            if (mark.line, mark.column) >= (row, col):
                break
            last = token
    except yaml.YAMLError:
        pass  # the tokens read so far are all that is needed
    if isinstance(last, yaml.ScalarToken) and last.style in ("'", '"'):
        return last
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_rows(lines: list[str], row: int) -> list[int]:
    """The rows above `row` that hold something (not blank, not only a comment), nearest first."""
    return [
        r
        for r in range(row - 1, -1, -1)
        if lines[r].strip() and not lines[r].lstrip().startswith("#")
    ]


def _key_indent(line: str) -> int:
    """Where the key of a line starts: after its indentation and any "- " in front of it."""
    n = _indent(line)
    while line[n : n + 2] == "- ":
        n += 2 + _indent(line[n + 2 :])
    return n


def _stray_colon(lines: list[str], row: int, col: int) -> Fix:
    """ ": " where a value goes on: a colon inside a value, or a key indented under the line
    above (so that it reads as more of that line's value)."""
    here = lines[row]
    start = _key_indent(here)
    if ": " not in here[start:col] and not here[start:col].startswith(("'", '"')):
        above = _content_rows(lines, row)
        if above and _indent(here) > _key_indent(lines[above[0]]):
            prev = lines[above[0]]
            return Fix(
                row + 1,
                _indent(here) + 1,
                t(
                    "ld.yaml.deeper",
                    n=_indent(here),
                    prev=above[0] + 1,
                    m=_key_indent(prev),
                ),
            )
    return Fix(row + 1, col + 1, t("ld.yaml.colon_in_value", column=col + 1))


def _levels(lines: list[str], row: int) -> list[int]:
    """The indentations open above `row`: the nearest line's, then each enclosing one's."""
    found: list[int] = []
    for r in _content_rows(lines, row):
        line = lines[r]
        for level in sorted({_indent(line), _key_indent(line)}, reverse=True):
            if not found or level < min(found):
                found.append(level)
        if found and min(found) == 0:
            break
    return sorted(set(found), reverse=True)


def _misplaced(lines: list[str], row: int, col: int, context: Any) -> Fix:
    """A line the block it sits in cannot take: a list item among keys, or an indentation
    that matches no line above."""
    here = lines[row] if row < len(lines) else ""
    n = _indent(here)
    dash = here[n : n + 2] == "- " or here[n:].rstrip() == "-"
    if dash and context is not None and context.column == n:
        return Fix(row + 1, n + 1, t("ld.yaml.dash_in_mapping"))
    levels = _levels(lines, row)
    if here.strip() and levels and n not in levels:
        nearest = [x for x in levels if x > n][-1:] + [x for x in levels if x < n][:1]
        shown = t("ld.yaml.or").join(str(x) for x in nearest)
        return Fix(row + 1, n + 1, t("ld.yaml.misaligned", n=n, levels=shown))
    return Fix(row + 1, col + 1 if here else 0, t("ld.yaml.other"))
