"""Every page shows times in FOIA_TIMEZONE through one template filter, `local_time`."""

from datetime import UTC, datetime

from flask import render_template_string

# 01:16 UTC on 2 December is 20:16 on 1 December in New York (EST, UTC-5 in winter).
SENT = datetime(2026, 12, 2, 1, 16, tzinfo=UTC)


def test_a_time_is_shown_in_the_organisations_zone(app, monkeypatch):
    monkeypatch.setenv("FOIA_TIMEZONE", "America/New_York")
    with app.test_request_context():
        assert render_template_string("{{ t|local_time }}", t=SENT) == "01 Dec 2026 20:16 EST"
        assert render_template_string("{{ t|local_time('%d %b %Y') }}", t=SENT) == "01 Dec 2026"


def test_a_naive_time_is_utc_and_none_is_empty(app, monkeypatch):
    monkeypatch.setenv("FOIA_TIMEZONE", "Europe/Berlin")  # UTC+1 in winter
    with app.test_request_context():
        naive = SENT.replace(tzinfo=None)
        assert render_template_string("{{ t|local_time }}", t=naive) == "02 Dec 2026 02:16 CET"
        assert render_template_string("[{{ t|local_time }}]", t=None) == "[]"
