"""Letter pages: the templates and categories, and a preview of one letter (HTML or PDF)."""

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from foia import clock
from foia.agencies.models import Agency
from foia.auth.access import Role, require
from foia.auth.models import User
from foia.extensions import db
from foia.letters import bp, operations
from foia.letters.compose import LetterError, compose_letter, organisation_profile, requester_for
from foia.letters.fields import from_json, spec_text
from foia.letters.forms import (
    CategoryForm,
    PreviewForm,
    ProfileForm,
    SetupForm,
    SignatureForm,
    TemplateForm,
)
from foia.letters.logo import LogoRefused
from foia.letters.models import LawyerSignature, RecordCategory, RequestTemplate
from foia.letters.pdf import html_to_pdf
from foia.letters.render import TemplateRefused
from foia.letters.sanitise import removal_message
from foia.letters.setup import SetupIncomplete, missing_setup


@bp.app_context_processor
def template_names() -> dict:
    """Give pages `template_name(slug)`: a request template's name, never its stable key."""
    return {"template_name": template_name}


def template_name(slug: str | None) -> str:
    """Return the name of the request template `slug` names (the slug itself if none has it)."""
    if not slug:
        return ""
    names = g.get("template_names")
    if names is None:  # read once per request, whichever pages and loops ask
        rows = db.session.execute(select(RequestTemplate.slug, RequestTemplate.name))
        names = g.template_names = {row.slug: row.name for row in rows}
    return names.get(slug, slug)


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
@require(Role.VOLUNTEER)
def templates():
    """List the request templates and the record categories they ask for."""
    categories = db.session.scalars(select(RecordCategory).order_by(RecordCategory.number)).all()
    names = {c.slug: c.name for c in categories}
    return render_template(
        "letters/templates.html", templates=_templates(), categories=categories, names=names
    )


@bp.route("/letters/preview")
@require(Role.LAWYER)
def preview():
    """Show one template rendered for one agency, with a link to its PDF."""
    form = _preview_form()
    if not request.args or not form.validate():
        return render_template("letters/preview.html", form=form, letter=None, error=None)
    template, agency = _load_choice(form)
    try:
        letter = compose_letter(
            template, agency, clock.today(), requester=requester_for(current_user)
        )
        error = None
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
@require(Role.LAWYER)
def preview_pdf():
    """Download one template rendered for one agency as a PDF."""
    form = _preview_form()
    if not form.validate():
        abort(404)
    template, agency = _load_choice(form)
    try:
        letter = compose_letter(
            template, agency, clock.today(), requester=requester_for(current_user)
        )
    except (LetterError, TemplateRefused) as exc:
        # The page says why, as the HTML preview does (not a bare error for a download link).
        return render_template(
            "letters/preview.html",
            form=form,
            letter=None,
            error=str(exc),
            template=template,
            agency=agency,
        ), 422
    pdf = html_to_pdf(letter.html)
    response = make_response(pdf.content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="letter-{template.slug}-agency-{agency.id}.pdf"'
    )
    response.headers["X-Content-SHA256"] = pdf.sha256
    return response


@bp.route("/letters/profile", methods=["GET", "POST"])
@require(Role.LAWYER)
def profile():
    """Edit the organisation's letterhead and the signed-in lawyer's signature line."""
    saved = organisation_profile()
    form = ProfileForm(obj=saved if request.method == "GET" else None)
    signature = db.session.scalar(select(LawyerSignature).filter_by(user_id=current_user.id))
    signature_form = SignatureForm(
        line=signature.line if signature else current_user.name,
        title=signature.title if signature else "",
    )
    if form.validate_on_submit():
        upload = form.logo.data
        try:
            operations.save_profile(
                form.data,
                logo=upload.read() if upload else None,
                remove_logo=form.remove_logo.data,
                actor=current_user,
            )
            db.session.commit()
            flash("Organisation profile saved; new letters use it.", "success")
            return redirect(url_for("letters.profile"))
        except LogoRefused as exc:
            db.session.rollback()
            form.logo.errors.append(str(exc))
    status = 400 if form.errors else 200
    return render_template(
        "letters/profile.html", form=form, signature_form=signature_form, profile=saved
    ), status


@bp.route("/letters/signature", methods=["POST"])
@require(Role.LAWYER)
def signature():
    """Save the signed-in lawyer's signature line."""
    form = SignatureForm()
    if form.validate_on_submit():
        operations.save_signature(
            current_user, form.line.data, title=form.title.data or "", actor=current_user
        )
        db.session.commit()
        flash("Your signature line is saved.", "success")
    else:
        flash("Enter your signature line.", "error")
    return redirect(url_for("letters.profile"))


def _category_choices() -> list[tuple[str, str]]:
    rows = db.session.scalars(select(RecordCategory).order_by(RecordCategory.number)).all()
    return [(c.slug, c.name) for c in rows]


@bp.route("/letters/templates/<slug>/edit", methods=["GET", "POST"])
@require(Role.LAWYER)
def edit_template(slug: str):
    """Edit a template's wording; one that fails to render in the sandbox is refused."""
    template = db.session.scalar(select(RequestTemplate).filter_by(slug=slug))
    if template is None:
        abort(404)
    form = TemplateForm(obj=template if request.method == "GET" else None)
    form.categories.choices = _category_choices()
    if request.method == "GET":
        form.categories.data = list(template.default_category_slugs or [])
        form.fields.data = spec_text(from_json(template.fields))
    if form.validate_on_submit():
        values = {**form.data, "categories": form.categories.data}
        try:
            removed = operations.update_template(
                template, values, today=clock.today(), actor=current_user
            )
            db.session.commit()
            if removed:
                # Back to the editor, which shows the body as saved and says what went.
                said = removal_message(removed)
                flash(f"Template “{template.name}” saved. {said}", "warning")
                return redirect(url_for("letters.edit_template", slug=template.slug))
            flash(f"Template “{template.name}” saved.", "success")
            return redirect(url_for("letters.templates"))
        except TemplateRefused as exc:
            db.session.rollback()
            form.body.errors.append(f"Not saved: {exc}")
    status = 400 if form.errors else 200
    return render_template("letters/edit_template.html", form=form, template=template), status


@bp.route("/letters/categories/new", methods=["GET", "POST"])
@bp.route("/letters/categories/<int:category_id>/edit", methods=["GET", "POST"])
@require(Role.LAWYER)
def edit_category(category_id: int | None = None):
    """Add a record category, or change one's wording."""
    category = db.session.get(RecordCategory, category_id) if category_id else None
    if category_id and category is None:
        abort(404)
    form = CategoryForm(obj=category if request.method == "GET" else None)
    if category is not None:
        form.slug.data = category.slug
    if form.validate_on_submit():
        taken = db.session.scalar(select(RecordCategory.id).filter_by(slug=form.slug.data))
        if category is None and taken:
            form.slug.errors.append("A category with this key exists already.")
        else:
            operations.save_category(category, form.data, actor=current_user)
            db.session.commit()
            flash("Record category saved.", "success")
            return redirect(url_for("letters.templates") + "#categories-heading")
    status = 400 if form.errors else 200
    return render_template("letters/edit_category.html", form=form, category=category), status


@bp.app_errorhandler(SetupIncomplete)
def setup_required(exc: SetupIncomplete):
    """Answer any page that would draft or approve a letter before the first-run setup."""
    db.session.rollback()
    return render_template("letters/setup_required.html", missing=exc.missing), 409


def _signer_users() -> list[User]:
    """Return the people who may sign letters: enabled lawyers and admins, by name."""
    users = db.session.scalars(select(User).where(User.is_enabled).order_by(User.name, User.email))
    return [u for u in users if u.has_role(Role.LAWYER)]


def _list_signers(form: SetupForm, users: list[User]) -> None:
    """Give the form one signer row per possible signer, with their saved name and title."""
    saved = {line.user_id: line for line in db.session.scalars(select(LawyerSignature))}
    for user in users:
        line = saved.get(user.id)
        form.signers.append_entry(
            {
                "user_id": user.id,
                "name": line.line if line else "",
                "title": line.title if line else "",
            }
        )


@bp.route("/admin/setup", methods=["GET", "POST"])
@require(Role.ADMIN)
def setup():
    """Set up the letterhead and each signer's name and title, needed before the first letter."""
    saved = organisation_profile()
    users = _signer_users()
    form = SetupForm(obj=saved if request.method == "GET" else None)
    if request.method == "GET":
        _list_signers(form, users)
    if form.validate_on_submit():
        upload = form.logo.data
        try:
            operations.save_setup(
                {k: form.data[k] for k in ("name", "address", "phone", "email")},
                form.signers.data,
                logo=upload.read() if upload else None,
                actor=current_user,
            )
            db.session.commit()
            flash("The organisation is set up: letters can now be drafted.", "success")
            return redirect(url_for("letters.setup"))
        except LogoRefused as exc:
            db.session.rollback()
            form.logo.errors.append(str(exc))
    emails = {u.id: u.email for u in users}
    return render_template(
        "letters/setup.html", form=form, profile=saved, emails=emails, missing=missing_setup()
    ), 400 if form.errors else 200
