"""Help screens in the clerk's language: the Vietnamese text of each command's help.

The code keeps each help text in English where the option is declared (it is read next to the
code); vi.py gives the Vietnamese text shown by default. A test checks that every help text of
every command has its entry there: a new option without one fails the suite.
"""

from __future__ import annotations

from .vi import COMMANDS

EXAMPLES = ("Examples:", "Example:")


def split_examples(text: str) -> tuple[str, str]:
    """A command's help → (what it does, the examples block with its heading)."""
    for head in EXAMPLES:
        at = text.find(head)
        if at >= 0:
            start = text.rfind("\b", 0, at)  # Click's no-rewrap marker belongs to the examples
            cut = start if start >= 0 and not text[start:at].strip("\b\n ") else at
            return text[:cut].rstrip(), text[cut:]
    return text.rstrip(), ""


def command_help(name: str, english: str, lang: str) -> str:
    """The help of command `name` in `lang`; its examples stay as written."""
    if lang == "en":
        return english
    _, examples = split_examples(english)
    examples = examples.replace("Examples:", "Ví dụ:").replace("Example:", "Ví dụ:")
    return COMMANDS[name] + ("\n\n" + examples if examples else "")
