"""What the store says when something goes wrong: network filesystems, and SQLite's and the
filesystem's errors in one line a clerk can act on."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import sys
from pathlib import Path

from ..errors import os_reason
from ..i18n import t


def is_output_error(exc: sqlite3.Error) -> bool:
    text = str(exc)
    return any(w in text for w in ("disk is full", "disk I/O", "readonly", "unable to open"))


# Filesystem types (as /proc/mounts names them) whose locking or shared memory SQLite cannot
# rely on: https://www.sqlite.org/useovernet.html
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "9p",
        "afs",
        "ncpfs",
        "coda",
        "ceph",
        "fuse.ceph",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
        "vboxsf",
        "fuse.vmhgfs-fuse",
    }
)
PROC_MOUNTS = Path("/proc/mounts")


class NetworkFilesystemWarning(UserWarning):
    """The database lies on a network filesystem, where SQLite's locking cannot be trusted."""


def network_filesystem(path: Path, mounts: Path | None = None) -> str | None:
    """The kind of network filesystem holding `path` ('nfs4', 'cifs', 'unc' …); None if local.

    Linux reads the mount table (`mounts`, default /proc/mounts); Windows recognises
    UNC paths and mapped network drives. Elsewhere, or when unsure, None: this only warns.
    """
    if sys.platform == "win32":
        return _windows_network(path)
    return mounted_network(path, PROC_MOUNTS if mounts is None else mounts)


def mounted_network(path: Path, mounts: Path) -> str | None:
    """The network filesystem type of the mount holding `path`, from a mount table file."""
    try:
        table = mounts.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return None
    target = str(Path(os.path.abspath(path)).resolve())
    best, kind = "", ""
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        # The longest mount point wins; among equals the later one, which covers the earlier.
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind if kind in NETWORK_FILESYSTEMS else None


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes.
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def unc_share(text: str) -> bool:
    r"""Whether a Windows path names a network share: \\server\share or \\?\UNC\server\share."""
    path = text.replace("/", "\\")
    if path[:8].upper() == "\\\\?\\UNC\\":
        return True
    if path.startswith(("\\\\?\\", "\\\\.\\")):
        return False  # a local device or long path: \\?\C:\…
    return path.startswith("\\\\")


def _windows_network(path: Path) -> str | None:
    full = os.path.abspath(path)
    if unc_share(full) or unc_share(str(path)):
        return "unc"
    drive = os.path.splitdrive(full)[0]
    if sys.platform == "win32" and len(drive) == 2 and drive[1] == ":":
        import ctypes

        drive_remote = 4  # GetDriveTypeW: DRIVE_REMOTE, a mapped network drive
        if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote:
            return "network drive"
    return None


def explain(exc: BaseException, path: Path) -> str:
    """One line a clerk can act on, for an error from SQLite or the filesystem."""
    if isinstance(exc, OSError):
        # Judge by errno: the message holds the path, which may contain any word.
        if exc.errno == errno.ENOSPC:
            return t("db.full", path=path)
        return t("db.cannot_open", path=path, reason=os_reason(exc))
    text = str(exc)
    if "locked" in text or "busy" in text:
        return t("db.busy", path=path)
    if "readonly" in text or "read-only" in text:
        if not _writable(path.parent):
            return t("db.folder_read_only", path=path)
        return t("db.read_only", path=path)
    if "disk is full" in text:
        return t("db.full", path=path)
    if "disk I/O" in text:
        if _nearly_full(path.parent):
            return t("db.full", path=path)
        name = getattr(exc, "sqlite_errorname", "")
        return t("db.cannot_write", path=path, reason=f"{text} ({name})" if name else text)
    if "not a database" in text:
        return t("db.damaged", path=path, reason=t("db.reason.not_a_database"))
    if "malformed" in text:
        return t("db.damaged", path=path, reason=t("db.reason.malformed"))
    if "unable to open" in text:
        if path.parent.is_dir() and not _writable(path.parent):
            return t("db.cannot_open", path=path, reason=t("db.folder_is_read_only"))
        return t("db.cannot_open", path=path, reason=t("db.check_folder"))
    return t("db.other", path=path, reason=text)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK) if folder.is_dir() else True


def _nearly_full(folder: Path) -> bool:
    """Whether the disk holding `folder` has under 1 MiB free: SQLite says "I/O error" then."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False
