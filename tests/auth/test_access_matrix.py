"""Every route, for every role and for anonymous visitors, answers as its declared rule says.

The table below is the contract. A route that is added without a row here fails the suite, so
nobody can add a page without deciding who may use it.
"""

import re

import pytest

from foia.auth.access import ACCESS_ATTR, PUBLIC
from tests.support.factories import create_agency, create_user, login_as

#: endpoint -> lowest role allowed ("public" for everyone).
EXPECTED = {
    "static": PUBLIC,
    "health.healthz": PUBLIC,
    "auth.login": PUBLIC,
    "auth.set_password": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.logout": "volunteer",
    "auth.users": "admin",
    "auth.invite": "admin",
    "auth.user_detail": "admin",
    "auth.change_role": "admin",
    "auth.toggle_active": "admin",
    "auth.login_two_factor": PUBLIC,
    "auth.two_factor": "volunteer",
    "auth.enable_two_factor": "volunteer",
    "auth.new_recovery_codes": "volunteer",
    "auth.disable_two_factor": "volunteer",
    "auth.sessions_list": "volunteer",
    "auth.sign_out_others": "volunteer",
    "dashboard.index": "volunteer",
    "dashboard.campaign": "volunteer",
    "dashboard.agencies": "volunteer",
    "dashboard.agencies_csv": "volunteer",
    "reminders.settings": "volunteer",
    "reminders.jobs": "admin",
    "reminders.outbox": "admin",
    "mail.status_page": "admin",
    "mail.status_json": "admin",
    "requests.assign": "lawyer",
    "requests.follow_up": "lawyer",
    "requests.send_follow_up": "lawyer",
    "reminders.campaign": "lawyer",
    "feeds.calendar": PUBLIC,
    "feeds.create_personal": "volunteer",
    "feeds.create_campaign": "lawyer",
    "feeds.revoke": "volunteer",
    "jurisdictions.index": "volunteer",
    "jurisdictions.calculator": "volunteer",
    "jurisdictions.closures": "admin",
    "jurisdictions.delete_closure": "admin",
    "jurisdictions.face_policies": "volunteer",
    "jurisdictions.new_face_policy": "lawyer",
    "jurisdictions.edit_face_policy": "lawyer",
    "agencies.index": "volunteer",
    "agencies.show": "volunteer",
    "agencies.new": "lawyer",
    "agencies.edit": "lawyer",
    "agencies.import_": "lawyer",
    "requests.index": "volunteer",
    "requests.show": "volunteer",
    "requests.new": "lawyer",
    "requests.add_event": "volunteer",
    "requests.remove_event": "lawyer",
    "requests.close": "lawyer",
    "requests.reopen": "lawyer",
    "requests.restore_event": "lawyer",
    "letters.templates": "volunteer",
    "letters.preview": "lawyer",
    "letters.preview_pdf": "lawyer",
    "letters.profile": "lawyer",
    "letters.signature": "lawyer",
    "letters.edit_template": "lawyer",
    "letters.edit_category": "lawyer",
    "letters.setup": "admin",
    "campaigns.index": "volunteer",
    "campaigns.new": "lawyer",
    "campaigns.show": "volunteer",
    "campaigns.progress": "volunteer",
    "campaigns.edit": "lawyer",
    "campaigns.approve": "lawyer",
    "campaigns.generate": "lawyer",
    "campaigns.file_all": "lawyer",
    # The filing preflight's answers: a contact, a channel, leaving an agency out.
    "campaigns.add_contact": "lawyer",
    "campaigns.set_channel": "lawyer",
    "campaigns.leave_out": "lawyer",
    "campaigns.put_back": "lawyer",
    "campaigns.resolve_all": "lawyer",
    "campaigns.agencies": "lawyer",
    "campaigns.add_agency": "lawyer",
    "campaigns.add_matching": "lawyer",
    "campaigns.remove_agency": "lawyer",
    "campaigns.preview": "lawyer",
    "campaigns.preview_pdf": "lawyer",
    "campaigns.letters_zip": "volunteer",
    "campaigns.letters_print": "volunteer",
    "filing.new_request": "lawyer",
    "requests.letter_pdf": "volunteer",
    "requests.approve": "lawyer",
    "requests.file_email": "lawyer",
    "requests.file_portal": "lawyer",
    "requests.file_mail": "lawyer",
    "requests.return_receipt": "lawyer",
    "requests.file_fax": "lawyer",
    "requests.send_correction": "lawyer",
    "requests.file_again": "lawyer",
    "filing.resolve_failure": "lawyer",
    # Responses, documents and search (issue 5); the request page's actions are requests.* (#15).
    "requests.log_response": "volunteer",
    "requests.code_outcomes": "volunteer",
    "requests.record_fee": "volunteer",
    "requests.add_note": "volunteer",
    "requests.add_tracking": "volunteer",
    "requests.chronology_pdf": "volunteer",
    "requests.chronology_zip": "volunteer",
    "inbox.index": "volunteer",
    "inbox.message": "volunteer",
    "inbox.original": "volunteer",
    "inbox.suggestion": "volunteer",
    "inbox.unassign": "volunteer",
    "requests.draft_appeal": "volunteer",
    "responses.appeal": "volunteer",
    "responses.review_appeal": "lawyer",
    "responses.file_appeal": "lawyer",
    "responses.appeal_pdf": "volunteer",
    "campaigns.results": "volunteer",
    "campaigns.results_csv": "volunteer",
    "documents.show": "volunteer",
    "documents.download": "volunteer",
    "search.index": "volunteer",
    "search.agency_names": "volunteer",
    "auditlog.index": "admin",
    "auditlog.export": "admin",
    # Findings (#17): volunteers read them and export them; only a lawyer decides or asks.
    "findings.document": "volunteer",
    "findings.suggest": "lawyer",
    "findings.confirm": "lawyer",
    "findings.reject": "lawyer",
    "findings.agency": "volunteer",
    "findings.campaign": "volunteer",
    "findings.campaign_csv": "volunteer",
    "findings.campaign_json": "volunteer",
    # The public tracker (#17 §2): a lawyer publishes a campaign and releases its documents;
    # its pages, exports and feed are open to anyone (404 unless published and past embargo).
    "campaigns.publishing_settings": "lawyer",
    "documents.set_public": "lawyer",
    "public.campaign": PUBLIC,
    "public.agency": PUBLIC,
    "public.document": PUBLIC,
    "public.findings_csv": PUBLIC,
    "public.findings_json": PUBLIC,
    "public.feed": PUBLIC,
}

LADDER = ["anonymous", "volunteer", "lawyer", "admin"]
#: Routes that end at the login page on purpose (logging out; a bad invitation link).
ENDS_AT_LOGIN = {
    "auth.logout",
    "auth.set_password",
    "auth.forgot_password",
    "auth.login_two_factor",  # no password step waiting for its code
}


def allowed(rule: str, who: str) -> bool:
    """Return whether `who` may use a route whose rule is `rule`."""
    if rule == PUBLIC:
        return True
    return who != "anonymous" and LADDER.index(who) >= LADDER.index(rule)


def test_every_endpoint_declares_a_rule_matching_the_table(app):
    declared = {}
    for endpoint, view in app.view_functions.items():
        declared[endpoint] = PUBLIC if endpoint == "static" else getattr(view, ACCESS_ATTR, None)
    undeclared = sorted(e for e, rule in declared.items() if rule is None)
    assert undeclared == [], f"routes without an access rule: {undeclared}"
    missing = sorted(set(declared) - set(EXPECTED))
    assert missing == [], f"add these endpoints to EXPECTED with their rule: {missing}"
    assert {e: declared[e] for e in EXPECTED if e in declared} == {
        e: r for e, r in EXPECTED.items() if e in declared
    }


def _url_for_rule(rule, ids) -> str:
    def fill(match):
        return str(ids.get(match.group(2), 1))

    return re.sub(r"<(?:(\w+):)?(\w+)>", fill, rule.rule)


@pytest.mark.parametrize("who", LADDER)
def test_each_route_answers_as_declared(app, who):
    agency = create_agency()
    target = create_user("volunteer", email="target@example.org")
    from foia.requests import operations

    records_request = operations.create_request(agency, "Matrix", owner=None, actor=None)
    from foia.extensions import db

    db.session.commit()
    ids = {
        "user_id": target.id,
        "agency_id": agency.id,
        "token": "x",
        "filename": "css/site.css",
        "request_id": records_request.id,
        "event_id": 999,
        "closure_id": 999,
    }
    client = app.test_client()
    if who != "anonymous":
        login_as(client, create_user(who))
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in EXPECTED:
            continue  # reported by the test above
        method = "GET" if "GET" in rule.methods else "POST"
        url = _url_for_rule(rule, ids)
        response = client.open(url, method=method)
        response.close()
        expected_rule = EXPECTED[rule.endpoint]
        context = f"{who} {method} {url} ({rule.endpoint}) -> {response.status_code}"
        if allowed(expected_rule, who):
            assert response.status_code not in (401, 403), context
            if rule.endpoint not in ENDS_AT_LOGIN:
                assert not response.headers.get("Location", "").startswith("/login"), context
        elif who == "anonymous":
            assert response.status_code == 302, context
            assert "/login" in response.headers["Location"], context
        else:
            assert response.status_code == 403, context
        if rule.endpoint == "auth.logout" and allowed(expected_rule, who):
            login_as(client, create_user(who))  # logging out ended the session
