"""Admin pages: evaluation reports per course and per OPD, and OPD result figures (level 4)."""


from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from elearn.accounts.models import Role
from elearn.accounts.permissions import guarded_blueprint
from elearn.accounts.services import unit_choices, units_with_member_counts
from elearn.core.extensions import db, utcnow
from elearn.core.forms import validate_all
from elearn.core.parameters import int_argument
from elearn.core.web import site_settings
from elearn.evaluation import outcomes, reports
from elearn.evaluation.admin_forms import OutcomeFigureForm, parse_month, parse_number

bp = guarded_blueprint("admin_evaluation", __name__, Role.ADMIN)


@bp.get("/")
def overview():
    return render_template("evaluation/admin/overview.html", rows=reports.evaluation_overview(db.session,
                                                                                              settings=site_settings()))


@bp.get("/courses/<slug>")
def course(slug: str):
    course_id = reports.course_id_of(db.session, slug) or abort(404)
    unit_id = int_argument("unit")
    report = reports.course_report(db.session, course_id, unit_id, settings=site_settings()) or abort(404)
    return render_template("evaluation/admin/course.html", report=report, levels=report.levels,
                           units=unit_choices(db.session))


@bp.get("/units")
def units():
    return render_template("evaluation/admin/units.html", units=units_with_member_counts(db.session))


@bp.get("/units/<int:unit_id>")
def unit(unit_id: int):
    """The OPD's report; the admin may set the training period (months) that level 4 compares around."""
    first, last = parse_month(request.args.get("from")), parse_month(request.args.get("to"))
    period = (first, last) if first and last and first <= last else None
    report = reports.unit_report(db.session, unit_id, period, settings=site_settings()) or abort(404)
    return render_template("evaluation/admin/unit.html", report=report, levels=report.levels)


@bp.route("/figures", methods=["GET", "POST"])
def figures():
    form = OutcomeFigureForm()
    form.unit_id.choices = unit_choices(db.session)
    if request.method == "GET" and int_argument("unit"):
        form.unit_id.data = int_argument("unit")
    month, value, now = parse_month(form.month.data), parse_number(form.value.data), utcnow()
    if validate_all(form, lambda: outcomes.check_figure(form.metric.data, month, value,
                                                        site_settings().local_date(now))):
        outcomes.save_figure(db.session, form.unit_id.data, form.metric.data, month, value, current_user.id,
                             now, site_settings().local_date(now))
        flash(_("The figure has been saved."), "ok")
        return redirect(url_for("admin_evaluation.figures", unit=form.unit_id.data))
    shown = form.unit_id.data or None
    return render_template("evaluation/admin/figures.html", form=form, metrics=outcomes.METRICS,
                           figures=outcomes.figures_of(db.session, shown) if shown else [])
