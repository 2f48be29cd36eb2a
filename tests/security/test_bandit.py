"""`ruff check --select S` (the bandit rules) is clean, and every exception says why."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOQA_S = re.compile(r"#\s*noqa:\s*(S\d+(?:\s*,\s*\w+)*)(.*)$")


def test_ruff_bandit_rules_pass():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "S", "--no-cache", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_bandit_exception_is_justified_inline():
    unjustified = []
    for path in sorted((ROOT / "foia").rglob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            match = NOQA_S.search(line)
            if match and not match.group(2).strip(" -—:"):
                unjustified.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert unjustified == [], "add ' - reason' after each noqa: S…:\n" + "\n".join(unjustified)
