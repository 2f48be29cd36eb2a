"""Benchmark: the campaign page of a 351-agency campaign, as the lawyer who files it sees it.

Uses bench_filing.py's campaign (the 351 Massachusetts municipal police departments, approved,
every letter and PDF generated; built once into bench/out, then copied), so every row of the
agencies' table has its request, its letter and its removal form. The page is requested through
the Flask test client N times after warm-ups; the table gives the CPU of this process for the
fastest request and the median one, and the statements sent (the same whatever the number of
agencies). Only the SQLite copy is used: the figure is the page's Python and templates.

Usage: python bench/bench_campaign_page.py [--n 30] [--fresh]
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import OUT, build_app, counting_statements, markdown_table, signed_in_client
from bench_filing import CAMPAIGN_NAME, DOCUMENTS, fresh_copy
from sqlalchemy import func, select

from foia.campaigns.models import Campaign, CampaignAgency
from foia.extensions import db
from tests.support.factories import create_user


def main() -> None:
    """Render the campaign page N times; print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--fresh", action="store_true", help="rebuild the campaign template")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    app = build_app(fresh_copy("sqlite", args.fresh), DOCUMENTS_DIR=str(DOCUMENTS))
    with app.app_context():
        campaign_id = db.session.scalar(select(Campaign.id).filter_by(name=CAMPAIGN_NAME))
        agencies = db.session.scalar(
            select(func.count()).where(CampaignAgency.campaign_id == campaign_id)
        )
        client = signed_in_client(app, create_user("lawyer", email="bench-campaign@example.org"))
        engine = db.engine
        db.session.remove()
    path = f"/campaigns/{campaign_id}"
    cpu: list[float] = []
    with counting_statements(engine) as statements:
        for _ in range(3):
            _get(client, path)
        warm = statements.count
        for _ in range(args.n):
            started = time.process_time()
            _get(client, path)
            cpu.append((time.process_time() - started) * 1000)
        sent = (statements.count - warm) / args.n
    print(f"Campaign page, {agencies} agencies, {args.n} requests after 3 warm-ups (CPU, ms)\n")
    rows = [
        [f"`{path}`", agencies, f"{sent:.0f}", f"{min(cpu):.1f}", f"{statistics.median(cpu):.1f}"]
    ]
    print(markdown_table(["page", "agencies", "statements", "fastest", "median"], rows))


def _get(client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200 or b"preview</a>" not in response.data:
        raise SystemExit(f"{path} answered {response.status_code}")


if __name__ == "__main__":
    main()
