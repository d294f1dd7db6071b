"""The PostgreSQL tests without a server: skipped with the reason, except under CI=true,
where a missing server fails the run (conftest.pg_admin)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("ci", "outcome"), [("", "1 skipped"), ("true", "1 error")])
def test_no_server_skips_except_in_ci(ci: str, outcome: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["DIRECTIVE_TEST_PG"] = "postgresql://nobody@127.0.0.1:1/none"
    env["CI"] = ci
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs",
         "tests/test_store_postgres.py::test_a_url_opens_the_server_and_a_path_stays_sqlite"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    last = run.stdout.strip().splitlines()[-1]
    assert outcome in last, run.stdout
    if ci:
        assert "CI=true and no PostgreSQL server for the tests: " in run.stdout
    else:
        assert "no PostgreSQL server (" in run.stdout and "set DIRECTIVE_TEST_PG" in run.stdout
