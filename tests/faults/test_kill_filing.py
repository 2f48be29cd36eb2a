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

from foia.extensions import db
from tests.support.app import make_app
from tests.support.filing import assert_kill_and_resume, kill_campaign
from tests.support.processes import environment, start_sink

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
        campaign_id = kill_campaign(app.test_cli_runner(), AGENCIES)
        db.session.remove()
    env = environment(url, tmp_path, sink.port)
    args = ["campaigns", "file", str(campaign_id)]
    report = assert_kill_and_resume(app, args, env, sink, AGENCIES, processes=1)
    print(report)  # noqa: T201 - the report of the window, shown with -s
