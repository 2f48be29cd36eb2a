"""Issue #14 §3: two-factor sign-in with an authenticator app (TOTP) and one-time recovery codes."""

import re

import pyotp
from sqlalchemy import select

from foia.audit import AuditEvent
from foia.auth import throttle
from foia.auth.access import PUBLIC, access_rule
from foia.auth.models import RecoveryCode, User
from foia.extensions import db
from tests.auth.helpers import app_code, enter_code, log_in, turn_on_two_factor
from tests.support.factories import create_user, login_as
from tests.support.html import page


def _secret_on_page(response) -> str:
    return page(response).by_label("Key").get("value").replace(" ", "")


def _enrol(client) -> tuple[str, list[str]]:
    """Enrol through the pages; return the secret and the recovery codes shown."""
    secret = _secret_on_page(client.get("/account/two-factor"))
    done = client.post("/account/two-factor/on", data={"on-code": app_code(secret, -1)})
    assert done.status_code == 200
    return secret, page(done).texts("ol.steps li")


# --- enrolment ---------------------------------------------------------------------------------


def test_enrolment_page_shows_a_qr_code_and_the_key_kept_on_the_server(client, app):
    user = create_user("volunteer", email="val@example.org")
    login_as(client, user)
    response = client.get("/account/two-factor")
    assert response.status_code == 200
    shown = page(response)
    [svg] = shown.all('svg[role="img"]')
    assert svg.get("aria-label") == "QR code of the key" and shown.all("svg path")
    secret = _secret_on_page(response)
    user = db.session.get(User, user.id)
    assert user.totp_pending_secret == secret and user.totp_secret is None
    # The key is on the server, not in the (signed, readable) session cookie.
    cookie = client.get_cookie("session").value
    data = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert secret not in repr(data)
    assert _secret_on_page(client.get("/account/two-factor")) == secret  # the same on reload


def test_enrolment_needs_one_right_code(client):
    user = create_user("volunteer")
    login_as(client, user)
    secret = _secret_on_page(client.get("/account/two-factor"))
    wrong = client.post("/account/two-factor/on", data={"on-code": "000000"})
    assert wrong.status_code == 400
    assert "That code is not right" in page(wrong).error_for("Code from your app")
    assert db.session.get(User, user.id).totp_secret is None
    right = client.post("/account/two-factor/on", data={"on-code": pyotp.TOTP(secret).now()})
    assert right.status_code == 200
    user = db.session.get(User, user.id)
    assert user.totp_secret == secret and user.totp_pending_secret is None
    assert len(page(right).texts("ol.steps li")) == 10
    events = db.session.scalars(select(AuditEvent.action).filter_by(object_id=user.id)).all()
    assert "user.two_factor_on" in events


def test_a_code_from_another_key_does_not_enrol(client):
    user = create_user("volunteer")
    login_as(client, user)
    client.get("/account/two-factor")
    other = pyotp.random_base32()
    response = client.post("/account/two-factor/on", data={"on-code": pyotp.TOTP(other).now()})
    assert response.status_code == 400
    assert not db.session.get(User, user.id).has_two_factor


def test_recovery_codes_are_shown_once_and_stored_hashed(client):
    user = create_user("volunteer")
    login_as(client, user)
    _secret, codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash).filter_by(user_id=user.id)).all()
    assert len(stored) == 10
    normalised = {code.replace("-", "") for code in codes}
    assert not normalised & set(stored)
    again = client.get("/account/two-factor")
    assert not any(code in again.get_data(as_text=True) for code in codes)
    assert "10 of your recovery codes are unused" in page(again).texts("#codes-heading + p")[0]


# --- logging in with a second factor ----------------------------------------------------------


def test_password_then_code_logs_in(client):
    user = create_user("lawyer", email="law@example.org")
    secret, _codes = turn_on_two_factor(user)
    first = log_in(client, "law@example.org", query_string={"next": "/agencies"})
    assert first.status_code == 302 and first.headers["Location"] == "/login/code"
    form = client.get("/login/code")
    assert page(form).by_label("Code") is not None
    done = enter_code(client, app_code(secret))
    assert done.status_code == 302 and done.headers["Location"] == "/agencies"
    assert client.get("/").status_code == 200


def test_half_logged_in_reaches_no_page(client, app):
    user = create_user("admin", email="boss@example.org")
    turn_on_two_factor(user)
    log_in(client, "boss@example.org")
    with client.session_transaction() as session:
        assert "_user_id" not in session and "sid" not in session
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or access_rule(rule.endpoint) == PUBLIC:
            continue
        response = client.get(_fill(rule))
        assert response.status_code == 302, f"{rule.rule} -> {response.status_code}"
        assert response.headers["Location"].startswith("/login?"), rule.rule
    assert client.post("/agencies/new", data={"name": "Half"}).status_code == 302


def _fill(rule) -> str:
    # Any id will do: the page is refused before anything is looked up.
    return re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)


def test_a_code_is_never_accepted_twice(client, app):
    user = create_user("lawyer", email="law@example.org")
    secret, _codes = turn_on_two_factor(user)
    code = app_code(secret, 1)
    log_in(client, "law@example.org")
    assert enter_code(client, code).status_code == 302
    client.post("/logout")
    other = app.test_client()
    log_in(other, "law@example.org")
    replay = enter_code(other, code)
    assert replay.status_code == 401
    assert "already been used" in page(replay).error_for("Code")
    assert other.get("/").status_code == 302


def test_the_enrolment_code_cannot_log_in(client, app):
    user = create_user("volunteer", email="val@example.org")
    login_as(client, user)
    secret = _secret_on_page(client.get("/account/two-factor"))
    code = pyotp.TOTP(secret).now()
    assert client.post("/account/two-factor/on", data={"on-code": code}).status_code == 200
    other = app.test_client()
    log_in(other, "val@example.org")
    assert enter_code(other, code).status_code == 401


def test_a_recovery_code_works_once(client, app):
    user = create_user("lawyer", email="law@example.org")
    _secret, codes = turn_on_two_factor(user)
    log_in(client, "law@example.org")
    done = enter_code(client, codes[3].upper().replace("-", " "), follow_redirects=True)
    assert done.status_code == 200
    assert "You used a recovery code: 9 left." in page(done).flashes()[0]
    other = app.test_client()
    log_in(other, "law@example.org")
    assert enter_code(other, codes[3]).status_code == 401
    assert enter_code(other, codes[4]).status_code == 302


def test_wrong_codes_are_throttled_and_the_password_does_not_reset_the_count(client):
    user = create_user("lawyer", email="law@example.org")
    secret, _codes = turn_on_two_factor(user)
    log_in(client, "law@example.org")
    for _ in range(throttle.SLOW_AFTER - 1):
        assert enter_code(client, "111111").status_code == 401
    log_in(client, "law@example.org")  # the right password again
    assert enter_code(client, "222222").status_code == 401
    slowed = enter_code(client, app_code(secret))  # even the right code must wait now
    assert slowed.status_code == 429
    assert "Too many failed attempts. Wait" in page(slowed).error_for("Code")
    assert client.get("/").status_code == 302


def test_the_code_step_times_out(client):
    user = create_user("lawyer", email="law@example.org")
    secret, _codes = turn_on_two_factor(user)
    log_in(client, "law@example.org")
    with client.session_transaction() as session:
        held = session["two_factor_login"]
        session["two_factor_login"] = {**held, "since": held["since"] - 6 * 60}
    response = enter_code(client, app_code(secret), follow_redirects=True)
    assert response.request.path == "/login"
    assert page(response).flashes() == ["The time to enter your code ran out. Log in again."]
    assert client.get("/").status_code == 302


def test_the_code_step_dies_with_a_password_change(client):
    user = create_user("lawyer", email="law@example.org")
    secret, _codes = turn_on_two_factor(user)
    log_in(client, "law@example.org")
    user.session_version += 1
    db.session.commit()
    response = enter_code(client, app_code(secret))
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


def test_the_code_page_without_a_password_step_goes_to_login(client):
    response = client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"] == "/login"


# --- managing it --------------------------------------------------------------------------------


def test_new_recovery_codes_need_a_code_and_retire_the_old_ones(client, app):
    user = create_user("volunteer", email="val@example.org")
    login_as(client, user)
    secret, old = _enrol(client)
    refused = client.post("/account/two-factor/recovery-codes", data={"codes-code": "123456"})
    assert refused.status_code == 400
    made = client.post("/account/two-factor/recovery-codes", data={"codes-code": app_code(secret)})
    new = page(made).texts("ol.steps li")
    assert len(new) == 10 and not set(new) & set(old)
    other = app.test_client()
    log_in(other, "val@example.org")
    assert enter_code(other, old[0]).status_code == 401
    assert enter_code(other, new[0]).status_code == 302


def test_turning_off_needs_a_code(client, app):
    user = create_user("volunteer", email="val@example.org")
    login_as(client, user)
    secret, _codes = _enrol(client)
    refused = client.post("/account/two-factor/off", data={"off-code": "123456"})
    assert refused.status_code == 400
    assert db.session.get(User, user.id).has_two_factor
    done = client.post(
        "/account/two-factor/off", data={"off-code": app_code(secret)}, follow_redirects=True
    )
    assert "Two-factor sign-in is off." in page(done).flashes()[0]
    assert not db.session.get(User, user.id).has_two_factor
    assert not db.session.scalars(select(RecoveryCode).filter_by(user_id=user.id)).all()
    assert log_in(app.test_client(), "val@example.org").headers["Location"] == "/"


def test_the_cli_resets_two_factor_for_a_lost_phone(runner):
    user = create_user("lawyer", email="law@example.org")
    turn_on_two_factor(user)
    result = runner.invoke(args=["users", "reset-two-factor", "LAW@example.org"])
    assert result.exit_code == 0, result.output
    assert not db.session.get(User, user.id).has_two_factor
    assert runner.invoke(args=["users", "reset-two-factor", "no@example.org"]).exit_code == 1


# --- FOIA_REQUIRE_2FA ---------------------------------------------------------------------------


def test_required_two_factor_sends_a_lawyer_to_enrolment_and_blocks_the_rest(
    client, app, monkeypatch
):
    monkeypatch.setitem(app.config, "REQUIRE_2FA", True)
    user = create_user("lawyer", email="law@example.org")
    response = log_in(client, "law@example.org", query_string={"next": "/agencies"})
    assert response.headers["Location"] == "/account/two-factor"
    setup = client.get("/account/two-factor")
    assert "requires two-factor sign-in" in page(setup).texts(".flash-warning")[0]
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.two_factor"):
            continue
        got = client.get(_fill(rule))
        assert got.status_code == 302, f"{rule.rule} -> {got.status_code}"
        assert got.headers["Location"] == "/account/two-factor", rule.rule
    posted = client.post("/agencies/new", data={"name": "Blocked"})
    assert posted.headers["Location"] == "/account/two-factor"
    secret, _codes = _enrol(client)
    assert client.get("/agencies").status_code == 200
    # Once required, it cannot be turned off.
    off = client.post("/account/two-factor/off", data={"off-code": app_code(secret, 1)})
    assert off.status_code == 400 and db.session.get(User, user.id).has_two_factor


def test_required_two_factor_applies_to_admins_with_a_session_already(client, app, monkeypatch):
    login_as(client, create_user("admin"))
    monkeypatch.setitem(app.config, "REQUIRE_2FA", True)
    assert client.get("/admin/users").headers["Location"] == "/account/two-factor"


def test_required_two_factor_leaves_volunteers_alone(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_2FA", True)
    create_user("volunteer", email="val@example.org")
    assert log_in(client, "val@example.org").headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_settings_come_from_the_environment(monkeypatch, tmp_path):
    from foia.config import from_environment

    monkeypatch.setenv("FOIA_SECRET_KEY", "x")
    defaults = from_environment(str(tmp_path))
    assert defaults["REQUIRE_2FA"] is False and defaults["SESSION_IDLE_MINUTES"] == 60
    monkeypatch.setenv("FOIA_REQUIRE_2FA", "true")
    monkeypatch.setenv("FOIA_SESSION_IDLE_MINUTES", "15")
    config = from_environment(str(tmp_path))
    assert config["REQUIRE_2FA"] is True and config["SESSION_IDLE_MINUTES"] == 15
