"""Training-topic proposals for signed-in ASN, and the public citizen feedback page."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from elearn.accounts.services import unit_choices
from elearn.core.errors import FieldProblems, Refusal
from elearn.core.extensions import db, limiter, login_manager, utcnow
from elearn.core.forms import validate_all
from elearn.core.web import page_argument, safe_redirect_target
from elearn.voices import proposals
from elearn.voices.forms import FeedbackForm, ProposalForm, status_filter
from elearn.voices.services import NewFeedback, record_feedback

bp = Blueprint("voices", __name__)
citizen_bp = Blueprint("citizen", __name__)


@bp.before_request
def require_sign_in():
    """Proposals are for signed-in ASN; guarding the blueprint means no view can forget it."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


@bp.context_processor
def labels():
    return {"proposal_status_labels": proposals.PROPOSAL_STATUS_LABELS}


@bp.get("/proposals")
def list_proposals():
    status, page = status_filter(request.args, proposals.OPEN), page_argument()
    rows, total = proposals.ranked_proposals(db.session, current_user.id, status, page)
    return render_template("voices/proposals.html", rows=rows, total=total, page=page, status=status,
                           per_page=proposals.PROPOSALS_PER_PAGE)


@bp.get("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    row = proposals.ranked_proposal(db.session, current_user.id, proposal_id) or abort(404)
    return render_template("voices/proposal.html", row=row)


@bp.route("/proposals/new", methods=["GET", "POST"])
def propose():
    form = ProposalForm()
    form.set_competencies(proposals.competency_choices(db.session))
    new = proposals.NewProposal(form.title.data or "", form.description.data or "", form.competency_id.data)
    if validate_all(form, lambda: proposals.proposal_problems(db.session, new)):
        try:
            topic = proposals.propose_topic(db.session, current_user.id, new, utcnow())
        except proposals.DuplicateProposal:  # someone published the same title a moment ago
            form.title.errors.append(proposals.DUPLICATE_TITLE)
        else:
            flash(_("Your proposal has been published, with your support. Others can support it now."), "ok")
            return redirect(url_for("voices.proposal", proposal_id=topic.id))
    duplicate_id = (proposals.open_proposal_titled(db.session, new.title)
                    if proposals.DUPLICATE_TITLE in form.title.errors else None)
    return render_template("voices/propose.html", form=form, duplicate_id=duplicate_id)


def _vote(proposal_id: int, cast) -> str:
    """Load the proposal (404), cast or withdraw the vote, and go back to where the button was."""
    topic = proposals.proposal_by_id(db.session, proposal_id) or abort(404)
    try:
        cast(topic)
    except Refusal as error:
        flash(error.message, "error")
    back = url_for("voices.proposal", proposal_id=topic.id)
    return redirect(safe_redirect_target(request.form.get("next"), back) + f"#proposal-{topic.id}")


@bp.post("/proposals/<int:proposal_id>/support")
def support(proposal_id: int):
    return _vote(proposal_id, lambda topic: proposals.support_proposal(
        db.session, topic, current_user.id, utcnow()))


@bp.post("/proposals/<int:proposal_id>/withdraw")
def withdraw(proposal_id: int):
    return _vote(proposal_id, lambda topic: proposals.withdraw_support(db.session, topic, current_user.id))


@citizen_bp.route("/feedback", methods=["GET", "POST"])
@limiter.limit("5 per hour;20 per day", methods=["POST"])
def feedback():
    """Public: no sign-in, nothing asked that identifies the citizen, and nobody else's feedback shown."""
    form = FeedbackForm()
    form.set_units(unit_choices(db.session))
    if form.is_submitted() and form.website.data:
        return redirect(url_for("citizen.thanks"))  # a robot filled the honeypot: it learns nothing
    if form.validate_on_submit():
        try:
            record_feedback(db.session, NewFeedback(form.unit_id.data, form.service_area.data,
                                                    form.rating.data, form.comment.data or ""), utcnow())
        except FieldProblems as error:
            for name, message in error.problems.items():
                form[name].errors.append(message)
        else:
            return redirect(url_for("citizen.thanks"))
    return render_template("voices/feedback.html", form=form)


@citizen_bp.errorhandler(429)
def too_many_ratings(_error):
    """The limit keeps one connection from flooding the ratings; it is not about the citizen's security,
    so this page does not say the sign-in pages' words, and it leads back to the form, not to sign-in."""
    return render_template("voices/too_many.html"), 429


@citizen_bp.get("/feedback/thanks")
def thanks():
    return render_template("voices/thanks.html")
