"""Terminal tables: a column layout of our own, printed through Rich.

Rich's `Table` measures and renders every cell through its whole layout engine, which costs
about half a millisecond a row (a 100-row page took 60 ms, 10,000 rows several seconds).
Here the layout is plain arithmetic on cell widths and greedy word wrapping, linear in the
rows; Rich only prints the finished lines, so colour, NO_COLOR, legacy Windows consoles and
SVG recording behave as before. Without colour the lines are written directly.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import IO, TYPE_CHECKING, Any

from ..i18n import t
from ..text import cell_len, printable

if TYPE_CHECKING:
    from rich.console import Console

GAP = "   "  # between columns; one space before the first and after the last
MIN_WIDTH = 4  # a wrapped column is never squeezed below this
COMFORT = 10  # a wrapped column gives way alone down to this, then all columns share
INDENT = "  "  # a stacked row's other cells, under its lead cells


@dataclass(frozen=True)
class Column:
    """A column of a terminal table.

    On a terminal too narrow for every column at ease, a column with `keep` (the names)
    keeps that width while the columns with a `give` rank give way, the lowest rank first:
    a column with `short` shortens its cells (a standing's "(2 ngày)" on a line of its own),
    one without is left out (the summary's bar, then its %). If the kept column still has
    not its width, the row is stacked: the `lead` cells on a line of their own, the others
    beneath (giving way again if they must). See `plan`.
    """

    header: str
    justify: str = "left"
    no_wrap: bool = False
    max_width: int | None = None
    ratio: int | None = None  # kept for callers; wrapped columns share the room left
    keep: int = 0
    give: int = 0
    short: Callable[[str], str] | None = None
    lead: bool = False


class PlainConsole:
    """What a table needs of a console when nothing will be coloured: a width and a file.

    Output to a file or a pipe (a scheduled job, `> list.txt`, the bench) gets no colour
    from Rich either, so importing Rich (~20 ms) would buy nothing.
    """

    color_system = None
    record = False

    def __init__(self, file: IO[str], width: int) -> None:
        self.file = file
        self.width = width

    def print(self, text: str) -> None:
        self.file.write("\n".join(wrap(text, self.width)) + "\n")


def make_console(
    file: IO[str] | None = None, *, stderr: bool = False, plain_ok: bool = False
) -> Console | PlainConsole:
    """The one place consoles are made, so tests can pin width and colour.

    `plain_ok`: the caller prints only text and tables, so output that is not a terminal
    (and not forced into colour) gets a PlainConsole with Rich's width rule: $COLUMNS,
    else 80.
    """
    width = None
    if os.environ.get("COLUMNS", "").isdigit():
        width = int(os.environ["COLUMNS"])
    target = file or (sys.stderr if stderr else sys.stdout)
    if plain_ok and not _terminal(target):
        return PlainConsole(target, width or 80)
    from rich.console import Console

    return Console(
        file=target,
        stderr=stderr,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def _terminal(file: IO[str]) -> bool:
    """Whether Rich would treat `file` as a terminal (colour, live width)."""
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    try:
        return file.isatty()
    except (AttributeError, ValueError):
        return False


# What one cell of a screen table shows of a text: a note of 1 MB (possible through the store)
# took `history` 24 s and `show` 114 s to wrap, for a cell no one scrolls through. The
# whole text stays in the machine formats (json, csv) and the workbook (up to Excel's limit).
CELL_CHARS = 500


def cell(value: object) -> str:
    """Text a clerk typed, with every control character made visible, and at most
    CELL_CHARS of it, then how much more there is ("… (còn 999500 ký tự)")."""
    if value is None:
        return ""
    text = str(value)
    if len(text) > CELL_CHARS:
        text = text[:CELL_CHARS] + t("cell.more", n=len(text) - CELL_CHARS)
    return printable(text)


BATCH = 2000  # rows laid out and written together
CACHED = 4096  # distinct texts remembered per table (and per column once padded)


def print_table(
    console: Console | PlainConsole,
    columns: Sequence[Column],
    rows: Iterable[Sequence[str]],
    *,
    styles: Sequence[str | None] = (),
    title: str | None = None,
    caption: str | None = None,
    compact: bool = False,
) -> None:
    """Print rows under headers; cells are literal text, never markup.

    `rows` may be a generator: they are read once, into the one copy the layout needs.
    """
    # Names, statuses and dates repeat down a long table: each distinct text made safe once
    # (up to CACHED texts: a column of distinct refs would only cost memory).
    safe: dict[str, str] = {}

    def clean(value: object) -> str:
        if type(value) is not str:  # 1 == True == 1.0: only texts share a cache entry
            return cell(value)
        text = safe.get(value)
        if text is None:
            text = cell(value)
            if len(safe) < CACHED:
                safe[value] = text
        return text

    texts = [[clean(v) for v in row] for row in rows]
    gap = "  " if compact else GAP
    chosen = plan(columns, texts, console.width, gap)
    # Title and caption wrap at the console's width; a blank line closes the table.
    above = [*wrap(title, console.width), ""] if title else []
    below = ["", *wrap(caption, console.width)] if caption else [""]
    if chosen.lead:
        _print_stacked(console, chosen, gap, above, styles, below)
        return
    columns, texts, widths = chosen.columns, chosen.texts, chosen.widths
    header = _row_lines([c.header for c in columns], columns, widths, gap, bottom=True)
    rule = " " + "─" * (sum(widths) + len(gap) * (len(widths) - 1))
    if console.color_system is None and not console.record:
        # Nothing to colour: write the lines as they are, the fastest path for long tables,
        # a batch of rows at a time (100,000 rows laid out at once held ~70 MB of text).
        write = console.file.write
        write("\n".join(above + header + [rule]) + "\n")
        padded = _Padded(columns, widths, gap)
        for start in range(0, len(texts), BATCH):
            lines: list[str] = []
            for row in texts[start : start + BATCH]:
                lines.extend(padded.lines(row))
            write("\n".join(lines) + "\n")
        write("\n".join(below) + "\n")
        return
    body = [_row_lines(row, columns, widths, gap) for row in texts]
    _print_styled(console, above, header, rule, body, styles, below)


Steps = tuple[list[Column], list[list[str]]]


@dataclass(frozen=True)
class Plan:
    """How a table is laid out: its columns (some left out), their cells (some shortened)
    and widths; stacked when `lead` > 0: the first `lead` columns on a line of their own at
    `widths`, the others beneath at `sub_widths`, `sub_gap` apart."""

    columns: list[Column]
    texts: list[list[str]]
    widths: list[int]
    lead: int = 0
    sub_widths: tuple[int, ...] = ()
    sub_gap: str = ""


def plan(columns: Sequence[Column], texts: list[list[str]], width: int, gap: str) -> Plan:
    """The first layout that gives every `keep` column its width: as they are; then with
    each `give` rank conceded in turn; then stacked, the lead line first (the others as
    they are, then conceding, then a single space apart), and else the last tried."""
    cols, rows = list(columns), texts
    ranks = sorted({c.give for c in columns if c.give})
    widths = layout(cols, rows, width, len(gap))
    if _kept(cols, rows, widths):
        return Plan(cols, rows, widths)
    for rank in ranks:
        cols, rows = _concede(cols, rows, rank)
        widths = layout(cols, rows, width, len(gap))
        if _kept(cols, rows, widths):
            return Plan(cols, rows, widths)
    squeezed = Plan(cols, rows, widths)
    lead = next((i for i, c in enumerate(columns) if not c.lead), len(columns))
    if not 0 < lead < len(columns):
        return squeezed
    lead_cols = list(columns[:lead])
    lead_widths = layout(lead_cols, [r[:lead] for r in texts], width, len(gap))
    if not _kept(lead_cols, [r[:lead] for r in texts], lead_widths):
        return squeezed

    # The others beneath, as they are and then conceding rank by rank: at their natural
    # widths (no cell wrapped), else with no word broken (their cells shortened first: a
    # "(2 ngày)" apart rather than wrapped); two spaces apart at least (one would run
    # "Chưa thực hiện Quá hạn" together), and one only for the last resort.
    def progression(cols: list[Column], rows: list[list[str]]) -> list[Steps]:
        out = [(cols, rows)]
        for rank in ranks:
            cols, rows = _concede(cols, rows, rank, protect=lead)
            out.append((cols, rows))
        return out

    steps = progression(list(columns), texts)
    short = progression(*_concede(list(columns), texts, -1, protect=lead))
    room = width - 2 - len(INDENT)
    wide = list(dict.fromkeys((gap, "  ")))
    passes = [
        (_fits, wide, steps),
        (_unbroken, wide, short),
        (_fits, [" "], steps),
        (_unbroken, [" "], short),
    ]
    for test, gaps, steps in passes:
        for sub_gap in gaps:
            for cols, rows in steps:
                others = [r[lead:] for r in rows]
                sub = layout(cols[lead:], others, room + 2, len(sub_gap))
                if test(cols[lead:], others, sub, room - len(sub_gap) * (len(sub) - 1)):
                    return Plan(cols, rows, lead_widths, lead, tuple(sub), sub_gap)
    return squeezed


def _measure(columns: Sequence[Column], rows: Sequence[Sequence[str]], i: int) -> tuple[int, int]:
    """A column's natural width (its longest line) and its longest word, header included."""
    distinct = {r[i] for r in rows} | {columns[i].header}
    natural = max(_longest_line(v) for v in distinct)
    if limit := columns[i].max_width:
        natural = min(natural, limit)
    word = max((cell_len(w) for v in distinct for w in _words(v)), default=1)
    return max(natural, 1), max(min(word, natural), 1)


def _kept(columns: Sequence[Column], rows: Sequence[Sequence[str]], widths: list[int]) -> bool:
    """Whether every `keep` column has its width, or all its cells need (a header wraps)."""
    return all(
        widths[i] >= min(c.keep, max((_longest_line(v) for v in {r[i] for r in rows}), default=1))
        for i, c in enumerate(columns)
        if c.keep
    )


def _fits(columns: Sequence[Column], rows: list[list[str]], widths: list[int], room: int) -> bool:
    """Whether every column has its natural width within `room`."""
    natural = [_measure(columns, rows, i)[0] for i in range(len(columns))]
    return sum(natural) <= room and widths == natural


def _unbroken(
    columns: Sequence[Column], rows: list[list[str]], widths: list[int], room: int
) -> bool:
    """Whether the columns fit in `room` with no word broken."""
    return sum(widths) <= room and all(
        w >= _measure(columns, rows, i)[1] for i, w in enumerate(widths)
    )


def _concede(
    columns: list[Column], rows: list[list[str]], rank: int, protect: int = 0
) -> tuple[list[Column], list[list[str]]]:
    """The columns of `give` rank `rank` (past the first `protect`) shortened or left out;
    rank -1: every column that can be shortened, whatever its rank."""
    cols, out = list(columns), rows
    for i in reversed(range(protect, len(cols))):
        column = cols[i]
        if column.give != rank and not (rank == -1 and column.short is not None):
            continue
        if column.short is None:
            del cols[i]
            out = [r[:i] + r[i + 1 :] for r in out]
            continue
        shorten, memo = column.short, dict[str, str]()  # each distinct text shortened once
        cols[i] = replace(column, give=0, short=None)
        out = [
            [
                *r[:i],
                memo[r[i]] if r[i] in memo else memo.setdefault(r[i], shorten(r[i])),
                *r[i + 1 :],
            ]
            for r in out
        ]
    return cols, out


def layout(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int, gap: int
) -> list[int]:
    """Column widths that fit `width`.

    Wrapped columns give way first, down to COMFORT (or their longest word); then every
    column wraps at spaces, down to its longest word; then wrapped columns fold words, down
    to MIN_WIDTH; only then do unwrapped columns fold. The widest column gives first.
    """
    # Each distinct text is measured once: a column of 10,000 rows holds a few dozen body
    # names and statuses, so measuring per row (and per word) cost more than the layout.
    distinct = [{r[i] for r in rows} for i in range(len(columns))]
    natural = []
    for i, col in enumerate(columns):
        longest = max((_longest_line(v) for v in distinct[i]), default=1)
        longest = max(longest, _longest_line(col.header))
        if col.max_width:
            longest = min(longest, col.max_width)
        natural.append(max(longest, 1))
    room = width - 2 - gap * (len(columns) - 1)
    sizes = list(natural)
    if sum(sizes) <= room:
        return sizes  # the usual case: no word needs measuring
    words = [
        max((cell_len(w) for w in {w for v in distinct[i] for w in _words(v)}), default=1)
        for i in range(len(columns))
    ]
    words = [
        max(w, *(cell_len(h) for h in _words(c.header)), 1)
        for w, c in zip(words, columns, strict=True)
    ]
    at_words = [min(n, max(w, MIN_WIDTH)) for n, w in zip(natural, words, strict=True)]
    floors = [
        # Long text (a body's name, a note) gives way first, but keeps a readable width...
        [
            n if c.no_wrap else min(n, max(a, COMFORT))
            for c, n, a in zip(columns, natural, at_words, strict=True)
        ],
        # ...then every column wraps at spaces, the widest first ("Quá hạn (1064 ngày)" on
        # two lines before a name goes one word a line), before any word is broken...
        at_words,
        # ...then wrapped columns fold words, and at last unwrapped ones.
        [
            a if c.no_wrap else min(n, MIN_WIDTH)
            for c, n, a in zip(columns, natural, at_words, strict=True)
        ],
        [1] * len(columns),
    ]
    for floor in floors:
        excess = sum(sizes) - room
        while excess > 0:
            shrinkable = [i for i in range(len(sizes)) if sizes[i] > floor[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: sizes[i])
            runner_up = max((sizes[i] for i in shrinkable if i != widest), default=0)
            # Down to the next-widest column in one step, or as far as needed or allowed.
            step = max(1, min(excess, sizes[widest] - max(floor[widest], runner_up)))
            sizes[widest] -= step
            excess -= step
        if excess <= 0:
            break
    return sizes


_BREAKS = re.compile("[ \n]")  # where `wrap` breaks a line (not at a no-break space)


def _words(text: str) -> list[str]:
    """The pieces `wrap` never breaks (unless one is wider than the column)."""
    return _BREAKS.split(text)


def _longest_line(text: str) -> int:
    if "\n" not in text:
        return cell_len(text)
    return max(cell_len(line) for line in text.split("\n"))


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap by display cells; a word longer than the line is folded."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while cell_len(word) > width:
            cut = _fit(word, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line or not lines:
        lines.append(line)
    return lines


def _fit(word: str, width: int) -> int:
    """How many characters of `word` fit in `width` cells (at least one)."""
    cut = min(len(word), width)
    while cut > 1 and cell_len(word[:cut]) > width:
        cut -= 1
    return max(cut, 1)


class _Padded:
    """Rows of a laid-out table, each cell padded once per distinct text and column."""

    def __init__(self, columns: Sequence[Column], widths: Sequence[int], gap: str) -> None:
        self.columns, self.widths, self.gap = columns, widths, gap
        # text → the cell padded to its column, or None when it needs more than one line
        self.cache: list[dict[str, str | None]] = [{} for _ in columns]

    def lines(self, row: Sequence[str]) -> list[str]:
        parts = []
        for text, known, width, column in zip(
            row, self.cache, self.widths, self.columns, strict=True
        ):
            if text in known:
                part = known[text]
            else:
                n = cell_len(text)
                part = (
                    _pad(text, width - n, column.justify)
                    if n <= width and "\n" not in text
                    else None
                )
                if len(known) < CACHED:
                    known[text] = part
            if part is None:  # a cell wraps: the row is laid out line by line
                return _row_lines(row, self.columns, self.widths, self.gap)
            parts.append(part)
        return [(" " + self.gap.join(parts)).rstrip()]


def _row_lines(
    cells: Sequence[str],
    columns: Sequence[Column],
    widths: Sequence[int],
    gap: str,
    *,
    bottom: bool = False,
) -> list[str]:
    """The lines of one row; `bottom` aligns short cells with the last line (headers)."""
    sizes = [cell_len(v) for v in cells]
    if all(n <= w for n, w in zip(sizes, widths, strict=True)) and not any(
        "\n" in v for v in cells
    ):
        # The usual row: every cell on one line, each measured once.
        return [
            (
                " "
                + gap.join(
                    _pad(v, w - n, c.justify)
                    for v, n, w, c in zip(cells, sizes, widths, columns, strict=True)
                )
            ).rstrip()
        ]
    wrapped = [
        [
            line
            for part in v.split("\n")
            for line in (wrap(part, w) if not c.no_wrap or cell_len(part) > w else [part])
        ]
        for v, c, w in zip(cells, columns, widths, strict=True)
    ]
    height = max(len(w) for w in wrapped)
    if bottom:
        wrapped = [[""] * (height - len(w)) + w for w in wrapped]
    out = []
    for k in range(height):
        parts = []
        for lines, col, size in zip(wrapped, columns, widths, strict=True):
            text = lines[k] if k < len(lines) else ""
            parts.append(_pad(text, size - cell_len(text), col.justify))
        out.append((" " + gap.join(parts)).rstrip())
    return out


def _pad(text: str, pad: int, justify: str) -> str:
    if justify == "right":
        return " " * pad + text
    if justify == "center":
        return " " * (pad // 2) + text + " " * (pad - pad // 2)
    return text + " " * pad


def _print_stacked(
    console: Any,
    chosen: Plan,
    gap: str,
    above: list[str],
    styles: Sequence[str | None],
    below: list[str],
) -> None:
    """A stacked table: each row's lead cells on a line, its other cells indented beneath."""
    lead, sub_gap = chosen.lead, chosen.sub_gap
    lead_cols, other_cols = chosen.columns[:lead], chosen.columns[lead:]
    lead_widths, sub_widths = chosen.widths, list(chosen.sub_widths)

    def lines(row: Sequence[str], bottom: bool = False) -> list[str]:
        first = _row_lines(row[:lead], lead_cols, lead_widths, gap, bottom=bottom)
        rest = _row_lines(row[lead:], other_cols, sub_widths, sub_gap, bottom=bottom)
        return first + [(INDENT + line).rstrip() for line in rest]

    header = lines([c.header for c in chosen.columns], bottom=True)
    rule = " " + "─" * max(
        sum(lead_widths) + len(gap) * (lead - 1),
        len(INDENT) + sum(sub_widths) + len(sub_gap) * (len(sub_widths) - 1),
    )
    body = [lines(row) for row in chosen.texts]
    if console.color_system is None and not console.record:
        out = [*above, *header, rule, *(line for block in body for line in block), *below]
        console.file.write("\n".join(out) + "\n")
        return
    _print_styled(console, above, header, rule, body, styles, below)


def _print_styled(
    console: Any,
    above: list[str],
    header: list[str],
    rule: str,
    body: list[list[str]],
    styles: Sequence[str | None],
    below: list[str],
) -> None:
    from rich.text import Text

    text = Text(no_wrap=True, overflow="ignore", end="")
    for line in above:
        text.append(line + "\n", "italic" if line else "")
    for line in header:
        text.append(line + "\n", "bold")
    text.append(rule + "\n")
    for i, block in enumerate(body):
        style = styles[i] if i < len(styles) else None
        text.append("\n".join(block) + "\n", style or "")
    for line in below:
        text.append(line + "\n", "dim" if line else "")
    console.print(text, soft_wrap=True, end="")  # the lines end in "\n" already
