"""Measure `directive` at province scale, side by side with the Typer floor and Taskwarrior.

    python bench/run.py --quick          # 1k tasks only, about half a minute (CI runs this)
    python bench/run.py                  # 1k, 10k and 100k tasks; several minutes
    python bench/run.py --markdown       # the same, tables in Markdown for docs/benchmarks.md
    python bench/run.py --compare-typer /tmp/v28/bin/python /tmp/v29/bin/python

Every figure is a whole process started afresh (subprocess), as a clerk or a scheduler runs
the tool: the median of --reps runs after one unmeasured run, which also fills the OS page
cache and directive's catalog cache (the "cache miss" row empties that cache every run).
Scenarios of one size run round-robin, so a burst of load on a shared machine hits them all
alike rather than one of them. CPU is user + system time of the child; RSS is its peak.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import generate  # bench/generate.py: run.py is started as a script, so its folder is on sys.path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
AS_OF = "30/6/2024"  # generate.AS_OF, as a clerk types it
REPORT_WEEK = "2024-W26"  # the last week of the generated history: 24–30 June 2024
TIMEOUT = 900.0

# (tasks, events) per size
FULL_SIZES = ((1_000, 100_000), (10_000, 1_000_000), (100_000, 1_000_000))
QUICK_SIZES = ((1_000, 100_000),)


# --- running one process ---------------------------------------------------------------------


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    code: int
    stderr: str


# GNU time reports the peak RSS of the command itself. The rusage that wait4 returns cannot:
# Linux starts a child's maxrss at its parent's size when it execs (the parent's address space
# is what it replaces), so without GNU time the figure is only an upper bound.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None


def run_once(argv: Sequence[str], env: dict[str, str], cwd: Path) -> Sample:
    """Start argv and wait with wait4, so the CPU time is this child's (and its children's)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile(suffix=".rss") as rss,
    ):
        command = list(argv)
        if GNU_TIME:
            command = [GNU_TIME, "-f", "%M", "-o", rss.name, *command]
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode("utf-8", "replace") if proc.returncode else ""
        peak_kb = float(usage.ru_maxrss)
        if GNU_TIME:
            text = Path(rss.name).read_text().split()
            peak_kb = float(text[-1]) if text and text[-1].isdigit() else peak_kb
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak_kb / 1024, proc.returncode, message)


@dataclass
class Scenario:
    key: str
    label: str
    argv: list[str]
    env: dict[str, str]
    # Called before every run (e.g. to empty a cache); not timed.
    before: Callable[[], None] | None = None
    samples: list[Sample] = field(default_factory=list)
    failed: str | None = None

    def median(self, attr: str = "wall") -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)

    def minimum(self) -> float:
        return min(s.wall for s in self.samples)

    def peak_rss(self) -> float:
        return max(s.rss_mb for s in self.samples)

    @property
    def ok(self) -> bool:
        return self.failed is None and bool(self.samples)


def measure(scenarios: list[Scenario], reps: int, cwd: Path, say: Callable[[str], None]) -> None:
    """One unmeasured round, then `reps` round-robin rounds."""
    for rnd in range(reps + 1):
        for sc in scenarios:
            if sc.failed:
                continue
            if sc.before:
                sc.before()
            sample = run_once(sc.argv, sc.env, cwd)
            if sample.code != 0:
                first = sample.stderr.strip().splitlines()[-1:] or ["(no message)"]
                sc.failed = f"exit {sample.code}: {first[0][:160]}"
                say(f"  FAILED {sc.label}: {sc.failed}")
            elif rnd > 0:
                sc.samples.append(sample)
        if rnd == 0:
            say(f"  warm-up round done; measuring {reps} rounds")


# --- what is measured ------------------------------------------------------------------------


def directive_argv() -> list[str]:
    """The installed console script beside this interpreter (not a pyenv shim), else -m."""
    script = Path(sys.executable).parent / "directive"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "directive_cli"]


def clean_env(**extra: str) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE (set on some CI machines) would recompile every module of the
    # package on every run; `pip install` precompiles them, so a clerk never pays that.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DIRECTIVE_", "TASK"))
        and k not in ("NO_COLOR", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE")
    }
    env.update({"COLUMNS": "120", "LINES": "50", "DIRECTIVE_USER": "bench", "DIRECTIVE_LANG": "vi"})
    env.update(extra)
    return env


def has_command(name: str) -> bool:
    probe = subprocess.run(
        [*directive_argv(), name, "--help"], capture_output=True, env=clean_env(), timeout=120
    )
    return probe.returncode == 0


def find_taskwarrior(install: bool, say: Callable[[str], None]) -> str | None:
    found = shutil.which("task")
    if found or not install:
        return found
    if not shutil.which("apt-get") or os.geteuid() != 0:
        say("Taskwarrior is missing and apt-get cannot be used here: its column is skipped")
        return None
    say("Taskwarrior is missing: apt-get install -y taskwarrior …")
    for argv in (
        ["apt-get", "install", "-y", "-q", "taskwarrior"],
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "taskwarrior"],
    ):
        done = subprocess.run(
            argv,
            capture_output=True,
            timeout=600,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        if done.returncode == 0 and argv[1] == "install":
            break
    found = shutil.which("task")
    if not found:
        say("Taskwarrior could not be installed: its column is skipped")
    return found


def taskwarrior_version(task: str) -> str:
    out = subprocess.run([task, "--version"], capture_output=True, text=True, timeout=60)
    return out.stdout.strip() or "?"


def province(workdir: Path, tasks: int, events: int, seed: int, say: Callable[[str], None]) -> Path:
    """A generated province, reused across runs (the generator is seeded and versioned)."""
    folder = workdir / f"province-t{tasks}-e{events}-s{seed}-g{generate.GENERATOR_VERSION}"
    if (folder / "manifest.json").is_file():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    say(f"generating {tasks} tasks, {events} events into {folder} …")
    # In a child process: the generator holds every event in memory, and this process should
    # stay small (see GNU_TIME).
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "generate.py"),
            str(folder),
            "--tasks",
            str(tasks),
            "--events",
            str(events),
            "--seed",
            str(seed),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=3600,
    )
    return folder


def working_copy(source: Path, dest: Path) -> Path:
    """A disposable copy of a province's database and Taskwarrior data (runs write to them)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copyfile(source / "progress.db", dest / "progress.db")
    tw = source / "taskwarrior"
    if tw.is_dir():
        shutil.copytree(tw / "data", dest / "twdata")
        (dest / "taskrc").write_text(generate.taskrc(dest / "twdata"), encoding="utf-8")
    return dest


def fresh_dir(path: Path) -> Callable[[], None]:
    def empty() -> None:
        shutil.rmtree(path, ignore_errors=True)

    return empty


def edit_one(data: Path) -> Callable[[], None]:
    """Change one directive file of `data` (the middle one), as a clerk fixing a typo does."""
    files = sorted(p for p in data.glob("*.yaml") if p.name != "bodies.yaml")
    target = files[len(files) // 2]
    edits = iter(range(1, 1_000_000))

    def edit() -> None:
        with target.open("a", encoding="utf-8") as f:
            f.write(f"# sửa lần {next(edits)}\n")

    return edit


@dataclass
class Group:
    """Scenarios measured together, with the Taskwarrior scenario each is compared to."""

    name: str
    kind: str  # "letter", "size" or "typer"
    size: int  # tasks asked of the generator (the province has about that many)
    scenarios: list[Scenario]
    pairs: dict[str, str] = field(default_factory=dict)  # directive key → taskwarrior key
    manifest: dict[str, object] = field(default_factory=dict)

    def get(self, key: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.key == key and s.ok), None)


def floor_scenario(
    python: str = sys.executable, key: str = "floor", label: str = "Typer floor (bench/floor.py)"
) -> Scenario:
    return Scenario(key, label, [python, str(BENCH / "floor.py")], clean_env())


def letter_group(run_dir: Path) -> Group:
    """The bundled letter 2167 as a clerk first meets it."""
    db = run_dir / "letter.db"
    cache = run_dir / "letter-cache"
    env = clean_env(DIRECTIVE_DB=str(db), DIRECTIVE_CACHE=str(cache))
    # One mark, so the database exists as it does after a clerk's first day.
    subprocess.run(
        [*directive_argv(), "mark", "done", "3.1:vpub", "--on", "30/5/2023"],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    d = directive_argv()
    return Group(
        "letter 2167 (211 tasks)",
        "letter",
        211,
        [
            Scenario("python", "python -c pass", [sys.executable, "-c", "pass"], clean_env()),
            floor_scenario(),
            Scenario("help", "directive --help", [*d, "--help"], env),
            Scenario("letter_list", "directive list", [*d, "list"], env),
            Scenario(
                "letter_json", "directive list --format json", [*d, "list", "--format", "json"], env
            ),
        ],
    )


def size_group(size: int, source: Path, run_dir: Path, task: str | None, report: bool) -> Group:
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    read = working_copy(source, run_dir / "read")
    write = working_copy(source, run_dir / "write")
    body = str(manifest["bench_body"])
    env = clean_env(
        DIRECTIVE_DATA=str(source / "data"),
        DIRECTIVE_DB=str(read / "progress.db"),
        DIRECTIVE_CACHE=str(run_dir / "cache"),
    )
    miss = run_dir / "cache-miss"
    env_miss = {**env, "DIRECTIVE_CACHE": str(miss)}
    # A copy of the data with its own cache, where one file is edited before every run.
    edited = run_dir / "data-edited"
    shutil.copytree(source / "data", edited)
    env_edit = {
        **env,
        "DIRECTIVE_DATA": str(edited),
        "DIRECTIVE_CACHE": str(run_dir / "cache-edit"),
    }
    env_write = {**env, "DIRECTIVE_DB": str(write / "progress.db")}
    d = directive_argv()
    when = ["--as-of", AS_OF]
    scenarios = [
        floor_scenario(),
        Scenario("list_all", "directive list --all", [*d, "list", "--all", *when], env),
        Scenario(
            "list_body", f"directive list --body {body}", [*d, "list", "--body", body, *when], env
        ),
        Scenario(
            "list_overdue",
            f"directive list --body {body} --overdue",
            [*d, "list", "--body", body, "--overdue", *when],
            env,
        ),
        Scenario(
            "list_body_miss",
            f"directive list --body {body} (cache miss)",
            [*d, "list", "--body", body, *when],
            env_miss,
            before=fresh_dir(miss),
        ),
        Scenario(
            "list_body_edit",
            f"directive list --body {body} (one file edited)",
            [*d, "list", "--body", body, *when],
            env_edit,
            before=edit_one(edited),
        ),
        Scenario(
            "mark",
            "directive mark done CLAUSE:BODY",
            [*d, "mark", "done", str(manifest["mark_ref"]), "--on", AS_OF],
            env_write,
        ),
        Scenario("summary", "directive summary", [*d, "summary", *when], env),
        # The newest events of the whole history: must not read a million of them for 50 rows.
        Scenario("history", "directive history", [*d, "history"], env),
    ]
    if report:
        scenarios.append(
            Scenario(
                "report",
                f"directive report --week {REPORT_WEEK} --format xlsx",
                [
                    *d,
                    "report",
                    "--week",
                    REPORT_WEEK,
                    "--format",
                    "xlsx",
                    "--output",
                    str(run_dir / "week.xlsx"),
                    "--force",
                ],
                env,
            )
        )
        # The official Word report (NĐ 30/2020 layout, python-docx): issue 19 asks ≤ 5 s at
        # 100,000 tasks; it reads like the CSV row plus the document.
        scenarios.append(
            Scenario(
                "report_docx",
                f"directive report --week {REPORT_WEEK} --format docx",
                [
                    *d,
                    "report",
                    "--week",
                    REPORT_WEEK,
                    "--format",
                    "docx",
                    "--output",
                    str(run_dir / "week.docx"),
                    "--force",
                ],
                env,
            )
        )
        # The same report as its one-table CSV: what every format pays before writing a file
        # (start-up, catalog, history), so the xlsx row can be read as this plus the workbook.
        scenarios.append(
            Scenario(
                "report_csv",
                f"directive report --week {REPORT_WEEK} --format csv",
                [
                    *d,
                    "report",
                    "--week",
                    REPORT_WEEK,
                    "--format",
                    "csv",
                    "--output",
                    str(run_dir / "week.csv"),
                    "--force",
                ],
                env,
            )
        )
    pairs: dict[str, str] = {}
    if task and (read / "taskrc").is_file():
        tw_read = clean_env(TASKRC=str(read / "taskrc"), TASKDATA=str(read / "twdata"))
        tw_write = clean_env(TASKRC=str(write / "taskrc"), TASKDATA=str(write / "twdata"))
        scenarios += [
            Scenario("tw_list", "task list", [task, "list"], tw_read),
            Scenario(
                "tw_project",
                f"task project:{body} list",
                [task, f"project:{body}", "list"],
                tw_read,
            ),
            Scenario(
                "tw_overdue",
                f"task project:{body} +OVERDUE list",
                [task, f"project:{body}", "+OVERDUE", "list"],
                tw_read,
            ),
            Scenario(
                "tw_add",
                "task add …",
                [
                    task,
                    "add",
                    "Báo cáo kết quả thực hiện quý II/2024",
                    f"project:{body}",
                    "due:2024-07-15",
                ],
                tw_write,
            ),
        ]
        pairs = dict(PAIRS)
    return Group(
        f"{manifest['tasks']} tasks, {manifest['events']} events",
        "size",
        size,
        scenarios,
        pairs,
        manifest,
    )


PAIRS = {
    "list_all": "tw_list",
    "list_body": "tw_project",
    "list_overdue": "tw_overdue",
    "list_body_miss": "tw_project",
    "mark": "tw_add",
}


def typer_group(pythons: Sequence[str]) -> Group:
    """The floor app under other interpreters (venvs with another Typer)."""
    scenarios = [floor_scenario(sys.executable, "floor", f"floor: {typer_label(sys.executable)}")]
    for i, py in enumerate(pythons):
        scenarios.append(floor_scenario(py, f"floor{i}", f"floor: {typer_label(py)}"))
    return Group("Typer versions (the floor app under each)", "typer", 0, scenarios)


def typer_label(python: str) -> str:
    """Typer's version, and how many pydantic modules the floor app imports with it."""
    done = subprocess.run(
        [python, "-c", "import typer; print(typer.__version__)"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    trace = subprocess.run(
        [python, "-X", "importtime", str(BENCH / "floor.py")],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(),
    )
    pydantic = sum(
        1
        for line in trace.stderr.splitlines()
        if line.startswith("import time:") and line.split("|")[-1].strip().startswith("pydantic")
    )
    return f"typer {done.stdout.strip() or '?'} ({python}), {pydantic} pydantic modules imported"


def render_ms(rows: int = 10_000) -> float | None:
    """The renderer's time for `rows` rows, measured in a child (it imports Rich)."""
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--render-only", str(rows)],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=600,
    )
    try:
        return float(done.stdout.strip())
    except ValueError:
        print(f"render benchmark failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return None


def render_in_process(rows: int, reps: int = 5) -> float:
    """Median time of directive's table renderer for `rows` rows of a `list` page."""
    from directive_cli.render.table import Column, make_console, print_table

    statuses = ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Vướng mắc"]
    bodies = [
        f"Ủy ban nhân dân huyện Số {k}" if k % 3 else f"Sở Kế hoạch và Đầu tư {k}"
        for k in range(60)
    ]
    # As a province's list: every ref distinct (the renderer caches repeated texts, so
    # repeated refs would flatter it), 60 bodies, overdue by up to 300 days, 365 due dates.
    cells = [
        [
            f"{1000 + i // 170}-2023#{i % 40 + 1}{'abcd'[i % 4]}.{i % 7}:b{i % 60}",
            bodies[i % 60],
            statuses[i % 4],
            f"Quá hạn ({i % 300} ngày)",
            f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/2023",
        ]
        for i in range(rows)
    ]
    columns = [
        Column("Nhiệm vụ", no_wrap=True),
        Column("Cơ quan, đơn vị", ratio=3),
        Column("Trạng thái", no_wrap=True),
        Column("Tiến độ", no_wrap=True),
        Column("Hạn", no_wrap=True),
    ]
    times = []
    for _ in range(reps):
        buf = io.StringIO()
        console = make_console(buf)
        console.width = 120
        start = time.perf_counter()
        print_table(console, columns, cells, title="Nhiệm vụ — Tính đến ngày 30/06/2024")
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


# --- reporting -------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "—"


HEADERS = [
    "scenario",
    "median ms",
    "min ms",
    "CPU ms",
    "max RSS MB",
    "× floor",
    "Taskwarrior equivalent, median ms",
    "× Taskwarrior",
]


def table_rows(group: Group) -> list[list[str]]:
    floor = group.get("floor")
    mine = [s for s in group.scenarios if not s.key.startswith("tw_")]
    theirs = [s for s in group.scenarios if s.key.startswith("tw_")]
    rows = []
    for sc in mine + theirs:
        if not sc.ok:
            rows.append([sc.label, sc.failed or "not run", "", "", "", "", "", ""])
            continue
        twk = group.pairs.get(sc.key)
        tw = group.get(twk) if twk else None
        rows.append(
            [
                sc.label,
                ms(sc.median()),
                ms(sc.minimum()),
                ms(sc.median("cpu")),
                f"{sc.peak_rss():.0f}",
                ratio(sc.median(), floor.median()) if floor and sc is not floor else "",
                f"{tw.label}: {ms(tw.median())}" if tw else "",
                ratio(sc.median(), tw.median()) if tw else "",
            ]
        )
    return rows


def format_table(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = [
            "| " + " | ".join(headers) + " |",
            "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|",
        ]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


@dataclass
class Target:
    name: str
    measured: str
    limit: str
    met: bool | None  # None: not measured in this run

    def row(self) -> list[str]:
        verdict = {True: "met", False: "MISSED", None: "n/a"}[self.met]
        return [self.name, self.measured, self.limit, verdict]


def targets(groups: list[Group], render: float | None, has_tw: bool) -> list[Target]:
    """The issue's targets; the verdict is on wall-clock medians, CPU ratios shown beside."""

    def sized(n: int) -> Group | None:
        return next((g for g in groups if g.kind == "size" and g.size == n), None)

    def ratio_target(
        name: str, g: Group | None, key: str, ref: str, limit: float, why: str
    ) -> Target:
        a = g.get(key) if g else None
        b = g.get(ref) if g else None
        if a is None or b is None:
            return Target(name, why, f"≤ {limit}×", None)
        value = a.median() / b.median()
        cpu = a.median("cpu") / b.median("cpu")
        return Target(
            name,
            f"{value:.2f}× ({ms(a.median())} / {ms(b.median())} ms; CPU {cpu:.2f}×)",
            f"≤ {limit}×",
            value <= limit,
        )

    letter = next((g for g in groups if g.kind == "letter"), None)
    g10, g100 = sized(10_000), sized(100_000)
    no_tw = "size not run" if has_tw else "no Taskwarrior"
    out = [
        ratio_target(
            "letter 2167: `directive list` vs floor", letter, "letter_list", "floor", 1.2, "not run"
        ),
        ratio_target(
            "10k/1M: `list --all` vs `task list`",
            g10,
            "list_all",
            "tw_list",
            0.5,
            no_tw if g10 else "size not run",
        ),
        ratio_target(
            "10k/1M: `list --body X` vs `task project:X list`",
            g10,
            "list_body",
            "tw_project",
            1.0,
            no_tw if g10 else "size not run",
        ),
        ratio_target("10k/1M: `mark` vs floor", g10, "mark", "floor", 1.2, "size not run"),
        ratio_target(
            "100k/1M: `list --body X` vs `task project:X list`",
            g100,
            "list_body",
            "tw_project",
            0.3,
            no_tw if g100 else "size not run",
        ),
        ratio_target(
            "100k/1M: `list --body X` after one file edited vs warm",
            g100,
            "list_body_edit",
            "list_body",
            3.0,
            "size not run",
        ),
        Target(
            "10,000-row table renders (in-process, print_table)",
            f"{render:.0f} ms" if render is not None else "not measured",
            "< 300 ms",
            None if render is None else render < 300,
        ),
    ]
    rep = g100.get("report") if g100 else None
    csv = g100.get("report_csv") if g100 else None
    measured = f"{rep.median():.2f} s" if rep else "not run"
    if rep and csv:
        measured += f" (the same week as CSV: {csv.median():.2f} s)"
    out.append(
        Target(
            "100k/1M: `report --format xlsx`, one week",
            measured,
            "≤ 2 s",
            None if rep is None else rep.median() <= 2.0,
        )
    )
    docx = g100.get("report_docx") if g100 else None
    out.append(
        Target(
            "100k/1M: `report --format docx`, one week",
            f"{docx.median():.2f} s" if docx else "not run",
            "≤ 5 s",
            None if docx is None else docx.median() <= 5.0,
        )
    )
    mine = [
        s
        for s in (g100.scenarios if g100 else [])
        if s.ok and s.key != "floor" and not s.key.startswith("tw_")
    ]
    peak = max(mine, key=lambda s: s.peak_rss(), default=None)
    lean = [s for s in mine if not s.key.startswith("report")]
    peak_lean = max(lean, key=lambda s: s.peak_rss(), default=None)
    measured = "size not run"
    if peak:
        measured = f"{peak.peak_rss():.0f} MB ({peak.label})"
    if peak and peak_lean and peak is not peak_lean:
        measured += f"; without report: {peak_lean.peak_rss():.0f} MB ({peak_lean.label})"
    out.append(
        Target(
            "100k/1M: peak RSS of any directive command",
            measured,
            "≤ 150 MB",
            None if peak is None else peak.peak_rss() <= 150,
        )
    )
    return out


def print_results(results: dict[str, object], markdown: bool, out: io.TextIOBase) -> list[Target]:
    """The machine, one table per group, then the targets."""
    info = dict(results["machine"])  # type: ignore[call-overload]
    groups = [group_from_json(g) for g in results["groups"]]  # type: ignore[attr-defined]
    render = results.get("render_10k_ms")
    md = markdown
    out.write(("## " if md else "") + "Machine\n\n")
    for k, v in info.items():
        out.write(f"- {k}: {v}\n")
    out.write(f"- rounds: {results['reps']} measured after 1 warm-up; figures are medians\n")
    out.write(f"- max RSS: {results['rss_source']}\n\n")
    for g in groups:
        title = g.name
        if g.manifest:
            m = g.manifest
            title += (
                f" ({m['directives']} directive files, {int(m['yaml_bytes']) / 1e6:.1f} MB"
                f" YAML, {int(m['db_bytes']) / 1e6:.0f} MB database; body"
                f" {m['bench_body']} has {m['bench_body_tasks']} tasks)"
            )
        out.write(("### " if md else "") + title + "\n\n")
        out.write(format_table(HEADERS, table_rows(g), md) + "\n\n")
    out.write(("### " if md else "") + "Targets\n\n")
    goals = targets(
        groups, render if isinstance(render, float) else None, bool(results.get("taskwarrior"))
    )
    out.write(
        format_table(["target", "measured", "limit", "verdict"], [t.row() for t in goals], md)
        + "\n"
    )
    return goals


def group_to_json(g: Group) -> dict[str, object]:
    return {
        "name": g.name,
        "kind": g.kind,
        "size": g.size,
        "pairs": g.pairs,
        "manifest": g.manifest,
        "scenarios": [
            {
                "key": s.key,
                "label": s.label,
                "argv": s.argv,
                "failed": s.failed,
                "wall": [x.wall for x in s.samples],
                "cpu": [x.cpu for x in s.samples],
                "rss_mb": [x.rss_mb for x in s.samples],
            }
            for s in g.scenarios
        ],
    }


def group_from_json(data: dict[str, object]) -> Group:
    scenarios = []
    for s in data["scenarios"]:  # type: ignore[attr-defined]
        sc = Scenario(s["key"], s["label"], s["argv"], {}, failed=s["failed"])
        sc.samples = [
            Sample(w, c, r, 0, "") for w, c, r in zip(s["wall"], s["cpu"], s["rss_mb"], strict=True)
        ]
        scenarios.append(sc)
    return Group(
        str(data["name"]),
        str(data["kind"]),
        int(data["size"]),  # type: ignore[call-overload]
        scenarios,
        dict(data["pairs"]),
        dict(data["manifest"]),
    )  # type: ignore[call-overload]


def machine() -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip()
        except OSError:  # no git: an sdist or a bare container
            return ""

    commit, dirty = (
        git("rev-parse", "--short", "HEAD"),
        git("status", "--porcelain", "directive_cli"),
    )
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    return {
        "cpus": f"{os.cpu_count()} (usable {usable})",
        "cpu": model,
        "memory": f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB",
        "python": f"{platform.python_version()} ({sys.executable})",
        "os": platform.platform(),
        "commit": (commit or "?") + (" + uncommitted changes in directive_cli" if dirty else ""),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "load average before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="1k tasks only, 3 rounds: under a minute (CI)."
    )
    parser.add_argument("--sizes", help="Comma-separated TASKS:EVENTS, e.g. 10000:1000000.")
    parser.add_argument("--reps", type=int, help="Measured rounds per size (default 7; quick 3).")
    parser.add_argument("--seed", type=int, default=2167, help="Generator seed.")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "directive-bench",
        help="Where generated provinces are kept between runs.",
    )
    parser.add_argument("--no-taskwarrior", action="store_true", help="Skip Taskwarrior.")
    parser.add_argument(
        "--compare-typer",
        nargs="*",
        default=[],
        metavar="PYTHON",
        help="Also time the floor app under these interpreters (other Typers).",
    )
    parser.add_argument("--markdown", action="store_true", help="Print Markdown tables.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    parser.add_argument(
        "--from-json",
        type=Path,
        metavar="FILE",
        help="Print the tables of an earlier --json file; measure nothing.",
    )
    parser.add_argument("--strict", action="store_true", help="Exit 1 when a target is missed.")
    parser.add_argument("--render-only", type=int, metavar="ROWS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.render_only:
        print(f"{render_in_process(args.render_only):.1f}")
        return 0
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        goals = print_results(results, args.markdown, sys.stdout)  # type: ignore[arg-type]
        return 1 if args.strict and any(t.met is False for t in goals) else 0

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    reps = args.reps or (3 if args.quick else 7)
    if args.sizes:
        sizes = [tuple(int(x) for x in s.split(":")) for s in args.sizes.split(",")]
    else:
        sizes = list(QUICK_SIZES if args.quick else FULL_SIZES)
    info = machine()
    task = None if args.no_taskwarrior else find_taskwarrior(not args.quick, say)
    if task:
        info["taskwarrior"] = taskwarrior_version(task)
    elif not args.no_taskwarrior:
        say(
            "Taskwarrior (task) not found: its column is skipped"
            + (" (run without --quick to install it with apt-get)" if args.quick else "")
        )
    report = has_command("report")
    if not report:
        say("`directive report` does not exist yet: its row is skipped")
    args.workdir.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=args.workdir))
    groups: list[Group] = []
    try:
        say("letter 2167 …")
        groups.append(letter_group(run_dir))
        measure(groups[-1].scenarios, reps, run_dir, say)
        for tasks, events in sizes:
            source = province(args.workdir, tasks, events, args.seed, say)
            say(f"{tasks} tasks, {events} events …")
            group = size_group(tasks, source, run_dir / f"t{tasks}", task, report)
            groups.append(group)
            measure(group.scenarios, reps, run_dir, say)
        if args.compare_typer:
            say("Typer versions …")
            groups.append(typer_group(args.compare_typer))
            measure(groups[-1].scenarios, reps, run_dir, say)
        render = render_ms()
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    info["load average after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    info["bench took"] = f"{time.perf_counter() - started:.0f} s"
    results: dict[str, object] = {
        "machine": info,
        "reps": reps,
        "render_10k_ms": render,
        "taskwarrior": info.get("taskwarrior"),
        "rss_source": (
            "GNU time %M of the command itself"
            if GNU_TIME
            else "wait4 rusage: an upper bound (no /usr/bin/time)"
        ),
        "groups": [group_to_json(g) for g in groups],
    }
    goals = print_results(results, args.markdown, sys.stdout)  # type: ignore[arg-type]
    if args.json:
        results["targets"] = [t.__dict__ for t in goals]
        args.json.write_text(
            json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    crashed = [s for g in groups for s in g.scenarios if s.failed]
    if crashed:
        say(f"{len(crashed)} scenario(s) failed: see the tables")
        return 1
    if args.strict and any(t.met is False for t in goals):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
