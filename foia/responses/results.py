"""Campaign results: per-category outcomes by agency, counted, charted and exported as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.letters.models import RecordCategory
from foia.requests.models import RecordsRequest
from foia.responses.exemptions import describe
from foia.responses.models import OUTCOMES, CategoryOutcome

OUTCOME_LABELS = dict(OUTCOMES)
#: Characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> str:
    """Return a CSV cell that no spreadsheet will run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass
class Results:
    """Outcomes of a campaign: categories, one row per request, and counts per category."""

    campaign: Campaign
    categories: list[tuple[str, str]]
    rows: list[tuple[RecordsRequest, dict[str, CategoryOutcome | None]]]
    counts: dict[str, Counter]

    def bars(self, width: int = 300) -> list[dict]:
        """Return, per category, stacked bar segments (outcome, count, x, width) for the chart."""
        total = max(len(self.rows), 1)
        bars = []
        for slug, name in self.categories:
            x, segments = 0.0, []
            for outcome, label in OUTCOMES:
                count = self.counts[slug][outcome]
                if count:
                    span = width * count / total
                    segments.append(
                        {
                            "outcome": outcome,
                            "label": label,
                            "count": count,
                            "x": round(x, 2),
                            "width": round(span, 2),
                        }
                    )
                    x += span
            bars.append({"slug": slug, "name": name, "segments": segments})
        return bars


def campaign_results(campaign: Campaign) -> Results:
    """Collect every request of the campaign with its coded outcomes."""
    requests = db.session.scalars(
        select(RecordsRequest)
        .where(RecordsRequest.campaign_id == campaign.id)
        .options(selectinload(RecordsRequest.agency))
        .order_by(RecordsRequest.id)
    ).all()
    slugs: list[str] = []
    for records_request in requests:
        slugs += [s for s in records_request.category_slugs or [] if s not in slugs]
    names = dict(
        db.session.execute(
            select(RecordCategory.slug, RecordCategory.name).where(RecordCategory.slug.in_(slugs))
        ).all()
    )
    coded: dict[int, dict[str, CategoryOutcome]] = {}
    for row in db.session.scalars(
        select(CategoryOutcome).where(CategoryOutcome.request_id.in_([r.id for r in requests]))
    ):
        coded.setdefault(row.request_id, {})[row.category_slug] = row
    counts: dict[str, Counter[str]] = {slug: Counter() for slug in slugs}
    rows = []
    for records_request in sorted(requests, key=lambda r: r.agency.name):
        asked = records_request.category_slugs or []
        cells = {slug: coded.get(records_request.id, {}).get(slug) for slug in asked}
        for slug in asked:
            cell = cells[slug]
            counts[slug][cell.outcome if cell else "pending"] += 1
        rows.append((records_request, cells))
    return Results(campaign, [(s, names.get(s, s)) for s in slugs], rows, counts)


def results_csv(results: Results) -> str:
    """Return the results as CSV: one line per request and category, formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["campaign", "reference", "agency", "jurisdiction", "category", "outcome", "exemption"]
    )
    names = dict(results.categories)
    for records_request, cells in results.rows:
        code = records_request.agency.jurisdiction.code
        for slug, cell in cells.items():
            outcome = cell.outcome if cell else "pending"
            exemption = describe(code, cell.exemption, cell.exemption_text) if cell else ""
            writer.writerow(
                [
                    neutralise(v)
                    for v in (
                        results.campaign.name,
                        records_request.reference,
                        records_request.agency.name,
                        code,
                        names.get(slug, slug),
                        OUTCOME_LABELS[outcome],
                        exemption,
                    )
                ]
            )
    return out.getvalue()
