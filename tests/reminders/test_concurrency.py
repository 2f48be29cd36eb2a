"""Two real `flask reminders send` processes at once on PostgreSQL: every reminder arrives once.

The test makes its own PostgreSQL database, fills it through the app, starts a real SMTP server
on loopback (slow on purpose, so that the two runs overlap while sending), and runs the command
twice concurrently as separate processes, as two overlapping cron jobs would.
"""

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, select, text

from foia.extensions import db
from foia.reminders.models import SentReminder
from tests.support.app import PG_MAINTENANCE_URL, make_app, unavailable
from tests.support.factories import create_user
from tests.support.reminders import make_request
from tests.support.servers import SMTPSink, free_port

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 1)
PEOPLE = 12
REQUESTS_PER_PERSON = 4

pytestmark = pytest.mark.postgres_only


class SlowSink(SMTPSink):
    """Accepts each message after a short pause, so that both senders are busy at once."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        import asyncio

        await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def pg_url(tmp_path):
    name = f"foia_conc_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_MAINTENANCE_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no PostgreSQL"
        admin.dispose()
        unavailable(f"PostgreSQL is not reachable at {PG_MAINTENANCE_URL}: {exc}")
    yield PG_MAINTENANCE_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _fill(url: str, instance: str) -> None:
    from flask_migrate import upgrade

    app = make_app(url, instance)
    with app.app_context():
        upgrade()
        for n in range(PEOPLE):
            lawyer = create_user("lawyer", email=f"lawyer{n:02d}@example.org")
            volunteer = create_user("volunteer", email=f"volunteer{n:02d}@example.org")
            for ago in (14, 8, 9, 20)[:REQUESTS_PER_PERSON]:
                make_request(
                    TODAY, owner=lawyer, volunteer=volunteer, received_business_days_ago=ago
                )
        db.session.remove()
        db.engine.dispose()


def _run_two(url: str, port: int, instance: str) -> list[subprocess.CompletedProcess]:
    env = {
        **os.environ,
        "FOIA_DATABASE_URL": url,
        "FOIA_SMTP_HOST": "127.0.0.1",
        "FOIA_SMTP_PORT": str(port),
        "FOIA_SECRET_KEY": "test-secret-key-not-for-production",
    }
    flask = str(Path(sys.executable).with_name("flask"))
    command = [flask, "--app", "wsgi", "reminders", "send", "--today", TODAY.isoformat()]
    started = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    done = []
    for process in started:
        out, err = process.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return done


@pytest.mark.slow
def test_two_overlapping_runs_deliver_each_reminder_exactly_once(pg_url, tmp_path):
    _fill(pg_url, str(tmp_path))
    sink = SlowSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        started = time.monotonic()
        runs = _run_two(pg_url, port, str(tmp_path))
        elapsed = time.monotonic() - started
    finally:
        controller.stop()
    for run in runs:
        assert run.returncode == 0, run.stderr[-3000:]
    # Both runs did work at the same time: each one's summary is in its output.
    assert all("reminders in" in run.stdout for run in runs), [r.stdout for r in runs]
    assert elapsed < 60
    message_ids = Counter(m["Message-ID"] for m in sink.messages)
    assert all(n == 1 for n in message_ids.values()), "a message was sent twice"
    recipients = Counter(m["To"] for m in sink.messages)
    assert len(recipients) == 2 * PEOPLE and set(recipients.values()) == {1}, recipients
    mentioned = Counter()
    for message in sink.messages:
        body = message.get_body(("plain",)).get_content()
        for line in body.splitlines():
            if line.strip().startswith("Request: "):
                mentioned[(message["To"], line.split(",")[0].split()[-1])] += 1
    assert set(mentioned.values()) == {1}, "a reminder arrived twice"
    app = make_app(pg_url, str(tmp_path))
    with app.app_context():
        decided = db.session.scalars(select(SentReminder)).all()
        assert len(decided) == sum(mentioned.values()), "every decided reminder arrived"
        db.session.remove()
        db.engine.dispose()
