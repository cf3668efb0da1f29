"""The pages that put the features together for a learner: home (Beranda), the course page with its
next step, the 'continue' link, completing a module, and a quiz's result with what comes next."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from elearn.accounts.mentorships import mentors_of
from elearn.certificates.services import jp_total
from elearn.competencies.services import home_recommendations
from elearn.content.models import Course
from elearn.content.visibility import visible_course
from elearn.core.extensions import db, utcnow
from elearn.core.transaction import records_page_view
from elearn.core.web import site_settings
from elearn.evaluation.remedial import open_recommendations
from elearn.evaluation.responses import surveys_due_for_learner
from elearn.journey.services import NextStep, next_step
from elearn.learning import services as learning
from elearn.quizzes import results as quiz_results
from elearn.quizzes import services as quizzes
from elearn.quizzes.models import Quiz

bp = Blueprint("journey", __name__)


def _course_or_404(slug: str):
    return visible_course(db.session, current_user, slug) or abort(404)


@bp.get("/")
@login_required
def home():
    now = utcnow()
    year = site_settings().local_date(now).year
    return render_template(
        "journey/home.html",
        open_attempt=quizzes.open_attempt_of(db.session, current_user.id),
        mentors=mentors_of(db.session, current_user.id),
        courses=learning.enrolled_courses(db.session, current_user.id),
        year=year,
        jp_earned=jp_total(db.session, current_user.id, year),
        jp_target=current_app.config["ELEARN_YEARLY_JP_TARGET"],
        remedial=open_recommendations(db.session, current_user.id),
        recommendations=home_recommendations(db.session, current_user.id),
        surveys_due=surveys_due_for_learner(db.session, current_user.id, now),
    )


@bp.get("/courses/<slug>")
@login_required
def course(slug: str):
    course = _course_or_404(slug)
    modules = learning.active_modules(db.session, course)
    done = learning.completed_module_ids(db.session, current_user.id, course)
    return render_template(
        "journey/course.html",
        course=course,
        modules=modules,
        quizzes=quiz_results.quiz_summaries(
            db.session, current_user.id, quizzes.active_quizzes(db.session, course.id)),
        gain=quiz_results.course_gain(db.session, current_user.id, course.id),
        done=done,
        enrollment=learning.enrollment_of(db.session, current_user.id, course),
        progress=learning.Progress(done=len(done & {m.id for m in modules}), total=len(modules)),
        step=next_step(db.session, current_user.id, course, utcnow()),
    )


@bp.get("/courses/<slug>/continue")
@login_required
def resume(slug: str):
    """Straight to the next step: one redirect instead of another page on a slow link."""
    course = _course_or_404(slug)
    return redirect(_step_url(course, next_step(db.session, current_user.id, course, utcnow())))


def _step_url(course, step: NextStep) -> str:
    if step.kind in ("pretest", "final_quiz"):
        return url_for("quizzes.quiz", slug=course.slug, quiz_slug=step.quiz.slug)
    if step.kind == "module":
        return url_for("learning.module", slug=course.slug, module_slug=step.module.slug)
    return url_for("journey.course", slug=course.slug)


@bp.post("/courses/<slug>/modules/<module_slug>/complete")
@login_required
def complete(slug: str, module_slug: str):
    course = _course_or_404(slug)
    current = next((m for m in learning.active_modules(db.session, course) if m.slug == module_slug),
                   None) or abort(404)
    enrollment = learning.enrollment_of(db.session, current_user.id, course)
    if enrollment is None:
        flash(_("Enrol in the course first, so your progress can be saved."), "error")
        return redirect(url_for("journey.course", slug=slug))
    now = utcnow()
    if learning.complete_module(db.session, enrollment, current, now, settings=site_settings()):
        flash(_("Congratulations, you have completed this course and earned %(jp)s JP.", jp=course.jp), "ok")
        return redirect(url_for("journey.course", slug=slug))
    return redirect(_step_url(course, next_step(db.session, current_user.id, course, now)))


@bp.get("/attempts/<int:attempt_id>/result")
@login_required
@records_page_view(quizzes.GRADES_EXPIRED_ATTEMPTS)
def quiz_result(attempt_id: int):
    attempt = quizzes.attempt_of_learner(db.session, attempt_id, current_user.id) or abort(404)
    now = utcnow()
    quizzes.finish_if_expired(db.session, attempt, now, settings=site_settings())
    if attempt.status == "open":
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    quiz = db.session.get(Quiz, attempt.quiz_id)
    course = db.session.get(Course, quiz.course_id)
    passed = quizzes.has_passed(db.session, current_user.id, quiz.id)
    visible = quiz_results.review_visibility(quiz, attempt, passed, now)
    step = next_step(db.session, current_user.id, course, now) if attempt.status == "graded" else None
    return render_template(
        "quizzes/result.html", attempt=attempt, quiz=quiz, visible=visible, course=course, step=step,
        questions=quiz_results.reviewed_questions(quizzes.items_with_questions(db.session, attempt), visible),
    )
