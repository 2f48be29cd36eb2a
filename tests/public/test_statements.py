"""The public campaign page runs the same number of SQL statements for 3 agencies as for 30."""

from foia import clock
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db
from foia.findings import operations as findings
from foia.findings.models import Finding
from tests.support.factories import create_agency, create_user
from tests.support.responses import filed_request, recent_monday
from tests.support.statements import statements_sent


def _published(app, size: int) -> str:
    """Publish a campaign of `size` agencies, each with a released document and a finding."""
    lawyer = create_user("lawyer")
    slug = f"campaign-of-{size}"
    campaign = Campaign(name=f"Campaign of {size}", is_published=True, public_slug=slug)
    db.session.add(campaign)
    filed_on = recent_monday(clock.today(), weeks_back=8)
    for i in range(size):
        agency = create_agency(f"Agency {size}-{i}", county=("Suffolk", "Essex")[i % 2])
        records_request = filed_request(filed_on, agency=agency, campaign=campaign)
        upload = documents.Upload(f"reply-{i}.txt", f"reply {size}-{i}".encode(), "text/plain")
        attachment = documents.attach(
            upload,
            store=store_for(app.config),
            max_bytes=10**6,
            actor=None,
            request_id=records_request.id,
        )
        documents.set_public(attachment, True, actor=lawyer)
        finding = Finding(
            agency_id=agency.id, attachment_id=attachment.id, kind="system", value="Clearview AI"
        )
        db.session.add(finding)
        db.session.flush()
        findings.confirm(finding, lawyer, "Clearview AI")
    db.session.commit()
    return slug


def _statements(client, slug: str, size: int) -> int:
    db.session.expunge_all()
    with statements_sent() as statements:
        response = client.get(f"/public/{slug}")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("Clearview AI") == size
    return len(statements)


def test_the_public_page_runs_a_constant_number_of_statements(app, client):
    small, large = _published(app, 3), _published(app, 30)
    assert _statements(client, small, 3) == _statements(client, large, 30) <= 9
