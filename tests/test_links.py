"""foia.links.id_link builds a page's row links from one url_for: the same links url_for gives."""

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foia.links import id_link

IDS = st.integers(min_value=0, max_value=2**31 - 1)


# The app is only read: the function-scoped fixture is safe to share between examples.
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ident=IDS)
def test_a_link_is_the_one_url_for_gives_for_any_id(app, ident):
    with app.test_request_context("/"):
        link = id_link("requests.show", "request_id")
        assert link(ident) == url_for("requests.show", request_id=ident)


def test_fixed_values_and_the_app_s_root_are_kept(app):
    # Mounted under a prefix (SCRIPT_NAME), with a query value and an anchor on every link.
    with app.test_request_context("/", base_url="http://localhost/foia"):
        link = id_link("agencies.show", "agency_id", tab="requests", _anchor="delivery")
        expected = url_for("agencies.show", agency_id=42, tab="requests", _anchor="delivery")
        assert expected.startswith("/foia/agencies/42")
        assert link(42) == expected


def test_a_link_whose_other_values_hold_the_marker_is_refused(app):
    # The id's stand-in must appear exactly once, or the link would be built wrong.
    with app.test_request_context("/"), pytest.raises(ValueError, match="exactly once"):
        id_link("agencies.show", "agency_id", note="918273645")
