"""`directive verify` and the hash chain (issue 14, item 3): every database the tool writes
passes; any single-row edit, delete, insert or trigger drop made with the real `sqlite3` shell
fails, naming the first bad event. The chain itself: tests of store/chain.py's canonical form."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli
from documents import need

from directive_cli.app import Exit
from directive_cli.model import Status
from directive_cli.store import NewMark, chain
from directive_cli.store.migrations import CHAIN_COLUMNS, MIGRATIONS, SCHEMA_VERSION, triggers
from directive_cli.store.sqlite import SqliteStore

D = "2167-2023"
REPO = Path(__file__).resolve().parent.parent


def shell(db: Path, sql: str) -> subprocess.CompletedProcess[str]:
    """Run `sql` with the real sqlite3 command-line shell, as someone holding the file would."""
    need("sqlite3")
    return subprocess.run(
        ["sqlite3", "-bail", str(db), sql], capture_output=True, text=True, timeout=60
    )


def history(db: Path) -> None:
    """Three events on two tasks, then an undo: #1, #2 marks, #3 mark, #4 undoes #3."""
    s = SqliteStore(db)
    s.record(
        [
            NewMark(D, "4", "snv", Status.IN_PROGRESS, date(2023, 6, 1), "Lê Thị Hoa", "đang làm"),
            NewMark(D, "5", "sldtbxh", Status.DONE, date(2023, 6, 2), "Lê Thị Hoa", None, "CV 12"),
        ],
        "2023-06-02T08:00:00+07:00",
    )
    s.record(
        [NewMark(D, "4", "snv", Status.DONE, date(2023, 6, 5), "an")], "2023-06-05T09:00:00+07:00"
    )
    s.undo_last("an", "2023-06-05T09:05:00+07:00")
    s.close()


def verify(cli: Cli, db: Path, *args: str) -> tuple[int, str, str]:
    result = cli("verify", "--db", str(db), *args)
    return result.exit_code, result.stdout, result.stderr


def failed(db: Path, problem: str, more: int = 0) -> str:
    extra = f" (+{more} vấn đề khác; xem tất cả: directive verify --all)" if more else ""
    return f"Lỗi: lịch sử {db} không còn nguyên vẹn: {problem}{extra}\n"


def edited(event: int) -> str:
    if event == 1:
        return "bản ghi #1 đã bị sửa hoặc thêm ngoài công cụ: mã băm không khớp"
    return (
        f"bản ghi #{event} đã bị sửa hoặc thêm ngoài công cụ (nội dung của nó, hoặc mã băm của"
        f" #{event - 1} trước nó): mã băm không khớp"
    )


def head_of(db: Path) -> str:
    s = SqliteStore(db, create=False)
    head = str(s.verify().head)
    s.close()
    return head


# --- every database the tool writes passes ---------------------------------------------------


def test_a_history_written_by_the_tool_verifies(db: Path, cli: Cli) -> None:
    history(db)
    head = head_of(db)
    code, out, err = verify(cli, db)
    assert (code, err) == (0, "")
    assert out == (
        f"{db}: lịch sử nguyên vẹn (4 bản ghi): chuỗi mã băm khớp, các trigger chặn sửa, xoá"
        f" còn đủ, trạng thái hiện tại khớp với lịch sử; đầu chuỗi: {head}\n"
    )
    assert verify(cli, db, "--print-head") == (0, head + "\n", "")
    code, out, err = verify(cli, db, "--head", head)
    assert (code, err) == (0, "") and out.endswith(" (còn giữ đầu chuỗi đã lưu)\n")


def test_the_head_is_the_last_events_chain_recomputed(db: Path) -> None:
    history(db)
    conn = sqlite3.connect(db)
    rows = conn.execute(f"SELECT {CHAIN_COLUMNS}, chain FROM events ORDER BY id").fetchall()
    conn.close()
    previous = chain.GENESIS
    for row in rows:
        previous = chain.link(previous, row[:-1])
        assert row[-1] == previous
    assert head_of(db) == f"4:{previous}"


def test_the_cli_writes_a_verifiable_history(db: Path, cli: Cli) -> None:
    for args in (
        ["mark", "done", "4:snv", "--note", "Cafe\u0301 ghi chú NFD", "--on", "1/6/2023"],
        ["mark", "blocked", "--clause", "1a", "--yes", "--by", "Đặng\u0300"],
        ["mark", "in_progress", "3.1:vpub", "--note", "\x1b]0;title\x07 \u202e"],
    ):
        result = cli(*args, "--db", str(db))
        assert result.exit_code == 0, result.stderr
    assert cli("undo", "--yes", "--db", str(db)).exit_code == 0
    code, out, err = verify(cli, db)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"{db}: lịch sử nguyên vẹn (")


def test_an_empty_database_verifies_and_its_head_is_the_genesis(db: Path, cli: Cli) -> None:
    SqliteStore(db).count_events()  # created, nothing marked
    SqliteStore(db)._connect().close()
    code, out, err = verify(cli, db)
    assert (code, out, err) == (
        0,
        f"{db}: chưa có bản ghi nào; các trigger chặn sửa, xoá còn đủ\n",
        "",
    )
    head = f"0:{chain.GENESIS}"
    assert verify(cli, db, "--print-head") == (0, head + "\n", "")
    history(db)  # a head kept before the first mark still holds
    assert verify(cli, db, "--head", head)[0] == 0


def test_no_database_to_verify(tmp_path: Path, cli: Cli) -> None:
    missing = tmp_path / "khong-co.db"
    assert verify(cli, missing) == (
        Exit.NOT_FOUND,
        "",
        f"Lỗi: chưa có cơ sở dữ liệu tiến độ tại {missing}; không có gì để kiểm tra\n",
    )
    assert not missing.exists()


def test_a_backup_verifies_and_keeps_the_head(db: Path, cli: Cli, tmp_path: Path) -> None:
    history(db)
    copy = tmp_path / "sao-luu.db"
    assert cli("backup", str(copy), "--db", str(db)).exit_code == 0
    assert verify(cli, copy, "--print-head") == (0, head_of(db) + "\n", "")


def old_database(db: Path, version: int) -> None:
    """A database as the tool left it at schema `version`, its events as that code wrote them."""
    conn = sqlite3.connect(db, isolation_level=None)
    for step in MIGRATIONS[:version]:
        for action in step.statements:
            assert isinstance(action, str)
            conn.execute(action)
    conn.execute(f"PRAGMA user_version = {version}")
    insert = (
        "INSERT INTO events (batch, directive, clause, body, status, previous_status,"
        " effective_on, recorded_at, by, note, evidence, undoes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    nfd = unicodedata.normalize("NFD", "Nguyễn")  # undo wrote `by` as typed before m005
    conn.execute(
        insert, (1, D, "4", "snv", "done", "todo", "2023-06-01", "t1", "a", "x", None, None)
    )
    conn.execute(insert, (2, D, "4", "snv", "todo", "done", "2023-06-01", "t2", nfd, None, None, 1))
    conn.execute(
        insert, (3, D, "5", "sldtbxh", "blocked", "todo", "2023-06-03", "t3", "b", None, None, None)
    )
    conn.execute(
        "INSERT INTO current (directive, clause, body, status, effective_on, event_id,"
        " updated_at, since) VALUES (?,?,?,?,?,?,?,?)",
        (D, "5", "sldtbxh", "blocked", "2023-06-03", 3, "t3", "2023-06-03"),
    )
    conn.close()


def test_the_migration_chains_an_existing_history(db: Path, cli: Cli) -> None:
    old_database(db, 4)
    code, out, err = verify(cli, db)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"{db}: lịch sử nguyên vẹn (3 bản ghi)")
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM events WHERE chain IS NULL").fetchone()[0] == 0
    conn.close()
    # And a mark after the migration continues the chain.
    result = cli("mark", "done", "5:sldtbxh", "--on", "1/6/2023", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert verify(cli, db)[0] == 0


def test_the_generated_benchmark_history_verifies(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "gen"
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), str(out), "--tasks", "300",
         "--events", "2000", "--check"],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    code, stdout, err = verify(cli, out / "progress.db")
    assert (code, err) == (0, "") and "(2000 bản ghi)" in stdout


# --- tampering with the sqlite3 shell ---------------------------------------------------------

# A trigger dropped, then put back exactly as it was: only the edit itself is left to see.
UPDATE_OFF = "DROP TRIGGER events_append_only_update;"
UPDATE_ON = triggers()["events_append_only_update"] + ";"
DELETE_OFF = "DROP TRIGGER events_append_only_delete;"
DELETE_ON = triggers()["events_append_only_delete"] + ";"

EDITS = {
    "batch": "batch = 9",
    "directive": "directive = '2167-2023 '",
    "clause": "clause = '6'",
    "body": "body = 'stc'",
    "status": "status = 'blocked'",
    "previous_status": "previous_status = 'blocked'",
    "effective_on": "effective_on = '2023-06-03'",
    "recorded_at": "recorded_at = '2023-06-02T08:00:01+07:00'",
    "by": "by = 'admin'",
    "note": "note = 'CV 12 '",
    "evidence": "evidence = 'CV 13'",
    "undoes": "undoes = 1",
    "period": "period = '2023-06'",
    "extends_to": "extends_to = '2023-12-31'",
    "chain": "chain = upper(chain)",
}


@pytest.mark.parametrize("column", list(EDITS))
def test_any_single_column_edit_names_the_event(db: Path, cli: Cli, column: str) -> None:
    history(db)
    assert set(EDITS) | {"id"} == {*chain.FIELDS, "chain"}  # every column is tried
    done = shell(db, f"{UPDATE_OFF} UPDATE events SET {EDITS[column]} WHERE id = 2; {UPDATE_ON}")
    assert done.returncode == 0, done.stderr
    code, out, err = verify(cli, db)
    # A changed status, day or task also leaves `current` out of step with the history.
    extra = {"status": 1, "effective_on": 1, "clause": 1, "body": 1, "directive": 1, "undoes": 1}
    extra["extends_to"] = 1  # an extension decides no status: the mark no longer counts
    assert (code, out) == (Exit.TAMPERED, "")
    assert err == failed(db, edited(2), extra.get(column, 0))


def test_all_lists_every_problem_the_first_first(db: Path, cli: Cli) -> None:
    history(db)
    edit = f"{UPDATE_OFF} UPDATE events SET status = 'blocked' WHERE id = 2; {UPDATE_ON}"
    assert shell(db, edit).returncode == 0
    code, out, err = verify(cli, db, "--all")
    assert (code, err) == (Exit.TAMPERED, failed(db, edited(2)))
    assert out == (
        f"{edited(2)}\n"
        f"trạng thái hiện tại của {D}#5:sldtbxh không khớp với lịch sử (bảng current, hoặc các bản ghi"
        " của nhiệm vụ này, đã bị sửa ngoài công cụ)\n"
    )
    assert verify(cli, db)[2] == failed(db, edited(2), 1)


def test_a_renumbered_event_is_a_removed_one(db: Path, cli: Cli) -> None:
    history(db)
    assert (
        shell(db, f"{UPDATE_OFF} UPDATE events SET id = 9 WHERE id = 2; {UPDATE_ON}").returncode
        == 0
    )
    assert verify(cli, db) == (
        Exit.TAMPERED,
        "",
        failed(db, "bản ghi #2 đã bị xoá (sau #1 là một bản ghi khác)", 1),
    )


@pytest.mark.parametrize("event", [1, 2, 3])
def test_a_deleted_event_is_named(db: Path, cli: Cli, event: int) -> None:
    history(db)
    assert (
        shell(db, f"{DELETE_OFF} DELETE FROM events WHERE id = {event}; {DELETE_ON}").returncode
        == 0
    )
    code, out, err = verify(cli, db)
    assert (code, out) == (Exit.TAMPERED, "")
    problem = f"bản ghi #{event} đã bị xoá (sau #{event - 1} là một bản ghi khác)"
    assert err.startswith(failed(db, problem).rstrip("\n"))


def test_the_last_event_deleted_is_seen_by_the_current_state_and_the_kept_head(
    db: Path, cli: Cli
) -> None:
    history(db)
    kept = head_of(db)
    assert shell(db, f"{DELETE_OFF} DELETE FROM events WHERE id = 4; {DELETE_ON}").returncode == 0
    # #4 undid #3: without it, #3 counts again and `current` no longer says so.
    problem = f"trạng thái hiện tại của {D}#4:snv không khớp với lịch sử (bảng current, hoặc các bản ghi của nhiệm vụ này, đã bị sửa ngoài công cụ)"
    assert verify(cli, db) == (Exit.TAMPERED, "", failed(db, problem))
    gone = "lịch sử chỉ còn đến #3, không có #4 của đầu chuỗi đã lưu: các bản ghi sau đó đã bị xoá"
    assert verify(cli, db, "--head", kept) == (Exit.TAMPERED, "", failed(db, gone, 1))


def test_an_inserted_event_is_named(db: Path, cli: Cli) -> None:
    history(db)
    sql = (
        "INSERT INTO events (id, batch, directive, clause, body, status, previous_status,"
        " effective_on, recorded_at, by) VALUES ({id}, 9, '2167-2023', '7', 'cat', 'done', 'todo',"
        " '2023-06-06', '2023-06-06T10:00:00+07:00', 'admin');"
    )
    # Without an id SQLite gives the guard none to compare (-1): refused like a replacement.
    refused = shell(db, sql.format(id="NULL"))
    assert refused.returncode != 0 and "history is append-only" in refused.stderr
    assert shell(db, sql.format(id=5)).returncode == 0
    problem = "bản ghi #5 không có mã băm: đã được thêm ngoài công cụ"
    # The new "done" is in no `current` row either.
    assert verify(cli, db) == (Exit.TAMPERED, "", failed(db, problem, 1))


def test_an_inserted_event_with_a_forged_hash_is_named(db: Path, cli: Cli) -> None:
    history(db)
    sql = (
        "INSERT INTO events (id, batch, directive, clause, body, status, previous_status,"
        " effective_on, recorded_at, by, chain) VALUES (5, 9, '2167-2023', '7', 'cat', 'done',"
        f" 'todo', '2023-06-06', '2023-06-06T10:00:00+07:00', 'admin', '{'ab' * 32}');"
    )
    assert shell(db, sql).returncode == 0
    assert verify(cli, db) == (Exit.TAMPERED, "", failed(db, edited(5), 1))


def test_insert_or_replace_is_refused_and_without_its_guard_is_named(db: Path, cli: Cli) -> None:
    history(db)
    before = head_of(db)
    replace = (
        "INSERT OR REPLACE INTO events (id, batch, directive, clause, body, status,"
        " previous_status, effective_on, recorded_at, by, chain) SELECT id, batch, directive,"
        " clause, body, 'blocked', previous_status, effective_on, recorded_at, by, chain"
        " FROM events WHERE id = 2;"
    )
    refused = shell(db, replace)
    assert refused.returncode != 0 and "history is append-only" in refused.stderr
    assert verify(cli, db)[0] == 0 and head_of(db) == before
    # Without the guard the row is replaced, and both are seen.
    assert shell(db, "DROP TRIGGER events_append_only_insert; " + replace).returncode == 0
    code, out, err = verify(cli, db)
    assert (code, out) == (Exit.TAMPERED, "")
    assert err == failed(db, edited(2), 2)  # and the trigger, and `current` (now "blocked")


@pytest.mark.parametrize("name", sorted(triggers()))
def test_a_dropped_trigger_is_named(db: Path, cli: Cli, name: str) -> None:
    history(db)
    assert shell(db, f"DROP TRIGGER {name};").returncode == 0
    problem = f"trigger {name} (chặn sửa, xoá lịch sử) đã bị xoá"
    assert verify(cli, db) == (Exit.TAMPERED, "", failed(db, problem))


def test_a_trigger_made_harmless_is_named(db: Path, cli: Cli) -> None:
    history(db)
    sql = (
        "DROP TRIGGER events_append_only_delete; CREATE TRIGGER events_append_only_delete"
        " BEFORE DELETE ON events BEGIN SELECT 1; END;"
    )
    assert shell(db, sql).returncode == 0
    problem = "trigger events_append_only_delete (chặn sửa, xoá lịch sử) đã bị thay đổi"
    assert verify(cli, db) == (Exit.TAMPERED, "", failed(db, problem))


def test_an_edited_current_table_names_the_task(db: Path, cli: Cli) -> None:
    history(db)
    assert shell(db, "UPDATE current SET status = 'done' WHERE clause = '4';").returncode == 0
    problem = f"trạng thái hiện tại của {D}#4:snv không khớp với lịch sử (bảng current, hoặc các bản ghi của nhiệm vụ này, đã bị sửa ngoài công cụ)"
    assert verify(cli, db) == (Exit.TAMPERED, "", failed(db, problem))


def test_a_rewritten_chain_passes_alone_but_not_against_a_kept_head(db: Path, cli: Cli) -> None:
    """What the chain does not prove: whoever recomputes every hash after an edit makes a
    history that verifies; a head kept elsewhere before the edit shows it."""
    history(db)
    kept = head_of(db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TRIGGER events_append_only_update")
    conn.execute("UPDATE events SET note = 'đã sửa' WHERE id = 1")
    previous = chain.GENESIS
    for row in conn.execute(f"SELECT {CHAIN_COLUMNS} FROM events ORDER BY id").fetchall():
        previous = chain.link(previous, row)
        conn.execute("UPDATE events SET chain = ? WHERE id = ?", (previous, row[0]))
    conn.execute(UPDATE_ON.rstrip(";"))
    conn.close()
    assert verify(cli, db)[0] == 0
    event, digest = kept.split(":")
    problem = (
        f"bản ghi #{event} không còn mang mã băm {digest} đã lưu: lịch sử đến đó đã bị viết lại"
    )
    assert verify(cli, db, "--head", kept) == (Exit.TAMPERED, "", failed(db, problem))
    missing = f"không bản ghi nào mang mã băm {digest} đã lưu: lịch sử đã bị viết lại, hoặc đây là cơ sở dữ liệu khác"
    assert verify(cli, db, "--head", digest) == (Exit.TAMPERED, "", failed(db, missing))


def test_backup_refuses_a_tampered_history(db: Path, cli: Cli, tmp_path: Path) -> None:
    history(db)
    assert (
        shell(
            db, f"{UPDATE_OFF} UPDATE events SET by = 'admin' WHERE id = 3; {UPDATE_ON}"
        ).returncode
        == 0
    )
    copy = tmp_path / "sao-luu.db"
    result = cli("backup", str(copy), "--db", str(db))
    assert (result.exit_code, result.stdout) == (Exit.TAMPERED, "")
    assert result.stderr == (
        f"Lỗi: bản sao của {db} không qua kiểm tra ({edited(3)}); không ghi {copy}\n"
    )
    assert not copy.exists()


@pytest.mark.parametrize("typed", ["abc", "4:xyz", "x:" + "a" * 64, "4:" + "a" * 63])
def test_a_head_that_is_no_head_is_refused(db: Path, cli: Cli, typed: str) -> None:
    history(db)
    assert verify(cli, db, "--head", typed) == (
        Exit.USAGE,
        "",
        f"Lỗi: --head: '{typed}' không phải đầu chuỗi; dùng dạng SỐ:MÃ_BĂM (64 chữ số hex)"
        " như verify --print-head in ra\n",
    )


def test_english(db: Path, cli: Cli) -> None:
    history(db)
    assert shell(db, "DROP TRIGGER events_append_only_delete;").returncode == 0
    result = cli("verify", "--db", str(db), "--lang", "en")
    assert (result.exit_code, result.stderr) == (
        Exit.TAMPERED,
        f"Error: the history in {db} is not intact: the trigger events_append_only_delete"
        " (keeping the history append-only) was dropped\n",
    )


# --- the canonical form -----------------------------------------------------------------------


def test_the_canonical_form_is_nfc_json_in_field_order() -> None:
    event = (7, 3, D, "4", "snv", "done", None, "2023-06-01", "2023-06-01T08:00:00+07:00",
             unicodedata.normalize("NFD", "Đặng"), "a\"b\n", None, None, "2023-Q2", None)  # fmt: skip
    assert (
        chain.canonical(event)
        == (
            '[7,3,"2167-2023","4","snv","done",null,"2023-06-01","2023-06-01T08:00:00+07:00",'
            '"Đặng","a\\"b\\n",null,null,"2023-Q2",null]'
        ).encode()
    )
    assert chain.canonical(event) == chain.canonical((*event[:9], "Đặng", *event[10:]))
    with pytest.raises(ValueError):
        chain.canonical(event[:-1])


def test_link_is_sha256_of_prefix_previous_and_canonical_form() -> None:
    import hashlib

    event = (
        1,
        1,
        D,
        "4",
        "snv",
        "done",
        "todo",
        "2023-06-01",
        "t",
        "a",
        None,
        None,
        None,
        None,
        None,
    )
    expected = hashlib.sha256(
        b"directive-history-v1\n" + chain.GENESIS.encode() + b"\n" + chain.canonical(event)
    ).hexdigest()
    assert chain.link(chain.GENESIS, event) == expected
    # A pinned value: the form is a contract with every backend and every kept head.
    assert expected == json.loads(json.dumps(expected))
    assert len(expected) == 64


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("4:" + "A" * 64, (4, "a" * 64)),
        ("#4:" + "b" * 64, (4, "b" * 64)),
        (" " + "c" * 64 + "\n", (None, "c" * 64)),
        ("4:" + "g" * 64, None),
        ("", None),
    ],
)
def test_parse_head(text: str, parsed: tuple[int | None, str] | None) -> None:
    assert chain.parse_head(text) == parsed


def test_sqlite3_shell_available_in_ci() -> None:
    need("sqlite3")
    assert shutil.which("sqlite3")


def test_a_backup_from_before_the_chain_is_restored_and_chained(
    db: Path, cli: Cli, tmp_path: Path
) -> None:
    old = tmp_path / "sao-luu-cu.db"
    old_database(old, 4)  # made by a version of the tool without the chain
    history(db)
    result = cli("restore", str(old), "--yes", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    code, out, err = verify(cli, db)
    assert (code, err) == (0, "") and out.startswith(f"{db}: lịch sử nguyên vẹn (3 bản ghi)")


def test_an_edited_backup_is_not_restored(db: Path, cli: Cli, tmp_path: Path) -> None:
    copy = tmp_path / "sao-luu.db"
    history(copy)
    assert (
        shell(
            copy, f"{UPDATE_OFF} UPDATE events SET by = 'admin' WHERE id = 1; {UPDATE_ON}"
        ).returncode
        == 0
    )
    history(db)
    before = head_of(db)
    result = cli("restore", str(copy), "--yes", "--db", str(db))
    assert (result.exit_code, result.stderr) == (
        Exit.TAMPERED,  # as `verify` says of the same file
        f"Lỗi: bản sao lưu {copy} không qua kiểm tra ({edited(1)}): không khôi phục\n",
    )
    assert head_of(db) == before
