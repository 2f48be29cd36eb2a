"""Helpers for the two-factor and session tests: codes made with pyotp, and logging in by form."""

import time

import pyotp

from foia import clock
from foia.auth import twofactor
from foia.extensions import db
from tests.support.app import FAST_PASSWORD

#: A code made closer than this to the end of its 30 s step waits for the next step: the app
#: checks it a moment later, and by then a code of the step before (-1, the edge of the drift
#: the app allows) would be two steps old and refused. CI's PostgreSQL run hit that once.
STEP_EDGE_SECONDS = 3


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """Return the code an authenticator app shows for `secret`, `steps_ahead` 30 s steps on."""
    left_in_step = 30 - time.time() % 30
    if left_in_step < STEP_EDGE_SECONDS:
        time.sleep(left_in_step)
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def turn_on_two_factor(user) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on for `user` as enrolment does; return its secret and codes."""
    secret = twofactor.pending_secret(user)
    codes = twofactor.confirm_enrolment(user, app_code(secret, -1), clock.now())
    db.session.commit()
    return secret, codes


def log_in(client, email: str, password: str = FAST_PASSWORD, **kwargs):
    """Post the login form."""
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def enter_code(client, code: str, **kwargs):
    """Post the second step of the login."""
    return client.post("/login/code", data={"code": code}, **kwargs)
