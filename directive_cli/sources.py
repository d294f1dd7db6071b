"""Where directive data lives: the bundled folder, the files of a folder, their registry.

Kept apart from the loader so that finding the files (for the cache's key) costs no YAML.
"""

from __future__ import annotations

from pathlib import Path

REGISTRY_FILE = "bodies.yaml"


def bundled_data() -> Path:
    """The data folder shipped in the package, or the repository's in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / REGISTRY_FILE).is_file():
            return candidate
    return here / "data"


CALENDAR_FILE = "calendar.yaml"  # make-up working days and extra days off (workdays.py)


def directive_files(path: Path) -> list[Path]:
    """The directive files of a folder (every *.yaml but the registry and the working
    calendar), or the one file given."""
    if path.is_dir():
        return sorted(
            p for p in path.glob("*.yaml") if p.name not in (REGISTRY_FILE, CALENDAR_FILE)
        )
    return [path]


def skipped_files(path: Path) -> list[Path]:
    """Files of a data folder that look like directives but are not read: `.yml`, `.YAML`
    (on a system where case matters), `.yaml.txt` (an extension Windows hid)."""
    if not path.is_dir():
        return []
    try:
        read = {*directive_files(path), path / REGISTRY_FILE, path / CALENDAR_FILE}
        return sorted(
            p
            for p in path.iterdir()
            if p not in read
            and p.name.lower().endswith((".yml", ".yaml", ".yaml.txt", ".yml.txt"))
            and p.is_file()
        )
    except OSError:  # a folder that cannot be listed: the loader says so itself
        return []


def registry_for(path: Path) -> Path:
    """The registry beside a directive file or inside a data folder, else the bundled one."""
    folder = path if path.is_dir() else path.parent
    local = folder / REGISTRY_FILE
    return local if local.is_file() else bundled_data() / REGISTRY_FILE


def calendar_for(folder: Path) -> Path | None:
    """The calendar file of a data folder (or of a directive file's folder), when there is one."""
    local = (folder if folder.is_dir() else folder.parent) / CALENDAR_FILE
    return local if local.is_file() else None
