"""Tab completion in real interactive shells: each shell runs in tmux on a pseudo-terminal,
with the script `directive completion SHELL` prints; the test types, presses Tab and reads
the screen, as a clerk would. Nothing here sets COMP_WORDS by hand: the shell does.

bash is always tested under CI (it is always there, and .ci/run installs tmux, zsh and fish);
elsewhere a shell that is missing is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from directive_cli import typer_compat

BIN = Path(sys.executable).parent
DIRECTIVE = shutil.which("directive", path=str(BIN))


def need(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        if os.environ.get("CI") == "true" and program in ("bash", "tmux"):
            pytest.fail(f"{program} is missing under CI (.ci/run installs it)")
        pytest.skip(f"{program} is not installed")
    return found


class Terminal:
    """One shell in a tmux window of its own server: keys in, the screen out.

    Nothing typed is ever run: each case opens a fresh shell, types one line and presses
    Tab, and the server is killed at the end (Enter on a half-cleared line could run a mark).
    """

    def __init__(self, tmp: Path, command: list[str], env: dict[str, str]) -> None:
        self.socket = str(tmp / "tmux.sock")
        self.env = env
        self.tmux(["new-session", "-d", "-x", "150", "-y", "40", "--", *command])

    def tmux(self, args: list[str]) -> str:
        done = subprocess.run(
            [need("tmux"), "-u", "-S", self.socket, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        )
        return done.stdout

    def screen(self) -> list[str]:
        lines = [line.rstrip() for line in self.tmux(["capture-pane", "-p"]).splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        return lines

    def expect(self, screen: list[str]) -> None:
        """Wait until the screen is `screen` (a shell answers a Tab in its own time); fail
        showing the screen if it does not come."""
        end = time.monotonic() + 20
        while time.monotonic() < end:
            if self.screen() == screen:
                return
            time.sleep(0.05)
        raise AssertionError(f"the screen stays {self.screen()}, not {screen}")

    def type(self, text: str) -> None:
        """Type `text` at the prompt (each shell's prompt is `$ `)."""
        self.tmux(["send-keys", "-l", text])
        self.expect([f"$ {text}"])

    def tab(self, times: int = 1) -> None:
        self.tmux(["send-keys", *["Tab"] * times])

    def close(self) -> None:
        subprocess.run(
            [need("tmux"), "-S", self.socket, "kill-server"], env=self.env, capture_output=True
        )


def shell_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.startswith("DIRECTIVE_") or k == "TMPDIR"}
    env.update(
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        TERM="xterm-256color",
        HOME=str(tmp / "home"),
    )
    (tmp / "home").mkdir()
    return env


def script(shell: str, tmp: Path, env: dict[str, str]) -> Path:
    assert DIRECTIVE is not None, "the venv has no `directive` script: pip install -e ."
    text = subprocess.run(
        [DIRECTIVE, "completion", shell], env=env, capture_output=True, text=True, check=True
    ).stdout
    path = tmp / f"directive.{shell}"
    path.write_text(text, encoding="utf-8")
    return path


def start(shell: str, tmp: Path, opened: list[Terminal]) -> Terminal:
    """An interactive `shell` with no user settings, `$ ` as its prompt and our script loaded."""
    program = need(shell)
    env = shell_env(tmp)
    loaded = script(shell, tmp, env)
    if shell == "bash":
        rc = tmp / "bashrc"
        rc.write_text(f"PS1='$ '\nsource '{loaded}'\n", encoding="utf-8")
        command = [program, "--noprofile", "--rcfile", str(rc), "-i"]
    elif shell == "zsh":
        env["ZDOTDIR"] = str(tmp)
        (tmp / ".zshrc").write_text(
            f"autoload -U compinit && compinit -u -D\nsource '{loaded}'\nPS1='$ '\n",
            encoding="utf-8",
        )
        command = [program, "-d", "-i"]  # -d: not /etc/zsh's files either
    else:
        env["XDG_CONFIG_HOME"] = str(tmp / "config")
        setup = (
            "set -g fish_greeting ''; set -g fish_autosuggestion_enabled 0;"
            f" function fish_prompt; echo -n '$ '; end; source '{loaded}'"
        )
        command = [program, "--no-config", "-i", "-C", setup]
    term = Terminal(tmp, command, env)
    opened.append(term)
    term.expect(["$"])
    return term


@pytest.fixture
def shells(tmp_path: Path) -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for term in opened:
        term.close()


# Each case: the shell, the line typed, then (Tab presses, the whole screen after them) steps.
CASES = {
    "bash completes the body after CLAUSE:": (
        "bash",
        "directive mark done 3.1:v",
        [(1, ["$ directive mark done 3.1:vpub"])],
    ),
    "bash offers the bodies of clause 4": (
        "bash",
        "directive mark done 4:",
        [(1, ["$ directive mark done 4:snv"])],
    ),
    "bash lists the bodies of clause 5": (
        "bash",
        "directive mark done 5:",
        # The part both share; readline lists on the second Tab that adds nothing.
        [
            (1, ["$ directive mark done 5:s"]),
            (
                2,
                [
                    "$ directive mark done 5:s",
                    "sldtbxh   snnmt     snnptnt   snv-2025",
                    "$ directive mark done 5:s",
                ],
            ),
        ],
    ),
    "bash completes a word without a colon as before": (
        "bash",
        "directive mark d",
        [(1, ["$ directive mark done"])],
    ),
    "bash completes after --option=": (
        "bash",
        "directive list --body=sn",
        [
            (
                2,
                [
                    "$ directive list --body=sn",
                    "sngv      snnmt     snnptnt   snv       snv-2025",
                    "$ directive list --body=sn",
                ],
            )
        ],
    ),
    "zsh completes the body after CLAUSE:": (
        "zsh",
        "directive mark done 3.1:v",
        [(1, ["$ directive mark done 3.1:vpub"])],
    ),
    "zsh lists the bodies of clause 5": (
        "zsh",
        "directive mark done 5:",
        [
            (1, ["$ directive mark done 5:s"]),
            (
                1,
                [
                    "$ directive mark done 5:s",
                    "5:sldtbxh   -- Sở Lao động - Thương binh và Xã hội",
                    "5:snnmt     -- Sở Nông nghiệp và Môi trường",
                    "5:snnptnt   -- Sở Nông nghiệp và Phát triển nông thôn",
                    "5:snv-2025  -- Sở Nội vụ",
                ],
            ),
        ],
    ),
    "fish completes the body after CLAUSE:": (
        "fish",
        "directive mark done 3.1:v",
        [(1, ["$ directive mark done 3.1:vpub"])],
    ),
    "fish lists the bodies of clause 5": (
        "fish",
        "directive mark done 5:",
        [
            (
                1,
                [
                    "$ directive mark done 5:s",
                    "5:sldtbxh  (Sở Lao động - Thương binh và Xã hội)  5:snnptnt  (Sở Nông nghiệp và Phát triển nông thôn)",
                    "5:snnmt           (Sở Nông nghiệp và Môi trường)  5:snv-2025                              (Sở Nội vụ)",
                ],
            )
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_tab_in_a_real_shell(case: str, tmp_path: Path, shells: list[Terminal]) -> None:
    shell, line, steps = CASES[case]
    term = start(shell, tmp_path, shells)
    term.type(line)
    for presses, screen in steps:
        term.tab(presses)
        term.expect(screen)


# --- the pieces of the bash script's answer --------------------------------------------------


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("directive mark done 3.1:v", (["mark", "done"], "3.1:v")),
        ("directive mark done ", (["mark", "done"], "")),
        ('directive mark done 4:snv --note "Sở N', (["mark", "done", "4:snv", "--note"], "Sở N")),
        ("directive", ([], "")),
    ],
)
def test_bash_words_are_read_from_the_line(line: str, words: tuple[list[str], str]) -> None:
    assert typer_compat.bash_words(line) == words


@pytest.mark.parametrize(
    ("line", "values", "replies"),
    [
        ("directive mark done 3.1:v", ["3.1:vpub"], ["vpub"]),
        ("directive mark done 4:", ["4:snv"], ["snv"]),
        ("directive mark done 4", ["4", "4:snv"], ["4", "4:snv"]),  # no break typed yet
        ("directive list --body=s", ["sct", "snv"], ["sct", "snv"]),  # Click cut `--body=`
        ('directive mark done "4:', ["4:snv"], ["4:snv"]),  # one quoted word to bash
        ("directive mark done ", ["1a:snv"], ["1a:snv"]),
    ],
)
def test_bash_replies_are_cut_where_bash_breaks_the_word(
    line: str, values: list[str], replies: list[str]
) -> None:
    assert typer_compat.bash_replies(line, values, typer_compat.BASH_WORDBREAKS) == replies


def test_bash_replies_keep_the_colon_when_bash_does_not_break_there() -> None:
    line = "directive mark done 3.1:v"
    assert typer_compat.bash_replies(line, ["3.1:vpub"], " \t\n\"'=") == ["3.1:vpub"]


def test_every_way_to_get_the_bash_script_gives_ours(tmp_path: Path) -> None:
    env = {**shell_env(tmp_path), "SHELL": "/bin/bash"}
    assert DIRECTIVE is not None

    def run(*args: str) -> str:
        # From a bash (not exec'd: `exit` follows), which --show-completion and
        # --install-completion detect as the parent shell, as at a clerk's prompt.
        script = '"$0" "$@"; exit $?'
        done = subprocess.run(
            [need("bash"), "-c", script, DIRECTIVE, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    printed = run("completion", "bash")
    assert '_TYPER_COMPLETE_ARGS="${COMP_LINE:0:COMP_POINT}"' in printed.splitlines()[2]
    assert run("--show-completion") == printed
    installed = tmp_path / "home" / ".bash_completions" / "directive.sh"
    said = (
        f"Đã cài gợi ý bằng phím Tab cho bash vào {installed}.\n"
        "Gợi ý có tác dụng khi mở lại cửa sổ dòng lệnh.\n"
    )
    for install in (["completion", "bash", "--install"], ["--install-completion"]):
        installed.unlink(missing_ok=True)
        assert run(*install) == said
        assert installed.read_text(encoding="utf-8") + "\n" == printed
