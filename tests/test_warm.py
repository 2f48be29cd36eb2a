"""A gunicorn worker is warm before it serves: templates compiled, every calendar built.

Each probe is a fresh Python process, since templates and calendars, once built, stay for the
life of a process. After the warm-up, the template loader and the holiday data are made to fail:
a page or a count that still needed them would raise.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from datetime import date, timedelta
if {served}:
    import gunicorn  # what a gunicorn worker has imported when it loads wsgi.py
import wsgi
from foia import warm
from foia.deadlines import calendar_for, calendars, load_laws
from foia.deadlines.holidays import Level

def refuse(*args, **kwargs):
    raise AssertionError("set up lazily, after the warm-up")

environment = wsgi.app.jinja_env
names = environment.list_templates(filter_func=lambda n: n.endswith(warm.TEMPLATE_SUFFIXES))
environment.loader.get_source = refuse
calendars.non_business_days = refuse
today = date.today()
try:
    for name in names:
        environment.get_template(name)
    for code in load_laws():
        for level in Level:
            calendar = calendar_for(code, level=level)
            calendar.business_days_between(today - timedelta(days=300), today + timedelta(days=300))
except AssertionError as exc:
    print("cold:", exc)
else:
    print(f"warm: {{len(names)}} templates, {{len(load_laws())}} laws")
"""


def _probe(tmp_path, *, served: bool) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "FOIA_SECRET_KEY": "warm-probe-secret-key",
        "FOIA_DATABASE_URL": f"sqlite:///{tmp_path / 'probe.db'}",
        "FOIA_DOCUMENTS_DIR": str(tmp_path / "documents"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(served=served)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_gunicorn_worker_is_warm_before_its_first_request(tmp_path):
    found = _probe(tmp_path, served=True)
    assert found.startswith("warm: "), found
    templates = int(found.split()[1])
    assert templates > 90  # every page and email, not an empty list


def test_flask_commands_do_not_pay_for_the_warm_up(tmp_path):
    assert _probe(tmp_path, served=False) == "cold: set up lazily, after the warm-up"
