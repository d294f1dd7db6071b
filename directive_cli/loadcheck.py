"""The strict reading shared by the registry and directive loaders: one file's problems
collected with their lines, instead of stopping at the first."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from . import yamlstrict
from .deadlines import DateError, parse_iso
from .errors import DirectiveError, Problem, os_reason
from .i18n import t
from .text import nfc
from .yamlstrict import YMap, YSeq, YStr, line_of, shown

SCHEMA = "1"
ID = re.compile(r"[a-z0-9][a-z0-9\-]*")
CLAUSE_ID = re.compile(r"[0-9]+[a-z]?(\.[0-9]+[a-z]?)*")


class Checker:
    """Collects problems for one file instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        # What the file gets away with but should say otherwise (a body's name for its id):
        # `directive validate` shows these; the data is used as read.
        self.warnings: list[Problem] = []
        self.clause: str | None = None

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, self.clause))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.path, line, message, self.clause))

    # `where` and `what` below are message keys ("ld.where.clause"), named in the language
    # of the run.
    def mapping(self, node: Any, where: str, allowed: set[str], required: set[str]) -> YMap:
        if not isinstance(node, YMap):
            self.fail(line_of(node), t("ld.not_mapping", where=t(where)))
            empty = YMap()
            empty.key_lines = {}
            return empty
        for key in node:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.fail(
                    node.key_lines[key],
                    t("ld.unknown_key", key=shown(key), where=t(where), hint=hint),
                )
        for key in sorted(required - set(node)):
            self.fail(node.line, t("ld.missing_key", where=t(where), key=key))
        return node

    def text(self, node: YMap, key: str, *, required: bool = False) -> str | None:
        value = node.get(key)
        if value is None or value == "":
            if required and key in node:
                self.fail(node.key_lines.get(key, node.line), t("ld.empty", key=key))
            return None
        if not isinstance(value, YStr):
            self.fail(line_of(value, node.line), t("ld.not_text", key=key))
            return None
        # Folded block scalars keep a trailing newline; text is compared and shown without it.
        return nfc(" ".join(str(value).split()))

    def day(self, node: YMap, key: str, *, required: bool = False) -> date | None:
        value = self.text(node, key, required=required)
        if value is None:
            return None
        try:
            return parse_iso(value)
        except DateError as exc:
            self.fail(node.key_lines.get(key, node.line), f"'{key}': {exc}")
            return None

    def ident(self, node: YMap, key: str, pattern: re.Pattern[str], what: str) -> str | None:
        value = self.text(node, key, required=True)
        if value is not None and not pattern.fullmatch(value):
            self.fail(
                node.key_lines.get(key, node.line),
                t("ld.bad_ident", value=shown(value), what=t(what)),
            )
            return None
        return value

    def seq(self, node: YMap, key: str) -> list[Any]:
        value = node.get(key)
        if value is None or value == "":
            return []
        if not isinstance(value, YSeq):
            self.fail(line_of(value, node.line), t("ld.not_list", key=key))
            return []
        return list(value)

    def texts(self, node: YMap, key: str) -> tuple[str, ...]:
        out = []
        for item in self.seq(node, key):
            if not isinstance(item, YStr) or not item.strip():
                self.fail(line_of(item, node.line), t("ld.item_text", key=key))
            else:
                out.append(nfc(" ".join(item.split())))
        return tuple(out)

    def enum(self, node: YMap, key: str, kind: Callable[[str], Any], names: list[str]) -> Any:
        value = self.text(node, key, required=True)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            self.fail(
                node.key_lines.get(key, node.line),
                t("ld.enum", key=key, value=shown(value), names=", ".join(names)),
            )
            return None

    def schema(self, node: YMap) -> None:
        version = self.text(node, "schema", required=True)
        if version is not None and version != SCHEMA:
            self.fail(node.key_lines["schema"], t("ld.schema", version=version, expected=SCHEMA))


def read(path: Path) -> Any:
    try:
        # Read one byte past the limit, never the whole of a huge (or endless) file; and
        # only a regular file: opening a FIFO blocks until a writer comes (for ever), so it
        # is opened without blocking and refused before any read.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise DirectiveError([Problem(str(path), 0, t("ld.not_regular"))])
            raw = handle.read(yamlstrict.MAX_BYTES + 1)
        if len(raw) > yamlstrict.MAX_BYTES:
            problem = yamlstrict.too_big(max(path.stat().st_size, len(raw)))
            raise DirectiveError([Problem(str(path), 0, problem.message)])
    except FileNotFoundError:
        raise DirectiveError([Problem(str(path), 0, t("ld.not_found"))]) from None
    except IsADirectoryError:
        raise DirectiveError([Problem(str(path), 0, t("ld.is_folder"))]) from None
    except OSError as exc:
        unreadable = Problem(str(path), 0, t("ld.cannot_read", reason=os_reason(exc)))
        raise DirectiveError([unreadable]) from None
    try:
        return yamlstrict.parse(yamlstrict.decode(raw))
    except yamlstrict.YamlProblem as exc:
        raise DirectiveError(
            [Problem(str(path), exc.line, exc.message, column=exc.column)]
        ) from None


def require_mapping(check: Checker, root: Any, what: str) -> None:
    """Stop at once when a file is not a mapping: every later message would only echo it."""
    if isinstance(root, YMap):
        return
    if root is None:
        check.fail(0, t("ld.empty_file", what=t(what)))
    else:
        kind = t("ld.kind.list") if isinstance(root, YSeq) else t("ld.kind.text")
        check.fail(line_of(root), t("ld.root_not_mapping", kind=kind))
    raise DirectiveError(check.problems)


def whole(check: Checker, node: YMap, key: str, default: int) -> int:
    value = check.text(node, key)
    if value is None:
        return default
    if not re.fullmatch(r"[0-9]{1,6}", value):
        check.fail(node.key_lines[key], t("ld.whole_number", key=key, value=shown(value)))
        return default
    return int(value)
