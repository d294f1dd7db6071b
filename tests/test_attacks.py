"""Issue 14: the attacks of a hostile or careless user, each ending in one clear line, the right
exit code, and nothing lost or replaced (docs/data-safety.md lists them with their figures).

Slow variants run with `pytest --slow`; each has a quick one in the default run.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli

from directive_cli.app import Exit
from directive_cli.model import Status
from directive_cli.store import NewMark
from directive_cli.store.sqlite import SqliteStore

D = "2167-2023"
REPO = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a real `directive` process, as the conftest sets it in-process."""
    env = {**os.environ, "DIRECTIVE_USER": "tester", "COLUMNS": "100", "NO_COLOR": "1"}
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def run_directive(
    *args: str, stdout: int | None = subprocess.PIPE, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    """The real command in its own process (where stdout is a real file descriptor)."""
    return subprocess.run(
        [sys.executable, "-m", "directive_cli", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(**env),
        cwd=REPO,
        timeout=timeout,
    )


def marked(db: Path, n: int = 1) -> None:
    s = SqliteStore(db)
    for i in range(n):
        s.record(
            [NewMark(D, "4", "snv", Status.IN_PROGRESS, date(2023, 6, 1 + i % 20), "a", f"n{i}")],
            f"2023-06-0{1 + i % 9}T08:00:00+07:00",
        )
    s.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- 1. no output replaces the database, its companions, the data or the cache ------------------


OURS_DB = "Lỗi: không ghi ra {path}: đó là cơ sở dữ liệu tiến độ (hoặc tệp đi kèm của nó); hãy chọn tệp khác\n"


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--week", "2023-W25", "--format", "md"],
        ["report", "--week", "2023-W25", "--format", "xlsx"],
        ["list", "--format", "json"],
        ["history", "--format", "csv"],
        ["summary", "--format", "md"],
        ["bodies", "--format", "jsonl"],
    ],
    ids=lambda c: "-".join(c[:1] + c[-1:]),
)
@pytest.mark.parametrize("companion", ["", "-wal", "-shm", "-journal"])
def test_no_output_replaces_the_database(
    db: Path, cli: Cli, command: list[str], companion: str
) -> None:
    marked(db, 3)
    target = db.with_name(db.name + companion)
    if companion:
        target.write_bytes(b"companion")
    before = {p: digest(p) for p in db.parent.glob("progress.db*")}
    result = cli(*command, "-o", str(target), "--force")
    assert (result.exit_code, result.stdout, result.stderr) == (
        Exit.OUTPUT,
        "",
        OURS_DB.format(path=target),
    )
    assert {p: digest(p) for p in db.parent.glob("progress.db*")} == before
    s = SqliteStore(db, create=False)
    assert s.count_events() == 3 and s.check() == []
    s.close()


def test_the_database_by_another_name_is_refused(db: Path, cli: Cli, tmp_path: Path) -> None:
    marked(db)
    hard = tmp_path / "bao-cao.md"
    os.link(db, hard)  # the same file under a report's name
    (tmp_path / "sub").mkdir()
    dotted = tmp_path / "sub" / ".." / "progress.db"  # and through a detour
    linked_folder = tmp_path / "via"
    linked_folder.symlink_to(tmp_path)  # and through a linked folder
    before = digest(db)
    for target in (hard, dotted, linked_folder / "progress.db"):
        result = cli("report", "--week", "2023-W25", "-f", "md", "-o", str(target), "--force")
        assert (result.exit_code, result.stderr) == (Exit.OUTPUT, OURS_DB.format(path=target))
        result = cli("backup", str(target), "--force")
        assert result.exit_code == Exit.OUTPUT, result.stderr
    assert digest(db) == before


def test_backup_onto_a_companion_or_the_cache_is_refused(
    db: Path, cli: Cli, tmp_path: Path
) -> None:
    marked(db)
    wal = db.with_name(db.name + "-wal")
    result = cli("backup", str(wal), "--force")
    assert (result.exit_code, result.stderr) == (Exit.OUTPUT, OURS_DB.format(path=wal))
    cache = tmp_path / "cache"
    cache.mkdir()
    result = cli("backup", str(cache / "sao-luu.db"))
    assert (result.exit_code, result.stderr) == (
        Exit.OUTPUT,
        f"Lỗi: không ghi ra {cache / 'sao-luu.db'}: nằm trong thư mục bộ nhớ đệm của công cụ;"
        " hãy chọn chỗ khác\n",
    )
    assert list(cache.iterdir()) == []


def test_no_output_replaces_the_directive_data(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for f in ("directive_2167.yaml", "bodies.yaml"):
        (data / f).write_bytes((REPO / "data" / f).read_bytes())
    before = {f.name: digest(f) for f in data.iterdir()}
    for target, args in (
        (data / "directive_2167.yaml", ["list", "-f", "json"]),
        (data / "bodies.yaml", ["bodies", "-f", "json"]),
        (data / "bao-cao.yaml", ["history", "-f", "json"]),  # read as a directive next time
    ):
        result = cli(*args, "--data", str(data), "-o", str(target), "--force")
        assert (result.exit_code, result.stderr) == (
            Exit.OUTPUT,
            f"Lỗi: không ghi ra {target}: đó là dữ liệu chỉ thị; hãy chọn tệp khác\n",
        )
    # A single directive file given as --data, and its registry beside it.
    one = data / "directive_2167.yaml"
    result = cli("list", "--data", str(one), "-f", "md", "-o", str(one), "--force")
    assert result.exit_code == Exit.OUTPUT, result.stderr
    assert {f.name: digest(f) for f in data.iterdir()} == before
    # A report beside the data is no harm: it is not read as data.
    result = cli("list", "--data", str(data), "-f", "md", "-o", str(data / "ds.md"))
    assert result.exit_code == 0, result.stderr


def test_english_refusal(db: Path, cli: Cli) -> None:
    marked(db)
    result = cli("list", "--lang", "en", "-f", "json", "-o", str(db), "--force")
    assert (result.exit_code, result.stderr) == (
        Exit.OUTPUT,
        f"Error: refusing to write {db}: it is the progress database (or one of its companion"
        " files); choose another file\n",
    )


# --- 2. --force never replaces a device or a FIFO; /dev/stdout in place; /dev/full is full -------


NOT_FILE = (
    "Lỗi: {path} không phải tệp thường (thiết bị, FIFO …); không ghi vào đó, kể cả với --force\n"
)


def test_force_never_replaces_a_fifo(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "ong"
    os.mkfifo(fifo)
    for args in (["list", "-f", "json"], ["report", "--week", "2023-W25", "-f", "md"]):
        for force in (["--force"], []):
            result = cli(*args, "-o", str(fifo), *force)
            assert (result.exit_code, result.stderr) == (Exit.OUTPUT, NOT_FILE.format(path=fifo))
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ong")] == []


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_force_never_replaces_a_device(db: Path, cli: Cli, tmp_path: Path) -> None:
    marked(db)
    device = tmp_path / "full"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # what /dev/full is
    for args in (["history", "-f", "csv"], ["backup"]):
        target = [str(device)] if args == ["backup"] else ["-o", str(device)]
        result = cli(*args, *target, "--force")
        assert (result.exit_code, result.stderr) == (Exit.OUTPUT, NOT_FILE.format(path=device))
    assert stat.S_ISCHR(device.stat().st_mode)
    assert os.major(device.stat().st_rdev) == 1 and os.minor(device.stat().st_rdev) == 7


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout here")
def test_dev_stdout_is_written_in_place(db: Path, tmp_path: Path) -> None:
    marked(db, 2)
    env = {"DIRECTIVE_DB": str(db), "DIRECTIVE_CACHE": str(tmp_path / "cache")}
    plain = run_directive("history", "-f", "json", **env)
    through = run_directive("history", "-f", "json", "-o", "/dev/stdout", **env)
    assert plain.returncode == through.returncode == 0, through.stderr
    assert through.stdout == plain.stdout and through.stderr == ""
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "-f", "json"],
        ["report", "--week", "2023-W25", "-f", "md"],
        ["history", "-f", "csv", "-o", "/dev/stdout"],
    ],
    ids=lambda a: "-".join(a),
)
def test_a_full_disk_under_stdout_is_one_line(db: Path, tmp_path: Path, args: list[str]) -> None:
    marked(db)
    env = {"DIRECTIVE_DB": str(db), "DIRECTIVE_CACHE": str(tmp_path / "cache")}
    with open("/dev/full", "w") as full:
        result = run_directive(*args, stdout=full.fileno(), **env)
    assert (result.returncode, result.stderr) == (
        Exit.OUTPUT,
        "Lỗi: không ghi được kết quả ra đầu ra chuẩn: đĩa đã đầy\n",
    )
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


# --- 4. a damaged header is one line, and no migration runs again ----------------------------


def schema(db: Path) -> tuple[int, list[tuple[str, str]]]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        rows = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
        return version, rows
    finally:
        conn.close()


@pytest.mark.parametrize("version", [-5, -4, -3, -2, -1])
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["mark", "done", "5:sldtbxh", "--on", "1/6/2023"],
        ["history"],
        ["verify"],
        ["backup", "x.db"],
    ],
)
def test_a_damaged_header_is_one_line_and_runs_no_migration(
    db: Path, cli: Cli, version: int, args: list[str]
) -> None:
    import sqlite3

    marked(db, 2)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    before = schema(db)
    result = cli(*args, "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (
        Exit.STORE,
        "",
        f"Lỗi: cơ sở dữ liệu {db} bị hỏng phần đầu tệp (số phiên bản {version}); không mở để"
        " tránh ghi đè, hãy khôi phục bản sao lưu\n",
    )
    assert schema(db) == before


# --- 9. another application's SQLite file is refused, its tables untouched --------------------


def foreign(db: Path, version: int = 0) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Lan', '0905')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("version", [0, 3, 5])  # another app may count its own versions too
@pytest.mark.parametrize(
    "args",
    [
        ["mark", "done", "5:sldtbxh", "--on", "1/6/2023"],
        ["list"],
        ["report", "--week", "2023-W25"],
        ["verify"],
    ],
)
def test_another_applications_database_is_refused(
    tmp_path: Path, cli: Cli, version: int, args: list[str]
) -> None:
    other = tmp_path / "danh-ba.db"
    foreign(other, version)
    before = digest(other), schema(other)
    result = cli(*args, "--db", str(other))
    assert (result.exit_code, result.stdout, result.stderr) == (
        Exit.STORE,
        "",
        f"Lỗi: {other} là cơ sở dữ liệu SQLite của chương trình khác, không phải tiến độ chỉ"
        " thị; không ghi gì vào đó, hãy chọn --db khác\n",
    )
    assert (digest(other), schema(other)) == before


def test_an_empty_sqlite_file_becomes_a_history(tmp_path: Path, cli: Cli) -> None:
    import sqlite3

    empty = tmp_path / "moi.db"
    sqlite3.connect(empty).close()  # a file made by `sqlite3 moi.db ""`: no table at all
    result = cli("mark", "done", "5:sldtbxh", "--on", "1/6/2023", "--db", str(empty))
    assert result.exit_code == 0, result.stderr
    assert cli("verify", "--db", str(empty)).exit_code == 0


# --- 5. extreme dates: the first and last day a date can have, in every command ---------------

EXTREME = ["31/12/9999", "1/1/0001", "30/12/9999", "2/1/0001"]
EVERY_VIEW = [
    ["list"],
    ["list", "-f", "json"],
    ["list", "-f", "md"],
    ["summary"],
    ["summary", "-f", "csv"],
    ["show", "4"],
    ["show", "1"],
    ["report"],
    ["report", "-f", "json"],
    ["report", "-f", "csv"],
    ["report", "-f", "html"],
    ["report", "-f", "xlsx", "-o", "{tmp}/bao-cao.xlsx", "--force"],
    ["report", "-f", "docx", "-o", "{tmp}/bao-cao.docx", "--force"],
    ["remind", "-f", "md", "-o", "{tmp}/don-doc/", "--force"],
]


@pytest.mark.parametrize("day", EXTREME)
@pytest.mark.parametrize("args", EVERY_VIEW, ids=lambda a: "-".join(a[:3]))
def test_extreme_as_of_never_overflows(
    db: Path, cli: Cli, tmp_path: Path, day: str, args: list[str]
) -> None:
    marked(db, 2)
    typed = [a.format(tmp=tmp_path) for a in args]
    result = cli(*typed, "--as-of", day)
    # Every such day is either answered or refused in one line (a report of a week before
    # the directive existed): never a traceback.
    # (The in-process runner raises any exception but SystemExit: an overflow fails here.)
    assert result.exit_code in (0, Exit.USAGE), result.output
    if result.exit_code == Exit.USAGE:
        assert result.stdout == "" and len(result.stderr.splitlines()) == 1
        assert result.stderr.startswith("Lỗi: ")
    else:
        assert result.stdout or result.stderr or any(tmp_path.glob("bao-cao.*"))


def report_window(cli: Cli, *args: str) -> dict[str, object]:
    import json

    result = cli("report", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout)["window"])


def test_the_last_weeks_a_date_can_have(
    db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    marked(db)
    assert report_window(cli, "--as-of", "31/12/9999") == {
        "from": "9999-12-20",
        "to": "9999-12-26",
        "week": "9999-W51",
    }
    monkeypatch.setenv("DIRECTIVE_AS_OF", "31/12/9999")
    # The week so far: Monday 27/12/9999 to the last day; its Sunday would be in year 10000.
    assert report_window(cli, "--week", "this") == {
        "from": "9999-12-27",
        "to": "9999-12-31",
        "week": None,
    }
    assert report_window(cli, "--from", "1/1/0001", "--to", "31/12/9999") == {
        "from": "0001-01-01",
        "to": "9999-12-31",
        "week": None,
    }
    result = cli("report", "--week", "9999-W52")
    assert (result.exit_code, result.stderr) == (
        Exit.USAGE,
        "Lỗi: --week: tuần '9999-W52' kết thúc sau ngày 31/12/9999, ngày cuối cùng có thể ghi\n",
    )


def test_the_first_week_a_date_can_have_is_refused_in_one_line(db: Path, cli: Cli) -> None:
    marked(db)
    result = cli("report", "--as-of", "1/1/0001")  # the week before it does not exist
    assert (result.exit_code, result.stdout) == (Exit.USAGE, "")
    assert result.stderr == (
        "Lỗi: kỳ báo cáo kết thúc ngày 01/01/0001, trước khi 2167/UBND-KTTH ban hành"
        " (16/05/2023): mọi số liệu sẽ bằng 0\n"
    )


def test_shifted_holds_at_the_ends_of_the_calendar() -> None:
    from directive_cli.deadlines import shifted

    assert shifted(date(9999, 12, 30), 7) == date.max
    assert shifted(date(1, 1, 2), -7) == date.min
    assert shifted(date(2023, 6, 1), 7) == date(2023, 6, 8)
    assert shifted(date.max, 0) == date.max


def test_years_before_1000_keep_four_digits() -> None:
    from directive_cli.text import day_text

    assert day_text(date(1, 1, 1)) == "01/01/0001"
    assert day_text(date(999, 12, 31)) == "31/12/0999"


def test_a_day_excel_cannot_hold_is_written_as_text() -> None:
    from datetime import datetime

    from directive_cli.render import xlsx

    row = xlsx._row(
        1,
        [date(1, 1, 1), datetime(1, 1, 1, 8, 30), date(1900, 1, 1)],
        ["A", "B", "C"],
        [False, False, False],
        False,
    )
    assert "<is><t>01/01/0001</t></is>" in row and "<is><t>01/01/0001 08:30</t></is>" in row
    assert '<c r="C1" s="2"><v>1</v></c>' in row


# --- 6. hangs: cadences finer than a day, endless expansions, FIFOs ---------------------------


def directive_with_rrule(tmp_path: Path, rrule: str) -> Path:
    """The bundled letter with its first recurring deadline given `rrule` as its cadence."""
    import re as _re

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "bodies.yaml").write_bytes((REPO / "data" / "bodies.yaml").read_bytes())
    text = (REPO / "data" / "directive_2167.yaml").read_text(encoding="utf-8")
    quoted = rrule.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    patched, n = _re.subn(
        r"(\n( +)kind: recurring\n)",
        lambda m: f'{m.group(1)}{m.group(2)}rrule: "{quoted}"\n',
        text,
        count=1,
    )
    assert n == 1
    (folder / "directive_2167.yaml").write_text(patched, encoding="utf-8")
    return folder


def rrule_line(folder: Path) -> int:
    text = (folder / "directive_2167.yaml").read_text(encoding="utf-8")
    return next(i for i, line in enumerate(text.splitlines(), 1) if "rrule:" in line)


FINER = "'rrule' phải có chu kỳ từ một ngày trở lên (FREQ=DAILY, WEEKLY, MONTHLY, YEARLY), không có BYHOUR, BYMINUTE, BYSECOND: thời hạn là một ngày"


@pytest.mark.parametrize(
    "rrule, problem",
    [
        ("FREQ=SECONDLY", FINER),
        ("FREQ=MINUTELY;INTERVAL=1", FINER),
        ("RRULE:FREQ=HOURLY", FINER),
        ("FREQ=DAILY;BYHOUR=0,1,2,3", FINER),
        ("FREQ=DAILY;BYMINUTE=0,30", FINER),
        ("FREQ=WEEKLY;BYSECOND=1", FINER),
        (
            "FREQ=DAILY;COUNT=1000000",
            "COUNT của 'rrule' phải là số nguyên từ 1 đến 10000, không phải '1000000'",
        ),
        (
            "FREQ=DAILY\nRRULE:FREQ=SECONDLY",
            "'rrule' phải là một quy tắc trên một dòng (FREQ=…;…), không phải nhiều dòng RRULE, RDATE, EXRULE",
        ),
    ],
    ids=["secondly", "minutely", "hourly", "byhour", "byminute", "bysecond", "count", "two-rules"],
)
def test_a_cadence_finer_than_a_day_is_refused_by_the_loader(
    cli: Cli, tmp_path: Path, rrule: str, problem: str
) -> None:
    folder = directive_with_rrule(tmp_path, rrule)
    where = f"{folder / 'directive_2167.yaml'}:{rrule_line(folder)} (điểm 1c)"
    result = cli("validate", str(folder))
    assert (result.exit_code, result.stdout) == (Exit.DATA, "")
    assert result.stderr == f"1 lỗi:\n  {where}: {problem}\n"
    result = cli("list", "--data", str(folder))
    assert (result.exit_code, result.stderr) == (Exit.DATA, f"Lỗi: {where}: {problem}\n")


def test_a_daily_cadence_asked_about_the_year_9999_is_bounded(cli: Cli, tmp_path: Path) -> None:
    """What dateutil steps through is counted and bounded (the time itself is in bench/)."""
    from dateutil import rrule as rrule_module

    from directive_cli.deadlines import CYCLE_DAYS, _next_occurrence
    from directive_cli.periods import MAX_PERIODS, dues

    folder = directive_with_rrule(tmp_path, "FREQ=DAILY")
    steps = 0
    real_iter = rrule_module.rrule._iter

    def counted(self):  # type: ignore[no-untyped-def]
        nonlocal steps
        for occurrence in real_iter(self):
            steps += 1
            yield occurrence

    _next_occurrence.cache_clear()
    dues.cache_clear()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rrule_module.rrule, "_iter", counted)
        result = cli("list", "--data", str(folder), "--as-of", "30/12/9999", "-f", "json")
    assert result.exit_code == 0, result.stderr
    import json

    dues = {row["due"] for row in json.loads(result.stdout)}
    assert "9999-12-30" in dues  # the daily cadence's next day is that very day
    # The naive walk from the letter's day (16/05/2023) is 2.9 million days, for the next
    # due date and again for the periods (periods.dues). Now each is under a calendar cycle
    # (plus the MAX_PERIODS periods kept), whatever the number of tasks (cached per anchor).
    assert 0 < steps <= 3 * (CYCLE_DAYS + MAX_PERIODS)


@pytest.mark.parametrize(
    "rrule",
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH",
        "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=DAILY;INTERVAL=3;BYDAY=SA",
        "FREQ=WEEKLY;UNTIL=25000101T000000",
    ],
)
def test_the_moved_anchor_gives_the_same_next_occurrence(rrule: str) -> None:
    import random
    from datetime import datetime, time

    from dateutil.rrule import rrulestr

    from directive_cli.deadlines import _next_occurrence

    rng = random.Random(rrule)
    for _ in range(12):
        anchor = date(rng.randint(1900, 2100), rng.randint(1, 12), rng.randint(1, 28))
        as_of = date(rng.randint(2300, 3200), rng.randint(1, 12), rng.randint(1, 28))
        naive = rrulestr(rrule, dtstart=datetime.combine(anchor, time())).after(
            datetime.combine(as_of, time()), inc=True
        )
        assert _next_occurrence(rrule, anchor, as_of) == (naive.date() if naive else None)


def test_a_fifo_as_directive_data_is_refused_without_blocking(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "bodies.yaml").write_bytes((REPO / "data" / "bodies.yaml").read_bytes())
    fifo = folder / "directive_x.yaml"
    os.mkfifo(fifo)
    env = {"DIRECTIVE_CACHE": str(tmp_path / "cache"), "DIRECTIVE_DB": str(tmp_path / "p.db")}
    line = f"{fifo}: không phải tệp thường (FIFO, thiết bị …); không đọc"
    # A process of its own, with a timeout: a blocked open would hang the test run itself.
    for args in (["list", "--data", str(fifo)], ["list", "--data", str(folder)]):
        result = run_directive(*args, timeout=30, **env)
        assert (result.returncode, result.stdout) == (Exit.DATA, ""), result.stderr
        assert result.stderr == f"Lỗi: {line}\n"
    result = run_directive("validate", str(folder), timeout=30, **env)
    assert (result.returncode, result.stderr) == (Exit.DATA, f"1 lỗi:\n  {line}\n")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_database_that_is_no_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "p.db"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target = Path("/dev/null")
    env = {"DIRECTIVE_CACHE": str(tmp_path / "cache")}
    for args in (["list"], ["mark", "done", "4:snv", "--on", "1/6/2023"], ["verify"]):
        result = run_directive(*args, "--db", str(target), timeout=30, **env)
        assert (result.returncode, result.stdout, result.stderr) == (
            Exit.STORE,
            "",
            f"Lỗi: {target} không phải tệp cơ sở dữ liệu (FIFO, thiết bị …); hãy nêu một tệp"
            " thường\n",
        )
    if kind == "fifo":
        assert stat.S_ISFIFO(target.stat().st_mode)


# --- 7. a small file that fans out to millions of tasks ---------------------------------------


def fan_out_file(folder: Path, clauses: int) -> Path:
    """A directive of `clauses` short clauses, each owed by all three groups (45 bodies)."""
    folder.mkdir(exist_ok=True)
    (folder / "bodies.yaml").write_bytes((REPO / "data" / "bodies.yaml").read_bytes())
    text = (REPO / "data" / "directive_2167.yaml").read_text(encoding="utf-8")
    head = text[: text.index("\nclauses:")] + "\nclauses:\n"
    one = (
        "  - id: '{i}'\n    title: t\n    text: t\n    responsible:\n"
        "      - {{group: g1, role: lead}}\n      - {{group: g2, role: lead}}\n"
        "      - {{group: g3, role: lead}}\n    deadline: {{kind: event}}\n"
    )
    path = folder / "directive_x.yaml"
    path.write_text(head + "".join(one.format(i=i) for i in range(1, clauses + 1)), "utf-8")
    return path


def clause_line(path: Path, clause: int) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == f"  - id: '{clause}'")


TOO_MANY = (
    "điểm này đưa số nhiệm vụ (điểm × cơ quan) của dữ liệu lên quá {limit}; hãy kiểm tra các"
    " nhóm được giao, hoặc chia dữ liệu thành nhiều thư mục"
)


def test_tasks_per_catalog_are_capped_naming_the_clause(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from directive_cli import fanout

    monkeypatch.setattr(fanout, "MAX_TASKS", 200)
    path = fan_out_file(tmp_path / "data", 10)  # 45 tasks a clause: the 5th passes 200
    result = cli("validate", str(tmp_path / "data"))
    where = f"{path}:{clause_line(path, 5)} (điểm 5)"
    assert (result.exit_code, result.stdout) == (Exit.DATA, "")
    assert result.stderr == f"1 lỗi:\n  {where}: {TOO_MANY.format(limit='200')}\n"


def test_the_cap_counts_every_file_of_the_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from directive_cli import fanout
    from directive_cli.load import load_catalog

    letter = len(load_catalog().directives[0].tasks)  # directive_2167.yaml, read first
    monkeypatch.setattr(fanout, "MAX_TASKS", letter + 100)
    folder = tmp_path / "data"
    fan_out_file(folder, 4)  # directive_x.yaml: 45 tasks a clause, its 3rd passes the cap
    (folder / "directive_2167.yaml").write_bytes(
        (REPO / "data" / "directive_2167.yaml").read_bytes()
    )
    text = (folder / "directive_x.yaml").read_text(encoding="utf-8")
    (folder / "directive_x.yaml").write_text(
        text.replace("id: 2167-2023", "id: x-2023", 1), "utf-8"
    )
    result = cli("list", "--data", str(folder), "--lang", "en")
    path = folder / "directive_x.yaml"
    assert (result.exit_code, result.stdout) == (Exit.DATA, "")
    assert result.stderr == (
        f"Error: {path}:{clause_line(path, 3)} (clause 3): this clause takes the data past"
        f" {letter + 100:,} tasks (clause × body); check the groups it assigns, or split the data"
        " into several folders\n"
    )


def test_the_cap_keeps_room_for_a_province() -> None:
    from directive_cli import fanout

    # bench/generate.py's province is 100,000 tasks; the cap is 2.5 times that.
    assert fanout.MAX_TASKS == 250_000


@pytest.mark.slow
def test_a_ten_megabyte_fan_out_is_refused(cli: Cli, tmp_path: Path) -> None:
    """The file of the attack: 9.9 MB under the 10 MB cap, 55,000 clauses × 45 bodies."""
    path = fan_out_file(tmp_path / "data", 55_000)
    assert 9_000_000 < path.stat().st_size < 10 * 1024 * 1024
    result = cli("validate", str(tmp_path / "data"))
    limit = "250.000"
    where = f"{path}:{clause_line(path, 250_000 // 45 + 1)} (điểm {250_000 // 45 + 1})"
    assert (result.exit_code, result.stderr) == (
        Exit.DATA,
        f"1 lỗi:\n  {where}: {TOO_MANY.format(limit=limit)}\n",
    )


# --- 8. validate shows file names and values with their escapes visible ------------------------


def test_validate_escapes_file_names_and_values(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "d\x1b]0;pwned\x07"
    folder.mkdir()
    (folder / "bodies.yaml").write_bytes((REPO / "data" / "bodies.yaml").read_bytes())
    text = (REPO / "data" / "directive_2167.yaml").read_text(encoding="utf-8")
    # A YAML escape cannot make a control character (the loader refuses those), but a bidi
    # override or a zero-width space passes as text.
    text = text.replace("{body: snv, role: lead}", '{body: "snv\\u202excod\\u200b", role: lead}', 1)
    bad = folder / "d\x1b[2J.yaml"
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "\\u202e" in x)
    result = cli("validate", str(folder))
    shown_folder = str(tmp_path) + "/d\\x1b]0;pwned\\x07"
    assert (result.exit_code, result.stdout) == (Exit.DATA, "")
    assert result.stderr.startswith(f"1 lỗi:\n  {shown_folder}/d\\x1b[2J.yaml:{line}")
    assert "snv\\u202excod\\u200b" in result.stderr
    assert not any(ch in result.stderr for ch in "\x1b\x07\u202e\u200b")
    assert len(result.stderr.splitlines()) == 2


# --- 10. zero-width and tag characters in --by and notes are shown --------------------------


@pytest.mark.parametrize(
    "by, shown",
    [
        ("adm\u200bin", "adm\\u200bin"),
        ("admin\U000e0041\U000e007f", "admin\\U000e0041\\U000e007f"),
        ("ad\u00admin", "ad\\xadmin"),
        ("\ufeffadmin", "\\ufeffadmin"),
        ("admi\u2060n", "admi\\u2060n"),
        ("admin\ufe0f", "admin\\ufe0f"),
        ("\u3164admin", "\\u3164admin"),
    ],
    ids=[
        "zwsp",
        "tags",
        "soft-hyphen",
        "bom",
        "word-joiner",
        "variation-selector",
        "hangul-filler",
    ],
)
def test_invisible_characters_in_by_and_notes_are_shown(
    cli: Cli, db: Path, by: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.setenv("COLUMNS", "200")  # one line a row: the cells compared whole
    result = cli("mark", "done", "4:snv", "--on", "1/6/2023", "--by", by, "--note", f"ghi chú {by}")
    assert result.exit_code == 0, result.stderr
    table = cli("history").stdout
    (row,) = [line for line in table.splitlines() if line.startswith(" #1 ")]
    cells = [c.strip() for c in row.split("  ") if c.strip()]
    stamp = cells[-2].split(", ")[1]
    assert cells[-2:] == [f"{shown}, {stamp}", f"ghi chú {shown}"]  # Người ghi, ghi chú
    assert by not in table
    header, _, line = cli("history", "-f", "md").stdout.splitlines()
    md = dict(zip(header.strip("| ").split(" | "), line.strip("| ").split(" | "), strict=True))
    assert (md["Người ghi"], md["Văn bản, ghi chú"]) == (shown, f"ghi chú {shown}")
    # The machine formats keep the text exactly as stored.
    (event,) = json.loads(cli("history", "-f", "json").stdout)
    assert (event["by"], event["note"]) == (by, f"ghi chú {by}")


def test_vietnamese_is_never_escaped() -> None:
    from directive_cli.text import printable

    text = "Nguyễn Thị Ánh — Sở Lao động - Thương binh và Xã hội, 16,7 % (ổn)"
    assert printable(text) == text
    nfd = unicodedata.normalize("NFD", text)
    assert printable(nfd) == nfd  # combining marks draw: they are not hidden


# --- 12. a cell longer than Excel holds is cut, visibly, and said ----------------------------


CUT_WARNING = (
    "Cảnh báo: 1 ô dài quá 32.767 ký tự, giới hạn một ô của Excel, nên đã được cắt và đánh"
    " dấu «… (còn N ký tự)»; bản đầy đủ: --format csv hoặc json\n"
)


def xlsx_texts(path: Path) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return [
        c
        for ws in book
        for row in ws.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str)
    ]


@pytest.mark.parametrize(
    "args",
    [["history"], ["report", "--week", "2023-W22"]],
    ids=["history", "report"],
)
def test_an_xlsx_cell_over_excels_limit_is_cut_and_said(
    cli: Cli, tmp_path: Path, args: list[str]
) -> None:
    note = "Ghi chú dài " + "Đ" * 60_000
    assert cli("mark", "done", "4:snv", "--on", "1/6/2023", "--note", note).exit_code == 0
    out = tmp_path / "bang.xlsx"
    result = cli(*args, "-o", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", CUT_WARNING)
    (cut,) = [c for c in xlsx_texts(out) if c.startswith("Ghi chú dài ")]
    lost = len(note) - (32_767 - len(f"… (còn {len(note)} ký tự)"))
    assert cut == note[: len(note) - lost] + f"… (còn {lost} ký tự)"
    assert len(cut) <= 32_767
    # The machine formats keep the whole note.
    import json

    (event,) = json.loads(cli("history", "-f", "json").stdout)
    assert event["note"] == note


def test_the_cut_counts_as_excel_does_in_utf16_units() -> None:
    from directive_cli.render.xlsx import MAX_CELL, cut_to_cell

    text = "𝔸" * 20_000  # each is two UTF-16 units: 40,000 units, over the limit
    cut, lost = cut_to_cell(text)
    assert len(cut.encode("utf-16-le")) // 2 <= MAX_CELL
    assert cut == "𝔸" * (20_000 - lost) + f"… (còn {lost} ký tự)"
    assert lost == 20_000 - (MAX_CELL - len(f"… (còn {lost} ký tự)")) // 2


def test_a_cell_within_the_limit_is_whole_and_unsaid(cli: Cli, tmp_path: Path) -> None:
    note = "x" * 32_000
    assert cli("mark", "done", "4:snv", "--on", "1/6/2023", "--note", note).exit_code == 0
    out = tmp_path / "bang.xlsx"
    result = cli("history", "-o", str(out))
    assert (result.exit_code, result.stderr) == (0, "")
    assert note in xlsx_texts(out)


# --- 13. a 1 MB note: what a table cell renders is bounded -------------------------------------


def test_a_megabyte_note_is_cut_in_screen_tables(
    db: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from directive_cli.render import table

    note = "ghi chú dài " * 90_000  # 1,080,000 characters, as the store accepts
    s = SqliteStore(db)
    s.record(
        [NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 1), "an", note)],
        "2023-06-01T08:00:00+07:00",
    )
    s.close()
    given: list[int] = []
    real_wrap = table.wrap

    def counted(text: str, width: int) -> list[str]:
        given.append(len(text))
        return real_wrap(text, width)

    monkeypatch.setattr(table, "wrap", counted)
    shown = note[: table.CELL_CHARS] + f"… (còn {len(note) - table.CELL_CHARS} ký tự)"
    for args in (["history"], ["show", "4"], ["history", "4:snv"]):
        given.clear()
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        # The layout never sees more than the cut cell: no 1 MB to wrap.
        assert max(given) == len(shown)
        assert len(result.stdout) < 20_000
        # The cell ends in how much more there is (the table may wrap it over lines).
        flat = " ".join(result.stdout.split())
        assert flat.count(f"… (còn {len(note) - table.CELL_CHARS} ký tự)") == 1
    (event,) = __import__("json").loads(cli("history", "-f", "json").stdout)
    assert event["note"] == note


@pytest.mark.slow
def test_a_megabyte_note_renders_quickly(db: Path, cli: Cli) -> None:
    """The figure of the attack (24 s for history, 114 s for show), re-measured."""
    import time

    s = SqliteStore(db)
    s.record(
        [NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 1), "an", "x y " * 262_144)],
        "2023-06-01T08:00:00+07:00",
    )
    s.close()
    for args in (["history"], ["show", "4"]):
        started = time.perf_counter()
        assert cli(*args).exit_code == 0
        assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "rrule",
    ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=YEARLY"],
)
def test_the_periods_kept_are_the_last_ones_of_the_naive_walk(rrule: str) -> None:
    from datetime import datetime, time

    from dateutil.rrule import rrulestr

    from directive_cli.periods import MAX_PERIODS, dues

    anchor, as_of = date(2023, 5, 16), date(2400, 3, 1)
    naive: list[date] = []
    for occurrence in rrulestr(rrule, dtstart=datetime.combine(anchor, time())):
        naive.append(occurrence.date())
        if occurrence.date() >= as_of:
            break
    assert dues(rrule, anchor, as_of) == tuple(naive[-(MAX_PERIODS + 1) :])
