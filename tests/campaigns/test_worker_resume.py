"""The worker, killed with SIGKILL half-way and started again, finishes with no duplicates."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from foia.campaigns.models import Campaign, CampaignAgency
from foia.documents.storage import store_for
from foia.extensions import db
from foia.requests.models import RecordsRequest, RequestLetter
from tests.support.app import make_app
from tests.support.filing import approved_campaign

ROOT = Path(__file__).resolve().parents[2]
AGENCIES = 24


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        requests = db.session.scalar(select(func.count()).select_from(RecordsRequest))
        letters = db.session.scalar(select(func.count()).select_from(RequestLetter))
        done = db.session.scalar(
            select(func.count()).where(CampaignAgency.letter_revision.is_not(None))
        )
        db.session.remove()
        return requests, letters, done


def test_killed_generation_resumes_without_duplicates_or_half_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    app = make_app(url, str(tmp_path))
    with app.app_context():
        upgrade()
        campaign_id = approved_campaign(app.test_cli_runner(), AGENCIES, "Resume")
        db.session.remove()
    env = {
        **os.environ,
        "FOIA_DATABASE_URL": url,
        "FOIA_DOCUMENTS_DIR": str(tmp_path / "documents"),
        "FOIA_SECRET_KEY": "test",
    }
    command = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "wsgi",
        "campaigns",
        "generate",
        str(campaign_id),
    ]
    worker = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while _counts(app)[2] < 3 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.05)
    os.killpg(worker.pid, signal.SIGKILL)  # the worker and its PDF processes, mid-way
    worker.wait()
    requests, letters, done = _counts(app)
    assert 3 <= done < AGENCIES, "killed half-way"
    assert requests == letters == done  # no half-written request

    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Generating letters" in again.stdout
    assert _counts(app) == (AGENCIES, AGENCIES, AGENCIES)
    with app.app_context():
        rows = db.session.execute(
            select(RecordsRequest.agency_id, func.count()).group_by(RecordsRequest.agency_id)
        ).all()
        assert len(rows) == AGENCIES and {n for _, n in rows} == {1}
        store = store_for(app.config)
        for letter in db.session.scalars(select(RequestLetter)):
            assert store.get(letter.pdf_sha256).startswith(b"%PDF")
        assert db.session.get(Campaign, campaign_id) is not None
        db.engine.dispose()
