"""Mentor pages (dashboard, mentee, review queue, review) and everyone's notifications."""


from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required

from elearn.accounts.mentorships import learner_for
from elearn.accounts.models import Role
from elearn.accounts.permissions import guarded_blueprint
from elearn.certificates.services import certificates_by_course
from elearn.core.downloads import csv_download
from elearn.core.extensions import db, utcnow
from elearn.core.parameters import int_argument
from elearn.core.transaction import records_page_view
from elearn.core.web import site_settings
from elearn.evaluation.responses import surveys_due_for_mentor
from elearn.learning.services import enrolled_courses
from elearn.mentoring import dashboard, review
from elearn.mentoring.plans import plans_of_learner
from elearn.mentoring.services import attempt_for_reviewer
from elearn.notifications.services import mark_all_read, notification_text, recent_notifications, unread_count
from elearn.quizzes.models import Quiz
from elearn.quizzes.services import attempts_of_learner

bp = guarded_blueprint("mentoring", __name__, Role.MENTOR, Role.ADMIN)
notifications_bp = Blueprint("notifications", __name__)
FLAG_LABELS = {
    "stalled": _l("Stalled"), "failed_twice": _l("Failed a quiz twice"),
    "essays_waiting": _l("Essay to grade"), "plan_overdue": _l("Action plan overdue"),
    "below_jp_target": _l("Below the JP target this year"),
}
SORT_LABELS = {"name": _l("Name"), "activity": _l("Least recent activity"),
               "progress": _l("Least progress"), "jp": _l("Fewest JP")}


@bp.context_processor
def labels():
    return {"flag_labels": FLAG_LABELS, "sort_labels": SORT_LABELS}


@notifications_bp.app_context_processor
def unread_notifications():
    """The count in the header: loaded with the signed-in user (auth.sessions), or counted when the
    user was signed in by this very request."""
    if not current_user.is_authenticated:
        return {}
    count = getattr(current_user, "unread_notifications", None)
    return {"unread_notifications": unread_count(db.session, current_user.id) if count is None else count}


def _dashboard_rows():
    config = current_app.config
    now = utcnow()
    today = site_settings().local_date(now)
    filters = dashboard.DashboardFilter(
        flag=request.args.get("flag") or None, course_id=int_argument("course"),
        unit_id=int_argument("unit"), sort=request.args.get("sort", "name"),
    )
    rows = dashboard.mentor_dashboard(
        db.session, current_user.id, now, config["ELEARN_YEARLY_JP_TARGET"], config["ELEARN_STALLED_DAYS"],
        filters, today,
    )
    return rows, filters


@bp.get("/")
def index():
    rows, filters = _dashboard_rows()
    courses, units = dashboard.filter_choices(db.session, current_user.id)
    now = utcnow()
    days = {row.user_id: row.days_inactive(now) for row in rows}
    # Texts used on every row are translated once per page (per distinct value), not 500 times.
    text = {"never": _("never"), "today": _("today"), "waiting": _("waiting for grading"), "done": _("done"),
            "flags": {flag: str(label) for flag, label in FLAG_LABELS.items()},
            "ago": {d: ngettext("%(num)s day ago", "%(num)s days ago", d) for d in set(days.values()) if d}}
    return render_template("mentoring/dashboard.html", rows=rows, filters=filters, courses=courses,
                           units=units, jp_target=current_app.config["ELEARN_YEARLY_JP_TARGET"],
                           stalled_days=current_app.config["ELEARN_STALLED_DAYS"], days=days, text=text,
                           mentee_path=url_for("mentoring.mentee", learner_id=0)[:-1],
                           surveys_due=surveys_due_for_mentor(db.session, current_user.id, now))


@bp.get("/mentees.csv")
def export():
    rows, _filters = _dashboard_rows()
    return csv_download(
        "mentees.csv",
        [_("NIP"), _("Name"), _("Unit (OPD)"), _("Courses"), _("Completed"), _("Progress (%)"),
         _("Last activity"), _("Latest quiz"), _("Latest quiz score (%)"), _("JP this year"), _("Attention")],
        ([row.nip, row.full_name, row.unit, row.courses, row.completed, row.percent, row.last_activity_at,
          row.latest_quiz, row.latest_percent, row.jp_year,
          "; ".join(str(FLAG_LABELS[flag]) for flag in row.flags)] for row in rows))


@bp.get("/mentees/<int:learner_id>")
def mentee(learner_id: int):
    learner = learner_for(db.session, current_user, learner_id) or abort(404)
    return render_template(
        "mentoring/mentee.html", learner=learner,
        courses=enrolled_courses(db.session, learner.id),
        certificates=certificates_by_course(db.session, learner.id),
        attempts=attempts_of_learner(db.session, learner.id),
        plans=plans_of_learner(db.session, learner.id),
        surveys_due=surveys_due_for_mentor(db.session, current_user.id, utcnow(), learner.id),
    )


@bp.get("/reviews")
def queue():
    return render_template("mentoring/queue.html", entries=review.review_queue(db.session, current_user.id))


def _render_review(attempt, errors=None, typed=None, status=200):
    """The review page, after its rules: not one's own attempt (403), not while one's own attempt at
    the quiz is open (back to the mentee, saying why); seeing it is recorded."""
    try:
        items = review.open_review(db.session, attempt, current_user.id, utcnow())
    except review.OwnWorkRefused as error:
        _refuse_own_work(error)
    except review.ReviewError as error:
        flash(error.message, "error")
        return redirect(url_for("mentoring.mentee", learner_id=attempt.user_id))
    quiz = db.session.get(Quiz, attempt.quiz_id)
    learner = learner_for(db.session, current_user, attempt.user_id) or abort(404)
    return render_template(
        "mentoring/review.html", attempt=attempt, quiz=quiz, learner=learner,
        items=items, errors=errors or {}, typed=typed or {},
    ), status


def _refuse_own_work(error: review.OwnWorkRefused):
    flash(error.message, "error")
    abort(403)


@bp.get("/attempts/<int:attempt_id>")
@records_page_view("who has seen the answers of an attempt (see quizzes/integrity.py)")
def review_attempt(attempt_id: int):
    attempt = attempt_for_reviewer(db.session, attempt_id, current_user) or abort(404)
    return _render_review(attempt)


@bp.post("/attempts/<int:attempt_id>/items/<int:item_id>")
def review_item(attempt_id: int, item_id: int):
    attempt = attempt_for_reviewer(db.session, attempt_id, current_user) or abort(404)
    raw_score, comment = request.form.get("score", "").strip(), request.form.get("comment", "")
    try:
        score = float(raw_score.replace(",", ".")) if raw_score else None
        review.review_item(db.session, attempt, item_id, current_user.id, score, comment, utcnow(),
                           settings=site_settings())
    except review.OwnWorkRefused as error:
        _refuse_own_work(error)
    except ValueError as error:
        message = error.message if isinstance(error, review.ReviewError) else _("The score must be a number.")
        typed = {item_id: {"score": raw_score, "comment": comment}}
        return _render_review(attempt, {item_id: message}, typed, 422)
    flash(_("Saved. The learner has been notified."), "ok")
    return redirect(url_for("mentoring.review_attempt", attempt_id=attempt.id) + f"#item-{item_id}")


@notifications_bp.get("/notifications")
@login_required
def notifications():
    notes = recent_notifications(db.session, current_user.id)
    entries = [(note, notification_text(note.kind, note.params)) for note in notes]
    return render_template("mentoring/notifications.html", entries=entries)


@notifications_bp.post("/notifications/read")
@login_required
def read_all():
    mark_all_read(db.session, current_user.id, utcnow())
    return redirect(url_for("notifications.notifications"))
