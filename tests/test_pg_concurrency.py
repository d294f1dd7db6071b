"""Many clients of one PostgreSQL server at once: no mark lost or duplicated, batches whole,
two undos never void one batch, and a client killed with SIGKILL loses no acknowledged mark.
The writers and the checks are test_reliability.py's, pointed at a server's URL."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date

import pytest
from conftest import PgServer
from test_reliability import CLERKS, REPO, acks, assert_serial, batches_of, child_env, kill_rounds
from test_reliability import run_writers as start_all

from directive_cli.model import Status
from directive_cli.store import NewMark, open_store

D = "2167-2023"
T = "2023-07-01T08:00:00+07:00"


@pytest.fixture
def url(pg: PgServer) -> str:
    return pg.url(pg.database())


@pytest.mark.parametrize("same_task", [True, False], ids=["same-task", "different-tasks"])
@pytest.mark.parametrize(
    "per_clerk",
    [pytest.param(50, id="8x50"), pytest.param(250, id="8x250", marks=pytest.mark.slow)],
)
def test_concurrent_writers_lose_nothing(url: str, per_clerk: int, same_task: bool) -> None:
    # An empty database: the 8 clients also race to create the schema.
    procs = start_all(url, per_clerk, same_task, batch_max=3)  # type: ignore[arg-type]
    acked: set[str] = set()
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        acked |= acks(out)
    marks = assert_serial(url)
    assert batches_of(marks) == acked
    assert len(acked) == CLERKS * per_clerk
    assert len({m.batch for m in marks}) == len(acked)  # one batch per record call


UNDOER = r"""
import sys
from directive_cli.store import open_store
url, batch = sys.argv[1], sys.argv[2]
store = open_store(url)
sys.stdout.write("ready\n"); sys.stdout.flush()
sys.stdin.readline()
for _ in range(3):
    done = store.undo_last("chief", "2023-07-02T08:00:00+07:00",
                           batch=int(batch) if batch != "-" else None)
    sys.stdout.write(",".join(str(m.undoes) for m in done) + "\n"); sys.stdout.flush()
store.close()
"""


@pytest.mark.parametrize("batch", ["1", "-"], ids=["one-batch", "the-newest"])
def test_two_undos_never_undo_the_same_batch(url: str, batch: str) -> None:
    store = open_store(url)
    for k in range(6):  # six batches of two marks
        day = date(2023, 6, 1 + k)
        store.record([NewMark(D, "4", "snv", Status.DONE, day, "chief"),
                      NewMark(D, "3.1", "vpub", Status.IN_PROGRESS, day, "chief")], T)  # fmt: skip
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", UNDOER, url, batch],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=REPO,
        )
        for _ in range(CLERKS)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline() == "ready\n"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    voided: list[int] = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        voided += [int(i) for line in out.splitlines() for i in line.split(",") if i]
    assert len(voided) == len(set(voided))  # no event undone twice
    # One batch: undone once (its two marks); the newest: every batch once (3 × 8 tries).
    assert sorted(voided) == ([1, 2] if batch == "1" else list(range(1, 13)))
    assert_serial(url)
    undos = [m for m in store.history() if m.undoes is not None]
    assert len({m.batch for m in undos}) == (1 if batch == "1" else 6)


@pytest.mark.parametrize(
    "rounds",
    [pytest.param(25, id="50-kills"), pytest.param(100, id="200-kills", marks=pytest.mark.slow)],
)
def test_sigkill_of_a_client_never_loses_an_acknowledged_mark(url: str, rounds: int) -> None:
    seed = random.randrange(1 << 30)
    assert kill_rounds(url, rounds, seed) == 2 * rounds
    assert open_store(url).check() == []
