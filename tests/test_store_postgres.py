"""What is specific to the PostgreSQL store: the URL, the server's guards, its errors, the
schema steps. What every store does is in test_store_contract.py (run on both)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli, PgServer

from directive_cli.errors import StoreError
from directive_cli.model import Status
from directive_cli.store import NewMark, open_store
from directive_cli.store.migrations import MIGRATIONS
from directive_cli.store.postgres import PostgresStore

D = "2167-2023"
T1 = "2023-06-21T09:00:00+07:00"


def new(clause: str, body: str, status: Status, by: str = "clerk") -> NewMark:
    return NewMark(D, clause, body, status, date(2023, 6, 20), by)


@pytest.fixture
def url(pg: PgServer) -> str:
    return pg.url(pg.database())


def test_a_url_opens_the_server_and_a_path_stays_sqlite(url: str, tmp_path: Path) -> None:
    assert type(open_store(url)).__name__ == "PostgresStore"
    assert type(open_store(url.replace("postgresql://", "postgres://"))).__name__ == (
        "PostgresStore"
    )
    assert type(open_store(tmp_path / "postgresql.db")).__name__ == "SqliteStore"


def test_the_schema_has_the_same_named_steps_as_sqlite(pg: PgServer, url: str) -> None:
    store = PostgresStore(url)
    store.record([new("4", "snv", Status.DONE)], T1)
    store.close()
    dbname = url.rsplit("/", 1)[1]
    steps = pg.sql("SELECT step, name FROM directive_migrations ORDER BY step", dbname)
    assert steps == [(i + 1, m.name) for i, m in enumerate(MIGRATIONS)]


def test_the_server_refuses_to_change_the_history_even_to_a_superuser(
    pg: PgServer, url: str
) -> None:
    import psycopg

    store = PostgresStore(url)
    store.record([new("4", "snv", Status.DONE)], T1)
    store.close()
    dbname = url.rsplit("/", 1)[1]
    for sql in (
        "UPDATE events SET status = 'todo'",
        "DELETE FROM events",
        "TRUNCATE events CASCADE",
        "INSERT INTO events (id, batch, directive, clause, body, status, effective_on,"
        " recorded_at, by) VALUES (1, 9, 'x', 'y', 'z', 'done', '2023-01-01', 'now', 'root')",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as exc:
            pg.sql(sql, dbname)
        assert "history is append-only" in str(exc.value)
    assert store.count_events() == 1 and store.check() == []


def test_verify_finds_an_edit_made_with_the_guards_off(pg: PgServer, url: str) -> None:
    store = PostgresStore(url)
    store.record([new("4", "snv", Status.DONE), new("1a", "h-bato", Status.BLOCKED)], T1)
    dbname = url.rsplit("/", 1)[1]
    pg.sql(
        "ALTER TABLE events DISABLE TRIGGER events_append_only_update;"
        " UPDATE events SET note = 'sửa lén' WHERE id = 2",
        dbname,
    )
    assert store.verify().problems == [
        "bản ghi #2 đã bị sửa hoặc thêm ngoài công cụ (nội dung của nó, hoặc mã băm của #1 trước nó):"
        " mã băm không khớp",
        "trigger events_append_only_update (chặn sửa, xoá lịch sử) đã bị tắt",
    ]


def test_verify_and_backup_on_the_command_line(cli: Cli, url: str, tmp_path: Path) -> None:
    marked = cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", url)
    assert marked.exit_code == 0, marked.output
    checked = cli("verify", "--db", url)
    assert checked.exit_code == 0, checked.output
    head = PostgresStore(url).verify().head
    assert checked.output == (
        f"{url}: lịch sử nguyên vẹn (1 bản ghi): chuỗi mã băm khớp, các trigger chặn sửa, xoá"
        f" còn đủ, trạng thái hiện tại khớp với lịch sử; đầu chuỗi: {head}\n"
    )
    copy = tmp_path / "sao-luu.db"
    saved = cli("backup", str(copy), "--db", url)
    assert saved.exit_code == 0, saved.output
    sqlite = open_store(copy)
    assert sqlite.verify().head == head and sqlite.history() == PostgresStore(url).history()


def test_a_server_that_is_down_is_one_line_without_the_password(cli: Cli) -> None:
    url = "postgresql://clerk:s3cr3t-pw@127.0.0.1:1/tien_do"
    result = cli("list", "--body", "snv", "--db", url)
    assert result.exit_code == 6
    [line] = result.output.splitlines()
    assert line.startswith(
        "Lỗi: không kết nối được máy chủ postgresql://clerk@127.0.0.1:1/tien_do: "
    )
    assert "s3cr3t-pw" not in result.output


def test_a_wrong_password_is_one_line_without_it(cli: Cli, pg: PgServer, url: str) -> None:
    login, _ = pg.login()
    wrong = pg.login_url(url.rsplit("/", 1)[1], login, "not-the-password")
    result = cli("list", "--body", "snv", "--db", wrong)
    assert result.exit_code == 6
    [line] = result.output.splitlines()
    assert f'password authentication failed for user "{login}"' in line
    assert "not-the-password" not in result.output


def test_a_login_that_may_not_create_the_schema_is_told_who_must(
    cli: Cli, pg: PgServer, url: str
) -> None:
    login, password = pg.login()
    dbname = url.rsplit("/", 1)[1]
    result = cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db",
                 pg.login_url(dbname, login, password))  # fmt: skip
    assert result.exit_code == 6
    assert result.output == (
        f"Lỗi: cơ sở dữ liệu postgresql://{login}@localhost/{dbname} chưa có (hoặc có lược đồ cũ)"
        f" bảng của directive-cli, và tài khoản {login} không có quyền tạo; chủ sở hữu cơ sở dữ"
        " liệu cần chạy directive một lần trước\n"
    )
    assert pg.sql("SELECT to_regclass('events')", dbname) == [(None,)]


def test_a_connection_lost_midway_is_one_line_and_writes_nothing(pg: PgServer, url: str) -> None:
    store = PostgresStore(url)
    store.record([new("4", "snv", Status.DONE)], T1)
    pg.sql(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{url.rsplit('/', 1)[1]}'"
    )
    with pytest.raises(StoreError) as exc:
        store.record([new("1a", "h-bato", Status.DONE)], T1)
    assert str(exc.value) == (
        f"mất kết nối với máy chủ {url} giữa chừng; lần ghi dở dang không được lưu,"
        " hãy chạy lại lệnh"
    )
    assert store.count_events() == 1  # the next call connects again


def test_a_scheme_in_capitals_reaches_the_server(cli: Cli, url: str) -> None:
    """libpq reads only "postgresql://" in lower case; a clerk copies "PostgreSQL://"."""
    typed = url.replace("postgresql://", "PostgreSQL://", 1)
    assert cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", typed).exit_code == 0
    assert [(e.clause, e.body) for e in PostgresStore(url).history()] == [("4", "snv")]


def test_without_psycopg_a_url_says_what_to_install(url: str, tmp_path: Path) -> None:
    # A child process where `import psycopg` fails, as on a computer without the extra.
    blocker = tmp_path / "psycopg.py"
    blocker.write_text("raise ImportError('no psycopg here')\n", encoding="utf-8")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin", "NO_COLOR": "1",
           "HOME": str(tmp_path)}  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "directive_cli", "list", "--body", "snv", "--db", url],
        capture_output=True,
        text=True,
        env=env,
    )
    assert (run.returncode, run.stdout) == (6, "")
    install = (
        "để dùng máy chủ PostgreSQL, hãy cài trình kết nối: pip install 'directive-cli[postgres]'"
        " (trong thư mục mã nguồn: pip install '.[postgres]')"
    )
    assert run.stderr == f"Lỗi: {install}\n"
    # `info` does not say the server's database is missing: it says why it cannot tell.
    info = subprocess.run(
        [sys.executable, "-m", "directive_cli", "info", "--format", "json", "--db", url],
        capture_output=True, text=True, env={**env, "DIRECTIVE_CACHE": "off"},
    )  # fmt: skip
    assert info.returncode == 0, info.stderr
    [found] = json.loads(info.stdout)
    assert {k: found[k] for k in ("database", "database_exists", "events", "database_problem")} == {
        "database": url, "database_exists": None, "events": None, "database_problem": install,
    }  # fmt: skip
    shown = subprocess.run(
        [sys.executable, "-m", "directive_cli", "info", "--db", url],
        capture_output=True, text=True, env={**env, "DIRECTIVE_CACHE": "off"},
    )  # fmt: skip
    assert shown.stdout.splitlines()[:3] == [
        f"Cơ sở dữ liệu: {url}",
        "  số cập nhật: không có",
        f"  lỗi: {install}",
    ]


def test_restore_over_a_server_is_refused_saying_how(cli: Cli, url: str, tmp_path: Path) -> None:
    db = tmp_path / "tien-do.db"
    assert cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", str(db)).exit_code == 0
    copy = tmp_path / "sao-luu.db"
    assert cli("backup", str(copy), "--db", str(db)).exit_code == 0
    result = cli("restore", str(copy), "--yes", "--db", url)
    assert (result.exit_code, result.output) == (
        6,
        f"Lỗi: không khôi phục đè lên máy chủ {url}; hãy chép bản sao lưu vào một cơ sở dữ liệu"
        f" trống: directive db copy {copy} URL\n",
    )


def test_info_on_a_server(cli: Cli, url: str) -> None:
    import json

    assert cli("mark", "done", "4:snv", "--on", "20/6/2023", "--db", url).exit_code == 0
    result = cli("info", "--format", "json", "--db", url)
    assert result.exit_code == 0, result.output
    [found] = json.loads(result.output)
    assert (found["database"], found["database_exists"], found["events"]) == (url, True, 1)
    assert found["schema_version"] == len(MIGRATIONS)


@pytest.mark.parametrize(
    ("url", "shown_as"),
    [
        (
            "postgresql://clerk:pw@db.example:5433/tien_do",
            "postgresql://clerk@db.example:5433/tien_do",
        ),
        (
            "postgres://clerk@db/tien_do?password=pw&sslmode=require",
            "postgres://clerk@db/tien_do?sslmode=require",
        ),
        ("postgresql:///tien_do", "postgresql:///tien_do"),
        ("postgresql://a%40b:p%3Aw@db/x", "postgresql://a%40b@db/x"),
    ],
)
def test_a_url_is_shown_without_its_password(url: str, shown_as: str) -> None:
    from directive_cli.store.pg_connect import reason, shown

    assert shown(url) == shown_as
    assert "pw" not in reason(Exception(f"failed for {url}"), url)


RESTARTED = r"""
import sys
from datetime import date
from directive_cli.errors import StoreError
from directive_cli.model import Status
from directive_cli.store import NewMark, open_store
store = open_store(sys.argv[1])
store.count_events()
marks = [NewMark("2167-2023", f"c{i}", "snv", Status.DONE, date(2023, 6, 20), "clerk")
         for i in range(20000)]
sys.stdout.write("ready\n"); sys.stdout.flush()
try:
    store.record(marks, "2023-06-21T09:00:00+07:00")
except StoreError as exc:
    sys.stderr.write(f"{exc}\n")
    sys.exit(6)
"""


def test_a_server_restart_mid_batch_is_one_line_and_writes_nothing(url: str) -> None:
    import os
    import shutil
    import time

    if (
        os.environ.get("DIRECTIVE_TEST_PG")
        or os.geteuid() != 0
        or not shutil.which("pg_ctlcluster")
    ):
        pytest.skip("restarts the local cluster: root, pg_ctlcluster and the default server only")
    store = PostgresStore(url)
    store.record([new("4", "snv", Status.DONE)], T1)
    store.close()
    child = subprocess.Popen(
        [sys.executable, "-c", RESTARTED, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    time.sleep(0.5)  # inside the batch of 20,000 marks (several seconds)
    subprocess.run(
        ["pg_ctlcluster", "15", "main", "restart", "-m", "fast"], check=True, timeout=120
    )
    _, err = child.communicate(timeout=120)
    assert (child.returncode, err) == (
        6,
        f"mất kết nối với máy chủ {url} giữa chừng; lần ghi dở dang không được lưu,"
        " hãy chạy lại lệnh\n",
    )
    after = PostgresStore(url)
    assert after.count_events() == 1 and after.check() == []
