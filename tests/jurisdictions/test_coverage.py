"""Which face-surveillance policy covers an agency: the pure rule, no app needed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foia.jurisdictions.coverage import (
    LEVELS_BOUND,
    AgencyPlace,
    PolicyFact,
    by_code,
    covering_policy,
    governing_codes,
)

BOSTON_BAN = PolicyFact("US-MA:boston", "ban", "police")
KING_BAN = PolicyFact("US-WA:king-county", "ban", "police")
VERMONT = PolicyFact("US-VT", "moratorium", "police")
NY_SCHOOLS = PolicyFact("US-NY", "moratorium", "schools")
CA_BODY_CAMERAS = PolicyFact("US-CA", "moratorium", "body_cameras")
POLICIES = by_code([BOSTON_BAN, KING_BAN, VERMONT, NY_SCHOOLS, CA_BODY_CAMERAS])


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        # A city's ban binds its own police department ...
        (AgencyPlace("US-MA", "municipal", "Suffolk", "Boston"), BOSTON_BAN),
        # ... not the state police or the sheriff of the county the city sits in,
        (AgencyPlace("US-MA", "state", "Suffolk", "Boston"), None),
        (AgencyPlace("US-MA", "county", "Suffolk", None), None),
        # nor a neighbouring town's police.
        (AgencyPlace("US-MA", "municipal", "Middlesex", "Newton"), None),
        # A county's ban binds the county's agencies (the sheriff), named with or without
        # "County", but not the police of a city inside the county.
        (AgencyPlace("US-WA", "county", "King", None), KING_BAN),
        (AgencyPlace("US-WA", "county", "King County", None), KING_BAN),
        (AgencyPlace("US-WA", "municipal", "King", "Seattle"), None),
        # A state's moratorium binds every agency in the state.
        (AgencyPlace("US-VT", "municipal", "Chittenden", "Burlington"), VERMONT),
        (AgencyPlace("US-VT", "county", "Chittenden", None), VERMONT),
        (AgencyPlace("US-VT", "state", None, None), VERMONT),
        # Schools and body cameras only: police use as such is not covered.
        (AgencyPlace("US-NY", "municipal", "Kings", "New York"), None),
        (AgencyPlace("US-CA", "municipal", "Los Angeles", "Los Angeles"), None),
        # Federal agencies and other states: nothing.
        (AgencyPlace("US", "federal", None, None), None),
        (AgencyPlace("US-TX", "municipal", "Travis", "Austin"), None),
    ],
)
def test_the_policy_covering_an_agency(place, expected):
    assert covering_policy(place, POLICIES) == expected


def test_a_restriction_or_none_known_does_not_mark_an_agency():
    for status in ("restriction", "none"):
        policies = by_code([PolicyFact("US-MA:boston", status, "police")])
        assert (
            covering_policy(AgencyPlace("US-MA", "municipal", "Suffolk", "Boston"), policies)
            is None
        )


def test_the_nearest_jurisdiction_answers_first():
    city = PolicyFact("US-VT:burlington", "ban", "government")
    policies = by_code([VERMONT, city])
    place = AgencyPlace("US-VT", "municipal", "Chittenden", "Burlington")
    assert governing_codes(place) == ("US-VT:burlington", "US-VT")
    assert covering_policy(place, policies) == city


@given(
    level=st.sampled_from(LEVELS_BOUND),
    county=st.one_of(st.none(), st.text(max_size=12)),
    municipality=st.one_of(st.none(), st.text(max_size=12)),
)
def test_a_state_wide_ban_covers_every_agency_of_the_state_and_no_other(
    level, county, municipality
):
    policies = by_code([PolicyFact("US-VA", "ban", "police")])
    inside = AgencyPlace("US-VA", level, county, municipality)
    outside = AgencyPlace("US-MD", level, county, municipality)
    assert covering_policy(inside, policies) is not None
    assert covering_policy(outside, policies) is None


PROBE = """
import sys, types
for name, path in (("foia", {foia!r}), ("foia.jurisdictions", {package!r})):
    module = types.ModuleType(name)
    module.__path__ = [path]
    sys.modules[name] = module
import foia.jurisdictions.coverage
print(",".join(sorted(m for m in ("flask", "sqlalchemy", "flask_sqlalchemy") if m in sys.modules)))
"""


def test_the_rule_imports_neither_flask_nor_sqlalchemy():
    import subprocess
    import sys
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "foia" / "jurisdictions"
    code = PROBE.format(foia=str(package.parent), package=str(package))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
