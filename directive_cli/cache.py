"""A cache of parsed directive data, so each command does not re-parse YAML.

The key is every input file's path, size, mtime and change time (POSIX) or SHA-256
(elsewhere): a changed file is always re-read, even when an editor kept its mtime. A
cache that cannot be read (corrupt, from another version, unwritable folder) is ignored
and rebuilt.

Two forms share that key. The whole catalog is one pickle, for commands that need every
task. A task index (SQLite, a row per task, each clause pickled once) serves commands
filtered by body: at 100,000 tasks, unpickling the whole province costs ~0.4 s and ~110 MB
to use the few thousand tasks of one body.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .model import Catalog, Registry, Role, Task
from .sources import bundled_data, directive_files, registry_for

# Bump when the model's shape changes, so an old pickle is never taken for a new one.
FORMAT = "catalog-v7"


def _fingerprint(files: list[Path]) -> tuple[tuple[str, int, int, int | str], ...]:
    """What identifies the content of each file without trusting its mtime alone.

    POSIX: the change time (ctime) moves on every write and cannot be set back (utime
    itself moves it), so (size, mtime, ctime) sees an edit that restored the mtime, at no
    cost. Windows reports the creation time there instead, so the content is hashed (about
    40 ms for 18 MB of YAML, a province's worth).
    """
    out: list[tuple[str, int, int, int | str]] = []
    folders: dict[Path, Path] = {}  # resolving each of 600 files cost 10 ms; their folder once
    for f in files:
        stat = f.stat()
        if os.name == "posix":
            seen: int | str = stat.st_ctime_ns
        else:
            import hashlib

            seen = hashlib.sha256(f.read_bytes()).hexdigest()
        folder = folders.get(f.parent) or folders.setdefault(f.parent, f.parent.resolve())
        out.append((str(folder / f.name), stat.st_size, stat.st_mtime_ns, seen))
    return tuple(out)


def _safe_to_read(path: Path) -> bool:
    """Only unpickle a file this user owns and others cannot write (POSIX)."""
    if os.name != "posix":
        return True
    stat = path.stat()
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


Key = tuple[str, tuple[tuple[str, int, int, int | str], ...]]


def _cache_file(source: Path, cache_dir: Path) -> tuple[Key, Path] | None:
    """The key of `source`'s files and the cache file it names; None when a file is unreadable."""
    try:
        files = [registry_for(source), *directive_files(source)]
        key = (FORMAT, _fingerprint(files))
    except OSError:
        return None  # let the loader report the unreadable file
    # The name only tells data folders apart (the key inside is what is checked): two
    # checksums, not SHA-256, whose OpenSSL import cost every command 3 ms.
    paths = b"\0".join(os.fsencode(k[0]) for k in key[1])  # a file name need not be UTF-8
    name = f"{zlib.crc32(paths):08x}{zlib.adler32(paths):08x}"
    return key, cache_dir / f"{name}.pickle"


def load_cached(path: Path | None, cache_dir: Path | None) -> Catalog:
    """load_catalog(path), served from `cache_dir` when every input file is unchanged."""
    source = path or bundled_data()
    found = _cache_file(source, cache_dir) if cache_dir is not None and source.exists() else None
    if found is None:
        return load_catalog(path)
    key, cache_file = found
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


def load_for_bodies(
    path: Path | None, cache_dir: Path | None, pick: Callable[[Registry], Iterable[str]]
) -> Catalog:
    """The catalog cut to the tasks of the bodies `pick` chooses from the registry.

    Every directive stays (its header: titles name them, and with several a task is named
    with its directive), holding only those bodies' tasks and the clauses they belong to, in
    the order of the whole catalog: what
    `only_bodies(load_cached(...), ...)` gives, read from the task index when it is current.
    Errors raised by `pick` (an unknown body) reach the caller.
    """
    source = path or bundled_data()
    found = _cache_file(source, cache_dir) if cache_dir is not None and source.exists() else None
    if found is not None:
        key, cache_file = found
        index = _index_file(cache_file)
        served = _from_index(index, key, pick)
        if served is not None:
            return served
    catalog = load_cached(path, cache_dir)
    if found is not None:
        _write_index(index, key, catalog)
    return only_bodies(catalog, pick(catalog.registry))


def only_bodies(catalog: Catalog, bodies: Iterable[str]) -> Catalog:
    """`catalog` with only the tasks of `bodies`, and only the clauses those tasks are in."""
    wanted = set(bodies)
    directives = []
    for d in catalog.directives:
        tasks = tuple(t for t in d.tasks if t.body in wanted)
        used = {t.clause for t in tasks}
        clauses = tuple(c for c in d.clauses if c.id in used)
        directives.append(dataclasses.replace(d, clauses=clauses, tasks=tasks))
    return Catalog(catalog.registry, tuple(directives))


# --- the task index ---------------------------------------------------------------------------

INDEX_SCHEMA = """
CREATE TABLE meta (key BLOB NOT NULL, registry BLOB NOT NULL);
CREATE TABLE directive (ord INTEGER PRIMARY KEY, header BLOB NOT NULL);
CREATE TABLE clause (directive INTEGER, ord INTEGER, data BLOB NOT NULL,
                     PRIMARY KEY (directive, ord)) WITHOUT ROWID;
CREATE TABLE task (body TEXT NOT NULL, directive INTEGER NOT NULL, ord INTEGER NOT NULL,
                   clause INTEGER NOT NULL, clause_id TEXT NOT NULL, role TEXT NOT NULL);
"""


def _index_file(cache_file: Path) -> Path:
    return cache_file.with_suffix(".tasks.sqlite")


def _from_index(index: Path, key: Key, pick: Callable[[Registry], Iterable[str]]) -> Catalog | None:
    """The cut catalog from a current index; None when there is none, or it is stale or damaged."""
    import sqlite3

    try:
        if not index.is_file() or not _safe_to_read(index):
            return None
        # immutable: the file is never written after it is renamed into place, so SQLite may
        # skip locking (and creates no journal beside it).
        con = sqlite3.connect(index.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    except Exception:
        return None
    try:
        try:
            stored_key, registry_data = con.execute("SELECT key, registry FROM meta").fetchone()
            if stored_key != _key_bytes(key):
                return None
            registry = pickle.loads(registry_data)
            if not isinstance(registry, Registry):
                return None
        except Exception:  # damaged or foreign: rebuilt by the caller
            return None
        bodies = sorted(set(pick(registry)))
        try:
            return _cut_from_index(con, registry, bodies)
        except Exception:
            return None
    finally:
        con.close()


def _cut_from_index(con: Any, registry: Registry, bodies: list[str]) -> Catalog:
    headers = [pickle.loads(h) for (h,) in con.execute("SELECT header FROM directive ORDER BY ord")]
    tasks: list[list[Task]] = [[] for _ in headers]
    clauses: list[dict[int, Any]] = [{} for _ in headers]
    roles = {r.value: r for r in Role}
    marks = ",".join("?" * len(bodies))
    rows = con.execute(
        "SELECT t.directive, t.clause, t.clause_id, t.body, t.role, c.data FROM task t"
        " JOIN clause c ON c.directive = t.directive AND c.ord = t.clause"
        f" WHERE t.body IN ({marks}) ORDER BY t.directive, t.ord",
        bodies,
    )
    for d, clause_ord, clause_id, body, role, data in rows:
        if clause_ord not in clauses[d]:
            clauses[d][clause_ord] = pickle.loads(data)
        tasks[d].append(Task(headers[d].id, clause_id, body, roles[role]))
    directives = tuple(
        dataclasses.replace(
            h, clauses=tuple(c for _, c in sorted(clauses[i].items())), tasks=tuple(tasks[i])
        )
        for i, h in enumerate(headers)
    )
    return Catalog(registry, directives)


INDEX_FORMAT = "task-index-v1"  # bump when the tables change shape


def _key_bytes(key: Key) -> bytes:
    return pickle.dumps((INDEX_FORMAT, key), protocol=pickle.HIGHEST_PROTOCOL)


def _write_index(index: Path, key: Key, catalog: Catalog) -> None:
    """Write the index beside the catalog pickle: to a temporary file, renamed when complete."""
    import sqlite3

    from .atomic import replacing  # only when writing

    try:
        index.parent.mkdir(parents=True, exist_ok=True)
        with replacing(index, durable=False) as tmp:
            _fill_index(sqlite3.connect(tmp), key, catalog)
    except (OSError, sqlite3.Error):
        pass  # a read-only home folder or a full disk only costs speed


def _fill_index(con: Any, key: Key, catalog: Catalog) -> None:
    """Fill the scratch index file (then renamed into place by the caller)."""

    try:
        # A scratch file until the rename: no journal, no syncs.
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.executescript(INDEX_SCHEMA)
        dump = pickle.dumps
        con.execute(
            "INSERT INTO meta VALUES (?, ?)",
            (_key_bytes(key), dump(catalog.registry, protocol=pickle.HIGHEST_PROTOCOL)),
        )
        for d_ord, d in enumerate(catalog.directives):
            header = dataclasses.replace(d, clauses=(), tasks=())
            con.execute(
                "INSERT INTO directive VALUES (?, ?)",
                (d_ord, dump(header, protocol=pickle.HIGHEST_PROTOCOL)),
            )
            con.executemany(
                "INSERT INTO clause VALUES (?, ?, ?)",
                [
                    (d_ord, i, dump(c, protocol=pickle.HIGHEST_PROTOCOL))
                    for i, c in enumerate(d.clauses)
                ],
            )
            where = {c.id: i for i, c in enumerate(d.clauses)}
            con.executemany(
                "INSERT INTO task VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (t.body, d_ord, i, where[t.clause], t.clause, t.role.value)
                    for i, t in enumerate(d.tasks)
                ],
            )
        con.execute("CREATE INDEX task_by_body ON task (body, directive, ord)")
        con.commit()
    finally:
        con.close()


def load_catalog(path: Path | None) -> Catalog:
    from . import load  # the YAML reader: imported only when the cache cannot serve

    return load.load_catalog(path)


def _store(cache_file: Path, data: bytes) -> None:
    from .atomic import replacing  # only when writing

    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        with replacing(cache_file, durable=False) as tmp:
            tmp.write_bytes(data)
    except OSError:
        pass  # a read-only home folder only costs speed
