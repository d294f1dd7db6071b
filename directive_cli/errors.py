"""Exceptions the core raises for a user's mistake; app.py turns each into an exit code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .i18n import t


class NotFound(LookupError):
    """Nothing matches what was typed; `suggestions` are the closest names."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = (), fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions
        self.fix = fix  # what to run or read next, shown after the message


class Ambiguous(LookupError):
    """Several things match what was typed and none is a better match than the others."""

    def __init__(self, message: str, candidates: tuple[str, ...]) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates


class StoreError(RuntimeError):
    """The progress database cannot be opened, read or written."""


class HistoryTampered(StoreError):
    """The history fails its verification: it was changed outside the tool."""


class Notice(UserWarning):
    """Something a clerk should know that is no error (a cell cut to fit Excel): the command
    goes on, and `app.handled` says it in one line on stderr."""


class InvalidInput(ValueError):
    """A value a person typed that the tool cannot use (a bad date, status or ref)."""


class Cancelled(Exception):
    """The clerk said no at a prompt, or no one could be asked; nothing was written."""


class Interrupted(Exception):
    """Ctrl-C at a prompt: nothing was written yet, and the message says so."""


class OutputError(OSError):
    """An output file (a report, a backup) cannot or must not be written."""


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    clause: str | None = None
    column: int = (
        0  # of a syntax error: where on the line to look (editors jump to path:line:column)
    )

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        where += f":{self.column}" if self.line and self.column else ""
        scope = t("ld.in_clause", clause=self.clause) if self.clause else ""
        # One problem, one line, whatever text a file smuggled into the message.
        return f"{where}{scope}: {' '.join(self.message.split())}"


class DirectiveError(Exception):
    """A directive or registry file cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem], source: Path | None = None) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems
        self.source = source  # the file or folder that was being loaded
