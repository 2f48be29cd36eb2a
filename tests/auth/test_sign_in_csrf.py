"""The two-factor and session pages carry CSRF tokens, and their forms work only with them."""

import pyotp
import pytest

from foia.auth.models import User
from foia.extensions import db
from tests.auth.helpers import app_code, turn_on_two_factor
from tests.support.app import FAST_PASSWORD, make_app
from tests.support.factories import create_user
from tests.support.html import page


@pytest.fixture
def csrf_app(_session_app, database_url, tmp_path):
    """The same database, served with CSRF protection on (as in production).

    Its requests each get their own app context, as in production: `g` (where Flask-WTF keeps
    the token) is not shared between two clients.
    """
    app = make_app(database_url, str(tmp_path), WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _token(response, action: str) -> tuple[str, str]:
    """Return the name and value of the CSRF field of the form posting to `action`."""
    [form] = [f for f in page(response).all("form") if f.get("action", "") in (action, "")]
    [field] = [e for e in form.iter() if e.get("name", "").endswith("csrf_token")]
    return field.get("name"), field.get("value")


def _post(client, url: str, data: dict, form_page: str | None = None):
    """Post `data` with the CSRF token of the form on `form_page` (default: `url` itself)."""
    name, value = _token(client.get(form_page or url), url)
    return client.post(url, data={**data, name: value})


def test_the_code_step_needs_its_token(app, csrf_app):
    user = create_user("lawyer", email="law@example.org")
    secret, _codes = turn_on_two_factor(user)
    client = csrf_app.test_client()
    _post(client, "/login", {"email": "law@example.org", "password": FAST_PASSWORD})
    refused = client.post("/login/code", data={"code": app_code(secret)})
    assert refused.status_code == 400
    assert client.get("/").status_code == 302
    assert _post(client, "/login/code", {"code": app_code(secret)}).status_code == 302
    assert client.get("/").status_code == 200


def test_enrolment_and_sign_out_others_need_their_tokens(app, csrf_app):
    user = create_user("volunteer", email="val@example.org")
    client = csrf_app.test_client()
    _post(client, "/login", {"email": "val@example.org", "password": FAST_PASSWORD})
    setup = client.get("/account/two-factor")
    secret = page(setup).by_label("Key").get("value").replace(" ", "")
    code = pyotp.TOTP(secret).now()
    assert client.post("/account/two-factor/on", data={"on-code": code}).status_code == 400
    assert db.session.get(User, user.id).totp_secret is None
    name, value = _token(setup, "/account/two-factor/on")
    assert name == "on-csrf_token"
    data = {"on-code": code, name: value}
    assert client.post("/account/two-factor/on", data=data).status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).has_two_factor

    other = csrf_app.test_client()
    _post(other, "/login", {"email": "val@example.org", "password": FAST_PASSWORD})
    _post(other, "/login/code", {"code": app_code(secret, 1)})
    assert other.get("/").status_code == 200
    assert client.post("/account/sessions/sign-out-others").status_code == 400
    assert other.get("/").status_code == 200
    done = _post(client, "/account/sessions/sign-out-others", {}, form_page="/account/sessions")
    assert done.status_code == 302
    assert other.get("/").status_code == 302
