"""Injection: SQL through every search and filter parameter, email headers, letter templates.

Stored XSS is swept page by page in test_sweeps.py, and CSV formulas in test_csv_exports.py.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foia.extensions import db
from foia.letters.render import TemplateRefused, clean_html, render_body
from tests.support.factories import create_agency

#: Every page that reads its query string, with the parameters it reads.
QUERY_PARAMETERS = {
    "/search": [
        "q",
        "campaign",
        "agency",
        "state",
        "status",
        "category",
        "kind",
        "date_from",
        "date_to",
        "page",
    ],
    "/requests": [
        "campaign_id",
        "agency_id",
        "state",
        "status",
        "owner_id",
        "due_from",
        "due_to",
        "page",
        "q",
    ],
    "/agencies": ["q", "state", "county", "level", "kind", "under_ban", "page"],
    "/dashboard/agencies": ["sort", "order", "campaign", "page"],
    "/dashboard/agencies.csv": ["sort", "order", "campaign"],
    "/deadlines": ["jurisdiction", "county", "agency_level", "received", "responded"],
    "/letters/preview": ["template", "agency_id"],
    "/campaigns/new": ["template"],
    "/requests/new": ["agency_id"],
    "/inbox": ["show"],
    "/face-policies": ["state", "status", "q"],
}
#: Strings that break naive SQL, LIKE patterns, full-text syntax, dates and integers.
NASTY = [
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE users; --",
    "%",
    "_",
    "\\",
    "a*",
    '"unterminated',
    "NEAR(",
    "(a OR",
    "-",
    "&|!",
    ":*",
    "\x00",
    "𝕏\u202e",
    "9" * 40,
    "-9223372036854775809",
    "2026-02-30",
    "99999-01-01",
]


def _assert_no_server_error(client, url: str, params: dict) -> None:
    response = client.get(url, query_string=params)
    response.close()
    assert response.status_code < 500, f"GET {url} {params!r} -> {response.status_code}"
    db.session.rollback()


@pytest.mark.slow
def test_every_query_parameter_survives_nasty_values(app, client_for):
    client = client_for("admin")
    create_agency()
    for url, names in QUERY_PARAMETERS.items():
        for name in names:
            for value in NASTY:
                _assert_no_server_error(client, url, {name: value})


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    url=st.sampled_from(sorted(QUERY_PARAMETERS)),
    data=st.data(),
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
)
def test_random_strings_in_query_parameters_never_cause_a_500(app, client_for, url, data, text):
    name = data.draw(st.sampled_from(QUERY_PARAMETERS[url]))
    _assert_no_server_error(_admin(app, client_for), url, {name: text})


_clients = {}


def _admin(app, client_for):
    # One admin per test run of the hypothesis test (examples share the function's fixtures).
    key = id(app), id(client_for)
    if key not in _clients:
        _clients.clear()
        _clients[key] = client_for("admin")
    return _clients[key]


# --- Email header injection ----------------------------------------------------------------


@pytest.mark.parametrize(
    "email", ["records@pd.example.org\r\nBcc: all@evil.example", "a@b.c\nX-Injected: 1"]
)
def test_agency_email_with_a_line_break_is_refused(lawyer_client, email):
    from foia.agencies.models import Agency

    create_agency("Existing", email="ok@example.org")
    response = lawyer_client.post(
        "/agencies/new",
        data={
            "name": "Injected PD",
            "jurisdiction": "US-MA",
            "level": "municipal",
            "kind": "police",
            "email": email,
        },
    )
    assert response.status_code in (200, 400)
    assert db.session.scalar(db.select(Agency).filter_by(name="Injected PD")) is None


def test_invitation_address_with_a_line_break_is_refused(admin_client):
    from foia.auth.models import User

    response = admin_client.post(
        "/admin/users/invite",
        data={"email": "new@example.org\r\nBcc: all@evil.example", "role": "volunteer"},
    )
    assert response.status_code == 400
    assert db.session.scalar(db.select(User).filter(User.email.like("new@%"))) is None


def test_reset_request_with_a_line_break_sends_nothing(client, smtp_server):
    from foia.mail import OutboundEmail

    response = client.post(
        "/forgot-password", data={"email": "a@example.org\r\nBcc: all@evil.example"}
    )
    assert response.status_code in (200, 302, 400)
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboundEmail)) == 0


def test_a_subject_built_from_user_text_cannot_add_headers(app):
    """Campaign names and references reach subjects: the outbox refuses line breaks outright."""
    from foia import mail

    for subject in ("Records\r\nBcc: all@evil.example", "Records\nX-Injected: 1", "a\rb"):
        with pytest.raises(mail.MailError):
            mail.queue_email("ok@example.org", subject, "x", kind="test")
    db.session.rollback()


# --- Template injection: every place a user's template is rendered ---------------------------

ATTACKS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ config }}",
    "{{ self._TemplateReference__context }}",
    "{{ cycler.__init__.__globals__ }}",
    "{% include '/etc/passwd' %}",
    "{% for x in range(10**9) %}x{% endfor %}",
    "{{ 'x' * 100000000 }}",
    "{{ lipsum }}",
    "{{ request }}",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_template_attacks_are_refused_or_inert(attack):
    try:
        out = render_body(attack, {"agency": {"name": "X"}})
    except TemplateRefused:
        return
    assert len(out) < 10_000 and "class" not in out and "SECRET" not in out, out


@pytest.mark.slow
def test_a_lawyers_template_is_rendered_in_the_sandbox_from_the_edit_page(app, lawyer_client):
    from foia.letters.models import RequestTemplate

    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed"]).exit_code == 0
    before = db.session.scalar(db.select(RequestTemplate.body).filter_by(slug="use-and-policy"))
    response = lawyer_client.post(
        "/letters/templates/use-and-policy/edit",
        data={"name": "X", "body": "{{ ''.__class__.__mro__ }}", "categories": ["use-policies"]},
    )
    assert response.status_code == 400
    assert "may not do" in response.get_data(as_text=True)
    db.session.expire_all()
    after = db.session.scalar(db.select(RequestTemplate.body).filter_by(slug="use-and-policy"))
    assert after == before


@pytest.mark.parametrize(
    "markup, kept",
    [
        ('<p class="x" onclick="steal()">Hi</p>', '<p class="x">Hi</p>'),
        ("<script>alert(1)</script><p>after</p>", "<p>after</p>"),
        ('<img src=x onerror="alert(1)">text', "text"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="https://mass.gov/law">law</a>', '<a href="https://mass.gov/law">law</a>'),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">', ""),
        ("<iframe src=https://evil.example></iframe>", ""),
        ('<form action="https://evil.example"><input name=p></form>', ""),
        ("<style>body{display:none}</style>", ""),
        (
            '<ol class="categories"><li><strong>1.</strong> Policies</li></ol>',
            '<ol class="categories"><li><strong>1.</strong> Policies</li></ol>',
        ),
        ("Fish &amp; chips &lt;b&gt;", "Fish &amp; chips &lt;b&gt;"),
    ],
)
def test_a_templates_own_markup_keeps_only_letter_formatting(markup, kept):
    assert clean_html(markup) == kept
    assert render_body(markup, {}) == kept


# --- Values that used to reach the deadline code unchecked and answer 500 -------------------


def test_an_unknown_county_is_refused_by_the_form_and_the_import(lawyer_client, app):
    from foia.agencies.csvio import parse_agencies_csv
    from foia.agencies.models import Agency

    create_agency("Existing")
    response = lawyer_client.post(
        "/agencies/new",
        data={
            "name": "Nowhere PD",
            "jurisdiction": "US-MA",
            "level": "municipal",
            "kind": "police",
            "county": "<script>Atlantis</script>",
        },
    )
    assert response.status_code in (200, 400)
    assert "unknown county" in response.text
    assert db.session.scalar(db.select(Agency).filter_by(name="Nowhere PD")) is None
    plan = parse_agencies_csv(
        b"name,jurisdiction,level,county\nNowhere PD,US-MA,municipal,Atlantis\n", {"US-MA"}
    )
    assert [p.column for p in plan.problems] == ["county"]
