"""A long correspondence comes a page at a time on the request page, newest first, with links
to the older and newer pages that work without JavaScript (issue 18)."""

from datetime import timedelta

from foia import clock
from foia.extensions import db
from foia.requests.models import Communication
from foia.responses.sections import MESSAGES_SHOWN
from tests.support.html import page as parse
from tests.support.responses import filed_request, recent_monday

TOTAL = 2 * MESSAGES_SHOWN + 5


def long_correspondence():
    """A filed request with TOTAL received messages, "Message 000" the oldest."""
    records_request = filed_request(recent_monday(clock.today()))
    first = recent_monday(clock.today())
    for n in range(TOTAL):
        db.session.add(
            Communication(
                records_request=records_request,
                direction="in",
                channel="email",
                occurred_on=first + timedelta(days=n // 10),
                subject=f"Message {n:03d}",
            )
        )
    db.session.commit()
    return records_request


def titles(client, url: str, **query) -> list[str]:
    shown = parse(client.get(url, query_string=query))
    return [t.split(": ", 1)[1] for t in shown.texts("ol.messages li.message h3")]


def pager_links(client, url: str, **query) -> dict[str, str]:
    shown = parse(client.get(url, query_string=query))
    return {a.text: a.get("href") for a in shown.all("nav.thread-pager a")}


def test_a_long_thread_is_paged_newest_first(app, volunteer_client):
    url = f"/requests/{long_correspondence().id}"
    first, second, last = (titles(volunteer_client, url, messages=n) for n in (1, 2, 3))
    assert titles(volunteer_client, url) == first
    assert len(first) == len(second) == MESSAGES_SHOWN and len(last) == 5
    assert first[0] == f"Message {TOTAL - 1:03d}" and last[-1] == "Message 000"
    everything = first + second + last
    assert sorted(everything, reverse=True) == everything, "newest first, nothing twice"

    shown = parse(volunteer_client.get(url, query_string={"messages": 2}))
    assert shown.texts("nav.thread-pager p")[0].startswith(
        f"Messages and notes {MESSAGES_SHOWN + 1}–{2 * MESSAGES_SHOWN} of {TOTAL}"
    )


def test_the_pages_link_to_each_other(app, volunteer_client):
    url = f"/requests/{long_correspondence().id}"
    # At the top and at the end of the thread, each page links to its neighbours.
    assert pager_links(volunteer_client, url) == {
        "Older messages": f"{url}?messages=2#communications-heading"
    }
    assert pager_links(volunteer_client, url, messages=2) == {
        "Newer messages": f"{url}#communications-heading",
        "Older messages": f"{url}?messages=3#communications-heading",
    }
    assert pager_links(volunteer_client, url, messages=3) == {
        "Newer messages": f"{url}?messages=2#communications-heading"
    }
    shown = parse(volunteer_client.get(url, query_string={"messages": 2}))
    assert len(shown.all("nav.thread-pager")) == 2


def test_a_page_out_of_range_or_not_a_number_shows_a_page_never_an_error(app, volunteer_client):
    url = f"/requests/{long_correspondence().id}"
    first, last = titles(volunteer_client, url), titles(volunteer_client, url, messages=3)
    for value, expected in (("0", first), ("-4", first), ("abc", first), ("all", first)):
        assert titles(volunteer_client, url, messages=value) == expected, value
    assert titles(volunteer_client, url, messages=99) == last


def test_a_short_thread_has_no_pager(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    shown = parse(volunteer_client.get(f"/requests/{records_request.id}"))
    assert shown.all("nav.thread-pager") == []
