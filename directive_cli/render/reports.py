"""The weekly report in each of its formats, as the exact bytes of the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..weekly import WeeklyReport


def render_report(built: WeeklyReport, fmt: str, table: str = "summary") -> bytes:
    """The report in `fmt` as the exact bytes of the file."""
    if fmt == "xlsx":
        from . import report_xlsx

        return report_xlsx.render(built)
    if fmt == "csv":
        from . import report_csv

        # The BOM makes Excel read UTF-8 instead of the Windows code page.
        return report_csv.render(built, table).encode("utf-8-sig")
    if fmt == "json":
        from . import report_json

        return report_json.render(built).encode("utf-8")
    from . import report_md

    return report_md.render(built).encode("utf-8")
