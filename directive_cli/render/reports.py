"""The weekly report in each of its formats, as the exact bytes of the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Registry
    from ..office import Office
    from ..weekly import WeeklyReport


def render_report(
    built: WeeklyReport,
    fmt: str,
    table: str = "summary",
    office: Office | None = None,
    registry: Registry | None = None,
) -> bytes:
    """The report in `fmt` as the exact bytes of the file; `office` (who sends it) and
    `registry` (the groups' Vietnamese names) for the Word document."""
    if fmt == "docx":
        from . import report_docx

        if office is None:
            raise ValueError("a Word report needs the office that sends it")
        names = {g.id: g.name for g in registry.groups} if registry is not None else None
        return report_docx.render(built, office, names)
    if fmt == "html":
        from . import report_html

        return report_html.render(built).encode("utf-8")
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
