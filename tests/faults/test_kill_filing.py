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

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from foia import clock
from foia.campaigns import jobs, operations
from foia.extensions import db
from foia.requests.models import RecordsRequest
from tests.support.app import make_app
from tests.support.filing import assert_consistent, expire_leases, filed_count, filing_state
from tests.support.letters import set_up_organisation
from tests.support.processes import environment, run, run_and_kill, start_sink

AGENCIES = 20


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

    at_kill = run_and_kill(args, env, lambda: filed_count(app), 3)
    assert 3 <= at_kill < AGENCIES, "killed half-way"
    killed = filing_state(app)
    assert_consistent(killed)
    # The one request the killed run held (if the kill fell inside its work) keeps its lease.
    assert len(killed["claimed"]) <= 1
    in_flight = killed["claimed"]
    assert not in_flight & set(killed["events"]), "a filed request still leased"

    # Rerun at once: everything but the leased request is filed; the leased one is left alone.
    again = run(args, env)
    assert again.returncode == 0, again.stdout + again.stderr
    rerun = filing_state(app)
    assert_consistent(rerun)
    assert set(rerun["ids"]) - set(rerun["events"]) == in_flight
    assert (
        f"{AGENCIES - at_kill - len(in_flight)} filed, 0 not filed, "
        f"{len(in_flight)} held by another run." in again.stdout
    )

    # Once the leases run out, a last run files it; then nothing is left to do.
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
