"""A person's own sign-in security: two-factor sign-in and the list of their sessions."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from foia import audit, clock
from foia.auth import bp, sessions, throttle, twofactor
from foia.auth.access import Role, require
from foia.auth.forms import AppCodeForm, ConfirmForm
from foia.auth.models import User
from foia.extensions import db

#: What a lawyer or admin who must set up two-factor sign-in may still reach.
ENROLMENT_ENDPOINTS = frozenset(
    {"static", "auth.two_factor", "auth.enable_two_factor", "auth.logout"}
)


def _me() -> User:
    # The model itself, not the proxy: operations and the audit log look at its type.
    return db.session.get_one(User, current_user.id)


def _must_enrol(user) -> bool:
    required = twofactor.is_required(user, current_app.config["REQUIRE_2FA"])
    return required and not user.has_two_factor


def require_enrolment():
    """Before each request: send a lawyer or admin who must set up two-factor sign-in there."""
    if request.endpoint in ENROLMENT_ENDPOINTS or not current_user.is_authenticated:
        return None
    if _must_enrol(current_user):
        return redirect(url_for("auth.two_factor"))
    return None


# Registered through the blueprint, so they run on every page of the app, in this order.
bp.before_app_request(sessions.check_request_session)
bp.before_app_request(require_enrolment)
bp.teardown_app_request(sessions.forget_request_session)


def _code_refused(form: AppCodeForm, user: User) -> bool:
    """Check the form's app code under the login throttle; add the reason to the form if not."""
    now, address = clock.now(), request.remote_addr or "unknown"
    if wait := throttle.wait_seconds(user.email, address, now):
        form.code.errors.append(throttle.wait_message(wait))
        return True
    if twofactor.check_app_code(user, form.code.data, now):
        return False
    throttle.record_failure(user.email, address, now)
    db.session.commit()
    form.code.errors.append("That code is not right, or it has already been used.")
    return True


def _settings_page(user: User, status: int = 200, **forms):
    if not user.has_two_factor:
        return _enrolment_page(user, forms.get("enable_form") or AppCodeForm(prefix="on"), status)
    return render_template(
        "auth/two_factor.html",
        user=user,
        codes_left=twofactor.recovery_codes_left(user),
        codes_form=forms.get("codes_form") or AppCodeForm(prefix="codes"),
        off_form=forms.get("off_form") or AppCodeForm(prefix="off"),
        is_required=twofactor.is_required(user, current_app.config["REQUIRE_2FA"]),
    ), status


def _enrolment_page(user: User, form: AppCodeForm, status: int = 200):
    secret = twofactor.pending_secret(user)
    db.session.commit()  # the key shown must be the key confirmed, on every reload
    issuer = current_app.config["LETTER_ORGANISATION"] or "foia"
    uri = twofactor.provisioning_uri(user, secret, issuer)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        qr_code=twofactor.qr_svg(uri),
        key=twofactor.grouped(secret),
        must_enrol=_must_enrol(user),
    ), status


@bp.route("/account/two-factor")
@require(Role.VOLUNTEER)
def two_factor():
    """Show two-factor sign-in: how to set it up, or its recovery codes and how to turn it off."""
    return _settings_page(_me())


@bp.route("/account/two-factor/on", methods=["POST"])
@require(Role.VOLUNTEER)
def enable_two_factor():
    """Turn two-factor sign-in on once a code from the new key is confirmed."""
    user = _me()
    if user.has_two_factor:
        flash("Two-factor sign-in is already on.", "info")
        return redirect(url_for("auth.two_factor"))
    form = AppCodeForm(prefix="on")
    if not form.validate_on_submit():
        return _settings_page(user, 400, enable_form=form)
    try:
        codes = twofactor.confirm_enrolment(user, form.code.data, clock.now())
    except twofactor.TwoFactorError as exc:
        db.session.rollback()
        form.code.errors.append(str(exc))
        return _settings_page(user, 400, enable_form=form)
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes, is_new=True)


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@require(Role.VOLUNTEER)
def new_recovery_codes():
    """Replace the recovery codes, after a code from the app."""
    user = _me()
    if not user.has_two_factor:
        return redirect(url_for("auth.two_factor"))
    form = AppCodeForm(prefix="codes")
    if not form.validate_on_submit() or _code_refused(form, user):
        return _settings_page(user, 400, codes_form=form)
    codes = twofactor.replace_recovery_codes(user, clock.now())
    audit.record(
        "user.recovery_codes_replaced", user, f"{user.email} made new recovery codes", user=user
    )
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes, is_new=False)


@bp.route("/account/two-factor/off", methods=["POST"])
@require(Role.VOLUNTEER)
def disable_two_factor():
    """Turn two-factor sign-in off, after a code from the app, unless the role requires it."""
    user = _me()
    if not user.has_two_factor:
        return redirect(url_for("auth.two_factor"))
    form = AppCodeForm(prefix="off")
    if twofactor.is_required(user, current_app.config["REQUIRE_2FA"]):
        form.code.errors = ["Two-factor sign-in is required for lawyers and admins here."]
        return _settings_page(user, 400, off_form=form)
    if not form.validate_on_submit() or _code_refused(form, user):
        return _settings_page(user, 400, off_form=form)
    twofactor.turn_off(user, actor=user)
    db.session.commit()
    flash("Two-factor sign-in is off. Logging in needs only your password now.", "success")
    return redirect(url_for("auth.two_factor"))


@bp.route("/account/sessions")
@require(Role.VOLUNTEER)
def sessions_list():
    """List the browsers where this account is logged in."""
    user = _me()
    return render_template(
        "auth/sessions.html",
        rows=sessions.active(user, clock.now()),
        this_id=sessions.this_session().id,
        form=ConfirmForm(),
        idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
        lifetime_hours=int(sessions.lifetime().total_seconds() // 3600),
    )


@bp.route("/account/sessions/sign-out-others", methods=["POST"])
@require(Role.VOLUNTEER)
def sign_out_others():
    """Sign out every other session of this account; this one stays."""
    user = _me()
    if ConfirmForm().validate_on_submit():
        count = sessions.sign_out_others(user, keep=sessions.this_session())
        summary = f"{user.email} signed out {count} other sessions"
        audit.record("user.signed_out_others", user, summary, user=user)
        db.session.commit()
        others = "1 other session" if count == 1 else f"{count} other sessions"
        flash(f"Signed out {others}. This browser stays logged in.", "success")
    return redirect(url_for("auth.sessions_list"))
