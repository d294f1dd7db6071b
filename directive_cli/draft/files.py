"""The edges of `directive draft`: read a letter from a file, write and check the draft's folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..errors import InvalidInput, NotFound, OutputError, Problem, os_reason
from ..i18n import t
from ..model import Registry
from .model import Draft
from .writer import DRAFT_HEADER, bodies_yaml, directive_yaml

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
# Called after each page of a PDF (or paragraph block of a .docx): (done, total).
OnPage = Callable[[int, int], None]


class ReadError(InvalidInput):
    """A letter that cannot be read: the message says why, in one line."""


def read_letter(path: Path, on_page: OnPage | None = None) -> str:
    """The text of a letter: plain text or Markdown, .docx (python-docx), .pdf (pypdf)."""
    if not path.is_file():
        raise NotFound(t("draft.no_letter", path=path))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx(path, on_page)
    if suffix == ".pdf":
        return _pdf(path, on_page)
    if suffix not in TEXT_SUFFIXES:
        raise ReadError(t("draft.unknown_kind", path=path, suffix=path.suffix))
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError(t("draft.not_utf8", path=path)) from None
    except OSError as exc:
        raise ReadError(t("draft.cannot_read", path=path, reason=os_reason(exc))) from None


def _texts(element: object) -> str:
    return "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))  # type: ignore[attr-defined]


def _docx(path: Path, on_page: OnPage | None) -> str:
    try:
        import docx  # python-docx: the optional "draft" extra
    except ImportError:
        raise ReadError(t("draft.needs_extra", kind=".docx", package="python-docx")) from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile's, lxml's and its own errors
        raise ReadError(t("draft.bad_file", path=path, reason=exc)) from None
    blocks = list(document.element.body.iterchildren())
    lines: list[str] = []
    for done, block in enumerate(blocks, start=1):
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_texts(block))
        elif tag == "tbl":
            # A plan's task table: one Markdown row per table row, the cells in order.
            for row in (r for r in block.iter() if r.tag.endswith("}tr")):
                cells = [
                    " ".join(_texts(c).split()) for c in row.iterchildren() if c.tag.endswith("}tc")
                ]
                lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        if on_page:
            on_page(done, len(blocks))
    return "\n".join(lines)


def _pdf(path: Path, on_page: OnPage | None) -> str:
    try:
        from pypdf import PdfReader  # the optional "draft" extra
    except ImportError:
        raise ReadError(t("draft.needs_extra", kind=".pdf", package="pypdf")) from None
    try:
        reader = PdfReader(str(path))
        pages: list[str] = []
        for done, page in enumerate(reader.pages, start=1):
            pages.append(page.extract_text() or "")
            if on_page:
                on_page(done, len(reader.pages))
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise ReadError(t("draft.bad_file", path=path, reason=exc)) from None
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError(t("draft.scan_pdf", path=path))
    return text


def pages_of(path: Path) -> int:
    """How many pages (PDF) or blocks (.docx) a reader will go through; 0 for plain text."""
    if path.suffix.lower() == ".pdf":
        try:
            from pypdf import PdfReader

            return len(PdfReader(str(path)).pages)
        except Exception:  # the reader itself reports a damaged file, in one line
            return 0
    return 0


def check_folder(out: Path, force: bool) -> None:
    """Refuse a folder that holds files (unless --force) or that is a file; before any work."""
    if out.exists() and not out.is_dir():
        raise OutputError(t("draft.out_is_file", path=out))
    if out.is_dir() and any(out.iterdir()) and not force:
        raise OutputError(t("draft.out_not_empty", path=out))


def own_registry(out: Path, chosen: Path | None) -> Path | None:
    """The bodies.yaml `out` already holds: it is the registry of the draft (names are matched
    against it, proposals appended to it), so a second letter or a clerk's own bodies are never
    replaced. A --registry naming another file is refused: one of the two would be lost."""
    from ..sources import REGISTRY_FILE

    own = out / REGISTRY_FILE
    if not own.is_file():
        return None
    if chosen is not None and not _same(own, chosen):
        raise OutputError(t("draft.two_registries", path=own, registry=chosen))
    return own


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def home_issuers(bodies: Path) -> tuple[str, ...]:
    """The issuers of the directives beside a registry (its own folder): whose bodies it
    lists. Drafts are left out (a letter drafted there before, of whatever province, says
    nothing of the registry's); a file that does not read says nothing either."""
    from ..sources import directive_files
    from ..yamlstrict import YamlProblem, parse

    found: list[str] = []
    for path in directive_files(bodies.parent) if bodies.parent.is_dir() else []:
        try:
            head = path.read_bytes()[:8192].decode("utf-8-sig", errors="replace")
            if head.startswith(DRAFT_HEADER):
                continue
            line = next((ln for ln in head.splitlines() if ln.startswith("issuer:")), None)
            value = parse(line).get("issuer") if line else None
        except (OSError, YamlProblem, AttributeError):
            continue
        if isinstance(value, str) and value.strip() and value not in found:
            found.append(value)
    return tuple(found)


def write_draft(
    draft: Draft, registry: Registry, out: Path, *, registry_text: str | None, force: bool = False
) -> list[Path]:
    """Write `directive_<id>.yaml` and bodies.yaml into `out` (created); return their paths.

    Both texts are made before anything is written, and each file is renamed into place.
    """
    texts = {
        out / f"directive_{draft.id}.yaml": directive_yaml(draft),
        out / "bodies.yaml": bodies_yaml(registry_text, registry, draft.proposals, draft.id),
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(t("err.out_write", path=out, reason=os_reason(exc))) from None
    for path, text in texts.items():
        write_atomic(path, text.encode("utf-8"), force)
    return list(texts)


@dataclass(frozen=True)
class Outcome:
    """What a drafted folder holds, as the summary line says it."""

    paths: tuple[Path, ...]
    clauses: int
    tasks: int | None  # None: the folder does not validate
    proposed: int
    deadlines_to_check: int
    checks: int
    problems: tuple[Problem, ...] = ()


def check_written(draft: Draft, paths: list[Path], out: Path) -> Outcome:
    """Load the folder as `directive validate` would: the tasks it makes, or every problem."""
    from ..load import DirectiveError, load_catalog

    try:
        catalog = load_catalog(out, collect=True)
        # The letter's own tasks: those passed to successors of ended bodies are not its words.
        tasks: int | None = sum(
            len(d.tasks) - len(d.inherited) for d in catalog.directives if d.id == draft.id
        )
        problems: tuple[Problem, ...] = ()
    except DirectiveError as exc:
        tasks, problems = None, tuple(exc.problems)
    return Outcome(
        tuple(paths),
        len(draft.clauses),
        tasks,
        len(draft.proposals),
        draft.deadline_doubts(),
        draft.doubt_count(),
        problems,
    )
