"""Issue 15 item 4: "sắp đến hạn" on the office's horizon, in calendar or working days.

Every expected day is counted by hand on the calendar written out in the test's comment.
Tết 2025 was Mon 27/1 – Fri 31/1 (the weekend 1–2/2 after it); 2/9/2024 and 3/9/2024 were the
National Day holiday; Sat 4/5/2024 was worked in exchange for Mon 29/4/2024.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from directive_cli import remind
from directive_cli.errors import InvalidInput
from directive_cli.load import load_catalog
from directive_cli.query import views
from directive_cli.workdays import DUE_SOON, Horizon, WorkCalendar, parse_horizon

REPO = Path(__file__).resolve().parent.parent

# Four reports of one body around Tết 2025, asked about on Friday 24/1/2025.
LETTER = """\
schema: 1
id: 42-2025
number: "42"
symbol: UBND-KTTH
type: Công văn
issuer: Ủy ban nhân dân tỉnh Quảng Ngãi
issued_on: 2025-01-02
subject: V/v báo cáo trước và sau Tết (ví dụ kiểm thử)
signer:
  name: Nguyễn Văn A
  title: Phó Chủ tịch

clauses:
"""
CLAUSE = """\
  - id: "{id}"
    title: Báo cáo {id}
    text: Sở Nội vụ báo cáo trước ngày {day}.
    responsible:
      - {{body: snv, role: lead}}
    deadline: {{kind: fixed, due: {due}, source: trước ngày {day}}}
"""
DUES = {
    "1": date(2025, 1, 29),
    "2": date(2025, 2, 5),
    "3": date(2025, 2, 7),
    "4": date(2025, 2, 10),
}
FRIDAY = "24/1/2025"
CALENDAR = """\
schema: 1
working_days:
  - {date: 2024-05-04, source: "Thông báo về lịch nghỉ lễ 30/4 và 1/5 năm 2024 (ví dụ kiểm thử)"}
"""


def _folder(tmp_path: Path, dues: dict[str, date] = DUES, calendar: str | None = None) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REPO / "data" / "bodies.yaml", folder)
    # A directive of 2025 with deadlines in 2024 is refused by validate: date it before them.
    issued = min((*dues.values(), date(2025, 1, 2)))
    letter = LETTER.replace("issued_on: 2025-01-02", f"issued_on: {issued.isoformat()}")
    clauses = "".join(
        CLAUSE.format(id=k, due=d.isoformat(), day=d.strftime("%d/%m/%Y")) for k, d in dues.items()
    )
    (folder / "directive_0042.yaml").write_text(letter + clauses, encoding="utf-8")
    if calendar is not None:
        (folder / "calendar.yaml").write_text(calendar, encoding="utf-8")
    return folder


# --- the setting, as written ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("5 ngày làm việc", (5, True)),
        ("5 ngay lam viec", (5, True)),
        ("5 Ngày Làm Việc", (5, True)),
        ("5 working days", (5, True)),
        ("1 working day", (1, True)),
        ("7 ngày", (7, False)),
        ("7 days", (7, False)),
        ("  10  ngày ", (10, False)),
        ("7", (7, False)),
        (7, (7, False)),
        (366, (366, False)),
    ],
)
def test_the_setting_reads_days_or_working_days(value: object, read: tuple[int, bool]) -> None:
    assert parse_horizon(value, "due_soon") == read


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("5 tuần", "5 tuần"),
        ("", ""),
        ("0 ngày", "0 ngày"),
        ("367 ngày", "367 ngày"),
        ("-3 ngày", "-3 ngày"),
        (True, "true"),
        (0, "0"),
        (7.5, "7.5"),
        ([5], "[5]"),
    ],
)
def test_a_bad_setting_is_one_line(value: object, shown: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_horizon(value, "due_soon")
    assert str(caught.value) == (
        f"due_soon: '{shown}' không phải khoảng sắp đến hạn; viết như '7 ngày' hoặc"
        " '5 ngày làm việc' (từ 1 đến 366)"
    )


# --- the one function that decides -----------------------------------------------------------


def test_the_horizon_in_working_days_spans_tet() -> None:
    # From Fri 24/1/2025: weekend 25–26/1; Tết 27/1–31/1; weekend 1–2/2; Mon 3/2 (1), Tue 4/2
    # (2), Wed 5/2 (3), Thu 6/2 (4), Fri 7/2 (5). Seven calendar days end on Fri 31/1.
    friday = date(2025, 1, 24)
    assert Horizon(5, working=True).until(friday) == date(2025, 2, 7)
    assert DUE_SOON.until(friday) == date(2025, 1, 31)
    assert Horizon(5, working=True).counting(6).until(friday) == date(2025, 2, 10)
    assert Horizon(5, working=True).counting(None) == Horizon(5, working=True)


def test_a_make_up_saturday_of_the_calendar_file_shortens_the_horizon() -> None:
    # From Thu 25/4/2024: Fri 26/4 (1); weekend; Mon 29/4 off (bridge); 30/4, 1/5 holidays;
    # Thu 2/5 (2), Fri 3/5 (3), then Sat 4/5 worked (4) or, nationally, Mon 6/5 (4).
    thursday = date(2024, 4, 25)
    worked = WorkCalendar(frozenset({date(2024, 5, 4)}))
    assert Horizon(4, True).until(thursday) == date(2024, 5, 6)
    assert Horizon(4, True, worked).until(thursday) == date(2024, 5, 4)


def test_the_horizon_holds_at_the_last_day() -> None:
    assert Horizon(5, True).until(date(9999, 12, 30)) == date.max
    assert DUE_SOON.until(date(9999, 12, 30)) == date.max


def test_views_judge_due_soon_on_the_horizon(tmp_path: Path) -> None:
    cat = load_catalog(_folder(tmp_path))
    friday = date(2025, 1, 24)

    def standing(horizon: Horizon | None) -> dict[str, str]:
        soon = horizon.until(friday) if horizon else None
        return {v.clause.id: v.timeliness.value for v in views(cat, {}, friday, soon_until=soon)}

    assert standing(None) == standing(DUE_SOON) == {
        "1": "due_soon", "2": "in_time", "3": "in_time", "4": "in_time",
    }  # fmt: skip
    assert standing(Horizon(5, True)) == {
        "1": "due_soon", "2": "due_soon", "3": "due_soon", "4": "in_time",
    }  # fmt: skip


# --- every command on the office's setting ----------------------------------------------------


def _timeliness(cli, folder: Path, *extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    result = cli("list", "--data", str(folder), "--as-of", FRIDAY, "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    return {r["clause"]: r["timeliness"] for r in json.loads(result.stdout)}


CALENDAR_DAYS = {"1": "due_soon", "2": "in_time", "3": "in_time", "4": "in_time"}
FIVE_WORKING = {"1": "due_soon", "2": "due_soon", "3": "due_soon", "4": "in_time"}
EVERY = {"1": "due_soon", "2": "due_soon", "3": "due_soon", "4": "due_soon"}


def test_list_counts_working_days_when_the_office_says_so(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path)
    assert _timeliness(cli, folder) == CALENDAR_DAYS
    office = tmp_path / "office.toml"
    office.write_text('due_soon = "5 ngày làm việc"\n', encoding="utf-8")
    monkeypatch.setenv("DIRECTIVE_OFFICE", str(office))
    assert _timeliness(cli, folder) == FIVE_WORKING
    # --within counts the office's days: 6 working days end on Mon 10/2.
    assert _timeliness(cli, folder, "--within", "6") == EVERY
    # The variable wins over the file, as DIRECTIVE_TZ does over time_zone.
    monkeypatch.setenv("DIRECTIVE_DUE_SOON", "7 ngày")
    assert _timeliness(cli, folder) == CALENDAR_DAYS


def test_list_within_without_a_setting_is_calendar_days(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path)
    # 12 calendar days from Fri 24/1 end on Wed 5/2; 17 on Mon 10/2.
    assert _timeliness(cli, folder, "--within", "12") == {**CALENDAR_DAYS, "2": "due_soon"}
    assert _timeliness(cli, folder, "--within", "17") == EVERY
    result = cli("list", "--data", str(folder), "--as-of", FRIDAY, "--within", "12",
                 "--timeliness", "due_soon", "-f", "json")  # fmt: skip
    assert [r["task"] for r in json.loads(result.stdout)] == ["1:snv", "2:snv"]


def test_the_calendar_file_counts_in_the_horizon(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # Asked on Thu 25/4/2024, a report due Mon 6/5 is within 4 working days nationally, but
    # not with Sat 4/5 worked (the 4th working day).
    dues = {"1": date(2024, 5, 3), "2": date(2024, 5, 6)}
    monkeypatch.setenv("DIRECTIVE_DUE_SOON", "4 ngày làm việc")
    for calendar, second in ((None, "due_soon"), (CALENDAR, "in_time")):
        here = tmp_path / ("national" if calendar is None else "office")
        here.mkdir()
        folder = _folder(here, dues, calendar)
        result = cli("list", "--data", str(folder), "--as-of", "25/4/2024", "-f", "json")
        assert result.exit_code == 0, result.output
        rows = {r["clause"]: r["timeliness"] for r in json.loads(result.stdout)}
        assert rows == {"1": "due_soon", "2": second}


def test_report_looks_ahead_in_working_days(
    empty_db: Path, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path)
    monkeypatch.setenv("DIRECTIVE_DUE_SOON", "5 ngày làm việc")
    # The week ends on Sun 26/1/2025: 5 working days after it end on Fri 7/2 (Tết between).
    result = cli("report", "--data", str(folder), "--week", "2025-W04", "-f", "json")
    assert result.exit_code == 0, result.output
    soon = json.loads(result.stdout)["due_soon"]
    assert (soon["from"], soon["to"], [r["task"] for r in soon["tasks"]]) == (
        "2025-01-27", "2025-02-07", ["1:snv", "2:snv", "3:snv"],
    )  # fmt: skip
    md = cli("report", "--data", str(folder), "--week", "2025-W04", "--within", "6").stdout
    assert [line for line in md.splitlines() if line.startswith("## 4.")] == [
        "## 4. Nhiệm vụ đến hạn trong 6 ngày làm việc tiếp theo (27/01/2025 – 10/02/2025)"
    ]
    en = cli("--lang", "en", "report", "--data", str(folder), "--week", "2025-W04", "--within", "1")
    assert [line for line in en.stdout.splitlines() if line.startswith("## 4.")] == [
        "## 4. Tasks due in the next 1 working day (27/01/2025 – 03/02/2025)"
    ]


def test_show_and_remind_use_the_same_horizon(
    empty_db: Path, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path)
    monkeypatch.setenv("DIRECTIVE_DUE_SOON", "5 ngày làm việc")

    def row() -> str:
        shown = cli("show", "3", "--data", str(folder), "--as-of", FRIDAY)
        assert shown.exit_code == 0, shown.output
        [line] = [line for line in shown.stdout.splitlines() if line.startswith(" 3:snv")]
        return " ".join(line.split())

    assert row() == "3:snv Sở Nội vụ Chủ trì Chưa thực hiện Sắp đến hạn 07/02/2025"
    monkeypatch.delenv("DIRECTIVE_DUE_SOON")
    assert row() == "3:snv Sở Nội vụ Chủ trì Chưa thực hiện Trong hạn 07/02/2025"
    monkeypatch.setenv("DIRECTIVE_DUE_SOON", "5 ngày làm việc")
    # remind --within 3: overdue or due by the 3rd working day, Wed 5/2.
    out = tmp_path / "letters"
    result = cli("remind", "--data", str(folder), "--as-of", FRIDAY, "--within", "3",
                 "-f", "md", "-o", str(out) + "/")  # fmt: skip
    assert result.exit_code == 0, result.output
    cat = load_catalog(folder)
    plan = remind.plan(cat, {}, date(2025, 1, 24), 7, within=3, horizon=Horizon(5, True))
    assert [(t.clause, t.timeliness.value) for t in plan.letters[0].tasks] == [
        ("1", "due_soon"), ("2", "due_soon"),
    ]  # fmt: skip
    letter = (out / "snv.md").read_text(encoding="utf-8")
    assert [c for c in DUES if f"Báo cáo {c}" in letter] == ["1", "2"]


@pytest.mark.parametrize(
    ("where", "value", "code", "message"),
    [
        ("env", "5 tuần", 2, "Lỗi: DIRECTIVE_DUE_SOON: '5 tuần' không phải khoảng sắp đến hạn;"
         " viết như '7 ngày' hoặc '5 ngày làm việc' (từ 1 đến 366)"),
        ("file", "due_soon = true", 3, "Lỗi: {office}: due_soon: 'true' không phải khoảng sắp"
         " đến hạn; viết như '7 ngày' hoặc '5 ngày làm việc' (từ 1 đến 366)"),
        ("within", "400", 2, "Lỗi: --within: số ngày phải từ 1 đến 366"),
    ],
)  # fmt: skip
def test_a_bad_horizon_is_one_line(
    cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    value: str,
    code: int,
    message: str,
) -> None:  # type: ignore[no-untyped-def]
    folder = _folder(tmp_path)
    office = tmp_path / "office.toml"
    args = ["list", "--data", str(folder)]
    if where == "env":
        monkeypatch.setenv("DIRECTIVE_DUE_SOON", value)
    elif where == "file":
        office.write_text(value + "\n", encoding="utf-8")
        monkeypatch.setenv("DIRECTIVE_OFFICE", str(office))
    else:
        args += ["--within", value]
    for command in (args, ["report", *args[1:]]):
        result = cli(*command)
        assert (result.exit_code, result.stdout) == (code, ""), result.output
        assert result.stderr.strip().splitlines() == [message.format(office=office)]
