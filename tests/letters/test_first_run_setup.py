"""The first-run setup: no letter is drafted or approved before an admin enters the letterhead
and the signers; every page that stops says so with a link to the setup page (issue #16 §2)."""

from sqlalchemy import select

from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.letters.models import LawyerSignature, OrganisationProfile
from foia.requests.models import RecordsRequest
from tests.support.campaigns import agency_csv, inline_worker
from tests.support.factories import create_user, login_as
from tests.support.html import page

__all__ = ["inline_worker"]

SETUP = {
    "name": "Digital Rights Clinic",
    "address": "12 Court Street\nBoston, MA 02108",
    "phone": "617-555-0100",
    "email": "records@clinic.example.org",
}


def _seed(runner) -> Agency:
    assert runner.invoke(args=["seed"]).exit_code == 0
    return db.session.scalar(select(Agency).filter_by(name="Boston Police Department"))


def test_every_letter_page_stops_with_a_link_to_the_setup(app, runner, client_for):
    boston = _seed(runner)
    lawyer, admin = client_for("lawyer"), client_for("admin")
    preview = lawyer.get(f"/letters/preview?template=use-and-policy&agency_id={boston.id}")
    assert preview.status_code == 409
    shown = page(preview)
    assert shown.one("h1").text == "Organisation setup needed"
    assert shown.link("organisation setup").get("href") == "/admin/setup"
    assert "its telephone" in shown.texts("main p")[0]
    compose = lawyer.post(
        "/requests/compose",
        data={
            "name": "One letter",
            "agency": boston.id,
            "template": "use-and-policy",
            "categories": ["use-policies"],
            "action": "create",
        },
    )
    assert compose.status_code == 409
    assert db.session.scalar(select(RecordsRequest)) is None
    admin_page = page(admin.get(f"/letters/preview?template=use-and-policy&agency_id={boston.id}"))
    assert admin_page.link("Complete the organisation setup").get("href") == "/admin/setup"


def test_a_campaign_cannot_be_approved_before_the_setup(app, runner, client_for):
    _seed(runner)
    lawyer = client_for("lawyer")
    data = {
        "name": "Press Pause",
        "template": "use-and-policy",
        "categories": ["use-policies"],
        "agency_list": agency_csv(["Boston Police Department"]),
    }
    assert (
        lawyer.post("/campaigns/new", data=data, content_type="multipart/form-data").status_code
        == 302
    )
    campaign = db.session.scalar(select(Campaign))
    response = lawyer.post(f"/campaigns/{campaign.id}/approve")
    assert response.status_code == 409
    assert page(response).link("organisation setup").get("href") == "/admin/setup"
    db.session.expire_all()
    assert campaign.approved_at is None


def test_the_cli_says_what_is_missing(app, runner, tmp_path):
    _seed(runner)
    result = runner.invoke(
        args=[
            "letters",
            "render",
            "--template",
            "use-and-policy",
            "--agency",
            "Boston Police Department",
            "--out",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert result.exit_code == 2  # the command's exit status for every refusal
    assert "an admin must enter the organisation's name" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_admin_sets_up_the_letterhead_and_signers(app, runner, client_for):
    boston = _seed(runner)
    admin = client_for("admin")
    lawyer_user = create_user("lawyer", email="lee@clinic.example.org", name="Lee")
    create_user("volunteer", email="val@clinic.example.org")
    shown = page(admin.get("/admin/setup"))
    legends = shown.texts("fieldset legend")
    assert "Signer: lee@clinic.example.org" in legends
    assert not any("val@clinic.example.org" in text for text in legends)  # volunteers do not sign
    hidden = {i.get("value"): i.get("name") for i in shown.all("input[type=hidden]")}
    prefix = hidden[str(lawyer_user.id)].removesuffix("-user_id")
    other = hidden[str(admin.user.id)].removesuffix("-user_id")
    data = {
        **SETUP,
        hidden[str(lawyer_user.id)]: lawyer_user.id,
        f"{prefix}-name": "Lee Lawyer",
        f"{prefix}-title": "Staff Attorney",
        hidden[str(admin.user.id)]: admin.user.id,
        f"{other}-name": "",
        f"{other}-title": "",
    }
    refused = admin.post("/admin/setup", data={**data, "phone": ""})
    assert refused.status_code == 400
    assert page(refused).error_for("Telephone")
    half = admin.post("/admin/setup", data={**data, f"{prefix}-title": ""})
    assert half.status_code == 400
    assert "both the signer's name and title" in page(half).texts("p.error")[0]
    assert admin.post("/admin/setup", data=data).status_code == 302
    profile = db.session.scalar(select(OrganisationProfile))
    assert (profile.name, profile.phone) == ("Digital Rights Clinic", "617-555-0100")
    signature = db.session.scalar(select(LawyerSignature).filter_by(user_id=lawyer_user.id))
    assert (signature.line, signature.title) == ("Lee Lawyer", "Staff Attorney")
    assert not any("Still missing" in t for t in page(admin.get("/admin/setup")).texts("main p"))

    lawyer = login_as(app.test_client(), lawyer_user)
    letter = page(lawyer.get(f"/letters/preview?template=use-and-policy&agency_id={boston.id}"))
    head = letter.texts("article.letter .letter-head")[0]
    for part in (
        "Digital Rights Clinic",
        "12 Court Street",
        "Boston, MA 02108",
        "617-555-0100",
        "records@clinic.example.org",
    ):
        assert part in head
    signed = letter.all("article.letter .letter-signature p")[1]
    lines = [text.strip() for text in signed.itertext() if text.strip()]
    assert lines[:3] == ["Lee Lawyer", "Staff Attorney", "Digital Rights Clinic"]


def test_only_admins_open_the_setup(app, client_for):
    assert client_for("lawyer").get("/admin/setup").status_code == 403
