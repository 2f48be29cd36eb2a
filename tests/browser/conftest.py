"""Browser fixtures: the real app on a live loopback server, Debian's chromium, and axe.

`live_server` serves the app (CSRF on, so forms post real tokens) on its own migrated SQLite
database; every table is emptied after each test. `page` is a fresh browser context per test
whose relative URLs resolve against the live server. Helpers for tests:

    from tests.browser.conftest import assert_accessible, log_in

A missing or broken chromium, or a server that cannot listen, skips these tests locally and fails
them with CI=true; an app that fails to build or migrate is an error everywhere.
"""

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from tests.conftest import FAST_PASSWORD, _empty_all_tables, create_user, make_app, unavailable

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
HERE = Path(__file__).resolve().parent
T = TypeVar("T")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as a browser test."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


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
        """Call `fn` in the app context (e.g. tests.conftest.create_agency) and return its result.

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


def _start_server(app: Flask) -> tuple[BaseWSGIServer, threading.Thread]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """Serve the app, with CSRF on, on a fresh migrated SQLite database."""
    from flask_migrate import upgrade

    from foia.extensions import db

    root = tmp_path_factory.mktemp("browser")
    # A broken app or migration is a bug and errors here like anywhere else; only the server
    # itself failing to listen counts as an unavailable service.
    app = make_app(f"sqlite:///{root / 'live.sqlite3'}", str(root), WTF_CSRF_ENABLED=True)
    with app.app_context():
        upgrade()
    try:
        server, thread = _start_server(app)
    except OSError as exc:
        unavailable(f"the live server could not listen on 127.0.0.1: {exc}")
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_live_database(live_server: LiveServer) -> Iterator[None]:
    """Give every browser test empty tables (login failures included) by emptying them after."""
    yield
    live_server.run(_empty_all_tables)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """Start Playwright's driver once."""
    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Launch Debian's chromium headless (Playwright cannot download its own here)."""
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is not installed")
    try:
        chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser"
        unavailable(f"chromium did not start: {exc}")
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """Give a page in a fresh context (no cookies) whose relative URLs go to the live server.

    The app's Content-Security-Policy (script-src 'self') stays on: axe is injected through
    page.evaluate, which the DevTools protocol runs outside CSP, so bypass_csp is not needed
    and the tests see the same policy as people do.
    """
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


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
