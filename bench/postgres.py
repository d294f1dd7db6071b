"""The benchmark scenarios on a PostgreSQL server beside SQLite (issue 18), as whole processes.

    python bench/postgres.py --quick     # the letter, 1k tasks / 100k events (about a minute)
    python bench/postgres.py             # the letter, 10k tasks / 1M events (several minutes)
    python bench/postgres.py --markdown  # tables for docs/benchmarks.md

The server is BENCH_PG (a superuser's URL), else the local socket as this user; each run gets
fresh databases, dropped at the end. Each size's generated history (bench/generate.py, as
run.py makes it) is moved onto the server with `directive db copy`, then the same commands
run on both stores: the median of --reps runs after one unmeasured run (run.py's measure).
Then 8 writer processes × 100 marks at once on each store: the throughput, and whether every
mark landed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import run  # bench/run.py: started as a script, this folder is on sys.path
from run import AS_OF, Scenario, clean_env, directive_argv, measure, ms, province

TARGET = 1.5  # issue 18: within 1.5× of SQLite
WRITERS, MARKS = 8, 100
WRITER = r"""
import sys
from datetime import date, timedelta
from directive_cli.model import Status
from directive_cli.store import NewMark, open_store
where, name, count, ref = sys.argv[1:5]
clause, body = ref.split(":")
store = open_store(where)
store.count_events()  # connected (and migrated) before the start line
sys.stdout.write("ready\n"); sys.stdout.flush()
sys.stdin.readline()
for i in range(int(count)):
    day = date(2024, 1, 1) + timedelta(days=i % 180)
    status = list(Status)[i % 4]
    store.record([NewMark("2167-2023", clause, body, status, day, name, f"{name}-{i}")],
                 "2024-07-01T08:00:00+07:00")
store.close()
"""


def sql(admin: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(statement)


def database_url(admin: str, name: str) -> str:
    head, _, _ = admin.rpartition("/")
    return f"{head}/{name}"


def writers(where: str, ref: str) -> tuple[float, int]:
    """8 processes × 100 marks on `where` at once: (marks per second, marks stored)."""
    from directive_cli.store import open_store

    before = open_store(where).count_events()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, where, f"w{k}", str(MARKS), ref],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=clean_env(),
        )
        for k in range(WRITERS)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline() == "ready\n"
    start = time.perf_counter()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        p.wait(timeout=600)
    took = time.perf_counter() - start
    stored = open_store(where).count_events() - before
    return WRITERS * MARKS / took, stored


def compare(label: str, sqlite: Scenario, pg: Scenario, driver: float | None) -> list[str]:
    """A row: both medians, their ratio, the verdict, and the ratio with the driver's import
    taken out of the server's time (what the store itself costs beside SQLite)."""
    if not (sqlite.ok and pg.ok):
        return [label, sqlite.failed or "-", pg.failed or "-", "-", "-", "-"]
    a, b = sqlite.median(), pg.median()
    less = f"{(b - driver) / a:.2f}×" if driver is not None else "-"
    return [label, ms(a), ms(b), f"{b / a:.2f}×", "yes" if b <= TARGET * a else "NO", less]


def driver_imports(command: list[str], env: dict[str, str]) -> list[Scenario]:
    """The SQLite command run in one interpreter, without and with `import psycopg` first:
    the difference is what the driver alone adds to that command (the modules both need
    counted once), measured in the same rounds as the stores."""
    code = "{}from directive_cli.app import main; main()"
    return [
        Scenario(f"driver_{k}", f"{k} psycopg", [sys.executable, "-c", code.format(first),
                 *command], env)
        for k, first in (("without", ""), ("with", "import psycopg; "))
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k tasks / 100k events only.")
    parser.add_argument("--reps", type=int, default=7, help="Measured rounds (default 7).")
    parser.add_argument("--seed", type=int, default=2167, help="Generator seed.")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/directive-bench"))
    parser.add_argument("--markdown", action="store_true", help="Print Markdown tables.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args(argv)
    admin = os.environ.get("BENCH_PG", "").strip() or "postgresql:///postgres"

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    tasks, events = (1_000, 100_000) if args.quick else (10_000, 1_000_000)
    run_dir = args.workdir / f"pg-{uuid.uuid4().hex[:8]}"
    run_dir.mkdir(parents=True)
    made: list[str] = []

    def server_db() -> str:
        name = f"directive_bench_{uuid.uuid4().hex[:10]}"
        sql(admin, f"CREATE DATABASE {name}")
        made.append(name)
        return database_url(admin, name)

    d = directive_argv()
    rows: list[list[str]] = []
    driver: float | None = None
    figures: dict[str, object] = {}
    try:
        # The bundled letter, one mark recorded, as run.py's letter group.
        letter_db, letter_url = run_dir / "letter.db", server_db()
        for where in (str(letter_db), letter_url):
            env = clean_env(DIRECTIVE_DB=where, DIRECTIVE_CACHE=str(run_dir / "cache-letter"))
            subprocess.run([*d, "mark", "done", "3.1:vpub", "--on", "30/5/2023"], env=env,
                           check=True, capture_output=True, timeout=120)  # fmt: skip
        letter = [
            Scenario(f"letter_{k}", "list --body snv", [*d, "list", "--body", "snv"],
                     clean_env(DIRECTIVE_DB=w, DIRECTIVE_CACHE=str(run_dir / "cache-letter")))
            for k, w in (("sqlite", str(letter_db)), ("pg", letter_url))
        ]  # fmt: skip
        imports = driver_imports(["list", "--body", "snv"], letter[0].env)
        say("letter 2167: list --body snv, and the drivers' imports")
        measure([*letter, *imports], args.reps, run_dir, say)
        driver = imports[1].median() - imports[0].median() if all(i.ok for i in imports) else None
        figures["driver_import_ms"] = round(driver * 1000) if driver is not None else None
        rows.append(compare("letter 2167: list --body snv", letter[0], letter[1], driver))

        source = province(args.workdir, tasks, events, args.seed, say)
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
        body, ref = str(manifest["bench_body"]), str(manifest["mark_ref"])
        read_db, write_db = run_dir / "read.db", run_dir / "write.db"
        shutil.copyfile(source / "progress.db", read_db)
        shutil.copyfile(source / "progress.db", write_db)
        read_url, write_url = server_db(), server_db()
        copy_took = 0.0
        for url in (read_url, write_url):
            say(f"db copy of {events} events onto the server …")
            start = time.perf_counter()
            subprocess.run([*d, "db", "copy", str(read_db), url], env=clean_env(), check=True,
                           capture_output=True, timeout=3600)  # fmt: skip
            copy_took = time.perf_counter() - start
        figures["db_copy_s"] = round(copy_took, 1)
        data = {"DIRECTIVE_DATA": str(source / "data"), "DIRECTIVE_CACHE": str(run_dir / "cache")}
        scenarios = {
            (key, store): Scenario(f"{key}_{store}", label, [*d, *command],
                                   clean_env(DIRECTIVE_DB=where, **data))
            for key, label, command, wheres in (
                ("list_body", f"list --body {body}", ["list", "--body", body, "--as-of", AS_OF],
                 (("sqlite", str(read_db)), ("pg", read_url))),
                ("mark", f"mark done {ref}", ["mark", "done", ref, "--on", AS_OF],
                 (("sqlite", str(write_db)), ("pg", write_url))),
            )
            for store, where in wheres
        }  # fmt: skip
        size = f"{manifest['tasks']} tasks, {manifest['events']} events"
        say(size)
        measure(list(scenarios.values()), args.reps, run_dir, say)
        for key in ("list_body", "mark"):
            sq, pg = scenarios[(key, "sqlite")], scenarios[(key, "pg")]
            rows.append(compare(f"{size}: {sq.label}", sq, pg, driver))
        say(f"{WRITERS} writers × {MARKS} marks")
        file_rate, file_n = writers(str(run_dir / "writers.db"), ref)
        pg_rate, pg_n = writers(server_db(), ref)
        figures["writers"] = {"sqlite": [round(file_rate), file_n], "pg": [round(pg_rate), pg_n]}
        rows.append([f"{WRITERS} writers × {MARKS} marks (marks/s)", f"{file_rate:.0f}",
                     f"{pg_rate:.0f}", f"{file_rate / pg_rate:.2f}× slower" if pg_rate < file_rate
                     else f"{pg_rate / file_rate:.2f}× faster",
                     "all landed" if file_n == pg_n == WRITERS * MARKS else "LOST",
                     "-"])  # fmt: skip
    finally:
        for name in made:
            sql(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(run_dir, ignore_errors=True)
    headers = ["scenario", "SQLite", "PostgreSQL", "ratio", f"within {TARGET}×",
               "ratio less the driver's import"]  # fmt: skip
    print(run.format_table(headers, rows, args.markdown))
    if driver is not None:
        print(f"import psycopg adds {ms(driver)} ms to the letter's list on SQLite")
    print(f"db copy of {events} events onto the server: {figures['db_copy_s']} s")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, **figures}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
