"""Sweeps over every page of a realistic organisation whose every text field holds an XSS payload.

- Headers: each page, for each role, carries a strict Content-Security-Policy, nosniff, a
  referrer policy and frame denial; private pages are never cacheable.
- Stored XSS: no page contains an inline script, an event handler or a javascript: URL, and the
  payloads are shown as text on the pages that show those fields.
- Privilege: a volunteer receives the privileged note in no page, export, feed, search or email.
- Authorisation: ids of nothing answer 404 (never 500); a volunteer's attempts at lawyer and admin
  actions on real objects are refused and change nothing; feeds belong to their owners.
"""

import io
import re
import zipfile

import pytest
import tinyhtml5
from pypdf import PdfReader
from sqlalchemy import select

from foia.auth.access import ACCESS_ATTR, PUBLIC
from foia.auth.models import User
from foia.extensions import db
from foia.requests.models import RecordsRequest
from foia.web import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY
from tests.security.htmlcheck import problems
from tests.support.sweeps import LADDER, PAYLOAD, client_as, feed_urls, fill, get_routes, row_counts
from tests.support.world import SECRET_WORD

#: Directives the policy must set, with the only sources each may list.
REQUIRED_DIRECTIVES = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'", "'none'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
ALLOWED_SOURCES = {"'self'", "'none'"}


def parse_policy(value: str) -> dict[str, list[str]]:
    """Split a Content-Security-Policy header into {directive: sources}."""
    directives = {}
    for part in value.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} appears twice"
        directives[name] = sources
    return directives


def policy_problems(value: str) -> list[str]:
    """Return what makes a policy weaker than 'same origin only, no inline code'."""
    directives = parse_policy(value)
    if "sandbox" in directives and directives.get("default-src") == ["'none'"]:
        return []  # a download: it may load and run nothing at all
    found = []
    for name, allowed in REQUIRED_DIRECTIVES.items():
        if name not in directives:
            found.append(f"{name} is missing")
        elif not set(directives[name]) <= allowed:
            found.append(f"{name} {directives[name]} allows more than {sorted(allowed)}")
    for name, sources in directives.items():
        extra = set(sources) - ALLOWED_SOURCES - ({"data:"} if name == "img-src" else set())
        if extra:
            found.append(f"{name} allows {sorted(extra)} (inline, eval or other origins)")
    return found


def header_problems(response) -> list[str]:
    """Return what is missing from or wrong in a response's security headers."""
    headers = response.headers
    found = policy_problems(headers.get("Content-Security-Policy", "missing"))
    expected = {
        "X-Content-Type-Options": {"nosniff"},
        "X-Frame-Options": {"DENY"},
        "Referrer-Policy": {"same-origin", "no-referrer", "strict-origin-when-cross-origin"},
        "Permissions-Policy": {PERMISSIONS_POLICY},
        "Cross-Origin-Opener-Policy": {"same-origin"},
    }
    for name, values in expected.items():
        if headers.get(name) not in values:
            found.append(f"{name}: {headers.get(name)!r}")
    return found


@pytest.mark.parametrize(
    "policy",
    [
        "default-src 'self'; script-src 'self' 'unsafe-inline'",
        "default-src *; script-src 'self'",
        CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' https://cdn.example"),
        CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ""),
    ],
)
def test_the_policy_check_catches_weak_policies(policy):
    assert policy_problems(policy)


def test_the_app_policy_is_strict():
    assert policy_problems(CONTENT_SECURITY_POLICY) == []


@pytest.mark.slow
@pytest.mark.parametrize("who", LADDER)
def test_every_page_carries_the_headers_and_no_inline_code(_session_app, world, who):
    client = client_as(_session_app, world, who)
    urls = [
        (fill(rule, world["ids"]), _is_private(_session_app, rule.endpoint))
        for rule in get_routes(_session_app)
    ]
    urls += [(url, False) for url in feed_urls(world)]
    urls += [("/no-such-page", False), ("/requests/999999", True), ("/static/css/site.css", False)]
    seen = {}
    for url, is_private in urls:
        response = client.get(url)
        response.close()
        seen[url] = response.status_code
        assert response.status_code < 500, f"{who} GET {url} -> {response.status_code}"
        assert header_problems(response) == [], f"{who} GET {url}"
        if response.mimetype == "text/html":
            assert problems(response.get_data(as_text=True)) == [], f"{who} GET {url}"
        if is_private and response.status_code == 200:
            cache = response.headers.get("Cache-Control", "")
            assert "no-store" in cache, f"{who} GET {url}: a cache may keep it ({cache})"
    pages = sum(1 for code in seen.values() if code == 200)
    assert pages >= (3 if who == "anonymous" else 30), seen


def _is_private(app, endpoint: str) -> bool:
    return getattr(app.view_functions[endpoint], ACCESS_ATTR, PUBLIC) != PUBLIC


# --- Stored XSS: the payloads are on the pages, as text --------------------------------------

#: Pages that show the fields the world filled with the payload, and how many payloads each shows.
SHOWN_ON = {
    "/agencies/{agency_id}": 3,  # name, officer, address, notes ...
    "/agencies?q=Police": 1,
    "/campaigns": 1,
    "/campaigns/{campaign_id}": 2,
    "/campaigns/{campaign_id}/results": 1,
    "/dashboard/agencies": 1,
    "/requests": 1,
    "/requests/{request_id}": 5,  # notes, sender, summary, file name, template text ...
    "/requests/{request_id}/follow-up": 1,
    "/attachments/{attachment_id}": 1,
    "/inbox/{email_id}": 2,
    "/appeals/{appeal_id}": 1,
    "/admin/closures": 1,
    "/admin/users": 1,
    "/letters/templates": 1,
    "/letters/categories/{category_id}/edit": 1,
    "/search?q=summary": 1,
}


def test_stored_payloads_are_shown_as_text(_session_app, world):
    client = client_as(_session_app, world, "admin")
    for pattern, least in SHOWN_ON.items():
        url = pattern.format(**world["ids"])
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert problems(html) == [], url
        shown = visible_text(html).count(PAYLOAD)
        assert shown >= least, f"{url} shows the payload {shown} times as text, expected {least}+"


def visible_text(html: str) -> str:
    """Return the text a person reads (and the values of form fields), markup removed."""
    root = tinyhtml5.parse(html)
    parts = []
    for element in root.iter():
        parts += [element.text or "", element.tail or "", element.attrib.get("value", "")]
    return "".join(parts)


# --- Privileged notes never reach a volunteer ---------------------------------------------------


def _texts(response) -> list[str]:
    """Return every text a response carries: pages, CSV, calendars, PDFs and ZIP members."""
    data = response.get_data()
    return _texts_of(data)


def _texts_of(data: bytes) -> list[str]:
    if data.startswith(b"%PDF"):
        return [" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)]
    if data.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(data))
        return [t for name in archive.namelist() for t in _texts_of(archive.read(name))]
    return [data.decode("utf-8", errors="replace")]


def test_a_volunteer_never_receives_the_privileged_note(_session_app, world):
    volunteer = client_as(_session_app, world, "volunteer")
    lawyer = client_as(_session_app, world, "lawyer")
    urls = [fill(rule, world["ids"]) for rule in get_routes(_session_app)] + feed_urls(world)
    urls += [f"/search?q={SECRET_WORD}", f"/requests?q={SECRET_WORD}", "/inbox?show=all"]
    fetched = 0
    for url in urls:
        response = volunteer.get(url)
        if response.status_code == 200:
            fetched += 1
            leaked = [t for t in _texts(response) if SECRET_WORD in t]
            if url.startswith("/search") or url.startswith("/requests?"):
                leaked = [t for t in leaked if SECRET_WORD in visible_results(t)]
            assert leaked == [], f"the privileged note reached a volunteer through {url}"
        response.close()
    assert fetched >= 30
    # The note is there to find: a lawyer sees it on the page and in search.
    request_id = world["ids"]["request_id"]
    assert SECRET_WORD in lawyer.get(f"/requests/{request_id}").get_data(as_text=True)
    assert SECRET_WORD in visible_results(
        lawyer.get(f"/search?q={SECRET_WORD}").get_data(as_text=True)
    )


def visible_results(html: str) -> str:
    """Return a results page without its search box (which repeats the query)."""
    root = tinyhtml5.parse(html)
    for form in [e for e in root.iter() if str(e.tag).endswith("}form")]:
        form.clear()
    return "".join(t for e in root.iter() for t in (e.text or "", e.tail or ""))


# --- Authorisation: nonexistent ids, other roles' actions, other people's feeds ---------------

#: Ids that name nothing: one past anything made, and one larger than any database integer.
NOTHING = (987_654, 2**64)


def _int_args(rule) -> list[str]:
    return [name for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule.rule) if kind == "int"]


def test_ids_of_nothing_answer_404_and_change_nothing(_session_app, world):
    admin = client_as(_session_app, world, "admin")
    before = row_counts()
    checked = 0
    for rule in _session_app.url_map.iter_rules():
        for name in _int_args(rule):
            for missing in NOTHING:
                url = fill(rule, {**world["ids"], name: missing})
                method = "GET" if "GET" in rule.methods else "POST"
                response = admin.open(url, method=method, data={"body": "x", "name": "x"})
                response.close()
                # 405: an id too large to match any route, on a path another method also uses.
                assert response.status_code in (404, 405), (
                    f"{method} {url} -> {response.status_code}"
                )
                checked += 1
    assert row_counts() == before
    assert checked >= 40


def _rule_of(app, endpoint: str) -> str:
    return getattr(app.view_functions[endpoint], ACCESS_ATTR, PUBLIC)


#: Form values that would pass each lawyer form's validation, so a refusal is the role check.
PLAUSIBLE = {
    "name": "Changed",
    "title": "Changed",
    "body": "Changed",
    "role": "admin",
    "email": "new@example.org",
    "reason": "Changed",
    "closed_on": "2030-01-02",
    "filed_on": "2030-01-02",
    "submitted_on": "2030-01-02",
    "mailed_on": "2030-01-02",
    "sent_on": "2030-01-02",
    "received_on": "2030-01-02",
    "portal": "https://portal.example.org",
    "fax_number": "555-0100",
    "channel": "mail",
    "line": "Changed",
    "template": "use-and-policy",
    "categories": "use-policies",
    "slug": "changed",
    "wording": "Changed",
    "is_privileged": "y",
    "owner_id": "",
    "volunteer_id": "",
    "is_automatic": "y",
    "interval_days": "5",
}


@pytest.mark.parametrize("who", ["volunteer", "lawyer"])
def test_lower_roles_are_refused_on_real_objects_and_change_nothing(_session_app, world, who):
    client = client_as(_session_app, world, who)
    above = LADDER[LADDER.index(who) + 1 :]
    before = row_counts()
    refused = []
    for rule in _session_app.url_map.iter_rules():
        if _rule_of(_session_app, rule.endpoint) not in above:
            continue
        url = fill(rule, world["ids"])
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(url, method=method, data=PLAUSIBLE)
            response.close()
            assert response.status_code == 403, f"{who} {method} {url} -> {response.status_code}"
            refused.append(f"{method} {url}")
    assert row_counts() == before, f"a refused {who} request changed the database"
    assert len(refused) >= (40 if who == "volunteer" else 8), refused


def test_a_feed_is_revoked_only_by_its_owner_or_a_lawyer_for_a_campaign(_session_app, world):
    from foia.feeds.models import CalendarFeed

    volunteer = client_as(_session_app, world, "volunteer")
    lawyer = client_as(_session_app, world, "lawyer")
    feeds = world["feeds"]
    attempts = [
        (volunteer, feeds["lawyer"]),
        (volunteer, feeds["campaign"]),
        (lawyer, feeds["volunteer"]),
    ]
    for client, feed_id in attempts:
        assert client.post(f"/calendar-feeds/{feed_id}/revoke").status_code == 403
    assert all(db.session.get(CalendarFeed, f).is_active for f in feeds.values())
    for token in world["tokens"].values():
        assert (
            client_as(_session_app, world, "anonymous").get(f"/calendar/{token}.ics").status_code
            == 200
        )
    # A guessed or altered token finds nothing.
    token = world["tokens"]["lawyer"]
    for guess in (token[:-1], token.upper(), token + "x", "%00", "../" + token):
        assert volunteer.get(f"/calendar/{guess}.ics").status_code == 404


def test_settings_change_only_my_own(_session_app, world):
    from foia.reminders.models import NotificationSettings

    volunteer = client_as(_session_app, world, "volunteer")
    lawyer_id = world["users"]["lawyer"]
    response = volunteer.post(
        "/settings/notifications",
        data={
            "is_enabled": "y",
            "delivery": "digest",
            "days_before": "9",
            "appeal_days": "1",
            "user_id": lawyer_id,
        },
        query_string={"user_id": lawyer_id},
    )
    assert response.status_code == 302
    lawyers = db.session.scalars(select(NotificationSettings).filter_by(user_id=lawyer_id)).all()
    assert all(row.days_before != 9 for row in lawyers)
    mine = db.session.scalar(
        select(NotificationSettings).filter_by(user_id=world["users"]["volunteer"])
    )
    assert mine.days_before == 9


# --- Emails: digests and reminders to a volunteer carry no privileged note -------------------


def test_reminder_emails_to_a_volunteer_carry_no_privileged_note(_session_app, world):
    from foia.mail import OutboundEmail

    lawyer = client_as(_session_app, world, "lawyer")
    volunteer_id = world["users"]["volunteer"]
    for request_id in db.session.scalars(select(RecordsRequest.id)):
        response = lawyer.post(
            f"/requests/{request_id}/assignment",
            data={"owner_id": str(world["users"]["lawyer"]), "volunteer_id": str(volunteer_id)},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    result = _session_app.test_cli_runner().invoke(args=["reminders", "send"])
    # No SMTP server listens here: the emails are queued, none can go, so the run fails.
    assert result.exit_code == 1 and " still queued after failure" in result.stdout, result.output
    volunteer_email = db.session.get(User, volunteer_id).email
    mails = db.session.scalars(select(OutboundEmail).filter_by(to_addr=volunteer_email)).all()
    assert mails, "the volunteer was sent no reminder: the check below would prove nothing"
    for mail in mails:
        assert SECRET_WORD not in f"{mail.subject} {mail.body_text} {mail.body_html}"
