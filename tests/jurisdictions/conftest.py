"""Fixtures for the face-surveillance policy tests: the seeded reference data."""

import pytest


@pytest.fixture
def seeded(app, runner):
    """Load the reference data (jurisdictions, Massachusetts agencies, face policies)."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
