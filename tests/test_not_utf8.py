"""Bytes that are not UTF-8 (a paste from a TCVN3 or VNI document, a legacy code page) in an
option, an argument, a variable or a file name: one line naming where they were, exit 2,
nothing written; never a traceback, and never a search that matches everything.

On POSIX, Python hands such bytes of argv and the environment over as lone surrogates; the
CliRunner cannot carry them, so these tests run the real program with raw bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from directive_cli.errors import InvalidInput
from directive_cli.options import utf8
from directive_cli.text import is_utf8

pytestmark = pytest.mark.skipif(os.name != "posix", reason="argv and environ are text on Windows")

# One byte for ở, as an 8-bit code page sends it.
TCVN3 = "Sở Nội vụ".encode().replace("ở".encode(), b"\xab")
VI = "văn bản không phải UTF-8 (có lẽ dán từ bảng mã cũ như TCVN3, VNI); hãy gõ lại bằng Unicode"
EN = (
    "the text is not UTF-8 (perhaps pasted from a legacy code page such as TCVN3 or VNI);"
    " type it again in Unicode"
)


def run(
    *args: str | bytes, env: dict[str, str | bytes] | None = None, stdin: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    environ: dict[bytes, bytes] = {os.fsencode(k): os.fsencode(v) for k, v in os.environ.items()}
    for k, v in (env or {}).items():
        environ[os.fsencode(k)] = v if isinstance(v, bytes) else os.fsencode(v)
    return subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"directive_cli", *map(os.fsencode, args)],
        env=environ,
        capture_output=True,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        timeout=60,
    )


def refused(done: subprocess.CompletedProcess[bytes], name: str, lang: str = "vi") -> None:
    word, text = ("Lỗi", VI) if lang == "vi" else ("Error", EN)
    assert (done.returncode, done.stdout) == (2, b""), done.stderr.decode(errors="replace")
    assert done.stderr.decode() == f"{word}: {name}: {text}\n"


CASES = {
    "--note": (["mark", "done", "4:snv", "--note", b"ghi ch\xfa"], {}, "--note"),
    "--note=": (["mark", "done", "4:snv", b"--note=ghi ch\xfa"], {}, "--note"),
    "--evidence": (["mark", "done", "4:snv", "-e", b"B\xb8o c\xb8o s\xe8 45"], {}, "--evidence"),
    "--by": (["mark", "done", "4:snv", "--by", TCVN3], {}, "--by"),
    "DIRECTIVE_USER": (
        ["mark", "done", "4:snv", "--on", "20/6/2023"],
        {"DIRECTIVE_USER": TCVN3},
        "DIRECTIVE_USER",
    ),
    "--on": (["mark", "done", "4:snv", "--on", b"20/6/2023 \xff"], {}, "--on"),
    "a task": (["mark", "done", b"4:s\xabv"], {}, "NHIỆM_VỤ"),
    "-q": (["list", "-q", b"\xff"], {}, "--search"),
    "--body": (["list", "--body", TCVN3], {}, "--body"),
    "--as-of": (["summary", "--as-of", b"1/6/2023\xa0"], {}, "--as-of"),
    "DIRECTIVE_AS_OF": (["summary"], {"DIRECTIVE_AS_OF": b"\xff"}, "DIRECTIVE_AS_OF"),
    "--data": (["list", "--data", b"/tmp/d\xe6 li\xd6u"], {}, "--data"),
    "DIRECTIVE_DATA": (["list"], {"DIRECTIVE_DATA": b"/tmp/d\xe6"}, "DIRECTIVE_DATA"),
    "--db": (["history", "--db", b"ti\xd5n-\xae\xe9.db"], {}, "--db"),
    "--output": (["list", "-o", b"b\xb8o-c\xb8o.csv"], {}, "--output"),
    "show": (["show", b"4:s\xabv"], {}, "ĐIỂM_HOẶC_NHIỆM_VỤ"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bytes_that_are_not_utf8_are_refused_naming_the_option(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, env, name = CASES[case]
    monkeypatch.chdir(tmp_path)
    done = run(*args, env=env)  # type: ignore[arg-type]
    refused(done, name)
    # Nothing written (the catalog's cache may be: it is read before DIRECTIVE_USER).
    assert {p.name for p in tmp_path.iterdir()} <= {"cache"}


def test_the_refusal_speaks_english_with_lang_en(tmp_path: Path) -> None:
    refused(run("mark", "done", "4:snv", "--note", b"\xff", "--lang", "en"), "--note", "en")
    refused(run("--lang", "en", "list", "-q", b"\xff"), "--search", "en")
    refused(run("list", "-q", b"\xff", env={"DIRECTIVE_LANG": "en"}), "--search", "en")
    refused(run("mark", "done", b"4:s\xabv", "--lang", "en"), "REFS", "en")
    assert not (tmp_path / "progress.db").exists()


def test_a_search_for_bytes_that_are_not_utf8_matches_nothing_silently(tmp_path: Path) -> None:
    # It used to fold to "" and match all 211 tasks.
    refused(run("list", "-q", b"\xff", "-f", "json"), "--search")
    listed = run("list", "-q", "xây dựng", "-f", "json")
    assert listed.returncode == 0
    assert 0 < len(json.loads(listed.stdout)) < 211


def test_marks_before_and_after_a_refusal_are_kept(tmp_path: Path) -> None:
    assert run("mark", "done", "4:snv", "--on", "20/6/2023", "--note", "đúng").returncode == 0
    refused(run("mark", "done", "2:snv", "--on", "20/6/2023", "--note", b"sai \xff"), "--note")
    history = run("history", "-f", "json")
    assert [(e["task"], e["note"]) for e in json.loads(history.stdout)] == [("4:snv", "đúng")]


def test_a_file_name_that_is_not_utf8_in_a_data_folder_is_read(tmp_path: Path) -> None:
    """Linux allows any bytes in a file name; the cache keyed them as text and crashed."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(Path("data/bodies.yaml"), data / "bodies.yaml")
    shutil.copy(Path("data/directive_2167.yaml"), os.fsdecode(bytes(data) + b"/v\xe3n-b\xb6n.yaml"))
    bundled = run("list", "-b", "snv", "-f", "json")
    assert bundled.returncode == 0, bundled.stderr
    for _ in ("parsed", "from the cache"):
        done = run("list", "--data", str(data), "-b", "snv", "-f", "json")
        assert (done.returncode, done.stderr) == (0, bundled.stderr)  # no database yet
        assert json.loads(done.stdout) == json.loads(bundled.stdout)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2  # bundled and this folder


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_an_answer_that_is_not_utf8_at_the_prompt_is_no(tmp_path: Path, locale: str) -> None:
    import pty

    leader, follower = pty.openpty()
    os.write(leader, b"c\xf3\n")  # 'có' typed on a keyboard set to TCVN3
    env: dict[str, str | bytes] = {"LC_ALL": locale, "LANG": locale}
    try:
        done = run(
            "mark", "done", "-c", "1a", "-g", "g3", "--on", "1/6/2023", env=env, stdin=follower
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 8, done.stderr
    assert done.stderr.decode() == "Lỗi: đã hủy, không ghi gì\n"
    assert not (tmp_path / "progress.db").exists()


def test_the_check_itself() -> None:
    assert is_utf8("Sở Nội vụ") and is_utf8("")
    typed = os.fsdecode(TCVN3)
    assert not is_utf8(typed)
    assert utf8("Sở Nội vụ", "--by") == "Sở Nội vụ"
    with pytest.raises(InvalidInput) as caught:
        utf8(typed, "--by")
    assert str(caught.value) == f"--by: {VI}"
