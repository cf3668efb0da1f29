"""Admin pages: certificates (search, revoke) and who is below the yearly JP target."""


from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from elearn.accounts.models import Role
from elearn.accounts.permissions import guarded_blueprint
from elearn.certificates import services
from elearn.certificates.forms import RevokeForm
from elearn.certificates.models import Certificate
from elearn.certificates.views import requested_year
from elearn.core.downloads import csv_download
from elearn.core.extensions import db, utcnow
from elearn.core.parameters import int_argument
from elearn.core.web import page_argument, search_arguments

bp = guarded_blueprint("admin_certificates", __name__, Role.ADMIN)


@bp.get("/")
def index():
    query, page = search_arguments()
    found, total = services.search_certificates(db.session, query, page)
    return render_template("certificates/admin_search.html", certificates=found, total=total, query=query,
                           page=page, per_page=services.CERTIFICATES_PER_PAGE)


def _render_detail(certificate: Certificate, form: RevokeForm, status: int = 200):
    return render_template("certificates/admin_certificate.html", certificate=certificate, form=form), status


@bp.get("/<int:certificate_id>")
def detail(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id) or abort(404)
    return _render_detail(certificate, RevokeForm())


@bp.post("/<int:certificate_id>/revoke")
def revoke(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id) or abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        return _render_detail(certificate, form, 422)
    try:
        services.revoke_certificate(db.session, certificate, current_user.id, form.reason.data, utcnow())
    except services.RevocationRefused as refusal:
        form.reason.errors = [refusal.message]
        return _render_detail(certificate, form, 409)
    flash(_("The certificate has been revoked. The verification page now says so."), "ok")
    return redirect(url_for("admin_certificates.detail", certificate_id=certificate.id))


def _target_args() -> tuple[int, int, int | None]:
    return requested_year(), current_app.config["ELEARN_YEARLY_JP_TARGET"], int_argument("unit")


@bp.get("/below-target")
def below_target():
    year, target, unit_id = _target_args()
    learners, total = services.below_target_learners(db.session, year, target, unit_id, page_argument())
    return render_template(
        "certificates/below_target.html", year=year, target=target, unit_id=unit_id,
        units=services.below_target_by_unit(db.session, year, target), learners=learners, total=total,
        page=page_argument(), per_page=services.CERTIFICATES_PER_PAGE,
    )


@bp.get("/below-target.csv")
def below_target_csv():
    year, target, unit_id = _target_args()
    learners, _total = services.below_target_learners(db.session, year, target, unit_id, None)
    header = [_("NIP"), _("Name"), _("Unit (OPD)"), _("JP in %(year)s", year=year), _("JP still needed")]
    rows = [(row.nip, row.full_name, row.unit, row.jp, target - row.jp) for row in learners]
    return csv_download(f"below-jp-target-{year}.csv", header, rows)
