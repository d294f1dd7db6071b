"""Per-body permissions on a PostgreSQL server, with real logins: the server (row-level
security, FORCE) refuses what a login may not write, through the tool and through psql."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Cli, PgServer

from directive_cli.store.postgres import PostgresStore


@dataclass
class Office:
    """A database owned by an owner login, and its clerks' URLs."""

    pg: PgServer
    dbname: str
    owner: str
    owner_url: str
    logins: dict[str, tuple[str, str]]  # role name → (login, password)

    def url(self, who: str) -> str:
        login, password = self.logins[who]
        return self.pg.login_url(self.dbname, login, password)

    def psql(self, who: str, sql: str) -> subprocess.CompletedProcess[str]:
        login, password = self.logins[who]
        env = {**os.environ, "PGPASSWORD": password}
        return subprocess.run(
            ["psql", "-X", "-h", "localhost", "-U", login, "-d", self.dbname, "-v",
             "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip


@pytest.fixture
def office(pg: PgServer, cli: Cli) -> Office:
    owner, owner_pw = pg.login("owner")
    dbname = pg.database(owner=owner)
    logins = {"owner": (owner, owner_pw), "snv": pg.login("snv"), "vpub": pg.login("vpub"),
              "tinh": pg.login("tinh")}  # fmt: skip
    made = Office(pg, dbname, owner, pg.login_url(dbname, owner, owner_pw), logins)
    for who, grant in (("snv", ["--body", "snv"]), ("vpub", ["--body", "vpub"]),
                       ("tinh", ["--all"])):  # fmt: skip
        result = cli("access", "grant", logins[who][0], *grant, "--db", made.owner_url)
        assert result.exit_code == 0, result.output
    return made


def test_the_owner_grants_and_lists(cli: Cli, office: Office) -> None:
    snv, vpub, tinh = (office.logins[w][0] for w in ("snv", "vpub", "tinh"))
    more = cli("access", "grant", snv, "--body", "vpub", "--body", "snv", "--db", office.owner_url)
    assert more.output == (
        f"Đã cho {snv} ghi tiến độ của: snv, vpub.\n"
        "Cảnh báo: snv đã kết thúc, công việc chuyển cho snv-2025 từ 01/03/2025; quyền ghi"
        " không đi theo: cấp cho tài khoản báo cáo của đơn vị mới (directive access grant"
        " TÀI_KHOẢN --body …)\n"
    )
    listed = cli("access", "list", "--format", "json", "--db", office.url("snv"))
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output) == sorted(
        [
            {"login": snv, "all": False, "bodies": ["snv", "vpub"]},
            {"login": vpub, "all": False, "bodies": ["vpub"]},
            {"login": tinh, "all": True, "bodies": []},
        ],
        key=lambda r: r["login"],
    )
    gone = cli("access", "revoke", snv, "--body", "vpub", "--db", office.owner_url)
    assert gone.output == f"Đã thu hồi quyền ghi của {snv}: vpub.\n"
    table = cli("access", "list", "--db", office.owner_url)
    rows = dict(line.split(None, 1) for line in table.output.splitlines()[1:])
    assert rows == {snv: "snv", vpub: "vpub", tinh: "mọi đơn vị"}


def test_a_grant_of_a_body_that_ended_names_who_carries_its_work_on(
    cli: Cli, office: Office
) -> None:
    """A grant is of one id: the successor of 2025 (another id) is not granted with it."""
    snv = office.logins["snv"][0]
    renamed = cli("access", "grant", snv, "--body", "bdt", "--db", office.owner_url)
    assert (renamed.exit_code, renamed.output) == (
        0,
        f"Đã cho {snv} ghi tiến độ của: bdt, snv.\n"
        f"Cảnh báo: bdt đổi thành sdttg từ 01/03/2025; quyền ghi không đi theo: nếu tài khoản"
        f" này báo cáo cho đơn vị mới, chạy directive access grant {snv} --body sdttg\n",
    )
    split = cli("access", "grant", snv, "--body", "h-bato", "--db", office.owner_url)
    assert split.output.splitlines()[1] == (
        "Cảnh báo: h-bato đã kết thúc, công việc chuyển cho x-bavi, x-bato-21523, x-badinh,"
        " x-bato-21484, x-bavinh, x-badong, x-dangthuytram, x-baxa từ 01/07/2025; quyền ghi"
        " không đi theo: cấp cho tài khoản báo cáo của đơn vị mới (directive access grant"
        " TÀI_KHOẢN --body …)"
    )
    # Once the successor is granted too, or for a body that goes on, nothing more is said.
    both = cli("access", "grant", snv, "--body", "sdttg", "--body", "bdt", "--db",
               office.owner_url)  # fmt: skip
    assert both.output == f"Đã cho {snv} ghi tiến độ của: bdt, h-bato, sdttg, snv.\n"


def test_access_list_takes_table_or_json_only(cli: Cli, office: Office) -> None:
    result = cli("access", "list", "--format", "csv", "--db", office.owner_url)
    assert (result.exit_code, result.output) == (
        2,
        "Lỗi: --format: 'csv' không phải định dạng hợp lệ; dùng: table, json\n",
    )


def test_a_clerk_may_not_grant(cli: Cli, office: Office) -> None:
    snv = office.logins["snv"][0]
    result = cli("access", "grant", snv, "--all", "--db", office.url("snv"))
    assert result.exit_code == 6
    assert result.output == (
        f"Lỗi: chỉ chủ sở hữu cơ sở dữ liệu postgresql://{snv}@localhost/{office.dbname} mới"
        f" cấp, thu hồi quyền; tài khoản {snv} không phải\n"
    )


def test_a_clerk_records_its_own_body_and_is_refused_another(cli: Cli, office: Office) -> None:
    snv = office.logins["snv"][0]
    ok = cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", office.url("snv"))
    assert ok.exit_code == 0, ok.output
    [event] = PostgresStore(office.owner_url).history()
    assert (event.body, event.by) == ("snv", snv)  # the login, whatever DIRECTIVE_USER says
    # One batch of two tasks, the second another body's: refused whole.
    refused = cli(
        "mark", "in_progress", "4:snv", "3.1:vpub", "--on", "21/6/2023", "--db", office.url("snv")
    )
    assert refused.exit_code == 6
    assert refused.output == (
        f"Lỗi: máy chủ không cho tài khoản {snv} ghi tiến độ của đơn vị vpub; không có gì được"
        f" ghi (nhờ quản trị chạy: directive access grant {snv} --body vpub)\n"
    )
    assert PostgresStore(office.owner_url).history() == [event]
    # Everyone reads everything: another body's clerk sees the mark and the task's status.
    seen = cli("history", "--format", "json", "--db", office.url("vpub"))
    assert seen.exit_code == 0, seen.output
    assert [(e["id"], e["task"], e["by"]) for e in json.loads(seen.output)] == [(1, "4:snv", snv)]
    listed = cli("list", "--body", "snv", "--format", "json", "--as-of", "30/6/2023",
                 "--db", office.url("vpub"))  # fmt: skip
    statuses = {r["task"]: r["status"] for r in json.loads(listed.output)}
    assert statuses["4:snv"] == "done"


def test_a_mark_identical_to_the_last_is_refused_to_another_body_not_skipped(
    cli: Cli, office: Office
) -> None:
    snv, vpub = office.logins["snv"][0], office.logins["vpub"][0]
    ok = cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", office.url("snv"))
    assert ok.exit_code == 0, ok.output
    # The same status on the same day: for its own clerk, nothing to record (exit 0) ...
    again = cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", office.url("snv"))
    assert (again.exit_code, again.output) == (
        0,
        "Không ghi gì: 1 cập nhật giống hệt lần ghi trước (cùng trạng thái, ngày, văn bản và"
        " ghi chú).\n",
    )
    # ... for another body's clerk, or signed as someone else, the server's refusal.
    other = cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", office.url("vpub"))
    assert (other.exit_code, other.output) == (
        6,
        f"Lỗi: máy chủ không cho tài khoản {vpub} ghi tiến độ của đơn vị snv; không có gì được"
        f" ghi (nhờ quản trị chạy: directive access grant {vpub} --body snv)\n",
    )
    signed = cli("mark", "done", "4:snv", "--on", "20/6/2023", "--by", "chief",
                 "--db", office.url("snv"))  # fmt: skip
    assert (signed.exit_code, signed.output) == (
        6,
        f"Lỗi: trên máy chủ, người ghi là tài khoản đăng nhập {snv}, không phải chief;"
        " bỏ --by đi\n",
    )
    assert PostgresStore(office.owner_url).count_events() == 1


def test_the_server_refuses_what_the_tool_did_not_check(office: Office) -> None:
    """The policy decides, not the client's check: a write through the store itself (no
    check first) is refused whole by the server, in the same words."""
    from datetime import date

    from directive_cli.errors import StoreError
    from directive_cli.model import Status
    from directive_cli.store import NewMark

    vpub = office.logins["vpub"][0]
    store = PostgresStore(office.url("vpub"))
    mine = NewMark("2167-2023", "3.1", "vpub", Status.DONE, date(2023, 6, 20), vpub)
    theirs = NewMark("2167-2023", "4", "snv", Status.DONE, date(2023, 6, 20), vpub)
    with pytest.raises(StoreError) as refused:
        store.record([mine, theirs], "2023-06-21T09:00:00+07:00")
    assert str(refused.value) == (
        f"máy chủ không cho tài khoản {vpub} ghi tiến độ của đơn vị snv; không có gì được"
        f" ghi (nhờ quản trị chạy: directive access grant {vpub} --body snv)"
    )
    assert PostgresStore(office.owner_url).count_events() == 0


def test_a_clerk_may_not_sign_as_another(cli: Cli, office: Office) -> None:
    snv = office.logins["snv"][0]
    result = cli(
        "mark", "done", "4:snv", "--on", "20/6/2023", "--by", "chief", "--db", office.url("snv")
    )
    assert result.exit_code == 6
    assert result.output == (
        f"Lỗi: trên máy chủ, người ghi là tài khoản đăng nhập {snv}, không phải chief; bỏ --by đi\n"
    )


def test_raw_sql_through_psql_is_refused_too(cli: Cli, office: Office) -> None:
    snv = office.logins["snv"][0]
    assert (
        cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", office.url("snv")).exit_code == 0
    )
    columns = "id, batch, directive, clause, body, status, effective_on, recorded_at, by"
    other_body = office.psql(
        "snv", f"INSERT INTO events ({columns}) VALUES (2, 2, '2167-2023', '3.1', 'vpub',"
        f" 'done', '2023-06-20', '2023-06-20T09:00:00+07:00', '{snv}')",
    )  # fmt: skip
    assert other_body.returncode == 1
    assert 'new row violates row-level security policy for table "events"' in other_body.stderr
    as_someone_else = office.psql(
        "snv", f"INSERT INTO events ({columns}) VALUES (2, 2, '2167-2023', '4', 'snv',"
        " 'todo', '2023-06-20', '2023-06-20T09:00:00+07:00', 'chief')",
    )  # fmt: skip
    assert 'new row violates row-level security policy for table "events"' in (
        as_someone_else.stderr
    )
    for sql in ("UPDATE events SET status = 'todo'", "DELETE FROM events",
                "UPDATE current SET status = 'todo'", "INSERT INTO access VALUES ('x', '*')",
                "ALTER TABLE events DISABLE ROW LEVEL SECURITY"):  # fmt: skip
        result = office.psql("snv", sql)
        assert result.returncode == 1, sql
        assert "permission denied" in result.stderr or "must be owner" in result.stderr, sql
    store = PostgresStore(office.owner_url)
    assert store.count_events() == 1 and store.check() == []
    checked = cli("verify", "--db", office.url("snv"))  # a clerk verifies too
    assert checked.exit_code == 0, checked.output


def test_undo_is_of_ones_own_batches_unless_granted_all(cli: Cli, office: Office) -> None:
    owner = office.owner_url
    snv, tinh = office.logins["snv"][0], office.logins["tinh"][0]
    other, _ = office.logins["vpub"]
    assert cli("access", "grant", other, "--body", "snv", "--db", owner).exit_code == 0
    assert (
        cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", office.url("snv")).exit_code == 0
    )
    # Another clerk of the same body: its own last batch is none; snv's batch is refused.
    none = cli("undo", "--yes", "--db", office.url("vpub"))
    assert (none.exit_code, none.output) == (
        4,
        f"Lỗi: {other} không còn lô cập nhật nào để hoàn tác (lô của người khác:"
        " directive undo --batch N; số lô ở directive history)\n",
    )
    refused = cli("undo", "--batch", "1", "--yes", "--db", office.url("vpub"))
    assert refused.exit_code == 6
    assert refused.output == (
        f"Lỗi: lô 1 có cập nhật do {snv} ghi; tài khoản {other} chỉ được hoàn tác các lô do"
        f" chính mình ghi (hoặc nhờ quản trị cấp quyền mọi đơn vị: directive access grant"
        f" {other} --all); không có gì được ghi\n"
    )
    # Asked without --yes, the refusal comes before the question: nobody confirms in vain.
    asked = cli("undo", "--batch", "1", "--db", office.url("vpub"), input="c\n")
    assert (asked.exit_code, asked.output) == (6, refused.output)
    # The Provincial Office (--all) may undo anyone's.
    done = cli("undo", "--batch", "1", "--yes", "--db", office.url("tinh"))
    assert done.exit_code == 0, done.output
    events = PostgresStore(owner).history()
    assert [(e.by, e.undoes) for e in events] == [(snv, None), (tinh, 1)]


def test_a_revoked_clerk_is_refused(cli: Cli, office: Office) -> None:
    snv = office.logins["snv"][0]
    assert cli("access", "revoke", snv, "--db", office.owner_url).output == (
        f"Đã thu hồi quyền ghi của {snv}: snv.\n"
    )
    result = cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", office.url("snv"))
    assert result.exit_code == 6 and "ghi tiến độ của đơn vị snv" in result.output
    assert PostgresStore(office.owner_url).count_events() == 0


def test_access_on_a_file_says_it_needs_a_server(cli: Cli) -> None:
    result = cli("access", "list")
    assert result.exit_code == 6
    assert result.output.startswith("Lỗi: ") and result.output.endswith(
        " là một tệp SQLite; quyền theo đơn vị chỉ có trên máy chủ PostgreSQL"
        " (--db postgresql://…)\n"
    )


def test_granting_a_body_not_in_the_registry_or_a_missing_login(cli: Cli, office: Office) -> None:
    snv = office.logins["snv"][0]
    unknown = cli("access", "grant", snv, "--body", "khong-co", "--db", office.owner_url)
    assert unknown.exit_code == 4
    missing = cli("access", "grant", "nobody_here", "--all", "--db", office.owner_url)
    assert missing.exit_code == 4
    assert missing.output == (
        "Lỗi: máy chủ không có tài khoản nobody_here; quản trị cơ sở dữ liệu cần tạo trước"
        " (CREATE ROLE nobody_here LOGIN PASSWORD '…')\n"
    )


def test_a_grant_to_a_missing_login_creates_nothing(cli: Cli, pg: PgServer) -> None:
    dbname = pg.database()
    result = cli("access", "grant", "nobody_here", "--body", "snv", "--db", pg.url(dbname))
    assert result.exit_code == 4
    assert pg.sql("SELECT to_regclass('events'), to_regclass('access')", dbname) == [(None, None)]


@pytest.mark.parametrize("where", ["PGPASSWORD", "PGPASSFILE"])
def test_the_password_from_the_environment_or_a_pgpass_file(
    cli: Cli, office: Office, where: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # As every PostgreSQL tool: libpq reads PGPASSWORD, or ~/.pgpass (here PGPASSFILE).
    login, password = office.logins["snv"]
    if where == "PGPASSWORD":
        monkeypatch.setenv("PGPASSWORD", password)
    else:
        passfile = tmp_path / "pgpass"
        passfile.write_text(f"localhost:*:{office.dbname}:{login}:{password}\n", encoding="utf-8")
        passfile.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(passfile))
    url = office.pg.login_url(office.dbname, login, None)  # no password in the URL
    result = cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", url)
    assert result.exit_code == 0, result.output
    assert password not in result.output
    assert [m.by for m in PostgresStore(office.owner_url).history()] == [login]
