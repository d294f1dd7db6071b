"""`directive db copy`: a whole history between SQLite and PostgreSQL, checked, never into a
history that is not empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Cli, PgServer

from directive_cli.store import open_store

MARKS = [
    ("mark", "done", "4:snv", "--on", "20/6/2023", "--evidence", "Báo cáo 45/BC-SNV"),
    ("mark", "in_progress", "3.1:vpub", "1a:h-bato", "--on", "21/6/2023", "--note", "đang làm"),
    ("undo", "--yes"),
    ("mark", "blocked", "1a:h-bato", "--on", "22/6/2023"),
]


@pytest.fixture
def history(cli: Cli, tmp_path: Path) -> Path:
    db = tmp_path / "tien-do.db"
    for args in MARKS:
        result = cli(*args, "--db", str(db))
        assert result.exit_code == 0, result.output
    return db


def test_a_file_onto_a_server_and_back(
    cli: Cli, pg: PgServer, history: Path, tmp_path: Path
) -> None:
    url = pg.url(pg.database())
    up = cli("db", "copy", str(history), url)
    assert up.exit_code == 0, up.output
    source, server = open_store(history), open_store(url)
    head = source.verify().head
    assert up.output == (
        f"Đã chép 6 sự kiện từ {history} sang {url}; đã kiểm tra: cùng các sự kiện, cùng đầu"
        f" chuỗi {head}.\n"
    )
    assert server.history() == source.history() and server.verify().head == head
    assert server.progress_of() == source.progress_of() and server.check() == []
    back = tmp_path / "ban-sao.db"
    down = cli("db", "copy", url, str(back))
    assert down.exit_code == 0, down.output
    copy = open_store(back)
    assert copy.history() == source.history() and copy.verify().head == head
    assert copy.progress_of() == source.progress_of() and copy.check() == []


def test_a_target_that_is_not_empty_is_refused(cli: Cli, pg: PgServer, history: Path) -> None:
    url = pg.url(pg.database())
    assert cli("db", "copy", str(history), url).exit_code == 0
    again = cli("db", "copy", str(history), url)
    assert (again.exit_code, again.output) == (
        6,
        f"Lỗi: {url} đã có lịch sử; chỉ chép vào một cơ sở dữ liệu trống\n",
    )
    onto_file = cli("db", "copy", url, str(history))
    assert (onto_file.exit_code, onto_file.output) == (
        6,
        f"Lỗi: {history} đã có lịch sử; chỉ chép vào một cơ sở dữ liệu trống\n",
    )
    assert open_store(url).count_events() == 6 and open_store(history).count_events() == 6


def test_a_tampered_source_is_not_copied(cli: Cli, pg: PgServer, history: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(history)
    conn.execute("DROP TRIGGER events_append_only_update")
    conn.execute("UPDATE events SET note = 'sửa' WHERE id = 1")
    conn.commit()
    conn.close()
    url = pg.url(pg.database())
    result = cli("db", "copy", str(history), url)
    assert result.exit_code == 9
    assert result.output.startswith(f"Lỗi: không chép {history}: lịch sử không qua được kiểm tra (")
    assert open_store(url).exists is False


def test_copying_onto_itself_or_from_nothing(cli: Cli, history: Path, tmp_path: Path) -> None:
    same = cli("db", "copy", str(history), str(history))
    assert (same.exit_code, same.output) == (2, f"Lỗi: nguồn và đích là một: {history}\n")
    missing = cli("db", "copy", str(tmp_path / "khong-co.db"), str(tmp_path / "b.db"))
    assert (missing.exit_code, missing.output) == (
        4,
        f"Lỗi: không có cơ sở dữ liệu tiến độ tại {tmp_path / 'khong-co.db'}; không có gì để"
        " chép\n",
    )
    assert not (tmp_path / "b.db").exists()


def test_a_server_onto_another_says_its_grants_stay(cli: Cli, pg: PgServer, history: Path) -> None:
    """The grants are the source server's logins, not the history: never copied, and said."""
    source, target = pg.url(pg.database()), pg.url(pg.database())
    assert cli("db", "copy", str(history), source).exit_code == 0
    clerk, _ = pg.login("snv")
    assert cli("access", "grant", clerk, "--body", "snv", "--db", source).exit_code == 0
    moved = cli("db", "copy", source, target)
    assert moved.exit_code == 0, moved.output
    head = open_store(source).verify().head
    assert moved.output == (
        f"Đã chép 6 sự kiện từ {source} sang {target}; đã kiểm tra: cùng các sự kiện, cùng đầu"
        f" chuỗi {head}.\n"
        f"Cảnh báo: quyền ghi theo đơn vị ở {source} ({clerk}) không được chép theo; chủ sở"
        " hữu cơ sở dữ liệu đích cấp lại: directive access grant TÀI_KHOẢN --body …\n"
    )
    listed = cli("access", "list", "--format", "json", "--db", target)
    assert (listed.exit_code, listed.output) == (0, "[]\n")
    # Into a file, nothing to say: a file has no grants.
    down = cli("db", "copy", source, str(history.with_name("ban-sao.db")))
    assert down.output.count("\n") == 1 and "Cảnh báo" not in down.output


def test_a_login_that_may_not_fill_the_target_writes_nothing(
    cli: Cli, pg: PgServer, history: Path
) -> None:
    owner, password = pg.login("owner")
    dbname = pg.database(owner=owner)
    clerk, clerk_pw = pg.login("clerk")
    owner_url = pg.login_url(dbname, owner, password)
    assert cli("access", "grant", clerk, "--body", "snv", "--db", owner_url).exit_code == 0
    result = cli("db", "copy", str(history), pg.login_url(dbname, clerk, clerk_pw))
    assert result.exit_code == 6
    assert result.output == (
        f"Lỗi: tài khoản {clerk} không chép được lịch sử vào postgresql://{clerk}@localhost/"
        f"{dbname}: máy chủ không cho tài khoản nào (kể cả chủ sở hữu) ghi sự kiện của người"
        " khác; hãy chép bằng tài khoản quản trị máy chủ (superuser, hoặc có BYPASSRLS)\n"
    )
    assert open_store(owner_url).count_events() == 0
    # The owner may not either (FORCE); a superuser may, and the owner keeps the schema.
    assert cli("db", "copy", str(history), owner_url).exit_code == 6
    assert cli("db", "copy", str(history), pg.url(dbname)).exit_code == 0
    assert open_store(owner_url).count_events() == 6


def test_a_superuser_creating_the_schema_leaves_it_to_the_owner(
    cli: Cli, pg: PgServer, history: Path
) -> None:
    owner, password = pg.login("owner")
    dbname = pg.database(owner=owner)
    assert cli("db", "copy", str(history), pg.url(dbname)).exit_code == 0
    tables = pg.sql(
        "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
        dbname,
    )
    assert tables == [(t, owner) for t in ("access", "current", "directive_migrations", "events")]
    clerk, _ = pg.login("clerk")
    granted = cli("access", "grant", clerk, "--all", "--db", pg.login_url(dbname, owner, password))
    assert granted.exit_code == 0, granted.output


def test_a_progress_bar_only_at_a_terminal(pg: PgServer, history: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    url = pg.url(pg.database())
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "directive_cli", "db", "copy", str(history), url],
        stdout=subprocess.PIPE, stderr=follower, env=env, timeout=120, text=True,
    )  # fmt: skip
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert run.returncode == 0 and run.stdout.startswith("Đã chép 6 sự kiện")
    assert "Đang chép".encode() in seen


def test_a_role_with_bypassrls_copies_event_by_event(cli: Cli, pg: PgServer, history: Path) -> None:
    # Not a superuser: no COPY with the triggers off; every event goes through the triggers.
    admin, password = pg.login("admin")
    pg.sql(f"ALTER ROLE {admin} BYPASSRLS")
    dbname = pg.database(owner=admin)
    url = pg.login_url(dbname, admin, password)
    result = cli("db", "copy", str(history), url)
    assert result.exit_code == 0, result.output
    server, source = open_store(url), open_store(history)
    assert server.history() == source.history() and server.progress_of() == source.progress_of()
    assert server.check() == []
