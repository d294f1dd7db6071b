"""What --db names: a file, a postgresql:// URL, or neither (refused, its password hidden).

No server is needed: every value here is refused before anything connects, or is a file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Cli

NOT_A_URL = (
    "Lỗi: --db {shown}: không phải đường dẫn tệp, cũng không phải địa chỉ máy chủ; địa chỉ máy"
    " chủ PostgreSQL viết postgresql://TÀI_KHOẢN@MÁY/CƠ_SỞ_DỮ_LIỆU (không có gì được ghi)\n"
)
PASSWORD_CHARS = (
    "Lỗi: máy chủ {shown}: mật khẩu trong địa chỉ có ký tự phải mã hóa (@ → %40, / → %2F,"
    " # → %23, ? → %3F, dấu cách → %20); hoặc bỏ mật khẩu khỏi địa chỉ và để trong"
    " PGPASSWORD hay ~/.pgpass\n"
)


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The clerk's working folder: a value taken as a path would be made here."""
    folder = tmp_path / "office"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("postgressql://snv:s3cr3t@localhost/tien_do", "postgressql://snv:***@localhost/tien_do"),
        ("postgresql//snv:s3cr3t@localhost/tien_do", "postgresql//snv:***@localhost/tien_do"),
        ("postgresql:/snv:s3cr3t@localhost/tien_do", "postgresql:/snv:***@localhost/tien_do"),
        ("psql://snv:s3cr3t@localhost/tien_do", "psql://snv:***@localhost/tien_do"),
        ("mysql://snv@localhost/tien_do", "mysql://snv@localhost/tien_do"),
        # A password of digits only is a password, not a port.
        ("postgressql://snv:20230616@localhost/tien_do", "postgressql://snv:***@localhost/tien_do"),
        (
            "host=localhost user=snv password=s3cr3t dbname=tien_do",
            "host=localhost user=snv password=*** dbname=tien_do",
        ),
    ],
)
@pytest.mark.parametrize("command", [["mark", "done", "4:snv", "--on", "20/6/2023"], ["list"]])
def test_a_mistyped_server_is_refused_not_made_a_file(
    cli: Cli, office: Path, value: str, shown: str, command: list[str]
) -> None:
    result = cli(*command, "--db", value)
    assert (result.exit_code, result.output) == (2, NOT_A_URL.format(shown=shown))
    assert "s3cr3t" not in result.output and "20230616" not in result.output
    assert list(office.iterdir()) == []


def test_the_environment_variable_is_checked_the_same(
    cli: Cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVE_DB", "postgresql:/snv:s3cr3t@db/tien_do")
    result = cli("summary")
    assert (result.exit_code, result.output) == (
        2,
        NOT_A_URL.format(shown="postgresql:/snv:***@db/tien_do"),
    )
    assert list(office.iterdir()) == []


@pytest.mark.parametrize("password", ["pa/ss", "p@ssword", "p@ss w%rd", "pa#ss", "pa?ss", "a:b/c"])
def test_a_password_a_url_must_encode_is_refused_unshown(cli: Cli, password: str) -> None:
    result = cli("list", "--db", f"postgresql://snv:{password}@localhost/tien_do")
    assert (result.exit_code, result.output) == (
        2,
        PASSWORD_CHARS.format(shown="postgresql://snv:***@localhost/tien_do"),
    )


@pytest.mark.parametrize(
    "path",
    ["C:/van-phong/progress.db", "progress.db", "tiến độ/sở nội vụ.db", "a@b:c.db"],
)
def test_a_path_stays_a_file(path: str) -> None:
    """A drive letter is no scheme, and a file may hold @ and : in its name."""
    from directive_cli.options import db_path

    assert db_path(path) == Path(path)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://snv:p%40ss%2Fw@db.example:5433/tien_do",
            "postgresql://snv@db.example:5433/tien_do",
        ),
        # A port, then an @ in the query: no password in it to refuse.
        (
            "postgresql://db:5432/tien_do?application_name=a@b",
            "postgresql://db:5432/tien_do?application_name=a%40b",
        ),
        ("PostgreSQL://snv@db/tien_do", "postgresql://snv@db/tien_do"),
    ],
)
def test_a_good_url_is_taken_as_typed(url: str, shown: str) -> None:
    from directive_cli.options import db_path
    from directive_cli.store import open_store

    assert db_path(url) == url
    assert open_store(url).path == shown  # nothing connects before the first query
