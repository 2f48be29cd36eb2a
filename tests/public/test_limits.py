"""The public pages are limited per client address: past the limit, 429 with Retry-After."""

import pytest

from foia.public.limits import EXTENSION, Limiter, client_key
from tests.support.public import SLUG


def test_the_window_slides():
    limiter = Limiter()
    assert [limiter.wait("a", t, 3, 60.0) for t in (0.0, 1.0, 2.0)] == [0.0, 0.0, 0.0]
    assert limiter.wait("a", 10.0, 3, 60.0) == 50.0  # the first request leaves the window at 60
    assert limiter.wait("b", 10.0, 3, 60.0) == 0.0  # another address has its own count
    assert limiter.wait("a", 60.0, 3, 60.0) == 0.0
    assert limiter.wait("a", 60.5, 3, 60.0) == 0.5  # 1.0, 2.0 and 60.0 are in the window


def test_an_ipv6_client_counts_by_its_64_and_a_mapped_ipv4_as_itself():
    assert client_key("2001:db8:1:2::5") == client_key("2001:db8:1:2:ffff::9")
    assert client_key("2001:db8:1:2::5") != client_key("2001:db8:1:3::5")
    assert client_key("::ffff:192.0.2.7") == client_key("192.0.2.7") == "192.0.2.7"


@pytest.fixture
def limited(app):
    app.config.update(PUBLIC_RATE_LIMIT=3, PUBLIC_RATE_WINDOW=60)
    app.extensions.pop(EXTENSION, None)
    yield
    app.config.update(PUBLIC_RATE_LIMIT=0)
    app.extensions.pop(EXTENSION, None)


def test_past_the_limit_an_address_is_refused_and_told_when_to_come_back(tracker, client, limited):
    urls = [f"/public/{SLUG}", f"/public/{SLUG}/findings.json", f"/public/{SLUG}/feed.atom"]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    refused = client.get(f"/public/{SLUG}/findings.csv")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "Too many requests" in refused.get_data(as_text=True)
    other = client.get(f"/public/{SLUG}", environ_base={"REMOTE_ADDR": "192.0.2.8"})
    assert other.status_code == 200
    assert client.get("/login").status_code == 200  # only the public pages are limited
