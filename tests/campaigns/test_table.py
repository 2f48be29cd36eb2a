"""The campaign page's table lines (foia.campaigns.table): each row's words, decided in Python."""

from datetime import UTC, date, datetime

from foia.campaigns import operations, table
from foia.extensions import db
from foia.filing.preflight import Gap
from foia.requests import operations as requests
from foia.requests.models import Channel
from tests.support.factories import create_agency

TODAY = date(2026, 11, 2)


def _campaign(lawyer, names):
    agencies = [create_agency(name, county="Suffolk") for name in names]
    campaign = operations.create_campaign(
        {"name": "Table", "template_slug": "use-and-policy", "category_slugs": []},
        agencies,
        selection="test",
        actor=lawyer,
    )
    db.session.flush()
    return campaign


def test_each_line_says_what_the_row_shows(app, lawyer_client):
    lawyer = lawyer_client.user
    with app.test_request_context():
        campaign = _campaign(lawyer, ["Filed PD", "Failed PD", "Posted PD", "Left PD"])
        filed, failed, posted, left = campaign.members
        filed.letter_revision, failed.letter_revision = campaign.revision, 7
        posted.channel = Channel.MAIL
        left.left_out_at = datetime(2026, 11, 1, tzinfo=UTC)
        made = {}
        for member in (filed, failed):
            made[member.agency_id] = requests.create_request(
                member.agency, "Q", owner=lawyer, actor=None
            )
            made[member.agency_id].campaign = campaign
        db.session.flush()
        for kind in ("filed", "received"):
            requests.add_event(made[filed.agency_id], kind, TODAY, today=TODAY, actor=None)
        lines = table.agency_lines(
            campaign,
            list(made.values()),
            for_lawyer=True,
            filing_errors={made[failed.agency_id].id: "The server refused it."},
            not_delivered={},
            gaps=[Gap(posted, Channel.MAIL, "No postal address on file.")],
        )
    by_name = {line.name: line for line in lines}
    assert [line.name for line in lines] == ["Filed PD", "Failed PD", "Posted PD", "Left PD"]
    assert (by_name["Filed PD"].letter, by_name["Filed PD"].removable) == ("current", False)
    assert by_name["Filed PD"].request_href == f"/requests/{made[filed.agency_id].id}"
    assert (by_name["Failed PD"].letter, by_name["Failed PD"].removable) == ("revision 7", True)
    assert by_name["Failed PD"].problem == "The server refused it."
    assert by_name["Posted PD"].tag == "by post (print-ready PDF)"
    assert by_name["Posted PD"].problem == "No postal address on file."
    assert (by_name["Posted PD"].status, by_name["Posted PD"].letter) == ("not generated", "—")
    assert by_name["Left PD"].tag == "left out"
    assert by_name["Left PD"].problem == "Left out of the filing."
    assert all(line.preview_href for line in lines)


def test_a_volunteer_gets_no_preview_and_no_removal(app, lawyer_client):
    with app.test_request_context():
        campaign = _campaign(lawyer_client.user, ["Only PD"])
        [line] = table.agency_lines(
            campaign, [], for_lawyer=False, filing_errors={}, not_delivered={}, gaps=[]
        )
    assert (line.preview_href, line.removable, line.request_href) == (None, False, None)
