"""A strict YAML reader: every scalar is a string, nothing is guessed or executed.

Built on the parser's event stream rather than a Loader so that anchors,
aliases and tags are refused where they appear (an alias bomb stops at its
first alias) and duplicate keys are caught with their line.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # libyaml is ~10x faster; the pure-Python parser is the fallback.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

MAX_BYTES = 10 * 1024 * 1024  # a directive is a few hundred KB; anything far bigger is a mistake


class YamlProblem(Exception):
    """The text is not acceptable YAML for this tool; `line` is 1-based (0: unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class YStr(str):
    """A scalar with the line it came from."""

    line: int = 0


class YMap(dict[str, Any]):
    """A mapping with its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class YSeq(list[Any]):
    line: int = 0


def line_of(value: Any, default: int = 0) -> int:
    return int(getattr(value, "line", default))


def decode(raw: bytes) -> str:
    """Bytes → text: UTF-8 only, BOM dropped, NUL refused, with the line of a fault."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            f"file is {len(raw) / 1_048_576:.1f} MB; the limit is {MAX_BYTES // 1_048_576} MB"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise YamlProblem("contains a NUL byte (binary file?)", raw.count(b"\n", 0, nul) + 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(f"is not valid UTF-8 (byte {exc.start})", line) from None


def parse(text: str) -> Any:
    """Parse one YAML document into YMap / YSeq / YStr / None."""
    stack: list[tuple[Any, YStr | None]] = []  # (container, pending mapping key)
    root: Any = None
    done = False
    try:
        parser = _Parser(text)
        while True:
            event = parser.get_event()
            if event is None:  # pragma: no cover - the stream always ends with StreamEnd
                break
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem("aliases (*name) are not allowed", line)
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise YamlProblem(f"anchors (&{anchor}) are not allowed", line)
            tag = getattr(event, "tag", None)
            if tag is not None:
                raise YamlProblem(f"tags ({tag}) are not allowed", line)
            if isinstance(event, yaml.DocumentStartEvent) and done:
                raise YamlProblem("only one YAML document per file is allowed", line)
            if isinstance(event, yaml.DocumentEndEvent):
                done = True
            node: Any
            if isinstance(event, yaml.ScalarEvent):
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
                stack.append((node, None))
            elif not stack:
                root = node
            else:
                _attach(stack, node, line)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlProblem(f"YAML syntax: {problem}", mark.line + 1 if mark else 0) from None
    except RecursionError:
        raise YamlProblem("nesting is too deep") from None
    return root


def _attach(stack: list[tuple[Any, YStr | None]], node: Any, line: int) -> None:
    container, key = stack[-1]
    if isinstance(container, YSeq):
        container.append(node)
        return
    if key is None:
        if not isinstance(node, YStr):
            raise YamlProblem("mapping keys must be plain text", line)
        if node in container.key_lines:
            first = container.key_lines[node]
            raise YamlProblem(f"duplicate key '{node}' (first on line {first})", line)
        container.key_lines[node] = node.line
        stack[-1] = (container, node)
    else:
        container[key] = node
        stack[-1] = (container, None)
