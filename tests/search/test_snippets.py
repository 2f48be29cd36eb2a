"""Snippets mark the match wherever it is in a long text, also when only its stem was typed."""

from datetime import timedelta

import pytest

from foia import clock
from foia.extensions import db
from foia.requests.models import Communication
from foia.search.backends import SearchQuery, search
from tests.support.responses import filed_request, recent_monday

FILLER = "The clerk reviewed the boxes of paper records in the basement archive. " * 150


@pytest.fixture
def long_message(app):
    """A message of 10,000 characters whose one interesting sentence is near the end."""
    records_request = filed_request(recent_monday(clock.today()))
    db.session.add(
        Communication(
            records_request=records_request,
            direction="in",
            channel="email",
            occurred_on=clock.today() - timedelta(days=1),
            subject="Reply",
            body=FILLER + "Our retention policies cover Clearview searches. " + FILLER[:300],
            sender="rao@town.gov",
        )
    )
    db.session.commit()


@pytest.mark.parametrize(
    ("typed", "marked"),
    [
        ("clearview", "Clearview"),  # as typed: cut from around it
        ("policy", "policies"),  # only the stem is in the text: the whole text is read
        ("the clearview", "Clearview"),  # a first word that is a stop word
    ],
)
def test_the_snippet_marks_the_match_near_the_end(long_message, typed, marked):
    [hit] = search(db.session, SearchQuery(text=typed))

    assert f"<mark>{marked}</mark>" in hit.snippet
