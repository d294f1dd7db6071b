"""Terminal tables. Rich for the usual page; a plain writer for thousands of rows."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from ..text import printable

if TYPE_CHECKING:
    from rich.console import Console

RICH_ROW_LIMIT = 500  # Rich's Table costs ~0.5 ms a row; past this the plain writer takes over


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"
    no_wrap: bool = False
    max_width: int | None = None
    ratio: int | None = None


def make_console(file: IO[str] | None = None, *, stderr: bool = False) -> Console:
    """The one place consoles are made, so tests can pin width and colour."""
    from rich.console import Console

    width = None
    if os.environ.get("COLUMNS", "").isdigit():
        width = int(os.environ["COLUMNS"])
    return Console(
        file=file or (sys.stderr if stderr else sys.stdout),
        stderr=stderr,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def cell(value: object) -> str:
    """Text a clerk typed, with every control character made visible."""
    return "" if value is None else printable(str(value))


def print_table(
    console: Console,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    styles: Sequence[str | None] = (),
    title: str | None = None,
    caption: str | None = None,
    compact: bool = False,
) -> None:
    """Print rows under headers; cells are literal text, never markup."""
    if len(rows) > RICH_ROW_LIMIT:
        _plain_table(console, columns, rows, title=title, caption=caption)
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, caption=caption, box=box.SIMPLE_HEAD, show_lines=False,
                  title_justify="left", caption_justify="left", pad_edge=False,
                  collapse_padding=compact)
    for col in columns:
        table.add_column(col.header, justify=col.justify,  # type: ignore[arg-type]
                         no_wrap=col.no_wrap, max_width=col.max_width, ratio=col.ratio,
                         overflow="fold")
    for i, row in enumerate(rows):
        style = styles[i] if i < len(styles) else None
        table.add_row(*(Text(cell(v)) for v in row), style=style)
    console.print(table)


def _plain_table(
    console: Console,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None,
    caption: str | None,
) -> None:
    """Fixed-width columns written in one go: linear in rows, no per-cell layout."""
    width = console.width
    texts = [[cell(v) for v in row] for row in rows]
    sizes = [len(c.header) for c in columns]
    for row in texts:
        for i, v in enumerate(row):
            if len(v) > sizes[i]:
                sizes[i] = len(v)
    caps = [c.max_width or (40 if not c.no_wrap else 100) for c in columns]
    sizes = [min(s, cap) for s, cap in zip(sizes, caps, strict=True)]
    while sum(sizes) + 2 * len(sizes) > width and max(sizes) > 8:
        widest = sizes.index(max(sizes))
        sizes[widest] -= 1

    def fit(v: str, n: int, justify: str) -> str:
        if len(v) > n:
            v = v[: max(n - 1, 0)] + "…"
        return v.rjust(n) if justify == "right" else v.ljust(n)

    lines = []
    if title:
        lines.append(title)
    pairs = list(zip(columns, sizes, strict=True))
    lines.append("  ".join(fit(c.header, n, c.justify) for c, n in pairs))
    lines.append("  ".join("─" * n for n in sizes))
    for row in texts:
        lines.append(
            "  ".join(fit(v, n, c.justify) for v, c, n in zip(row, columns, sizes, strict=True))
            .rstrip()
        )
    if caption:
        lines.append(caption)
    console.file.write("\n".join(lines) + "\n")
