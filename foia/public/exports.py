"""A public campaign's findings as CSV and JSON (each with its licence), and its Atom feed.

They take the plain values of foia/public/queries.py, never a model, so they can only write
what a public page shows.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from foia.agencies.csvio import escape_formula
from foia.public.queries import PublicCampaign, PublicDocument, PublicFinding

ATOM = "http://www.w3.org/2005/Atom"
CSV_HEADER = [
    "Agency",
    "Finding",
    "Value",
    "Period",
    "Confirmed on (UTC)",
    "Document",
    "Page",
    "Words on the page",
    "Licence",
]
#: What the exports say when the organisation has not set a licence.
NO_LICENCE = "No licence set: ask the organisation before reusing"


def licence_of(campaign: PublicCampaign) -> str:
    """Return the licence the organisation publishes its data under, or what to do without one."""
    return campaign.licence or NO_LICENCE


def findings_csv(campaign: PublicCampaign, findings: list[PublicFinding]) -> str:
    """Return one CSV line per confirmed finding, formula-like cells escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    licence = licence_of(campaign)
    for f in findings:
        cells = [
            f.agency,
            f.kind_label,
            f.value_label,
            f.period,
            f.confirmed_at.strftime("%Y-%m-%d") if f.confirmed_at else "",
            f.document.filename if f.document else "",
            str(f.page) if f.page else "",
            f.snippet,
            licence,
        ]
        writer.writerow([escape_formula(cell) for cell in cells])
    return buffer.getvalue()


def findings_json(campaign: PublicCampaign, findings: list[PublicFinding]) -> dict[str, Any]:
    """Return the campaign's confirmed findings as plain values, under its licence."""
    return {
        "campaign": campaign.name,
        "publisher": campaign.organisation,
        "licence": licence_of(campaign),
        "findings": [
            {
                "agency": {"id": f.agency_id, "name": f.agency},
                "kind": f.kind,
                "kind_label": f.kind_label,
                "value": f.value,
                "value_label": f.value_label,
                "period": f.period,
                "confirmed_at": _utc(f.confirmed_at).isoformat() if f.confirmed_at else None,
                "evidence": (
                    {"document_id": f.document.id, "document": f.document.filename, "page": f.page}
                    if f.document
                    else None
                ),
            }
            for f in findings
        ],
    }


def atom_feed(
    campaign: PublicCampaign,
    documents: list[PublicDocument],
    findings: list[PublicFinding],
    *,
    base_url: str,
) -> bytes:
    """Return an Atom feed (RFC 4287) of the released documents and confirmed findings."""
    ET.register_namespace("", ATOM)
    home = f"{base_url.rstrip('/')}/public/{campaign.slug}"
    entries = [
        (
            document.released_at,
            f"{home}/documents/{document.id}/download",
            f"Document released: {document.filename}",
            f"{document.filename}, from {document.agency}",
            f"{home}/agencies/{document.agency_id}",
        )
        for document in documents
    ] + [
        (
            finding.confirmed_at,
            f"{home}/agencies/{finding.agency_id}#finding-{finding.id}",
            f"{finding.agency}: {finding.kind_label}: {finding.value_label}",
            f"{finding.kind_label}: {finding.value_label}"
            + (f" ({finding.period})" if finding.period else ""),
            # To the finding itself on its agency's page, with its evidence.
            f"{home}/agencies/{finding.agency_id}#finding-{finding.id}",
        )
        for finding in findings
        if finding.confirmed_at is not None
    ]
    entries.sort(key=lambda entry: _utc(entry[0]), reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", f"{campaign.name}: released documents and findings")
    _text(feed, "id", f"{home}/feed.atom")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{home}/feed.atom")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=home)
    _text(feed, "updated", _stamp(entries[0][0] if entries else None))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", campaign.organisation or campaign.name)
    _text(feed, "rights", licence_of(campaign))
    for updated, entry_id, title, summary, link in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", title)
        _text(entry, "id", entry_id)
        _text(entry, "updated", _stamp(updated))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        _text(entry, "summary", summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text


def _utc(moment: datetime | None) -> datetime:
    """Return a stored moment as aware UTC (SQLite gives it back naive)."""
    if moment is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _stamp(moment: datetime | None) -> str:
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")
