"""Campaign fixtures: the seeded codebook and agencies, and the worker run in-process.

A conftest that needs them imports them by name; pytest finds fixtures in its namespace.
"""

import pytest


@pytest.fixture
def seeded(app, runner):
    """Load the reference data (templates, categories, Massachusetts agencies)."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output


@pytest.fixture(autouse=True)
def inline_worker(app):
    """Run the campaign worker inside the request, so tests see its work at once."""
    old = app.config.get("CAMPAIGN_WORKER")
    app.config["CAMPAIGN_WORKER"] = "inline"
    yield
    app.config["CAMPAIGN_WORKER"] = old
