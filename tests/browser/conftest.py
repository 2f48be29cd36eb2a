"""Browser fixtures: the real app on a live loopback server, Debian's chromium, and axe.

`live_server` serves the app (CSRF on, so forms post real tokens) on its own migrated SQLite
database; every table is emptied after each test. `page` is a fresh browser context per test
whose relative URLs resolve against the live server. Helpers for tests are in
tests/support/browser.py:

    from tests.support.browser import assert_accessible, log_in

A missing or broken chromium, or a server that cannot listen, skips these tests locally and fails
them with CI=true; an app that fails to build or migrate is an error everywhere.
"""

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

from tests.support.app import empty_all_tables, make_app, unavailable
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, LiveServer

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as a browser test."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


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
    live_server.run(empty_all_tables)


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
