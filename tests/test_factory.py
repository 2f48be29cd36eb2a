"""The factory lives in foia/app.py, so the package itself imports no Flask."""

import subprocess
import sys

PROBE = """
import sys
import foia.deadlines
print(",".join(sorted(m for m in ("flask", "sqlalchemy", "flask_sqlalchemy") if m in sys.modules)))
"""


def test_importing_the_legal_core_through_the_real_package_loads_no_flask():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_wsgi_builds_the_app_from_foia_app():
    import wsgi
    from foia.app import create_app

    assert wsgi.app.name == "foia"
    assert create_app.__module__ == "foia.app"


def test_every_domain_command_group_is_registered(app):
    groups = {
        "users": {"create", "reset-two-factor"},
        "agencies": {"export", "import"},
        "deadlines": {"explain", "holidays"},
        "mail": {"send"},
        "letters": {"render"},
        "backup": {"create", "verify", "restore", "recover"},
        "reminders": {"send"},
        "documents": {"extract"},
        "inbox": {"fetch", "import"},
        "campaigns": {"generate", "file"},
        "requests": {"recompute", "recount"},
    }
    for name, commands in groups.items():
        assert set(app.cli.commands[name].commands) == commands, name
    assert "seed" in app.cli.commands
