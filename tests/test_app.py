"""app.py: argv order, one-line parse errors, and where each exception becomes an exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from directive_cli import i18n, typer_compat
from directive_cli.app import (
    COMMANDS,
    DirectiveGroup,
    Exit,
    _command_first,
    app,
    exit_for,
    fail,
    handled,
    usage_error,
)
from directive_cli.errors import (
    Ambiguous,
    Cancelled,
    DirectiveError,
    InvalidInput,
    NotFound,
    OutputError,
    Problem,
    StoreError,
)

CLICK = typer_compat.click_exceptions()


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_lang("en")
    yield
    i18n.set_lang("vi")


@pytest.fixture(autouse=True)
def _vietnamese_after() -> Iterator[None]:
    yield
    i18n.set_lang("vi")  # `handled` chooses the language of the call it wraps


def test_exit_codes_are_fixed() -> None:
    # Scripts and the README depend on these numbers: a change is a breaking change.
    assert {e.name: int(e) for e in Exit} == {
        "OK": 0,
        "FAILURE": 1,
        "USAGE": 2,
        "DATA": 3,
        "NOT_FOUND": 4,
        "AMBIGUOUS": 5,
        "STORE": 6,
        "OUTPUT": 7,
        "CANCELLED": 8,
        "TAMPERED": 9,
        "INTERRUPTED": 130,
        "PIPE": 141,
    }


def test_the_commands_in_help_order_each_with_its_module_and_panel() -> None:
    assert {name: (e.module, e.panel) for name, e in COMMANDS.items()} == {
        "list": ("list_", "look"),
        "show": ("show", "look"),
        "mark": ("mark", "record"),
        "history": ("history", "look"),
        "undo": ("undo", "record"),
        "extend": ("extend", "record"),
        "summary": ("summary", "report"),
        "bodies": ("bodies", "look"),
        "validate": ("validate", "admin"),
        "completion": ("completion", "admin"),
        "backup": ("backup", "admin"),
        "restore": ("restore", "admin"),
        "verify": ("verify", "admin"),
        "info": ("info", "admin"),
        "access": ("access", "admin"),
        "db": ("db", "admin"),
        "report": ("report", "report"),
        "remind": ("remind", "report"),
        "draft": ("draft", "admin"),
    }


def test_the_group_lists_every_command_and_builds_each_once() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, DirectiveGroup)
    assert group.list_commands(None) == list(COMMANDS)
    assert group.get_command(None, "lst") is None
    built = group.get_command(None, "show")
    assert built.name == "show" and built.rich_help_panel == "Tra cứu"
    assert group.get_command(None, "show") is built
    assert [p.name for p in built.params][-1] == "lang"  # every command takes --lang


def test_panels_follow_the_language(english: None) -> None:
    group = typer.main.get_command(app)
    assert group.get_command(None, "backup").rich_help_panel == "Data and safety"


def problem(line: int, message: str) -> Problem:
    return Problem("data/2167.yaml", line, message)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            DirectiveError([problem(12, "khóa lạ 'titel'")]),
            ("data/2167.yaml:12: khóa lạ 'titel'", Exit.DATA),
        ),
        (
            DirectiveError([problem(12, "a"), problem(30, "b"), problem(41, "c")]),
            ("data/2167.yaml:12: a (+2 lỗi khác; xem tất cả: directive validate)", Exit.DATA),
        ),
        (
            Ambiguous("'so' khớp với nhiều cơ quan, đơn vị: a; b", ("a", "b")),
            ("'so' khớp với nhiều cơ quan, đơn vị: a; b", Exit.AMBIGUOUS),
        ),
        (NotFound("không có điểm '9'"), ("không có điểm '9'", Exit.NOT_FOUND)),
        (
            NotFound("không có văn bản 'x'", ("2167-2023",)),
            ("không có văn bản 'x'; có phải ý bạn là: 2167-2023", Exit.NOT_FOUND),
        ),
        (
            NotFound("không có cơ quan 'snvv'", ("snv", "sngv"), "xem: directive bodies"),
            (
                "không có cơ quan 'snvv'; có phải ý bạn là: snv, sngv; xem: directive bodies",
                Exit.NOT_FOUND,
            ),
        ),
        (NotFound("m", fix="f"), ("m; f", Exit.NOT_FOUND)),
        (InvalidInput("--on: cần nhập ngày"), ("--on: cần nhập ngày", Exit.USAGE)),
        (i18n.UnknownLanguage("--lang: x"), ("--lang: x", Exit.USAGE)),
        (StoreError("cơ sở dữ liệu bận"), ("cơ sở dữ liệu bận", Exit.STORE)),
        (OutputError("x.md đã có"), ("x.md đã có", Exit.OUTPUT)),
        (Cancelled("đã hủy, không ghi gì"), ("đã hủy, không ghi gì", Exit.CANCELLED)),
    ],
)
def test_exit_for_each_mistake(exc: BaseException, expected: tuple[str, Exit]) -> None:
    assert exit_for(exc) == expected


def test_more_problems_name_the_data_to_validate() -> None:
    many = [problem(1, "a"), problem(2, "b"), problem(3, "c")]
    assert exit_for(DirectiveError(many, Path("/srv/dữ liệu/văn bản"))) == (
        'data/2167.yaml:1: a (+2 lỗi khác; xem tất cả: directive validate "/srv/dữ liệu/văn bản")',
        Exit.DATA,
    )
    assert exit_for(DirectiveError(many, Path("data/2167.yaml")))[0].endswith(  # type: ignore[index]
        "(+2 lỗi khác; xem tất cả: directive validate data/2167.yaml)"
    )
    assert exit_for(DirectiveError(many[:1], Path("data"))) == (
        "data/2167.yaml:1: a",
        Exit.DATA,
    )


def test_more_problems_are_counted_in_english(english: None) -> None:
    exc = DirectiveError([problem(1, "a"), problem(2, "b")])
    assert exit_for(exc) == ("data/2167.yaml:1: a (+1 more; see them all: directive validate)", 3)


def test_suggestions_in_english(english: None) -> None:
    assert exit_for(NotFound("unknown clause '9'", ("1", "2"))) == (
        "unknown clause '9'; did you mean: 1, 2",
        Exit.NOT_FOUND,
    )


@pytest.mark.parametrize(
    "exc",
    [
        ValueError("bug"),
        KeyError("vpub"),
        LookupError("x"),
        OSError(5, "I/O error"),
        RuntimeError("x"),
        TypeError("x"),
        KeyboardInterrupt(),
        SystemExit(3),
    ],
)
def test_anything_else_is_not_a_users_mistake(exc: BaseException) -> None:
    assert exit_for(exc) is None


def test_fail_writes_one_safe_line(capsys: pytest.CaptureFixture[str]) -> None:
    exit_ = fail("không có điểm 'x\x1b[2J\ny'", Exit.NOT_FOUND)
    assert isinstance(exit_, typer.Exit) and exit_.exit_code == 4
    assert capsys.readouterr() == ("", "Lỗi: không có điểm 'x\\x1b[2J y'\n")


def command(behaviour: Any) -> Any:
    def run(status: str, *, note: str | None = None) -> Any:
        """A command."""
        return behaviour(status, note)

    return handled(run)


def test_handled_passes_the_arguments_and_the_result() -> None:
    wrapped = command(lambda status, note: (status, note, i18n.current()))
    assert wrapped("done", note="x") == ("done", "x", "vi")
    assert wrapped("done", lang="en") == ("done", None, "en")


def test_handled_turns_a_mistake_into_its_line_and_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(status: str, note: str | None) -> None:
        raise NotFound("không có điểm '9'", fix="các điểm có: 1, 2")

    with pytest.raises(typer.Exit) as exc:
        command(refuse)("done")
    assert exc.value.exit_code == Exit.NOT_FOUND
    assert capsys.readouterr() == ("", "Lỗi: không có điểm '9'; các điểm có: 1, 2\n")


def test_handled_speaks_the_language_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(status: str, note: str | None) -> None:
        raise InvalidInput(i18n.t("err.date_required"))

    with pytest.raises(typer.Exit) as exc:
        command(refuse)("done", lang="en")
    assert exc.value.exit_code == Exit.USAGE
    assert capsys.readouterr().err == "Error: a date is required\n"


def test_an_unknown_language_is_refused_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    ran = []
    with pytest.raises(typer.Exit) as exc:
        command(lambda status, note: ran.append(status))("done", lang="fr")
    assert exc.value.exit_code == Exit.USAGE
    assert capsys.readouterr().err == "Lỗi: --lang: không có ngôn ngữ 'fr' (có: vi, en)\n"
    assert ran == []


def test_ctrl_c_is_130_and_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(status: str, note: str | None) -> None:
        raise KeyboardInterrupt

    with pytest.raises(typer.Exit) as exc:
        command(interrupted)("done")
    assert exc.value.exit_code == Exit.INTERRUPTED == 130
    assert capsys.readouterr() == ("", "")


def test_a_closed_pipe_is_141_and_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    def closed(status: str, note: str | None) -> None:
        raise BrokenPipeError

    with pytest.raises(SystemExit) as exc:
        command(closed)("done")
    assert exc.value.code == Exit.PIPE == 141
    assert capsys.readouterr() == ("", "")


def test_a_bug_is_not_hidden(capsys: pytest.CaptureFixture[str]) -> None:
    def broken(status: str, note: str | None) -> None:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(ZeroDivisionError):
        command(broken)("done")
    assert capsys.readouterr() == ("", "")


def test_handled_keeps_the_name_and_help_and_adds_lang() -> None:
    import inspect

    wrapped = command(lambda status, note: None)
    assert (wrapped.__name__, wrapped.__doc__) == ("run", "A command.")
    assert list(inspect.signature(wrapped).parameters) == ["status", "note", "lang"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], []),
        (["list"], ["list"]),
        (["list", "--lang", "en"], ["list", "--lang", "en"]),
        (["--lang", "en", "list", "-b", "snv"], ["list", "--lang", "en", "-b", "snv"]),
        (
            ["--db", "p.db", "--as-of", "1/6/2023", "summary", "-f", "json"],
            ["summary", "--db", "p.db", "--as-of", "1/6/2023", "-f", "json"],
        ),
        (["--lang=en", "show", "3.1"], ["show", "--lang=en", "3.1"]),
        (["--version"], ["--version"]),
        (["-h"], ["-h"]),
        (["--help", "list"], ["--help", "list"]),
        (["--lang", "en", "--help", "list"], ["--lang", "en", "--help", "list"]),
        (["--show-completion", "bash"], ["--show-completion", "bash"]),
        # No command: the group has no --lang; the language was read already, so it goes.
        (["--lang", "en"], []),
        (["--lang", "en", "-h"], ["-h"]),
        (["-h", "--lang=en"], ["-h"]),
        (["--lang", "en", "lst"], ["lst"]),  # Click then says there is no such command
        (["--lang", "en", "--", "--lang"], ["--", "--lang"]),
        # The first command word is the command; the same word later is an argument.
        (["--lang", "en", "show", "list"], ["show", "--lang", "en", "list"]),
        # --by before the command is who records: kept for those that record, dropped for the
        # rest (summary's own --by is a row kind, never the clerk's name).
        (
            ["--by", "van.thu", "mark", "done", "1a:stp"],
            ["mark", "--by", "van.thu", "done", "1a:stp"],
        ),
        (["--by=van.thu", "undo"], ["undo", "--by=van.thu"]),
        (["--by", "van.thu", "--lang", "en", "summary"], ["summary", "--lang", "en"]),
        (["--by=van.thu", "list", "-b", "snv"], ["list", "-b", "snv"]),
        (["summary", "--by", "clause"], ["summary", "--by", "clause"]),
    ],
)
def test_command_first(argv: list[str], expected: list[str]) -> None:
    assert _command_first(argv) == expected


def test_command_first_does_not_change_its_argument() -> None:
    argv = ["--lang", "en", "list"]
    _command_first(argv)
    assert argv == ["--lang", "en", "list"]


def a_param(name: str) -> Any:
    built = typer.main.get_command(app).get_command(None, "list")
    return next(p for p in built.params if p.name == name)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            CLICK.NoSuchOption("--bodyy", possibilities=["--body"]),
            "không có tùy chọn --bodyy; có phải ý bạn là: --body; xem: directive list -h",
        ),
        (
            CLICK.NoSuchOption("--st", possibilities=["--status", "--sort"]),
            "không có tùy chọn --st; có phải ý bạn là: --sort, --status; xem: directive list -h",
        ),
        (CLICK.NoSuchOption("--zzz"), "không có tùy chọn --zzz; xem: directive list -h"),
        (
            CLICK.BadOptionUsage("--on", "Option '--on' requires an argument."),
            "tùy chọn --on cần một giá trị; xem: directive list -h",
        ),
        (
            CLICK.BadOptionUsage("--on", "Option '--on' does not take a value."),
            "Option '--on' does not take a value.; xem: directive list -h",
        ),
        (
            CLICK.UsageError("No such command 'lst'."),
            "không có lệnh 'lst'; có phải ý bạn là: list; xem: directive list -h",
        ),
        (
            CLICK.UsageError("No such command 'frobnicate'."),
            "không có lệnh 'frobnicate'; xem: directive list -h",
        ),
        (
            CLICK.UsageError("Got unexpected extra arguments (5 6)"),
            "thừa tham số: 5 6; xem: directive list -h",
        ),
        (
            CLICK.UsageError("Got unexpected extra argument (5)"),
            "thừa tham số: 5; xem: directive list -h",
        ),
        (CLICK.UsageError("Something new."), "Something new.; xem: directive list -h"),
    ],
)
def test_usage_error_for_each_mistake_click_finds(exc: Any, expected: str) -> None:
    assert usage_error(exc, "directive list") == expected


def test_usage_error_of_a_parameter() -> None:
    limit = a_param("limit")
    assert (
        usage_error(CLICK.MissingParameter(param=limit), "directive list")
        == "thiếu --limit; xem: directive list -h"
    )
    for message, value in (
        ("'abc' is not a valid integer.", "abc"),
        ("0 is not in the range x>=1.", "0"),
    ):
        assert usage_error(CLICK.BadParameter(message, param=limit), "directive list") == (
            f"--limit: '{value}' không phải số nguyên dương; xem: directive list -h"
        )
    other = CLICK.BadParameter("'x' is not one of 'a', 'b'.", param=a_param("sort"))
    assert usage_error(other, "directive list") == (
        "--sort: 'x' is not one of 'a', 'b'.; xem: directive list -h"
    )


def test_usage_errors_in_english(english: None) -> None:
    lines = [
        usage_error(CLICK.NoSuchOption("--bodyy", possibilities=["--body"]), "directive list"),
        usage_error(CLICK.UsageError("No such command 'lst'."), "directive"),
        usage_error(CLICK.UsageError("Got unexpected extra argument (5)"), "directive show"),
        usage_error(CLICK.BadParameter("'x' is not a valid integer.", param=a_param("limit")), "directive list"),
    ]  # fmt: skip
    assert lines == [
        "no such option --bodyy; did you mean: --body; see: directive list -h",
        "no such command 'lst'; did you mean: list; see: directive -h",
        "unexpected extra arguments: 5; see: directive show -h",
        "--limit: 'x' is not a whole number of at least 1; see: directive list -h",
    ]


def test_a_mistake_before_any_command_points_to_the_tools_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["directive", "--frobnicate"])
    with pytest.raises(SystemExit) as exc:
        app(prog_name="directive")
    assert exc.value.code == Exit.USAGE
    assert capsys.readouterr() == ("", "Lỗi: không có tùy chọn --frobnicate; xem: directive -h\n")
