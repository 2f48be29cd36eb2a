"""Small `create_*` helpers for test data; each commits, so the rows outlive a request."""

import uuid

from flask.testing import FlaskClient

from foia.extensions import db
from tests.support.app import FAST_PASSWORD


def create_user(
    role: str = "lawyer", email: str | None = None, password: str | None = None, name: str = ""
):
    """Create and commit a user; the password is hashed cheaply to keep tests fast."""
    from werkzeug.security import generate_password_hash

    from foia.auth.models import User

    user = User(
        email=email or f"{role}-{uuid.uuid4().hex[:6]}@example.org", role=role, name=name or role
    )
    user.password_hash = generate_password_hash(password or FAST_PASSWORD, method="pbkdf2:sha256:1")
    db.session.add(user)
    db.session.commit()
    return user


def login_as(client: FlaskClient, user) -> FlaskClient:
    """Give the client a session of `user`, as a login does: a session row and its cookie."""
    from foia import clock
    from foia.auth import sessions

    token = sessions.start(user, user_agent="test client", address="127.0.0.1", now=clock.now())
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session[sessions.TOKEN_KEY] = token
    return client


def create_jurisdiction(
    code: str = "US-MA",
    name: str = "Massachusetts",
    level: str = "state",
    parent=None,
    county: str | None = None,
):
    """Create and commit a jurisdiction (returns the existing one for a known code)."""
    from foia.jurisdictions.models import Jurisdiction

    existing = db.session.scalar(db.select(Jurisdiction).filter_by(code=code))
    if existing:
        return existing
    row = Jurisdiction(code=code, name=name, level=level, parent=parent, county=county)
    db.session.add(row)
    db.session.commit()
    return row


def create_agency(
    name: str = "Springfield Police Department",
    jurisdiction=None,
    level: str = "municipal",
    county: str | None = "Hampden",
    **fields,
):
    """Create and commit an agency (in Massachusetts unless told otherwise)."""
    from foia.agencies.models import Agency

    agency = Agency(
        name=name,
        jurisdiction=jurisdiction or create_jurisdiction(),
        level=level,
        county=county,
        kind=fields.pop("kind", "police"),
        **fields,
    )
    db.session.add(agency)
    db.session.commit()
    return agency
