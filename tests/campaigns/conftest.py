"""Campaign fixtures (tests/support/campaigns.py): the seeded codebook, the worker in-process."""

from tests.support.campaigns import inline_worker, seeded

__all__ = ["inline_worker", "seeded"]
