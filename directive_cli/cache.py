"""A cache of parsed directive data, so each command does not re-parse YAML.

The key is every input file's path, size, mtime and change time (POSIX) or SHA-256
(elsewhere): a changed file is always re-read, even when an editor kept its mtime. A
cache that cannot be read (corrupt, from another version, unwritable folder) is ignored
and rebuilt.

Two forms share that key. The whole catalog is one pickle, for commands that need every
task. A task index (SQLite, a row per task, each clause pickled once) serves commands
filtered by body: at 100,000 tasks, unpickling the whole province costs ~0.4 s and ~110 MB
to use the few thousand tasks of one body.

Both are kept per file inside: when some files changed (and the registry did not), only
those are parsed again. The pickle's directives are reused for the others; the index is
copied and only the changed files' rows replaced. At 591 files, parsing all of them took
~8 s after an edit of one, against ~0.3 s for the command served from the cache.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .model import Catalog, Directive, Registry, Role, Task
from .sources import bundled_data, calendar_for, directive_files, registry_for

# Bump when the model's shape changes, so an old pickle is never taken for a new one.
FORMAT = "catalog-v10"  # v8: Deadline.within (issue 15); v9: every file loaded under the task
# cap; v10: Deadline.reports_on


Entry = tuple[str, int, int, int | str]  # a file's resolved path, size, mtime, change time


def _fingerprint(files: list[Path]) -> tuple[Entry, ...]:
    """What identifies the content of each file without trusting its mtime alone.

    POSIX: the change time (ctime) moves on every write and cannot be set back (utime
    itself moves it), so (size, mtime, ctime) sees an edit that restored the mtime, at no
    cost. Windows reports the creation time there instead, so the content is hashed (about
    40 ms for 18 MB of YAML, a province's worth).
    """
    out: list[Entry] = []
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


Key = tuple[str, tuple[Entry, ...]]  # FORMAT, then the registry's entry and each file's


class Found(NamedTuple):
    """The cache's view of a data folder: its key, its directive files (in the order of the
    key's entries after the registry's) and the cache file the key names."""

    key: Key
    files: list[Path]
    cache_file: Path


def _cache_file(source: Path, cache_dir: Path) -> Found | None:
    """The key of `source`'s files and the cache file it names; None when a file is unreadable."""
    try:
        files = directive_files(source)
        calendar = calendar_for(source)
        # A make-up working day moves computed due dates: with a calendar file, its state is
        # part of the format, so no directive read under another calendar is reused.
        fmt = f"{FORMAT}+{_fingerprint([calendar])}" if calendar else FORMAT
        key = (fmt, _fingerprint([registry_for(source), *files]))
    except OSError:
        return None  # let the loader report the unreadable file
    # The name only tells data folders apart (the key inside is what is checked), so that a
    # file added or removed finds the folder's cache and reuses the other files' part: the
    # folder and its registry, not the files. Two checksums, not SHA-256, whose OpenSSL
    # import cost every command 3 ms; a file name need not be UTF-8.
    paths = os.fsencode(source.resolve()) + b"\0" + os.fsencode(key[1][0][0])
    name = f"{zlib.crc32(paths):08x}{zlib.adler32(paths):08x}"
    return Found(key, files, cache_dir / f"{name}.pickle")


def _unchanged(
    stored: Key, found: Found, directives: Iterable[Directive]
) -> Mapping[Path, Directive]:
    """Of `directives` (read for the stored key's files, in its order), those whose file is
    unchanged in `found`, by file; none when the format, the registry or the working calendar
    changed."""
    fmt, entries = stored
    # found.key[0] is FORMAT, with the calendar file's state when there is one.
    if fmt != found.key[0] or not entries or entries[0] != found.key[1][0]:
        return {}
    by_entry = dict(zip(entries[1:], directives, strict=True))
    return {
        f: by_entry[e] for f, e in zip(found.files, found.key[1][1:], strict=True) if e in by_entry
    }


def load_cached(path: Path | None, cache_dir: Path | None) -> Catalog:
    """load_catalog(path), served from `cache_dir` when every input file is unchanged, and
    parsing only the files that changed when some did."""
    source = path or bundled_data()
    found = _cache_file(source, cache_dir) if cache_dir is not None and source.exists() else None
    if found is None:
        return load_catalog(path)
    known: Mapping[Path, Directive] = {}
    registry = None
    try:
        if found.cache_file.is_file() and _safe_to_read(found.cache_file):
            stored_key, catalog = pickle.loads(found.cache_file.read_bytes())
            if isinstance(catalog, Catalog):
                if stored_key == found.key:
                    return catalog
                known = _unchanged(stored_key, found, catalog.directives)
                registry = catalog.registry if known else None
    except Exception:  # a damaged or foreign cache is no reason to fail: rebuild it
        known, registry = {}, None
    catalog = load_catalog(path, known=known, registry=registry)
    _store(found.cache_file, pickle.dumps((found.key, catalog), protocol=pickle.HIGHEST_PROTOCOL))
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
        index = _index_file(found.cache_file)
        served = _from_index(index, found.key, pick)
        if served is None and _update_index(index, found, path):
            served = _from_index(index, found.key, pick)
        if served is not None:
            return served
    catalog = load_cached(path, cache_dir)
    if found is not None:
        _write_index(index, found.key, catalog)
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

# A directive's rows are found by its `id`, which stays when files come, go or change;
# `pos` is its place in the catalog (the order of its file).
INDEX_SCHEMA = """
CREATE TABLE meta (key BLOB NOT NULL, registry BLOB NOT NULL);
CREATE TABLE directive (id INTEGER PRIMARY KEY, pos INTEGER NOT NULL, source BLOB NOT NULL,
                        header BLOB NOT NULL);
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
    ids, headers = [], []
    for directive_id, header in con.execute("SELECT id, header FROM directive ORDER BY pos"):
        ids.append(directive_id)
        headers.append(pickle.loads(header))
    at = {directive_id: i for i, directive_id in enumerate(ids)}
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
    for directive_id, clause_ord, clause_id, body, role, data in rows:
        d = at[directive_id]
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


INDEX_FORMAT = "task-index-v2"  # bump when the tables change shape


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
        _scratch(con)
        con.executescript(INDEX_SCHEMA)
        con.execute(
            "INSERT INTO meta VALUES (?, ?)",
            (_key_bytes(key), pickle.dumps(catalog.registry, protocol=pickle.HIGHEST_PROTOCOL)),
        )
        for pos, (entry, d) in enumerate(zip(key[1][1:], catalog.directives, strict=True)):
            _insert_directive(con, pos, pos, entry, d)
        con.execute("CREATE INDEX task_by_body ON task (body, directive, ord)")
        con.commit()
    finally:
        con.close()


def _scratch(con: Any) -> None:
    # A scratch file until the rename: no journal, no syncs.
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")


def _insert_directive(con: Any, directive_id: int, pos: int, entry: Entry, d: Directive) -> None:
    """One directive's rows: its header, its clauses (each pickled once) and its tasks."""
    dump = pickle.dumps
    header = dataclasses.replace(d, clauses=(), tasks=())
    con.execute(
        "INSERT INTO directive VALUES (?, ?, ?, ?)",
        (directive_id, pos, dump(entry), dump(header, protocol=pickle.HIGHEST_PROTOCOL)),
    )
    con.executemany(
        "INSERT INTO clause VALUES (?, ?, ?)",
        [
            (directive_id, i, dump(c, protocol=pickle.HIGHEST_PROTOCOL))
            for i, c in enumerate(d.clauses)
        ],
    )
    where = {c.id: i for i, c in enumerate(d.clauses)}
    con.executemany(
        "INSERT INTO task VALUES (?, ?, ?, ?, ?, ?)",
        [
            (t.body, directive_id, i, where[t.clause], t.clause, t.role.value)
            for i, t in enumerate(d.tasks)
        ],
    )


def _update_index(index: Path, found: Found, path: Path | None) -> bool:
    """Bring a stale index up to date by parsing only the files that changed since it was
    written (a copy with their rows replaced, renamed into place); False when it cannot be
    (none, damaged, another format, the registry changed, most files changed)."""
    import sqlite3

    stale = _index_contents(index)
    if stale is None:
        return False
    stored, registry, rows = stale
    headers = [header for _, header in rows.values()]
    try:
        known = _unchanged(stored, found, headers)
    except ValueError:  # as many headers as files: else not an index this code wrote
        return False
    if len(known) * 2 < len(found.files):
        return False  # parsing most files anyway: the whole rebuild costs no more
    # Every check across files (a directive id used twice) is the loader's, on the headers.
    catalog = load_catalog(path, known=known, registry=registry)
    if len(catalog.directives) != len(found.files):
        return False  # a file came or went while it was read
    from .atomic import replacing  # only when writing

    entries = found.key[1][1:]
    try:
        with replacing(index, durable=False) as tmp:
            _copy(index, tmp)
            _replace_rows(sqlite3.connect(tmp), found.key, rows, entries, catalog.directives)
    except (OSError, sqlite3.Error):
        return False  # a read-only cache folder or a full disk only costs speed
    return True


def _index_contents(index: Path) -> tuple[Key, Registry, dict[Entry, tuple[int, Any]]] | None:
    """A stale index's key, registry and directives ({file entry: (id, header)}), in file order."""
    import sqlite3

    try:
        if not index.is_file() or not _safe_to_read(index):
            return None
        con = sqlite3.connect(index.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    except Exception:
        return None
    try:
        stored_key, registry_data = con.execute("SELECT key, registry FROM meta").fetchone()
        fmt, stored = pickle.loads(stored_key)
        registry = pickle.loads(registry_data)
        if fmt != INDEX_FORMAT or not isinstance(registry, Registry):
            return None
        rows = {
            pickle.loads(source): (directive_id, pickle.loads(header))
            for directive_id, source, header in con.execute(
                "SELECT id, source, header FROM directive ORDER BY pos"
            )
        }
        return stored, registry, rows
    except Exception:  # damaged or foreign: rebuilt by the caller
        return None
    finally:
        con.close()


def _copy(source: Path, dest: Path) -> None:
    import shutil

    shutil.copyfile(source, dest)


def _replace_rows(
    con: Any,
    key: Key,
    rows: dict[Entry, tuple[int, Any]],
    entries: tuple[Entry, ...],
    directives: tuple[Directive, ...],
) -> None:
    """In the copy of the index: drop the rows of files changed or gone, add those of the
    files parsed again, put every directive in its file's place, and write the new key."""
    try:
        _scratch(con)
        current = set(entries)
        gone = [directive_id for entry, (directive_id, _) in rows.items() if entry not in current]
        if gone:
            marks = ",".join("?" * len(gone))
            for table, column in (
                ("directive", "id"),
                ("clause", "directive"),
                ("task", "directive"),
            ):
                con.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", gone)
        next_id = max((directive_id for directive_id, _ in rows.values()), default=-1) + 1
        for pos, (entry, d) in enumerate(zip(entries, directives, strict=True)):
            if entry in rows:
                con.execute("UPDATE directive SET pos = ? WHERE id = ?", (pos, rows[entry][0]))
            else:
                _insert_directive(con, next_id, pos, entry, d)
                next_id += 1
        con.execute("UPDATE meta SET key = ?", (_key_bytes(key),))
        con.commit()
    finally:
        con.close()


def load_catalog(
    path: Path | None,
    known: Mapping[Path, Directive] | None = None,
    registry: Registry | None = None,
) -> Catalog:
    from . import load  # the YAML reader: imported only when the cache cannot serve

    return load.load_catalog(path, read=(registry, known) if known and registry else None)


def _store(cache_file: Path, data: bytes) -> None:
    from .atomic import replacing  # only when writing

    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        with replacing(cache_file, durable=False) as tmp:
            tmp.write_bytes(data)
    except OSError:
        pass  # a read-only home folder only costs speed
