"""`flask seed --demo` publishes the demo campaign at /public/ma-face-recognition."""

import pytest
from sqlalchemy import func, select

from foia.documents.models import Attachment
from foia.extensions import db
from foia.findings.models import Finding
from tests.support.html import Page

pytestmark = pytest.mark.slow  # the demo's letters are rendered to PDF


def test_the_demo_campaign_is_public_with_confirmed_findings_and_a_document(runner, client):
    assert runner.invoke(args=["seed", "--demo"]).exit_code == 0
    response = client.get("/public/ma-face-recognition")
    assert response.status_code == 200
    page = Page(response.text)
    assert len(page.all("#agencies-table tbody tr")) == 6
    lowell = next(
        row for row in page.all("#agencies-table tbody tr") if "Lowell" in "".join(row.itertext())
    )
    text = " ".join("".join(lowell.itertext()).split())
    assert "Fee pending" in text
    for words in ("System or vendor: Clearview AI", "Contract value: $10,000", "Searches run: 240"):
        assert words in text
    assert "lowell-police-records-response.txt" in text
    json = client.get("/public/ma-face-recognition/findings.json").get_json()
    assert json["licence"] == "CC BY 4.0"
    assert len(json["findings"]) == 5
    document = client.get(page.one(".files a").get("href"))
    assert b"Clearview AI" in document.data
    document.close()


def test_seeding_the_demo_again_changes_nothing(runner):
    assert runner.invoke(args=["seed", "--demo"]).exit_code == 0
    counts = (
        db.session.scalar(select(func.count(Finding.id))),
        db.session.scalar(
            select(func.count(Attachment.id)).where(Attachment.public_at.is_not(None))
        ),
    )
    assert runner.invoke(args=["seed", "--demo"]).exit_code == 0
    assert counts == (
        db.session.scalar(select(func.count(Finding.id))),
        db.session.scalar(
            select(func.count(Attachment.id)).where(Attachment.public_at.is_not(None))
        ),
    )
    assert counts == (5, 1)
