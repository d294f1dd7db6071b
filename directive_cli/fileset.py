"""A set of files written into a folder all or nothing (`directive remind -o FOLDER/`), and
the folder holding exactly that set of the tool's files afterwards.

A mail job sends whatever letters are in the folder, so two things must hold after a run:
no letter of an earlier run that is no longer owed (it would chase a body that has finished),
and no mix of this run's letters with the last run's (a full disk half-way). Both without
ever removing a file the tool did not write: a clerk keeps notes or a signed scan there too.

Which files the tool wrote is kept in a small manifest in the folder, `MANIFEST`, in the
format of `sha256sum` (`HASH  NAME` a line, readable and checkable by hand). A name is the
tool's to remove only if the manifest lists it AND the file still holds the bytes listed: a
letter a clerk edited (or replaced by a file of the same name) is theirs now and stays. A
name pattern (`<body id>.docx`) or the files' metadata could not tell a clerk's copy from
ours; the manifest's name is hidden (a leading dot), so `don-doc/*` does not send it.

Writing: every file of the set goes to a temporary name in the folder first (atomic.py's),
flushed to disk; a failure there (a full disk) removes the temporaries and leaves the folder
as it was. Only then are they renamed into place, the earlier run's letters no longer in the set
removed, and the manifest renamed last. Renames in one folder need no space and take
microseconds; only a power cut in between can leave a mix, which the next run, with the
manifest of either run, replaces.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .atomic import Kept, _mode_for, check_target, fsync_dir, fsync_file, sweep, temp_beside
from .errors import OutputError, os_reason
from .i18n import t

MANIFEST = ".directive-remind.sha256"


@dataclass(frozen=True)
class Earlier:
    """What an earlier run left in the folder, as against the names of this run's set."""

    stale: tuple[Path, ...]  # the tool's, unchanged, not in this set: removed by the write
    changed: tuple[Path, ...]  # listed, but their bytes are no longer ours: left alone
    # The tool's, unchanged, of names outside this run's scope (a run for one body leaves
    # the others' letters be): kept, and still listed as the tool's.
    outside: tuple[tuple[str, str], ...] = ()


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def listed(folder: Path) -> dict[str, str]:
    """The manifest's names and hashes; none when there is none (or it is not a plain file).

    Only plain names are taken: a manifest edited by hand must never make a run remove a file
    outside the folder (`../x`) or the manifest itself."""
    path = folder / MANIFEST
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return {}
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, str] = {}
    for line in text.splitlines():
        hexdigest, sep, name = line.partition("  ")
        plain = name not in ("", ".", "..", MANIFEST) and os.path.basename(name) == name
        if sep and plain and "\\" not in name and len(hexdigest) == 64:
            out[name] = hexdigest.lower()
    return out


def earlier(folder: Path, names: Iterable[str], scope: Iterable[str] | None = None) -> Earlier:
    """The earlier run's files still in the folder that this set does not name; with
    `scope` (the stems this run decides about: the bodies it considered), only those of its
    stems are stale, the others are outside it."""
    keep = set(names)
    within = None if scope is None else set(scope)
    stale: list[Path] = []
    changed: list[Path] = []
    outside: list[tuple[str, str]] = []
    for name, hexdigest in sorted(listed(folder).items()):
        if name in keep:
            continue
        path = folder / name
        held = _held(path)
        if held is None:
            continue  # gone already (moved away by the mail job)
        if held != hexdigest:
            changed.append(path)
        elif within is not None and Path(name).stem not in within:
            outside.append((name, hexdigest))
        else:
            stale.append(path)
    return Earlier(tuple(stale), tuple(changed), tuple(outside))


def check_replaceable(folder: Path, names: Iterable[str]) -> None:
    """Refuse to write over a file of the set's names that is not the tool's as it wrote it:
    a letter a clerk edited, or a file of their own by that name. A folder with no manifest
    is one the tool has not kept yet (letters from before it kept one): --force replaces
    there, as it always did."""
    if not (folder / MANIFEST).exists():
        return
    ours = listed(folder)
    for name in names:
        held = _held(folder / name)
        if held is not None and ours.get(name) != held:
            raise OutputError(t("err.remind_not_ours", path=folder / name))


def _held(path: Path) -> str | None:
    """The hash of a plain file's bytes; None when there is none (or a link, a folder)."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        return digest(path.read_bytes())
    except OSError:
        return None


def write_set(
    folder: Path,
    files: Mapping[str, bytes],
    force: bool,
    keep: Iterable[Kept] = (),
    scope: Iterable[str] | None = None,
) -> tuple[Path, ...]:
    """Put `files` (name: bytes) into `folder` all or nothing, record them in the manifest and
    remove the earlier run's unchanged files the set no longer names; return those removed."""
    keep = tuple(keep)
    if not files and not folder.is_dir():
        return ()  # nothing to write, and no folder to hold an earlier run's
    made = _make(folder)
    paths = {name: folder / name for name in files}
    try:
        for path in paths.values():
            check_target(path, force, keep)  # again: the slow part ran since the first check
        check_replaceable(folder, files)
        return _write_set(folder, files, paths, earlier(folder, files, scope))
    except OutputError:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # as it was: no folder
        raise


def _make(folder: Path) -> bool:
    """Create `folder` when missing (its parent was checked); whether it was created."""
    if folder.is_dir():
        return False
    try:
        folder.mkdir()
    except OSError as exc:
        raise OutputError(t("err.out_write", path=folder, reason=os_reason(exc))) from None
    return True


def _write_set(
    folder: Path, files: Mapping[str, bytes], paths: Mapping[str, Path], before: Earlier
) -> tuple[Path, ...]:
    gone = before.stale
    sweep(folder / MANIFEST)  # what killed earlier runs left in the folder
    manifest = "".join(f"{digest(content)}  {name}\n" for name, content in files.items())
    manifest += "".join(f"{hexdigest}  {name}\n" for name, hexdigest in before.outside)
    written: list[tuple[Path, Path]] = []
    removed: tuple[Path, ...] = ()
    try:
        for name, content in files.items():
            _write_temp(written, paths[name], content)
        if manifest:
            _write_temp(written, folder / MANIFEST, manifest.encode("utf-8"))
        for temp, path in written:
            if path.name == MANIFEST:
                # Removed first: should a removal fail, the old manifest still lists what
                # is left, and the next run removes it.
                removed = _remove(gone)
            _commit(temp, path)
        if not manifest:
            removed = _remove(gone)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(folder / MANIFEST)  # no set: nothing of ours in the folder
        fsync_dir(folder)
    finally:
        for temp, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(temp)  # only those not renamed into place are still there
    return removed


def _commit(temp: Path, path: Path) -> None:
    try:
        os.chmod(temp, _mode_for(path))  # temporaries are 0600; others read the letters
        os.replace(temp, path)
    except OSError as exc:
        raise OutputError(t("err.out_write", path=path, reason=os_reason(exc))) from None


def _write_temp(written: list[tuple[Path, Path]], path: Path, content: bytes) -> None:
    """Write `content` to a temporary file beside `path` and flush it; one line on failure."""
    try:
        temp = temp_beside(path)
        written.append((temp, path))
        with temp.open("wb") as handle:
            handle.write(content)
        fsync_file(temp)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise OutputError(t("err.disk_full", path=path)) from None
        raise OutputError(t("err.out_write", path=path, reason=os_reason(exc))) from None


def _remove(stale: Iterable[Path]) -> tuple[Path, ...]:
    removed = []
    for path in stale:
        try:
            os.unlink(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(t("err.remind_remove", path=path, reason=os_reason(exc))) from None
        removed.append(path)
    return tuple(removed)
