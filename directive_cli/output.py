"""Where a command's output goes: the format chosen from --format and --output, then standard
output or a file written whole (atomic.py), and the one question a command may ask."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import Interrupted, InvalidInput
from .i18n import t

if TYPE_CHECKING:
    from .atomic import Kept


class Format(StrEnum):
    """The formats of a listing (`list`, `history`, `summary`, `bodies`)."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MD = "md"
    XLSX = "xlsx"  # a file only (-o): a workbook is no text for a terminal or a pipe


FORMATS = tuple(f.value for f in Format)
FILE_FORMATS = ("xlsx", "csv", "json", "jsonl", "md")  # a table is for screens
REPORT_FORMATS = ("md", "csv", "json", "xlsx", "docx", "html")
BINARY_REPORTS = ("xlsx", "docx")  # written to a file only: bytes on a terminal help no one

Rows = Sequence[Mapping[str, Any]]


def check_format(value: str) -> str:
    """A --format value, checked."""
    fmt = value.strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(f"--format: {t('err.format', value=value, names=', '.join(FORMATS))}")
    return fmt


def check_output(fmt: str, output: Path | None, force: bool, keep: Iterable[Kept] = ()) -> str:
    """The format to write --output in; refused before any work when it cannot be written
    (or would replace one of `keep`, the tool's own files)."""
    if output is None:
        if fmt == "xlsx":
            raise InvalidInput(t("err.xlsx_needs_output"))
        return fmt
    from .atomic import check_target

    suffix = output.suffix.lower().lstrip(".")
    if fmt == "table":
        if suffix not in FILE_FORMATS:
            raise InvalidInput(f"--output: {t('err.output_format', path=output)}")
        fmt = suffix
    elif suffix in FILE_FORMATS and suffix != fmt:
        raise InvalidInput(f"--format: {t('err.format_vs_suffix', fmt=fmt, path=output)}")
    check_target(output, force, keep)
    return fmt


def report_format(fmt: str | None, output: Path | None) -> str:
    """The report's format: --format, else the --output extension when it names one, else md;
    a workbook or a Word file only to a file."""
    chosen = _report_format(fmt, output)
    if chosen in BINARY_REPORTS and output is None:
        raise InvalidInput(t(f"err.{chosen}_needs_output"))
    return chosen


def _report_format(fmt: str | None, output: Path | None) -> str:
    if fmt is None:
        if output is None:
            return "md"
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in REPORT_FORMATS and not output.is_dir():  # a folder: said later
            # Markdown in a .pdf or .doc would open as garbage: ask rather than guess.
            raise InvalidInput(f"--output: {t('err.report_output_format', path=output)}")
        return suffix
    chosen = fmt.strip().lower()
    if chosen not in REPORT_FORMATS:
        names = ", ".join(REPORT_FORMATS)
        raise InvalidInput(f"--format: {t('err.format', value=fmt, names=names)}")
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if suffix in REPORT_FORMATS and suffix != chosen:
        # CSV bytes in a .xlsx file: Excel refuses it on Monday morning, long after the job ran.
        raise InvalidInput(f"--format: {t('err.format_vs_suffix', fmt=chosen, path=output)}")
    return chosen


def write_rows(
    fmt: str, rows: Rows, keys: Sequence[str], headers: Sequence[str], out: IO[str]
) -> None:
    """Rows as JSON, JSON lines, CSV or a Markdown table (written by the stdlib, not Rich)."""
    from .render import machine

    if fmt == "json":
        machine.write_json(rows, out)
    elif fmt == "jsonl":
        machine.write_jsonl(rows, out)
    elif fmt == "csv":
        machine.write_csv(rows, keys, out)
    else:
        machine.write_md(rows, keys, headers, out)


def emit(
    fmt: str,
    rows: Rows,
    keys: Sequence[str],
    headers: Sequence[str],
    table: Callable[[], None],
    md: Callable[[], tuple[Rows, Sequence[str], Sequence[str]]] | None = None,
    output: Path | None = None,
    force: bool = False,
    xlsx: Callable[[], tuple[bytes, int]] | None = None,
) -> None:
    """A listing in `fmt`: the table is left to `table`; machine formats carry every row.

    `md`, when given, builds the Markdown rows for people (labels and dates as the table
    shows them, under translated headers) instead of the raw machine keys and values;
    `xlsx` builds the workbook and says how many rows it holds (check_output made sure
    that it goes to a file).
    """
    if fmt == "table":
        table()
        return
    if fmt == "xlsx":
        if xlsx is None or output is None:  # check_output refuses it first
            raise InvalidInput(t("err.xlsx_needs_output"))
        content, n = xlsx()
        write_file(output, content, force)
        if sys.stdout.isatty():
            sys.stdout.write(t("written", path=str(output), n=n) + "\n")
        return
    if fmt == "md" and md is not None:
        rows, keys, headers = md()
    if output is None:
        write_rows(fmt, rows, keys, headers, sys.stdout)
        return
    text = io.StringIO()
    write_rows(fmt, rows, keys, headers, text)
    # The BOM makes Excel read UTF-8 instead of the Windows code page.
    content = text.getvalue().encode("utf-8-sig" if fmt == "csv" else "utf-8")
    # check_output refused the tool's own files before any work; the rename here checks
    # again only what may have changed since (a link, a file that appeared).
    write_file(output, content, force)
    from .atomic import is_stdout

    if sys.stdout.isatty() and not is_stdout(output):
        sys.stdout.write(t("written", path=str(output), n=len(rows)) + "\n")


def write_file(output: Path, content: bytes, force: bool, keep: Iterable[Kept] = ()) -> None:
    """Write `content` to `output` whole or not at all (replacing it only with `force`, and
    never one of `keep`)."""
    from .atomic import write_atomic

    write_atomic(output, content, force, keep)


def write_stdout(content: bytes) -> None:
    """Same bytes as the file would hold, whatever the console's code page."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(content)
        buffer.flush()
    else:
        sys.stdout.write(content.decode("utf-8-sig"))


def interactive() -> bool:
    """Whether someone at a terminal can answer a question."""
    return bool(sys.stdin) and sys.stdin.isatty()


# A clerk answers in Vietnamese as readily as in English; anything else (Enter included) is no.
YES_WORDS = frozenset({"y", "yes", "c", "co", "dong y", "ok"})


def is_yes(answer: str) -> bool:
    """Whether an answer typed at a prompt agrees (with or without diacritics, any case)."""
    from .text import fold

    return " ".join(fold(answer).split()) in YES_WORDS


def agreed(question: str) -> bool:
    """Ask `question` on stdout and read one line from stdin."""
    from .text import is_utf8

    try:
        # Inside the try: Ctrl-C may come the moment the question is on the screen.
        sys.stdout.write(f"{question} [{t('confirm_keys')}]: ")
        sys.stdout.flush()
        answer = sys.stdin.readline()
    except UnicodeDecodeError:  # a keyboard set to a legacy code page, in a UTF-8 locale
        return False
    except KeyboardInterrupt:
        # End the prompt's line, so the shell's next prompt does not start after it.
        sys.stdout.write("\n")
        sys.stdout.flush()
        raise Interrupted(t("interrupted_prompt")) from None
    # In the C locale the same bytes arrive as surrogates, which folding would drop: 'c\xf3'
    # ('có' in TCVN3) would read as 'c', a yes. Bytes we cannot read are never a yes.
    return is_utf8(answer) and is_yes(answer)
