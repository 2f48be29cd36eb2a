"""`flask campaigns file --workers 2` on PostgreSQL, killed half-way and run again.

The same guarantees as tests/faults/test_kill_filing.py (one process, SQLite), with two
processes filing side by side: at the kill, each request is filed once or not at all; each
process held at most one request, whose lease keeps it until it runs out; a rerun finishes the
rest, and only a message in flight at the kill may reach the server twice.
"""

import pytest
from sqlalchemy import func, select

from foia import clock
from foia.campaigns import jobs, operations
from foia.extensions import db
from foia.requests.models import RecordsRequest
from tests.support.filing import assert_consistent, expire_leases, filed_count, filing_state
from tests.support.letters import set_up_organisation
from tests.support.processes import environment, run, run_and_kill, start_sink

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow]

#: More than one batch (foia.filing.batch.BATCH), so the command files with two processes.
AGENCIES = 30
WORKERS = 2


@pytest.fixture
def sink():
    """A slow SMTP server on loopback, so that the kill lands mid-run."""
    sink, controller = start_sink()
    yield sink
    controller.stop()


def test_killed_parallel_filing_files_every_request_once(app, runner, database_url, tmp_path, sink):
    campaign_id = _campaign(runner)
    env = environment(database_url, tmp_path, sink.port)
    env["FOIA_DOCUMENTS_DIR"] = str(app.config["DOCUMENTS_DIR"])
    args = ["campaigns", "file", str(campaign_id), "--workers", str(WORKERS)]

    at_kill = run_and_kill(args, env, lambda: filed_count(app), 3)
    assert 3 <= at_kill < AGENCIES, "killed half-way"
    killed = filing_state(app)
    assert_consistent(killed)
    in_flight = killed["claimed"]
    assert len(in_flight) <= WORKERS  # at most one request held by each process
    assert not in_flight & set(killed["events"]), "a filed request still leased"

    again = run(args, env)
    assert again.returncode == 0, again.stdout + again.stderr
    rerun = filing_state(app)
    assert_consistent(rerun)
    assert set(rerun["ids"]) - set(rerun["events"]) == in_flight
    assert (
        f"{AGENCIES - at_kill - len(in_flight)} filed, 0 not filed, "
        f"{len(in_flight)} held by another run." in again.stdout
    )

    expire_leases(app)
    last = run(args, env)
    assert last.returncode == 0, last.stdout + last.stderr
    assert f"{len(in_flight)} filed, 0 not filed" in last.stdout

    final = filing_state(app)
    assert_consistent(final)
    for request_id in final["ids"]:
        assert final["events"][request_id] == final["communications"][request_id] == 1
        assert final["queued"][request_id] == final["sent"][request_id] == 1
    assert not final["claimed"]
    received = sink.counts()
    for request_id, message_id in final["message_ids"].items():
        times = received[message_id]
        assert times == 1 or (times == 2 and request_id in in_flight), request_id
    assert set(received) == set(final["message_ids"].values())


def _campaign(runner) -> int:
    """Seed, and return a campaign of AGENCIES police departments, approved and generated."""
    assert runner.invoke(args=["seed"]).exit_code == 0
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
    assert jobs.generate(campaign.id, today=clock.today(), workers=2) == {"created": AGENCIES}
    jobs.close_pools()
    approved = db.session.scalar(
        select(func.count()).where(RecordsRequest.approved_at.is_not(None))
    )
    assert approved == AGENCIES
    db.session.commit()
    return campaign.id
