"""Slow down, then refuse, repeated failed logins for an account or an address.

After SLOW_AFTER failures in the window, each further attempt must wait longer (2, 4, 8 ... s)
after the previous failure; after LOCK_AFTER failures the key is refused until the window has
passed since the latest failure. Both the account and the client address are counted, so
guessing many passwords for one account and one password for many accounts are both slowed,
while a person whose address has not failed is held up only by failures on their own account.
That needs each client's own address: behind a reverse proxy, FOIA_TRUSTED_PROXIES (see
foia.web.trust_proxies) makes it the one the proxy saw, not the proxy's.
"""

import ipaddress
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from foia.auth.models import LoginFailure
from foia.extensions import db

WINDOW = timedelta(minutes=15)
SLOW_AFTER = 3
LOCK_AFTER = {"account": 10, "address": 30}


def _keys(email: str, address: str) -> list[tuple[str, str]]:
    return [("account", f"account:{email.strip().lower()}"), ("address", _address_key(address))]


def _address_key(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"address:{address}"
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6:
        # One IPv6 client is usually given a whole /64: its addresses count as one.
        return f"address:{ipaddress.ip_network((ip, 64), strict=False)}"
    return f"address:{ip}"


def wait_seconds(email: str, address: str, now: datetime) -> int:
    """Return how many seconds the caller must still wait before trying again (0 = go ahead)."""
    longest = 0
    for kind, key in _keys(email, address):
        count, latest = db.session.execute(
            select(func.count(), func.max(LoginFailure.failed_at)).where(
                LoginFailure.key == key, LoginFailure.failed_at > now - WINDOW
            )
        ).one()
        if not count:
            continue
        latest = _aware(latest)
        if count >= LOCK_AFTER[kind]:
            until = latest + WINDOW
        elif count >= SLOW_AFTER:
            until = latest + timedelta(seconds=2 ** (count - SLOW_AFTER + 1))
        else:
            continue
        longest = max(longest, int((until - now).total_seconds()) + 1 if until > now else 0)
    return longest


def wait_message(wait: int) -> str:
    """Return the sentence that tells a person how long to wait before trying again."""
    minutes = (wait + 59) // 60
    when = f"{wait} seconds" if wait < 120 else f"{minutes} minutes"
    return f"Too many failed attempts. Wait {when} before trying again."


def record_failure(email: str, address: str, now: datetime) -> None:
    """Count a failed attempt against the account and the address."""
    for _kind, key in _keys(email, address):
        db.session.add(LoginFailure(key=key, failed_at=now))
    db.session.execute(delete(LoginFailure).where(LoginFailure.failed_at < now - WINDOW))


def clear_account(email: str) -> None:
    """Forget the failures of an account after a successful login."""
    key = _keys(email, "")[0][1]
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == key))


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)
