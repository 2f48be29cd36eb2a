"""A follow-up letter is signed by the request's owner as the first-run setup names them, never
"Requester name" (issue #16 §2)."""

from datetime import date

from foia.reminders import followups
from tests.support.factories import create_user
from tests.support.letters import set_up_organisation
from tests.support.reminders import make_request

#: A Thursday; the request was received 20 business days before, so its 10-business-day
#: response deadline (M.G.L. c.66 §10(a)) has passed.
TODAY = date(2026, 12, 3)


def test_the_follow_up_is_signed_with_the_owners_name_title_and_organisation(app):
    lawyer = create_user("lawyer", name="Lee")
    set_up_organisation(lawyer)
    records_request = make_request(TODAY, owner=lawyer, received_business_days_ago=20)
    letter = followups.draft(records_request, TODAY)
    closing = letter.body_text.rsplit("Sincerely,", 1)[1].split()
    assert " ".join(closing) == "Lee Lawyer Staff Attorney Digital Rights Clinic"
    assert "Requester name" not in letter.body_text


def test_a_request_without_an_owner_is_signed_by_the_first_signer(app):
    set_up_organisation()
    records_request = make_request(TODAY, owner=None, received_business_days_ago=20)
    letter = followups.draft(records_request, TODAY)
    assert "Lee Lawyer\nStaff Attorney\nDigital Rights Clinic" in letter.body_text
