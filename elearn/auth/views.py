"""Sign in, sign out and change password."""

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_url, login_user, logout_user

from elearn.auth.forms import ChangePasswordForm, LoginForm
from elearn.auth.services import authenticate, change_password, password_change_problems
from elearn.auth.sessions import end_session, start_session
from elearn.auth.throttle import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_DAYS,
    Requester,
    TooManyAttempts,
    device_cookie,
    new_device,
    read_device_cookie,
)
from elearn.core.extensions import db, limiter, utcnow
from elearn.core.forms import validate_all
from elearn.core.web import safe_redirect_target, wants_json
from elearn.quizzes.services import open_attempt_of

bp = Blueprint("auth", __name__)


def send_to_sign_in():
    """Not signed in (or the session ended): pages go to the sign-in form and come back after;
    background saves get a 401 they can act on, instead of a sign-in page they cannot show."""
    if wants_json():
        message = _("Your session has ended. Sign in again; your answers are kept on this device.")
        return jsonify(error=message), 401
    flash(_("Please sign in to open this page."), "info")
    # After a form post, come back to the page the form was on (the post itself cannot be replayed).
    back_to = request.url if request.method == "GET" else (request.referrer or url_for("journey.home"))
    return redirect(login_url("auth.login", next_url=back_to))


def _after_sign_in(user) -> str:
    """Where the learner was going, else back to an unfinished quiz attempt, else home."""
    if target := request.args.get("next"):
        return safe_redirect_target(target, url_for("journey.home"))
    if attempt := open_attempt_of(db.session, user.id):
        return url_for("quizzes.attempt", attempt_id=attempt.id)
    return url_for("journey.home")


def _requester() -> Requester:
    device = read_device_cookie(request.cookies.get(DEVICE_COOKIE), current_app.secret_key)
    return Requester(limiter.storage, get_remote_address(), device)


def _remember_device(response, requester: Requester, user) -> None:
    """Mark this browser as one `user` signs in on, so guessers elsewhere cannot lock them out."""
    device = (requester.device or new_device()).after_sign_in(user.id)
    response.set_cookie(DEVICE_COOKIE, device_cookie(device, current_app.secret_key),
                        max_age=DEVICE_COOKIE_DAYS * 24 * 60 * 60, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])


def _wait_message(refused: TooManyAttempts) -> str:
    return _("Too many attempts. Wait %(minutes)s minutes, then try again.", minutes=refused.minutes)


def _renew_session() -> None:
    """A session (and CSRF token) planted before sign-in does not carry over; the language chosen
    on the sign-in page does."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("journey.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        requester = _requester()
        try:
            user = authenticate(db.session, form.identifier.data, form.password.data, requester)
        except TooManyAttempts as refused:
            form.password.errors.append(_wait_message(refused))
            status = 429
        else:
            if user is not None:
                _renew_session()
                start_session(db.session, user, remember=form.remember.data,
                              user_agent=request.user_agent.string, now=utcnow(),
                              lifetime=current_app.permanent_session_lifetime)
                login_user(user, remember=form.remember.data)
                session.permanent = True
                response = redirect(_after_sign_in(user))
                _remember_device(response, requester, user)
                return response
            form.password.errors.append(_("The NIP/email or the password is wrong."))
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    end_session(db.session, current_user)
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    status = 200
    try:
        if validate_all(form, lambda: password_change_problems(
                current_user, form.current_password.data, form.new_password.data, _requester())):
            change_password(db.session, current_user, form.new_password.data)
            flash(_("Your password has been changed. Other devices have been signed out."), "ok")
            return redirect(url_for("journey.home"))
    except TooManyAttempts as refused:
        form.current_password.errors.append(_wait_message(refused))
        status = 429
    return render_template("auth/password.html", form=form), status
