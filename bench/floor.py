"""The Typer floor: the least a Typer + Rich command can cost, to measure `directive` against.

One command that prints a 20-row Rich table, nothing else: whatever `directive list` costs
above this is ours (loading YAML, SQLite, the model), not Typer's or Rich's.

    python bench/floor.py            # prints the table
    python -X importtime bench/floor.py >/dev/null
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def floor(rows: int = typer.Option(20, help="Rows in the table.")) -> None:
    """Print a table of ROWS rows of five columns, like `directive list`."""
    table = Table(title="Nhiệm vụ — Tính đến ngày 30/06/2024")
    for header in ("Nhiệm vụ", "Cơ quan, đơn vị", "Trạng thái", "Tiến độ", "Hạn"):
        table.add_column(header)
    for i in range(rows):
        table.add_row(f"{i + 1}a:snv", "Sở Nội vụ", "Chưa thực hiện", "Quá hạn (12d)", "31/12/2023")
    Console().print(table)


if __name__ == "__main__":
    app()
