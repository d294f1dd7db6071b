"""The message catalogue: Vietnamese by default, English with --lang en / DIRECTIVE_LANG=en.

It imports nothing else of the package, so any module may use it (errors included).
"""

from __future__ import annotations

import os

from . import en, vi

LANGS = ("vi", "en")
# Directives a title names (a list's, a report's); more are counted: a province follows
# hundreds, and a title naming them all fills the screen.
TITLE_REFS = 3
_ALIASES = {"vn": "vi", "vie": "vi", "vietnamese": "vi", "eng": "en", "english": "en"}

MESSAGES: dict[str, dict[str, str]] = {"vi": vi.MESSAGES, "en": en.MESSAGES}


class UnknownLanguage(ValueError):
    """--lang or DIRECTIVE_LANG names a language the catalogue does not have."""


_lang = "vi"


def set_lang(lang: str | None) -> str:
    """Choose the language: the argument, else DIRECTIVE_LANG, else Vietnamese."""
    global _lang
    given = (lang or os.environ.get("DIRECTIVE_LANG") or "vi").strip()
    code = given.lower().replace("-", "_").split("_")[0].split(".")[0]  # en_US.UTF-8 → en
    chosen = _ALIASES.get(code, code)
    if chosen not in LANGS:
        # A scheduled report in the wrong language is worse than none: refuse, in Vietnamese.
        _lang = "vi"
        raise UnknownLanguage("--lang: " + t("err.lang", value=given, names=", ".join(LANGS)))
    _lang = chosen
    return _lang


def lang_in(argv: list[str]) -> str | None:
    """The value of --lang in a command line, before Click has parsed it (help needs it)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg[len("--lang=") :]
    return None


def current() -> str:
    """The language chosen by set_lang ("vi" or "en")."""
    return _lang


def t(key: str, /, **values: object) -> str:
    """The message for `key` in the current language, formatted with `values`.

    `{s}` is the English plural ending for the count `n` ("1 update", "2 updates");
    Vietnamese nouns do not change, and its messages leave it out.
    """
    return t_in(_lang, key, **values)


def t_in(lang: str, key: str, /, **values: object) -> str:
    """The message for `key` in `lang` whatever --lang chose: a Word document is always
    Vietnamese (an administrative document, NĐ 30/2020)."""
    template = MESSAGES[lang].get(key) or MESSAGES["vi"][key]
    if not values:
        return template
    if "n" in values and "s" not in values:
        values["s"] = "" if values["n"] == 1 else "s"
    return template.format(**values)


def references(refs: list[str]) -> str:
    """Directives as a title names them: "2167/UBND-KTTH, 9999/UBND-KTTH", or "5 văn bản"
    past TITLE_REFS."""
    return ", ".join(refs) if len(refs) <= TITLE_REFS else t("documents", n=len(refs))


def panel(key: str) -> str:
    """The name of a help panel ("look", "record", "report", "admin") in the current language."""
    return (vi.PANELS if _lang == "vi" else en.PANELS)[key]
