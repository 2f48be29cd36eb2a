"""A lawyer edits a face-surveillance policy; the directory and a campaign show bans."""

import re

from playwright.sync_api import expect

from tests.support.browser import assert_accessible, log_in


def _seed(live_server):
    def seed():
        assert live_server.app.test_cli_runner().invoke(args=["seed"]).exit_code == 0

    live_server.run(seed)


def test_policies_the_directory_filter_and_the_campaign_suggestion(page, live_server):
    _seed(live_server)
    lawyer = live_server.create_account("lawyer", name="Lee Lawyer")
    page.goto("/login")
    log_in(page, lawyer.email, lawyer.password)

    page.goto("/face-policies")
    expect(page.get_by_role("heading", name="Face-surveillance policies")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Edit the policy of Springfield")).click()
    assert_accessible(page)
    page.get_by_label("In force since (year, if the source gives one)").fill("2020")
    page.get_by_role("button", name="Save the policy").click()
    expect(page.get_by_text("Saved the policy of Springfield.")).to_be_visible()
    springfield = page.get_by_role("row").filter(has_text="US-MA:springfield")
    expect(springfield.get_by_role("cell", name="2020", exact=True)).to_be_visible()

    page.get_by_role("link", name="Add a policy").click()
    assert_accessible(page)

    page.goto("/agencies")
    page.get_by_label("State").select_option("US-MA")
    page.get_by_label("Under a ban or moratorium").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_have_text("7 agencies match.")
    expect(page.get_by_text("Under a moratorium", exact=True)).to_have_count(1)  # Springfield
    assert_accessible(page)
    page.get_by_role("link", name="Boston Police Department").click()
    expect(page.get_by_role("heading", name="Face surveillance: under a ban")).to_be_visible()
    assert_accessible(page)

    page.goto("/campaigns/new")
    page.get_by_label("Campaign name").fill("Are the bans obeyed?")
    page.get_by_label("Use policies and procedures").check()
    page.get_by_label("State", exact=True).select_option("US-MA")
    page.get_by_label("Only agencies under a face-surveillance ban or moratorium").check()
    page.get_by_role("button", name="Create the campaign").click()
    expect(
        page.get_by_role("heading", name="Suggested template: Compliance with a ban")
    ).to_be_visible()
    assert_accessible(page)
