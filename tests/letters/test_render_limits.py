"""A lawyer's template is bounded in time, memory and output: refused at save, never a hang.

Issue #14 §3: a template that loops for minutes, builds a 100 MB string or computes a huge power
is refused quickly with a clear message, the web worker still answers, and a template stored
before the limits existed gives a clear message on preview and generation, not a hang or a 500.
"""

import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from foia.agencies.models import Agency
from foia.deadlines.rules import get_law
from foia.extensions import db
from foia.letters import sandbox
from foia.letters.context import AgencyInfo, RequesterInfo, letter_context, sample_context
from foia.letters.models import RequestTemplate
from foia.letters.render import MAX_OUTPUT_CHARS, check_template, render_body
from foia.requests.models import RecordsRequest
from tests.support.campaigns import create_via_page, five_agencies
from tests.support.factories import create_user, login_as
from tests.support.html import Page, page
from tests.support.letters import one_template_and_agency, set_up_organisation

SAMPLE = sample_context(get_law("US-MA", date(2026, 3, 2)), date(2026, 3, 2))
BODY_LABEL = "Letter body (sandboxed Jinja)"

LONG_LOOP = (
    "{% for a in 'x' * 1000 %}{% for b in 'x' * 1000 %}{% for c in 'x' * 1000 %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)
HUGE_STRING = "{{ ('a'*1000*1000*100)|length }}"
HUGE_POWER = "{{ ((10 ** 64) ** 64) ** 64 }}"
#: A width no operator check sees: only the child's memory limit stops it.
HUGE_FORMAT = "{{ '{:>900000000}'.format('a')|length }}"
#: Each chunk is small; together they pass the letter's size limit.
LONG_OUTPUT = "{% for a in 'x' * 1000 %}{{ 'y' * 1000 }}{% endfor %}"
#: A time bound met, with a margin for a slow machine (the child restarts after a kill).
QUICKLY = sandbox.RENDER_SECONDS + 2.5

BAD_TEMPLATES = [
    pytest.param(LONG_LOOP, "took longer than 2 seconds", id="long-loop"),
    pytest.param(HUGE_STRING, "builds a text of 1,000,000 characters", id="huge-string"),
    pytest.param(HUGE_POWER, "computes a number of about", id="huge-power"),
    pytest.param("{{ 9 ** 99999999 }}", "computes a number of about", id="huge-power-literal"),
    pytest.param(HUGE_FORMAT, "needs more than 256 MB of memory", id="huge-format-width"),
    pytest.param(LONG_OUTPUT, "The letter is too long", id="long-output"),
]


def _timed(fn, *args, **kwargs):
    started = time.monotonic()
    result = fn(*args, **kwargs)
    return result, time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize(("source", "message"), BAD_TEMPLATES)
def test_a_template_past_a_bound_is_refused_quickly_with_a_clear_message(source, message):
    problems, seconds = _timed(check_template, source, SAMPLE)
    assert len(problems) == 1 and message in problems[0], problems
    assert seconds < QUICKLY
    # The renderer is still there for the next letter.
    assert render_body("<p>{{ agency.name }}</p>", SAMPLE) == "<p>Example Police Department</p>"


def test_bounds_built_in_the_sandbox_refuse_without_running_the_template():
    for source in (HUGE_STRING, HUGE_POWER):
        _, seconds = _timed(check_template, source, SAMPLE)
        assert seconds < 0.5, source


def test_a_letter_just_under_the_output_limit_still_renders():
    source = f"{{{{ 'y' * {MAX_OUTPUT_CHARS - 10} }}}}"
    assert len(render_body(source, SAMPLE, html=False)) == MAX_OUTPUT_CHARS - 10


def test_a_renderer_killed_from_outside_is_replaced():
    assert render_body("{{ agency.name }}", SAMPLE, html=False) == "Example Police Department"
    for child in list(sandbox._POOL._idle):
        os.kill(child.process.pid, signal.SIGKILL)
        child.process.wait()
    assert render_body("{{ agency.name }}", SAMPLE, html=False) == "Example Police Department"


def test_the_renderer_gets_none_of_the_servers_secrets(monkeypatch):
    monkeypatch.setenv("FOIA_SECRET_KEY", "s3cret")
    monkeypatch.setenv("FOIA_DATABASE_URL", "postgresql://user:pw@db/foia")
    env = sandbox._child_environment()
    assert not {name for name in env if name.startswith("FOIA_")}
    assert "s3cret" not in env.values()


def test_a_campaigns_batch_of_300_letters_stays_fast():
    """300 letters through the child cost a round trip each, not a Python start (0.4 s) each."""
    from foia.seed.loaders import TEMPLATE_DIR, parse_template_file

    body = parse_template_file(TEMPLATE_DIR / "use-and-policy.html")["body"]
    law, today = get_law("US-MA", date(2026, 3, 2)), date(2026, 3, 2)
    contexts = [
        letter_context(
            AgencyInfo(f"Town {n} Police Department", f"{n} Main St\nTown, MA", f"Officer {n}"),
            law,
            RequesterInfo("Jane Roe", "Digital Rights Project"),
            [],
            date(2019, 1, 1),
            None,
            today,
        )
        for n in range(300)
    ]
    render_body(body, contexts[0])  # a child started and the template compiled
    letters, seconds = _timed(lambda: [render_body(body, c) for c in contexts])
    assert all(f"Town {n} Police Department" in letters[n] for n in (0, 150, 299))
    assert seconds < 6, f"300 letters took {seconds:.1f} s"


# --- Saving a template ----------------------------------------------------------------------


@pytest.fixture
def template(app) -> Agency:
    """One category, one template and one agency: what saving and previewing need."""
    agency = one_template_and_agency()
    set_up_organisation()
    return agency


@pytest.fixture
def seeded(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    set_up_organisation()


def _stored_body() -> str:
    db.session.expire_all()
    return db.session.scalar(select(RequestTemplate.body).filter_by(slug="use-and-policy"))


@pytest.mark.slow
@pytest.mark.parametrize(("source", "message"), BAD_TEMPLATES)
def test_saving_a_template_past_a_bound_is_refused_and_changes_nothing(
    template, lawyer_client, source, message
):
    before = _stored_body()
    response, seconds = _timed(
        lawyer_client.post,
        "/letters/templates/use-and-policy/edit",
        data={"name": "Use and policy", "body": source, "categories": ["use-policies"]},
    )
    assert seconds < QUICKLY
    assert response.status_code == 400
    error = page(response).error_for(BODY_LABEL)
    assert error.startswith("Not saved: ") and message in error
    assert _stored_body() == before
    assert lawyer_client.get("/letters/templates").status_code == 200


@pytest.fixture
def one_worker(app):
    """The app served over HTTP by one single-threaded worker, as a gunicorn sync worker."""
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def _http(url: str, cookie: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.slow
def test_a_looping_template_never_holds_the_worker(template, app, one_worker):
    client = login_as(app.test_client(), create_user("lawyer"))
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = f"{name}={client.get_cookie(name).value}"
    (status, html), seconds = _timed(
        _http,
        f"{one_worker}/letters/templates/use-and-policy/edit",
        cookie,
        {"name": "Use and policy", "body": LONG_LOOP, "categories": ["use-policies"]},
    )
    assert status == 400 and seconds < QUICKLY
    assert "took longer than 2 seconds" in Page(html).error_for(BODY_LABEL)
    (status, _), seconds = _timed(_http, f"{one_worker}/letters/templates", cookie)
    assert status == 200 and seconds < 2


# --- A template stored before the limits ------------------------------------------------------


def _store_unchecked(body: str) -> None:
    """Put a template in the database as an older version of the app would have saved it."""
    template = db.session.scalar(select(RequestTemplate).filter_by(slug="use-and-policy"))
    template.body = body
    db.session.commit()


@pytest.mark.slow
def test_a_stored_looping_template_gives_a_message_on_preview(template, lawyer_client):
    _store_unchecked(LONG_LOOP)
    for url in (
        f"/letters/preview?template=use-and-policy&agency_id={template.id}",
        f"/letters/preview.pdf?template=use-and-policy&agency_id={template.id}",
    ):
        response, seconds = _timed(lawyer_client.get, url)
        assert response.status_code == 422 and seconds < QUICKLY, url
        (alert,) = page(response).texts("[role=alert]")
        assert alert.startswith("This letter cannot be rendered: The template took longer")


@pytest.mark.slow
def test_a_stored_template_past_a_bound_stops_campaign_generation_with_a_message(
    seeded, lawyer_client, runner
):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    assert lawyer_client.post(f"/campaigns/{campaign.id}/approve").status_code == 302
    _store_unchecked(HUGE_FORMAT)
    for url in (
        f"/campaigns/{campaign.id}/preview?agency_id={campaign.members[0].agency_id}",
        f"/campaigns/{campaign.id}/preview.pdf?agency_id={campaign.members[0].agency_id}",
    ):
        response = lawyer_client.get(url)
        assert response.status_code == 422, url
        assert "needs more than 256 MB" in page(response).texts("[role=alert]")[0]
    response = lawyer_client.post(f"/campaigns/{campaign.id}/generate", follow_redirects=True)
    assert response.status_code == 200
    (flash,) = [f for f in page(response).flashes() if "cannot be generated" in f]
    assert "needs more than 256 MB of memory" in flash
    assert db.session.scalar(select(func.count()).select_from(RecordsRequest)) == 0
    result = runner.invoke(args=["campaigns", "generate", str(campaign.id), "--workers", "1"])
    assert result.exit_code == 1
    assert "needs more than 256 MB of memory" in result.output
    assert db.session.scalar(select(func.count()).select_from(RecordsRequest)) == 0
