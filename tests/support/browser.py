"""Browser helpers: the live server's handle, logging in by the form's labels, and axe.

Browser tests import them from here; the fixtures (`live_server`, `browser`, `page`) are in
tests/browser/conftest.py.
"""

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page

from tests.support.app import FAST_PASSWORD
from tests.support.factories import create_user

#: Debian's chromium; FOIA_CHROMIUM points elsewhere on other systems.
CHROMIUM = os.environ.get("FOIA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Impacts that fail a page; "minor" and "moderate" findings are left to review.
BLOCKING_IMPACTS = ("serious", "critical")
#: Fail fast: every page here is local and small.
TIMEOUT_MS = 5_000
T = TypeVar("T")


@dataclass(frozen=True)
class Account:
    """A user the browser can log in as."""

    id: int
    email: str
    password: str
    role: str


@dataclass
class LiveServer:
    """The app served over HTTP on a loopback port."""

    url: str
    app: Flask

    def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Call `fn` in the app context (e.g. factories.create_agency) and return its result.

        ORM objects are detached once the context ends: return plain values such as ids.
        """
        with self.app.app_context():
            return fn(*args, **kwargs)

    def create_account(self, role: str = "volunteer", name: str = "") -> Account:
        """Create a user with a known password and return how to log in as them."""
        email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"

        def create() -> Account:
            user = create_user(role, email=email, password=FAST_PASSWORD, name=name)
            return Account(id=user.id, email=email, password=FAST_PASSWORD, role=role)

        return self.run(create)


def log_in(page: Page, email: str, password: str) -> None:
    """Fill the login form by its visible labels and submit it (the page must show the form)."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def _describe(violation: dict) -> str:
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
    return f"- {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"


def assert_accessible(page: Page) -> None:
    """Run axe on the page and fail listing every serious or critical violation."""
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = "\n".join(_describe(v) for v in blocking)
        pytest.fail(f"axe found accessibility violations on {page.url}:\n{lines}", pytrace=False)
