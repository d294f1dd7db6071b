"""The CLI wiring: every command, every format, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Cli, office_today

from directive_cli.app import Exit, app
from directive_cli.render.records import HISTORY_KEYS, LIST_KEYS

COMMANDS = [
    "list",
    "show",
    "mark",
    "history",
    "undo",
    "summary",
    "bodies",
    "validate",
    "report",
    "backup",
    "completion",
]


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def as_json(result) -> object:  # type: ignore[no-untyped-def]
    return json.loads(ok(result))


# --- help -----------------------------------------------------------------------------------


def test_no_arguments_prints_help_grouped_by_what_a_clerk_wants(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = cli()
    assert result.exit_code == 0
    lines = [line.strip("│ ") for line in result.output.splitlines()]
    assert "Cách dùng: directive [TÙY CHỌN] LỆNH [THAM SỐ]..." in lines
    panels = [line.strip("╭─╮ ") for line in lines if line.startswith("╭")]
    assert panels == ["Tùy chọn", "Tra cứu", "Ghi nhận", "Báo cáo", "Dữ liệu và an toàn"]
    listed = {line.split()[0] for line in lines if line and line.split()[0] in COMMANDS}
    assert listed == set(COMMANDS)
    monkeypatch.setenv("DIRECTIVE_LANG", "en")
    english = [line.strip("│ ") for line in ok(cli()).splitlines()]
    assert [line.strip("╭─╮ ") for line in english if line.startswith("╭")] == [
        "Options",
        "Look up",
        "Record progress",
        "Report",
        "Data and safety",
    ]


def _examples(text: str, heading: str) -> list[str]:
    block = text.split(heading, 1)[1]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("directive ")]


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help_with_an_example(cli: Cli, name: str, flag: str) -> None:
    vi = ok(cli(name, flag))
    en = ok(cli(name, flag, "--lang", "en"))
    assert vi.strip().startswith(f"Cách dùng: directive {name}")
    assert en.strip().startswith(f"Usage: directive {name}")
    examples = _examples(en, "Example")
    assert examples and all(e.startswith(f"directive {name}") for e in examples)
    assert _examples(vi, "Ví dụ:") == examples  # the same worked examples in both languages


def test_help_is_vietnamese_by_default_and_complete_in_english() -> None:
    """Every help text of every command has its Vietnamese text, and English stays English."""
    import typer.main

    from directive_cli import app as app_module
    from directive_cli import i18n
    from directive_cli.i18n import vi

    for lang in ("vi", "en"):
        i18n.set_lang(lang)
        tree = typer.main.get_command(app)
        tree.localize_help = True  # type: ignore[attr-defined]
        app_module._localize(tree, "")
        names = tree.list_commands(None)  # type: ignore[attr-defined, arg-type]
        assert names == list(app_module.COMMANDS)
        loaded = [tree.get_command(None, n) for n in names]  # type: ignore[attr-defined, arg-type]
        commands = [tree, *loaded]
        texts = [p.help for c in commands for p in c.params if p.help]
        texts += [c.help for c in commands if c.help]
        texts += [c._help_option.help for c in commands if lang == "vi"]  # type: ignore[attr-defined]
        english = set(vi.PARAMS) | {"Show this message and exit."}
        if lang == "vi":
            assert not english & set(texts), english & set(texts)
            assert tree.help == vi.COMMANDS[""]
        else:
            assert set(texts) - {c.help for c in commands} <= english


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lst"], "Lỗi: không có lệnh 'lst'; có phải ý bạn là: list; xem: directive -h\n"),
        (
            ["list", "--bodyy", "snv"],
            "Lỗi: không có tùy chọn --bodyy; có phải ý bạn là: --body; xem: directive list -h\n",
        ),
        (
            ["mark", "done", "4:snv", "--on"],
            "Lỗi: tùy chọn --on cần một giá trị; xem: directive mark -h\n",
        ),
        (["show"], "Lỗi: thiếu ĐIỂM_HOẶC_NHIỆM_VỤ; xem: directive show -h\n"),
        (["show", "4", "5"], "Lỗi: thừa tham số: 5; xem: directive show -h\n"),
        (
            ["list", "--limit", "abc"],
            "Lỗi: --limit: 'abc' không phải số nguyên dương; xem: directive list -h\n",
        ),
        (
            ["list", "--limit", "0"],
            "Lỗi: --limit: '0' không phải số nguyên dương; xem: directive list -h\n",
        ),
        (["show", "--lang", "en"], "Error: missing REF; see: directive show -h\n"),
    ],
)
def test_a_mistake_the_parser_finds_is_one_line_in_the_clerks_language(
    cli: Cli, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (Exit.USAGE, "", message)


@pytest.mark.parametrize(
    ("answer", "recorded"), [("c\n", 13), ("Có\n", 13), ("y\n", 13), ("\n", 0), ("khong\n", 0)]
)
def test_a_clerk_confirms_in_vietnamese_or_english(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, answer: str, recorded: int
) -> None:
    monkeypatch.setattr("directive_cli.output.interactive", lambda: True)
    result = cli(
        "mark", "done", "--clause", "1a", "--group", "g3", "--on", "30/6/2023", input=answer
    )
    assert result.exit_code == (0 if recorded else Exit.CANCELLED)
    assert result.stdout.splitlines()[14].startswith("Tiếp tục? [c/K]: ")
    assert len(as_json(cli("history", "-f", "json"))) == recorded


def test_the_english_prompt_asks_yes_or_no(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("directive_cli.output.interactive", lambda: True)
    result = cli(
        "mark",
        "done",
        "--clause",
        "1a",
        "--group",
        "g3",
        "--on",
        "30/6/2023",
        "--lang",
        "en",
        input="\n",
    )
    lines = result.stdout.splitlines()
    assert (result.exit_code, lines[0], lines[14]) == (
        Exit.CANCELLED,
        "Will set status 'Done' on these tasks (13):",
        "Go ahead? [y/N]: ",
    )
    assert result.stderr == "Error: cancelled, nothing recorded\n"


# --- list -----------------------------------------------------------------------------------


def test_list_json_items_have_exactly_the_documented_keys(cli: Cli) -> None:
    rows = as_json(cli("list", "--format", "json", "--as-of", "1/6/2023"))
    assert isinstance(rows, list) and len(rows) == 211
    assert all(list(r) == LIST_KEYS for r in rows)
    assert rows[0] == {
        "task": "1a:vpub",
        "directive": "2167-2023",
        "clause": "1a",
        "title": "Quán triệt, triển khai Kết luận 1753-KL/TU; tạo chuyển biến trong năm 2023",
        "body": "vpub",
        "body_name": "Văn phòng UBND tỉnh",
        "group": "g1",
        "role": "assigned",
        "status": "todo",
        "timeliness": "in_time",
        "due": "2023-12-31",
        "due_text": "ngay trong năm 2023",
        "deadline_kind": "target",
        "days_overdue": 0,
        "updated_at": None,
        "note": None,
        "evidence": None,
        "inherited_from": None,
        "inherited_since": None,
        "transferred_to": None,
        "effective_on": None,
        "period": None,
        "periods_missed": 0,
        "original_due": None,
    }


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "md"])
def test_machine_formats_carry_the_same_rows(cli: Cli, fmt: str) -> None:
    out = ok(cli("list", "-b", "SNV", "--format", fmt, "--as-of", "2023-06-01"))
    if fmt == "json":
        tasks = [r["task"] for r in json.loads(out)]
    elif fmt == "jsonl":
        tasks = [json.loads(line)["task"] for line in out.splitlines()]
    elif fmt == "csv":
        reader = csv.DictReader(io.StringIO(out))
        assert reader.fieldnames == LIST_KEYS
        tasks = [r["task"] for r in reader]
    else:
        # Markdown is for people: the table's labels under translated headers.
        lines = out.splitlines()
        assert lines[:2] == [
            "| Nhiệm vụ | Nội dung | Cơ quan, đơn vị | Vai trò | Trạng thái"
            " | Tiến độ | Hạn | Văn bản báo cáo | Ghi chú |",
            "|" + "|".join("---" for _ in range(9)) + "|",
        ]
        assert lines[2] == (
            "| 1a:snv | Quán triệt, triển khai Kết luận 1753-KL/TU; tạo chuyển"
            " biến trong năm 2023 | Sở Nội vụ | Thực hiện | Chưa thực hiện | Trong hạn |"
            " Mục tiêu 31/12/2023 |  |  |"
        )
        tasks = [line.split(" | ")[0].lstrip("| ") for line in lines[2:]]
    assert tasks == ["1a:snv", "1b:snv", "1c:snv", "1d:snv", "2:snv", "4:snv"]


def test_history_markdown_reads_like_the_table(cli: Cli) -> None:
    ok(cli("mark", "done", "4:snv", "--on", "20/6/2023", "-e", "Báo cáo số 45/BC-SNV"))
    ok(cli("undo", "--yes"))
    lines = ok(cli("history", "-f", "md")).splitlines()
    recorded = [
        # On the office's clock (Asia/Ho_Chi_Minh), as every table shows a recorded time.
        datetime.fromisoformat(e["recorded_at"])
        .astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
        .strftime("%d/%m/%Y %H:%M")
        for e in as_json(cli("history", "-f", "json"))
    ]
    assert lines == [
        "| Sự kiện | Lô | Nhiệm vụ | Thay đổi | Ngày hiệu lực | Người ghi | Ghi lúc | Văn bản, ghi chú |",
        "|---|---|---|---|---|---|---|---|",
        f"| 1 | 1 | 4:snv | Chưa thực hiện → Hoàn thành | 20/06/2023 | tester | {recorded[0]} |"
        " Báo cáo số 45/BC-SNV |",
        f"| 2 | 2 | 4:snv | Hoàn thành → Chưa thực hiện | 20/06/2023 | tester | {recorded[1]} |"
        " hoàn tác #1 |",
    ]


def test_output_file_for_excel_has_a_bom_and_the_same_rows(cli: Cli, tmp_path: Path) -> None:
    ok(cli("mark", "done", "4:snv", "--on", "20/6/2023", "-e", "Báo cáo số 45/BC-SNV"))
    target = tmp_path / "so-noi-vu.csv"
    result = cli("list", "-b", "snv", "--as-of", "1/6/2023", "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")  # not a terminal
    piped = ok(cli("list", "-b", "snv", "--as-of", "1/6/2023", "-f", "csv"))
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 only after a BOM
    written = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert written == list(csv.reader(io.StringIO(piped))) and len(written) == 7
    again = cli("list", "-b", "snv", "-o", str(target))
    assert (again.exit_code, again.stderr) == (
        Exit.OUTPUT,
        f"Lỗi: {target} đã có; thêm --force để ghi đè\n",
    )
    ok(cli("summary", "-o", str(tmp_path / "tong-hop.json")))
    assert [r["body"] for r in json.loads((tmp_path / "tong-hop.json").read_text("utf-8"))][:2] == [
        "vpub",
        "snv",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "ds.txt"],
            "Lỗi: --output: bảng chỉ để xem trên màn hình; để ghi {d}/ds.txt, dùng --format"
            " xlsx, csv, json, jsonl hoặc md (hoặc đặt tên tệp đuôi .xlsx, .csv, .json, .jsonl, .md)\n",
        ),
        (["-f", "xlsx"], "Lỗi: --format xlsx ghi ra tệp: thêm --output TỆP.xlsx\n"),
        (
            ["-f", "xlsx", "-o", "ds.csv"],
            "Lỗi: --format: định dạng xlsx không khớp đuôi tệp"
            " {d}/ds.csv; đổi --format hoặc tên tệp\n",
        ),
        (
            ["-f", "json", "-o", "ds.csv"],
            "Lỗi: --format: định dạng json không khớp đuôi tệp"
            " {d}/ds.csv; đổi --format hoặc tên tệp\n",
        ),
    ],
)
def test_an_output_file_it_cannot_name_a_format_for_is_refused(
    cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [a if not a.startswith("ds.") else str(tmp_path / a) for a in args]
    result = cli("list", *args)
    assert (result.exit_code, result.stderr) == (Exit.USAGE, message.format(d=tmp_path))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("ds")] == []


def test_list_table_limits_rows_and_says_how_many_more(cli: Cli) -> None:
    out = ok(cli("list", "--as-of", "1/6/2023", "--limit", "3"))
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Nhiệm vụ 2167/UBND-KTTH — Tính đến ngày 01/06/2023"
    body = [line.split() for line in lines if line.startswith(" 1a:")]
    assert [row[0] for row in body] == ["1a:vpub", "1a:snv", "1a:stp"]
    assert "… còn 208 dòng nữa (dùng --all hoặc --limit N để xem thêm)" in lines
    every = ok(cli("list", "--as-of", "1/6/2023", "--all"))
    assert "còn" not in every and sum(1 for x in every.splitlines() if ":" in x[:12]) == 211


def test_list_filters_combine(cli: Cli) -> None:
    rows = as_json(cli("list", "-g", "g3", "-c", "1a", "-s", "chua thuc hien", "-f", "json"))
    assert [r["body"] for r in rows] == [
        "tp-quangngai",
        "tx-ducpho",
        "h-binhson",
        "h-sontinh",
        "h-tunghia",
        "h-nghiahanh",
        "h-moduc",
        "h-bato",
        "h-minhlong",
        "h-sonha",
        "h-sontay",
        "h-trabong",
        "h-lyson",
    ]
    rows = as_json(cli("list", "--overdue", "--as-of", "1/6/2023", "-f", "json"))
    assert [(r["task"], r["days_overdue"]) for r in rows] == [("3.1:vpub", 1)]


def test_as_of_from_the_environment(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTIVE_AS_OF", "30/5/2023")
    rows = as_json(cli("list", "-c", "3.1", "-f", "json"))
    assert rows[0]["timeliness"] == "due_soon"


def test_body_typed_in_nfd_and_without_diacritics(cli: Cli) -> None:
    nfd = unicodedata.normalize("NFD", "Sở Văn hóa, Thể thao và Du lịch")
    a = as_json(cli("list", "-b", nfd, "-f", "json"))
    b = as_json(cli("list", "-b", "van hoa the thao va du lich", "-f", "json"))
    assert a == b and [r["task"] for r in a] == [
        "1a:svhttdl",
        "1b:svhttdl",
        "1c:svhttdl",
        "1d:svhttdl",
        "2:svhttdl",
        "6a:svhttdl",
        "6a.1:svhttdl",
        "6b:svhttdl",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["-b", "snv"],
        ["-b", "snv", "-b", "so tai chinh", "--sort", "due"],
        ["-g", "g3"],
        ["-g", "g2", "-s", "done"],
        ["-b", "vpub", "--overdue", "--as-of", "1/6/2023"],
        ["-c", "1a", "--sort", "updated"],
        ["-c", "4", "-q", "đúng hạn", "--as-of", "1/7/2023"],
        ["-b", "snv", "-q", "đúng hạn"],
        ["-g", "g1", "-b", "stp", "--role", "assigned"],
    ],
)
def test_a_list_by_body_from_the_task_index_is_the_list_from_the_letter(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """`list --body/--group` reads the cache's task index; it must print what the whole
    catalog prints, before the index exists, from it, and without any cache."""
    ok(cli("mark", "done", "4:snv", "--on", "20/6/2023", "--note", "đúng hạn"))
    ok(cli("mark", "blocked", "3.1:vpub", "--on", "25/5/2023"))
    ok(cli("mark", "done", "--clause", "1a", "--group", "g2", "--on", "1/7/2023", "--yes"))
    outputs = []
    for cache in ("miss", "hit", "off"):
        if cache == "off":
            monkeypatch.setenv("DIRECTIVE_CACHE", "off")
        outputs.append((ok(cli("list", *args)), ok(cli("list", *args, "-f", "json"))))
    assert outputs[0] == outputs[1] == outputs[2]
    assert as_json(cli("list", *args, "-f", "json")) != []


def test_a_table_sorted_by_update_reads_the_update_times(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table reads no note or time stamp, except to sort by them or search in them."""
    for task, stamp in [
        ("1a:stp", "2023-06-03T08:00:00+07:00"),
        ("1a:snv", "2023-06-05T08:00:00+07:00"),
        ("1a:vpub", "2023-06-04T08:00:00+07:00"),
    ]:
        monkeypatch.setattr("directive_cli.options.now_stamp", lambda s=stamp: s)
        ok(cli("mark", "in_progress", task, "--on", "1/6/2023", "--note", f"ghi chú {task}"))
    table = ok(cli("list", "-c", "1a", "-s", "in_progress", "--sort", "updated"))
    assert [line.split()[0] for line in table.splitlines()[4:] if line] == [
        "1a:snv",
        "1a:vpub",
        "1a:stp",
    ]
    found = ok(cli("list", "-q", "ghi chú 1a:vpub"))
    assert [line.split()[0] for line in found.splitlines()[4:] if line] == ["1a:vpub"]


def test_a_directive_typed_wrong_is_one_line(cli: Cli, tmp_path: Path) -> None:
    import shutil

    from directive_cli.load import bundled_data

    data = tmp_path / "data"
    shutil.copytree(bundled_data(), data)
    letter = (data / "directive_2167.yaml").read_text(encoding="utf-8")
    (data / "directive_b.yaml").write_text(  # the same number, another year and symbol
        letter.replace("id: 2167-2023", "id: 2167-2024").replace(
            "symbol: UBND-KTTH", "symbol: UBND-NC"
        ),
        encoding="utf-8",
    )
    result = cli("list", "--data", str(data), "-d", "2167")
    assert (result.exit_code, result.stderr) == (
        Exit.AMBIGUOUS,
        "Lỗi: số '2167' là của nhiều văn bản: 2167-2023, 2167-2024; hãy gõ mã văn bản\n",
    )
    result = cli("list", "--data", str(data), "-d", "2168-2023")
    assert (result.exit_code, result.stderr) == (
        Exit.NOT_FOUND,
        "Lỗi: không có văn bản '2168-2023'; có phải ý bạn là: 2167-2023, 2167-2024\n",
    )
    rows = as_json(cli("list", "--data", str(data), "-d", "2167/UBND-NC", "-c", "4", "-f", "json"))
    assert {r["directive"] for r in rows} == {"2167-2024"}
    # A mistyped reference is matched to the nearest references first.
    result = cli("list", "--data", str(data), "-d", "2167/UBND-NX")
    assert (result.exit_code, result.stderr) == (
        Exit.NOT_FOUND,
        "Lỗi: không có văn bản '2167/UBND-NX'; có phải ý bạn là: 2167-2024, 2167-2023\n",
    )
    # A clause of another directive than --directive's could only list nothing.
    result = cli("list", "--data", str(data), "-c", "2167-2023#4", "-d", "2167/UBND-NC")
    assert (result.exit_code, result.stderr) == (
        Exit.USAGE,
        "Lỗi: điểm 2167-2023#4 không thuộc văn bản đã chọn bằng --directive (2167-2024)\n",
    )


def test_with_several_directives_every_command_names_tasks_with_their_directive(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from directive_cli.load import bundled_data

    data = tmp_path / "data"
    shutil.copytree(bundled_data(), data)
    monkeypatch.setenv("DIRECTIVE_DATA", str(data))
    letter = (data / "directive_2167.yaml").read_text(encoding="utf-8")
    (data / "directive_9999.yaml").write_text(
        letter.replace("id: 2167-2023", "id: 9999-2023").replace(
            'number: "2167"', 'number: "9999"'
        ),
        encoding="utf-8",
    )
    monkeypatch.delenv("DIRECTIVE_DATA")
    alone = [r["task"] for r in as_json(cli("list", "-b", "snv", "-f", "json"))]
    monkeypatch.setenv("DIRECTIVE_DATA", str(data))
    table = ok(cli("list", "-b", "snv", "--as-of", "1/6/2023"))
    assert table.splitlines()[0] == (
        "Nhiệm vụ 2167/UBND-KTTH, 9999/UBND-KTTH — Tính đến ngày 01/06/2023"
    )
    refs = [line.split()[0] for line in table.splitlines()[4:] if line[:2].strip()]
    assert refs == [f"{d}#{r}" for d in ("2167-2023", "9999-2023") for r in alone]
    md = ok(cli("list", "-b", "snv", "-f", "md"))
    # As typed: a ref copied from the Markdown text works with every command.
    assert [line.split("|")[1].strip() for line in md.splitlines()[2:]] == refs
    # Even a list of one directive's tasks names them in full: the short form would be
    # refused by mark, show and history as found in several directives.
    one = ok(cli("list", "-b", "snv", "-c", "9999-2023#4", "--as-of", "1/6/2023"))
    assert one.splitlines()[0] == "Nhiệm vụ 9999/UBND-KTTH — Tính đến ngày 01/06/2023"
    assert [line.split()[:2] for line in one.splitlines()[4:] if line] == [
        ["9999-2023#4:snv", "Sở"]
    ]
    # What the list shows is what `mark`, `show`, `history` and `undo` take and print.
    assert ok(cli("mark", "done", "9999-2023#4:snv", "--on", "1/6/2023")).splitlines()[1:] == [
        "  9999-2023#4:snv: Chưa thực hiện → Hoàn thành (01/06/2023)"
    ]
    shown = ok(cli("show", "9999-2023#4:snv", "--as-of", "1/6/2023")).splitlines()
    assert [line.split()[0] for line in shown if "#4:snv" in line] == ["9999-2023#4:snv", "#1"]
    assert [
        line.split()[:3] for line in ok(cli("history")).splitlines() if line.startswith(" #1")
    ] == [["#1", "1", "9999-2023#4:snv"]]
    [event] = as_json(cli("history", "-f", "json"))
    assert (event["task"], event["directive"]) == ("4:snv", "9999-2023")
    assert ok(cli("undo", "--yes")).splitlines()[1:] == [
        "  9999-2023#4:snv: Hoàn thành → Chưa thực hiện"
    ]
    many = ok(cli("list", "--as-of", "1/6/2023"))
    assert many.splitlines()[0].startswith("Nhiệm vụ 2167/UBND-KTTH, 9999/UBND-KTTH — ")
    # One directive's tasks: by id, number or reference.
    for typed in ("9999-2023", "9999", "9999/ubnd-ktth"):
        rows = as_json(cli("list", "-d", typed, "-b", "snv", "-f", "json"))
        assert [(r["directive"], r["task"]) for r in rows] == [("9999-2023", a) for a in alone]
    both = as_json(cli("list", "-d", "2167", "-d", "9999", "-c", "4", "-f", "json"))
    assert sorted({r["directive"] for r in both}) == ["2167-2023", "9999-2023"]
    ok(cli("mark", "in_progress", "2167-2023#3.1:vpub", "--on", "1/6/2023"))
    overdue = ok(cli("report", "--week", "2023-W22", "-f", "csv", "--table", "overdue"))
    header, *lines = list(csv.reader(io.StringIO(overdue.lstrip("\ufeff"))))
    assert header[1:3] == ["Nhiệm vụ", "Điểm"]
    assert [(r[1], r[2]) for r in lines] == [
        ("2167-2023#3.1:vpub", "2167-2023#3.1"),
        ("9999-2023#3.1:vpub", "9999-2023#3.1"),
    ]
    for n in range(3):  # more than three directives are counted, not named
        (data / f"directive_{n}.yaml").write_text(
            letter.replace("id: 2167-2023", f"id: {n}-2023").replace(
                'number: "2167"', f'number: "{n}"'
            ),
            encoding="utf-8",
        )
    five = ok(cli("list", "-b", "snv", "--as-of", "1/6/2023"))
    assert five.splitlines()[0] == "Nhiệm vụ của 5 văn bản — Tính đến ngày 01/06/2023"
    summary = ok(cli("summary", "--as-of", "1/6/2023")).splitlines()[0]
    assert summary == "Tình hình thực hiện 5 văn bản — Tính đến ngày 01/06/2023"
    assert ok(cli("summary", "--as-of", "1/6/2023", "--lang", "en")).splitlines()[0] == (
        "Progress of 5 documents — As of 01/06/2023"
    )


# --- mark, history, undo --------------------------------------------------------------------


def test_show_as_of_a_past_day_flags_the_marks_made_effective_later(cli: Cli) -> None:
    ok(cli("mark", "in_progress", "4:snv", "--on", "1/6/2023"))
    ok(cli("mark", "done", "4:snv", "--on", "20/6/2023"))
    lines = ok(cli("show", "4:snv", "--as-of", "10/6/2023")).splitlines()
    assert [line.split()[0] for line in lines if line.startswith(" #") and "4:snv" in line] == [
        "#1",
        "#2*",
    ]
    assert lines[-1] == "* có hiệu lực sau ngày 10/06/2023: chưa tính vào trạng thái ở trên"
    assert "Đang thực hiện" in next(line for line in lines if line.startswith(" 4:snv"))
    today = ok(cli("show", "4:snv")).splitlines()
    assert [line.split()[0] for line in today if line.startswith(" #") and "4:snv" in line] == [
        "#1",
        "#2",
    ]
    assert not any(line.startswith("*") for line in today)


def test_undo_is_not_blocked_by_data_it_cannot_read(cli: Cli, tmp_path: Path) -> None:
    """undo reads the directive data only to name tasks; a broken file must not stop it, and
    its tasks are then named in full (which letter they belong to is not known)."""
    ok(cli("mark", "done", "4:snv", "--on", "20/6/2023"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: 1\nid: [", encoding="utf-8")
    assert ok(cli("undo", "--yes", "--data", str(broken))).splitlines() == [
        "Đã hoàn tác lô 1: 1 cập nhật (ghi thành lô 2).",
        "  2167-2023#4:snv: Hoàn thành → Chưa thực hiện",
    ]
    # Marks of a directive the data does not hold are named in full too.
    ok(cli("mark", "done", "4:snv", "--on", "20/6/2023"))
    other = tmp_path / "other"
    other.mkdir()
    letter = (Path(__file__).parent.parent / "data" / "directive_2167.yaml").read_text(
        encoding="utf-8"
    )
    (other / "directive_9999.yaml").write_text(
        letter.replace("id: 2167-2023", "id: 9999-2023"), encoding="utf-8"
    )
    lines = ok(cli("history", "--data", str(other))).splitlines()
    assert [line.split()[2] for line in lines if line.startswith(" #")][1:] == [
        "2167-2023#4:snv",
        "2167-2023#4:snv",
        "2167-2023#4:snv",
    ]


def test_mark_then_list_show_history(cli: Cli) -> None:
    out = ok(
        cli(
            "mark",
            "done",
            "4:so noi vu",
            "--on",
            "20/6/2023",
            "--evidence",
            "Báo cáo số 45/BC-SNV ngày 20/6/2023",
            "--note",
            "đúng hạn",
        )
    )
    assert out == ("Đã ghi 1 cập nhật (lô 1).\n  4:snv: Chưa thực hiện → Hoàn thành (20/06/2023)\n")
    [row] = as_json(cli("list", "-c", "4", "--as-of", "30/6/2023", "-f", "json"))
    assert (row["status"], row["note"], row["evidence"]) == (
        "done",
        "đúng hạn",
        "Báo cáo số 45/BC-SNV ngày 20/6/2023",
    )
    [event] = as_json(cli("history", "4:snv", "-f", "json"))
    assert list(event) == HISTORY_KEYS
    assert {k: event[k] for k in ("task", "status", "previous_status", "effective_on", "by")} == {
        "task": "4:snv",
        "status": "done",
        "previous_status": "todo",
        "effective_on": "2023-06-20",
        "by": "tester",
    }


def test_mark_several_refs_is_all_or_nothing(cli: Cli) -> None:
    result = cli("mark", "done", "3.1:vpub", "4:nowhere")
    assert result.exit_code == Exit.NOT_FOUND
    assert result.stderr == (
        "Lỗi: không có cơ quan, đơn vị 'nowhere'; xem danh sách: directive bodies\n"
    )
    assert as_json(cli("history", "-f", "json")) == []
    out = ok(cli("mark", "in_progress", "3.1", "6a.1:svhttdl", "--on", "1/6/2023"))
    assert out.splitlines()[0] == "Đã ghi 2 cập nhật (lô 1)."


def test_mark_by_filter_asks_first_and_refuses_without_a_terminal(cli: Cli) -> None:
    result = cli("mark", "done", "--clause", "1a", "--group", "g3", "--on", "30/6/2023")
    assert result.exit_code == Exit.CANCELLED
    assert result.stdout.splitlines()[0] == "Sẽ ghi trạng thái «Hoàn thành» cho 13 nhiệm vụ:"
    assert len(result.stdout.splitlines()) == 14  # the heading and the 13 tasks
    assert result.stderr == (
        "Lỗi: không hỏi xác nhận được (đầu vào không phải bàn phím) nên"
        " chưa ghi gì; thêm --yes để ghi 13 nhiệm vụ trên\n"
    )
    assert as_json(cli("history", "-f", "json")) == []
    ok(cli("mark", "done", "--clause", "1a", "--group", "g3", "--on", "30/6/2023", "--yes"))
    rows = as_json(cli("list", "-c", "1a", "-s", "done", "-f", "json"))
    assert len(rows) == 13 and {r["group"] for r in rows} == {"g3"}


def test_english_counts_read_as_english(cli: Cli) -> None:
    one = ok(cli("mark", "done", "4:snv", "--on", "20/6/2023", "--lang", "en"))
    assert one.splitlines()[0] == "Recorded 1 update as batch 1."
    two = ok(cli("mark", "in_progress", "3.1:vpub", "1a:snv", "--on", "1/6/2023", "--lang", "en"))
    assert two.splitlines()[0] == "Recorded 2 updates as batch 2."
    assert ok(cli("undo", "--yes", "--lang", "en")).splitlines()[0] == (
        "Undid batch 2 (2 updates), recorded as batch 3."
    )
    refused = cli(
        "mark", "done", "--clause", "1a", "--group", "g3", "--on", "1/7/2023", "--lang", "en"
    )
    assert refused.stderr.endswith("add --yes to record the 13 tasks above\n")


def test_a_long_confirmation_lists_the_first_tasks_aligned_and_counts_the_rest(cli: Cli) -> None:
    every = as_json(cli("list", "-c", "1", "--as-of", "30/6/2023", "-f", "json"))
    assert len(every) > 60
    result = cli("mark", "done", "--clause", "1", "--on", "30/6/2023")
    assert result.exit_code == Exit.CANCELLED
    heading, *listed, more = result.stdout.splitlines()
    assert heading == f"Sẽ ghi trạng thái «Hoàn thành» cho {len(every)} nhiệm vụ:"
    assert [line.split()[0] for line in listed] == [r["task"] for r in every[:40]]
    names = [line.index(r["body_name"]) for line, r in zip(listed, every, strict=False)]
    assert len(set(names)) == 1  # the names start in one column
    assert more == f"  … và {len(every) - 40} nhiệm vụ nữa"


@pytest.mark.parametrize("bad", ["3.10", "May 2023", "10", "31/02/2023", "2023-13-01"])
def test_mark_refuses_a_date_it_would_have_to_guess(cli: Cli, bad: str) -> None:
    result = cli("mark", "done", "4:snv", "--on", bad)
    assert result.exit_code == Exit.USAGE
    assert result.stderr.count("\n") == 1 and "16/5/2023" in result.stderr
    assert as_json(cli("history", "-f", "json")) == []


def test_undo_reverses_the_last_batch(cli: Cli) -> None:
    ok(cli("mark", "in_progress", "4:snv", "--on", "1/6/2023"))
    ok(cli("mark", "done", "4:snv", "--on", "20/6/2023"))
    out = ok(cli("undo", "--yes"))
    # The batch `mark` printed (#2), then the batch that records the undo (#3).
    assert out == (
        "Đã hoàn tác lô 2: 1 cập nhật (ghi thành lô 3).\n  4:snv: Hoàn thành → Đang thực hiện\n"
    )
    [row] = as_json(cli("list", "-c", "4", "-b", "snv", "-f", "json"))
    assert row["status"] == "in_progress"
    events = as_json(cli("history", "-f", "json"))
    assert [(e["id"], e["batch"], e["status"], e["undoes"]) for e in events] == [
        (1, 1, "in_progress", None),
        (2, 2, "done", None),
        (3, 3, "in_progress", 2),
    ]


def test_as_of_shows_each_status_as_it_stood_that_day(cli: Cli) -> None:
    ok(cli("mark", "in_progress", "4:snv", "--on", "1/6/2023"))
    ok(cli("mark", "done", "4:snv", "--on", "20/7/2023"))
    statuses = {
        day: [
            r["status"]
            for r in as_json(cli("list", "-c", "4", "-b", "snv", "--as-of", day, "-f", "json"))
        ]
        for day in ("31/5/2023", "30/6/2023", "20/7/2023")
    }
    assert statuses == {"31/5/2023": ["todo"], "30/6/2023": ["in_progress"], "20/7/2023": ["done"]}
    [today_row] = as_json(cli("list", "-c", "4", "-b", "snv", "-f", "json"))
    assert today_row["status"] == "done"
    june = ok(cli("show", "4", "--as-of", "30/6/2023")).splitlines()
    assert [line.split() for line in june if line.startswith(" 4:snv")] == [
        ["4:snv", "Sở", "Nội", "vụ", "Chủ", "trì", "Đang", "thực", "hiện", "Không", "thời", "hạn"]
    ]


def test_mark_refuses_a_date_after_today(cli: Cli) -> None:
    tomorrow = office_today() + timedelta(days=1)
    result = cli("mark", "done", "4:snv", "--on", tomorrow.isoformat())
    assert (result.exit_code, result.stderr) == (
        Exit.USAGE,
        f"Lỗi: --on: ngày {tomorrow:%d/%m/%Y} sau hôm nay; chỉ ghi việc đã xảy ra"
        " (ngày của văn bản báo cáo)\n",
    )
    assert as_json(cli("history", "-f", "json")) == []


def test_done_again_keeps_the_day_it_was_first_done(cli: Cli) -> None:
    ok(cli("mark", "done", "1a:syt", "--on", "20/6/2023"))
    ok(
        cli(
            "mark",
            "done",
            "--clause",
            "1a",
            "--body",
            "syt",
            "--body",
            "stp",
            "--yes",
            "-e",
            "BC tổng hợp cuối năm",
        )
    )  # today, years after the deadline
    rows = as_json(cli("list", "-c", "1a", "-b", "syt", "-b", "stp", "-f", "json"))
    assert [(r["task"], r["status"], r["timeliness"]) for r in rows] == [
        ("1a:stp", "done", "late"),
        ("1a:syt", "done", "on_time"),
    ]
    # A "done" typed with today's date by mistake is corrected by the same mark, dated right.
    fixed = cli("mark", "done", "1a:stp", "--on", "1/6/2023")
    assert (fixed.exit_code, fixed.stderr) == (0, "")  # it counts: no "history only" warning
    [stp] = as_json(cli("list", "-c", "1a", "-b", "stp", "-f", "json"))
    assert stp["timeliness"] == "on_time"


def test_a_backdated_mark_says_a_later_one_still_decides(cli: Cli) -> None:
    ok(cli("mark", "done", "4:snv", "--on", "20/7/2023"))
    result = cli("mark", "in_progress", "4:snv", "--on", "1/6/2023")
    assert result.stdout == (
        "Đã ghi 1 cập nhật (lô 2).\n  4:snv: Chưa thực hiện → Đang thực hiện (01/06/2023)\n"
    )
    assert result.stderr == (
        "Cảnh báo: 4:snv đã có cập nhật hiệu lực ngày 20/07/2023 (Hoàn thành); trạng thái"
        " hiện tại vẫn theo cập nhật đó, cập nhật này chỉ vào lịch sử\n"
    )
    [row] = as_json(cli("list", "-c", "4", "-b", "snv", "-f", "json"))
    assert row["status"] == "done"


def test_a_mark_dated_before_the_directive_needs_a_confirmation(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli("mark", "in_progress", "3.1:vpub", "--on", "1/6/2023"))  # the database exists
    warning = (
        "Cảnh báo: ngày hiệu lực 01/05/2023 trước ngày ban hành 2167/UBND-KTTH (16/05/2023);"
        " kiểm tra lại --on\n"
    )
    refused = cli("mark", "done", "4:snv", "--on", "1/5/2023")
    assert refused.exit_code == Exit.CANCELLED
    assert refused.stderr == warning + (
        "Lỗi: ngày hiệu lực trước ngày ban hành văn bản nên cần xác nhận, mà không hỏi được (đầu"
        " vào không phải bàn phím): chưa ghi gì; kiểm tra --on, hoặc thêm --yes nếu đúng là ngày đó\n"
    )
    assert len(as_json(cli("history", "-f", "json"))) == 1
    monkeypatch.setattr("directive_cli.output.interactive", lambda: True)
    declined = cli("mark", "done", "4:snv", "--on", "1/5/2023", input="không\n")
    assert declined.exit_code == Exit.CANCELLED
    assert declined.stdout == "Tiếp tục? [c/K]: "
    agreed = cli("mark", "done", "4:snv", "--on", "1/5/2023", input="có\n")
    assert agreed.exit_code == 0, agreed.output
    assert agreed.stderr == warning
    result = cli("mark", "done", "2:snv", "--on", "1/5/2023", "--yes")
    assert result.exit_code == 0
    assert result.stderr == warning
    assert len(as_json(cli("history", "-f", "json"))) == 3


def test_a_database_path_typed_for_the_first_time_is_announced(cli: Cli, tmp_path: Path) -> None:
    typo = tmp_path / "tien-do-moi.db"
    first = cli("mark", "done", "4:snv", "--on", "1/6/2023", "--db", str(typo))
    assert first.exit_code == 0
    assert first.stderr == (
        f"Cảnh báo: chưa có cơ sở dữ liệu tiến độ tại {typo} nên đã tạo mới"
        " (nếu đã có ở chỗ khác, kiểm tra --db / DIRECTIVE_DB)\n"
    )
    again = cli("mark", "done", "3.1", "--on", "1/6/2023", "--db", str(typo))
    assert (again.exit_code, again.stderr) == (0, "")
    # Reading never creates a database; it says the one named is not there.
    nowhere = tmp_path / "nowhere.db"
    read = cli("list", "--db", str(nowhere), "-c", "4", "-b", "snv", "-f", "json")
    assert (read.exit_code, read.stderr) == (
        0,
        f"Cảnh báo: chưa có cơ sở dữ liệu tiến độ tại {nowhere}: chưa ghi gì ở đó nên mọi"
        " nhiệm vụ hiện là chưa thực hiện (kiểm tra --db / DIRECTIVE_DB)\n",
    )
    assert [r["status"] for r in json.loads(read.stdout)] == ["todo"]
    assert not nowhere.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["mark", "done", "4:snv", "--on", ""], "Lỗi: --on: cần nhập ngày\n"),
        (
            ["mark", "done", "1a:syt", "-b", "so y te", "--yes"],
            "Lỗi: hãy nêu nhiệm vụ (4:snv) hoặc bộ lọc (--clause, --body, --group), không cả hai;"
            " ví dụ: directive mark done --clause 4 --body snv\n",
        ),
    ],
)
def test_a_mark_that_could_mean_two_things_records_nothing(
    cli: Cli, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert (result.exit_code, result.stderr) == (Exit.USAGE, message)
    assert as_json(cli("history", "-f", "json")) == []


def test_a_mark_after_a_body_ceased_is_refused_naming_its_successors(cli: Cli) -> None:
    ok(cli("mark", "in_progress", "3.1:vpub", "--on", "1/6/2023"))  # the database exists
    result = cli("mark", "done", "1d:h-bato", "1d:vpub", "--on", "1/7/2025")
    assert result.exit_code == Exit.USAGE
    assert result.stdout == ""
    assert result.stderr == (
        "Lỗi: h-bato (UBND huyện Ba Tơ) đã thôi hoạt động sau ngày 30/06/2025; không ghi được"
        " cho ngày 01/07/2025; kế thừa: x-bavi (UBND xã Ba Vì), x-bato-21523 (UBND xã Ba Tô),"
        " x-badinh (UBND xã Ba Dinh), x-bato-21484 (UBND xã Ba Tơ), x-bavinh (UBND xã Ba Vinh),"
        " x-badong (UBND xã Ba Động), x-dangthuytram (UBND xã Đặng Thùy Trâm), x-baxa (UBND xã"
        " Ba Xa)\n"
    )
    # Nothing was recorded, not even the task of the body that still exists.
    assert [e["task"] for e in as_json(cli("history", "-f", "json"))] == ["3.1:vpub"]
    # Its last day is still its own; the successor holds the task from the next day.
    ok(cli("mark", "done", "1d:h-bato", "--on", "30/6/2025"))
    ok(cli("mark", "done", "1d:x-baxa", "--on", "1/7/2025"))
    early = cli("mark", "done", "1d:x-baxa", "--on", "30/6/2025", "--lang", "en")
    assert (early.exit_code, early.stderr) == (
        Exit.USAGE,
        "Error: 1d:x-baxa exists only from 01/07/2025 (inherited from UBND huyện Ba Tơ); nothing"
        " can be recorded for 30/06/2025\n",
    )


def test_options_typed_before_the_command_work(cli: Cli) -> None:
    assert ok(cli("--lang", "en", "list", "-c", "3.1", "--as-of", "1/6/2023")) == ok(
        cli("list", "-c", "3.1", "--as-of", "1/6/2023", "--lang", "en")
    )


def test_due_soon_says_how_many_days_are_left(cli: Cli) -> None:
    lines = ok(cli("list", "-b", "snv", "-t", "sắp đến hạn", "--as-of", "28/12/2023")).splitlines()
    assert [line.split("   ")[-2:] for line in lines if line.startswith(" 1a:snv")] == [
        ["Sắp đến hạn (còn 3 ngày)", "Mục tiêu 31/12/2023"]
    ]


def test_history_of_some_bodies(cli: Cli) -> None:
    ok(cli("mark", "done", "4:snv", "3.1:vpub", "--on", "20/6/2023"))
    ok(cli("mark", "in_progress", "1a:snv", "--on", "21/6/2023"))
    events = as_json(cli("history", "-b", "snv", "-f", "json"))
    assert [(e["id"], e["task"]) for e in events] == [(1, "4:snv"), (3, "1a:snv")]
    # History has no day to tell the two Sở Nội vụ apart: the name is refused with both.
    across = cli("history", "-b", "so noi vu")
    assert (across.exit_code, across.stderr) == (
        Exit.AMBIGUOUS,
        "Lỗi: 'so noi vu' là tên của nhiều cơ quan qua các thời kỳ: snv (Sở Nội vụ, đến"
        " 28/02/2025); snv-2025 (Sở Nội vụ, từ 01/03/2025); hãy gõ mã cơ quan\n",
    )
    assert as_json(cli("history", "1a", "-b", "snv", "-b", "stp", "-f", "json")) == [events[1]]


def test_a_history_table_shows_the_newest_events_and_counts_the_rest(cli: Cli) -> None:
    for day in range(1, 8):
        ok(
            cli(
                "mark",
                "in_progress" if day % 2 else "blocked",
                "4:snv",
                "1a:stp",
                "--on",
                f"{day}/6/2023",
            )
        )
    every = as_json(cli("history", "-f", "json"))
    assert [e["id"] for e in every] == list(range(1, 15))

    def shown(*args: str) -> tuple[list[int], list[str]]:
        lines = ok(cli("history", *args)).splitlines()
        ids = [
            int(line.split()[0][1:])
            for line in lines
            if line.startswith(" #") and line.split()[0][1:].isdigit()
        ]
        return ids, [line for line in lines if line.startswith("…")]

    assert shown("-n", "3") == (
        [12, 13, 14],
        ["… còn 11 dòng nữa (dùng --all hoặc --limit N để xem thêm)"],
    )
    assert shown("-n", "3", "-b", "stp") == (
        [10, 12, 14],
        ["… còn 4 dòng nữa (dùng --all hoặc --limit N để xem thêm)"],
    )
    assert shown("-n", "3", "4") == (
        [9, 11, 13],
        ["… còn 4 dòng nữa (dùng --all hoặc --limit N để xem thêm)"],
    )
    assert shown("--all") == (list(range(1, 15)), [])
    assert shown("-n", "14") == (list(range(1, 15)), [])


def test_timeliness_as_the_table_shows_it(cli: Cli) -> None:
    overdue = as_json(cli("list", "-t", "overdue", "--as-of", "2/1/2024", "-f", "json"))
    assert (
        overdue
        and as_json(cli("list", "-t", "quá hạn", "--as-of", "2/1/2024", "-f", "json")) == overdue
    )
    assert as_json(cli("list", "-t", "qua han", "--as-of", "2/1/2024", "-f", "json")) == overdue


def test_mark_by_filters_that_match_nothing_says_so(cli: Cli) -> None:
    result = cli("mark", "done", "--clause", "4", "--body", "stc", "--yes")
    assert (result.exit_code, result.stderr) == (
        Exit.NOT_FOUND,
        "Lỗi: không có nhiệm vụ nào khớp các bộ lọc đã nêu (--clause, --body,"
        " --group); chưa ghi gì\n",
    )
    assert as_json(cli("history", "-f", "json")) == []


def test_undo_with_nothing_to_undo(cli: Cli) -> None:
    result = cli("undo", "--yes")
    assert (result.exit_code, result.stderr.splitlines()[1:]) == (
        Exit.NOT_FOUND,
        ["Lỗi: không có cập nhật nào để hoàn tác"],
    )
    # The database named (here by DIRECTIVE_DB) is not there: said first, as for `list`.
    assert result.stderr.startswith("Cảnh báo: chưa có cơ sở dữ liệu tiến độ tại ")


def test_show_renders_the_clause_like_the_letter(cli: Cli) -> None:
    ok(cli("mark", "done", "3.1:vpub", "--on", "5/6/2023", "--evidence", "Tờ trình 12/TTr-VP"))
    out = ok(cli("show", "3.1", "--as-of", "10/6/2023"))
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[:8] == [
        "2167/UBND-KTTH — Điểm 3.1. Sửa đổi, bổ sung Quy chế làm việc của Ban cán sự đảng UBND tỉnh",
        "",
        "Khẩn trương rà soát, nghiên cứu, tham mưu Ban cán sự đảng UBND tỉnh trình cấp thẩm quyền"
        " sửa đổi, bổ",
        "sung Quy chế làm việc của Ban cán sự đảng UBND tỉnh bảo đảm đúng quy định, phù hợp với tình"
        " hình",
        "thực tiễn; hoàn thành trong tháng 5/2023.",
        "",
        "Thời hạn: Thời hạn cố định 31/05/2023 — Căn cứ: «hoàn thành trong tháng 5/2023»",
        "Tính đến ngày 10/06/2023",
    ]
    task_rows = [line.split() for line in lines if line.startswith(" 3.1:vpub")]
    assert task_rows[0] == [
        "3.1:vpub",
        "Văn",
        "phòng",
        "UBND",
        "tỉnh",
        "Thực",
        "hiện",
        "Hoàn",
        "thành",
        "Trễ",
        "hạn",
        "31/05/2023",
    ]
    assert any("Tờ trình 12/TTr-VP" in line for line in lines)


def test_show_a_clause_with_an_open_group(cli: Cli) -> None:
    out = ok(cli("show", "4"))
    assert (
        "Phối hợp: các cơ quan, đơn vị, địa phương có liên quan (nhóm mở: không lập nhiệm vụ)"
        in out
    )


# --- summary, bodies ------------------------------------------------------------------------


def test_summary_counts_the_two_by_two_grid(cli: Cli) -> None:
    ok(cli("mark", "done", "3.1:vpub", "--on", "5/6/2023"))
    ok(cli("mark", "done", "1a:vpub", "--on", "1/6/2023"))
    ok(cli("mark", "blocked", "4:snv", "--on", "1/6/2023"))
    rows = as_json(cli("summary", "--as-of", "1/1/2024", "-f", "json"))
    vpub = next(r for r in rows if r["body"] == "vpub")
    snv = next(r for r in rows if r["body"] == "snv")
    assert vpub == {
        "body": "vpub",
        "body_name": "Văn phòng UBND tỉnh",
        "group": "g1",
        "total": 6,
        "done": 2,
        "on_time": 1,
        "late": 1,
        "not_done": 4,
        "in_time": 0,
        "overdue": 0,
        "no_deadline": 4,
        "transferred": 0,
        "percent": 33.3,
    }
    assert (snv["total"], snv["done"], snv["overdue"], snv["no_deadline"]) == (6, 0, 1, 5)
    assert [r["group"] for r in rows] == ["g1"] * 20 + ["g2"] * 12 + ["g3"] * 13


def test_summary_table_has_groups_totals_and_bars(cli: Cli) -> None:
    out = ok(cli("summary", "--as-of", "1/6/2023"))
    lines = [line.strip() for line in out.splitlines()]
    assert lines[0] == "Tình hình thực hiện 2167/UBND-KTTH — Tính đến ngày 01/06/2023"
    starts = [line.split("  ")[0] for line in lines]
    for label in ("SỞ, BAN NGÀNH", "CƠ QUAN TRUNG ƯƠNG", "HUYỆN, THỊ XÃ, THÀNH PHỐ", "TỔNG CỘNG"):
        assert label in starts
    total = next(line for line in lines if line.startswith("TỔNG CỘNG")).split()
    assert total[2:] == [
        "211",
        "0",
        "0",
        "0",
        "211",
        "45",
        "1",
        "0,0",
        "░░░░░",
    ]  # a decimal comma in Vietnamese


def test_bodies_in_protocol_and_dictionary_order(cli: Cli) -> None:
    rows = as_json(cli("bodies", "-g", "g3", "--as-of", "1/6/2023", "-f", "json"))
    assert [r["id"] for r in rows][:3] == ["tp-quangngai", "tx-ducpho", "h-binhson"]
    by_name = as_json(
        cli("bodies", "-g", "g3", "--sort", "name", "--as-of", "1/6/2023", "-f", "json")
    )
    assert [r["name"] for r in by_name] == [
        "UBND huyện Ba Tơ",
        "UBND huyện Bình Sơn",
        "UBND huyện Lý Sơn",
        "UBND huyện Minh Long",
        "UBND huyện Mộ Đức",
        "UBND huyện Nghĩa Hành",
        "UBND huyện Sơn Hà",
        "UBND huyện Sơn Tây",
        "UBND huyện Sơn Tịnh",
        "UBND huyện Trà Bồng",
        "UBND huyện Tư Nghĩa",
        "UBND thành phố Quảng Ngãi",
        "UBND thị xã Đức Phổ",
    ]
    assert rows[1]["aliases"] == ["TX Đức Phổ", "Thị xã Đức Phổ", "Đức Phổ"]


def test_english_labels(cli: Cli) -> None:
    out = ok(cli("list", "-c", "3.1", "--as-of", "1/6/2023", "--lang", "en"))
    assert out.splitlines()[0].strip() == "Tasks of 2167/UBND-KTTH — As of 01/06/2023"
    assert "Overdue" in out and "Quá hạn" not in out
    # Group headings come from the registry's English names; body names stay Vietnamese.
    rows = [
        line.split("  ")[0].strip()
        for line in ok(cli("summary", "--as-of", "1/6/2023", "--lang", "en")).splitlines()[5:]
    ]
    assert [r for r in rows if r.isupper()] == [
        "DEPARTMENTS AND AGENCIES",
        "CENTRAL AGENCIES",
        "DISTRICTS, TOWN, CITY",
        "TOTAL",
    ]
    assert "Văn phòng UBND tỉnh" in rows


def test_language_from_a_locale_name_and_an_unknown_one_refused(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVE_LANG", "en_US.UTF-8")
    out = ok(cli("list", "-c", "3.1", "--as-of", "1/6/2023"))
    assert out.splitlines()[0].strip() == "Tasks of 2167/UBND-KTTH — As of 01/06/2023"
    result = cli("list", "--lang", "fr")
    assert (result.exit_code, result.stdout, result.stderr) == (
        Exit.USAGE,
        "",
        "Lỗi: --lang: không có ngôn ngữ 'fr' (có: vi, en)\n",
    )


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["list", "-b", "so noi vuu"],
            Exit.NOT_FOUND,
            # Suggested among the bodies of the day (today: the merged Sở Nội vụ).
            "Lỗi: không có cơ quan, đơn vị 'so noi vuu'; có phải ý bạn là: snv-2025 (Sở Nội vụ),"
            " sngv (Sở Ngoại vụ), x-sonky (UBND xã Sơn Kỳ); xem danh sách: directive bodies\n",
        ),
        (
            ["show", "9"],
            Exit.NOT_FOUND,
            "Lỗi: không có điểm '9'; các điểm có: 1, 1a, 1b, 1c, 1d, 2, 3, 3.1, 3.2, 4, 5, 6, 6a,"
            " 6a.1, 6b, 7\n",
        ),
        (
            ["show", "9", "--lang", "en"],
            Exit.NOT_FOUND,
            "Error: unknown clause '9'; clauses are: 1, 1a, 1b, 1c, 1d, 2, 3, 3.1, 3.2, 4, 5, 6, 6a,"
            " 6a.1, 6b, 7\n",
        ),
        (
            ["list", "--format", "xml"],
            Exit.USAGE,
            "Lỗi: --format: 'xml' không phải định dạng hợp lệ; dùng: table, json, jsonl, csv, md, xlsx\n",
        ),
        (["list", "-s", "finished"], Exit.USAGE, None),
        (
            ["mark", "done", "5"],
            Exit.USAGE,
            # Today the two departments of 2023 are gone: the clause's bodies are their successors.
            "Lỗi: điểm 5 có 2 nhiệm vụ; hãy ghi rõ cơ quan, ví dụ 5:snv-2025\n",
        ),
        (["mark", "done"], Exit.USAGE, None),
        (
            ["list", "--data", "/nonexistent/x.yaml"],
            Exit.DATA,
            "Lỗi: /nonexistent/x.yaml: không có tệp hay thư mục này\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_a_named_exit_code(
    cli: Cli, args: list[str], code: int, message: str | None
) -> None:
    result = cli(*args)
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(("Lỗi: ", "Error: "))
    if message:
        assert result.stderr == message
    assert result.stdout == ""


def test_ambiguous_body_lists_candidates(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "bodies.yaml").write_text(
        "schema: 1\ngroups:\n  - {id: g1, name: Nhóm}\nbodies:\n"
        "  - {id: so-a, name: Sở An, groups: [g1]}\n  - {id: so-b, name: Số An, groups: [g1]}\n",
        encoding="utf-8",
    )
    (tmp_path / "d.yaml").write_text(
        "schema: 1\nid: d-1\nnumber: '1'\nsymbol: UBND-X\ntype: Công văn\nissuer: UBND\n"
        "issued_on: 2024-01-02\nsubject: Thử\nsigner: {name: A, title: B}\nclauses:\n"
        "  - id: '1'\n    title: T\n    text: Nội dung\n    responsible: [{group: g1, role: lead}]\n",
        encoding="utf-8",
    )
    result = cli("list", "--data", str(tmp_path), "-b", "so an")
    assert result.exit_code == Exit.AMBIGUOUS
    assert (
        result.stderr == "Lỗi: 'so an' khớp với nhiều cơ quan, đơn vị: so-a (Sở An); so-b (Số An)\n"
    )
    rows = json.loads(ok(cli("list", "--data", str(tmp_path), "-b", "Số An", "-f", "json")))
    assert [r["task"] for r in rows] == ["1:so-b"]


def test_unreadable_database_is_a_store_error(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "x.db"
    bad.write_bytes(b"not a database" * 200)
    result = cli("list", "--db", str(bad))
    assert result.exit_code == Exit.STORE and result.stderr.count("\n") == 1


def test_validate_bundled_data(cli: Cli) -> None:
    assert ok(cli("validate")) == (
        "Tất cả tệp hợp lệ: 1 văn bản, 16 điểm, 211 nhiệm vụ."
        " Thêm 199 nhiệm vụ chuyển cho cơ quan kế thừa.\n"
    )


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "directive_cli", "validate"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert out.stdout.startswith("Tất cả tệp hợp lệ")


def test_a_closed_pipe_stops_quietly_with_the_shells_code(cli: Cli) -> None:
    import subprocess
    import sys

    ok(cli("mark", "done", "4:snv", "--on", "20/6/2023"))  # DIRECTIVE_DB exists: no warning

    # `directive list -f json | head -1`: the reader leaves after one line. The JSON (~110 kB)
    # is more than a pipe holds (64 kB), so the writer is still writing when the reader goes.
    proc = subprocess.Popen(
        [sys.executable, "-m", "directive_cli", "list", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"[\n"
    proc.stdout.close()
    assert proc.wait(timeout=60) == Exit.PIPE
    assert proc.stderr.read() == b""


def test_version(cli: Cli) -> None:
    from directive_cli import __version__

    assert ok(cli("--version")) == f"directive-cli {__version__}\n"


def test_app_is_the_console_script() -> None:
    import tomllib

    project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["directive"] == "directive_cli.app:main"
    assert app.info.name == "directive"


# --- completion -----------------------------------------------------------------------------


def test_completion_callbacks() -> None:
    from directive_cli.completion import (
        complete_body,
        complete_clause,
        complete_ref,
        complete_status,
    )

    # Every body ever (an id is typed for a day the shell cannot know), in protocol order.
    assert [v for v, _ in complete_body("sn")] == [
        "snv",
        "snv-2025",
        "SNV",  # an abbreviation of snv-2025 that its id does not spell
        "snnptnt",
        "snnmt",
        "sngv",
    ]
    assert complete_body("skhd") == [("skhdt", "Sở Kế hoạch và Đầu tư")]
    assert [v for v, _ in complete_clause("6")] == ["6", "6a", "6a.1", "6b"]
    assert complete_ref("4:") == [("4:snv", "Sở Nội vụ"), ("4:snv-2025", "Sở Nội vụ")]
    assert [v for v, _ in complete_ref("5:s")] == [
        "5:sldtbxh",
        "5:snnptnt",
        "5:snv-2025",
        "5:snnmt",
    ]
    assert complete_status("in") == [("in_progress", "Đang thực hiện")]


def test_shell_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import shellingham

    from directive_cli.commands import completion as module

    def undetectable() -> tuple[str, str]:
        raise shellingham.ShellDetectionFailure()

    monkeypatch.setattr(shellingham, "detect_shell", undetectable)
    monkeypatch.setenv("SHELL", "/usr/bin/fish")
    assert module.shell_name() == "fish"
    monkeypatch.setenv("SHELL", "")
    assert module.shell_name() == (None if module.os.name != "nt" else "powershell")


@pytest.mark.parametrize(
    ("shell", "first"),
    [
        ("bash", "_directive_completion() {"),
        ("zsh", "#compdef directive"),
        ("fish", "complete --command directive"),
        ("powershell", "Import-Module PSReadLine"),
    ],
)
def test_completion_script_for_a_named_shell(cli: Cli, shell: str, first: str) -> None:
    out = ok(cli("completion", shell))
    assert out.splitlines()[0].startswith(first)
    assert "_DIRECTIVE_COMPLETE" in out


def test_list_clause_may_name_its_directive(cli: Cli) -> None:
    rows = as_json(cli("list", "--clause", "2167-2023#3.1", "--format", "json"))
    assert [r["task"] for r in rows] == ["3.1:vpub"]
    result = cli("list", "--clause", "x#3.1")
    assert result.exit_code == 4
    assert result.stderr == "Lỗi: không có văn bản 'x'; có phải ý bạn là: 2167-2023\n"
