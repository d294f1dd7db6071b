"""Data safety under real conditions: concurrent clerks, killed writers, full or read-only disks,
network drives and backups taken while others write.

Quick by default (8 × 50 marks through the store, 8 × 4 through the CLI, 10 kills);
`pytest --slow` adds the full counts (8 × 250 through the store, 8 × 50 through the CLI,
100 kills).
"""

from __future__ import annotations

import bisect
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import unicodedata
import warnings
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli
from disks import fill, tmpfs

from directive_cli.app import Exit
from directive_cli.errors import OutputError, StoreError
from directive_cli.model import Mark, Status
from directive_cli.store import NewMark, open_store
from directive_cli.store import backup as backup_module
from directive_cli.store import diagnostics as diagnostics_module
from directive_cli.store import sqlite as store_module
from directive_cli.store.chain import GENESIS, Head, Verdict
from directive_cli.store.diagnostics import (
    NetworkFilesystemWarning,
    mounted_network,
    network_filesystem,
    unc_share,
)
from directive_cli.store.migrations import MIGRATIONS
from directive_cli.store.sqlite import SqliteStore

D = "2167-2023"
REPO = Path(__file__).resolve().parent.parent
# Real tasks of letter 2167, one per concurrent clerk when they work on different tasks.
TASKS = [
    "3.1:vpub",
    "4:snv",
    "5:sldtbxh",
    "5:snnptnt",
    "6a.1:svhttdl",
    "7:cat",
    "1a:skhdt",
    "2:stc",
]
CLERKS = 8
NOTE = re.compile(r"\w+-\d+-\d+/\d+")  # a writer's note: NAME-BATCH-PART/PARTS

# A writer process: records batches through the store (a file or a URL) and prints an ack line after each
# commit returns. It says "ready", then waits for "go" on stdin so that all start at once.
WRITER = r"""
import random, sys
from datetime import date, timedelta
from pathlib import Path
from directive_cli.model import Status
from directive_cli.store import NewMark, open_store

db, name, count, tasks, batch_max, seed = sys.argv[1:7]
rng = random.Random(int(seed))
keys = [tuple(t.split(":")) for t in tasks.split(",")]
sys.stdout.write("ready\n"); sys.stdout.flush()
sys.stdin.readline()
store = open_store(db)  # a file, or a server's URL (test_pg_concurrency.py)
for i in range(int(count)):
    n = rng.randint(1, int(batch_max))
    marks = [NewMark("2167-2023", *rng.choice(keys), rng.choice(list(Status)),
                     date(2023, 5, 1) + timedelta(days=rng.randrange(60)), name,
                     f"{name}-{i}-{j}/{n}")
             for j in range(n)]
    store.record(marks, "2023-07-01T08:00:00+07:00")
    sys.stdout.write(f"ack {name}-{i}/{n}\n"); sys.stdout.flush()
store.close()
"""


def child_env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DIRECTIVE_USER": "tester",
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "PYTHONPATH": str(REPO),
        **extra,
    }
    for var in ("DIRECTIVE_DB", "DIRECTIVE_DATA", "DIRECTIVE_AS_OF", "DIRECTIVE_LANG"):
        if var not in extra:
            env.pop(var, None)
    return env


def start_writer(
    db: Path | str, name: str, count: int, tasks: list[str], batch_max: int, seed: int
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            WRITER,
            str(db),
            name,
            str(count),
            ",".join(tasks),
            str(batch_max),
            str(seed),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=REPO,
    )


def directive_cli(
    *args: str, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """The real `directive` command in its own process."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "directive_cli", *args],
        capture_output=True,
        text=True,
        env=env or child_env(),
        cwd=REPO,
        timeout=120,
    )


# --- what "no lost marks" means -----------------------------------------------------------------


def assert_serial(db: Path | str) -> list[Mark]:
    """The store is sound and its history is what one clerk after another would have produced.

    SQLite's integrity check passes, `current` equals a replay of the history, every
    previous_status is the status in force on that date among the marks recorded before it,
    and every batch is whole (notes are NAME-I-J/N: marks J = 0..N-1 of batch I).
    """
    store = open_store(db, create=False)
    try:
        assert store.check() == []
        marks = store.history()
    finally:
        store.close()
    assert [m.id for m in marks] == sorted({m.id for m in marks})
    seen: dict[tuple[str, str], list[tuple[date, int, Status]]] = defaultdict(list)
    for m in marks:
        line = seen[(m.clause, m.body)]
        at = bisect.bisect_right(line, (m.effective_on, m.id), key=lambda e: (e[0], e[1]))
        before = line[at - 1][2] if at else Status.TODO
        assert m.previous_status == before, f"#{m.id} {m.ref}: {m.previous_status} != {before}"
        line.insert(at, (m.effective_on, m.id, m.status))
    batches: dict[int, list[str]] = defaultdict(list)
    for m in marks:
        batches[m.batch].append(m.note or "")
    for batch, notes in batches.items():
        if not all(NOTE.fullmatch(n) for n in notes):
            continue  # marks made by hand in a test, not by a writer
        stem = {n.rsplit("-", 1)[0] for n in notes}
        size = int(notes[0].rsplit("/", 1)[1])
        expected = [f"{next(iter(stem))}-{j}/{size}" for j in range(size)]
        assert len(stem) == 1 and notes == expected, f"batch {batch} is not whole: {notes}"
    return marks


def batches_of(marks: list[Mark]) -> set[str]:
    """`NAME-I/N` of every writer's batch in the history (the form writers ack)."""
    out = set()
    for m in marks:
        if not NOTE.fullmatch(m.note or ""):
            continue
        stem, j_n = (m.note or "").rsplit("-", 1)
        out.add(f"{stem}/{j_n.split('/')[1]}")
    return out


def acks(stdout: str) -> set[str]:
    """Acks a writer finished printing (a line cut by a kill does not count)."""
    lines = stdout.split("\n")[:-1]  # the part after the last newline was never acknowledged
    return {line[4:] for line in lines if line.startswith("ack ")}


# --- 1. concurrent writers ----------------------------------------------------------------------


def run_writers(
    db: Path | str, per_clerk: int, same_task: bool, batch_max: int = 1, seed: int = 0
) -> list[subprocess.Popen[str]]:
    procs = [
        start_writer(
            db, f"w{k}", per_clerk, [TASKS[0]] if same_task else [TASKS[k]], batch_max, seed + k
        )
        for k in range(CLERKS)
    ]
    for p in procs:  # all imported and waiting: now they race
        assert p.stdout is not None and p.stdout.readline() == "ready\n"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    return procs


@pytest.mark.parametrize("same_task", [True, False], ids=["same-task", "different-tasks"])
@pytest.mark.parametrize(
    "per_clerk",
    [pytest.param(50, id="8x50"), pytest.param(250, id="8x250", marks=pytest.mark.slow)],
)
def test_concurrent_store_writers_lose_nothing(db: Path, per_clerk: int, same_task: bool) -> None:
    # No database yet: the 8 processes also race to create and migrate it.
    procs = run_writers(db, per_clerk, same_task)
    acked: set[str] = set()
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err, err
        acked |= acks(out)
    marks = assert_serial(db)
    expected = {f"w{k}-{i}-0/1" for k in range(CLERKS) for i in range(per_clerk)}
    assert len(marks) == CLERKS * per_clerk
    assert {m.note for m in marks} == expected
    assert batches_of(marks) == acked == {n.replace("-0/1", "/1") for n in expected}
    assert len({m.batch for m in marks}) == len(marks)  # one batch per record call


@pytest.mark.parametrize(
    "per_clerk", [pytest.param(4, id="8x4"), pytest.param(50, id="8x50", marks=pytest.mark.slow)]
)
def test_concurrent_clerks_through_the_cli(db: Path, per_clerk: int) -> None:
    """8 clerks run `directive mark` at once (4 on the same task) while another reads."""
    statuses = ["in_progress", "done", "blocked", "todo"]
    results: list[subprocess.CompletedProcess[str]] = []
    lock = threading.Lock()
    stop = threading.Event()
    env = child_env(DIRECTIVE_DB=str(db))

    def clerk(k: int) -> None:
        ref = TASKS[0] if k < 4 else TASKS[k]
        for i in range(per_clerk):
            r = directive_cli(
                "mark",
                statuses[(k + i) % 4],
                ref,
                "--on",
                f"{1 + i % 28}/6/2023",
                "--note",
                f"c{k}-{i}-0/1",
                "--by",
                f"clerk{k}",
                env=env,
            )
            with lock:
                results.append(r)

    reads: list[subprocess.CompletedProcess[str]] = []

    def reader() -> None:
        while not stop.is_set():
            reads.append(directive_cli("history", "--format", "json", env=env))

    threads = [threading.Thread(target=clerk, args=(k,)) for k in range(CLERKS)]
    watcher = threading.Thread(target=reader)
    for th in [*threads, watcher]:
        th.start()
    for th in threads:
        th.join()
    stop.set()
    watcher.join()
    for r in results + reads:
        assert r.returncode == 0, r.stderr
        assert "locked" not in r.stderr and "busy" not in r.stderr, r.stderr
    for r in reads:
        json.loads(r.stdout)
    marks = assert_serial(db)
    assert sorted(m.note or "" for m in marks) == sorted(
        f"c{k}-{i}-0/1" for k in range(CLERKS) for i in range(per_clerk)
    )
    assert {m.by for m in marks} == {f"clerk{k}" for k in range(CLERKS)}


def test_check_reads_one_snapshot_while_others_write(db: Path) -> None:
    """`check` compares history and `current` as of one moment, not across a commit."""
    procs = run_writers(db, 40, same_task=True)
    store = SqliteStore(db, create=False)
    try:
        while any(p.poll() is None for p in procs):
            if store.exists:
                assert store.check() == []
    finally:
        store.close()
        for p in procs:
            p.communicate(timeout=120)
    assert all(p.returncode == 0 for p in procs)
    assert len(assert_serial(db)) == CLERKS * 40


def test_switching_to_wal_waits_for_another_writer(db: Path) -> None:
    """SQLite refuses the switch to WAL at once, without its busy handler, while another
    connection is writing a rollback-journal database (two clerks starting on a new file)."""
    raw = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    # Another clerk creating the database, still in rollback-journal mode.
    raw.execute("BEGIN IMMEDIATE")
    for step in MIGRATIONS:
        for action in step.statements:
            raw.execute(action) if isinstance(action, str) else action(raw)
    raw.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
    release = threading.Timer(0.5, lambda: raw.execute("COMMIT"))
    release.start()
    s = SqliteStore(db)
    try:
        s.record([NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 1), "a")], "t")
        assert s._connect().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        s.close()
        release.join()
        raw.close()
    assert_intact(db, 1)


def test_a_long_writer_makes_others_wait_not_fail(db: Path) -> None:
    """A clerk blocked behind another's transaction waits (busy timeout) rather than failing."""
    SqliteStore(db).record([NewMark(D, "4", "snv", Status.TODO, date(2023, 6, 1), "a")], "t0")
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    r = directive_cli("mark", "done", "4:snv", "--on", "2/6/2023", "--db", str(db))
    release.join()
    holder.close()
    assert r.returncode == 0, r.stderr
    assert time.monotonic() - started >= 0.9
    assert len(assert_serial(db)) == 2


def test_busy_beyond_the_timeout_is_one_clear_line(
    db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    SqliteStore(db).record([NewMark(D, "4", "snv", Status.TODO, date(2023, 6, 1), "a")], "t0")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("mark", "done", "4:snv", "--on", "2/6/2023")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == Exit.STORE
    assert result.stderr == f"Lỗi: cơ sở dữ liệu {db} đang bận (người khác đang ghi); hãy thử lại\n"
    assert result.stdout == ""
    assert len(assert_serial(db)) == 1


# --- 2. killed writers --------------------------------------------------------------------------


def kill_rounds(db: Path | str, rounds: int, seed: int) -> int:
    """Rounds of 2 writers (batches of 1–3 marks) each SIGKILLed at a random moment.

    Early kills land in start-up, connection and the first migration; later ones inside
    transactions and commits. Returns the number of kills.
    """
    rng = random.Random(seed)
    acked: set[str] = set()
    kills = 0
    for r in range(rounds):
        tasks = rng.sample(TASKS, 3)
        procs = [
            start_writer(db, f"r{r}w{k}", 100_000, tasks, 3, rng.randrange(1 << 30))
            for k in range(2)
        ]
        for p in procs:
            assert p.stdout is not None and p.stdout.readline() == "ready\n"
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        delays = sorted(rng.choice([0.0, 0.002, 0.01]) + rng.uniform(0, 0.25) for _ in procs)
        began = time.monotonic()
        for p, delay in zip(procs, delays, strict=True):
            time.sleep(max(0.0, began + delay - time.monotonic()))
            p.send_signal(signal.SIGKILL)
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == -signal.SIGKILL, (
                f"writer ended by itself (rc {p.returncode}, seed {seed}, round {r}):"
                f" {out[-300:]}\n{err}"
            )
            kills += 1
            acked |= acks(out)
        # Each round starts on the database the last kill left: it must open and be sound.
        marks = assert_serial(db)
        missing = acked - batches_of(marks)
        assert not missing, f"acknowledged but lost (seed {seed}, round {r}): {sorted(missing)}"
    return kills


@pytest.mark.parametrize(
    "rounds",
    [pytest.param(5, id="10-kills"), pytest.param(50, id="100-kills", marks=pytest.mark.slow)],
)
def test_sigkill_never_loses_an_acknowledged_mark(db: Path, rounds: int) -> None:
    seed = random.randrange(1 << 30)
    assert kill_rounds(db, rounds, seed) == 2 * rounds
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        raw.close()


# --- 2b. killed report exports -------------------------------------------------------------------

# `directive report` whose rename into place never comes: it says "written" once the temporary
# file is complete, then waits to be killed — the worst moment for a crash.
STALLED_REPORT = r"""
import os, sys, time
target, rename = sys.argv[-1], os.replace

def stall(src, dst):
    if str(dst) != target:  # the catalog cache, say: let it through
        return rename(src, dst)
    print("written", flush=True)
    time.sleep(600)

os.replace = stall
from directive_cli.app import main
sys.argv = ["directive", *sys.argv[1:]]
main()
"""
REPORT_ARGS = ("report", "--week", "2023-W22", "--format", "json", "--force", "--output")


def report_debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def complete_report(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["window"]["from"] == "2023-05-29", data
    return data  # type: ignore[no-any-return]


def test_export_killed_before_the_rename_keeps_the_old_report(db: Path, tmp_path: Path) -> None:
    one_mark(db)
    out = tmp_path / "reports"
    out.mkdir()
    target = out / "weekly.json"
    env = child_env(DIRECTIVE_DB=str(db))
    first = directive_cli(*REPORT_ARGS, str(target), env=env)
    assert first.returncode == 0, first.stderr
    before = target.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", STALLED_REPORT, *REPORT_ARGS, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "written\n"
    proc.kill()
    proc.communicate(timeout=60)
    assert target.read_bytes() == before  # the complete previous report, untouched
    [left] = report_debris(out)  # the killed run's complete-but-unnamed file
    assert left.startswith(".directive-") and len((out / left).read_bytes()) > 0
    again = directive_cli(*REPORT_ARGS, str(target), env=env)
    assert again.returncode == 0, again.stderr
    assert report_debris(out) == []  # swept by the next run
    complete_report(target)


@pytest.mark.parametrize(
    "kills",
    [pytest.param(6, id="6-kills"), pytest.param(60, id="60-kills", marks=pytest.mark.slow)],
)
def test_export_killed_at_random_never_leaves_half_a_report(
    db: Path, tmp_path: Path, kills: int
) -> None:
    one_mark(db)
    target = tmp_path / "weekly.json"
    env = child_env(DIRECTIVE_DB=str(db))
    began = time.monotonic()
    assert directive_cli(*REPORT_ARGS, str(target), env=env).returncode == 0
    whole = time.monotonic() - began  # one run, start-up included
    target.unlink()
    rng = random.Random()
    for _ in range(kills):
        proc = subprocess.Popen(
            [sys.executable, "-m", "directive_cli", *REPORT_ARGS, str(target)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
        time.sleep(rng.uniform(0.3, 1.0) * whole)
        proc.kill()
        proc.communicate(timeout=60)
        if target.exists():  # absent, or a whole report: never a prefix of one
            complete_report(target)
    assert directive_cli(*REPORT_ARGS, str(target), env=env).returncode == 0
    complete_report(target)
    assert report_debris(tmp_path) == []


# --- 3. full and read-only disks ----------------------------------------------------------------


def one_mark(db: Path) -> None:
    s = SqliteStore(db)
    s.record([NewMark(D, "4", "snv", Status.IN_PROGRESS, date(2023, 6, 1), "a", "a-0-0/1")], "t0")
    s.close()


def assert_intact(db: Path, events: int) -> None:
    """The database opens, is sound, and holds exactly the events it had before the failure."""
    s = SqliteStore(db, create=False)
    try:
        assert s.check() == [] and s.count_events() == events
    finally:
        s.close()


FULL = "không ghi được cơ sở dữ liệu {db}: ổ đĩa đã đầy; hãy giải phóng dung lượng rồi thử lại"


def assert_store_error(stderr: str, message: str) -> None:
    """Exactly one line: the Vietnamese message a clerk reads, nothing else."""
    assert stderr == f"Lỗi: {message}\n", stderr


def test_disk_full_via_max_page_count(db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert os.environ["DIRECTIVE_DB"] == str(db)
    """A database that cannot grow (as on a full disk) refuses the mark cleanly."""
    one_mark(db)
    connect = SqliteStore._connect

    def capped(self: SqliteStore) -> sqlite3.Connection:
        conn = connect(self)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    with monkeypatch.context() as patched:
        patched.setattr(SqliteStore, "_connect", capped)
        result = cli(
            "mark", "done", "4:snv", "3.1:vpub", "--on", "2/6/2023", "--note", "x" * 200_000
        )
    assert result.exit_code == Exit.STORE, result.output
    assert_store_error(result.stderr, FULL.format(db=db))
    assert_intact(db, 1)
    assert cli("mark", "done", "4:snv", "--on", "2/6/2023").exit_code == 0
    assert_intact(db, 2)


def test_disk_full_on_a_real_filesystem(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "512k") as folder:
        db = folder / "progress.db"
        one_mark(db)
        filler = fill(folder)
        r = directive_cli(
            "mark", "done", "4:snv", "--on", "2/6/2023", "--note", "x" * 100_000, "--db", str(db)
        )
        assert r.returncode == Exit.STORE, r.stdout + r.stderr
        assert_store_error(r.stderr, FULL.format(db=db))
        filler.unlink()
        assert_intact(db, 1)
        r = directive_cli("mark", "done", "4:snv", "--on", "2/6/2023", "--db", str(db))
        assert r.returncode == 0, r.stderr
        assert_intact(db, 2)


def unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions apply (root ignores them)."""
    if os.geteuid() != 0:
        return ()
    if not shutil.which("setpriv"):
        pytest.skip("as root, read-only files need setpriv to drop CAP_DAC_OVERRIDE")
    return ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")


def test_read_only_database_file(db: Path) -> None:
    one_mark(db)
    prefix = unprivileged()
    db.chmod(0o444)
    try:
        r = directive_cli(
            "mark", "done", "4:snv", "--on", "2/6/2023", "--db", str(db), prefix=prefix
        )
        assert r.returncode == Exit.STORE, r.stdout + r.stderr
        assert_store_error(
            r.stderr, f"cơ sở dữ liệu {db} chỉ đọc; kiểm tra quyền ghi hoặc dùng --db"
        )
        listing = directive_cli("history", "--format", "json", "--db", str(db), prefix=prefix)
        assert listing.returncode == 0, listing.stderr  # reading still works
        assert len(json.loads(listing.stdout)) == 1
    finally:
        db.chmod(0o644)
    assert_intact(db, 1)


def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    db = folder / "progress.db"
    one_mark(db)
    prefix = unprivileged()
    folder.chmod(0o555)
    try:
        r = directive_cli(
            "mark", "done", "4:snv", "--on", "2/6/2023", "--db", str(db), prefix=prefix
        )
        assert r.returncode == Exit.STORE, r.stdout + r.stderr
        assert_store_error(
            r.stderr,
            f"không ghi được cơ sở dữ liệu {db}: thư mục chỉ đọc (SQLite"
            " cần ghi tệp nhật ký bên cạnh); dùng --db để chọn nơi khác",
        )
        assert sorted(p.name for p in folder.iterdir()) == ["progress.db"]
    finally:
        folder.chmod(0o755)
    assert_intact(db, 1)


def test_missing_folder_that_cannot_be_created(tmp_path: Path) -> None:
    # "locked" in the path once made the error read "database is busy".
    parent = tmp_path / "locked"
    parent.mkdir()
    db = parent / "sub" / "progress.db"
    prefix = unprivileged()
    parent.chmod(0o555)
    try:
        r = directive_cli(
            "mark", "done", "4:snv", "--on", "2/6/2023", "--db", str(db), prefix=prefix
        )
    finally:
        parent.chmod(0o755)
    assert r.returncode == Exit.STORE, r.stdout + r.stderr
    assert_store_error(r.stderr, f"không mở được cơ sở dữ liệu {db}: không có quyền")
    assert not db.exists()


def test_a_file_that_is_not_a_database(db: Path, cli: Cli) -> None:
    db.write_bytes(b"PK\x03\x04 a spreadsheet, not a database" * 200)
    result = cli("mark", "done", "4:snv", "--on", "2/6/2023")
    assert result.exit_code == Exit.STORE
    assert_store_error(
        result.stderr,
        f"{db} không phải cơ sở dữ liệu của directive-cli hoặc đã hỏng"
        " (tệp này không phải cơ sở dữ liệu SQLite)",
    )
    assert db.read_bytes().startswith(b"PK\x03\x04")


def test_a_failed_rollback_does_not_hide_the_error(db: Path) -> None:
    """When SQLite has already rolled back (disk full), the original error still surfaces."""
    s = SqliteStore(db)
    one_mark(db)
    conn = s._connect()
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(StoreError, match=f"^{re.escape(FULL.format(db=db))}$"):
        s.record([NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 2), "a", "x" * 100_000)], "t")
    assert not conn.in_transaction
    s.close()
    assert_intact(db, 1)


# --- 6. network filesystems ---------------------------------------------------------------------

MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
server:/export /mnt/share nfs4 rw,relatime,vers=4.2 0 0
/dev/vdb1 /mnt/share/local ext4 rw 0 0
//nas/phong\\040ktth /mnt/phong\\040ktth cifs rw,vers=3.0 0 0
clerk@host:/data /home/clerk/remote fuse.sshfs rw,nosuid,nodev 0 0
drvfs /mnt/c 9p rw,noatime 0 0
tmpfs /mnt/share/local/tmp tmpfs rw 0 0
server:/other /mnt/over ext4 rw 0 0
server:/other /mnt/over nfs rw 0 0
"""


@pytest.fixture
def mounts(tmp_path: Path) -> Path:
    path = tmp_path / "mounts"
    path.write_text(MOUNTS)
    return path


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/share/progress.db", "nfs4"),
        ("/mnt/share/a/b/progress.db", "nfs4"),
        ("/mnt/share", "nfs4"),
        ("/mnt/shared/progress.db", None),  # a longer name is not inside /mnt/share
        ("/mnt/share/local/progress.db", None),  # a local disk mounted inside the share
        ("/mnt/share/local/tmp/x/progress.db", None),
        ("/mnt/phong ktth/progress.db", "cifs"),  # \040 is a space in /proc/mounts
        ("/home/clerk/remote/progress.db", "fuse.sshfs"),
        ("/mnt/c/Users/clerk/progress.db", "9p"),
        ("/mnt/over/progress.db", "nfs"),  # mounted over: the last entry wins
        ("/home/clerk/progress.db", None),
    ],
)
def test_network_filesystem_from_the_mount_table(mounts: Path, path: str, kind: str | None) -> None:
    assert mounted_network(Path(path), mounts) == kind


def test_network_filesystem_follows_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    table = tmp_path / "mounts"
    table.write_text(f"/dev/vda1 / ext4 rw 0 0\nsrv:/x {real} nfs rw 0 0\n")
    assert mounted_network(tmp_path / "link" / "progress.db", table) == "nfs"


def test_no_mount_table_means_no_warning(tmp_path: Path) -> None:
    assert mounted_network(Path("/mnt/share/x.db"), tmp_path / "absent") is None
    if sys.platform != "win32":
        assert network_filesystem(Path("/mnt/share/x.db"), tmp_path / "absent") is None


@pytest.mark.parametrize(
    ("text", "network"),
    [
        (r"\\server\share\progress.db", True),
        ("//server/share/progress.db", True),
        (r"\\?\UNC\server\share\progress.db", True),
        (r"\\?\C:\Users\clerk\progress.db", False),
        (r"\\.\pipe\x", False),
        (r"C:\Users\clerk\progress.db", False),
        ("/home/clerk/progress.db", False),
    ],
)
def test_windows_unc_paths(text: str, network: bool) -> None:
    assert unc_share(text) is network


def test_store_warns_once_and_keeps_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tmp_path / "fake-mounts"
    table.write_text(f"/dev/vda1 / ext4 rw 0 0\nsrv:/x {tmp_path / 'share'} nfs4 rw 0 0\n")
    monkeypatch.setattr(diagnostics_module, "PROC_MOUNTS", table)
    monkeypatch.setattr(store_module, "_WARNED", set())
    db = tmp_path / "share" / "progress.db"
    said: list[str] = []
    for _ in range(3):
        s = SqliteStore(db, on_warning=said.append, announce_new=True)
        s.record([NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 1), "a")], "t")
        s.close()
    assert said == [
        f"cơ sở dữ liệu {db} nằm trên ổ mạng (nfs4); SQLite không bảo đảm khóa ghi ở"
        " đó, hai máy cùng ghi có thể mất dữ liệu. Hãy để nó trên ổ đĩa của một máy"
        " (xem docs/data-safety.md)",
        CREATED.format(db),
    ]
    # Without a callback the warning goes through the warnings module (still once).
    monkeypatch.setattr(store_module, "_WARNED", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            s = SqliteStore(db)
            s.progress(D)
            s.close()
    assert [w.category for w in caught] == [NetworkFilesystemWarning]
    # WAL needs shared memory a network filesystem lacks: a new database keeps the journal.
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        raw.close()
    assert_intact(db, 3)


def test_local_database_uses_wal_and_says_only_that_it_was_created(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    s = SqliteStore(db, on_warning=said.append, announce_new=True)
    s.record([NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 1), "a")], "t")
    mode = s._connect().execute("PRAGMA journal_mode").fetchone()[0]
    sync = s._connect().execute("PRAGMA synchronous").fetchone()[0]
    s.close()
    assert (said, mode, sync) == ([CREATED.format(db)], "wal", 2)  # 2 = FULL
    # Only the first run says it created the file; later ones say nothing.
    said.clear()
    s = SqliteStore(db, on_warning=said.append, announce_new=True)
    s.record([NewMark(D, "4", "snv", Status.TODO, date(2023, 6, 2), "a")], "t")
    s.close()
    assert said == []


CREATED = (
    "chưa có cơ sở dữ liệu tiến độ tại {} nên đã tạo mới (nếu đã có ở chỗ khác, kiểm tra"
    " --db / DIRECTIVE_DB)"
)


# --- append-only --------------------------------------------------------------------------------


def test_history_refuses_update_and_delete_even_from_raw_sql(db: Path) -> None:
    one_mark(db)
    raw = sqlite3.connect(db)
    try:
        for sql in ("UPDATE events SET status = 'done'", "DELETE FROM events"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                raw.execute(sql)
    finally:
        raw.close()
    assert_intact(db, 1)


def test_text_is_stored_in_nfc(db: Path) -> None:
    s = SqliteStore(db)
    nfd = "Đặng Văn Minh"
    typed = unicodedata.normalize("NFD", nfd)
    [m] = s.record(
        [NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 1), typed, typed, typed)], "t"
    )
    s.close()
    assert (m.by, m.note, m.evidence) == (nfd, nfd, nfd)


# --- 7. backups ---------------------------------------------------------------------------------


def test_backup_while_another_process_writes(db: Path, tmp_path: Path, cli: Cli) -> None:
    one_mark(db)
    writer = start_writer(db, "bw", 100_000, TASKS[:3], 3, 7)
    assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    assert writer.stdin is not None
    writer.stdin.write("go\n")
    writer.stdin.flush()
    copies = []
    try:
        for i in range(3):
            time.sleep(0.05)
            dest = tmp_path / "backups" / f"copy{i}.db"
            dest.parent.mkdir(exist_ok=True)
            result = cli("backup", str(dest))
            assert result.exit_code == 0, result.output
            copies.append(dest)
    finally:
        writer.kill()
        writer.communicate()
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [
        "copy0.db",
        "copy1.db",
        "copy2.db",
    ]  # no temporary file left behind
    sizes = []
    for copy in copies:
        raw = sqlite3.connect(copy)
        try:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        finally:
            raw.close()
        sizes.append(len(assert_serial(copy)))
    assert sizes == sorted(sizes) and sizes[-1] > 1  # later copies hold more marks


def test_backup_refuses_an_existing_file_without_force(db: Path, tmp_path: Path, cli: Cli) -> None:
    one_mark(db)
    dest = tmp_path / "copy.db"
    dest.write_text("keep me")
    result = cli("backup", str(dest))
    assert result.exit_code == Exit.OUTPUT
    assert "--force" in result.stderr and result.stderr.count("\n") == 1
    assert dest.read_text() == "keep me"
    assert cli("backup", str(dest), "--force").exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    assert len(assert_serial(dest)) == 1


def test_reading_a_backup_leaves_its_bytes_as_they_were(db: Path, tmp_path: Path, cli: Cli) -> None:
    """An auditor's `verify` (or a report) of a backup changes nothing in it: no switch to
    WAL, no -wal or -shm beside it; its checksum before and after is the same."""
    import hashlib

    one_mark(db)
    copy = tmp_path / "audit" / "sao-luu.db"
    copy.parent.mkdir()
    assert cli("backup", str(copy)).exit_code == 0
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    for args in (["verify"], ["history", "--format", "json"], ["report", "--format", "json"]):
        result = cli(*args, "--db", str(copy))
        assert result.exit_code == 0, result.output
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in copy.parent.iterdir()) == ["sao-luu.db"]


def test_a_history_on_read_only_media_is_read_and_verified(
    db: Path, tmp_path: Path, cli: Cli
) -> None:
    """A backup on write-protected media (a DVD, a read-only share) is read as it is, WAL
    database or not; a mark there is refused in one line."""
    one_mark(db)
    with tmpfs(tmp_path / "dvd", "4m") as media:
        assert cli("backup", str(media / "sao-luu.db")).exit_code == 0
        for suffix in ("", "-wal", "-shm"):  # the live database in WAL, as a clerk copies it
            if Path(f"{db}{suffix}").exists():
                shutil.copyfile(f"{db}{suffix}", media / f"progress.db{suffix}")
        subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True)
        for name in ("sao-luu.db", "progress.db"):
            checked = cli("verify", "--db", str(media / name))
            assert checked.exit_code == 0, checked.output
            listed = cli("history", "--format", "json", "--db", str(media / name))
            assert [e["task"] for e in json.loads(listed.stdout)] == ["4:snv"]
        refused = cli("mark", "done", "2:snv", "--on", "20/6/2023", "--db", str(media / name))
        assert (refused.exit_code, refused.stderr.count("\n")) == (Exit.STORE, 1)


def test_backup_never_overwrites_the_database_itself(db: Path, cli: Cli) -> None:
    one_mark(db)
    for args in (["--force"], []):  # without --force too: never "exists, add --force" first
        result = cli("backup", str(db), *args)
        assert result.exit_code == Exit.OUTPUT
        assert result.stderr == f"Lỗi: {db} chính là cơ sở dữ liệu; hãy chọn tệp khác\n"
    assert_intact(db, 1)
    s = SqliteStore(db)
    with pytest.raises(OutputError):
        s.backup(db.parent / "." / db.name, overwrite=True)
    s.close()


def test_backup_without_a_database(tmp_path: Path, cli: Cli) -> None:
    result = cli("backup", str(tmp_path / "copy.db"))
    assert result.exit_code == Exit.NOT_FOUND
    assert not (tmp_path / "copy.db").exists() and not (tmp_path / "progress.db").exists()


def test_backup_into_a_missing_folder_or_through_a_link(db: Path, tmp_path: Path, cli: Cli) -> None:
    one_mark(db)
    result = cli("backup", str(tmp_path / "nowhere" / "copy.db"))
    assert result.exit_code == Exit.OUTPUT
    assert result.stderr == f"Lỗi: chưa có thư mục {tmp_path / 'nowhere'}; hãy tạo thư mục trước\n"
    (tmp_path / "elsewhere.db").write_text("keep me")
    (tmp_path / "link.db").symlink_to(tmp_path / "elsewhere.db")
    result = cli("backup", str(tmp_path / "link.db"), "--force")
    assert result.exit_code == Exit.OUTPUT
    assert result.stderr == (
        f"Lỗi: {tmp_path / 'link.db'} là liên kết tượng trưng (symlink);"
        " không ghi qua nó, hãy chọn tệp khác\n"
    )
    assert (tmp_path / "elsewhere.db").read_text() == "keep me"
    result = cli("backup", str(tmp_path))
    assert result.exit_code == Exit.OUTPUT
    assert result.stderr == f"Lỗi: {tmp_path} là thư mục; hãy ghi rõ tên tệp\n"


def test_backup_onto_a_full_disk_keeps_the_old_copy(db: Path, tmp_path: Path, cli: Cli) -> None:
    one_mark(db)
    s = SqliteStore(db)
    s.record([NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 2), "a", "x" * 300_000)], "t")
    s.close()
    with tmpfs(tmp_path / "usb", "256k") as folder:
        old = folder / "copy.db"
        old.write_bytes(b"yesterday's backup")
        result = cli("backup", str(old), "--force")
        assert result.exit_code == Exit.OUTPUT, result.output
        assert result.stderr.count("\n") == 1 and str(old) in result.stderr
        assert old.read_bytes() == b"yesterday's backup"
        assert sorted(p.name for p in folder.iterdir()) == ["copy.db"]


def test_backup_of_a_damaged_database_writes_nothing(db: Path, tmp_path: Path) -> None:
    one_mark(db)
    s = SqliteStore(db)
    s._connect()
    calls = []

    def damaged(conn: sqlite3.Connection) -> Verdict:
        calls.append(conn)
        page = "*** in database main *** Page 3: btreeInitPage() returns error code 11"
        return Verdict(0, Head(0, GENESIS), damaged=[page])

    dest = tmp_path / "copy.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(backup_module, "verify", damaged)
        with pytest.raises(StoreError, match=r"^bản sao của .* không qua kiểm tra \("):
            s.backup(dest)
    s.close()
    assert calls and not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


@pytest.mark.skipif(sys.platform == "win32", reason="Windows sweeps by age, not by process id")
def test_backup_sweeps_only_the_debris_of_dead_runs(db: Path, tmp_path: Path, cli: Cli) -> None:
    one_mark(db)
    from directive_cli.atomic import _host, _legacy_host

    host, legacy = _host(), _legacy_host()
    dead = tmp_path / f".directive-{host}-999999999-0a1b2c3d.tmp"  # above any pid_max
    alive = tmp_path / f".directive-{host}-{os.getppid()}-0a1b2c3d.tmp"  # still being written
    remote = tmp_path / ".directive-0badc0de-999999999-0a1b2c3d.tmp"  # another computer's
    # Names of earlier versions (.NAME.HOST-PID-TOKEN.tmp), for this file and for another:
    # a weekly report's killed run left one under last week's name.
    old = tmp_path / f".copy.db.{legacy}-999999999-0a1b2c3d.tmp"
    other = tmp_path / f".week-2023-W22.json.{legacy}-999999999-0a1b2c3d.tmp"
    old_alive = tmp_path / f".other.db.{legacy}-{os.getppid()}-0a1b2c3d.tmp"
    old_remote = tmp_path / ".copy.db.elsewhere-999999999-0a1b2c3d.tmp"
    mine = tmp_path / "notes.tmp"  # the user's own file
    for p in (dead, alive, remote, old, other, old_alive, old_remote, mine):
        p.write_bytes(b"half")
    result = cli("backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.tmp")) == sorted(
        p.name for p in (alive, remote, old_alive, old_remote, mine)
    )


# --- temporary names: short, and swept from the whole folder ----------------------------------


def test_temporary_names_are_short_whatever_the_target(tmp_path: Path) -> None:
    from directive_cli.atomic import _TEMP, temp_beside

    temp = temp_beside(tmp_path / ("b" * 251 + ".csv"))  # the longest name ext4 takes
    assert _TEMP.fullmatch(temp.name) and temp.parent == tmp_path
    # pid_max is at most 4194304 (7 digits): 11 + 8 + 1 + 7 + 1 + 8 + 4.
    assert len(temp.name.replace(str(os.getpid()), "4194304")) == 40


@pytest.mark.parametrize(
    "name",
    ["b" * 251 + ".csv", ("Báo cáo tiến độ Sở Nội vụ " * 8)[:60].strip() + ".csv"],
    ids=["255-bytes", "vietnamese"],
)
def test_a_long_valid_output_name_is_written(cli: Cli, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    assert len(os.fsencode(target.name)) <= 255
    result = cli("list", "-b", "snv", "--as-of", "1/6/2023", "-o", str(target))
    assert result.exit_code == 0, result.output
    shown = cli("list", "-b", "snv", "--as-of", "1/6/2023", "-f", "csv")
    assert target.read_bytes() == b"\xef\xbb\xbf" + shown.stdout_bytes
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


def test_a_name_too_long_for_the_file_system_is_one_line(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / ("b" * 252 + ".csv")
    result = cli("list", "-b", "snv", "-o", str(target))
    assert result.exit_code == Exit.OUTPUT
    assert result.stderr == f"Lỗi: không ghi được {target}: tên quá dài\n"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows sweeps by age, not by process id")
def test_the_cache_folder_is_swept_on_the_next_cache_write(tmp_path: Path) -> None:
    from directive_cli.atomic import _host, _legacy_host
    from directive_cli.cache import load_cached
    from directive_cli.load import bundled_data

    data = Path(shutil.copytree(bundled_data(), tmp_path / "data"))
    cache = tmp_path / "cache"
    load_cached(data, cache)
    killed = [  # a killed run's pickle and index, under the names of this and earlier versions
        cache / f".directive-{_host()}-999999999-0a1b2c3d.tmp",
        *(cache / f".{p.name}.{_legacy_host()}-999999999-0a1b2c3d.tmp" for p in cache.iterdir()),
    ]
    for p in killed:
        p.write_bytes(b"half")
    load_cached(data, cache)  # served: nothing written, nothing swept
    assert all(p.exists() for p in killed)
    file = data / "directive_2167.yaml"
    file.write_text(file.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    load_cached(data, cache)
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        p.name for p in cache.iterdir() if not p.name.endswith(".tmp")
    )
    assert not any(p.exists() for p in killed)
