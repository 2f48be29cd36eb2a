"""Letter pages: the templates and categories, and a preview of one letter (HTML or PDF)."""

from flask import abort, make_response, render_template, request
from sqlalchemy import select

from foia import clock
from foia.agencies.models import Agency
from foia.auth.access import require
from foia.extensions import db
from foia.letters import bp
from foia.letters.compose import LetterError, compose_letter
from foia.letters.forms import PreviewForm
from foia.letters.models import RecordCategory, RequestTemplate
from foia.letters.pdf import html_to_pdf
from foia.letters.render import TemplateRefused


def _templates() -> list[RequestTemplate]:
    return list(db.session.scalars(select(RequestTemplate).order_by(RequestTemplate.name)))


def _preview_form() -> PreviewForm:
    form = PreviewForm(request.args)
    form.set_templates([(t.slug, t.name) for t in _templates()])
    return form


def _load_choice(form: PreviewForm) -> tuple[RequestTemplate, Agency]:
    """Return the chosen template and agency, or 404."""
    template = db.session.scalar(select(RequestTemplate).filter_by(slug=form.template.data))
    agency = db.session.get(Agency, form.agency_id.data)
    if template is None or agency is None:
        abort(404)
    return template, agency


@bp.route("/letters/templates")
@require("volunteer")
def templates():
    """List the request templates and the record categories they ask for."""
    categories = db.session.scalars(select(RecordCategory).order_by(RecordCategory.number)).all()
    names = {c.slug: c.name for c in categories}
    return render_template(
        "letters/templates.html", templates=_templates(), categories=categories, names=names
    )


@bp.route("/letters/preview")
@require("lawyer")
def preview():
    """Show one template rendered for one agency, with a link to its PDF."""
    form = _preview_form()
    if not request.args or not form.validate():
        return render_template("letters/preview.html", form=form, letter=None, error=None)
    template, agency = _load_choice(form)
    try:
        letter, error = compose_letter(template, agency, clock.today()), None
    except (LetterError, TemplateRefused) as exc:
        letter, error = None, str(exc)
    return render_template(
        "letters/preview.html",
        form=form,
        letter=letter,
        error=error,
        template=template,
        agency=agency,
    ), 422 if error else 200


@bp.route("/letters/preview.pdf")
@require("lawyer")
def preview_pdf():
    """Download one template rendered for one agency as a PDF."""
    form = _preview_form()
    if not form.validate():
        abort(404)
    template, agency = _load_choice(form)
    try:
        letter = compose_letter(template, agency, clock.today())
    except (LetterError, TemplateRefused) as exc:
        abort(422, description=str(exc))
    pdf = html_to_pdf(letter.html)
    response = make_response(pdf.content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="letter-{template.slug}-agency-{agency.id}.pdf"'
    )
    response.headers["X-Content-SHA256"] = pdf.sha256
    return response
