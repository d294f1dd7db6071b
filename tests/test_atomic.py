"""atomic.py: files written whole or not at all, and the sweep of what killed runs left."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from directive_cli import atomic, i18n
from directive_cli.atomic import (
    check_target,
    link_new,
    replacing,
    sweep,
    temp_beside,
    write_atomic,
)
from directive_cli.errors import OutputError

DEAD = 999_999_999  # above any pid_max: no such process


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_lang("en")
    yield
    i18n.set_lang("vi")


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def debris(folder: Path, pid: int, host: str | None = None) -> Path:
    """What a run killed while writing into `folder` leaves there."""
    path = folder / f".directive-{host or atomic._host()}-{pid}-0a1b2c3d.tmp"
    path.write_bytes(b"half a report")
    return path


def legacy_debris(folder: Path, target: str, pid: int, host: str | None = None) -> Path:
    """The same, left by an earlier version, which named it after its target."""
    path = folder / f".{target}.{host or atomic._legacy_host()}-{pid}-0a1b2c3d.tmp"
    path.write_bytes(b"half a report")
    return path


def test_replacing_puts_a_new_file_in_place(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "week.md"
    with replacing(target) as temp:
        assert temp.parent == tmp_path and temp.read_bytes() == b""
        assert not target.exists()  # nothing under the name while the block runs
        temp.write_bytes("# Báo cáo tuần\n".encode())
    assert target.read_bytes() == "# Báo cáo tuần\n".encode()
    assert names(tmp_path) == ["week.md"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # 0666 & ~umask, not the temp's 0600


def test_replacing_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "progress.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with replacing(target) as temp:
        temp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_replacing_with_a_mode_given(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"old")
    target.chmod(0o644)
    with replacing(target, mode=0o600) as temp:
        temp.write_bytes(b"private")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_replacing_without_overwrite_makes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    with replacing(target, overwrite=False) as temp:
        temp.write_bytes(b"copy")
    assert target.read_bytes() == b"copy"
    assert names(tmp_path) == ["copy.db"]


def test_replacing_without_overwrite_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"the only copy")
    with pytest.raises(FileExistsError), replacing(target, overwrite=False) as temp:
        temp.write_bytes(b"another")
    assert target.read_bytes() == b"the only copy"
    assert names(tmp_path) == ["copy.db"]


def test_an_error_in_the_block_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    target.write_bytes(b"last week")
    with pytest.raises(RuntimeError, match=r"^rendering failed$"), replacing(target) as temp:
        temp.write_bytes(b"half of this week")
        raise RuntimeError("rendering failed")
    assert target.read_bytes() == b"last week"
    assert names(tmp_path) == ["week.md"]


def test_an_error_before_anything_exists_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    with pytest.raises(KeyboardInterrupt), replacing(target) as temp:
        temp.write_bytes(b"half")
        raise KeyboardInterrupt
    assert names(tmp_path) == []


def test_a_failed_rename_keeps_the_old_file_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "week.md"
    target.write_bytes(b"last week")

    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(OSError, match="No space left"), replacing(target) as temp:
        temp.write_bytes(b"this week")
    assert target.read_bytes() == b"last week"
    assert names(tmp_path) == ["week.md"]


def test_temp_beside_is_an_empty_owner_only_file_named_for_the_sweep(tmp_path: Path) -> None:
    target = tmp_path / "báo cáo.md"
    temp = temp_beside(target)
    assert re.fullmatch(
        rf"\.directive-{re.escape(atomic._host())}-{os.getpid()}-[0-9a-f]{{8}}\.tmp", temp.name
    )
    assert temp.parent == tmp_path and temp.read_bytes() == b""
    assert stat.S_IMODE(temp.stat().st_mode) == 0o600
    assert temp_beside(target) != temp  # two writers in one process never share one


@pytest.mark.parametrize("hostname", ["PC-ketoan.local", "Máy-kế-toán", "---", "", "x" * 253])
def test_the_host_is_eight_hex_digits_whatever_its_name(
    monkeypatch: pytest.MonkeyPatch, hostname: str
) -> None:
    import socket
    import zlib

    monkeypatch.setattr(socket, "gethostname", lambda: hostname)
    assert atomic._host() == f"{zlib.crc32(hostname.encode()):08x}"
    monkeypatch.setattr(socket, "gethostname", lambda: hostname + "2")
    assert atomic._host() != f"{zlib.crc32(hostname.encode()):08x}"  # another computer


@pytest.mark.parametrize(
    ("hostname", "host"),
    [
        ("PC-ketoan.local", "PCketoanlocal"),
        ("Máy-kế-toán", "Mykton"),
        ("---", "host"),
        ("", "host"),
    ],
)
def test_the_legacy_host_keeps_ascii_letters_and_digits(
    monkeypatch: pytest.MonkeyPatch, hostname: str, host: str
) -> None:
    import socket

    monkeypatch.setattr(socket, "gethostname", lambda: hostname)
    assert atomic._legacy_host() == host


def test_sweep_removes_the_debris_of_dead_runs_in_the_folder_only(tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    dead = debris(tmp_path, DEAD)
    mine = debris(tmp_path, os.getpid())  # this process may be writing it now
    alive = debris(tmp_path, os.getppid())
    remote = debris(tmp_path, DEAD, host="0badc0de")  # another computer's, on a shared folder
    # An earlier version's debris, for this file and for another (last week's report).
    old = legacy_debris(tmp_path, "week.md", DEAD)
    other = legacy_debris(tmp_path, "week-22.csv", DEAD)
    old_alive = legacy_debris(tmp_path, "week.md", os.getppid())
    old_remote = legacy_debris(tmp_path, "week.md", DEAD, host="othercomputer")
    odd = [
        tmp_path / f".directive-{atomic._host()}-notapid-0a1b2c3d.tmp",
        tmp_path / f".directive-{atomic._host()}-{DEAD}.tmp",
        tmp_path / ".directive.tmp",
        tmp_path / f".week.md.{atomic._legacy_host()}-{DEAD}.tmp",
        tmp_path / ".week.md.tmp",
        tmp_path / "notes.tmp",  # the user's own
    ]
    for p in odd:
        p.write_bytes(b"not ours")
    assert sorted(sweep(target)) == sorted([dead, old, other])
    left = sorted(p.name for p in (mine, alive, remote, old_alive, old_remote, *odd))
    assert names(tmp_path) == left
    assert sweep(target) == []


def test_sweep_reads_legacy_names_by_their_tail(tmp_path: Path) -> None:
    """Names with glob characters or dots of their own were swept by a glob of the name."""
    swept = [legacy_debris(tmp_path, name, DEAD) for name in ("tuần [22].md", "a.b.c", "x")]
    assert sorted(sweep(tmp_path / "tuần 2.md")) == sorted(swept)
    assert names(tmp_path) == []


def test_sweep_by_age_where_a_process_cannot_be_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    old = debris(tmp_path, os.getppid())
    fresh = debris(tmp_path, os.getppid() + 1)
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert sweep(tmp_path / "week.md") == [old]
    assert names(tmp_path) == [fresh.name]


def test_replacing_sweeps_before_it_writes(tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    debris(tmp_path, DEAD)
    legacy_debris(tmp_path, "last-week.md", DEAD)
    with replacing(target) as temp:
        temp.write_bytes(b"ok")
    assert names(tmp_path) == ["week.md"]


def test_link_new_names_a_file_only_when_the_name_is_free(tmp_path: Path) -> None:
    temp, dest = tmp_path / "t", tmp_path / "copy.db"
    temp.write_bytes(b"copy")
    link_new(temp, dest)
    assert dest.read_bytes() == b"copy"
    other = tmp_path / "u"
    other.write_bytes(b"second")
    with pytest.raises(FileExistsError):
        link_new(other, dest)
    assert dest.read_bytes() == b"copy"


def test_link_new_without_hard_links_checks_then_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # FAT, some SMB shares

    monkeypatch.setattr(atomic.os, "link", no_links)
    temp, dest = tmp_path / "t", tmp_path / "copy.db"
    temp.write_bytes(b"copy")
    link_new(temp, dest)
    assert dest.read_bytes() == b"copy" and not temp.exists()
    again = tmp_path / "u"
    again.write_bytes(b"second")
    with pytest.raises(FileExistsError) as exc:
        link_new(again, dest)
    assert exc.value.errno == errno.EEXIST and exc.value.filename == str(dest)
    assert dest.read_bytes() == b"copy" and again.read_bytes() == b"second"


def test_check_target_accepts_a_new_file_and_a_forced_one(tmp_path: Path) -> None:
    check_target(tmp_path / "new.md", force=False)
    existing = tmp_path / "old.md"
    existing.write_text("x")
    check_target(existing, force=True)


def test_write_atomic_writes_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "list.csv"
    write_atomic(target, b"\xef\xbb\xbfa\r\n", force=False)
    assert target.read_bytes() == b"\xef\xbb\xbfa\r\n"
    write_atomic(target, b"b\r\n", force=True)
    assert target.read_bytes() == b"b\r\n"
    assert names(tmp_path) == ["list.csv"]


def test_write_atomic_refuses_a_symlink_even_with_force(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("kept")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    for force in (False, True):
        with pytest.raises(OutputError) as exc:
            write_atomic(link, b"x", force=force)
        assert str(exc.value) == (
            f"{link} là liên kết tượng trưng (symlink); không ghi qua nó, hãy chọn tệp khác"
        )
    assert real.read_text() == "kept" and link.is_symlink()


def test_write_atomic_refuses_a_dangling_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(OutputError, match="symlink"):
        write_atomic(link, b"x", force=True)
    assert not (tmp_path / "nowhere.md").exists()


def test_write_atomic_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    with pytest.raises(OutputError) as exc:
        write_atomic(folder, b"x", force=True)
    assert str(exc.value) == f"{folder} là thư mục; hãy ghi rõ tên tệp"
    assert names(folder) == []


def test_write_atomic_refuses_an_existing_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    target.write_text("last week")
    with pytest.raises(OutputError) as exc:
        write_atomic(target, b"this week", force=False)
    assert str(exc.value) == f"{target} đã có; thêm --force để ghi đè"
    assert target.read_text() == "last week"


def test_write_atomic_refuses_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "2023" / "week.md"
    with pytest.raises(OutputError) as exc:
        write_atomic(target, b"x", force=False)
    assert str(exc.value) == f"chưa có thư mục {target.parent}; hãy tạo thư mục trước"
    assert not target.parent.exists()


def test_write_atomic_refusals_in_english(tmp_path: Path, english: None) -> None:
    target = tmp_path / "week.md"
    target.write_text("x")
    messages = []
    for path, force in ((target, False), (tmp_path, True), (tmp_path / "no" / "w.md", True)):
        with pytest.raises(OutputError) as exc:
            write_atomic(path, b"y", force=force)
        messages.append(str(exc.value))
    assert messages == [
        f"{target} already exists; add --force to replace it",
        f"{tmp_path} is a folder; give a file name",
        f"folder {tmp_path / 'no'} does not exist; create it first",
    ]


def test_write_atomic_says_why_a_write_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    target = tmp_path / "week.md"
    with pytest.raises(OutputError) as exc:
        write_atomic(target, b"x", force=False)
    assert str(exc.value) == f"không ghi được {target}: đĩa đã đầy"
    assert names(tmp_path) == []


def test_a_file_in_use_gets_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")  # Excel holds it (Windows)

    monkeypatch.setattr(atomic.os, "replace", locked)
    target = tmp_path / "week.xlsx"
    target.write_bytes(b"open in Excel")
    with pytest.raises(OutputError) as exc:
        write_atomic(target, b"x", force=True)
    assert str(exc.value) == (
        f"không ghi được {target}: không có quyền (tệp đang mở trong Excel hoặc chương trình khác?)"
    )
    assert target.read_bytes() == b"open in Excel"
    assert names(tmp_path) == ["week.xlsx"]


def test_a_denied_new_file_gets_no_in_use_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", denied)
    target = tmp_path / "week.xlsx"
    with pytest.raises(OutputError) as exc:
        write_atomic(target, b"x", force=False)
    assert str(exc.value) == f"không ghi được {target}: không có quyền"


def test_replacing_flushes_file_and_folder_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[str] = []
    monkeypatch.setattr(atomic, "fsync_file", lambda p: flushed.append("file"))
    monkeypatch.setattr(atomic, "fsync_dir", lambda p: flushed.append(f"folder {p.name}"))
    with replacing(tmp_path / "week.md") as temp:
        temp.write_bytes(b"durable")
    assert flushed == ["file", f"folder {tmp_path.name}"]
    flushed.clear()
    with replacing(tmp_path / "index.pickle", durable=False) as temp:
        temp.write_bytes(b"rebuilt when unreadable")
    assert flushed == []
    assert (tmp_path / "index.pickle").read_bytes() == b"rebuilt when unreadable"
    assert names(tmp_path) == ["index.pickle", "week.md"]
