"""The deadline engine is pure: no Flask, no SQLAlchemy, no clock reading."""

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "foia" / "deadlines"

# `foia/__init__.py` (the app factory) imports Flask, so the check loads `foia.deadlines` under a
# bare `foia` namespace: it measures what the deadline package itself pulls in.
PROBE = """
import sys, types
root = types.ModuleType("foia")
root.__path__ = [{foia_dir!r}]
sys.modules["foia"] = root
import foia.deadlines
from foia.deadlines import calculator, calendars, explain, rules
print(",".join(sorted(m for m in ("flask", "sqlalchemy", "flask_sqlalchemy") if m in sys.modules)))
"""


def test_importing_the_package_loads_neither_flask_nor_sqlalchemy():
    code = PROBE.format(foia_dir=str(PACKAGE.parent))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


# What the package's source imports is checked with the other import rules, in one place:
# tests/test_import_rules.py (rule 1).
def test_source_does_not_read_the_clock():
    forbidden = re.compile(r"date\.today\(|datetime\.now\(|datetime\.utcnow\(")
    offenders = [
        path.name for path in PACKAGE.rglob("*.py") if forbidden.search(path.read_text("utf-8"))
    ]
    assert offenders == []
