"""The accessibility helper itself: it must see real problems, or every green page means nothing."""

import pytest
from playwright.sync_api import Page

from tests.support.browser import assert_accessible

BROKEN_MARKUP = """() => {
  const image = document.createElement("img");
  image.src = "/static/css/site.css";
  document.querySelector("main").append(image, document.createElement("button"));
}"""


def test_axe_runs_under_the_apps_csp_and_lists_serious_violations(page: Page):
    response = page.goto("/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(BROKEN_MARKUP)

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)

    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "button-name (critical)" in message
    assert "-> img" in message


def test_assert_accessible_passes_a_clean_page(page: Page):
    page.set_content(
        '<!doctype html><html lang="en"><title>Fine</title>'
        "<main><h1>Fine</h1><p>Nothing wrong here.</p></main></html>"
    )

    assert_accessible(page)
