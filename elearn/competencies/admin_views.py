"""The agency's needs-analysis report: competency gaps by OPD, regency and competency, with CSV."""

from datetime import timedelta

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from elearn.accounts.models import Role
from elearn.accounts.permissions import guarded_blueprint
from elearn.competencies.forms import needs_filter
from elearn.competencies.needs import competency_choices, needs_report
from elearn.core.downloads import csv_download
from elearn.core.extensions import db, utcnow
from elearn.voices.services import citizen_ratings_by_unit

bp = guarded_blueprint("admin_needs", __name__, Role.ADMIN)
GROUP_BY_LABELS = {"unit": _l("Unit (OPD)"), "regency": _l("Regency or city"), "competency": _l("Competency")}


def _report():
    filters = needs_filter(request.args)
    return filters, needs_report(db.session, filters.group_by, filters.competency_group,
                                 filters.competency_id)


# Citizens' ratings of the last year stand beside each OPD's gaps: where service is rated low and
# competencies lack, training is most needed.
CITIZEN_RATING_DAYS = 365


@bp.get("/")
def index():
    filters, rows = _report()
    ratings = (citizen_ratings_by_unit(db.session, utcnow() - timedelta(days=CITIZEN_RATING_DAYS))
               if filters.group_by == "unit" else None)
    return render_template("competencies/needs.html", rows=rows, filters=filters, citizen_ratings=ratings,
                           competencies=competency_choices(db.session), group_by_labels=GROUP_BY_LABELS)


@bp.get("/export.csv")
def export():
    filters, rows = _report()
    return csv_download(
        f"needs-by-{filters.group_by}.csv",
        [GROUP_BY_LABELS[filters.group_by], _("Learners assessed"), _("Learners with a gap"),
         _("Share with a gap (%)"), _("Average current level"), _("Average required level"),
         _("Average gap"), _("Competency with the largest gap"), _("Largest average gap")],
        ([row.label, row.learners_assessed, row.learners_with_gap, 100 * row.share_with_gap,
          row.average_current, row.average_required, row.average_gap, row.top_competency,
          row.top_competency_gap] for row in rows))
