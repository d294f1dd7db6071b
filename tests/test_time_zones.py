"""Time zones (issue 14 item 12, issue 13 item 18): each mark keeps the clerk's UTC offset;
"today" is the office's day, the same for every clerk; every recorded time is shown one way,
on the office's clock (DIRECTIVE_TZ, or time_zone in office.toml; Asia/Ho_Chi_Minh by
default), while JSON and CSV keep the stamp with its offset."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest
from conftest import Cli

from directive_cli import options, zone
from directive_cli.app import Exit
from directive_cli.weekly import recorded_day

SYDNEY = timezone(timedelta(hours=10))  # a clerk's laptop left on its home zone
# 15:00 UTC on 1 June 2023: 22:00 that day in Quảng Ngãi, 01:00 on 2 June in Sydney.
MOMENT = datetime(2023, 6, 1, 15, 0, tzinfo=UTC)


class ClerkClock(datetime):
    """The clock of a computer set to UTC+10, at MOMENT."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> ClerkClock:  # type: ignore[override]
        moment = MOMENT.astimezone(tz or SYDNEY)
        return cls.fromtimestamp(moment.timestamp(), moment.tzinfo)

    def astimezone(self, tz: tzinfo | None = None) -> ClerkClock:  # type: ignore[override]
        # A bare .astimezone() means this computer's zone: Sydney here.
        return super().astimezone(tz or SYDNEY)  # type: ignore[return-value]


@pytest.fixture
def sydney(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options, "datetime", ClerkClock)


def history(cli: Cli) -> list[dict[str, object]]:
    result = cli("history", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


def history_row(cli: Cli) -> list[str]:
    (row,) = [line for line in cli("history").stdout.splitlines() if line.startswith(" #1 ")]
    return [c.strip() for c in row.split("  ") if c.strip()]


def test_a_clerk_ahead_of_the_office_records_the_offices_day(sydney: None, cli: Cli) -> None:
    result = cli("mark", "done", "4:snv", "--by", "an")
    assert result.exit_code == 0, result.stderr
    (event,) = history(cli)
    # The stamp keeps the clerk's own offset; the day the mark counts from is the office's.
    assert event["recorded_at"] == "2023-06-02T01:00:00+10:00"
    assert event["effective_on"] == "2023-06-01"
    # Shown on the office's clock: 22:00 on the 1st, not 01:00 on the 2nd.
    assert history_row(cli)[-1] == "an, 01/06/2023 22:00"
    # And the same screen counts it: done as of the office's today.
    listed = json.loads(cli("list", "-c", "4", "-b", "snv", "-f", "json").stdout)
    assert [(r["task"], r["status"]) for r in listed] == [("4:snv", "done")]


def test_the_office_may_be_in_another_zone(
    sydney: None, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVE_TZ", "Australia/Sydney")
    assert cli("mark", "done", "4:snv", "--by", "an").exit_code == 0
    (event,) = history(cli)
    assert (event["recorded_at"], event["effective_on"]) == (
        "2023-06-02T01:00:00+10:00",
        "2023-06-02",
    )
    assert history_row(cli)[-1] == "an, 02/06/2023 01:00"
    monkeypatch.setenv("DIRECTIVE_TZ", "+07:00")  # an offset is a zone too
    assert history_row(cli)[-1] == "an, 01/06/2023 22:00"


def test_office_toml_names_the_zone_and_the_variable_wins(
    sydney: None, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "office.toml"
    settings.write_text('time_zone = "Asia/Tokyo"\n', encoding="utf-8")
    monkeypatch.setenv("DIRECTIVE_OFFICE", str(settings))
    assert cli("mark", "done", "4:snv", "--by", "an").exit_code == 0
    assert history_row(cli)[-1] == "an, 02/06/2023 00:00"  # Tokyo is UTC+9
    monkeypatch.setenv("DIRECTIVE_TZ", "Asia/Ho_Chi_Minh")
    assert history_row(cli)[-1] == "an, 01/06/2023 22:00"


@pytest.mark.parametrize("typed", ["Mars/Olympus", "+25:00", "../etc/passwd", "giờ VN"])
def test_a_zone_that_is_no_zone_is_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    monkeypatch.setenv("DIRECTIVE_TZ", typed)
    result = cli("list")
    assert (result.exit_code, result.stdout, result.stderr) == (
        Exit.USAGE,
        "",
        f"Lỗi: DIRECTIVE_TZ: '{typed}' không phải múi giờ; dùng tên như Asia/Ho_Chi_Minh,"
        " hoặc độ lệch như +07:00\n",
    )


def test_a_bad_zone_in_office_toml_names_the_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "office.toml"
    settings.write_text('time_zone = "Hà Nội"\n', encoding="utf-8")
    monkeypatch.setenv("DIRECTIVE_OFFICE", str(settings))
    result = cli("list", "--lang", "en")
    assert (result.exit_code, result.stderr) == (
        Exit.DATA,  # as any other bad value of the settings file
        f"Error: {settings}: time_zone: 'Hà Nội' is not a time zone; use a name such as"
        " Asia/Ho_Chi_Minh, or an offset such as +07:00\n",
    )


def test_machine_formats_keep_the_stamp_with_its_offset(sydney: None, cli: Cli) -> None:
    assert cli("mark", "done", "4:snv", "--by", "an").exit_code == 0
    report = json.loads(cli("report", "--week", "2023-W22", "-f", "json").stdout)
    assert [c["recorded_at"] for c in report["changes"]] == ["2023-06-02T01:00:00+10:00"]
    csv_text = cli("history", "-f", "csv").stdout
    assert "2023-06-02T01:00:00+10:00" in csv_text.splitlines()[1].split(",")
    # The Markdown for people is on the office's clock, as the table.
    md = cli("history", "-f", "md").stdout.splitlines()[-1]
    assert " | 01/06/2023 22:00 | " in md


def test_the_day_a_mark_was_recorded_is_the_offices() -> None:
    hcm = zone.named("Asia/Ho_Chi_Minh")
    assert recorded_day("2023-06-02T01:00:00+10:00", hcm) == date(2023, 6, 1)
    assert recorded_day("2023-06-04T23:30:00+00:00", hcm) == date(2023, 6, 5)  # Monday there
    assert recorded_day("2023-06-02T01:00:00", hcm) == date(2023, 6, 2)  # no offset: as read
    assert recorded_day("t1", hcm) is None


def test_without_a_zone_database_the_default_still_reads_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import zoneinfo

    def missing(key: str) -> zoneinfo.ZoneInfo:
        raise zoneinfo.ZoneInfoNotFoundError(key)

    monkeypatch.setattr(zoneinfo, "ZoneInfo", missing)
    fallback = zone.named("Asia/Ho_Chi_Minh")
    assert fallback.utcoffset(datetime(2023, 6, 1)) == timedelta(hours=7)
    with pytest.raises(Exception, match="Europe/Paris"):
        zone.named("Europe/Paris")


@pytest.mark.parametrize(
    "typed, offset",
    [("+07:00", 7 * 60), ("UTC+7", 7 * 60), ("-03:30", -210), ("GMT+0530", 330), ("UTC", 0)],
)
def test_offsets_are_zones(typed: str, offset: int) -> None:
    assert zone.named(typed).utcoffset(None) == timedelta(minutes=offset)
