"""An admin's first-run setup (issue #16 §2): a letter page stops with a link to the setup, the
admin fills it in by its labels (axe finds nothing serious, errors included), and the letter
then prints the letterhead and the signer's name and title."""

import io

from PIL import Image
from playwright.sync_api import Page, expect

from tests.support.browser import assert_accessible, log_in


def _seed(live_server) -> int:
    def seed() -> int:
        from sqlalchemy import select

        from foia.agencies.models import Agency
        from foia.extensions import db

        assert live_server.app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
        return db.session.scalar(select(Agency.id).filter_by(name="Boston Police Department"))

    return live_server.run(seed)


def _logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (20, 60, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_admin_completes_the_setup_from_the_page_that_stopped(page: Page, live_server):
    boston = _seed(live_server)
    admin = live_server.create_account("admin", name="Ada Admin")
    lawyer = live_server.create_account("lawyer", name="Lee")
    page.goto("/login")
    log_in(page, admin.email, admin.password)

    page.goto(f"/letters/preview?template=use-and-policy&agency_id={boston}")
    expect(page.get_by_role("heading", name="Organisation setup needed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Complete the organisation setup").click()

    expect(page.get_by_role("heading", name="Organisation setup", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Organisation name").fill("Digital Rights Clinic")
    page.get_by_label("Postal address (the return address on envelopes)").fill(
        "12 Court Street\nBoston, MA 02108"
    )
    page.get_by_label("Email for replies").fill("records@clinic.example.org")
    page.get_by_label("Logo (PNG or JPEG, up to 200 KB; optional)").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": _logo()}
    )
    signer = page.get_by_role("group", name=f"Signer: {lawyer.email}")
    signer.get_by_label("Name").fill("Lee Lawyer")
    signer.get_by_label("Title").fill("Staff Attorney")
    page.get_by_role("group", name=f"Signer: {admin.email}").get_by_label("Name").fill("")
    page.get_by_role("button", name="Save the setup").click()

    # The telephone was left out: the page says so by the field, and stays accessible.
    expect(page.get_by_label("Telephone")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Telephone").fill("617-555-0100")
    page.get_by_label("Logo (PNG or JPEG, up to 200 KB; optional)").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": _logo()}
    )
    page.get_by_role("button", name="Save the setup").click()
    expect(
        page.get_by_text("The organisation is set up: letters can now be drafted.")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Current logo")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/login")
    log_in(page, lawyer.email, lawyer.password)
    page.goto(f"/letters/preview?template=use-and-policy&agency_id={boston}")
    letter = page.get_by_role("article", name="Letter to Boston Police Department")
    expect(letter).to_contain_text("Digital Rights Clinic")
    expect(letter).to_contain_text("12 Court Street")
    expect(letter).to_contain_text("617-555-0100")
    expect(letter.locator(".letter-signature")).to_contain_text("Staff Attorney")
