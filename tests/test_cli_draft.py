"""`directive draft`: the wiring of the core to files, its summary, refusals and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from directive_cli.app import Exit
from directive_cli.draft.core import draft_letter
from directive_cli.draft.writer import directive_yaml
from directive_cli.load import bundled_data, load_catalog, load_registry

SEED = Path(__file__).parent / "letters" / "2167-2023-quangngai.txt"


def test_draft_writes_a_folder_that_validates(cli, tmp_path):
    out = tmp_path / "nhap"
    result = cli("draft", str(SEED), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Đã ghi bản nháp: {out}/directive_2167-2023.yaml, {out}/bodies.yaml\n"
    assert (
        result.stderr
        == "16 điểm, 211 nhiệm vụ; 0 cơ quan đề xuất mới; 0 thời hạn cần kiểm tra; 0 dòng # KIỂM TRA\n"
    )
    registry = load_registry(bundled_data() / "bodies.yaml")
    expected = directive_yaml(
        draft_letter(SEED.read_text(encoding="utf-8"), registry, filename=SEED.name)
    )
    assert (out / "directive_2167-2023.yaml").read_text(encoding="utf-8") == expected
    assert (out / "bodies.yaml").read_text(encoding="utf-8") == (
        bundled_data() / "bodies.yaml"
    ).read_text(encoding="utf-8")
    assert (
        cli("validate", str(out)).stdout
        == "Tất cả tệp hợp lệ: 1 văn bản, 16 điểm, 211 nhiệm vụ. Thêm 199 nhiệm vụ chuyển cho cơ quan"
        " kế thừa.\n"
    )


def test_summary_in_english_counts_proposals_and_checks(cli, tmp_path):
    letter = tmp_path / "letter.md"
    letter.write_text(
        SEED.read_text(encoding="utf-8")
        .replace("7. Công an tỉnh,", "7. Liên đoàn Lao động tỉnh, Công an tỉnh,")
        .replace("hoàn thành **trong tháng 5/2023**", "hoàn thành trước ngày 15/4"),
        encoding="utf-8",
    )
    result = cli(
        "draft", str(letter), "-o", str(tmp_path / "out"), "--id", "nhap-1", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stderr
        == "16 clauses, 212 tasks; new bodies proposed: 1; deadlines to check: 1; # KIỂM TRA lines: 1\n"
    )
    [directive] = load_catalog(tmp_path / "out").directives
    assert directive.id == "nhap-1"
    # "trước ngày 15/4" in a letter of 16/5/2023: the year is the letter's, then the next one.
    assert directive.clause("3.1").deadline.due.isoformat() == "2024-04-15"  # type: ignore[union-attr]
    text = (tmp_path / "out" / "directive_nhap-1.yaml").read_text(encoding="utf-8")
    assert (
        "    # KIỂM TRA: thời hạn: năm không ghi; ngày đã qua so với ngày văn bản nên lấy năm sau\n"
        in text
    )


def test_the_date_option_sets_the_letters_date_and_a_bad_one_writes_nothing(cli, tmp_path):
    out = tmp_path / "nhap"
    result = cli("draft", str(SEED), "-o", str(out), "--date", "ngày 17/5/2023")
    assert result.exit_code == 0, result.output
    [directive] = load_catalog(out).directives
    assert directive.issued_on.isoformat() == "2023-05-17"
    text = (out / "directive_2167-2023.yaml").read_text(encoding="utf-8")
    assert "# KIỂM TRA: văn bản ghi ngày 2023-05-16, đã dùng ngày nhập: 2023-05-17\n" in text
    bad = cli("draft", str(SEED), "-o", str(tmp_path / "khac"), "--date", "31/4/2026")
    assert (bad.exit_code, bad.stdout) == (Exit.USAGE, "")
    assert bad.stderr.startswith("Lỗi: --date: '31/4/2026' không phải ngày có thật")
    assert len(bad.stderr.splitlines()) == 1
    assert not (tmp_path / "khac").exists()


def test_a_folder_with_files_is_refused_without_force(cli, tmp_path):
    out = tmp_path / "nhap"
    out.mkdir()
    (out / "ghi-chu.txt").write_text("của văn thư", encoding="utf-8")
    result = cli("draft", str(SEED), "-o", str(out))
    assert (result.exit_code, result.stdout) == (Exit.OUTPUT, "")
    assert (
        result.stderr
        == f"Lỗi: {out} đã có tệp; hãy chọn thư mục khác, hoặc thêm --force (chỉ ghi đè tệp của bản nháp)\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["ghi-chu.txt"]
    result = cli("draft", str(SEED), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "bodies.yaml",
        "directive_2167-2023.yaml",
        "ghi-chu.txt",
    ]
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "của văn thư"


def test_a_file_in_place_of_the_folder_is_refused(cli, tmp_path):
    out = tmp_path / "nhap"
    out.write_text("x", encoding="utf-8")
    result = cli("draft", str(SEED), "-o", str(out), "--force")
    assert (result.exit_code, result.stderr) == (
        Exit.OUTPUT,
        f"Lỗi: {out} là một tệp, không phải thư mục\n",
    )


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("khong-co.txt", None, Exit.NOT_FOUND, "{p}: no such letter file"),
        (
            "cu.txt",
            b"S\xf4 N\xf4i v\xf9",
            Exit.USAGE,
            "{p}: not UTF-8 text; save it again as UTF-8 (or .docx)",
        ),
        (
            "bang.xlsx",
            b"PK",
            Exit.USAGE,
            "{p}: cannot read '.xlsx' files; use .txt, .md, .docx or .pdf",
        ),
        ("hong.pdf", b"%PDF-1.4 hong", Exit.USAGE, None),
    ],
)
def test_a_letter_that_cannot_be_read_is_one_line_and_nothing_is_written(
    cli, tmp_path, name, content, code, message
):
    letter = tmp_path / name
    if content is not None:
        letter.write_bytes(content)
    out = tmp_path / "nhap"
    result = cli("draft", str(letter), "-o", str(out), "--lang", "en")
    assert (result.exit_code, result.stdout) == (code, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    if message:
        assert lines[0] == "Error: " + message.format(p=letter)
    assert not out.exists()


def test_registry_from_option_folder_file_or_environment(cli, tmp_path, monkeypatch):
    data = tmp_path / "du-lieu"
    data.mkdir()
    registry = (bundled_data() / "bodies.yaml").read_text(encoding="utf-8")
    # A registry where Sở Nội vụ has another id: the draft must use it.
    (data / "bodies.yaml").write_text(
        registry.replace("id: snv\n", "id: so-noi-vu\n"), encoding="utf-8"
    )
    for n, how in enumerate(
        (["--registry", str(data)], ["--registry", str(data / "bodies.yaml")], [])
    ):
        if not how:
            monkeypatch.setenv("DIRECTIVE_DATA", str(data))
        out = tmp_path / f"out{n}"
        result = cli("draft", str(SEED), "-o", str(out), *how)
        assert result.exit_code == 0, result.output
        drafted = load_catalog(out).directives[0]
        own = [t for t in drafted.tasks if drafted.inheritance(t.clause, t.body) is None]
        assert [t.body for t in own if t.clause == "4"] == ["so-noi-vu"]
    result = cli("draft", str(SEED), "-o", str(tmp_path / "x"), "--registry", str(tmp_path))
    assert (result.exit_code, result.stderr) == (
        Exit.NOT_FOUND,
        f"Lỗi: {tmp_path}: không có bodies.yaml ở đây\n",
    )


def test_a_draft_that_does_not_validate_lists_every_problem(cli, tmp_path):
    """With --force into a data folder that already has a directive of the same id."""
    out = tmp_path / "du-lieu"
    shutil.copytree(bundled_data(), out)
    result = cli("draft", str(SEED), "-o", str(out), "--force")
    assert result.exit_code == Exit.DATA
    lines = result.stderr.splitlines()
    assert (
        lines[0]
        == f"Bản nháp chưa hợp lệ (1 lỗi); sửa các dòng sau rồi chạy: directive validate {out}"
    )
    assert len(lines) == 2 and "2167-2023" in lines[1] and lines[1].startswith("  ")
    assert (out / "directive_2167-2023.yaml").is_file()  # written: the clerk fixes it there


def test_a_long_letter_at_a_terminal_gets_a_progress_bar(monkeypatch, tmp_path):
    from directive_cli.render import drafting

    calls: list[bool] = []

    def fake_read(path, on_page=None):  # type: ignore[no-untyped-def]
        calls.append(on_page is not None)
        if on_page:
            for i in range(1, 26):
                on_page(i, 25)
        return "text"

    monkeypatch.setattr(drafting, "read_letter", fake_read)
    monkeypatch.setattr(drafting, "pages_of", lambda path: 25)
    monkeypatch.setattr(drafting, "_terminal", lambda file: False)
    assert drafting.letter_text(tmp_path / "a.pdf") == "text"
    monkeypatch.setattr(drafting, "_terminal", lambda file: True)
    assert drafting.letter_text(tmp_path / "a.pdf") == "text"
    monkeypatch.setattr(drafting, "pages_of", lambda path: 3)
    assert drafting.letter_text(tmp_path / "a.pdf") == "text"
    assert calls == [False, True, False]  # a bar only at a terminal, only for a long letter


def test_the_draft_core_imports_no_cli_library():
    """Text in, Draft out: the core and its edges never import typer, rich or sqlite3."""
    import ast

    folder = Path(__file__).resolve().parent.parent / "directive_cli" / "draft"
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = {
            a.name.split(".")[0]
            for n in ast.walk(tree)
            if isinstance(n, ast.Import)
            for a in n.names
        }
        used |= {
            (n.module or "").split(".")[0]
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and not n.level
        }
        assert not used & {"typer", "rich", "sqlite3", "click"}, (path.name, used)
