"""Exceptions the core raises for a user's mistake; app.py turns each into an exit code."""

from __future__ import annotations

import errno
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


# The system's reasons a clerk meets, in the clerk's language: the OS words them in English
# ("Read-only file system") whatever the tool's language is.
_REASONS = {
    errno.EROFS: "os.read_only_fs",
    errno.EACCES: "os.denied",
    errno.EPERM: "os.denied",
    errno.ENOENT: "os.no_such",
    errno.ENOTDIR: "os.not_dir",
    errno.EISDIR: "os.is_dir",
    errno.ENAMETOOLONG: "os.name_too_long",
    errno.ENOSPC: "os.disk_full",
}


def os_reason(exc: BaseException) -> str:
    """Why a file could not be read or written, for the end of a one-line message."""
    key = _REASONS.get(getattr(exc, "errno", None) or -1)
    if key is not None:
        return t(key)
    return str(getattr(exc, "strerror", None) or exc)
