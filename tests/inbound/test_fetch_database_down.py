"""`inbox fetch` with its database down from the start: one line, exit 1, no traceback (#14 §2)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_a_database_down_before_the_run_is_one_line_and_exit_1(tmp_path):
    port = free_port()  # nothing listens there: the connection is refused
    env = {
        **os.environ,
        "FOIA_DATABASE_URL": f"postgresql+psycopg://nobody@127.0.0.1:{port}/none",
        "FOIA_IMAP_HOST": "127.0.0.1",
        "FOIA_IMAP_PORT": str(free_port()),
        "FOIA_INSTANCE_PATH": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "inbox", "fetch"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("inbox fetch: the database connection failed")
