"""Security sweeps: one realistic organisation per module (helpers in tests/support/sweeps.py).

A module that asks for `world` gets the organisation of tests.support.world built once, with
every free-text field starting with the XSS payload, and must not also ask for `app` (whose
teardown empties the tables). Clients come from `client_as(app, world, role)`.
"""

from collections.abc import Iterator

import pytest

from tests.support.sweeps import PAYLOAD, world_for


@pytest.fixture(scope="module")
def world(_session_app) -> Iterator[dict]:
    """The organisation, every text field starting with PAYLOAD."""
    yield from world_for(_session_app, PAYLOAD)
