"""The pure suggester: hand-written cases, hard negatives, and any text never raises."""

from hypothesis import given, settings
from hypothesis import strategies as st

from foia.findings.kinds import FindingKind
from foia.findings.suggest import suggest, vendors


def found(text: str) -> set[tuple[str, str, int]]:
    return {(s.kind.value, s.value, s.page) for s in suggest(text)}


def test_a_vendor_by_an_alias_gives_the_products_name_page_and_snippet():
    text = "Cover letter.\fInvoice from MorphoTrust USA for the Live Face Identification module."
    [suggestion] = [s for s in suggest(text) if s.kind == FindingKind.SYSTEM]
    assert (suggestion.value, suggestion.page) == ("Idemia", 2)
    assert "MorphoTrust USA" in suggestion.snippet


def test_every_alias_gives_its_vendor():
    for vendor in vendors():
        for alias in vendor.aliases:
            assert ("system", vendor.name, 1) in found(f"The department licensed {alias}."), alias


def test_a_common_word_alias_needs_its_capitals():
    assert found("a fortify the walls, the cogent argument, lumina of the sky") == set()


def test_a_vendor_named_in_a_ban_is_not_a_system():
    text = "No city department shall acquire or use Clearview AI or Amazon Rekognition."
    assert not any(kind == "system" for kind, _, _ in found(text))


def test_a_denied_vendor_is_not_a_system():
    assert not any(k == "system" for k, _, _ in found("We have no contract with Clearview AI."))


def test_a_contract_amount_with_its_period():
    text = (
        "The agreement with Clearview AI, Inc. is for a total cost of $10,000.00 "
        "from January 1, 2024 through December 31, 2024."
    )
    [contract] = [s for s in suggest(text) if s.kind == FindingKind.CONTRACT]
    assert contract.value == "$10,000"
    assert contract.period == "January 1, 2024 to December 31, 2024"


def test_a_records_fee_is_not_a_contract_value():
    text = "The estimated fee for copies under the public records law is $45.00 per the agreement."
    assert not any(kind == "contract" for kind, _, _ in found(text))


def test_searches_with_their_period():
    [searches] = suggest("In 2025 detectives ran 240 facial recognition searches.")
    assert (searches.kind, searches.value, searches.period) == ("searches", "240", "2025")


def test_records_requests_are_not_searches():
    assert found("We received 12 requests for records this year.") == set()


def test_statements_about_policy_audit_use_and_ban():
    text = (
        "The department does not have a written policy on facial recognition.\n"
        "Audit logs of every search are retained.\n"
        "The department does not use facial recognition.\n"
        "The review found a violation of the face surveillance ban."
    )
    assert found(text) >= {
        ("written_policy", "no", 1),
        ("audit_logs", "yes", 1),
        ("uses_face_recognition", "no", 1),
        ("ban_compliance", "violation", 1),
    }


def test_the_same_finding_is_suggested_once():
    text = "Clearview AI login.\fClearview AI invoice.\fClearview search log."
    assert [s.page for s in suggest(text) if s.kind == FindingKind.SYSTEM] == [1]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_suggestions_without_raising(text):
    for s in suggest(text):
        assert s.page >= 1
        assert s.kind in FindingKind
        assert len(s.key) <= 200


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Clearview", "$", "1,000", "searches", "contract", "\f", ".", " ", "ban", "2024", "no"]
        )
    )
)
def test_fragments_of_the_vocabulary_never_raise(words):
    suggest(" ".join(words))
