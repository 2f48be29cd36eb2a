"""Login (password, then a code for two-factor accounts), logout, and the admin's user pages."""

from functools import partial

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, logout_user
from sqlalchemy import select

from foia import clock, mail
from foia.auth import (
    account_views,  # noqa: F401 - attaches the account pages to bp
    bp,
    emails,
    operations,
    sessions,
    throttle,
    twofactor,
)
from foia.auth.access import Role, public, require
from foia.auth.forms import (
    ConfirmForm,
    ForgotPasswordForm,
    InviteForm,
    LoginForm,
    RoleForm,
    SecondFactorForm,
    SetPasswordForm,
)
from foia.auth.models import User
from foia.auth.redirects import same_origin_path
from foia.extensions import db, login_manager


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """Return the user for a session identity "id:version", if it is still current."""
    user_id, _, version = identity.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    return sessions.load_user(int(user_id), int(version))


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an absolute URL here would be an open redirect.
    return same_origin_path(target) or url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Log a person in, slowing down and then refusing repeated failures."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        now, address = clock.now(), request.remote_addr or "unknown"
        wait = throttle.wait_seconds(form.email.data, address, now)
        if wait:
            form.password.errors.append(throttle.wait_message(wait))
            return render_template("auth/login.html", form=form), 429
        user = operations.authenticate(form.email.data, form.password.data)
        if user:
            next_path = _safe_next(request.args.get("next"))
            if user.has_two_factor:
                # The account's failures are forgiven only after the code, so that knowing the
                # password does not reset the count of wrong codes.
                sessions.hold_for_second_factor(user, next_path)
                return redirect(url_for("auth.login_two_factor"))
            throttle.clear_account(form.email.data)
            return _finish_login(user, next_path)
        throttle.record_failure(form.email.data, address, now)
        db.session.commit()
        form.password.errors.append("The email or password is not right.")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


def _finish_login(user: User, next_path: str):
    """Start the session; someone who must set up two-factor sign-in goes there first."""
    sessions.log_in(user)
    db.session.commit()
    if twofactor.is_required(user, current_app.config["REQUIRE_2FA"]) and not user.has_two_factor:
        return redirect(url_for("auth.two_factor"))
    return redirect(next_path)


@bp.route("/login/code", methods=["GET", "POST"])
@public
def login_two_factor():
    """Ask a person whose password was right for the code from their app (or a recovery code)."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    was_holding = sessions.is_holding()
    user, next_path = sessions.held_login()
    if user is None:
        if was_holding:
            flash("The time to enter your code ran out. Log in again.", "info")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        now, address = clock.now(), request.remote_addr or "unknown"
        if wait := throttle.wait_seconds(user.email, address, now):
            form.code.errors.append(throttle.wait_message(wait))
            return render_template("auth/login_code.html", form=form), 429
        used = twofactor.check_code(user, form.code.data, now)
        if used:
            throttle.clear_account(user.email)
            if used == "recovery":
                left = twofactor.recovery_codes_left(user)
                flash(f"You used a recovery code: {left} left. Each works once.", "warning")
            return _finish_login(user, next_path)
        throttle.record_failure(user.email, address, now)
        db.session.commit()
        form.code.errors.append("That code is not right, or it has already been used.")
        return render_template("auth/login_code.html", form=form), 401
    return render_template("auth/login_code.html", form=form)


@bp.route("/logout", methods=["POST"])
@require(Role.VOLUNTEER)
def logout():
    """End this session and every other session of the account."""
    operations.end_sessions(current_user)
    db.session.commit()
    logout_user()
    flash("You are logged out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    """Let an invited user (or one with a reset link) choose a password."""
    return _choose_password(operations.user_for_token, token, on_bad_link="auth.login")


def _choose_password(user_for, token: str, *, on_bad_link: str):
    """Let the person a valid link was made for set a password (invitation or reset)."""
    try:
        user = user_for(token)
    except operations.AccountError as exc:
        flash(str(exc), "error")
        return redirect(url_for(on_bad_link))
    form = SetPasswordForm(email=user.email)
    if form.validate_on_submit():
        operations.set_password(user, form.password.data)
        db.session.commit()
        flash("Your password is set. You can log in now.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=user)


# --- password reset by email (reminders issue) ---------------------------------------------


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
def forgot_password():
    """Email a reset link; say the same whether or not the account exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        flash(
            "If there is an account for that address, a reset link is on its way."
            " It works once, within two hours.",
            "info",
        )
        response = redirect(url_for("auth.login"))
        # Finding the account, queuing and sending the link all wait until the answer has
        # gone, so how long the answer takes cannot tell whether the account exists.
        app = current_app._get_current_object()  # the proxy is gone by then
        response.call_on_close(partial(_send_password_reset, app, form.email.data))
        return response
    return render_template("auth/forgot_password.html", form=form)


def _send_password_reset(app, email: str) -> None:
    """Queue and commit a reset link for `email`, then try to send it (cron retries failures)."""
    with app.app_context():
        try:
            queued = emails.email_password_reset(email)
            db.session.commit()
            if queued is not None:
                mail.send_one(queued.id)
        except Exception:  # noqa: BLE001 - the answer has gone; log, and let cron retry the send
            db.session.rollback()
            app.logger.exception("queuing or sending a password reset failed")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Let a person with a valid reset link choose a new password."""
    return _choose_password(emails.user_for_reset_token, token, on_bad_link="auth.forgot_password")


# --- end password reset ---------------------------------------------------------------------


@bp.route("/admin/users")
@require(Role.ADMIN)
def users():
    """List every account."""
    people = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("auth/users.html", users=people, form=InviteForm())


@bp.route("/admin/users/invite", methods=["POST"])
@require(Role.ADMIN)
def invite():
    """Create an account and show the link the person uses to set a password."""
    form = InviteForm()
    if not form.validate_on_submit():
        people = db.session.scalars(select(User).order_by(User.email)).all()
        return render_template("auth/users.html", users=people, form=form), 400
    try:
        user = operations.create_user(
            form.email.data, form.role.data, name=form.name.data or "", actor=current_user
        )
    except operations.AccountError as exc:
        form.email.errors.append(str(exc))
        people = db.session.scalars(select(User).order_by(User.email)).all()
        return render_template("auth/users.html", users=people, form=form), 400
    emails.email_invitation(user, current_user)  # queued with the account, sent after commit
    db.session.commit()
    flash(f"Invited {user.email}: the invitation link is on its way by email.", "success")
    return redirect(url_for("auth.user_detail", user_id=user.id, invited=1))


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/admin/users/<int:user_id>")
@require(Role.ADMIN)
def user_detail(user_id: int):
    """Show one account with its role and status controls."""
    user = _get_user(user_id)
    link = None
    if not user.password_hash and user.is_enabled:
        link = url_for("auth.set_password", token=operations.password_token(user), _external=True)
    return render_template(
        "auth/user.html",
        user=user,
        role_form=RoleForm(role=user.role),
        confirm_form=ConfirmForm(),
        invite_link=link,
    )


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@require(Role.ADMIN)
def change_role(user_id: int):
    """Change a user's role."""
    user = _get_user(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            operations.change_role(user, form.role.data, actor=current_user)
            db.session.commit()
            flash(f"{user.email} is now {user.role}.", "success")
        except operations.AccountError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("auth.user_detail", user_id=user.id))


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@require(Role.ADMIN)
def toggle_active(user_id: int):
    """Deactivate an active account, or reactivate a deactivated one."""
    user = _get_user(user_id)
    if ConfirmForm().validate_on_submit():
        try:
            operations.set_enabled(user, not user.is_enabled, actor=current_user)
            db.session.commit()
            state = "active again" if user.is_enabled else "deactivated"
            flash(f"{user.email} is {state}.", "success")
        except operations.AccountError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("auth.user_detail", user_id=user.id))
