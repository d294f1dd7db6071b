"""The shape of the house (issue 12): imports point one way, modules stay small, commands
only wire, and the catalogues agree."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from directive_cli.i18n import en, vi

PACKAGE = Path(__file__).resolve().parent.parent / "directive_cli"
CATALOGUES = {"i18n/vi.py", "i18n/en.py"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top_level_imports(path: Path) -> set[str]:
    """Modules of the package that `path` imports when it is imported (not inside functions,
    not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("directive_cli"))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if not target.startswith("directive_cli"):
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    found.add(
                        sub
                        if (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").exists()
                        or (PACKAGE.parent / sub.replace(".", "/") / "__init__.py").exists()
                        else target
                    )
            elif isinstance(node, ast.If | ast.Try):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(tree.body)
    found.discard(me)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): top_level_imports(p) for p in PACKAGE.rglob("*.py")}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each as the modules around it (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, ()):
            # Importing a submodule imports its package first: an edge to it too.
            for target in (w, *(w.rsplit(".", k)[0] for k in range(1, w.count(".")))):
                if target not in edges:
                    continue
                if target not in index:
                    strong(target)
                    low[v] = min(low[v], low[target])
                elif target in stack:
                    low[v] = min(low[v], index[target])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return out


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_at_module_level() -> None:
    assert cycles(graph()) == []


def test_i18n_imports_nothing_else_of_the_package() -> None:
    edges = graph()
    for name in (
        "directive_cli.i18n",
        "directive_cli.i18n.vi",
        "directive_cli.i18n.en",
        "directive_cli.i18n.help",
    ):
        assert {m for m in edges[name] if not m.startswith("directive_cli.i18n")} == set(), name


def test_the_core_imports_no_cli_library() -> None:
    """The core never imports typer, rich, sqlite3 or psycopg (STYLE.md: arrows point one way)."""
    core = [
        "model",
        "load",
        "yamlstrict",
        "bodies",
        "deadlines",
        "query",
        "refs",
        "marking",
        "weekly",
        "report",
        "text",
        "errors",
    ]
    for name in core:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        used = {
            a.name.split(".")[0]
            for n in ast.walk(tree)
            if isinstance(n, ast.Import)
            for a in n.names
        }
        used |= {
            (n.module or "").split(".")[0]
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and not n.level
        }
        assert not used & {"typer", "rich", "sqlite3", "psycopg", "click"}, (name, used)


def test_no_module_is_over_600_lines_but_the_catalogues() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert {k: v for k, v in long.items() if k not in CATALOGUES} == {}


def test_command_bodies_are_short() -> None:
    """A command wires options to the core: its body (after the docstring) stays under 32 lines."""
    for path in sorted((PACKAGE / "commands").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                body = node.body[1:] if ast.get_docstring(node) else node.body
                if not body:
                    continue
                lines = body[-1].end_lineno - body[0].lineno + 1  # type: ignore[operator]
                assert lines <= 32, f"{path.name}:{node.name} has {lines} lines"


def test_sqlite_store_is_named_only_inside_the_store() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "store" in path.relative_to(PACKAGE).parts[:1]:
            continue
        assert "SqliteStore" not in path.read_text(encoding="utf-8"), path


def test_typer_internals_are_touched_only_in_typer_compat() -> None:
    """Private modules of Typer (and its vendored Click) are imported in typer_compat.py only."""
    private = ("typer._", "typer.rich_utils", "typer.main", "typer.completion", "click")
    for path in PACKAGE.rglob("*.py"):
        if path.name == "typer_compat.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {
            f"{n.module}.{a.name}" if n.module == "typer" else str(n.module)
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and not n.level
            for a in n.names
        }
        assert not {m for m in names if m.startswith(private)}, (path, names)


def placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    assert sorted(vi.MESSAGES) == sorted(en.MESSAGES)
    # `{s}` is the English plural ending, which Vietnamese nouns do not take.
    differ = {
        k: (placeholders(vi.MESSAGES[k]), placeholders(en.MESSAGES[k]))
        for k in vi.MESSAGES
        if placeholders(vi.MESSAGES[k]) != placeholders(en.MESSAGES[k]) - {"s"}
    }
    assert differ == {}
    assert sorted(vi.PANELS) == sorted(en.PANELS)
    assert sorted(vi.TYPER_STRINGS) == sorted(en.TYPER_STRINGS)


@pytest.mark.parametrize("name", sorted(vi.COMMANDS))
def test_every_command_has_vietnamese_help(name: str) -> None:
    from directive_cli.app import COMMANDS

    assert name == "" or name in COMMANDS
    assert vi.COMMANDS[name].strip()
