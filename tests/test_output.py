"""output.py: the format from --format and --output, stdout or a whole file, and the one question."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from directive_cli import i18n
from directive_cli.errors import InvalidInput, OutputError
from directive_cli.output import (
    FILE_FORMATS,
    FORMATS,
    REPORT_FORMATS,
    YES_WORDS,
    Format,
    agreed,
    check_format,
    check_output,
    emit,
    interactive,
    is_yes,
    report_format,
    write_file,
    write_rows,
    write_stdout,
)


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_lang("en")
    yield
    i18n.set_lang("vi")


class Tty(io.StringIO):
    """A standard stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


ROWS: list[dict[str, str | None]] = [
    {"task": "4:snv", "status": "done", "note": "đã trình"},
    {"task": "3.1:vpub", "status": "todo", "note": None},
]
KEYS = ["task", "status", "note"]
HEADERS = ["Nhiệm vụ", "Trạng thái", "Ghi chú"]


def test_the_format_names_are_the_enum_in_order() -> None:
    assert FORMATS == ("table", "json", "jsonl", "csv", "md", "xlsx")
    assert [f.value for f in Format] == list(FORMATS)
    # Every listing format but the screen's can go to a file; reports add docx and html,
    # never jsonl.
    assert set(FILE_FORMATS) == set(FORMATS) - {"table"}
    assert REPORT_FORMATS == ("md", "csv", "json", "xlsx", "docx", "html")


@pytest.mark.parametrize(
    ("typed", "fmt"),
    [
        ("table", "table"),
        ("json", "json"),
        ("JSONL", "jsonl"),
        (" csv ", "csv"),
        ("Md", "md"),
        ("XLSX", "xlsx"),
    ],
)
def test_check_format_accepts_each_format_in_any_case_and_spacing(typed: str, fmt: str) -> None:
    assert check_format(typed) == fmt


def test_check_format_refuses_with_the_names_it_takes() -> None:
    with pytest.raises(InvalidInput) as exc:
        check_format("xls")
    assert str(exc.value) == (
        "--format: 'xls' không phải định dạng hợp lệ; dùng: table, json, jsonl, csv, md, xlsx"
    )


def test_check_format_refuses_in_english(english: None) -> None:
    with pytest.raises(InvalidInput) as exc:
        check_format("")
    assert str(exc.value) == (
        "--format: '' is not a format; use one of: table, json, jsonl, csv, md, xlsx"
    )


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "xlsx"])
def test_without_output_the_format_stays_as_typed(fmt: str) -> None:
    assert check_output(fmt, None, force=False) == fmt


def test_a_workbook_is_only_written_to_a_file() -> None:
    with pytest.raises(InvalidInput) as exc:
        check_output("xlsx", None, force=False)
    assert str(exc.value) == "--format xlsx ghi ra tệp: thêm --output TỆP.xlsx"


@pytest.mark.parametrize("suffix", FILE_FORMATS)
def test_a_table_to_a_file_takes_the_files_extension(tmp_path: Path, suffix: str) -> None:
    assert check_output("table", tmp_path / f"list.{suffix}", force=False) == suffix
    assert check_output("table", tmp_path / f"LIST.{suffix.upper()}", force=False) == suffix


@pytest.mark.parametrize("name", ["list.txt", "list", "list.xls", "list.csv.bak"])
def test_a_table_to_a_file_without_a_known_extension_is_refused(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    with pytest.raises(InvalidInput) as exc:
        check_output("table", out, force=False)
    assert str(exc.value) == (
        f"--output: bảng chỉ để xem trên màn hình; để ghi {out}, dùng --format xlsx, csv, json,"
        " jsonl hoặc md (hoặc đặt tên tệp đuôi .xlsx, .csv, .json, .jsonl, .md)"
    )


def test_a_table_to_a_file_refusal_in_english(tmp_path: Path, english: None) -> None:
    out = tmp_path / "list.txt"
    with pytest.raises(InvalidInput) as exc:
        check_output("table", out, force=False)
    assert str(exc.value) == (
        f"--output: a table is for the screen; to write {out}, use --format xlsx, csv, json,"
        " jsonl or md (or a file name ending .xlsx, .csv, .json, .jsonl, .md)"
    )


@pytest.mark.parametrize("fmt", FILE_FORMATS)
@pytest.mark.parametrize("suffix", FILE_FORMATS)
def test_a_format_and_an_extension_must_agree(tmp_path: Path, fmt: str, suffix: str) -> None:
    out = tmp_path / f"list.{suffix}"
    if fmt == suffix:
        assert check_output(fmt, out, force=False) == fmt
        return
    with pytest.raises(InvalidInput) as exc:
        check_output(fmt, out, force=False)
    assert str(exc.value) == (
        f"--format: định dạng {fmt} không khớp đuôi tệp {out}; đổi --format hoặc tên tệp"
    )
    assert not out.exists()


def test_a_disagreeing_extension_in_english(tmp_path: Path, english: None) -> None:
    out = tmp_path / "list.csv"
    with pytest.raises(InvalidInput) as exc:
        check_output("json", out, force=False)
    assert str(exc.value) == (
        f"--format: format json does not match the file name {out}; change --format or the name"
    )


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_an_extension_that_names_no_format_leaves_the_format_typed(
    tmp_path: Path, fmt: str
) -> None:
    assert check_output(fmt, tmp_path / "list.txt", force=False) == fmt
    assert check_output(fmt, tmp_path / "list", force=False) == fmt


def test_check_output_refuses_what_cannot_be_written_before_any_work(tmp_path: Path) -> None:
    existing = tmp_path / "old.csv"
    existing.write_text("kept")
    with pytest.raises(OutputError) as exc:
        check_output("csv", existing, force=False)
    assert str(exc.value) == f"{existing} đã có; thêm --force để ghi đè"
    assert check_output("csv", existing, force=True) == "csv"
    assert existing.read_text() == "kept"  # checked, not written
    missing = tmp_path / "no" / "list.csv"
    with pytest.raises(OutputError) as exc:
        check_output("table", missing, force=True)
    assert str(exc.value) == f"chưa có thư mục {missing.parent}; hãy tạo thư mục trước"


def test_report_format_defaults_to_markdown() -> None:
    assert report_format(None, None) == "md"


@pytest.mark.parametrize("suffix", REPORT_FORMATS)
def test_report_format_from_the_extension(tmp_path: Path, suffix: str) -> None:
    assert report_format(None, tmp_path / f"week.{suffix}") == suffix
    assert report_format(None, tmp_path / f"WEEK.{suffix.upper()}") == suffix


@pytest.mark.parametrize("name", ["week.pdf", "week.jsonl", "week.doc", "week"])
def test_report_format_refuses_an_extension_it_cannot_write(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    with pytest.raises(InvalidInput) as exc:
        report_format(None, out)
    assert str(exc.value) == (
        f"--output: không biết ghi {out} theo định dạng nào;"
        " dùng đuôi .md, .csv, .json, .xlsx, .docx, .html hoặc thêm --format"
    )


def test_report_format_to_a_folder_is_left_to_the_target_check(tmp_path: Path) -> None:
    # The folder is refused with its own message (err.out_is_folder) when the file is checked.
    assert report_format(None, tmp_path) == ""
    assert report_format("csv", tmp_path) == "csv"


@pytest.mark.parametrize(
    ("typed", "fmt"), [("md", "md"), (" HTML ", "html"), ("Csv", "csv"), ("JSON", "json")]
)
def test_report_format_as_typed(typed: str, fmt: str) -> None:
    assert report_format(typed, None) == fmt


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_workbook_or_a_word_file_goes_to_a_file_only(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        report_format(fmt.upper(), None)
    assert str(exc.value) == f"--format {fmt} ghi ra tệp: thêm --output TỆP.{fmt}"
    assert report_format(fmt, tmp_path / f"week.{fmt}") == fmt
    assert report_format(None, tmp_path / f"week.{fmt}") == fmt


def test_a_binary_report_without_a_file_in_english(english: None) -> None:
    with pytest.raises(InvalidInput) as exc:
        report_format("docx", None)
    assert str(exc.value) == "--format docx writes a file: add --output FILE.docx"


@pytest.mark.parametrize("typed", ["jsonl", "table", "pdf", ""])
def test_report_format_refuses_what_a_report_is_not(typed: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        report_format(typed, None)
    assert str(exc.value) == (
        f"--format: '{typed}' không phải định dạng hợp lệ; dùng: md, csv, json, xlsx, docx, html"
    )


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
@pytest.mark.parametrize("suffix", REPORT_FORMATS)
def test_report_format_and_extension_must_agree(tmp_path: Path, fmt: str, suffix: str) -> None:
    out = tmp_path / f"week.{suffix}"
    if fmt == suffix:
        assert report_format(fmt, out) == fmt
        return
    with pytest.raises(InvalidInput) as exc:
        report_format(fmt, out)
    assert str(exc.value) == (
        f"--format: định dạng {fmt} không khớp đuôi tệp {out}; đổi --format hoặc tên tệp"
    )


def test_report_format_with_an_extension_that_names_nothing(tmp_path: Path) -> None:
    assert report_format("xlsx", tmp_path / "week.bin") == "xlsx"


def test_report_format_refusal_in_english(tmp_path: Path, english: None) -> None:
    out = tmp_path / "week.pdf"
    with pytest.raises(InvalidInput) as exc:
        report_format(None, out)
    assert str(exc.value) == (
        f"--output: cannot tell which format to write {out} in;"
        " use a .md, .csv, .json, .xlsx, .docx or .html name, or add --format"
    )


def test_write_rows_in_every_machine_format() -> None:
    out = {fmt: io.StringIO() for fmt in FILE_FORMATS}
    for fmt, buffer in out.items():
        write_rows(fmt, ROWS, KEYS, HEADERS, buffer)
    assert json.loads(out["json"].getvalue()) == ROWS
    assert [json.loads(line) for line in out["jsonl"].getvalue().splitlines()] == ROWS
    assert out["csv"].getvalue() == (
        "task,status,note\r\n4:snv,done,đã trình\r\n3.1:vpub,todo,\r\n"
    )
    assert out["md"].getvalue() == (
        "| Nhiệm vụ | Trạng thái | Ghi chú |\n"
        "|---|---|---|\n"
        "| 4:snv | done | đã trình |\n"
        "| 3.1:vpub | todo |  |\n"
    )


def test_emit_a_table_leaves_it_to_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    shown: list[str] = []
    emit("table", ROWS, KEYS, HEADERS, lambda: shown.append("table"))
    assert shown == ["table"]
    assert capsys.readouterr() == ("", "")


def test_emit_json_to_stdout_carries_every_row(capsys: pytest.CaptureFixture[str]) -> None:
    emit("json", ROWS, KEYS, HEADERS, lambda: pytest.fail("no table for json"))
    out, err = capsys.readouterr()
    assert json.loads(out) == ROWS and err == ""


def test_emit_markdown_uses_the_rows_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    def md() -> tuple[list[dict[str, str]], list[str], list[str]]:
        return [{"a": "Hoàn thành"}], ["a"], ["Trạng thái"]

    emit("md", ROWS, KEYS, HEADERS, lambda: None, md=md)
    assert capsys.readouterr().out == "| Trạng thái |\n|---|\n| Hoàn thành |\n"
    # Only Markdown is for people: JSON keeps the machine rows even when `md` is given.
    emit("jsonl", ROWS, KEYS, HEADERS, lambda: None, md=md)
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == ROWS


def test_emit_csv_to_a_file_has_a_bom_and_says_nothing_to_a_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "list.csv"
    emit("csv", ROWS, KEYS, HEADERS, lambda: None, output=out)
    assert out.read_bytes() == (
        "\ufefftask,status,note\r\n4:snv,done,đã trình\r\n3.1:vpub,todo,\r\n".encode()
    )
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("fmt", ["json", "jsonl", "md"])
def test_emit_other_formats_to_a_file_have_no_bom(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"list.{fmt}"
    emit(fmt, ROWS, KEYS, HEADERS, lambda: None, output=out)
    expected = io.StringIO()
    write_rows(fmt, ROWS, KEYS, HEADERS, expected)
    assert out.read_bytes() == expected.getvalue().encode("utf-8")


def test_emit_to_a_file_tells_a_person_at_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = Tty()
    monkeypatch.setattr(sys, "stdout", screen)
    out = tmp_path / "list.json"
    emit("json", ROWS, KEYS, HEADERS, lambda: None, output=out)
    assert screen.getvalue() == f"Đã ghi 2 dòng vào {out}.\n"


def test_emit_to_a_file_tells_in_english_with_the_plural(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    screen = Tty()
    monkeypatch.setattr(sys, "stdout", screen)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    emit("jsonl", ROWS[:1], KEYS, HEADERS, lambda: None, output=one)
    emit("jsonl", ROWS, KEYS, HEADERS, lambda: None, output=two)
    assert screen.getvalue() == f"Wrote 1 row to {one}.\nWrote 2 rows to {two}.\n"


def test_emit_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "list.json"
    out.write_text("yesterday")
    with pytest.raises(OutputError) as exc:
        emit("json", ROWS, KEYS, HEADERS, lambda: None, output=out)
    assert str(exc.value) == f"{out} đã có; thêm --force để ghi đè"
    assert out.read_text() == "yesterday"
    emit("json", ROWS, KEYS, HEADERS, lambda: None, output=out, force=True)
    assert json.loads(out.read_text()) == ROWS


def test_write_file_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "week.md"
    write_file(out, b"# B\xc3\xa1o c\xc3\xa1o\n", force=False)
    assert out.read_bytes() == "# Báo cáo\n".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week.md"]


def test_write_stdout_writes_the_files_bytes(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    content = "\ufeffa,b\r\nĐã,xong\r\n".encode("utf-8")
    write_stdout(content)
    assert capsysbinary.readouterr().out == content


def test_write_stdout_on_a_text_only_stream_drops_the_bom(monkeypatch: pytest.MonkeyPatch) -> None:
    text = io.StringIO()  # no .buffer, as an IDE's console or a wrapped stream
    monkeypatch.setattr(sys, "stdout", text)
    write_stdout("\ufeffa,b\r\nĐã,xong\r\n".encode())
    assert text.getvalue() == "a,b\r\nĐã,xong\r\n"


def test_write_stdout_keeps_what_was_printed_before_in_order(
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    sys.stdout.write("trước\n")  # buffered text must come out before the bytes
    write_stdout(b"sau\n")
    assert capfdbinary.readouterr().out == "trước\nsau\n".encode()


class _Stdin:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("stdin", "expected"), [(_Stdin(True), True), (_Stdin(False), False)])
def test_interactive_when_stdin_is_a_terminal(
    monkeypatch: pytest.MonkeyPatch, stdin: _Stdin, expected: bool
) -> None:
    monkeypatch.setattr(sys, "stdin", stdin)
    assert interactive() is expected


def test_not_interactive_without_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    # pythonw.exe and some services start with no standard streams at all.
    monkeypatch.setattr(sys, "stdin", None)
    assert interactive() is False


def test_yes_words_are_folded_forms() -> None:
    assert {"y", "yes", "c", "co", "dong y", "ok"} == YES_WORDS


@pytest.mark.parametrize(
    "answer",
    [
        "y",
        "Y",
        "yes",
        "YES",
        "Yes\n",
        "c",
        "C",
        "co",
        "có",
        "Có",
        "CÓ",
        "Co\u0301",  # typed in NFD
        "dong y",
        "đồng ý",
        "Đồng Ý",
        "  đồng   ý \r\n",
        "ok",
        "OK",
        "Ok.",
        "yes!",
    ],
)
def test_is_yes_for_every_yes_word(answer: str) -> None:
    assert is_yes(answer) is True


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "\n",
        "n",
        "no",
        "k",
        "K",
        "không",
        "khong",
        "yess",
        "yes please",
        "c o",
        "dongy",
        "okay",
        "đồng ý không",
        "1",
    ],
)
def test_anything_else_is_no(answer: str) -> None:
    assert is_yes(answer) is False


@pytest.mark.parametrize(
    ("typed", "expected"), [("có\n", True), ("\n", False), ("khong\n", False), ("y\n", True)]
)
def test_agreed_asks_once_and_reads_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    typed: str,
    expected: bool,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed + "y\n"))  # the second line is not read
    assert agreed("Tiếp tục?") is expected
    assert capsys.readouterr().out == "Tiếp tục? [c/K]: "
    assert sys.stdin.read() == "y\n"


def test_agreed_at_the_end_of_input_is_no(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # Ctrl-D, or a closed pipe
    assert agreed("Tiếp tục?") is False
    assert capsys.readouterr().out == "Tiếp tục? [c/K]: "


def test_agreed_in_english(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("no\n"))
    assert agreed("Continue?") is False
    assert capsys.readouterr().out == "Continue? [y/N]: "


def test_a_written_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        out = tmp_path / "list.md"
        emit("md", ROWS, KEYS, HEADERS, lambda: None, output=out)
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o644
