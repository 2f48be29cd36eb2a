"""Letters render to PDF from the seeded data; the PDF renderer fetches nothing."""

import io
from datetime import date

import pypdf
import pytest
from sqlalchemy import select

from foia.deadlines.rules import get_law
from foia.extensions import db
from foia.letters.context import sample_context
from foia.letters.fields import from_json, sample_values
from foia.letters.models import RecordCategory, RequestTemplate
from foia.letters.pdf import FetchRefused, html_to_pdf, refusing_fetcher
from foia.letters.render import check_template
from tests.support.letters import set_up_organisation


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    # Join lines: the PDF wraps long names and citations across lines.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/hostname",
        "http://127.0.0.1/x.png",
        "https://example.org/font.woff",
        "ftp://example.org/a",
    ],
)
def test_fetcher_refuses_files_and_remote_urls(url):
    with pytest.raises(FetchRefused):
        refusing_fetcher().fetch(url)


def test_pdf_of_html_pointing_at_a_local_file_does_not_embed_it(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body::after { content: 'TOPSECRET' }")
    html = (
        f'<link rel="stylesheet" href="file://{secret}"><p>Hello</p>'
        f'<img src="file:///etc/passwd"><img src="http://127.0.0.1:1/x.png">'
    )
    rendered = html_to_pdf(html)
    text = pdf_text(rendered.content)
    assert "Hello" in text
    assert "TOPSECRET" not in text
    assert len(rendered.sha256) == 64


@pytest.mark.slow
def test_seed_loads_categories_and_templates_once_and_keeps_edits(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    assert db.session.scalar(select(db.func.count(RecordCategory.id))) == 17
    slugs = set(db.session.scalars(select(RequestTemplate.slug)))
    assert slugs == {"use-and-policy", "ban-compliance", "defendant-case", "state-systems"}
    category = db.session.scalar(select(RecordCategory).filter_by(slug="use-policies"))
    category.wording = "A lawyer's own wording."
    db.session.commit()
    result = runner.invoke(args=["seed"])
    assert "nothing new" in result.output
    db.session.expire_all()
    assert category.wording == "A lawyer's own wording."


@pytest.mark.slow
def test_every_seeded_template_renders_under_every_kind_of_law(app, runner):
    runner.invoke(args=["seed"])
    for template in db.session.scalars(select(RequestTemplate)):
        known = set(db.session.scalars(select(RecordCategory.slug)))
        assert set(template.default_category_slugs) <= known, template.slug
        for code in ("US-MA", "US", "US-AZ"):
            fields = sample_values(from_json(template.fields))
            sample = sample_context(get_law(code), date(2026, 11, 26), fields)
            assert check_template(template.body, sample) == [], (template.slug, code)


@pytest.mark.slow
def test_cli_renders_a_pdf_for_boston_police(app, runner, tmp_path):
    assert runner.invoke(args=["seed"]).exit_code == 0
    set_up_organisation()
    out = tmp_path / "letter.pdf"
    result = runner.invoke(
        args=[
            "letters",
            "render",
            "--template",
            "use-and-policy",
            "--agency",
            "Boston Police Department",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    assert "Boston Police Department" in text
    assert "M.G.L. c.66 §§10, 10A" in text
    assert "950 CMR 32.07" in text
    assert "ten (10) business days" in text
    template = db.session.scalar(select(RequestTemplate).filter_by(slug="use-and-policy"))
    names = db.session.scalars(
        select(RecordCategory.name).where(RecordCategory.slug.in_(template.default_category_slugs))
    ).all()
    assert len(names) == len(template.default_category_slugs)
    for name in names:
        assert name in text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--template", "nope", "--agency", "Boston Police Department"],
            "no request template 'nope'",
        ),
        (["--template", "use-and-policy", "--agency", "Boston"], "no agency is named exactly"),
    ],
)
def test_cli_unknown_template_or_agency_exits_2(app, runner, tmp_path, args, message):
    runner.invoke(args=["seed"])
    result = runner.invoke(args=["letters", "render", *args, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.pdf").exists()
