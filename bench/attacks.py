"""Time and memory of the attacks of issue 14, each as a whole `directive` process.

    python bench/attacks.py              # every scenario, 3 measured runs each (a few minutes)
    python bench/attacks.py --quick      # smaller inputs, 1 run: a smoke test of the script

The figures go to docs/data-safety.md ("Attacks tried"). Each scenario builds its input in
a temporary folder: a 1 MB note in the history (through the store, which accepts it), a
9.9 MB directive fanning out to 2.5 M tasks, a daily cadence asked about 30/12/9999, and a
generated history for `directive verify`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

import generate  # bench/: started as a script, so its folder is on sys.path
from run import ROOT, Scenario, clean_env, directive_argv, measure

from directive_cli.model import Status
from directive_cli.store import NewMark
from directive_cli.store.sqlite import SqliteStore


def one_mb_note(work: Path, size: int) -> Path:
    db = work / "note.db"
    store = SqliteStore(db)
    store.record(
        [NewMark("2167-2023", "4", "snv", Status.DONE, date(2023, 6, 1), "an", "ghi chú " * size)],
        "2023-06-01T08:00:00+07:00",
    )
    store.close()
    return db


def fan_out(work: Path, clauses: int) -> Path:
    folder = work / "fan"
    folder.mkdir()
    shutil.copyfile(ROOT / "data" / "bodies.yaml", folder / "bodies.yaml")
    text = (ROOT / "data" / "directive_2167.yaml").read_text(encoding="utf-8")
    head = text[: text.index("\nclauses:")] + "\nclauses:\n"
    one = (
        "  - id: '{i}'\n    title: t\n    text: t\n    responsible:\n"
        "      - {{group: g1, role: lead}}\n      - {{group: g2, role: lead}}\n"
        "      - {{group: g3, role: lead}}\n    deadline: {{kind: event}}\n"
    )
    body = "".join(one.format(i=i) for i in range(1, clauses + 1))
    (folder / "directive_x.yaml").write_text(head + body, encoding="utf-8")
    return folder


def daily(work: Path) -> Path:
    folder = work / "daily"
    folder.mkdir()
    shutil.copyfile(ROOT / "data" / "bodies.yaml", folder / "bodies.yaml")
    text = (ROOT / "data" / "directive_2167.yaml").read_text(encoding="utf-8")
    patched = text.replace(
        "      kind: recurring\n", '      kind: recurring\n      rrule: "FREQ=DAILY"\n'
    )
    (folder / "directive_2167.yaml").write_text(patched, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Small inputs, one run each.")
    args = parser.parse_args(argv)
    reps = 1 if args.quick else 3
    work = Path(tempfile.mkdtemp(prefix="directive-attacks-"))
    say = lambda text: print(text, file=sys.stderr)  # noqa: E731
    try:
        note = one_mb_note(work, 12_500 if args.quick else 125_000)  # 100 KB or 1 MB
        fan = fan_out(work, 5_600 if args.quick else 55_000)  # 1.0 or 9.9 MB, past the cap
        cadence = daily(work)
        clauses = 5_600 if args.quick else 55_000
        fan_mb = (fan / "directive_x.yaml").stat().st_size / 1e6
        note_mb = (12_500 if args.quick else 125_000) * len("ghi chú ".encode()) / 1e6
        events = 10_000 if args.quick else 1_000_000
        generate.generate(work / "gen", 1_000, events, 2167, taskwarrior=False, quiet=True)
        env = clean_env(DIRECTIVE_CACHE="off")
        cli = directive_argv()
        scenarios = [
            Scenario(
                "note-history",
                f"history, a {note_mb:.1f} MB note",
                [*cli, "history", "--db", str(note)],
                env,
            ),
            Scenario(
                "note-show",
                f"show 4, a {note_mb:.1f} MB note",
                [*cli, "show", "4", "--db", str(note)],
                env,
            ),
            Scenario(
                "fan-out",
                f"validate, {fan_mb:.1f} MB → {clauses * 45 / 1e6:.2f} M tasks (refused)",
                [*cli, "validate", str(fan)],
                env,
            ),
            Scenario(
                "daily-9999",
                "list, FREQ=DAILY as of 30/12/9999",
                [*cli, "list", "--data", str(cadence), "--as-of", "30/12/9999", "--db", str(note)],
                env,
            ),
            Scenario(
                "verify",
                f"verify, {events:,} events",
                [*cli, "verify", "--db", str(work / "gen" / "progress.db")],
                env,
            ),
        ]
        # validate refuses the fan-out by design (exit 3): measured through a shell that
        # turns exactly that refusal into success.
        fan_out_run = scenarios[2]
        fan_out_run.argv = ["sh", "-c", '"$@"; test $? -eq 3', "sh", *fan_out_run.argv]
        measure(scenarios, reps, ROOT, say)
        print("| attack | wall (median) | CPU | peak RSS |")
        print("|---|---:|---:|---:|")
        for sc in scenarios:
            if not sc.ok:
                print(f"| {sc.label} | failed: {sc.failed} | | |")
                continue
            print(
                f"| {sc.label} | {sc.median():.2f} s | {sc.median('cpu'):.2f} s"
                f" | {sc.peak_rss():.0f} MB |"
            )
        return 0 if all(sc.ok for sc in scenarios) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
