"""The wiring of the documents: `report --format docx|html` and `directive remind`."""

from __future__ import annotations

import hashlib
import json
import os
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from disks import fill, tmpfs
from documents import DISTRICT_DONE, NOW, build_history, json_rows, open_tasks, summary_rows
from docx import Document
from typer.testing import CliRunner, Result

from directive_cli import i18n
from directive_cli import options as options_module
from directive_cli.app import Exit, app
from directive_cli.fileset import MANIFEST
from directive_cli.load import Catalog
from directive_cli.render import report_html

NEXT_MONDAY = date(2023, 7, 3)


@pytest.fixture
def history(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    build_history(db)
    monkeypatch.setattr(options_module, "today", lambda: NEXT_MONDAY)
    monkeypatch.setattr(options_module, "now_stamp", lambda: NOW)
    # The clerk's own office.toml, if any, stays out of the tests.
    user = tmp_path / "user-dir"
    user.mkdir()
    monkeypatch.setattr(options_module, "app_dir", lambda: user)
    i18n.set_lang("vi")
    yield db


def invoke(db: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        app, list(args), env={"DIRECTIVE_DB": str(db), **(env or {})}, catch_exceptions=False
    )


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def refused(result: Result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- report --format docx | html --------------------------------------------------------------


def test_docx_report_totals_equal_the_json_report(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.docx"
    ok(invoke(history, "report", "--week", "2023-W26", "--format", "docx", "-o", str(target)))
    data = json.loads(
        ok(invoke(history, "report", "--week", "2023-W26", "--format", "json")).stdout
    )
    assert summary_rows(target.read_bytes()) == json_rows(data)
    assert data["summary"]["total"]["overdue"] == 1  # the fixture's 3.1:vpub


def test_docx_and_html_are_chosen_by_the_file_name(history: Path, tmp_path: Path) -> None:
    docx, html = tmp_path / "bao-cao.docx", tmp_path / "bao-cao.html"
    ok(invoke(history, "report", "--week", "2023-W26", "-o", str(docx)))
    ok(invoke(history, "report", "--week", "2023-W26", "-o", str(html)))
    assert docx.read_bytes()[:2] == b"PK"
    assert Document(str(docx)).paragraphs[0].text == "BÁO CÁO"
    stdout = ok(invoke(history, "report", "--week", "2023-W26", "--format", "html")).stdout
    assert html.read_text(encoding="utf-8") == stdout
    assert stdout.startswith("<!DOCTYPE html>") and f'content="{report_html.CSP}"' in stdout


def test_docx_is_never_written_to_a_terminal(history: Path) -> None:
    line = refused(invoke(history, "report", "--format", "docx"), Exit.USAGE)
    assert line == "Lỗi: --format docx ghi ra tệp: thêm --output TỆP.docx"


def test_docx_with_english_labels_is_still_vietnamese(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.docx"
    ok(invoke(history, "--lang", "en", "report", "--week", "2023-W26", "-o", str(target)))
    names = [r.name for r in summary_rows(target.read_bytes()) if r.number in ("I", "II", "III")]
    assert names == [
        "Các sở, ban ngành, đơn vị trực thuộc UBND tỉnh",
        "Các cơ quan Trung ương trên địa bàn tỉnh",
        "UBND các huyện, thị xã, thành phố",
    ]


OFFICE = """issuer = "Văn phòng UBND tỉnh"
report_symbol = "BC-VP"
[signer]
authority = ["CHÁNH VĂN PHÒNG"]
name = "Nguyễn Thị Lan"
"""


def signature_and_number(path: Path) -> tuple[list[str], str]:
    doc = Document(str(path))
    return [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs], doc.tables[0].rows[
        1
    ].cells[0].text


@pytest.mark.parametrize("where", ["option", "env", "user_dir"])
def test_office_settings_are_found(history: Path, tmp_path: Path, where: str) -> None:
    settings = tmp_path / ("user-dir" if where == "user_dir" else "") / "office.toml"
    settings.write_text(OFFICE, encoding="utf-8")
    target = tmp_path / "bao-cao.docx"
    args = ["report", "--week", "2023-W26", "-o", str(target)]
    if where == "option":
        args += ["--office", str(settings)]
    env = {"DIRECTIVE_OFFICE": str(settings)} if where == "env" else {}
    ok(invoke(history, *args, env=env))
    assert signature_and_number(target) == (
        ["CHÁNH VĂN PHÒNG", "(Ký, ghi rõ họ tên)", "Nguyễn Thị Lan"],
        "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-VP",
    )


def test_a_bad_office_file_is_one_line_and_nothing_is_written(
    history: Path, tmp_path: Path
) -> None:
    settings = tmp_path / "office.toml"
    settings.write_text('[signer]\nten = "Lan"\n', encoding="utf-8")
    target = tmp_path / "bao-cao.docx"
    line = refused(
        invoke(history, "report", "-o", str(target), "--office", str(settings)), Exit.DATA
    )
    assert line == (
        f"Lỗi: {settings}: khóa 'signer.ten' không có trong tệp thiết lập; các khóa:"
        " signer.authority, signer.name"
    )
    assert not target.exists()


# --- directive remind -------------------------------------------------------------------------


def letter_headings(path: Path) -> list[str]:
    return [
        p.text
        for p in Document(str(path)).paragraphs
        if p.text[:1].isdigit() and ". Điểm " in p.text
    ]


def test_remind_writes_one_letter_per_district_that_owes(
    history: Path, tmp_path: Path, cat: Catalog
) -> None:
    folder = tmp_path / "don-doc"
    result = ok(
        invoke(history, "remind", "--group", "g3", "--as-of", "2/1/2024", "-o", f"{folder}/")
    )
    day = date(2024, 1, 2)
    districts = cat.registry.members("g3")
    owing = [b for b in districts if open_tasks(cat, history, day, b.id)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [MANIFEST, *(f"{b.id}.docx" for b in owing)]
    )
    assert not (folder / f"{DISTRICT_DONE}.docx").exists()
    titles = {c.id: c.title for c in cat.directive("2167-2023").clauses}
    for b in owing:
        clauses = open_tasks(cat, history, day, b.id)
        assert letter_headings(folder / f"{b.id}.docx") == [
            f"{n}. Điểm {c}: {titles[c]}" for n, c in enumerate(clauses, 1)
        ]
        assert "1a" in clauses or b.id == "h-lyson"
    lines = result.stderr.splitlines()
    assert lines[-1] == (
        f"Đã ghi {len(owing)} công văn đôn đốc tính đến ngày 02/01/2024; 1 cơ quan không có"
        " nhiệm vụ phải đôn đốc."
    )
    assert lines[:-1] == [
        f"{folder / (b.id + '.docx')}: {b.name}, {len(open_tasks(cat, history, day, b.id))} nhiệm"
        f" vụ ({0 if b.id == 'h-lyson' else 1} quá hạn)"
        for b in owing
    ]
    assert result.stdout == ""


def test_remind_refuses_to_overwrite_without_force(history: Path, tmp_path: Path) -> None:
    folder = tmp_path / "don-doc"
    args = [
        "remind",
        "--body",
        "h-binhson",
        "--body",
        "h-sontinh",
        "--as-of",
        "2/1/2024",
        "-o",
        str(folder),
    ]
    ok(invoke(history, *args))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / "h-sontinh.docx").unlink()  # one new, one there: still nothing written
    line = refused(invoke(history, *args), Exit.OUTPUT)
    assert line == f"Lỗi: {folder / 'h-binhson.docx'} đã có; thêm --force để ghi đè"
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST, "h-binhson.docx"]
    ok(invoke(history, *args, "--force"))
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after == before  # the same letters, the same bytes


def test_remind_one_body_into_one_file(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "don-doc-stc.md"
    args = ["remind", "--body", "so tai chinh", "--within", "7", "--as-of", "25/12/2023"]
    ok(invoke(history, *args, "-o", str(target)))
    lines = target.read_text(encoding="utf-8").splitlines()
    assert "**Kính gửi:** Sở Tài chính." in lines
    # Its blocked 1b has no date: not due within 7 days.
    assert [x for x in lines if x.startswith("**") and x[2:3].isdigit()] == [
        "**1. Điểm 1a: Quán triệt, triển khai Kết luận 1753-KL/TU; tạo chuyển biến trong năm 2023**"
    ]
    assert "Thời hạn: 31/12/2023 (ngay trong năm 2023); còn 6 ngày; hiện chưa thực hiện." in lines


def test_remind_txt_for_one_body(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "vpub.txt"
    ok(
        invoke(
            history,
            "remind",
            "--body",
            "vpub",
            "--overdue-only",
            "--as-of",
            "1/7/2023",
            "-o",
            str(target),
        )
    )
    lines = target.read_text(encoding="utf-8").splitlines()
    assert "Kính gửi: Văn phòng UBND tỉnh." in lines
    assert [x for x in lines if x[:2] == "1."] == [
        "1. Điểm 3.1: Sửa đổi, bổ sung Quy chế làm việc của Ban cán sự đảng UBND tỉnh"
    ]


def test_remind_several_bodies_into_one_file_is_refused(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "don-doc.docx"
    line = refused(
        invoke(history, "remind", "--group", "g3", "--as-of", "2/1/2024", "-o", str(target)),
        Exit.USAGE,
    )
    assert line == (
        f"Lỗi: {target} là một tệp, nhưng có 12 cơ quan phải đôn đốc; hãy ghi vào một thư mục"
        " (-o THƯ_MỤC/) hoặc chọn một cơ quan (--body)"
    )
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--overdue-only", "--within", "3"],
            Exit.USAGE,
            "--within đã gồm các nhiệm vụ quá hạn; không dùng cùng --overdue-only",
        ),
        (["--within", "-1"], Exit.USAGE, "--within: số ngày phải từ 0 đến 366"),
        (
            ["--format", "pdf"],
            Exit.USAGE,
            "--format: 'pdf' không phải định dạng hợp lệ; dùng: docx, md, txt",
        ),
        (["--body", "so khong co"], Exit.NOT_FOUND, None),
    ],
)
def test_remind_mistakes_are_one_line(
    history: Path, tmp_path: Path, args: list[str], code: int, message: str | None
) -> None:
    folder = tmp_path / "don-doc"
    line = refused(invoke(history, "remind", "-o", str(folder), *args), code)
    if message is not None:
        assert line == f"Lỗi: {message}"
    assert line.startswith("Lỗi: ")
    assert not folder.exists()


def test_remind_file_name_and_format_must_agree(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.docx"
    line = refused(
        invoke(history, "remind", "--body", "vpub", "--format", "md", "-o", str(target)), Exit.USAGE
    )
    assert (
        line
        == f"Lỗi: --format: định dạng md không khớp đuôi tệp {target}; đổi --format hoặc tên tệp"
    )
    odd = tmp_path / "x.pdf"
    line = refused(invoke(history, "remind", "--body", "vpub", "-o", str(odd)), Exit.USAGE)
    assert line == (
        f"Lỗi: --output: không biết ghi {odd} theo định dạng nào; dùng đuôi .docx, .md, .txt"
        " hoặc một thư mục"
    )


def test_remind_nothing_owed_writes_nothing(history: Path, tmp_path: Path) -> None:
    folder = tmp_path / "don-doc"
    result = ok(
        invoke(history, "remind", "--body", DISTRICT_DONE, "--as-of", "2/1/2024", "-o", str(folder))
    )
    assert (
        result.stderr
        == "Không có cơ quan nào phải đôn đốc tính đến ngày 02/01/2024; không ghi tệp nào.\n"
    )
    assert not folder.exists()


def test_remind_into_a_folder_whose_parent_is_missing(history: Path, tmp_path: Path) -> None:
    folder = tmp_path / "khong-co" / "don-doc"
    line = refused(
        invoke(history, "remind", "--body", "vpub", "--as-of", "2/1/2024", "-o", str(folder)),
        Exit.OUTPUT,
    )
    assert line == f"Lỗi: chưa có thư mục {folder.parent}; hãy tạo thư mục trước"


def test_remind_markdown_folder_in_english_messages(history: Path, tmp_path: Path) -> None:
    folder = tmp_path / "thu"
    result = ok(
        invoke(
            history,
            "--lang",
            "en",
            "remind",
            "--body",
            "vpub",
            "--format",
            "md",
            "--as-of",
            "2/1/2024",
            "-o",
            str(folder),
        )
    )
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST, "vpub.md"]
    assert result.stderr.splitlines() == [
        f"{folder / 'vpub.md'}: Văn phòng UBND tỉnh, 6 tasks (2 overdue)",
        "Wrote 1 reminder letter as of 02/01/2024; 0 bodies owe nothing to remind of.",
    ]
    # The letter itself is Vietnamese: an administrative document.
    assert "**Kính gửi:** Văn phòng UBND tỉnh." in (folder / "vpub.md").read_text(encoding="utf-8")


# --- remind -o FOLDER/: exactly this run's letters, all or nothing ---------------------------


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def manifest_of(folder: Path) -> dict[str, str]:
    """The manifest parsed: name → sha256, checked against the files it lists."""
    rows = [line.split("  ") for line in (folder / MANIFEST).read_text("utf-8").splitlines()]
    return {name: digest for digest, name in rows}


G3_JANUARY = ["remind", "--group", "g3", "--as-of", "2/1/2024"]


def test_remind_with_force_removes_the_letters_no_longer_owed(
    history: Path, tmp_path: Path, cat: Catalog
) -> None:
    """Week 1's letters, then a district reports all it owed: the cron line's --force run
    leaves this run's letters only, and the clerk's own file in the folder."""
    folder = tmp_path / "don-doc"
    ok(invoke(history, *G3_JANUARY, "-o", f"{folder}/"))
    day = date(2024, 1, 2)
    owing = [b for b in cat.registry.members("g3") if open_tasks(cat, history, day, b.id)]
    (folder / "ghi-chu.docx").write_bytes(b"the clerk's notes")
    finished = "h-binhson"
    tasks = [f"{c}:{finished}" for c in open_tasks(cat, history, day, finished)]
    ok(invoke(history, "mark", "done", *tasks, "--on", "1/7/2023"))
    result = ok(invoke(history, *G3_JANUARY, "-o", f"{folder}/", "--force"))
    still = [b for b in owing if b.id != finished]
    after = listing(folder)
    assert list(after) == sorted([MANIFEST, "ghi-chu.docx", *(f"{b.id}.docx" for b in still)])
    assert after["ghi-chu.docx"] == b"the clerk's notes"
    assert manifest_of(folder) == {
        f"{b.id}.docx": hashlib.sha256(after[f"{b.id}.docx"]).hexdigest() for b in still
    }
    lines = result.stderr.splitlines()
    assert lines[len(still) :] == [
        f"đã xóa {folder / (finished + '.docx')}: công văn của lần ghi trước, nay không còn phải"
        " đôn đốc",
        f"Đã ghi {len(still)} công văn đôn đốc tính đến ngày 02/01/2024; 2 cơ quan không có"
        " nhiệm vụ phải đôn đốc.",
    ]


TWO = ["remind", "--body", "vpub", "--body", "snv", "--as-of", "2/1/2024"]
ONE = ["remind", "--body", "snv", "--as-of", "2/1/2024"]


def test_remind_without_force_refuses_to_leave_a_stale_letter(
    history: Path, tmp_path: Path, cat: Catalog
) -> None:
    folder = tmp_path / "don-doc"
    ok(invoke(history, *TWO, "-o", str(folder)))
    (folder / "snv.docx").unlink()  # sent and moved away: only vpub's is left
    day = date(2024, 1, 2)
    tasks = [f"{c}:vpub" for c in open_tasks(cat, history, day, "vpub")]
    ok(invoke(history, "mark", "done", *tasks, "--on", "1/7/2023"))  # vpub owes nothing now
    before = listing(folder)
    line = refused(invoke(history, *TWO, "-o", str(folder)), Exit.OUTPUT)
    assert line == (
        f"Lỗi: {folder / 'vpub.docx'} là công văn đôn đốc của lần ghi trước, nay không còn"
        " phải gửi; thêm --force để thay cả bộ công văn trong thư mục"
    )
    assert listing(folder) == before


def test_remind_for_some_bodies_leaves_the_others_letters_as_the_tools(
    history: Path, tmp_path: Path
) -> None:
    """A run for one body decides nothing about the others: their letters of the last run
    stay, and stay listed as the tool's (a later full run may still replace or remove them)."""
    folder = tmp_path / "don-doc"
    ok(invoke(history, *TWO, "-o", str(folder)))
    vpub = (folder / "vpub.docx").read_bytes()
    result = ok(invoke(history, *ONE, "-o", str(folder), "--force"))
    after = listing(folder)
    assert list(after) == [MANIFEST, "snv.docx", "vpub.docx"] and after["vpub.docx"] == vpub
    assert manifest_of(folder) == {
        name: hashlib.sha256(after[name]).hexdigest() for name in ("snv.docx", "vpub.docx")
    }
    assert "đã xóa" not in result.stderr
    # The same body in another format: its docx goes, said as replaced, not as "not owed".
    md = ok(invoke(history, *ONE, "--format", "md", "-o", str(folder), "--force"))
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST, "snv.md", "vpub.docx"]
    assert md.stderr.splitlines()[1] == (
        f"đã xóa {folder / 'snv.docx'}: công văn của lần ghi trước, nay ghi ở {folder / 'snv.md'}"
    )


def test_remind_with_force_never_writes_over_an_edited_letter_or_a_clerks_file(
    history: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "don-doc"
    ok(invoke(history, *TWO, "-o", str(folder), "--format", "md"))
    edited = (folder / "snv.md").read_text(encoding="utf-8") + "\nsửa tay: đã gọi điện nhắc\n"
    (folder / "snv.md").write_text(edited, encoding="utf-8")
    before = listing(folder)
    line = refused(invoke(history, *TWO, "-o", str(folder), "--format", "md", "--force"),
                   Exit.OUTPUT)  # fmt: skip
    assert line == (
        f"Lỗi: không ghi đè {folder / 'snv.md'}: tệp này đã được sửa sau khi công cụ ghi, hoặc"
        " không do công cụ ghi; hãy chuyển nó đi (hoặc đổi tên) rồi chạy lại"
    )
    assert listing(folder) == before  # nothing of the set written
    # A clerk's own file by a letter's name, in a folder the tool keeps: the same.
    (folder / "snv.md").unlink()
    (folder / "vpub.md").unlink()
    (folder / "vpub.md").write_text("thư riêng gửi Văn phòng", encoding="utf-8")
    assert refused(
        invoke(history, *TWO, "-o", str(folder), "--format", "md", "--force"), Exit.OUTPUT
    ).startswith(f"Lỗi: không ghi đè {folder / 'vpub.md'}:")
    assert (folder / "vpub.md").read_text(encoding="utf-8") == "thư riêng gửi Văn phòng"


def test_remind_never_removes_a_letter_a_clerk_changed_or_a_file_outside(
    history: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "don-doc"
    ok(invoke(history, *TWO, "-o", str(folder)))
    edited = (folder / "vpub.docx").read_bytes() + b"\0edited"
    (folder / "vpub.docx").write_bytes(edited)
    outside = tmp_path / "outside.txt"
    outside.write_text("not the tool's", encoding="utf-8")
    # A manifest edited by hand names a file outside the folder, with its true hash.
    with (folder / MANIFEST).open("a", encoding="utf-8") as f:
        f.write(f"{hashlib.sha256(outside.read_bytes()).hexdigest()}  ../outside.txt\n")
    result = ok(invoke(history, *ONE, "-o", str(folder), "--force"))
    assert list(listing(folder)) == [MANIFEST, "snv.docx", "vpub.docx"]
    assert (folder / "vpub.docx").read_bytes() == edited
    assert outside.read_text(encoding="utf-8") == "not the tool's"
    assert list(manifest_of(folder)) == ["snv.docx"]
    assert result.stderr.splitlines()[0] == (
        f"Cảnh báo: để lại {folder / 'vpub.docx'}: tệp đã được sửa sau khi ghi nên không xóa,"
        " và từ nay không còn được coi là công văn do công cụ ghi"
    )


def test_remind_nothing_owed_with_force_leaves_no_letter(
    history: Path, tmp_path: Path, cat: Catalog
) -> None:
    folder = tmp_path / "don-doc"
    ok(invoke(history, *ONE, "-o", str(folder)))
    (folder / "ghi-chu.txt").write_bytes(b"notes")
    # Another body's run (one that owes nothing) leaves snv's letter: not its to decide.
    other = ["remind", "--body", DISTRICT_DONE, "--as-of", "2/1/2024", "-o", str(folder)]
    ok(invoke(history, *other))
    assert sorted(listing(folder)) == [MANIFEST, "ghi-chu.txt", "snv.docx"]
    tasks = [f"{c}:snv" for c in open_tasks(cat, history, date(2024, 1, 2), "snv")]
    ok(invoke(history, "mark", "done", *tasks, "--on", "1/7/2023"))
    args = [*ONE, "-o", str(folder)]
    line = refused(invoke(history, *args), Exit.OUTPUT)
    assert line.startswith(f"Lỗi: {folder / 'snv.docx'} là công văn đôn đốc của lần ghi trước")
    result = ok(invoke(history, *args, "--force"))
    assert listing(folder) == {"ghi-chu.txt": b"notes"}
    assert result.stderr.splitlines() == [
        f"đã xóa {folder / 'snv.docx'}: công văn của lần ghi trước, nay không còn phải đôn đốc",
        "Không có cơ quan nào phải đôn đốc tính đến ngày 02/01/2024; không ghi tệp nào.",
    ]


def full_but(folder: Path, room: int) -> Path:
    """Fill the disk under `folder`, then free `room` bytes: some letters fit, not all."""
    filler = fill(folder)
    os.truncate(filler, filler.stat().st_size - room)
    return filler


def test_remind_on_a_full_disk_writes_no_letter(history: Path, tmp_path: Path) -> None:
    sizes = tmp_path / "sizes"
    ok(invoke(history, *G3_JANUARY, "-o", str(sizes)))
    letters = sorted(p.name for p in sizes.glob("*.docx"))
    biggest = max((sizes / n).stat().st_size for n in letters)
    with tmpfs(tmp_path / "usb", "2m") as disk:
        full_but(disk, biggest * 3 // 2)
        folder = disk / "don-doc"
        line = refused(invoke(history, *G3_JANUARY, "-o", str(folder)), Exit.OUTPUT)
        failed = [f"Lỗi: không ghi được {folder / n}: đĩa đã đầy" for n in letters]
        assert line in failed[1:]  # the first fits: a partial set was on its way
        assert not folder.exists()  # created for the letters, gone with them
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_remind_force_on_a_full_disk_keeps_the_last_set(history: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "usb", "2m") as disk:
        folder = disk / "don-doc"
        ok(invoke(history, *G3_JANUARY, "-o", str(folder)))
        (folder / "ghi-chu.txt").write_bytes(b"notes")
        before = listing(folder)
        biggest = max(len(b) for b in before.values())
        full_but(disk, biggest * 3 // 2)
        again = ["remind", "--group", "g3", "--as-of", "3/1/2024", "-o", str(folder), "--force"]
        line = refused(invoke(history, *again), Exit.OUTPUT)
        assert line.startswith(f"Lỗi: không ghi được {folder}/") and line.endswith(
            ".docx: đĩa đã đầy"
        )
        assert listing(folder) == before  # the same names, the same bytes, no temporaries


def test_remind_one_letter_to_stdout(history: Path, tmp_path: Path) -> None:
    """As `report -o /dev/stdout`: the file's bytes on standard output, the lines on stderr."""
    for fmt in ("md", "docx"):
        as_file = tmp_path / f"vpub.{fmt}"
        ok(invoke(history, "remind", "--body", "vpub", "--as-of", "2/1/2024", "-o", str(as_file)))
        args = ["remind", "--body", "vpub", "--as-of", "2/1/2024", "-f", fmt, "-o", "/dev/stdout"]
        result = ok(invoke(history, *args))
        assert result.stdout_bytes == as_file.read_bytes()
        assert result.stderr.splitlines() == [
            "/dev/stdout: Văn phòng UBND tỉnh, 6 nhiệm vụ (2 quá hạn)",
            "Đã ghi 1 công văn đôn đốc tính đến ngày 02/01/2024; 0 cơ quan không có nhiệm vụ phải"
            " đôn đốc.",
        ]
    line = refused(invoke(history, *G3_JANUARY, "-o", "/dev/stdout"), Exit.USAGE)
    assert line == (
        "Lỗi: /dev/stdout là một tệp, nhưng có 12 cơ quan phải đôn đốc; hãy ghi vào một thư mục"
        " (-o THƯ_MỤC/) hoặc chọn một cơ quan (--body)"
    )


def test_word_files_carry_the_moment_made_in_utc(history: Path, tmp_path: Path) -> None:
    """NOW is 07:00 in the office (+07:00): 00:00 UTC in docProps/core.xml."""
    report, letter = tmp_path / "bao-cao.docx", tmp_path / "vpub.docx"
    ok(invoke(history, "report", "--week", "2023-W26", "-o", str(report)))
    ok(invoke(history, "remind", "--body", "vpub", "--as-of", "2/1/2024", "-o", str(letter)))
    stamp = datetime.fromisoformat(NOW).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert stamp == "2023-07-03T00:00:00Z"
    for path in (report, letter):
        with zipfile.ZipFile(path) as z:
            root = ET.fromstring(z.read("docProps/core.xml"))
        dates = {e.tag.split("}")[1]: e.text for e in root if "purl.org/dc/terms" in e.tag}
        assert dates == {"created": stamp, "modified": stamp}
