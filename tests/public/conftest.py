"""Public tracker fixtures: the published campaign of tests.support.public, built per test."""

import pytest

from tests.support.public import build_tracker


@pytest.fixture
def tracker(app) -> dict:
    """Build the published campaign and everything private around it."""
    return build_tracker(app)
