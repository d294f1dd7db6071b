"""i18n: choosing the language, --lang before Click parses, plurals, titles, panels, help texts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from directive_cli import i18n
from directive_cli.i18n import (
    LANGS,
    TITLE_REFS,
    UnknownLanguage,
    current,
    en,
    lang_in,
    panel,
    references,
    set_lang,
    t,
    vi,
)
from directive_cli.i18n.help import command_help, split_examples


@pytest.fixture(autouse=True)
def _vietnamese_after() -> Iterator[None]:
    yield
    set_lang("vi")


def test_vietnamese_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIRECTIVE_LANG", raising=False)
    set_lang("en")
    assert set_lang(None) == "vi" == current()
    assert set_lang("") == "vi"
    assert LANGS == ("vi", "en")


def test_the_environment_when_no_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTIVE_LANG", "en")
    assert set_lang(None) == "en" == current()
    assert set_lang("vi") == "vi"  # the option wins over the environment
    monkeypatch.setenv("DIRECTIVE_LANG", "")
    assert set_lang(None) == "vi"


@pytest.mark.parametrize(
    ("typed", "lang"),
    [
        ("vi", "vi"),
        ("en", "en"),
        ("EN", "en"),
        (" en ", "en"),
        ("vn", "vi"),
        ("vie", "vi"),
        ("Vietnamese", "vi"),
        ("eng", "en"),
        ("English", "en"),
        ("en_US.UTF-8", "en"),
        ("en-GB", "en"),
        ("vi_VN.UTF-8", "vi"),
        ("vi-VN", "vi"),
        ("en.utf8", "en"),
    ],
)
def test_codes_aliases_and_locale_names(typed: str, lang: str) -> None:
    assert set_lang(typed) == lang == current()


@pytest.mark.parametrize("typed", ["fr", "fr_FR.UTF-8", "chinese", "  ", "v", "e n"])
def test_an_unknown_language_is_refused_in_vietnamese(typed: str) -> None:
    set_lang("en")
    with pytest.raises(UnknownLanguage) as exc:
        set_lang(typed)
    assert str(exc.value) == f"--lang: không có ngôn ngữ '{typed.strip()}' (có: vi, en)"
    assert current() == "vi"  # what follows (the error line) is in Vietnamese
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize(
    ("argv", "value"),
    [
        (["list", "--lang", "en"], "en"),
        (["--lang", "en", "list"], "en"),
        (["list", "--lang=en"], "en"),
        (["list", "--lang="], ""),
        (["list", "--lang"], None),  # no value: Click says so
        (["list"], None),
        ([], None),
        (["list", "--", "--lang", "en"], None),  # after "--" it is an argument
        (["list", "--lang", "vi", "--lang", "en"], "vi"),
        (["list", "-q", "--language", "en"], None),
        (["list", "--lang", "--help"], "--help"),
    ],
)
def test_lang_in_reads_the_command_line_before_click(argv: list[str], value: str | None) -> None:
    assert lang_in(argv) == value


def test_t_formats_the_message_in_the_current_language() -> None:
    assert t("err.unknown_clause", typed="9") == "không có điểm '9'"
    set_lang("en")
    assert t("err.unknown_clause", typed="9") == "unknown clause '9'"


def test_t_without_values_returns_the_message_as_written() -> None:
    # Braces stay: a message is formatted only when it is given values.
    assert t("days") == "{n} ngày"
    assert t("status.done") == "Hoàn thành"


def test_the_english_plural_follows_n() -> None:
    set_lang("en")
    assert t("written", n=1, path="a.csv") == "Wrote 1 row to a.csv."
    assert t("written", n=0, path="a.csv") == "Wrote 0 rows to a.csv."
    assert t("written", n=2, path="a.csv") == "Wrote 2 rows to a.csv."
    assert t("more_tasks", n=1) == "… and 1 more task"
    assert t("more_tasks", n=21) == "… and 21 more tasks"


def test_vietnamese_nouns_do_not_change() -> None:
    assert t("written", n=1, path="a.csv") == "Đã ghi 1 dòng vào a.csv."
    assert t("written", n=2, path="a.csv") == "Đã ghi 2 dòng vào a.csv."


def test_a_missing_english_text_falls_back_to_vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(i18n.MESSAGES, "en", {})
    set_lang("en")
    assert t("status.done") == "Hoàn thành"


def test_an_unknown_key_is_a_bug_not_a_blank() -> None:
    with pytest.raises(KeyError):
        t("no.such.key")


def test_references_names_up_to_three_then_counts() -> None:
    refs = ["2167/UBND-KTTH", "815/UBND-KTTH", "3091/UBND-TH", "12/CT-UBND"]
    assert TITLE_REFS == 3
    assert references(refs[:1]) == "2167/UBND-KTTH"
    assert references(refs[:3]) == "2167/UBND-KTTH, 815/UBND-KTTH, 3091/UBND-TH"
    assert references(refs) == "4 văn bản"
    assert references([]) == ""
    set_lang("en")
    assert references(refs) == "4 documents"


@pytest.mark.parametrize(
    ("key", "vi_name", "en_name"),
    [
        ("look", "Tra cứu", "Look up"),
        ("record", "Ghi nhận", "Record progress"),
        ("report", "Báo cáo", "Report"),
        ("admin", "Dữ liệu và an toàn", "Data and safety"),
    ],
)
def test_panels_in_both_languages(key: str, vi_name: str, en_name: str) -> None:
    assert panel(key) == vi_name
    set_lang("en")
    assert panel(key) == en_name


def test_the_panels_are_the_same_keys_in_both_catalogues() -> None:
    assert list(vi.PANELS) == list(en.PANELS) == ["look", "record", "report", "admin"]


HELP = """List tasks with status and timeliness.

    More words about it.

    Examples:
      directive list --body SNV
      directive list --overdue
    """


def test_split_examples_cuts_at_the_examples_heading() -> None:
    assert split_examples(HELP) == (
        "List tasks with status and timeliness.\n\n    More words about it.",
        "Examples:\n      directive list --body SNV\n      directive list --overdue\n    ",
    )


def test_split_examples_keeps_clicks_no_rewrap_marker_with_the_examples() -> None:
    text = "Do a thing.\n\n\b\nExample:\n  directive x\n"
    assert split_examples(text) == ("Do a thing.", "\b\nExample:\n  directive x\n")


def test_split_examples_of_a_help_without_examples() -> None:
    assert split_examples("Do a thing.\n\n") == ("Do a thing.", "")


def test_command_help_in_english_is_the_code_text() -> None:
    assert command_help("list", HELP, "en") == HELP


def test_command_help_in_vietnamese_keeps_the_examples_as_written() -> None:
    assert command_help("list", HELP, "vi") == (
        vi.COMMANDS["list"]
        + "\n\nVí dụ:\n      directive list --body SNV\n      directive list --overdue\n    "
    )
    assert command_help("show", "Show a clause.\n\nExample:\n  directive show 3.1\n", "vi") == (
        vi.COMMANDS["show"] + "\n\nVí dụ:\n  directive show 3.1\n"
    )
    assert command_help("", "No examples here.", "vi") == vi.COMMANDS[""]
