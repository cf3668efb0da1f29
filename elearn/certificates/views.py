"""The learner's JP ledger and certificates, and the public certificate verification page."""

import io

import segno
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from elearn.certificates import services
from elearn.core.downloads import csv_download
from elearn.core.extensions import db, limiter, utcnow
from elearn.core.parameters import int_argument
from elearn.core.web import site_settings

bp = Blueprint("certificates", __name__)
verification_bp = Blueprint("verification", __name__)
# Per address: a person checking certificates is never throttled, a script trying codes soon is.
limiter.limit("30 per minute")(verification_bp)


@bp.app_template_filter("certificate_code")
def certificate_code(code: str) -> str:
    return services.grouped_code(code)


def requested_year() -> int:
    """The `year` of the query string, or this (local) year when it is missing or implausible."""
    return int_argument("year", minimum=2000, maximum=2100) or site_settings().local_date(utcnow()).year


@bp.get("/jp")
@login_required
def ledger():
    year = requested_year()
    lines = services.ledger_of(db.session, current_user.id, year)
    return render_template(
        "certificates/ledger.html", year=year, lines=lines, total=sum(line.entry.jp for line in lines),
        years=services.ledger_years(db.session, current_user.id, site_settings().local_date(utcnow()).year),
        target=current_app.config["ELEARN_YEARLY_JP_TARGET"],
    )


@bp.get("/jp.csv")
@login_required
def ledger_csv():
    """The evidence record agencies keep for each development activity."""
    year = requested_year()
    lines = services.ledger_of(db.session, current_user.id, year)
    header = [_("Activity type"), _("Provider"), _("Course"), _("Start date"), _("End date"), _("JP"),
              _("Certificate code")]
    rows = [(entry.activity_type, entry.provider, entry.title, entry.started_on, entry.completed_on, entry.jp,
             services.grouped_code(code) if code else "")
            for entry, code in ((line.entry, line.certificate_code) for line in lines)]
    return csv_download(f"jp-{year}.csv", header, rows)


def _verification_url(code: str) -> str:
    """The public address printed on the certificate: the configured site, not the host this
    request happened to use."""
    path = url_for("verification.result", code=services.grouped_code(code))
    return current_app.config["ELEARN_BASE_URL"].rstrip("/") + path


@bp.get("/certificates/<code>")
@login_required
def certificate(code: str):
    found = services.certificate_for(db.session, current_user, code) or abort(404)
    return render_template("certificates/certificate.html", certificate=found,
                           verification_url=_verification_url(found.code),
                           provider=current_app.config["ELEARN_PROVIDER_NAME"])


@bp.get("/certificates/<code>/qr.svg")
@login_required
def qr_code(code: str):
    """The QR code as its own image: the CSP allows images from this site, not inline SVG styles."""
    found = services.certificate_for(db.session, current_user, code) or abort(404)
    out = io.BytesIO()
    segno.make(_verification_url(found.code), error="m").save(out, kind="svg", scale=4, border=2,
                                                              xmldecl=False)
    response = Response(out.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=86400"  # the code never changes
    response.add_etag()
    return response.make_conditional(request)


@verification_bp.get("/verify")
def lookup():
    typed = request.args.get("code", "")
    if "code" in request.args:
        code = services.normalise_code(typed)
        if code:
            return redirect(url_for("verification.result", code=services.grouped_code(code)))
    return render_template("certificates/verify.html", typed=typed, result=None,
                           problem=_("Type the code printed on the certificate.") if "code" in request.args
                           else None)


@verification_bp.get("/verify/<code>")
def result(code: str):
    found = services.verify(db.session, code)
    return render_template("certificates/verify.html", typed=code, result=found,
                           problem=None if found else _("There is no certificate with this code.")), \
        200 if found else 404
