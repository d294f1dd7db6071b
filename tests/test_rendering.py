"""The documents as people see them: the Word files rendered by LibreOffice, the web page by
Chromium, both read back with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm).

Each test skips, saying which program is missing, when LibreOffice, Chromium or poppler is
not installed; with CI=true they fail instead (.ci/run installs them: Debian's
libreoffice-writer-nogui, chromium, poppler-utils and fonts-liberation2, the Times New
Roman-metric font with Vietnamese letters).
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from documents import NOW, D, build_history, build_trial_history, need, need_vietnamese_serif

from directive_cli import i18n, remind
from directive_cli import office as office_module
from directive_cli.load import Catalog
from directive_cli.render import letter as letter_text
from directive_cli.render import letter_docx, report_docx, report_html, report_json
from directive_cli.report import Counts
from directive_cli.store.sqlite import SqliteStore
from directive_cli.weekly import WeeklyReport, build, iso_week

TIMEOUT = 240  # LibreOffice's first start creates its profile: tens of seconds on a slow CI
A4_POINTS = (595.3, 841.9)


@pytest.fixture(autouse=True)
def _vietnamese() -> None:
    # An earlier test's --lang en must not decide the labels here.
    i18n.set_lang("vi")


@pytest.fixture
def week_db(db: Path) -> Path:
    build_history(db)
    return db


def weekly(cat: Catalog, db: Path) -> WeeklyReport:
    store = SqliteStore(db)
    try:
        return build(cat, store, iso_week("2023-W26", date(2023, 7, 3)), NOW)
    finally:
        store.close()


def office(cat: Catalog) -> office_module.Office:
    return office_module.load(None, cat.directive(D))


# --- the programs -----------------------------------------------------------------------------


def run(argv: list[str], **extra: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, **extra)
    assert done.returncode == 0, f"{argv[0]} failed: {done.stderr[-2000:]}"
    return done


def to_pdf(docx: Path, tmp: Path) -> Path:
    """LibreOffice's rendering of a .docx, with a private profile (no clash with a running
    LibreOffice, nothing left in the user's home)."""
    need("libreoffice", "pdftotext", "pdfinfo", "pdffonts")
    profile = (tmp / "lo-profile").as_uri()
    run(
        [
            "libreoffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(docx),
        ]
    )
    pdf = tmp / (docx.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    return pdf


def pages(pdf: Path) -> int:
    info = run(["pdfinfo", str(pdf)]).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert found, info
    return int(found.group(1))


def page_size(pdf: Path, page: int) -> tuple[float, float]:
    info = run(["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)]).stdout
    found = re.search(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert found, info
    return (round(float(found.group(1)), 1), round(float(found.group(2)), 1))


def text(pdf: Path, page: int | None = None, *, layout: bool = False) -> str:
    argv = ["pdftotext", "-enc", "UTF-8", "-layout" if layout else "-raw"]
    if page is not None:
        argv += ["-f", str(page), "-l", str(page)]
    return run([*argv, str(pdf), "-"]).stdout


def flat(value: str) -> str:
    return " ".join(value.split())


def fonts(pdf: Path) -> set[str]:
    listing = run(["pdffonts", str(pdf)]).stdout.splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in listing if line.strip()}


def lines(value: str) -> list[str]:
    return [x.strip() for x in value.splitlines() if x.strip()]


# --- the Word report in LibreOffice -----------------------------------------------------------


def test_report_docx_renders_in_libreoffice(cat: Catalog, week_db: Path, tmp_path: Path) -> None:
    report = weekly(cat, week_db)
    data = report_json.as_dict(report)
    docx = tmp_path / "bao-cao.docx"
    docx.write_bytes(report_docx.render(report, office(cat)))
    pdf = to_pdf(docx, tmp_path)
    n = pages(pdf)
    assert n >= 2
    assert all(page_size(pdf, p) == A4_POINTS for p in range(1, n + 1))
    need_vietnamese_serif()
    # Only the Times New Roman face (or its metric twin): no glyph fell back to another
    # font, which is what happens to Vietnamese letters when the fonts are set wrong.
    assert fonts(pdf) <= {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
        "TimesNewRomanPSMT",
        "TimesNewRomanPS-BoldMT",
        "TimesNewRomanPS-ItalicMT",
        "TimesNewRomanPS-BoldItalicMT",
    }, fonts(pdf)
    first = lines(text(pdf, 1, layout=True))
    # The header block side by side, no page number on page 1.
    assert re.fullmatch(r"ỦY BAN NHÂN DÂN\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", first[0])
    assert re.fullmatch(r"TỈNH QUẢNG NGÃI\s+Độc lập - Tự do - Hạnh phúc", first[1])
    assert re.fullmatch(r"Số:\s+/BC-UBND\s+Quảng Ngãi, ngày 03 tháng 7 năm 2023", first[2])
    assert first[3:5] == [
        "BÁO CÁO",
        "Tình hình thực hiện Công văn số 2167/UBND-KTTH ngày 16/5/2023",
    ]
    # From page 2 on, the page number is the first line, centred above the text.
    for p in range(2, n + 1):
        top = text(pdf, p, layout=True).splitlines()
        number = next(x for x in top if x.strip())
        assert number.strip() == str(p)
        assert abs(len(number) - len(number.lstrip()) - max(len(x) for x in top) / 2) < 12
    # The table repeats its header on every page it runs onto.
    whole = flat(text(pdf))
    assert flat(text(pdf, 2)).startswith("2 STT Cơ quan, đơn vị Tổng số Đã hoàn thành Chưa hoàn")
    for group in data["summary"]["groups"]:
        for body in group["bodies"]:
            assert flat(body["name"]) in whole, body["name"]
    total = data["summary"]["total"]
    fields = ("total", "done", "on_time", "late", "not_done", "in_time", "overdue", "no_deadline")
    figures = (
        " ".join(str(total[f]) for f in fields) + " " + f"{total['percent']:.1f}".replace(".", ",")
    )
    assert f"TỔNG CỘNG {figures}" in whole
    last = flat(text(pdf, n))
    assert last.endswith(
        "(tuần 26 năm 2023)./. Nơi nhận: - Lưu: VT. TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"
        " (Ký, ghi rõ họ tên) Đặng Văn Minh"
    )


def test_landscape_annex_renders_landscape(cat: Catalog, week_db: Path, tmp_path: Path) -> None:
    report = weekly(cat, week_db)
    big = Counts(
        total=12345, done=2345, on_time=2000, late=345, not_done=10000, in_time=9000, overdue=1000
    )
    wide = WeeklyReport(
        report.window,
        report.generated_at,
        report.directives,
        type(report.summary)(report.summary.groups, big),
        (),
        (),
        (),
    )
    docx = tmp_path / "phu-luc.docx"
    docx.write_bytes(report_docx.render(wide, office(cat)))
    pdf = to_pdf(docx, tmp_path)
    n = pages(pdf)
    sizes = [page_size(pdf, p) for p in range(1, n + 1)]
    annex = next(p for p in range(1, n + 1) if lines(text(pdf, p))[1:2] == ["Phụ lục"])
    assert sizes[: annex - 1] == [A4_POINTS] * (annex - 1)
    assert sizes[annex - 1 :] == [A4_POINTS[::-1]] * (n - annex + 1)
    assert lines(text(pdf, annex, layout=True))[:3] == [
        str(annex),
        "Phụ lục",
        "TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN, ĐƠN VỊ",
    ]
    assert "TỔNG CỘNG 12345 2345 2000 345 10000 9000 1000 0 19,0" in flat(text(pdf))


# A piece of a date a line break cut: "31/12/202" (its "3" on the next line), "31/12/", "31/".
DATE_PIECE = re.compile(r"\d{1,2}/(\d{1,2}(/\d{0,3})?)?")
WHOLE_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def date_words(pdf: Path) -> tuple[list[str], list[str]]:
    """The whole dates (d/m/yyyy) and the pieces of dates among the words of the pages."""
    words = text(pdf, layout=True).split()
    return [w for w in words if WHOLE_DATE.fullmatch(w)], [
        w for w in words if DATE_PIECE.fullmatch(w)
    ]


def test_the_date_check_sees_a_date_that_wraps(tmp_path: Path) -> None:
    """The check below can fail: a column too narrow for its date cuts it."""
    from docx import Document

    from directive_cli.render import official

    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    official.fixed_widths(table, (1.2, 10.0))
    for cell in table.rows[0].cells:
        cell.text = "31/12/2023"
    path = tmp_path / "narrow.docx"
    doc.save(str(path))
    whole, pieces = date_words(to_pdf(path, tmp_path))
    assert whole == ["31/12/2023"] and pieces, (whole, pieces)


def test_no_date_wraps_in_the_extended_table(cat: Catalog, db: Path, tmp_path: Path) -> None:
    """The leaders' trial: "31/12/202" over "3" in the column "Hạn ban đầu". Every date of
    the Word report is on one line, in the table without periods and in the one with."""
    from directive_cli.render import report_docx as docx_writer

    build_trial_history(db)
    store = SqliteStore(db)
    try:
        report = build(cat, store, iso_week("2024-W02", date(2024, 1, 15)), NOW)
    finally:
        store.close()
    (row,) = report.extended
    periods = (
        dataclasses.replace(row, period="2023-12", due=date(2024, 12, 31)),
        dataclasses.replace(row, period="2023-Q4", original_due=date(2023, 12, 28)),
    )
    for name, version in (
        ("plain", report),
        ("periods", dataclasses.replace(report, extended=periods)),
    ):
        folder = tmp_path / name
        folder.mkdir()
        docx = folder / "bao-cao.docx"
        docx.write_bytes(docx_writer.render(version, office(cat)))
        whole, pieces = date_words(to_pdf(docx, folder))
        assert pieces == [], (name, pieces)
        cells = [c for r in docx_writer.extended_rows(version) for c in r[-2:]]
        assert all(whole.count(c) >= cells.count(c) for c in cells), (name, whole)


def test_reminder_letter_renders_in_libreoffice(
    cat: Catalog, week_db: Path, tmp_path: Path
) -> None:
    day = date(2024, 1, 2)
    store = SqliteStore(week_db)
    try:
        plan = remind.plan(cat, store.states_as_of(day), day, 7, bodies=["h-binhson"])
    finally:
        store.close()
    (letter,) = plan.letters
    docx = tmp_path / "h-binhson.docx"
    docx.write_bytes(letter_docx.render(letter, office(cat), datetime.fromisoformat(NOW)))
    pdf = to_pdf(docx, tmp_path)
    first = lines(text(pdf, 1, layout=True))
    assert re.fullmatch(r"Số:\s+/UBND-KTTH\s+Quảng Ngãi, ngày 02 tháng 01 năm 2024", first[2])
    assert first[3:5] == ["V/v đôn đốc thực hiện Công văn", "số 2167/UBND-KTTH"]
    whole = flat(text(pdf))
    w = letter_text.words(letter, office(cat))
    assert "Kính gửi: UBND huyện Bình Sơn." in whole
    for item in w.items:
        assert flat(item.heading) in whole and flat(item.deadline) in whole
    assert flat(w.closing) in whole
    assert whole.endswith("Đặng Văn Minh")


# --- the web page in Chromium -----------------------------------------------------------------


def chromium(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on the file, its console on stderr (a blocked or failed load is
    logged there as a CONSOLE line)."""
    need("chromium", "pdftotext", "pdftoppm")
    return run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",  # root in a container; the page is our own file
            "--disable-gpu",
            f"--user-data-dir={tmp / 'chromium-profile'}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.as_uri(),
        ]
    )


def console(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [x for x in done.stderr.splitlines() if ":CONSOLE" in x]


def test_the_browser_check_sees_a_page_that_fetches(tmp_path: Path) -> None:
    """The check below can fail: a page that asks for a remote image and style sheet logs
    their refusal."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head>"
        f'<meta http-equiv="Content-Security-Policy" content="{report_html.CSP}">'
        '<link rel="stylesheet" href="https://example.invalid/a.css"></head>'
        '<body><img src="http://example.invalid/x.png"></body></html>',
        encoding="utf-8",
    )
    logged = console(chromium(page, tmp_path, "--dump-dom"))
    assert len(logged) == 2, logged


def colour_pixels(ppm: bytes, colour: str, tolerance: int = 24) -> int:
    """Pixels of a binary PPM (P6) within `tolerance` of the hex `colour`."""
    match = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", ppm)
    assert match, "not a PPM"
    data = ppm[match.end() :]
    want = bytes.fromhex(colour.lstrip("#"))
    count = 0
    for i in range(0, len(data) - 2, 3):
        if all(abs(data[i + k] - want[k]) <= tolerance for k in range(3)):
            count += 1
    return count


def test_html_report_in_a_real_browser(cat: Catalog, week_db: Path, tmp_path: Path) -> None:
    report = weekly(cat, week_db)
    data = report_json.as_dict(report)
    page = tmp_path / "bao-cao.html"
    page.write_text(report_html.render(report), encoding="utf-8")
    dom = chromium(page, tmp_path, "--dump-dom")
    assert console(dom) == []
    assert dom.stdout.count('<svg class="chart"') == len(data["summary"]["groups"])
    png = tmp_path / "page.png"
    shot = chromium(page, tmp_path, "--window-size=390,2000", f"--screenshot={png}")
    assert console(shot) == []
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png.read_bytes()[16:20]), int.from_bytes(png.read_bytes()[20:24])
    assert (width, height) == (390, 2000)
    pdf = tmp_path / "page.pdf"
    printed = chromium(page, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert console(printed) == []
    whole = flat(text(pdf))
    assert flat(report.title) in whole
    for group in data["summary"]["groups"]:
        assert flat(group["name"]) in whole
        for body in group["bodies"]:
            assert flat(body["name"])[:30] in whole, body["name"]
    assert "3.1:vpub" in whole  # the overdue list
    # The chart is drawn: its overdue red and in-time blue are on the printed first page.
    drawn = subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(pdf)],
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )
    ppm = drawn.stdout
    assert colour_pixels(ppm, dict(report_html.COLOURS)["overdue"]) > 10
    assert colour_pixels(ppm, dict(report_html.COLOURS)["in_time"]) > 100


def png_rows(data: bytes) -> list[bytes]:
    """The RGB rows of an 8-bit, non-interlaced RGB or RGBA PNG (Chromium's screenshots):
    the IDAT stream inflated and unfiltered (PNG spec, section 9)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(data):
        size = int.from_bytes(data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        at += 12 + size
    width, height = int.from_bytes(header[:4]), int.from_bytes(header[4:8])
    depth, colour, interlace = header[8], header[9], header[12]
    assert (depth, colour in (2, 6), interlace) == (8, True, 0), header
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * step
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )
                line[i] = (line[i] + near[2]) & 0xFF
        previous = line
        rows.append(bytes(b for i, b in enumerate(line) if i % step < 3))
    return rows


def tallest_bar(rows: list[bytes], colour: str, wide: int = 30) -> int:
    """The most rows in a row of pixels with a run of `colour` at least `wide` long: the
    height of the chart's tallest bar in that colour (a figure's glyphs are narrower)."""
    want = bytes.fromhex(colour.lstrip("#"))
    best = run = 0
    for line in rows:
        longest = streak = 0
        for x in range(0, len(line), 3):
            near = all(abs(line[x + k] - want[k]) <= 24 for k in range(3))
            streak = streak + 1 if near else 0
            longest = max(longest, streak)
        run = run + 1 if longest >= wide else 0
        best = max(best, run)
    return best


def test_html_report_prints_and_reads_on_a_phone(cat: Catalog, db: Path, tmp_path: Path) -> None:
    """The leaders' trial, 2024-W02: printed, 10 pages, names one word a line ("Ban / Quản
    lý / Khu…"), a group heading alone at the foot of page 1; on a phone, the chart's labels
    5 px high."""
    build_trial_history(db)
    store = SqliteStore(db)
    try:
        report = build(cat, store, iso_week("2024-W02", date(2024, 1, 15)), NOW)
    finally:
        store.close()
    page = tmp_path / "bao-cao.html"
    page.write_text(report_html.render(report), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    chromium(page, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    n = pages(pdf)
    assert n <= 7, n
    headings = {flat(g.name) for g in report.summary.groups}
    for p in range(1, n + 1):
        last = flat(lines(text(pdf, p, layout=True))[-1])
        assert last not in headings and not re.match(r"\d\. ", last), (p, last)
    # A body's row of the per-body table: number, the whole name, then its figures.
    layout = text(pdf, layout=True)
    names = [b.name for g in report.summary.groups for b in g.rows if len(b.name) <= 28]
    assert len(names) > 30
    for name in names:
        assert re.search(rf"^\s*\d+\s+{re.escape(name)}\s+\d+\s", layout, re.M), name
    # 390 px wide: the chart at its own size (bars 18 px high), scrolled sideways.
    png = tmp_path / "phone.png"
    chromium(page, tmp_path, "--window-size=390,1400", f"--screenshot={png}")
    rows = png_rows(png.read_bytes())
    assert len(rows) == 1400 and len(rows[0]) == 390 * 3
    bar = tallest_bar(rows, dict(report_html.COLOURS)["overdue"])
    assert bar >= report_html.BAR_HEIGHT - 2, bar
