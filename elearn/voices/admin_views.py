"""Admin pages: proposals ranked by support, and citizen feedback by OPD and service area."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from elearn.accounts.models import Role
from elearn.accounts.permissions import guarded_blueprint
from elearn.accounts.services import unit_choices
from elearn.core.downloads import csv_download
from elearn.core.extensions import db, utcnow
from elearn.core.web import page_argument
from elearn.voices import proposals
from elearn.voices.forms import PERIOD_DAYS, ProposalStatusForm, feedback_filter, status_filter
from elearn.voices.services import (
    COMMENTS_PER_PAGE,
    SERVICE_AREA_LABELS,
    latest_comments,
    ratings_by_unit_and_area,
)

bp = guarded_blueprint("admin_voices", __name__, Role.ADMIN)


@bp.context_processor
def labels():
    return {"proposal_status_labels": proposals.PROPOSAL_STATUS_LABELS,
            "service_area_labels": SERVICE_AREA_LABELS}


@bp.get("/")
def index():
    status, page = status_filter(request.args, None), page_argument()
    rows, total = proposals.ranked_proposals(db.session, current_user.id, status, page)
    return render_template(
        "voices/admin_proposals.html", rows=rows, total=total, page=page, status=status,
        per_page=proposals.PROPOSALS_PER_PAGE,
        units=proposals.supporter_units(db.session, [row.id for row in rows]),
    )


@bp.get("/proposals.csv")
def export():
    rows = proposals.all_ranked_proposals(db.session, status_filter(request.args, None))
    units = proposals.supporter_units(db.session, [row.id for row in rows])
    return csv_download("topic-proposals.csv", [
        _("Number"), _("Topic"), _("Status"), _("Supporters"), _("Units with most supporters"),
        _("Competency"), _("Proposer's unit"), _("Proposed"), _("Description"),
    ], ([row.id, row.title, proposals.PROPOSAL_STATUS_LABELS.get(row.status, row.status), row.support,
         "; ".join(f"{unit} ({count})" for unit, count in units.get(row.id, ())),
         row.competency, row.unit, row.created_at, row.description] for row in rows))


@bp.post("/proposals/<int:proposal_id>/status")
def change_status(proposal_id: int):
    proposal = proposals.proposal_by_id(db.session, proposal_id) or abort(404)
    form = ProposalStatusForm()
    if not form.validate_on_submit():
        flash(_("Choose a status from the list."), "error")
    else:
        proposals.set_proposal_status(proposal, form.status.data)
        flash(_("The status of the proposal has been changed."), "ok")
    back = url_for("admin_voices.index", status=request.args.get("status"), page=request.args.get("page"))
    return redirect(back + f"#proposal-{proposal_id}")


def _feedback_period():
    """The filters of the feedback pages and the moment their period starts."""
    filters = feedback_filter(request.args)
    return filters, utcnow() - timedelta(days=filters.days)


@bp.get("/feedback")
def feedback():
    (filters, since), page = _feedback_period(), page_argument()
    comments, total = latest_comments(db.session, since, filters.unit_id, page)
    return render_template(
        "voices/admin_feedback.html", filters=filters, periods=PERIOD_DAYS, units=unit_choices(db.session),
        ratings=ratings_by_unit_and_area(db.session, since, filters.unit_id), comments=comments, total=total,
        page=page, per_page=COMMENTS_PER_PAGE,
    )


@bp.get("/feedback.csv")
def export_feedback():
    filters, since = _feedback_period()
    return csv_download(f"citizen-ratings-last-{filters.days}-days.csv", [
        _("Unit (OPD)"), _("Service"), _("Ratings"), _("Average rating"), _("Rated 1 or 2"),
        _("Rated 1 or 2 (%)"),
    ], ([row.unit, SERVICE_AREA_LABELS.get(row.service_area, row.service_area), row.count, row.average,
         row.low, 100 * row.low_share]
        for row in ratings_by_unit_and_area(db.session, since, filters.unit_id)))
