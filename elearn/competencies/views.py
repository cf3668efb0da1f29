"""Learner and mentor pages of the needs analysis: the self-assessment and the mentor's assessment of
a mentee. Recommendations appear on the learner home (learning.views)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from elearn.accounts.mentorships import learner_for
from elearn.competencies import services
from elearn.competencies.forms import typed_levels
from elearn.core.extensions import db, utcnow

bp = Blueprint("competencies", __name__)


def _assess(learner, source: str, template: str, done_url: str):
    """Show the assessment page, or save the post: all of it, or nothing with what was typed kept."""
    rows = services.assessment_rows(db.session, learner)
    if request.method == "GET":
        return render_template(template, learner=learner, rows=rows, typed={}, problems={})
    typed = typed_levels(request.form)
    relevant_ids = {row.competency.id for row in rows}
    try:
        saved = services.save_assessments(
            db.session, learner.id, current_user.id, source, relevant_ids, typed, utcnow())
    except services.AssessmentError as error:  # refused before any write: nothing to roll back
        return render_template(template, learner=learner, rows=rows, typed=typed,
                               problems=error.problems), 422
    flash(ngettext("Saved your assessment of %(num)s competency.",
                   "Saved your assessment of %(num)s competencies.", saved), "ok")
    return redirect(done_url)


@bp.route("/competencies", methods=["GET", "POST"])
@login_required
def self_assessment():
    return _assess(current_user, "self", "competencies/self.html",
                   url_for("competencies.self_assessment"))


@bp.route("/mentees/<int:learner_id>/competencies", methods=["GET", "POST"])
@login_required
def mentor_assessment(learner_id: int):
    """Only the learner's mentors (and admins) find it, never for themselves; for anyone else it does
    not exist."""
    learner = learner_for(db.session, current_user, learner_id) or abort(404)
    return _assess(learner, "mentor", "competencies/mentor.html",
                   url_for("competencies.mentor_assessment", learner_id=learner.id))
