"""Campaign fixtures (tests/support/campaigns.py): the seeded codebook, the worker in-process,
and a five-agency campaign approved and generated."""

from tests.support.campaigns import generated, inline_worker, seeded

__all__ = ["generated", "inline_worker", "seeded"]
