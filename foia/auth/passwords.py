"""Password rules after NIST SP 800-63B, and hashing that takes as long for unknown accounts."""

import secrets
from functools import lru_cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 256
#: How passwords are hashed (werkzeug's scrypt with its default cost).
HASH_METHOD = "scrypt"


def hash_password(password: str) -> str:
    """Return a strong hash of `password`."""
    return generate_password_hash(password, method=HASH_METHOD)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # A hash of a random password nobody knows, with the real cost: an account without a hash
    # (unknown, or invited and not yet set up) is checked against it and so takes as long.
    return hash_password(secrets.token_hex(16))


def verify_password(stored_hash: str, password: str) -> bool:
    """Return whether `password` matches `stored_hash`; always spends one hash computation."""
    matches = check_password_hash(stored_hash or _dummy_hash(), password)
    return bool(stored_hash) and matches


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Return why `password` is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in _common_passwords() or _is_repetitive(lowered):
        return "That password is too common or predictable; choose another."
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return "Do not use your email address in your password."
    if "foia" in lowered and len(set(lowered.replace("foia", ""))) < 4:
        return "That password is too easy to guess for this site."
    return None


def _is_repetitive(password: str) -> bool:
    return len(set(password)) <= 3
