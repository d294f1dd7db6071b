"""Files written whole or not at all: a temporary file beside the target, renamed into place,
and the sweep of those a killed run left behind.

Reports, backups and the cache are written to `.directive-HOST-PID-TOKEN.tmp` in the
target's folder and renamed into place, so a crash never leaves half a file under NAME. The
temporary name does not hold NAME, so that any name the file system takes for the file it
takes for the temporary one too (40 bytes at most; HOST is a checksum of the host name).

A SIGKILL or a power cut can still leave the temporary file; the next write into the same
folder on the same computer removes those whose process is gone, whatever file they were for
(a weekly report names each week's file anew). On a shared folder another computer's process
ids mean nothing here, so its files are left alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError, os_reason
from .i18n import t

# Where a process id cannot be checked (Windows: os.kill would terminate the process), a
# temporary file this old is taken as abandoned: no report or backup takes an hour to write.
_ABANDONED_AFTER_S = 3600


@dataclass(frozen=True)
class Kept:
    """A file or folder of the tool's own that no output may replace.

    `kind` names it in the refusal ("db", "data", "cache"); with `inside`, every name within
    the folder `path` is kept (the cache), or only names ending in one of `suffixes` (a
    data folder: a report there is harmless, a new .yaml would be read as a directive).
    """

    path: Path
    kind: str
    inside: bool = False
    suffixes: tuple[str, ...] = ()


# Names a user means as "write to standard output" (`-o /dev/stdout` in a pipe): written in
# place, never renamed over, since the name is the terminal or pipe itself.
STDOUT_NAMES = frozenset({"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})


def is_stdout(path: Path) -> bool:
    """Whether `path` names this process's standard output (POSIX only)."""
    return os.name == "posix" and os.path.abspath(path) in STDOUT_NAMES


def check_target(path: Path, force: bool, keep: Iterable[Kept] = ()) -> None:
    """Refuse what an unattended run must never do; checked before any work is done."""
    if is_stdout(path):
        return
    check_not_kept(path, keep)
    try:
        path.lstat()
    except FileNotFoundError:
        pass
    except OSError as exc:  # a name longer than the file system takes, a folder not readable
        raise OutputError(t("err.out_write", path=path, reason=os_reason(exc))) from None
    if path.is_symlink():
        raise OutputError(t("err.out_symlink", path=path))
    if path.is_dir():
        raise OutputError(t("err.out_is_folder", path=path))
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        # A device or a FIFO: renaming a file over /dev/full (as root) destroys the device,
        # and opening a FIFO blocks until a reader comes. Never, with or without --force.
        raise OutputError(t("err.out_not_file", path=path))
    if mode is not None and not force:
        raise OutputError(t("err.out_exists", path=path))
    if not path.parent.is_dir():
        raise OutputError(t("err.out_no_folder", folder=path.parent))


def check_not_kept(path: Path, keep: Iterable[Kept]) -> None:
    """Refuse `path` when it is (or lies in) one of the tool's own files, by any name."""
    target = _real(path)
    for kept in keep:
        real = _real(kept.path)
        if kept.inside:
            inside = os.path.dirname(target) == real or target.startswith(real + os.sep)
            if inside and (not kept.suffixes or target.endswith(kept.suffixes)):
                raise OutputError(t(f"err.out_is_ours.{kept.kind}", path=path))
        elif target == real or _same_file(path, kept.path):
            raise OutputError(t(f"err.out_is_ours.{kept.kind}", path=path))


def _real(path: Path) -> str:
    """The path with links resolved, in the case the filesystem compares (Windows: any)."""
    return os.path.normcase(os.path.realpath(path))


def _same_file(a: Path, b: Path) -> bool:
    """Another name for the same file (a hard link): only existing files can be compared."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def write_atomic(path: Path, content: bytes, force: bool, keep: Iterable[Kept] = ()) -> None:
    """Write a temporary file beside `path`, then rename it into place: never half a file."""
    keep = tuple(keep)
    check_target(path, force, keep)  # again: the slow part ran since the first check
    if is_stdout(path):
        from .output import write_stdout

        write_stdout(content)
        return
    try:
        with replacing(path) as temp, temp.open("wb") as handle:
            handle.write(content)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise OutputError(t("err.disk_full", path=path)) from None
        hint = t("err.out_in_use") if isinstance(exc, PermissionError) and path.exists() else ""
        raise OutputError(t("err.out_write", path=path, reason=os_reason(exc)) + hint) from None


@contextlib.contextmanager
def replacing(
    path: Path, *, overwrite: bool = True, mode: int | None = None, durable: bool = True
) -> Iterator[Path]:
    """The one way this tool puts a file in place: every writer (reports, listings, backups,
    the cache) goes through it.

    Yields an empty temporary file beside `path` (after sweeping what killed runs left in its
    folder); when the block ends without an error, the file is flushed to disk, given `mode`
    (default: the mode `path` has, else 0666 & ~umask), renamed to `path` and the folder
    flushed, so the rename survives a power cut. `overwrite=False` never replaces an existing `path`
    (FileExistsError). On an error the temporary file is removed and `path` is untouched.
    `durable=False` skips the flushes, for files that are rebuilt when they cannot be read
    (the cache): a flush costs a first run after a data change more than the file is worth.
    """
    sweep(path)  # what killed earlier runs left in the folder
    chosen = _mode_for(path) if mode is None else mode
    temp = temp_beside(path)
    try:
        yield temp
        if durable:
            fsync_file(temp)
        os.chmod(temp, chosen)  # the temporary file is 0600; others read a shared report
        if overwrite:
            os.replace(temp, path)
        else:
            link_new(temp, path)
        if durable:
            fsync_dir(path.parent)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def fsync_file(path: Path) -> None:
    """Flush a written file's content to the disk."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open a folder and needs no such step."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def link_new(temp: Path, dest: Path) -> None:
    """Give `temp` the name `dest` only if `dest` does not exist (no race with another copy)."""
    try:
        os.link(temp, dest)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (FAT, some shares): check, then rename.
        if dest.exists():
            raise FileExistsError(errno.EEXIST, "file exists", str(dest)) from None
        os.replace(temp, dest)


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets the usual 0666 & ~umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _host() -> str:
    """This computer in 8 characters: a long host name must not make temporary names long."""
    import socket
    import zlib

    return f"{zlib.crc32(os.fsencode(socket.gethostname())):08x}"


def _legacy_host() -> str:
    """The host part of the temporary names of earlier versions (`.NAME.HOST-PID-TOKEN.tmp`)."""
    import socket

    return "".join(ch for ch in socket.gethostname() if ch.isascii() and ch.isalnum()) or "host"


_PREFIX = ".directive-"
# Ours (HOST, PID), and those of earlier versions, which held the target's name.
_TEMP = re.compile(r"\.directive-([0-9a-f]{8})-(\d+)-[0-9a-f]{8}\.tmp")
_LEGACY_TEMP = re.compile(r"\..+\.([A-Za-z0-9]+)-(\d+)-[0-9a-f]{8}\.tmp")


def temp_beside(path: Path) -> Path:
    """Create an empty, owner-only temporary file in `path`'s folder and return its path."""
    while True:
        temp = path.parent / f"{_PREFIX}{_host()}-{os.getpid()}-{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(
                temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
            )
        except FileExistsError:
            continue
        os.close(fd)
        return temp


def sweep(path: Path) -> list[Path]:
    """Remove the temporary files that earlier runs on this computer left in `path`'s folder
    and whose writer is gone, whatever file they were for; return them."""
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(path.parent) if n.endswith(".tmp")]
    except OSError:
        return removed  # a folder that cannot be listed cannot be written either
    ours = ((_TEMP, _host()), (_LEGACY_TEMP, _legacy_host()))
    for name in names:
        owner = next(
            (
                int(m[2])
                for pattern, host in ours
                if (m := pattern.fullmatch(name)) and m[1] == host
            ),
            None,
        )
        stale = path.parent / name
        if owner is None or owner == os.getpid() or not _abandoned(stale, owner):
            continue
        try:
            stale.unlink()
        except OSError:
            continue  # another run swept it first, or it is not ours to remove
        removed.append(stale)
    return removed


def _abandoned(temp: Path, pid: int) -> bool:
    if sys.platform != "win32":
        try:
            os.kill(pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return True
        except OSError:
            return False  # it exists (owned by another user)
        return False
    try:
        return time.time() - temp.stat().st_mtime > _ABANDONED_AFTER_S
    except OSError:
        return False
