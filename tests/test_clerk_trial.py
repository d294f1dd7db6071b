"""Issue 13: what clerks typed in the trial on main 0ab7584, and what they get now.

Each test walks one item as the clerk did, and compares whole outputs (stderr lines, parsed
JSON) rather than fragments.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import Cli

from directive_cli.app import Exit

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


# --- item 3: --lang before -h, or alone -----------------------------------------------------


@pytest.mark.parametrize(
    "args", [["--lang", "en", "-h"], ["-h", "--lang", "en"], ["--lang=en", "-h"]]
)
def test_lang_before_help_gives_the_english_help(
    cli: Cli, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("DIRECTIVE_LANG", "en")
    english = cli("-h")
    assert result.stdout == english.stdout
    assert english.stdout.splitlines()[3].strip().startswith("Track the carrying out of directives")


def test_lang_alone_gives_the_english_help(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    result = cli("--lang", "en")
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("DIRECTIVE_LANG", "en")
    assert result.stdout == cli().stdout  # `directive` alone: the help, in English
    assert "Track the carrying out of directives" in result.stdout.splitlines()[3]


# --- item 4: the hint after invalid --data names that data ---------------------------------


def test_the_hint_after_invalid_data_names_the_data(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "dữ liệu sai"
    folder.mkdir()
    shutil.copy(DATA / "bodies.yaml", folder)
    text = (DATA / "directive_2167.yaml").read_text(encoding="utf-8")
    text = text.replace("due: 2023-12-31", "due: 2023-02-31", 1)
    text = text.replace("kind: fixed", "kind: someday", 1)
    (folder / "directive_2167.yaml").write_text(text, encoding="utf-8")
    result = cli("list", "--data", str(folder))
    assert result.exit_code == Exit.DATA
    first = cli("validate", str(folder)).stderr.splitlines()[1].strip()
    assert result.stderr == (
        f'Lỗi: {first} (+1 lỗi khác; xem tất cả: directive validate "{folder}")\n'
    )


# --- item 5: report windows nobody can mean ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--week", "2030-W01", "--as-of", "1/12/2026"],
            None,
        ),
        (
            ["--week", "2030-W01"],
            "Lỗi: kỳ báo cáo bắt đầu ngày 31/12/2029, sau hôm nay (01/12/2026): chưa có gì để báo cáo\n",
        ),
        (
            ["--from", "1/1/2027", "--to", "5/1/2027"],
            "Lỗi: kỳ báo cáo bắt đầu ngày 01/01/2027, sau hôm nay (01/12/2026): chưa có gì để báo cáo\n",
        ),
        (
            ["--week", "2023-W01"],
            "Lỗi: kỳ báo cáo kết thúc ngày 08/01/2023, trước khi 2167/UBND-KTTH ban hành (16/05/2023): mọi số liệu sẽ bằng 0\n",
        ),
        (
            ["--week", "9999-W52"],
            "Lỗi: --week: tuần '9999-W52' kết thúc sau ngày 31/12/9999, ngày cuối cùng có thể ghi\n",
        ),
    ],
)
def test_reports_of_impossible_windows_are_refused(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str | None
) -> None:
    from datetime import date

    monkeypatch.setattr("directive_cli.options.today", lambda: date(2026, 12, 1))
    result = cli("report", *args)
    assert result.exit_code == Exit.USAGE
    assert result.stdout == ""
    if message is None:  # an --as-of typed beside --week
        message = (
            "Lỗi: --as-of chỉ dùng để chọn tuần mặc định; đã nêu --week hoặc --from/--to thì số"
            " liệu là tình trạng cuối kỳ: bỏ --as-of\n"
        )
    assert result.stderr == message


def test_as_of_from_the_environment_is_today_for_the_week(
    empty_db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DIRECTIVE_AS_OF (a scheduler's setting) stands for today: a week after it is future."""
    monkeypatch.setenv("DIRECTIVE_AS_OF", "1/7/2023")
    ok = cli("report", "--week", "2023-W26", "--format", "json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["window"]["week"] == "2023-W26"
    later = cli("report", "--week", "2023-W27")
    assert later.exit_code == Exit.USAGE
    assert later.stderr == (
        "Lỗi: kỳ báo cáo bắt đầu ngày 03/07/2023, sau hôm nay (01/07/2023): chưa có gì để báo cáo\n"
    )


# --- item 6: two directives with the same clause ids ---------------------------------------


def test_a_task_only_one_directive_has_is_no_ambiguity(cli: Cli, two: Path) -> None:
    result = cli("mark", "done", "1a:snv", "--on", "20/6/2023", "--data", str(two))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Đã ghi 1 cập nhật (lô 1).\n  2167-2023#1a:snv: Chưa thực hiện → Hoàn thành (20/06/2023)\n"
    )


def test_a_task_both_directives_have_is_ambiguous(cli: Cli, two: Path) -> None:
    result = cli("mark", "done", "1a:h-binhson", "--on", "30/6/2023", "--data", str(two))
    assert result.exit_code == Exit.AMBIGUOUS
    assert result.stderr == "Lỗi: điểm '1a' có trong nhiều văn bản: 123-2023#1a, 2167-2023#1a\n"


@pytest.mark.parametrize("prefix", ["123-2023", "123", "123/UBND-VX", "123/ubnd-vx"])
def test_the_directive_prefix_takes_what_list_d_takes(cli: Cli, two: Path, prefix: str) -> None:
    result = cli("mark", "done", f"{prefix}#2:snv", "--on", "30/6/2023", "--data", str(two))
    assert result.exit_code == 0, result.output
    # Clause 2 recurs monthly (issue 15): the mark is for its oldest open period, and says so.
    assert result.stdout.splitlines()[1:] == [
        "Không nêu --period: ghi cho kỳ cũ nhất chưa hoàn thành của 123-2023#2:snv: tháng 6/2023.",
        "  123-2023#2:snv (tháng 6/2023): Chưa thực hiện → Hoàn thành (30/06/2023)",
    ]


def test_mark_takes_a_directive_option(cli: Cli, two: Path) -> None:
    result = cli(
        "mark", "done", "1a:h-binhson", "-d", "123", "--on", "30/6/2023", "--data", str(two)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "  123-2023#1a:h-binhson: Chưa thực hiện → Hoàn thành (30/06/2023)"
    )
    by_filter = cli(
        "mark",
        "done",
        "-c",
        "1a",
        "-g",
        "g3",
        "-d",
        "2167",
        "--on",
        "30/6/2023",
        "--yes",
        "--data",
        str(two),
    )
    assert by_filter.exit_code == 0, by_filter.output
    marked = [line.split(":")[0].strip() for line in by_filter.stdout.splitlines()[1:]]
    assert marked and all(ref.startswith("2167-2023#1a") for ref in marked)
    history = json.loads(cli("history", "-f", "json", "--data", str(two)).stdout)
    assert sorted({(e["directive"], e["task"].split(":")[0]) for e in history}) == [
        ("123-2023", "1a"),
        ("2167-2023", "1a"),
    ]


# --- item 7: --db naming a folder ------------------------------------------------------------


# (3.1:vpub: a task whose body still exists today; Sở Nội vụ's 4:snv ended on 28/02/2025.)
@pytest.mark.parametrize(
    "command", [["list"], ["summary"], ["mark", "done", "3.1:vpub"], ["history"]]
)
def test_a_folder_as_the_database_is_refused(cli: Cli, tmp_path: Path, command: list[str]) -> None:
    tmp_path = tmp_path / "so-lieu"
    tmp_path.mkdir()
    result = cli(*command, "--db", str(tmp_path))
    assert result.exit_code == Exit.STORE
    assert result.stdout == ""
    assert result.stderr == (
        f"Lỗi: {tmp_path} là một thư mục, không phải tệp cơ sở dữ liệu; hãy nêu tên tệp,"
        f" ví dụ {tmp_path / 'progress.db'}\n"
    )
    assert list(tmp_path.iterdir()) == []  # nothing was created in it


def test_another_file_as_the_database_is_said_in_vietnamese(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "ghi-chu.db"
    other.write_text("không phải cơ sở dữ liệu\n" * 200, encoding="utf-8")
    result = cli("list", "--db", str(other))
    assert result.exit_code == Exit.STORE
    assert result.stderr == (
        f"Lỗi: {other} không phải cơ sở dữ liệu của directive-cli hoặc đã hỏng"
        " (tệp này không phải cơ sở dữ liệu SQLite)\n"
    )


# --- item 10: a table is for screens --------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["-f", "table", "-o", "x.txt"], ["-o", "x.txt"], ["-f", "table", "-o", "x.xlsx2"]]
)
def test_a_table_to_a_file_says_tables_are_for_screens(
    cli: Cli, tmp_path: Path, args: list[str]
) -> None:
    args = [str(tmp_path / a) if "." in a else a for a in args]
    result = cli("list", "-b", "snv", *args)
    assert result.exit_code == Exit.USAGE
    assert result.stderr == (
        f"Lỗi: --output: bảng chỉ để xem trên màn hình; để ghi {args[-1]}, dùng --format xlsx,"
        " csv, json, jsonl hoặc md (hoặc đặt tên tệp đuôi .xlsx, .csv, .json, .jsonl, .md)\n"
    )
    assert not list(tmp_path.glob("x.*"))


# --- item 19: DIRECTIVE_AS_OF left set while marking -----------------------------------------


def test_marking_with_an_earlier_as_of_set_says_the_mark_is_hidden(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVE_AS_OF", "1/6/2023")
    result = cli("mark", "done", "4:snv", "--on", "20/6/2023")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "Cảnh báo: đang đặt DIRECTIVE_AS_OF=01/06/2023: danh sách và báo cáo xét tình hình tính"
        " đến ngày đó, nên cập nhật có hiệu lực 20/06/2023 này chưa hiện ở đó; bỏ DIRECTIVE_AS_OF"
        " để xem hôm nay"
    )
    listed = json.loads(cli("list", "-b", "snv", "-c", "4", "-f", "json").stdout)
    assert [r["status"] for r in listed] == ["todo"]  # what the warning announced
    monkeypatch.setenv("DIRECTIVE_AS_OF", "30/6/2023")
    again = cli("mark", "done", "2:snv", "--on", "20/6/2023")
    assert "DIRECTIVE_AS_OF" not in again.stderr


# --- item 20: no English left in Vietnamese help -------------------------------------------


def test_vietnamese_help_has_no_english_usage_or_placeholders(cli: Cli) -> None:
    from directive_cli.app import COMMANDS

    for name in ["", *COMMANDS]:
        result = cli(*([name] if name else []), "-h")
        assert result.exit_code == 0, result.output
        text = result.stdout
        for english in (
            "Usage:",
            "[OPTIONS]",
            "COMMAND [ARGS]",
            "<str>",
            "<path>",
            "<int",
            "{status}",
            "[refs]",
        ):
            assert english not in text, (name, english)
    mark = cli("mark", "-h").stdout.splitlines()
    assert mark[1].strip() == "Cách dùng: directive mark [TÙY CHỌN] {TRẠNG_THÁI} [NHIỆM_VỤ...]"


def test_english_help_keeps_typers_words(cli: Cli) -> None:
    mark = cli("mark", "-h", "--lang", "en").stdout.splitlines()
    assert mark[1].strip() == "Usage: directive mark [OPTIONS] {status} [refs]..."


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("vi", "Lỗi: thiếu TRẠNG_THÁI; xem: directive mark -h\n"),
        ("en", "Error: missing STATUS; see: directive mark -h\n"),
    ],
)
def test_a_missing_argument_is_named_in_the_clerks_language(
    cli: Cli, lang: str, message: str
) -> None:
    result = cli("mark", "--lang", lang)
    assert result.exit_code == Exit.USAGE
    assert result.stderr == message


# --- item 14: dates as clerks copy them ------------------------------------------------------

_NFD = __import__("unicodedata").normalize


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("20/6/2023", "2023-06-20"),
        ("ngày 20/6/2023", "2023-06-20"),  # copied with the word before it
        ("Ngày 20/06/2023", "2023-06-20"),
        ("ngay 20-6-2023", "2023-06-20"),
        ("20 tháng 6 năm 2023", "2023-06-20"),  # as a letter spells it out
        ("ngày 20 tháng 6 năm 2023", "2023-06-20"),
        ("20 thang 6 nam 2023", "2023-06-20"),
        (_NFD("NFD", "20 tháng 6 năm 2023"), "2023-06-20"),
        ("hôm nay", "2023-07-10"),
        (_NFD("NFD", "hôm nay"), "2023-07-10"),  # a Mac or a web form gives NFD
        ("hom nay", "2023-07-10"),
        ("Hôm qua", "2023-07-09"),
        ("yesterday", "2023-07-09"),
    ],
)
def test_dates_as_clerks_copy_them(typed: str, day: str) -> None:
    from datetime import date

    from directive_cli.deadlines import parse_date

    assert parse_date(typed, date(2023, 7, 10)).isoformat() == day


@pytest.mark.parametrize("typed", ["20/6", "tháng 6/2023", "20 tháng 6", "hôm kia", "ngày 20"])
def test_a_missing_year_or_an_unknown_word_is_never_guessed(typed: str) -> None:
    from datetime import date

    from directive_cli.deadlines import DateError, parse_date

    with pytest.raises(DateError):
        parse_date(typed, date(2023, 7, 10))


def test_relative_words_need_today() -> None:
    from directive_cli.deadlines import DateError, parse_date

    with pytest.raises(DateError):
        parse_date("hôm nay")  # the core never reads the clock itself


def test_mark_on_a_copied_date(cli: Cli) -> None:
    result = cli("mark", "done", "4:snv", "--on", "ngày 20 tháng 6 năm 2023")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "  4:snv: Chưa thực hiện → Hoàn thành (20/06/2023)"


def test_an_unreadable_date_names_every_accepted_form(cli: Cli) -> None:
    result = cli("mark", "done", "4:snv", "--on", "20/6")
    assert result.exit_code == Exit.USAGE
    assert result.stderr == (
        "Lỗi: --on: không đọc được ngày '20/6': nhập đủ ngày, tháng, năm, ví dụ 16/5/2023,"
        ' 16/05/2023, 16-5-2023, 16.5.2023, 2023-05-16, "ngày 16/5/2023", "16 tháng 5 năm 2023",'
        ' "hôm nay" hoặc "hôm qua"\n'
    )


@pytest.mark.parametrize(
    ("week", "window"),
    [
        ("26/6/2023", {"from": "2023-06-26", "to": "2023-07-02", "week": "2023-W26"}),
        ("2/7/2023", {"from": "2023-06-26", "to": "2023-07-02", "week": "2023-W26"}),
        ("tuần này", {"from": "2023-07-03", "to": "2023-07-05", "week": None}),
        ("tuan nay", {"from": "2023-07-03", "to": "2023-07-05", "week": None}),
        ("tuần trước", {"from": "2023-06-26", "to": "2023-07-02", "week": "2023-W26"}),
        ("last", {"from": "2023-06-26", "to": "2023-07-02", "week": "2023-W26"}),
    ],
)
def test_week_takes_a_day_of_it_and_this_week(
    empty_db: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    week: str,
    window: dict[str, str | None],
) -> None:
    from datetime import date

    monkeypatch.setattr("directive_cli.options.today", lambda: date(2023, 7, 5))
    result = cli("report", "--week", week, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["window"] == window


def test_this_week_follows_as_of(empty_db: Path, cli: Cli) -> None:
    result = cli("report", "--week", "tuần này", "--as-of", "28/6/2023", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["window"] == {
        "from": "2023-06-26",
        "to": "2023-06-28",
        "week": None,
    }


# --- item 13: marks and undo ------------------------------------------------------------------


def test_an_identical_repeat_is_not_recorded_again(cli: Cli) -> None:
    args = ["mark", "done", "4:snv", "--on", "20/6/2023", "-e", "Báo cáo số 45/BC-SNV"]
    assert cli(*args).exit_code == 0
    again = cli(*args)
    assert again.exit_code == 0
    assert again.stdout == (
        "Không ghi gì: 1 cập nhật giống hệt lần ghi trước (cùng trạng thái, ngày, văn bản và"
        " ghi chú).\n"
    )
    # New evidence is no repeat: it is how a clerk adds a document.
    more = cli("mark", "done", "4:snv", "--on", "20/6/2023", "-e", "Công văn số 46/SNV")
    assert more.stdout.splitlines()[0] == "Đã ghi 1 cập nhật (lô 2)."
    history = json.loads(cli("history", "-f", "json").stdout)
    assert [(e["batch"], e["evidence"]) for e in history] == [
        (1, "Báo cáo số 45/BC-SNV"),
        (2, "Công văn số 46/SNV"),
    ]


def test_a_batch_with_some_repeats_records_the_rest(cli: Cli) -> None:
    assert cli("mark", "done", "4:snv", "--on", "20/6/2023").exit_code == 0
    result = cli("mark", "done", "4:snv", "2:snv", "--on", "20/6/2023")
    assert result.stdout.splitlines() == [
        "Đã ghi 1 cập nhật (lô 2).",
        "  2:snv: Chưa thực hiện → Hoàn thành (20/06/2023)",
        "Bỏ qua 1 cập nhật giống hệt lần ghi trước.",
    ]


def _marks(cli: Cli) -> None:
    """Three batches: văn thư A marks 4:snv, then B marks 2:snv, then A marks 3.1:vpub."""
    for who, ref in (("van.thu.a", "4:snv"), ("van.thu.b", "2:snv"), ("van.thu.a", "3.1:vpub")):
        assert cli("mark", "done", ref, "--on", "20/6/2023", "--by", who).exit_code == 0


def test_undo_needs_yes_without_a_terminal_and_shows_the_batch(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _marks(cli)
    monkeypatch.setattr("directive_cli.options.now_stamp", lambda: "2023-06-21T08:30:00+07:00")
    refused = cli("undo", "--by", "van.thu.b")
    assert refused.exit_code == Exit.CANCELLED
    history = json.loads(cli("history", "-f", "json").stdout)
    when = next(e for e in history if e["batch"] == 2)["recorded_at"]
    from directive_cli.text import moment_text

    assert refused.stdout == (
        f"Sẽ hoàn tác lô 2: 1 cập nhật, do van.thu.b ghi lúc {moment_text(when)}:\n"
        "  2:snv: Chưa thực hiện → Hoàn thành (20/06/2023)\n"
    )
    assert refused.stderr == (
        "Lỗi: không hỏi xác nhận được (đầu vào không phải bàn phím) nên chưa hoàn tác gì;"
        " thêm --yes để hoàn tác lô 2\n"
    )
    assert len(json.loads(cli("history", "-f", "json").stdout)) == 3  # nothing undone


def test_undo_asks_at_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    _marks(cli)
    monkeypatch.setattr("directive_cli.output.interactive", lambda: True)
    no = cli("undo", "--by", "van.thu.a", input="k\n")
    assert no.exit_code == Exit.CANCELLED
    assert no.stdout.splitlines()[-1] == "Tiếp tục? [c/K]: "
    assert no.stderr == "Lỗi: đã hủy, không hoàn tác gì\n"
    yes = cli("undo", "--by", "van.thu.a", input="có\n")
    assert yes.exit_code == 0, yes.output
    # The clerk's Enter ends the prompt's line at a terminal; the runner echoes no input.
    assert yes.stdout.splitlines()[-2:] == [
        "Tiếp tục? [c/K]: Đã hoàn tác lô 3: 1 cập nhật (ghi thành lô 4).",
        "  3.1:vpub: Hoàn thành → Chưa thực hiện",
    ]


def test_undo_takes_your_own_last_batch_by_default(cli: Cli) -> None:
    _marks(cli)
    # B's last batch is 2, though A's batch 3 is newer.
    result = cli("undo", "--by", "van.thu.b", "--yes")
    assert result.stdout.splitlines() == [
        "Đã hoàn tác lô 2: 1 cập nhật (ghi thành lô 4).",
        "  2:snv: Hoàn thành → Chưa thực hiện",
    ]
    again = cli("undo", "--by", "van.thu.b", "--yes")
    assert again.exit_code == Exit.NOT_FOUND
    assert again.stderr == (
        "Lỗi: van.thu.b không còn lô cập nhật nào để hoàn tác (lô của người khác: directive undo"
        " --batch N; số lô ở directive history)\n"
    )


def test_undo_a_given_batch(cli: Cli) -> None:
    _marks(cli)
    result = cli("undo", "--batch", "1", "--by", "truong.phong", "--yes")
    assert result.stdout.splitlines() == [
        "Đã hoàn tác lô 1: 1 cập nhật (ghi thành lô 4).",
        "  4:snv: Hoàn thành → Chưa thực hiện",
    ]
    history = json.loads(cli("history", "-f", "json").stdout)
    assert (history[-1]["by"], history[-1]["undoes"]) == ("truong.phong", 1)
    gone = cli("undo", "--batch", "1", "--yes")
    assert gone.exit_code == Exit.NOT_FOUND
    assert gone.stderr == "Lỗi: lô 1 không còn cập nhật nào để hoàn tác\n"


def test_history_tables_show_batch_numbers(cli: Cli) -> None:
    _marks(cli)
    table = cli("history").stdout.splitlines()
    assert table[2].split()[:3] == ["#", "Lô", "Nhiệm"]
    rows = [line.split()[:3] for line in table if line.startswith(" #") and line.split()[0] != "#"]
    assert rows == [["#1", "1", "4:snv"], ["#2", "2", "2:snv"], ["#3", "3", "3.1:vpub"]]
    md = cli("history", "-f", "md").stdout.splitlines()
    assert (
        md[0]
        == "| Sự kiện | Lô | Nhiệm vụ | Thay đổi | Ngày hiệu lực | Người ghi | Ghi lúc | Văn bản, ghi chú |"
    )


# --- item 8: a renamed clause or body id orphans its marks: say so --------------------------


def test_marks_of_a_renamed_clause_are_named(cli: Cli, tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / "bodies.yaml", folder)
    text = (DATA / "directive_2167.yaml").read_text(encoding="utf-8")
    (folder / "directive_2167.yaml").write_text(text, encoding="utf-8")
    assert cli("mark", "done", "3.1:vpub", "--on", "5/6/2023", "--data", str(folder)).exit_code == 0
    # The clerk renumbers clause 3.1 as 3.3 in the YAML.
    renamed = text.replace('id: "3.1"', 'id: "3.3"', 1)
    assert renamed != text
    (folder / "directive_2167.yaml").write_text(renamed, encoding="utf-8")
    warning = (
        "Cảnh báo: 1 nhiệm vụ đã ghi tiến độ không còn trong dữ liệu (mã điểm hoặc mã cơ quan"
        " đã đổi?): 2167-2023#3.1:vpub; tiến độ của chúng không được tính\n"
    )
    for command in (["list", "-c", "3.3"], ["summary"]):
        result = cli(*command, "--as-of", "10/6/2023", "--data", str(folder))
        assert result.exit_code == 0, result.output
        assert result.stderr == warning
    checked = cli("validate", str(folder), "--db", str(db))
    assert checked.exit_code == 0
    assert checked.stderr == (
        "Cảnh báo: tiến độ đã ghi cho 2167-2023#3.1:vpub nhưng dữ liệu không còn nhiệm vụ này"
        " (mã điểm hoặc mã cơ quan đã đổi?)\n"
    )
    # The data as it was: nothing to say.
    (folder / "directive_2167.yaml").write_text(text, encoding="utf-8")
    assert cli("summary", "--data", str(folder)).stderr == ""


# --- item 17: finding your data; restoring a backup ------------------------------------------


def test_info_names_what_this_run_uses(cli: Cli, db: Path, tmp_path: Path) -> None:
    assert cli("mark", "done", "4:snv", "--on", "20/6/2023").exit_code == 0
    found = json.loads(cli("info", "--format", "json").stdout)[0]
    from directive_cli.sources import bundled_data

    assert {
        k: found[k] for k in ("database", "database_exists", "events", "data", "data_bundled")
    } == {
        "database": str(db),
        "database_exists": True,
        "events": 1,
        "data": str(bundled_data()),
        "data_bundled": True,
    }
    assert (found["directives"], found["clauses"], found["tasks"]) == (1, 16, 211)
    assert found["cache"] == str(tmp_path / "cache")
    table = cli("info").stdout.splitlines()
    assert table[0] == f"Cơ sở dữ liệu: {db}"
    assert table[1] == "  số cập nhật: 1; lược đồ " + str(found["schema_version"])


def test_restore_puts_a_checked_backup_in_place_and_keeps_the_old(
    cli: Cli, db: Path, tmp_path: Path
) -> None:
    assert cli("mark", "done", "4:snv", "--on", "20/6/2023").exit_code == 0
    copy = tmp_path / "sao-luu.db"
    assert cli("backup", str(copy)).exit_code == 0
    assert cli("mark", "done", "2:snv", "--on", "20/6/2023").exit_code == 0
    asked = cli("restore", str(copy))
    assert asked.exit_code == Exit.CANCELLED
    keep = db.with_name("progress-before-restore.db")
    assert asked.stdout == (
        f"Sẽ thay cơ sở dữ liệu {db} (2 cập nhật) bằng bản sao lưu {copy} (1 cập nhật, kiểm tra"
        f" toàn vẹn: tốt); bản hiện tại được giữ ở {keep}.\n"
    )
    assert len(json.loads(cli("history", "-f", "json").stdout)) == 2  # nothing changed
    done = cli("restore", str(copy), "--yes")
    assert done.exit_code == 0, done.output
    assert done.stdout == f"Đã khôi phục {db}: 1 cập nhật; bản trước khi khôi phục ở {keep}.\n"
    assert [e["task"] for e in json.loads(cli("history", "-f", "json").stdout)] == ["4:snv"]
    kept = cli("history", "-f", "json", "--db", str(keep))
    assert [e["task"] for e in json.loads(kept.stdout)] == ["4:snv", "2:snv"]
    # A mark, and the same backup restored again: the first restore's copy stays as it was
    # (it alone holds 2:snv), and this one's copy goes beside it, never over it.
    assert cli("mark", "done", "3.1:vpub", "--on", "21/6/2023").exit_code == 0
    again = cli("restore", str(copy), "--yes")
    second = db.with_name("progress-before-restore-2.db")
    assert again.stdout == f"Đã khôi phục {db}: 1 cập nhật; bản trước khi khôi phục ở {second}.\n"
    first = cli("history", "-f", "json", "--db", str(keep))
    assert [e["task"] for e in json.loads(first.stdout)] == ["4:snv", "2:snv"]
    then = cli("history", "-f", "json", "--db", str(second))
    assert [e["task"] for e in json.loads(then.stdout)] == ["4:snv", "3.1:vpub"]


def test_restore_refuses_what_is_not_a_backup(cli: Cli, tmp_path: Path) -> None:
    assert cli("mark", "done", "4:snv", "--on", "20/6/2023").exit_code == 0
    other = tmp_path / "khac.db"
    import sqlite3

    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    result = cli("restore", str(other), "--yes")
    assert result.exit_code == Exit.STORE
    assert result.stderr == (
        f"Lỗi: {other} không phải bản sao lưu của directive-cli (hoặc của phiên bản mới hơn):"
        " không khôi phục\n"
    )
    missing = cli("restore", str(tmp_path / "khong-co.db"), "--yes")
    assert (missing.exit_code, missing.stderr) == (
        Exit.NOT_FOUND,
        f"Lỗi: không có tệp sao lưu {tmp_path / 'khong-co.db'}\n",
    )
    assert len(json.loads(cli("history", "-f", "json").stdout)) == 1


def test_top_level_help_lists_the_options_every_command_takes(cli: Cli) -> None:
    text = " ".join(cli("-h").stdout.replace("│", " ").split())
    assert (
        "Tùy chọn chung của mọi lệnh (gõ trước hoặc sau tên lệnh): --db TỆP|URL (DIRECTIVE_DB), --data"
        " THƯ_MỤC (DIRECTIVE_DATA), --as-of NGÀY (DIRECTIVE_AS_OF), --lang vi|en (DIRECTIVE_LANG);"
        " --by TÊN (DIRECTIVE_USER) cho người ghi. Xem chúng đang trỏ tới đâu: directive info."
    ) in text


def test_backup_help_says_how_to_restore(cli: Cli) -> None:
    text = " ".join(cli("backup", "-h").stdout.replace("│", " ").split())
    assert (
        "Khôi phục: directive restore TỆP (kiểm tra bản sao, giữ bản hiện tại bên cạnh rồi mới thay)."
    ) in text


# --- item 18: conventions ---------------------------------------------------------------------


def test_vietnamese_shares_have_a_decimal_comma_machine_formats_a_number(cli: Cli) -> None:
    assert cli("mark", "done", "4:snv", "--on", "20/6/2023").exit_code == 0
    table = cli("summary", "-g", "g1", "--as-of", "30/6/2023").stdout.splitlines()
    snv = next(line for line in table if line.startswith(" Sở Nội vụ"))
    assert snv.split()[-2] == "16,7"
    english = cli("summary", "-g", "g1", "--as-of", "30/6/2023", "--lang", "en").stdout
    assert (
        next(ln for ln in english.splitlines() if ln.startswith(" Sở Nội vụ")).split()[-2] == "16.7"
    )
    rows = json.loads(cli("summary", "-g", "g1", "--as-of", "30/6/2023", "-f", "json").stdout)
    assert next(r for r in rows if r["body"] == "snv")["percent"] == 16.7
    md = cli("report", "--week", "2023-W26").stdout
    assert "| 16,7 |" in md


def test_one_due_soon_horizon_for_list_and_report(empty_db: Path, cli: Cli) -> None:
    """3.1 is due 31/5/2023: due soon a week before in both, and --within widens the report."""
    listed = json.loads(cli("list", "-c", "3.1", "--as-of", "24/5/2023", "-f", "json").stdout)
    assert [r["timeliness"] for r in listed] == ["due_soon"]
    before = json.loads(cli("list", "-c", "3.1", "--as-of", "23/5/2023", "-f", "json").stdout)
    assert [r["timeliness"] for r in before] == ["in_time"]
    week = json.loads(cli("report", "--week", "2023-W20", "-f", "json").stdout)  # 15–21 May
    assert [r["task"] for r in week["due_soon"]["tasks"]] == []  # 31/5 is 10 days after the 21st
    wide = json.loads(cli("report", "--week", "2023-W20", "-f", "json", "--within", "10").stdout)
    assert [r["task"] for r in wide["due_soon"]["tasks"]] == ["3.1:vpub"]


def test_ctrl_c_at_a_prompt_ends_the_line_and_says_nothing_was_written(tmp_path: Path) -> None:
    """In a real terminal (a pseudo-terminal): Ctrl-C at "Tiếp tục?" during a bulk mark."""
    import os
    import pty
    import select
    import signal
    import subprocess
    import sys
    import time

    env = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTIVE_")}
    env.update(
        DIRECTIVE_DB=str(tmp_path / "p.db"),
        DIRECTIVE_CACHE=str(tmp_path / "c"),
        DIRECTIVE_USER="t",
        COLUMNS="100",
        NO_COLOR="1",
    )
    leader, follower = pty.openpty()
    args = [
        sys.executable,
        "-m",
        "directive_cli",
        "mark",
        "done",
        "-c",
        "1a",
        "-g",
        "g3",
        "--on",
        "30/6/2023",
    ]
    proc = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)

    def read_until(done: bytes | None, seconds: float) -> bytes:
        got = b""
        end = time.monotonic() + seconds
        while time.monotonic() < end and (done is None or done not in got):
            ready, _, _ = select.select([leader], [], [], 0.2)
            if not ready:
                if done is None and proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the process is gone and its side of the terminal closed
                break
            if not chunk:
                break
            got += chunk
        return got

    try:
        seen = read_until(b"[c/K]: ", 30)
        assert b"[c/K]: " in seen, seen
        proc.send_signal(signal.SIGINT)  # what Ctrl-C makes the terminal send
        rest = read_until(None, 30)
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    os.close(leader)
    assert code == 130
    text = rest.decode("utf-8").replace("\r\n", "\n")
    assert text.endswith("\nLỗi: đã dừng (Ctrl-C) trước khi ghi: không ghi gì\n"), text
    assert not (tmp_path / "p.db").exists()  # nothing was written, not even a database
