"""`flask letters`: render request letters from the seeded templates."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from foia import clock
from foia.agencies.models import Agency
from foia.extensions import db
from foia.letters.compose import LetterError, compose_letter
from foia.letters.models import RequestTemplate
from foia.letters.pdf import html_to_pdf
from foia.letters.render import TemplateRefused
from foia.letters.setup import SetupIncomplete


class LetterCommandError(click.ClickException):
    """A bad argument for a letters command (exit status 2, like a usage error)."""

    exit_code = 2


@click.group("letters")
def letters_cli() -> None:
    """Render request letters."""


@letters_cli.command("render")
@click.option("--template", "slug", required=True, help="Template slug, e.g. use-and-policy.")
@click.option("--agency", "agency_name", required=True, help="The agency's exact name.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the PDF.",
)
@with_appcontext
def render(slug: str, agency_name: str, out: Path) -> None:
    """Render one letter to a PDF file, with the template's default categories."""
    template = db.session.scalar(select(RequestTemplate).filter_by(slug=slug))
    if template is None:
        known = ", ".join(db.session.scalars(select(RequestTemplate.slug).order_by("slug")))
        raise LetterCommandError(
            f"no request template {slug!r} (known: {known or 'none; run `flask seed`'})"
        )
    agencies = db.session.scalars(select(Agency).filter_by(name=agency_name)).all()
    if len(agencies) != 1:
        problem = "no agency is" if not agencies else f"{len(agencies)} agencies are"
        raise LetterCommandError(f"{problem} named exactly {agency_name!r}")
    try:
        letter = compose_letter(template, agencies[0], clock.today())
    except (LetterError, TemplateRefused, SetupIncomplete) as exc:
        raise LetterCommandError(str(exc)) from exc
    pdf = html_to_pdf(letter.html)
    out.write_bytes(pdf.content)
    click.echo(f"Wrote {out} ({len(pdf.content):,} bytes, sha256 {pdf.sha256}).")
