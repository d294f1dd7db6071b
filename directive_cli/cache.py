"""A cache of parsed directive data, so each command does not re-parse YAML.

The key is every input file's path, size, mtime and change time (POSIX) or SHA-256
(elsewhere): a changed file is always re-read, even when an editor kept its mtime. A
cache that cannot be read (corrupt, from another version, unwritable folder) is ignored
and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .model import Catalog
from .sources import bundled_data, directive_files, registry_for

# Bump when the model's shape changes, so an old pickle is never taken for a new one.
FORMAT = "catalog-v6"


def _fingerprint(files: list[Path]) -> tuple[tuple[str, int, int, int | str], ...]:
    """What identifies the content of each file without trusting its mtime alone.

    POSIX: the change time (ctime) moves on every write and cannot be set back (utime
    itself moves it), so (size, mtime, ctime) sees an edit that restored the mtime, at no
    cost. Windows reports the creation time there instead, so the content is hashed (about
    40 ms for 18 MB of YAML, a province's worth).
    """
    out: list[tuple[str, int, int, int | str]] = []
    for f in files:
        stat = f.stat()
        if os.name == "posix":
            seen: int | str = stat.st_ctime_ns
        else:
            seen = hashlib.sha256(f.read_bytes()).hexdigest()
        out.append((str(f.resolve()), stat.st_size, stat.st_mtime_ns, seen))
    return tuple(out)


def _safe_to_read(path: Path) -> bool:
    """Only unpickle a file this user owns and others cannot write (POSIX)."""
    if os.name != "posix":
        return True
    stat = path.stat()
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def load_cached(path: Path | None, cache_dir: Path | None) -> Catalog:
    """load_catalog(path), served from `cache_dir` when every input file is unchanged."""
    source = path or bundled_data()
    if cache_dir is None or not source.exists():
        return load_catalog(path)
    try:
        files = [registry_for(source), *directive_files(source)]
        key = (FORMAT, _fingerprint(files))
    except OSError:
        return load_catalog(path)  # let the loader report the unreadable file
    name = hashlib.sha256("\0".join(k[0] for k in key[1]).encode()).hexdigest()[:32]
    cache_file = cache_dir / f"{name}.pickle"
    try:
        if cache_file.is_file() and _safe_to_read(cache_file):
            stored_key, catalog = pickle.loads(cache_file.read_bytes())
            if stored_key == key and isinstance(catalog, Catalog):
                return catalog
    except Exception:  # a damaged or foreign cache is no reason to fail: rebuild it
        pass
    catalog = load_catalog(path)
    _store(cache_file, pickle.dumps((key, catalog), protocol=pickle.HIGHEST_PROTOCOL))
    return catalog


def load_catalog(path: Path | None) -> Catalog:
    from . import load  # the YAML reader: imported only when the cache cannot serve

    return load.load_catalog(path)


def _store(cache_file: Path, data: bytes) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, cache_file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only home folder only costs speed
