"""The new-request form's expedited box says which laws give an expedited request its own clock."""

from tests.support.factories import create_agency
from tests.support.html import page


def test_the_expedited_box_names_every_law_with_an_expedited_clock_not_only_the_federal(
    lawyer_client,
):
    agency = create_agency()

    shown = page(lawyer_client.get(f"/requests/new?agency_id={agency.id}"))

    box = shown.one("#is_expedited")
    assert box.get("aria-describedby") == "is_expedited-hint"
    [hint] = shown.texts("#is_expedited-hint")
    # laws.toml gives expedited_decision clocks to the federal FOIA and to Utah (§63G-2-204(4)).
    assert "federal FOIA" in hint and "Utah" in hint
    assert shown.texts("label[for=is_expedited]") == ["Expedited processing requested"]
