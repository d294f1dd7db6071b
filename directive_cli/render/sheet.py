"""A table of typed cells, as the report's CSV, Markdown and XLSX writers and the listings'
workbooks share it. Cells keep their types (int, float, date, str); each writer formats them
its own way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

Cell = str | int | float | date | None


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    typed: bool = False  # text a clerk typed: never trusted by a spreadsheet
    # "moment": the cells are recorded_at stamps (ISO text), which a workbook shows as a
    # date and time; CSV and JSON keep the stamp as it is stored, offset included.
    kind: str = ""


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    strong: list[bool] = field(default_factory=list)  # subtotal and total rows

    def add(self, row: Sequence[Cell], strong: bool = False) -> None:
        self.rows.append(list(row))
        self.strong.append(strong)
