"""One owner for the request page (#15): its routes live in the requests blueprint, and it
computes the deadlines once. (No package using another's private names is checked by
tests/test_import_rules.py.)"""

import re

from foia import clock
from foia.requests import clocks
from tests.support.html import page as parse
from tests.support.responses import filed_request, recent_monday


def test_the_request_page_and_its_actions_belong_to_the_requests_blueprint(app):
    on_a_request = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if re.match(r"/requests/<int:request_id>(/|$)", rule.rule)
    ]
    assert "requests.show" in on_a_request
    assert len(on_a_request) > 20, "the filing and response actions are on the page too"
    strays = sorted(e for e in on_a_request if not e.startswith("requests."))
    assert not strays, strays


def test_the_request_page_computes_the_deadlines_once(app, volunteer_client, monkeypatch):
    records_request = filed_request(recent_monday(clock.today()))
    computed = []
    real = clocks.compute_deadlines

    # Counts the real computation, which still runs: the page must show what it returns.
    def counted(*args, **kwargs):
        computed.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(clocks, "compute_deadlines", counted)
    shown = parse(volunteer_client.get(f"/requests/{records_request.id}"))
    assert shown.texts("#clocks-heading + p")[0].startswith("Received")
    assert len(computed) == 1
