"""Fixtures for the mailbox tests: a real dovecot IMAP server and an empty mailbox per test."""

from collections.abc import Iterator

import pytest

from tests.inbound.imap_server import DovecotServer, Mailbox, available
from tests.support.app import unavailable

IMAP_KEYS = (
    "IMAP_HOST",
    "IMAP_PORT",
    "IMAP_USER",
    "IMAP_PASSWORD",
    "IMAP_FOLDER",
    "IMAP_TLS",
    "IMAP_DONE_FOLDER",
)


@pytest.fixture(scope="session")
def imap_server() -> Iterator[DovecotServer]:
    """Run dovecot on loopback for the session (skipped without it, failed in CI)."""
    if reason := available():
        unavailable(reason)
    server = DovecotServer()
    try:
        server.start()
    except (RuntimeError, OSError) as exc:
        server.stop()
        unavailable(f"dovecot does not start: {exc}")
    yield server
    server.stop()


@pytest.fixture
def mailbox(imap_server) -> Mailbox:
    """An empty mailbox of its own on the test server."""
    return imap_server.add_mailbox()


@pytest.fixture
def imap_app(app, mailbox):
    """The app, set to fetch from `mailbox` over plain IMAP."""
    saved = {key: app.config.get(key) for key in IMAP_KEYS}
    app.config.update(mailbox.config())
    yield app
    app.config.update(saved)
