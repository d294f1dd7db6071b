"""The edges of `directive draft`: read a letter from a file, write the draft's folder."""

from __future__ import annotations

from pathlib import Path

from ..atomic import write_atomic
from ..model import Registry
from .model import Draft
from .writer import bodies_yaml, directive_yaml

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ""}


class ReadError(ValueError):
    """A letter that cannot be read: the message says why, in one line."""


def read_letter(path: Path) -> str:
    """The text of a letter: plain text or Markdown, .docx (python-docx), .pdf (pypdf)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx(path)
    if suffix == ".pdf":
        return _pdf(path)
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError(f"not UTF-8 text: {path.name}") from None


def _docx(path: Path) -> str:
    try:
        import docx  # python-docx, the optional "draft" extra
    except ImportError:
        raise ReadError(
            "python-docx is not installed: pip install 'directive-cli[draft]'"
        ) from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile, lxml and its own errors
        raise ReadError(f"not a readable .docx: {exc}") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            # A table's rows become Markdown rows: a plan's task table stays readable.
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(
                                " ".join(
                                    "".join(
                                        t.text or "" for t in cell.iter() if t.tag.endswith("}t")
                                    ).split()
                                )
                            )
                    lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader  # the optional "draft" extra
    except ImportError:
        raise ReadError("pypdf is not installed: pip install 'directive-cli[draft]'") from None
    try:
        reader = PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise ReadError(f"not a readable .pdf: {exc}") from None
    if not text.strip():
        raise ReadError("the PDF has no text layer (a scan): run OCR first")
    return text


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
    out.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        write_atomic(path, text.encode("utf-8"), force)
    return list(texts)
