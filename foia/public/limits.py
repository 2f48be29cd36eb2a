"""A limit per client address on the public pages: anyone may read them, nobody may flood them.

Each address may make PUBLIC_RATE_LIMIT requests (default 120) in any PUBLIC_RATE_WINDOW seconds
(default 60) to /public/...; more answer 429 "Too many requests" with Retry-After. An IPv6
client counts by its /64, as login throttling does. The counts live in the worker process's
memory: with several workers an address may make that many requests to each, and a restart
forgets them; the limit is a brake on scraping and floods, not an accounting. Behind a proxy,
FOIA_TRUSTED_PROXIES makes the address the client's, not the proxy's. 0 turns the limit off.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import deque

from flask import current_app, make_response, request
from werkzeug.exceptions import TooManyRequests

from foia import web

DEFAULT_LIMIT = 120
DEFAULT_WINDOW = 60.0
#: Addresses remembered at most; the longest-known is forgotten first beyond it.
MAX_ADDRESSES = 10_000
EXTENSION = "foia_public_limiter"


class Limiter:
    """Sliding-window counts of recent requests, per key, safe across a worker's threads."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str, now: float, limit: int, window: float) -> float:
        """Count a request of `key` at `now` and return 0, or the seconds to wait if refused."""
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= MAX_ADDRESSES:
                    del self._hits[next(iter(self._hits))]
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= limit:
                return hits[0] + window - now
            hits.append(now)
            return 0.0


def client_key(address: str) -> str:
    """Return whom a request counts against: its address, or its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network((ip, 64), strict=False))
    return str(ip)


def limit_public_requests():
    """Refuse a request past its address's limit with 429 and Retry-After; else let it through."""
    limit = int(current_app.config.get("PUBLIC_RATE_LIMIT", DEFAULT_LIMIT))
    if limit <= 0:
        return None
    window = float(current_app.config.get("PUBLIC_RATE_WINDOW", DEFAULT_WINDOW))
    limiter = current_app.extensions.setdefault(EXTENSION, Limiter())
    seconds = limiter.wait(client_key(request.remote_addr or ""), time.monotonic(), limit, window)
    if not seconds:
        return None
    response = make_response(web.error_page(TooManyRequests()))
    response.headers["Retry-After"] = str(max(1, math.ceil(seconds)))
    return response
