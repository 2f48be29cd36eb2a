"""Campaign fixtures (tests/support/campaigns.py): the seeded codebook, the worker in-process,
and a five-agency campaign approved and generated; a misbehaving SMTP server."""

import pytest

from tests.support.campaigns import generated, inline_worker, seeded
from tests.support.smtp_faults import TIMEOUT, FaultyServer

__all__ = ["faulty", "generated", "inline_worker", "seeded"]


@pytest.fixture
def faulty(app):
    """Run a FaultyServer and point the app at it, with 1 s timeouts; yields the server."""
    server = FaultyServer()
    server.start()
    saved = {key: app.config[key] for key in ("SMTP_PORT", "SMTP_TIMEOUT", "SMTP_DATA_TIMEOUT")}
    app.config.update(SMTP_PORT=server.port, SMTP_TIMEOUT=TIMEOUT, SMTP_DATA_TIMEOUT=TIMEOUT)
    yield server
    server.stop()
    app.config.update(saved)
