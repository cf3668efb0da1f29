"""Sign in, sign out and change password."""

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_url, login_user, logout_user

from elearn.auth.forms import ChangePasswordForm, LoginForm
from elearn.auth.services import authenticate, change_password, current_password_problems, normalise_email
from elearn.extensions import db, limiter
from elearn.forms import validate_all
from elearn.quizzes.services import open_attempt_of
from elearn.web import safe_redirect_target

bp = Blueprint("auth", __name__)


def _failed_login(_response) -> bool:
    return g.get("login_failed", False)


def _account_key() -> str:
    return "login-account:" + normalise_email(request.form.get("identifier", ""))


def send_to_sign_in():
    """Not signed in (or the session ended): pages go to the sign-in form and come back after;
    background saves get a 401 they can act on, instead of a sign-in page they cannot show."""
    if request.accept_mimetypes.best == "application/json":
        message = _("Your session has ended. Sign in again; your answers are kept on this device.")
        return jsonify(error=message), 401
    flash(_("Please sign in to open this page."), "info")
    # After a form post, come back to the page the form was on (the post itself cannot be replayed).
    back_to = request.url if request.method == "GET" else (request.referrer or url_for("learning.home"))
    return redirect(login_url("auth.login", next_url=back_to))


def _after_sign_in(user) -> str:
    """Where the learner was going, else back to an unfinished quiz attempt, else home."""
    if target := request.args.get("next"):
        return safe_redirect_target(target, url_for("learning.home"))
    if attempt := open_attempt_of(db.session, user.id):
        return url_for("quizzes.attempt", attempt_id=attempt.id)
    return url_for("learning.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per 10 minutes", methods=["POST"], deduct_when=_failed_login)
@limiter.limit(
    "5 per 15 minutes", methods=["POST"], key_func=_account_key, deduct_when=_failed_login
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("learning.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session, form.identifier.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            session.permanent = True
            db.session.commit()
            return redirect(_after_sign_in(user))
        g.login_failed = True
        form.password.errors.append(_("The NIP/email or the password is wrong."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if validate_all(form, lambda: current_password_problems(current_user, form.current_password.data)):
        change_password(current_user, form.current_password.data, form.new_password.data)
        db.session.commit()
        login_user(current_user._get_current_object())
        flash(_("Your password has been changed. Other devices have been signed out."), "ok")
        return redirect(url_for("learning.home"))
    return render_template("auth/password.html", form=form)
