"""typer_compat.py against the real Typer: each private name it touches still does what we need.

When a Typer release moves one of them, these tests say which, before a clerk meets a
traceback.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Annotated, Any, get_args, get_origin

import pytest
import typer

from directive_cli import typer_compat
from directive_cli.i18n import en, vi
from directive_cli.options import LangOpt


def sample(
    status: Annotated[str, typer.Argument(help="The new status.")],
    body: Annotated[list[str] | None, typer.Option("--body", "-b", help="Only this body.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Rows shown.")] = 100,
) -> None:
    """Record a status.

    Example:
      directive sample done -b snv
    """
    calls.append({"status": status, "body": body, "limit": limit})


calls: list[dict[str, Any]] = []


@pytest.fixture(autouse=True)
def _no_calls() -> Iterator[None]:
    calls.clear()
    yield
    calls.clear()


@pytest.fixture
def help_labels() -> Iterator[None]:
    """Typer's help labels are module constants: put them back after a test changes them."""
    import typer.rich_utils as ru

    saved = {name: getattr(ru, name) for name in vi.TYPER_STRINGS}
    yield
    for name, value in saved.items():
        setattr(ru, name, value)


def run(command: Any, args: list[str]) -> Any:
    return command.main(args, prog_name="directive", standalone_mode=False)


def test_click_exceptions_are_the_classes_typer_raises() -> None:
    exc = typer_compat.click_exceptions()
    for name in (
        "ClickException",
        "UsageError",
        "NoSuchOption",
        "BadOptionUsage",
        "BadParameter",
        "MissingParameter",
        "NoArgsIsHelpError",
    ):
        assert isinstance(getattr(exc, name), type), name
    assert issubclass(exc.NoSuchOption, exc.UsageError)
    assert issubclass(exc.MissingParameter, exc.BadParameter)
    assert issubclass(exc.UsageError, exc.ClickException)
    command = typer_compat.single_command(sample, "sample", "Look up")
    with pytest.raises(exc.NoSuchOption) as caught:
        run(command, ["done", "--bdy", "snv"])
    assert (caught.value.option_name, caught.value.possibilities) == ("--bdy", ["--body"])
    assert caught.value.exit_code == 2
    with pytest.raises(exc.MissingParameter):
        run(command, [])
    with pytest.raises(exc.BadParameter):
        run(command, ["done", "-n", "0"])
    with pytest.raises(exc.BadOptionUsage) as needs:
        run(command, ["done", "--body"])
    assert needs.value.message == "Option '--body' requires an argument."


def test_option_name_of_an_option_and_of_an_argument() -> None:
    command = typer_compat.single_command(sample, "sample", "Look up")
    by_name = {p.name: p for p in command.params}
    assert [typer_compat.option_name(by_name[n]) for n in ("status", "body", "limit")] == [
        "STATUS",
        "--body",
        "--limit",
    ]


def test_the_missing_parameter_is_named_as_typed() -> None:
    exc = typer_compat.click_exceptions()
    command = typer_compat.single_command(sample, "sample", "Look up")
    with pytest.raises(exc.MissingParameter) as caught:
        run(command, [])
    assert typer_compat.option_name(caught.value.param) == "STATUS"


def test_single_command_is_the_command_typer_builds() -> None:
    command = typer_compat.single_command(sample, "sample", "Tra cứu")
    assert command.name == "sample"
    assert [p.name for p in command.params] == ["status", "body", "limit"]
    assert command.rich_help_panel == "Tra cứu"
    assert command.help.startswith("Record a status.")
    assert [p.opts for p in command.params] == [["status"], ["--body", "-b"], ["--limit", "-n"]]
    run(command, ["done", "-b", "snv", "--body", "vpub", "-n", "5"])
    assert calls == [{"status": "done", "body": ["snv", "vpub"], "limit": 5}]


def test_single_command_keeps_defaults() -> None:
    run(typer_compat.single_command(sample, "sample", "Look up"), ["todo"])
    assert calls == [{"status": "todo", "body": None, "limit": 100}]


def test_with_keyword_adds_a_keyword_only_parameter() -> None:
    def wrapper(*args: Any, **kwargs: Any) -> None:
        calls.append({"lang": kwargs.pop("lang")})
        sample(*args, **kwargs)

    typer_compat.with_keyword(sample, wrapper, "lang", LangOpt)
    sig = inspect.signature(wrapper)
    assert list(sig.parameters) == ["status", "body", "limit", "lang"]
    lang = sig.parameters["lang"]
    assert (lang.kind, lang.default, lang.annotation) == (
        inspect.Parameter.KEYWORD_ONLY,
        None,
        LangOpt,
    )
    # The annotations are objects, not strings (this file has `from __future__ import
    # annotations`): Typer needs no eval to read them.
    limit = sig.parameters["limit"].annotation
    assert get_origin(limit) is Annotated and get_args(limit)[0] is int


def test_typer_turns_the_keyword_into_an_option() -> None:
    def wrapper(*args: Any, **kwargs: Any) -> None:
        calls.append({"lang": kwargs.pop("lang")})
        sample(*args, **kwargs)

    typer_compat.with_keyword(sample, wrapper, "lang", LangOpt)
    command = typer_compat.single_command(wrapper, "sample", "Look up")
    lang = next(p for p in command.params if p.name == "lang")
    assert (lang.opts, lang.envvar) == (["--lang"], "DIRECTIVE_LANG")
    run(command, ["done", "--lang", "en"])
    run(command, ["blocked"])
    assert calls == [
        {"lang": "en"},
        {"status": "done", "body": None, "limit": 100},
        {"lang": None},
        {"status": "blocked", "body": None, "limit": 100},
    ]


def test_set_help_labels_sets_typers_constants(help_labels: None) -> None:
    import typer.rich_utils as ru

    typer_compat.set_help_labels(vi.TYPER_STRINGS)
    assert {name: getattr(ru, name) for name in vi.TYPER_STRINGS} == vi.TYPER_STRINGS
    typer_compat.set_help_labels(en.TYPER_STRINGS)
    assert {name: getattr(ru, name) for name in en.TYPER_STRINGS} == en.TYPER_STRINGS


def test_every_label_we_set_is_one_typer_has() -> None:
    import typer.rich_utils as ru

    # A label Typer renamed would be set on the module and never read.
    assert set(vi.TYPER_STRINGS) == set(en.TYPER_STRINGS)
    assert all(isinstance(getattr(ru, name, None), str) for name in vi.TYPER_STRINGS)


def test_the_labels_reach_a_help_screen(
    help_labels: None, capsys: pytest.CaptureFixture[str]
) -> None:
    typer_compat.set_help_labels(vi.TYPER_STRINGS)
    command = typer_compat.single_command(sample, "sample", "Look up")
    with pytest.raises(SystemExit):
        command.main(["--help"], prog_name="directive", standalone_mode=True)
    out = capsys.readouterr().out
    assert re.findall(r"╭─ (.+?) ─", out) == ["Tham số", "Tùy chọn"]
    assert re.findall(r"\[(?:mặc định|bắt buộc)[^]]*\]", out) == ["[bắt buộc]", "[mặc định: 100]"]


def test_localize_params_replaces_each_help_text_and_the_help_options() -> None:
    command = typer_compat.single_command(sample, "sample", "Look up")
    texts = {"The new status.": "Trạng thái mới.", "Only this body.": "Chỉ cơ quan này.",
             "Rows shown.": "Số dòng."}  # fmt: skip
    typer_compat.localize_params(command, texts, "Xem hướng dẫn này rồi thoát.")
    assert [p.help for p in command.params] == ["Trạng thái mới.", "Chỉ cơ quan này.", "Số dòng."]
    ctx = command.make_context("sample", ["done"])
    option = command.get_help_option(ctx)
    assert (option.opts, option.help) == (["-h", "--help"], "Xem hướng dẫn này rồi thoát.")
    assert option not in command.params  # built, then kept where Click caches it


def test_a_help_text_without_a_translation_is_a_key_error() -> None:
    # A new option without its Vietnamese text must fail loudly (tests/test_architecture.py
    # checks every command), not show English in a Vietnamese screen.
    command = typer_compat.single_command(sample, "sample", "Look up")
    with pytest.raises(KeyError, match=r"Rows shown\."):
        typer_compat.localize_params(command, {"The new status.": "a", "Only this body.": "b"}, "h")


def test_the_vietnamese_help_option_is_shown(capsys: pytest.CaptureFixture[str]) -> None:
    command = typer_compat.single_command(sample, "sample", "Look up")
    texts = {"The new status.": "a", "Only this body.": "b", "Rows shown.": "c"}
    typer_compat.localize_params(command, texts, "Xem hướng dẫn này rồi thoát.")
    with pytest.raises(SystemExit):
        command.main(["--help"], prog_name="directive", standalone_mode=True)
    lines = [line for line in capsys.readouterr().out.splitlines() if "--help" in line]
    assert len(lines) == 1 and "Xem hướng dẫn này rồi thoát." in lines[0]


@pytest.mark.parametrize(
    ("shell", "first"),
    [
        ("bash", "_directive_completion() {"),
        ("zsh", "#compdef directive"),
        ("fish", "complete --command directive --no-files --arguments"),
        ("powershell", "Import-Module PSReadLine"),
        ("pwsh", "Import-Module PSReadLine"),
    ],
)
def test_completion_script_per_shell(shell: str, first: str) -> None:
    script = typer_compat.completion_script(shell, "directive", "_DIRECTIVE_COMPLETE")
    assert script.splitlines()[0].startswith(first)
    assert "_DIRECTIVE_COMPLETE" in script and "directive" in script


def test_typer_refuses_a_shell_it_has_no_script_for(capsys: pytest.CaptureFixture[str]) -> None:
    # Its refusal is English and framed: `directive completion` checks the name first.
    with pytest.raises(typer.Exit) as exc:
        typer_compat.completion_script("tcsh", "directive", "_DIRECTIVE_COMPLETE")
    assert exc.value.exit_code == 1
    assert "tcsh" in capsys.readouterr().err


def test_route_shell_detection_is_what_typer_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer import _completion_shared, completion

    monkeypatch.setattr(_completion_shared, "_get_shell_name", _completion_shared._get_shell_name)
    monkeypatch.setattr(completion, "_get_shell_name", completion._get_shell_name)
    typer_compat.route_shell_detection(lambda: "fish")
    assert _completion_shared._get_shell_name() == "fish"
    assert completion._get_shell_name() == "fish"  # type: ignore[attr-defined]


def test_show_completion_uses_the_routed_detection(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from typer import _completion_shared, completion

    monkeypatch.setattr(_completion_shared, "_get_shell_name", _completion_shared._get_shell_name)
    monkeypatch.setattr(completion, "_get_shell_name", completion._get_shell_name)
    typer_compat.route_shell_detection(lambda: "zsh")
    app = typer.Typer()

    @app.command()
    def hello() -> None:
        """Say hello."""

    with pytest.raises(SystemExit) as exc:
        app(["--show-completion"], prog_name="directive")
    assert exc.value.code == 0
    assert capsys.readouterr().out.splitlines()[0] == "#compdef directive"


def test_install_completion_writes_the_script_where_the_shell_reads_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    used, path = typer_compat.install_completion("bash", "directive", "_DIRECTIVE_COMPLETE")
    assert used == "bash"
    written = tmp_path / ".bash_completions" / "directive.sh"
    assert path == written
    assert written.read_text().splitlines()[0].startswith("_directive_completion() {")
    assert f"source '{written}'" in (tmp_path / ".bashrc").read_text()


def test_option_name_with_the_clerks_argument_names() -> None:
    command = typer_compat.single_command(sample, "sample", "Look up")
    named = {"status": "TRẠNG_THÁI"}
    assert [typer_compat.option_name(p, named.__getitem__) for p in command.params] == [
        "TRẠNG_THÁI",
        "--body",
        "--limit",
    ]


def test_is_argument() -> None:
    command = typer_compat.single_command(sample, "sample", "Look up")
    assert [typer_compat.is_argument(p) for p in command.params] == [True, False, False]


def several(
    refs: Annotated[list[str] | None, typer.Argument(help="Tasks.")] = None,
    out: Annotated[str | None, typer.Option("--out", metavar="TỆP", help="File.")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Rows.")] = 100,
) -> None:
    """Several kinds of parameters."""


def localized(func: Any) -> Any:
    command = typer_compat.single_command(func, "x", "Look up")
    labels = {"str": "<chữ>", "int range": "<số>"}
    typer_compat.localize_usage(
        command,
        "Cách dùng:",
        "[TÙY CHỌN]",
        "LỆNH [THAM SỐ]...",
        lambda p: "NHIỆM_VỤ" if typer_compat.is_argument(p) else labels.get(p.type.name),
        labels.get,
    )
    return command


def test_localize_usage_names_what_each_parameter_takes() -> None:
    command = localized(several)
    assert command.options_metavar == "[TÙY CHỌN]"
    assert [(p.name, p.metavar) for p in command.params] == [
        ("refs", "NHIỆM_VỤ..."),  # a repeated argument keeps its "..."
        ("out", "TỆP"),  # a metavar of our own is kept
        ("yes", None),  # a flag takes nothing
        ("limit", "<số>"),
    ]
    ctx = command.make_context("directive", [])
    refs = command.params[0]
    assert refs.type.get_metavar(refs, ctx) == "<chữ>"
    assert refs.type.convert("4:snv", refs, ctx) == "4:snv"  # still the type it was


def test_localize_usage_writes_the_usage_line() -> None:
    command = localized(several)
    ctx = command.make_context("directive x", [])
    assert command.get_usage(ctx) == "Cách dùng: directive x [TÙY CHỌN] [NHIỆM_VỤ...]"


def test_localize_usage_of_the_group_names_its_commands() -> None:
    from directive_cli.app import app

    group = typer.main.get_command(app)
    typer_compat.localize_usage(group, "Cách dùng:", "[TÙY CHỌN]", "LỆNH [THAM SỐ]...",
                                lambda p: None, lambda n: None)  # fmt: skip
    ctx = group.make_context("directive", ["list"])
    assert group.get_usage(ctx) == "Cách dùng: directive [TÙY CHỌN] LỆNH [THAM SỐ]..."
