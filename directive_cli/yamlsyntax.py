"""A YAML syntax error → the line a clerk must fix and what to do there, in the run's language.

PyYAML says where its parser gave up, in English, and libyaml and the pure-Python parser
word it differently. That place is often not the mistake: a missing ':' is found on the next
line, an unclosed quote where the next quote happens to be (fifty lines on), a '{' left open
on the line after it, a list's first item indented unlike the others on the second. So the
text itself is looked at, from the parser's marks: the line with a Tab, the quote that opened
the runaway value, the bracket still open, the key without its colon, the indentation that
matches no line above. Only used once parsing has failed: a valid file costs nothing.
"""

from __future__ import annotations

import itertools
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
    lead = len(here) - len(here.lstrip(" \t"))
    if "\t" in here[:lead] or here[col : col + 1] == "\t":
        tab = here.index("\t") if "\t" in here[:lead] else col
        return Fix(row + 1, tab + 1, t("ld.yaml.tab", column=tab + 1))
    if context is not None and "simple key" in said:
        return Fix(context.line + 1, 0, t("ld.yaml.no_colon"))
    if context is not None and "quoted scalar" in said:
        if "end of stream" in said:
            return _unclosed(lines, context.line, context.column)
        slash = here.rfind("\\", 0, col + 1)
        return Fix(row + 1, slash + 1 if slash >= 0 else 0, t("ld.yaml.escape"))
    if context is not None and "block scalar" in said and context.line < len(lines):
        found = _BLOCK.match(lines[context.line], context.column)
        marker = found.group() if found else "|"
        return Fix(context.line + 1, 0, t("ld.yaml.block_text", marker=marker))
    if "cannot start any token" in said and here[col : col + 1] in tuple(_RESERVED):
        return Fix(row + 1, col + 1, t("ld.yaml.reserved", char=here[col]))
    return _structure(lines, _read_up_to(text, row, col), row, col, said, context)


def _structure(
    lines: list[str], read: tuple[Any, Any], row: int, col: int, said: str, context: Any
) -> Fix:
    """A parser error: a runaway or overflowing quote, an open bracket, then indentation."""
    last, opened = read
    if last is not None and last.style in ("'", '"'):
        start, end = last.start_mark, last.end_mark
        if start.line < end.line:
            return _unclosed(lines, start.line, start.column)
        if end.line == row:
            kind = "single" if last.style == "'" else "double"
            return Fix(row + 1, end.column, t(f"ld.yaml.after_{kind}", column=end.column))
    if opened is not None:
        bracket = lines[opened.line][opened.column]
        close = "}" if bracket == "{" else "]"
        column = opened.column + 1
        return Fix(
            opened.line + 1, column, t("ld.yaml.flow", open=bracket, close=close, column=column)
        )
    here = lines[row] if row < len(lines) else ""
    first = _first_of_block(lines, row)
    if first is not None:
        return first
    if "mapping values are not allowed" in said:
        return _stray_colon(lines, row, col)
    if "sequence entries are not allowed" in said:
        return Fix(row + 1, col + 1, t("ld.yaml.dash_same_line"))
    n = _indent(here)
    in_list = context is not None and "block collection" in said and n == context.column
    if in_list and here.strip() and not here.lstrip().startswith("-"):
        return Fix(row + 1, n + 1, t("ld.yaml.key_in_list"))
    return _misplaced(lines, row, col, context)


def _unclosed(lines: list[str], row: int, col: int) -> Fix:
    quote = lines[row][col] if row < len(lines) and col < len(lines[row]) else '"'
    return Fix(row + 1, col + 1, t("ld.yaml.unclosed_quote", quote=quote, column=col + 1))


def _read_up_to(text: str, row: int, col: int) -> tuple[Any, Any]:
    """What the parser had read before (row, col): its last token when that is a value (a
    quoted one may be the value a stray quote ran away with), and the mark of the innermost
    '{' or '[' still open there."""
    import yaml

    last = None
    still_open: list[Any] = []
    try:
        for token in yaml.scan(text):
            mark = token.start_mark
            if (mark.line, mark.column) >= (row, col):
                break
            if isinstance(token, (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
                still_open.append(mark)
            elif isinstance(token, (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)):
                still_open = still_open[:-1]
            last = token
    except yaml.YAMLError:
        pass  # the tokens read so far are all that is needed
    value = last if isinstance(last, yaml.ScalarToken) else None
    return value, (still_open[-1] if still_open else None)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _content_rows(lines: list[str], row: int) -> list[int]:
    """The rows above `row` that hold something (not blank, not only a comment), nearest first."""
    return [r for r in range(row - 1, -1, -1) if _is_content(lines[r])]


def _key_indent(line: str) -> int:
    """Where the key of a line starts: after its indentation and any "- " in front of it."""
    n = _indent(line)
    while line[n : n + 2] == "- ":
        n += 2 + _indent(line[n + 2 :])
    return n


def _is_entry(line: str) -> bool:
    """Whether a line holds an entry of its own ("key: value", "key:", "- item", "{…}"),
    rather than more of a value."""
    rest = line[_key_indent(line) :].rstrip()
    return ": " in rest or rest.endswith(":") or rest.startswith(("{", "[", "-", "'", '"'))


def _step(lines: list[str]) -> int:
    """How far this file indents a block under its key: the most common step, else 2."""
    steps: dict[int, int] = {}
    rows = [line for line in lines if _is_content(line)]
    for key, child in itertools.pairwise(rows):
        step = _indent(child) - _indent(key)
        if step > 0 and key.rstrip().endswith(":"):
            steps[step] = steps.get(step, 0) + 1
    return max(steps, key=lambda s: (steps[s], -s)) if steps else 2


def _first_of_block(lines: list[str], row: int) -> Fix | None:
    """The line above, when it opened a block with an indentation that this line shares with
    the next one, or with the file's usual step, and it does not: the parser took its
    indentation for the block's, and stumbled on this line."""
    if row >= len(lines) or not _is_content(lines[row]):
        return None
    n = _indent(lines[row])
    above = _content_rows(lines, row)
    if not above or _indent(lines[above[0]]) == n:
        return None
    m = _indent(lines[above[0]])
    parent = _indent(lines[above[1]]) if len(above) > 1 else -1
    if parent >= min(m, n):
        return None  # the line above is not the first of its block
    below = next((r for r in range(row + 1, len(lines)) if _is_content(lines[r])), None)
    shared = below is not None and _indent(lines[below]) == n
    if not shared and not (parent >= 0 and n == parent + _step(lines)):
        return None
    return Fix(above[0] + 1, m + 1, t("ld.yaml.first_misaligned", n=m, m=n))


def _stray_colon(lines: list[str], row: int, col: int) -> Fix:
    """A ': ' where a value goes on: a colon inside a value, a key indented under the line
    above (so that it reads as more of that line's value), or a line above that is no entry."""
    here = lines[row]
    start = _key_indent(here)
    if ": " not in here[start:col] and not here[start:col].startswith(("'", '"')):
        above = _content_rows(lines, row)
        prev = lines[above[0]] if above else ""
        if above and _indent(here) > _key_indent(prev):
            shown = t("ld.yaml.deeper", n=_indent(here), prev=above[0] + 1, m=_key_indent(prev))
            return Fix(row + 1, _indent(here) + 1, shown)
        if above and not _is_entry(prev):
            # "kind:event", "- id 1c": the line above has no "key: ", so this key reads as
            # more of its text.
            return Fix(above[0] + 1, 0, t("ld.yaml.no_colon"))
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
