"""Site-wide HTTP behaviour: security headers, error pages, language choice, static asset
versioning and conditional GETs (ETag/304) so repeat visits on slow links cost little."""

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from elearn.core.extensions import db, login_manager
from elearn.core.fallback_pages import RETRY_AFTER_SECONDS, FallbackPages
from elearn.core.parameters import int_argument
from elearn.core.request_body import RequireCompleteBody
from elearn.core.settings import Settings
from elearn.core.transaction import roll_back

bp = Blueprint("site", __name__)

LOCALES = {"id": "Bahasa Indonesia", "en": "English"}
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
ERROR_TEXTS = {
    400: (_l("The request could not be understood"),
          _l("Go back, reload the page and try again.")),
    403: (_l("You do not have access to this page"),
          _l("This page is for another role. If you think this is wrong, contact your administrator.")),
    404: (_l("Page not found"),
          _l("The page does not exist, or is no longer available.")),
    405: (_l("The request could not be understood"),
          _l("Go back, reload the page and try again.")),
    413: (_l("The upload is too large"), _l("Send a smaller file.")),
    429: (_l("Too many attempts"),  # public pages too: not worded as their security
          _l("Too many requests have come from this connection. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong on our side"),
          _l("Nothing you saved has been lost. Please try again in a moment.")),
    503: (_l("The service is being restored, try again in a moment"),
          _l("Nothing you saved has been lost. Please try again in a moment.")),
}
# The database is unreachable (restarting, connection dropped): a 503 that says so, not a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def safe_redirect_target(target: str | None, fallback: str) -> str:
    """Only same-site paths, so a crafted link cannot send people to another site. No control
    characters (a CR or LF would split the Location header; browsers drop tabs, so `/<TAB>/host` is
    `//host`) and no backslashes (browsers read `/\\host` as `//host`)."""
    if (not target or not target.startswith("/") or target.startswith("//") or "\\" in target
            or any(ord(char) < 32 or ord(char) == 127 for char in target) or urlsplit(target).netloc):
        return fallback
    return target


def page_argument() -> int:
    """The page number of a paged list (`?page=`); anything missing or below 1 is the first page."""
    return int_argument("page", default=1)


def search_arguments() -> tuple[str, int]:
    """The search text (`?q=`, trimmed, at most 100 characters) and page number of a list page."""
    return request.args.get("q", "").strip()[:100], page_argument()


def select_locale() -> str:
    """The language chosen in this browser, else the default: Bahasa Indonesia unless configured."""
    if has_request_context() and session.get("locale") in LOCALES:
        return session["locale"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.post("/language")
def change_language():
    if request.form.get("locale") in LOCALES:
        session["locale"] = request.form["locale"]
    return redirect(safe_redirect_target(request.form.get("next"), url_for("journey.home")))


def _render_error(error: HTTPException):
    if isinstance(cause := getattr(error, "original_exception", None), DATABASE_UNAVAILABLE):
        return _database_unavailable(cause)  # raised where no handler looks (after_request): still a 503
    code = error.code if error.code in ERROR_TEXTS else 500
    title, advice = ERROR_TEXTS[code]
    try:
        return render_template("errors/error.html", title=title, advice=advice, code=code), code
    except Exception as failure:  # the layout loads the user and the notifications: the database
        current_app.logger.exception("The error page could not be rendered")
        return _fallback_page(503 if isinstance(failure, DATABASE_UNAVAILABLE) else code)


def _database_unavailable(error: Exception):
    """Unreachable, restarting, or (SQLite) still locked by another writer after the busy timeout:
    ask to try again shortly (503), as a page or, for autosave, as JSON it can act on."""
    current_app.logger.error("The database is unavailable: %s", error)
    if not wants_json():
        return _fallback_page(503)
    _roll_back()
    return jsonify(error=str(ERROR_TEXTS[503][0])), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _fallback_page(code: int):
    """The page that needs nothing (fallback_pages.py), after a rollback."""
    _roll_back()
    return current_app.extensions["fallback_pages"].response(code)


def _roll_back() -> None:
    """Roll the failed request's work back; with the database gone, that may fail in turn."""
    try:
        roll_back(db.session)
    except Exception:
        current_app.logger.exception("Rolling back after an error failed")


def site_settings() -> Settings:
    """This deployment's settings, as the value services take (cheap: a few lookups)."""
    return Settings.from_config(current_app.config)


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _refuse_stale_csrf(error: CSRFError):
    """Autosave's token no longer fits the session. Signed out (the session ended): the 401 it acts on.
    Signed in again (another tab): a fresh token to retry with; a cross-site page cannot read this
    response, so it gives a forger nothing. Forms keep the plain 400 page."""
    if not wants_json():
        return _render_error(error)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return jsonify(error=str(ERROR_TEXTS[400][1]), csrf_token=generate_csrf()), 400


class AssetVersions:
    """Content hashes of static files, so their URLs change when they do and can be cached forever."""

    def __init__(self, static_folder: str):
        self.digests = {
            path.relative_to(static_folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            for path in Path(static_folder).rglob("*") if path.is_file()
        }

    def url(self, filename: str) -> str:
        return url_for("static", filename=filename, v=self.digests[filename])


def _stable_csrf_token() -> None:
    """Reuse one signed CSRF token per session, so identical pages have identical ETags."""
    raw = session.get("csrf_token")
    cached = session.get("_csrf_signed")
    if raw and cached and cached[0] == raw:
        g.csrf_token = cached[1]


def _finish_response(response, assets: AssetVersions, production: bool):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if production:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint == "static":
        if assets.digests.get(request.view_args.get("filename")) == request.args.get("v"):
            headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response
    raw_token = session.get("csrf_token")
    if "csrf_token" in g and raw_token and session.get("_csrf_signed", (None,))[0] != raw_token:
        session["_csrf_signed"] = (raw_token, g.csrf_token)
    if request.method == "GET" and response.status_code == 200 and response.mimetype == "text/html":
        headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Cookie")
        response.add_etag()
        response.make_conditional(request)
    return response


def init_site(app: Flask) -> None:
    assets = AssetVersions(app.static_folder)
    production = app.config["ELEARN_ENV"] == "production"
    app.register_blueprint(bp)
    app.before_request(_stable_csrf_token)
    app.after_request(lambda response: _finish_response(response, assets, production))
    app.register_error_handler(HTTPException, _render_error)
    app.register_error_handler(CSRFError, _refuse_stale_csrf)
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, _database_unavailable)
    pages = FallbackPages(app, ERROR_TEXTS, f"{app.static_url_path}/app.css?v={assets.digests['app.css']}")
    app.extensions["fallback_pages"] = pages
    app.wsgi_app = RequireCompleteBody(app.wsgi_app, app.config, lambda: pages.response(400))
    app.jinja_env.globals.update(asset_url=assets.url, locales=LOCALES)
    app.jinja_env.filters["format_date"] = format_date
    app.jinja_env.filters["format_datetime"] = format_datetime
    app.jinja_env.filters["decimal"] = lambda value: format_decimal(round(value, 2))
    app.context_processor(lambda: {"current_locale": str(get_locale())})
