"""`flask campaigns file`, killed with SIGKILL half-way and run again, files each request once.

What the code guarantees, and what this test pins down:

* every step commits on its own, so at any kill point a request is either filed (one "filed"
  event, one outgoing Communication, its outbox email sent) or not filed at all;
* the run killed while it held a request leaves that request's lease (and its email's lease)
  in place: a rerun before FILING_CLAIM / mail.CLAIM (10 minutes) runs out leaves that request
  alone and says nothing about it; once the leases run out a rerun finishes it;
* the one at-least-once window of any SMTP sender: the server may keep a message whose "250"
  the killed sender never recorded, and the rerun sends it again with the same Message-ID.
"""

from collections import Counter
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, update

from foia import clock
from foia.campaigns import jobs, operations
from foia.extensions import db
from foia.mail import OutboundEmail
from foia.requests.models import ClockEvent, Communication, RecordsRequest
from tests.support.app import make_app
from tests.support.letters import set_up_organisation
from tests.support.processes import environment, run, run_and_kill, start_sink

AGENCIES = 20


def _filed(app) -> int:
    with app.app_context():
        found = db.session.scalar(
            select(func.count()).select_from(ClockEvent).filter_by(kind="filed")
        )
        db.session.remove()
        return found


def _state(app) -> dict:
    """Per request: filed events, outgoing communications, outbox rows, sent rows, claims."""
    with app.app_context():
        ids = list(db.session.scalars(select(RecordsRequest.id)))
        events = Counter(db.session.scalars(select(ClockEvent.request_id).filter_by(kind="filed")))
        communications = Counter(
            db.session.scalars(
                select(Communication.request_id).filter_by(direction="out", channel="email")
            )
        )
        emails = db.session.execute(
            select(OutboundEmail.request_id, OutboundEmail.sent_at, OutboundEmail.message_id)
        ).all()
        claimed = set(
            db.session.scalars(
                select(RecordsRequest.id).where(RecordsRequest.filing_claimed_until.is_not(None))
            )
        )
        db.session.remove()
    return {
        "ids": ids,
        "events": events,
        "communications": communications,
        "queued": Counter(r for r, _, _ in emails),
        "sent": Counter(r for r, sent, _ in emails if sent is not None),
        "message_ids": {r: m for r, _, m in emails},
        "claimed": claimed,
    }


def _consistent(state) -> None:
    """No half-written filing: a filed event exactly when a communication, each at most once."""
    for request_id in state["ids"]:
        filed = state["events"][request_id]
        assert filed <= 1 and state["communications"][request_id] == filed, request_id
        assert state["queued"][request_id] <= 1, request_id
        assert state["sent"][request_id] >= filed, request_id  # filed only once sent


def _expire_leases(app) -> None:
    """Let the killed worker's leases run out (as 10 minutes would)."""
    with app.app_context():
        past = clock.now() - timedelta(seconds=1)
        db.session.execute(
            update(RecordsRequest)
            .where(RecordsRequest.filing_claimed_until.is_not(None))
            .values(filing_claimed_until=past)
        )
        db.session.execute(
            update(OutboundEmail)
            .where(OutboundEmail.claimed_until.is_not(None))
            .values(claimed_until=past)
        )
        db.session.commit()
        db.session.remove()


@pytest.mark.slow
def test_killed_filing_run_files_every_request_once(tmp_path):
    sink, controller = start_sink()
    try:
        _check(tmp_path, sink)
    finally:
        controller.stop()


def _check(tmp_path, sink) -> None:
    url = f"sqlite:///{tmp_path / 'filing.sqlite3'}"
    app = make_app(url, str(tmp_path), SMTP_PORT=sink.port)
    with app.app_context():
        upgrade()
        assert app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
        set_up_organisation()
        agencies = operations.agencies_matching(
            operations.AgencyFilter(state="US-MA", level="municipal", kind="police")
        )[:AGENCIES]
        for n, agency in enumerate(agencies):
            agency.email = f"records{n}@agency{n}.example.org"
        campaign = operations.create_campaign(
            {"name": "Kill", "template_slug": "use-and-policy", "category_slugs": ["contracts"]},
            agencies,
            selection="test",
            actor=None,
        )
        operations.approve_campaign(campaign, actor=None)
        db.session.commit()
        campaign_id = campaign.id
        assert jobs.generate(campaign_id, today=clock.today(), workers=4) == {"created": AGENCIES}
        jobs.close_pools()
        approved = db.session.scalar(
            select(func.count()).where(RecordsRequest.approved_at.is_not(None))
        )
        assert approved == AGENCIES
        db.session.remove()
    env = environment(url, tmp_path, sink.port)
    args = ["campaigns", "file", str(campaign_id)]

    at_kill = run_and_kill(args, env, lambda: _filed(app), 3)
    assert 3 <= at_kill < AGENCIES, "killed half-way"
    killed = _state(app)
    _consistent(killed)
    # The one request the killed run held (if the kill fell inside its work) keeps its lease.
    assert len(killed["claimed"]) <= 1
    in_flight = killed["claimed"]
    assert not in_flight & set(killed["events"]), "a filed request still leased"

    # Rerun at once: everything but the leased request is filed; the leased one is left alone.
    again = run(args, env)
    assert again.returncode == 0, again.stdout + again.stderr
    rerun = _state(app)
    _consistent(rerun)
    assert set(rerun["ids"]) - set(rerun["events"]) == in_flight
    assert (
        f"{AGENCIES - at_kill - len(in_flight)} filed, 0 not filed, "
        f"{len(in_flight)} held by another run." in again.stdout
    )

    # Once the leases run out, a last run files it; then nothing is left to do.
    _expire_leases(app)
    last = run(args, env)
    assert last.returncode == 0, last.stdout + last.stderr
    assert f"{len(in_flight)} filed, 0 not filed" in last.stdout
    assert "0 filed, 0 not filed" in run(args, env).stdout

    final = _state(app)
    _consistent(final)
    for request_id in final["ids"]:
        assert final["events"][request_id] == 1
        assert final["communications"][request_id] == 1
        assert final["queued"][request_id] == final["sent"][request_id] == 1
    assert not final["claimed"]
    # The agencies got every letter; only the message in flight at the kill may come twice
    # (accepted by the server after the sender died, so never recorded as sent).
    received = sink.counts()
    for request_id, message_id in final["message_ids"].items():
        times = received[message_id]
        assert times >= 1, request_id
        if times > 1:
            assert times == 2 and killed["sent"][request_id] == 0, request_id
            assert request_id in in_flight, request_id
    assert sum(received.values()) - AGENCIES <= 1
    assert set(received) == set(final["message_ids"].values())
    print(  # noqa: T201 - the report of the window, shown with -s
        f"killed after {at_kill} filed; in flight {sorted(in_flight)};"
        f" duplicates {sum(received.values()) - AGENCIES}"
    )
