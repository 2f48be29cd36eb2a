"""The public campaign page, rendered once and kept until what it shows changes.

Each worker keeps, per campaign, the last page it rendered with its key: the campaign's public
values (name, licence ...), today's date (deadlines turn overdue by the day) and the campaign's
fingerprint (queries.fingerprint: its rows' counts and latest update times). A request reads the
fingerprint, one statement, and renders again only when the key differs; a change made through
any worker changes the fingerprint in the database, so every worker sees it. Whether the campaign
is published and past its embargo is read on every request, never kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from flask import current_app

EXTENSION = "foia_public_pages"


class PageCache:
    """The last page rendered per campaign, with the key it was rendered for."""

    def __init__(self) -> None:
        self._pages: dict[int, tuple[Hashable, str]] = {}
        self._lock = threading.Lock()

    def page(self, campaign_id: int, key: Hashable, render: Callable[[], str]) -> str:
        """Return the kept page when its key is `key`, else render, keep and return it."""
        with self._lock:
            kept = self._pages.get(campaign_id)
        if kept is not None and kept[0] == key:
            return kept[1]
        html = render()
        with self._lock:
            self._pages[campaign_id] = (key, html)
        return html


def pages() -> PageCache:
    """Return this app's page cache."""
    return current_app.extensions.setdefault(EXTENSION, PageCache())
