"""The mail parser, classifier, suggestions and reply addresses are pure: no Flask, no ORM."""

import subprocess
import sys
from pathlib import Path

import pytest

FOIA = Path(__file__).resolve().parents[2] / "foia"
PURE = (
    "parse",
    "charsets",
    "mailboxes",
    "largeparts",
    "kinds",
    "classify",
    "bounces",
    "mailread",
    "suggest",
    "addresses",
)

# `foia/__init__.py`, `foia/inbound/__init__.py` and `foia/responses/__init__.py` import Flask
# (the app factory, the blueprints), so the probe loads each module under bare namespace
# packages (suggest uses the pure foia.responses.exemptions).
PROBE = """
import sys, types
for name, path in (("foia", {foia!r}), ("foia.inbound", {inbound!r}),
                   ("foia.responses", {responses!r})):
    module = types.ModuleType(name)
    module.__path__ = [path]
    sys.modules[name] = module
import importlib
importlib.import_module("foia.inbound.{name}")
print(",".join(sorted(m for m in ("flask", "sqlalchemy", "flask_sqlalchemy") if m in sys.modules)))
"""


@pytest.mark.parametrize("name", PURE)
def test_importing_the_module_loads_neither_flask_nor_sqlalchemy(name):
    code = PROBE.format(
        foia=str(FOIA), inbound=str(FOIA / "inbound"), responses=str(FOIA / "responses"), name=name
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
