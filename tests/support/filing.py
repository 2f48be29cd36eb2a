"""The kill-and-resume check of `flask campaigns file`, and the filing state it reads."""

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select, update

from foia import clock
from foia.campaigns import jobs, operations
from foia.extensions import db
from foia.mail import OutboundEmail
from foia.requests.models import ClockEvent, Communication, RecordsRequest
from tests.support.letters import set_up_organisation
from tests.support.processes import run, run_and_kill


def filed_count(app) -> int:
    """Return how many requests have a "filed" event."""
    with app.app_context():
        found = db.session.scalar(
            select(func.count()).select_from(ClockEvent).filter_by(kind="filed")
        )
        db.session.remove()
        return found


def filing_state(app) -> dict:
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


def assert_consistent(state) -> None:
    """No half-written filing: a filed event exactly when a communication, each at most once."""
    for request_id in state["ids"]:
        filed = state["events"][request_id]
        assert filed <= 1 and state["communications"][request_id] == filed, request_id
        assert state["queued"][request_id] <= 1, request_id
        assert state["sent"][request_id] >= filed, request_id  # filed only once sent


def expire_leases(app) -> None:
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


def approved_campaign(runner, agencies: int, name: str = "Kill") -> int:
    """Seed; return a campaign of `agencies` police departments, each with an email, approved."""
    assert runner.invoke(args=["seed"]).exit_code == 0
    set_up_organisation()
    chosen = operations.agencies_matching(
        operations.AgencyFilter(state="US-MA", level="municipal", kind="police")
    )[:agencies]
    for n, agency in enumerate(chosen):
        agency.email = f"records{n}@agency{n}.example.org"
    campaign = operations.create_campaign(
        {"name": name, "template_slug": "use-and-policy", "category_slugs": ["contracts"]},
        chosen,
        selection="test",
        actor=None,
    )
    operations.approve_campaign(campaign, actor=None)
    db.session.commit()
    return campaign.id


def kill_campaign(runner, agencies: int) -> int:
    """Return a campaign of `agencies` police departments, approved and its letters generated."""
    campaign_id = approved_campaign(runner, agencies)
    assert jobs.generate(campaign_id, today=clock.today(), workers=2) == {"created": agencies}
    jobs.close_pools()
    approved = db.session.scalar(
        select(func.count()).where(RecordsRequest.approved_at.is_not(None))
    )
    assert approved == agencies
    db.session.commit()
    return campaign_id


def assert_kill_and_resume(app, args, env, sink, agencies: int, processes: int) -> str:
    """Kill the filing command half-way, run it again until done; check each step; say what.

    Each of the command's `processes` holds at most one request at the kill, whose lease keeps
    it until it runs out; only a message in flight then may reach the server twice.
    """
    at_kill = run_and_kill(args, env, lambda: filed_count(app), 3)
    assert 3 <= at_kill < agencies, "killed half-way"
    killed = filing_state(app)
    assert_consistent(killed)
    # The request each process held (if the kill fell inside its work) keeps its lease.
    in_flight = killed["claimed"]
    assert len(in_flight) <= processes
    assert not in_flight & set(killed["events"]), "a filed request still leased"

    # Rerun at once: everything but the leased requests is filed; those are left alone.
    again = run(args, env)
    assert again.returncode == 0, again.stdout + again.stderr
    rerun = filing_state(app)
    assert_consistent(rerun)
    assert set(rerun["ids"]) - set(rerun["events"]) == in_flight
    assert (
        f"{agencies - at_kill - len(in_flight)} filed, 0 not filed, "
        f"{len(in_flight)} held by another run." in again.stdout
    )

    # Once the leases run out, a last run files them; then nothing is left to do.
    expire_leases(app)
    last = run(args, env)
    assert last.returncode == 0, last.stdout + last.stderr
    assert f"{len(in_flight)} filed, 0 not filed" in last.stdout
    assert "0 filed, 0 not filed" in run(args, env).stdout

    final = filing_state(app)
    assert_consistent(final)
    for request_id in final["ids"]:
        assert final["events"][request_id] == 1
        assert final["communications"][request_id] == 1
        assert final["queued"][request_id] == final["sent"][request_id] == 1
    assert not final["claimed"]
    # The agencies got every letter; only a message in flight at the kill may come twice
    # (accepted by the server after the sender died, so never recorded as sent).
    received = sink.counts()
    for request_id, message_id in final["message_ids"].items():
        times = received[message_id]
        assert times >= 1, request_id
        if times > 1:
            assert times == 2 and killed["sent"][request_id] == 0, request_id
            assert request_id in in_flight, request_id
    duplicates = sum(received.values()) - agencies
    assert duplicates <= len(in_flight)
    assert set(received) == set(final["message_ids"].values())
    return f"killed after {at_kill} filed; in flight {sorted(in_flight)}; duplicates {duplicates}"
