"""Rows of agencies to the shade of each state and county, under each measure."""

from __future__ import annotations

import pytest

from foia.maps import AgencyFacts, Fill, Measure, Shade, county_shades, state_shades


def answered(count: int, of: int, state: str = "MA") -> list[AgencyFacts]:
    """Return `of` agencies of a state of which the first `count` answered."""
    return [AgencyFacts(state, None, index < count) for index in range(of)]


@pytest.mark.parametrize(
    ("count", "of", "fill", "words"),
    [
        # The bands by hand: the share's lower bound is inclusive, so a quarter exactly is in
        # 25-50 %, and the percentage is rounded down as the bands are (2 of 3 is 66 %).
        (0, 4, Fill.ANSWERED_0, "0 of 4 agencies answered (0%)"),
        (1, 5, Fill.ANSWERED_0, "1 of 5 agencies answered (20%)"),
        (1, 4, Fill.ANSWERED_25, "1 of 4 agencies answered (25%)"),
        (1, 3, Fill.ANSWERED_25, "1 of 3 agencies answered (33%)"),
        (2, 4, Fill.ANSWERED_50, "2 of 4 agencies answered (50%)"),
        (2, 3, Fill.ANSWERED_50, "2 of 3 agencies answered (66%)"),
        (74, 100, Fill.ANSWERED_50, "74 of 100 agencies answered (74%)"),
        (3, 4, Fill.ANSWERED_75, "3 of 4 agencies answered (75%)"),
        (1, 1, Fill.ANSWERED_75, "1 of 1 agency answered (100%)"),
    ],
)
def test_the_share_that_answered_is_banded(count: int, of: int, fill: Fill, words: str) -> None:
    assert state_shades(answered(count, of)) == {"MA": Shade(fill, words)}


def test_states_are_keyed_by_postal_code_whatever_code_the_rows_use() -> None:
    rows = [
        AgencyFacts("US-MA", None, True),
        AgencyFacts("ma", None, False),
        AgencyFacts("US-MA:boston", None, False),
        AgencyFacts("US", None, True),  # federal: on no map
        AgencyFacts("", None, True),
        AgencyFacts("US-PR", None, True),  # a territory: on no map
        AgencyFacts("US-TX", None, True),
    ]
    shades = state_shades(rows)
    assert list(shades) == ["MA", "TX"]
    assert shades["MA"].label == "1 of 3 agencies answered (33%)"


def test_counties_are_massachusetts_only_and_keyed_by_name() -> None:
    rows = [
        AgencyFacts("US-MA", "Middlesex County", True),
        AgencyFacts("US-MA", "middlesex", False),
        AgencyFacts("US-MA", None, True),  # county unknown: on the state map only
        AgencyFacts("US-MA", "  ", True),
        AgencyFacts("US-NY", "Suffolk County", True),  # New York's Suffolk, not ours
        AgencyFacts("US-MA", "Suffolk", False),
    ]
    shades = county_shades(rows)
    assert shades == {
        "Middlesex": Shade(Fill.ANSWERED_50, "1 of 2 agencies answered (50%)"),
        "Suffolk": Shade(Fill.ANSWERED_0, "0 of 1 agency answered (0%)"),
    }


def test_findings_show_the_most_telling_fact_with_how_many_agencies_it_concerns() -> None:
    def shade(*rows: AgencyFacts) -> Shade:
        return state_shades(rows, Measure.FINDINGS)["MA"]

    plain = AgencyFacts("MA", None, True)
    uses = AgencyFacts("MA", None, True, uses_face_recognition="yes")
    no = AgencyFacts("MA", None, True, uses_face_recognition="no")
    banned = AgencyFacts("MA", None, True, under_ban=True)
    violation = AgencyFacts("MA", None, True, under_ban=True, ban_violation=True)
    found = Shade(Fill.BAN_VIOLATION, "Ban violation found (1 of 3)")
    assert shade(plain, violation, uses) == found
    assert shade(banned, uses, uses, no) == Shade(Fill.USES, "Uses face recognition (2 of 4)")
    assert shade(no, banned) == Shade(Fill.BAN, "Ban or moratorium (1 of 2)")
    assert shade(no, plain) == Shade(Fill.NO_USE, "Does not use it (1 of 2)")
    unknown = AgencyFacts("MA", None, False, uses_face_recognition="unknown")
    assert shade(plain, unknown) == Shade(Fill.UNKNOWN, "Not known yet (2 agencies)")
    assert shade(plain) == Shade(Fill.UNKNOWN, "Not known yet (1 agency)")


def test_no_rows_give_no_shades() -> None:
    assert state_shades([]) == {}
    assert county_shades([], Measure.FINDINGS) == {}
