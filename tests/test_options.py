"""options.py: where paths, today, now and who come from; dates typed for an option."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from directive_cli import options
from directive_cli.errors import InvalidInput
from directive_cli.model import Status
from directive_cli.store import NewMark

FORMS = (
    '16/5/2023, 16/05/2023, 16-5-2023, 16.5.2023, 2023-05-16, "ngày 16/5/2023",'
    ' "16 tháng 5 năm 2023", "hôm nay" hoặc "hôm qua"'
)


@pytest.fixture
def config_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def test_who_is_the_option_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTIVE_USER", "env-user")
    assert options.who("  Nguyễn Văn A ") == "Nguyễn Văn A"


def test_who_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTIVE_USER", " văn thư ")
    assert options.who(None) == "văn thư"
    assert options.who("   ") == "văn thư"  # --by "" in a script is not a name


def test_who_then_the_computers_user(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    monkeypatch.setenv("DIRECTIVE_USER", "  ")
    monkeypatch.setattr(getpass, "getuser", lambda: "ketoan01")
    assert options.who(None) == "ketoan01"


def test_who_when_the_computer_has_no_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    def nobody() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.delenv("DIRECTIVE_USER", raising=False)
    monkeypatch.setattr(getpass, "getuser", nobody)
    assert options.who(None) == "unknown"


def test_a_missing_date_is_the_default() -> None:
    assert options.read_date(None, "--on", date(2023, 6, 1)) == date(2023, 6, 1)


def test_a_missing_date_without_a_default_is_refused() -> None:
    with pytest.raises(InvalidInput) as exc:
        options.read_date(None, "--from")
    assert str(exc.value) == "--from: cần nhập ngày"


@pytest.mark.parametrize("typed", ["", "  ", "\t"])
def test_an_empty_date_is_refused_even_with_a_default(typed: str) -> None:
    # `--on "$DAY"` with DAY unset must not quietly become today.
    with pytest.raises(InvalidInput) as exc:
        options.read_date(typed, "--on", date(2023, 6, 1))
    assert str(exc.value) == "--on: cần nhập ngày"


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("today", date(2023, 6, 21)),
        ("TODAY", date(2023, 6, 21)),
        (" Today ", date(2023, 6, 21)),
        ("hôm nay", date(2023, 6, 21)),
        ("hom nay", date(2023, 6, 21)),
        ("HÔM NAY", date(2023, 6, 21)),
        ("hôm qua", date(2023, 6, 20)),
        ("yesterday", date(2023, 6, 20)),
    ],
)
def test_today_and_yesterday_in_either_language(
    monkeypatch: pytest.MonkeyPatch, typed: str, day: date
) -> None:
    monkeypatch.setattr(options, "today", lambda: date(2023, 6, 21))
    assert options.read_date(typed, "--on") == day


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("16/5/2023", date(2023, 5, 16)),
        ("16/05/2023", date(2023, 5, 16)),
        ("16-5-2023", date(2023, 5, 16)),
        ("16.5.2023", date(2023, 5, 16)),
        ("2023-05-16", date(2023, 5, 16)),
        (" 1/6/2023 ", date(2023, 6, 1)),
        ("ngày 16/5/2023", date(2023, 5, 16)),
        ("16 tháng 5 năm 2023", date(2023, 5, 16)),
    ],
)
def test_a_typed_date(typed: str, day: date) -> None:
    assert options.read_date(typed, "--on", date(2000, 1, 1)) == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("32/5/2023", f"'32/5/2023' không phải ngày có thật (ngày 32, tháng 5, năm 2023); nhập ví dụ {FORMS}"),
        ("2023-02-30", f"'2023-02-30' không phải ngày có thật (ngày 30, tháng 2, năm 2023); nhập ví dụ {FORMS}"),
        ("16/5", f"không đọc được ngày '16/5': nhập đủ ngày, tháng, năm, ví dụ {FORMS}"),
        ("hôm kia", f"không đọc được ngày 'hôm kia': nhập đủ ngày, tháng, năm, ví dụ {FORMS}"),
    ],
)  # fmt: skip
def test_a_bad_date_says_the_option_and_the_forms(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        options.read_date(typed, "--as-of")
    assert str(exc.value) == f"--as-of: {message}"


def test_today_and_now_read_the_clock() -> None:
    from conftest import office_today

    before = office_today()  # the office's day (Asia/Ho_Chi_Minh), not this computer's
    assert options.today() in (before, office_today())
    stamp = options.now_stamp()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), stamp
    moment = datetime.fromisoformat(stamp)
    assert moment.tzinfo is not None and moment.microsecond == 0


def test_the_app_folder_is_the_users_config_folder(config_home: Path) -> None:
    assert options.app_dir() == config_home / "directive-cli"


def test_the_database_path_from_the_option_else_the_app_folder(config_home: Path) -> None:
    assert options.db_path(Path("x/progress.db")) == Path("x/progress.db")
    assert options.db_path(None) == config_home / "directive-cli" / "progress.db"


@pytest.mark.parametrize("off", ["off", "OFF", " off ", "0", "no", "No"])
def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, off: str) -> None:
    monkeypatch.setenv("DIRECTIVE_CACHE", off)
    assert options.cache_dir() is None


def test_the_cache_folder_from_the_environment_else_the_app_folder(
    monkeypatch: pytest.MonkeyPatch, config_home: Path, tmp_path: Path
) -> None:
    monkeypatch.setenv("DIRECTIVE_CACHE", str(tmp_path / "c"))
    assert options.cache_dir() == tmp_path / "c"
    monkeypatch.setenv("DIRECTIVE_CACHE", "  ")
    assert options.cache_dir() == config_home / "directive-cli" / "cache"
    monkeypatch.delenv("DIRECTIVE_CACHE")
    assert options.cache_dir() == config_home / "directive-cli" / "cache"


def test_warn_is_one_safe_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    options.warn("ổ mạng\x1b]0;x\x07\ncòn nữa")
    assert capsys.readouterr() == ("", "Cảnh báo: ổ mạng\\x1b]0;x\\x07 còn nữa\n")


def test_a_named_database_that_does_not_exist_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "progres.db"
    with options.opened_store(typo) as store:
        assert store.progress("2167-2023") == {}
    assert capsys.readouterr().err == (
        f"Cảnh báo: chưa có cơ sở dữ liệu tiến độ tại {typo}: chưa ghi gì ở đó nên mọi nhiệm vụ"
        " hiện là chưa thực hiện (kiểm tra --db / DIRECTIVE_DB)\n"
    )
    assert not typo.exists()


def test_no_warning_where_none_helps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with options.opened_store(tmp_path / "a.db", shows_state=False):
        pass
    assert capsys.readouterr().err == ""


def test_a_new_database_for_a_write_is_announced_and_closed_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = tmp_path / "new.db"
    with options.opened_store(where, create=True) as store:
        store.record(
            [NewMark("2167-2023", "4", "snv", Status.DONE, date(2023, 6, 20), "clerk")], "t"
        )
    assert capsys.readouterr().err == (
        f"Cảnh báo: chưa có cơ sở dữ liệu tiến độ tại {where} nên đã tạo mới (nếu đã có ở chỗ"
        " khác, kiểm tra --db / DIRECTIVE_DB)\n"
    )
    with options.opened_store(where) as again:
        assert again.count_events() == 1
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("30/6/2023", date(2023, 6, 30)),
        (" 2023-06-30 ", date(2023, 6, 30)),
        ("hôm nay", date(2023, 7, 4)),
        ("Today", date(2023, 7, 4)),
        ("31/6/2023", None),  # unreadable: the command that reads it says so
    ],
)
def test_as_of_setting(
    monkeypatch: pytest.MonkeyPatch, value: str | None, day: date | None
) -> None:
    monkeypatch.setattr(options, "today", lambda: date(2023, 7, 4))
    if value is None:
        monkeypatch.delenv("DIRECTIVE_AS_OF", raising=False)
    else:
        monkeypatch.setenv("DIRECTIVE_AS_OF", value)
    assert options.as_of_setting() == day


def test_typed_here_tells_the_command_line_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = typer.Typer()
    seen: list[bool] = []

    @app.command()
    def run(ctx: typer.Context, as_of: options.AsOfOpt = None) -> None:
        seen.append(options.typed_here(ctx, "as_of"))

    runner = CliRunner()
    monkeypatch.setenv("DIRECTIVE_AS_OF", "1/6/2023")
    assert runner.invoke(app, []).exit_code == 0
    assert runner.invoke(app, ["--as-of", "2/6/2023"]).exit_code == 0
    monkeypatch.delenv("DIRECTIVE_AS_OF")
    assert runner.invoke(app, []).exit_code == 0
    assert seen == [False, True, False]
