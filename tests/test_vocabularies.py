"""Each vocabulary is a StrEnum defined once (issue 15): its stored strings never change, and the
forms and pages that offer it build their choices from it.

The expected values are written out literally: they are what existing rows hold, so a renamed
member value would need a migration and must fail here first.
"""

from sqlalchemy import text

from foia.auth.models import ROLES, Role
from foia.documents.extract import ExtractionState
from foia.documents.models import EXTRACTION_STATES
from foia.extensions import db
from foia.inbound.kinds import MailKind, MatchedBy
from foia.mail.models import OutboundKind
from foia.reminders.selection import KIND_ORDER, ReminderKind
from foia.requests.models import CHANNELS, FILING_CHANNELS, Channel, Direction, LetterKind
from foia.requests.status import CLOSED_STATUSES, STATUSES, RequestStatus
from foia.responses.kinds import (
    FEE_KINDS,
    OUTCOMES,
    RESPONSE_KINDS,
    AppealGrounds,
    FeeKind,
    Outcome,
    ResponseKind,
)
from tests.support.factories import create_user
from tests.support.html import Page, text_of


def values(enum) -> list[str]:
    """Return the members' values as plain strings, in definition order."""
    return [str.__str__(member) for member in enum]


def options(page: Page, label: str) -> list:
    """Return the options of the select labelled `label`."""
    return page.all(f"#{page.by_label(label).get('id')} option")


def option_values(page: Page, label: str) -> list[str]:
    """Return the values of the options of the select labelled `label`."""
    return [option.get("value") for option in options(page, label)]


def choice_pairs(field) -> list[tuple[str, str]]:
    """Return a select field's (value, label) choices."""
    return [(choice.value, choice.label) for choice in field.choices]


def test_request_statuses_keep_their_words():
    assert values(RequestStatus) == [
        "draft",
        "approved",
        "filed",
        "acknowledged",
        "awaiting clarification",
        "fee pending",
        "extended",
        "partially fulfilled",
        "fulfilled",
        "denied",
        "no records",
        "appealed",
        "in litigation",
        "withdrawn",
    ]
    assert tuple(RequestStatus) == STATUSES
    assert {"fulfilled", "denied", "no records", "withdrawn"} == CLOSED_STATUSES


def test_search_offers_the_request_statuses(volunteer_client):
    page = Page(volunteer_client.get("/search").get_data(as_text=True))
    assert option_values(page, "Request status") == ["", *values(RequestStatus)]


def test_roles_keep_their_ladder():
    assert values(Role) == ["volunteer", "lawyer", "admin"]
    assert tuple(Role) == ROLES


def test_a_role_is_stored_as_its_plain_word(app):
    user = create_user(role=Role.LAWYER)
    stored = db.session.execute(text("SELECT role FROM users WHERE id = :id"), {"id": user.id})
    assert stored.scalar_one() == "lawyer"
    assert user.has_role(Role.VOLUNTEER) and not user.has_role(Role.ADMIN)


def test_the_invite_form_offers_the_roles(admin_client):
    page = Page(admin_client.get("/admin/users").get_data(as_text=True))
    assert option_values(page, "Role") == values(Role)
    assert [text_of(option) for option in options(page, "Role")] == [
        "Volunteer",
        "Lawyer",
        "Admin",
    ]


def test_users_create_takes_the_role_values(runner):
    help_text = runner.invoke(args=["users", "create", "--help"]).output
    assert "volunteer" in help_text and "lawyer" in help_text and "admin" in help_text
    refused = runner.invoke(
        args=["users", "create", "--email", "x@example.org", "--role", "LAWYER"], input="\n"
    )
    assert refused.exit_code != 0 and "Invalid value for '--role'" in refused.output


def test_outbound_mail_kinds_keep_their_words():
    assert values(OutboundKind) == [
        "filing",
        "follow_up",
        "reminder",
        "digest",
        "password_reset",
        "invitation",
    ]


def test_inbound_mail_kinds_and_matches_keep_their_words():
    assert values(MailKind) == ["reply", "auto_reply", "bounce"]
    assert values(MatchedBy) == ["address", "reply", "bounce", "reference", "tracking", "person"]


def test_response_kinds_keep_their_words_and_labels():
    assert values(ResponseKind) == [
        "acknowledgement",
        "clarification",
        "fee_estimate",
        "extension",
        "partial_release",
        "final_response",
        "denial",
        "no_records",
        "other",
    ]
    assert [label for _, label in RESPONSE_KINDS] == [
        "Acknowledgement",
        "Clarification request",
        "Fee estimate",
        "Extension notice",
        "Partial release",
        "Final response",
        "Denial",
        "No records",
        "Other",
    ]


def test_outcomes_fees_and_grounds_keep_their_words():
    assert values(Outcome) == ["pending", "produced", "partly_produced", "withheld", "no_records"]
    assert [label for _, label in OUTCOMES] == [
        "Pending",
        "Produced",
        "Partly produced",
        "Withheld",
        "No records",
    ]
    assert values(FeeKind) == [
        "estimate",
        "waiver_requested",
        "waiver_granted",
        "waiver_denied",
        "invoice",
        "payment",
    ]
    assert values(AppealGrounds) == ["denied", "partly denied", "overdue"]


def test_channels_directions_and_letter_kinds_keep_their_words():
    assert values(Channel) == ["email", "portal", "mail", "fax", "phone", "in_person"]
    assert tuple(Channel) == CHANNELS
    assert FILING_CHANNELS == ("email", "portal", "mail", "fax")
    assert values(Direction) == ["in", "out"]
    assert values(LetterKind) == ["request", "correction", "follow_up", "appeal"]


def test_response_forms_build_their_choices_from_the_vocabularies(app):
    from foia.inbound.forms import SuggestionForm
    from foia.responses.forms import AppealFileForm, FeeForm, LogResponseForm, outcomes_form

    with app.test_request_context():
        logged = LogResponseForm(meta={"csrf": False})
        assert choice_pairs(logged.kind) == [(kind.value, kind.label) for kind in ResponseKind]
        assert choice_pairs(logged.channel) == [(c.value, c.label) for c in Channel]
        assert choice_pairs(FeeForm(meta={"csrf": False}).fee_kind) == list(FEE_KINDS)
        assert [v for v, _ in choice_pairs(AppealFileForm(meta={"csrf": False}).channel)] == list(
            FILING_CHANNELS
        )
        suggestion = SuggestionForm(meta={"csrf": False})
        assert [v for v, _ in choice_pairs(suggestion.kind)] == values(ResponseKind)
        outcomes = outcomes_form(["cat"], {"cat": "Category"}, "US-MA", {})
        assert choice_pairs(outcomes.outcome_0) == list(OUTCOMES)
        assert outcomes.outcome_0.data == "pending"


def test_reminder_kinds_and_extraction_states_keep_their_words():
    assert values(ReminderKind) == [
        "overdue",
        "appeal_closing",
        "ours_closing",
        "due_soon",
        "fee_waiting",
        "clarification_waiting",
    ]
    assert tuple(ReminderKind) == KIND_ORDER
    assert values(ExtractionState) == ["pending", "done", "failed", "skipped"]
    assert tuple(ExtractionState) == EXTRACTION_STATES
