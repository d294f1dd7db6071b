"""A strict YAML reader: every scalar is a string, nothing is guessed or executed.

Built on the parser's event stream rather than a Loader so that anchors,
aliases and tags are refused where they appear (an alias bomb stops at its
first alias) and duplicate keys are caught with their line.
"""

from __future__ import annotations

import re
from typing import Any

from .i18n import t

# PyYAML is imported when a file is parsed, not before: with the parsed data cached, a
# command never pays its ~12 ms import.


def _parser(text: str) -> Any:
    """libyaml's C parser (~10x faster) when PyYAML was built with it, else the Python one."""
    try:
        from yaml._yaml import CParser

        return CParser(text)
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class PurePython(Reader, Scanner, Parser):
            def __init__(self, stream: str) -> None:
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                Parser.__init__(self)

        return PurePython(text)


MAX_BYTES = 10 * 1024 * 1024  # a directive is a few hundred KB; anything far bigger is a mistake
# A directive nests about six levels deep. libyaml slows down quadratically with depth
# (100,000 "[" took ~30 s), so nesting is cut off as the events arrive.
MAX_DEPTH = 40
# YAML's printable set (spec 1.2, 5.1). libyaml refuses the rest too, but without a line;
# and escapes ("\0", "\e") could smuggle them into a value, where no clerk can see them.
# NEL (U+0085) is refused too: in a UTF-8 file it is a mis-converted "…", never a line break.
_UNPRINTABLE = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# PDF copy-paste leaves LINE/PARAGRAPH SEPARATORs in text. YAML would break the line there (a syntax
# error, and line numbers that no editor shows); text values join whitespace anyway, so a space
# gives the same value.
_SEPARATORS = str.maketrans({"\u2028": " ", "\u2029": " "})


class YamlProblem(Exception):
    """The text is not acceptable YAML for this tool; `line` and `column` are 1-based
    (0: unknown, or the whole line)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class YStr(str):
    """A scalar with the line it came from."""

    line: int = 0

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        # Pickled (the catalog cache) as a plain string: reading the cache back must not
        # need this module, nor PyYAML behind it.
        return (str, (str(self),))


class YMap(dict[str, Any]):
    """A mapping with its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class YSeq(list[Any]):
    line: int = 0


def shown(value: str, limit: int = 60) -> str:
    """A value fit for a one-line message: whitespace collapsed, long text cut."""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def line_of(value: Any, default: int = 0) -> int:
    return int(getattr(value, "line", default))


def too_big(size: int) -> YamlProblem:
    """The problem reported for a file of `size` bytes over MAX_BYTES."""
    return YamlProblem(
        t("ld.too_big", size=f"{size / 1_048_576:.1f}", limit=MAX_BYTES // 1_048_576)
    )


def decode(raw: bytes) -> str:
    """Bytes → text: UTF-8 only, BOM dropped, NUL and control characters refused, with a line."""
    if len(raw) > MAX_BYTES:
        raise too_big(len(raw))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(t("ld.utf16"), 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise YamlProblem(t("ld.nul"), raw.count(b"\n", 0, nul) + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(t("ld.not_utf8", byte=exc.start), line) from None
    bad = _UNPRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise YamlProblem(t("ld.control", code=f"{ord(bad.group()):04X}"), line)
    # translate() walks every character through a dict: ~60 ms a megabyte, so only when needed.
    if "\u2028" in text or "\u2029" in text:
        return text.translate(_SEPARATORS)
    return text


def parse(text: str) -> Any:
    """Parse one YAML document into YMap / YSeq / YStr / None."""
    import yaml

    stack: list[tuple[Any, YStr | None]] = []  # (container, pending mapping key)
    root: Any = None
    done = False
    try:
        parser = _parser(text)
        while True:
            event = parser.get_event()
            if event is None:  # pragma: no cover - the stream always ends with StreamEnd
                break
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(t("ld.aliases"), line)
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise YamlProblem(t("ld.anchors", anchor=anchor), line)
            tag = getattr(event, "tag", None)
            if tag is not None:
                written = tag.replace("tag:yaml.org,2002:", "!!", 1)
                raise YamlProblem(t("ld.tags", tag=written), line)
            if isinstance(event, yaml.DocumentStartEvent) and done:
                raise YamlProblem(t("ld.one_document"), line)
            if isinstance(event, yaml.DocumentEndEvent):
                done = True
            node: Any
            if isinstance(event, yaml.ScalarEvent):
                bad = _UNPRINTABLE.search(event.value)
                if bad:
                    raise YamlProblem(t("ld.escape_control", code=f"{ord(bad.group()):04X}"), line)
                node = YStr(event.value)
                node.line = line
                if not event.value and event.implicit[0] and event.style is None:
                    node = None  # an empty plain scalar: "key:" with nothing after it
            elif isinstance(event, yaml.MappingStartEvent):
                node = YMap()
                node.line = line
                node.key_lines = {}
            elif isinstance(event, yaml.SequenceStartEvent):
                node = YSeq()
                node.line = line
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node, _ = stack.pop()
                if not stack:
                    root = node
                    continue
                _attach(stack, node, line)
                continue
            else:
                continue
            if isinstance(node, (YMap, YSeq)):
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(t("ld.too_deep", depth=MAX_DEPTH), line)
                stack.append((node, None))
            elif not stack:
                root = node
            else:
                _attach(stack, node, line)
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):
            # PyYAML >= 6.0.4 has a depth limit of its own, hit while scanning ahead of the
            # events: the same problem, said the same way whichever version is installed.
            mark = exc.problem_mark or exc.context_mark
            raise YamlProblem(
                t("ld.too_deep", depth=MAX_DEPTH), mark.line + 1 if mark else 0
            ) from None
        from .yamlsyntax import explain

        fix = explain(text, exc)
        raise YamlProblem(fix.message, fix.line, fix.column) from None
    except yaml.YAMLError:  # pragma: no cover - every syntax error PyYAML raises has marks
        raise YamlProblem(t("ld.yaml.other")) from None
    except RecursionError:
        raise YamlProblem(t("ld.too_deep", depth=MAX_DEPTH)) from None
    return root


def _attach(stack: list[tuple[Any, YStr | None]], node: Any, line: int) -> None:
    container, key = stack[-1]
    if isinstance(container, YSeq):
        container.append(node)
        return
    if key is None:
        if not isinstance(node, YStr):
            raise YamlProblem(t("ld.key_text"), line)
        if node in container.key_lines:
            first = container.key_lines[node]
            raise YamlProblem(t("ld.dup_key", key=shown(node), line=first), line)
        container.key_lines[node] = node.line
        stack[-1] = (container, node)
    else:
        container[key] = node
        stack[-1] = (container, None)
