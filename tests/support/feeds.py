"""Calendar feeds as a person uses them: ask for an address, then read its events."""

import re
from datetime import date

from icalendar import Calendar

from tests.support.html import Page


def new_feed_url(client, path="/settings/calendar") -> str:
    response = client.post(path)
    assert response.status_code == 200
    url = Page(response.text).by_label("Calendar address (iCalendar)").get("value")
    assert re.fullmatch(r"http://127\.0\.0\.1:5000/calendar/[\w-]{40,}\.ics", url)
    return url.removeprefix("http://127.0.0.1:5000")


def events(client, path) -> dict[str, date]:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    return {str(e.get("uid")): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
