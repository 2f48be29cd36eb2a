"""`flask mail send` killed (SIGKILL) in the middle of a message: the kill-after-accept window.

Killed before the server kept the message, the message is sent once by a later run. Killed after
the server kept it but before the sender recorded its 250, the sender cannot know: once the
claim runs out (mail.CLAIM) a later run sends it again, and that one recipient gets two copies.
This is the window docs/mail-delivery.md documents; every other recipient gets one copy.
"""

import os
import signal
import subprocess
from collections import Counter
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, update

from foia import clock, mail
from foia.extensions import db
from foia.mail import OutboundEmail
from tests.support.app import make_app
from tests.support.processes import ROOT, environment, flask_command, run
from tests.support.smtp_faults import FaultyServer, FaultySink

RECIPIENTS = [f"records{n}@town{n}.example.gov" for n in range(4)]


class KillingSink(FaultySink):
    """Kills the sender while it waits for the answer to its second message's DATA."""

    def __init__(self, keep_before_kill: bool) -> None:
        super().__init__()
        self.keep_before_kill = keep_before_kill
        self.victim: subprocess.Popen | None = None
        self.seen = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.seen += 1
        if self.seen != 2:
            return await super().handle_DATA(server, session, envelope)
        if self.keep_before_kill:
            await super().handle_DATA(server, session, envelope)  # accepted: in our queue
        os.killpg(self.victim.pid, signal.SIGKILL)
        return "451 4.3.0 the client is gone"


def _outbox(app) -> dict[str, OutboundEmail]:
    with app.app_context():
        found = {e.to_addr: e for e in db.session.scalars(select(OutboundEmail))}
        db.session.expunge_all()
        db.session.remove()
    return found


@pytest.mark.slow
@pytest.mark.parametrize("keep_before_kill", [False, True], ids=["before-accept", "after-accept"])
def test_a_kill_mid_message_repeats_it_only_after_the_server_accepted_it(
    tmp_path, keep_before_kill
):
    server = FaultyServer()
    server.sink = KillingSink(keep_before_kill)
    server.sink.port = server.port
    server.start()
    try:
        _check(tmp_path, server, keep_before_kill)
    finally:
        server.stop()


def _check(tmp_path, server, keep_before_kill: bool) -> None:
    url = f"sqlite:///{tmp_path / 'mail.sqlite3'}"
    app = make_app(url, str(tmp_path), SMTP_PORT=server.port)
    with app.app_context():
        upgrade()
        for to in RECIPIENTS:
            mail.queue_email(to, "Public records request", "Dear Officer,", kind="filing")
        db.session.commit()
        db.session.remove()
    env = environment(url, tmp_path, server.port)

    victim = subprocess.Popen(
        flask_command("mail", "send"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server.sink.victim = victim
    assert victim.wait(60) == -signal.SIGKILL
    killed = _outbox(app)
    in_flight = killed[RECIPIENTS[1]]
    assert killed[RECIPIENTS[0]].is_sent and not in_flight.is_sent
    assert in_flight.claimed_until is not None, "the killed sender still holds it"

    again = run(["mail", "send"], env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout == "Sent 2, still queued after failure 1.\n"  # held by the killed run

    with app.app_context():  # let the claim run out, as 10 minutes would
        db.session.execute(
            update(OutboundEmail).values(claimed_until=clock.now() - timedelta(seconds=1))
        )
        db.session.commit()
        db.session.remove()
    last = run(["mail", "send"], env)
    assert last.returncode == 0 and last.stdout == "Sent 1, still queued after failure 0.\n"
    assert all(e.is_sent for e in _outbox(app).values())

    copies = Counter(m["To"] for m in server.sink.messages)
    window = 2 if keep_before_kill else 1
    assert copies == Counter({**dict.fromkeys(RECIPIENTS, 1), RECIPIENTS[1]: window})
    with app.app_context():
        db.engine.dispose()
