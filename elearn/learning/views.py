"""Learner pages: home (Beranda), catalog, course page, module reader."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from elearn.certificates.services import jp_total
from elearn.competencies.services import home_recommendations
from elearn.content.parsing import COMPETENCY_TYPES
from elearn.evaluation.remedial import open_recommendations
from elearn.evaluation.responses import surveys_due_for_learner
from elearn.extensions import db, local_date, utcnow
from elearn.learning import services
from elearn.mentoring.services import mentors_of
from elearn.quizzes import results as quiz_results
from elearn.quizzes import services as quiz_services

bp = Blueprint("learning", __name__)


COMPETENCY_TYPE_LABELS = {
    "teknis": _l("Technical"),
    "manajerial": _l("Managerial"),
    "sosial-kultural": _l("Socio-cultural"),
}
assert set(COMPETENCY_TYPE_LABELS) == set(COMPETENCY_TYPES)


@bp.app_context_processor
def competency_labels():
    return {"competency_type_labels": COMPETENCY_TYPE_LABELS}


def _course_or_404(slug: str):
    return services.visible_course(db.session, current_user, slug) or abort(404)


def _module_or_404(modules, module_slug: str):
    return next((m for m in modules if m.slug == module_slug), None) or abort(404)


@bp.get("/")
@login_required
def home():
    year = local_date(utcnow()).year
    jp_earned = jp_total(db.session, current_user.id, year)
    return render_template(
        "learning/home.html",
        open_attempt=quiz_services.open_attempt_of(db.session, current_user.id),
        mentors=mentors_of(db.session, current_user.id),
        courses=services.enrolled_courses(db.session, current_user.id),
        year=year,
        jp_earned=jp_earned,
        jp_target=current_app.config["ELEARN_YEARLY_JP_TARGET"],
        remedial=open_recommendations(db.session, current_user.id),
        recommendations=home_recommendations(db.session, current_user.id),
        surveys_due=surveys_due_for_learner(db.session, current_user.id, utcnow()),
    )


@bp.get("/courses")
@login_required
def catalog():
    competency_type = request.args.get("type", "")
    if competency_type not in COMPETENCY_TYPES:
        competency_type = ""
    search = request.args.get("q", "").strip()[:100]
    cards = services.catalog(db.session, current_user, competency_type or None, search or None)
    return render_template(
        "learning/catalog.html", cards=cards, competency_type=competency_type, search=search
    )


@bp.get("/courses/<slug>")
@login_required
def course(slug: str):
    course = _course_or_404(slug)
    modules = services.active_modules(db.session, course)
    done = services.completed_module_ids(db.session, current_user.id, course)
    quizzes = quiz_services.active_quizzes(db.session, course.id)
    return render_template(
        "learning/course.html",
        course=course,
        modules=modules,
        quizzes=quiz_results.quiz_summaries(db.session, current_user.id, quizzes),
        gain=quiz_results.course_gain(db.session, current_user.id, course.id),
        done=done,
        enrollment=services.enrollment_of(db.session, current_user.id, course),
        progress=services.Progress(done=len(done & {m.id for m in modules}), total=len(modules)),
        step=services.next_step(db.session, current_user.id, course, utcnow()),
    )


@bp.get("/courses/<slug>/continue")
@login_required
def resume(slug: str):
    """Straight to the next step: one redirect instead of another page on a slow link."""
    course = _course_or_404(slug)
    return redirect(_step_url(course, services.next_step(db.session, current_user.id, course, utcnow())))


def _step_url(course, step: services.NextStep) -> str:
    if step.kind in ("pretest", "final_quiz"):
        return url_for("quizzes.quiz", slug=course.slug, quiz_slug=step.quiz.slug)
    if step.kind == "module":
        return url_for("learning.module", slug=course.slug, module_slug=step.module.slug)
    return url_for("learning.course", slug=course.slug)


@bp.post("/courses/<slug>/enrol")
@login_required
def enrol(slug: str):
    course = _course_or_404(slug)
    services.enrol(db.session, current_user.id, course, utcnow())
    db.session.commit()
    flash(_("You are enrolled. Your progress is now saved."), "ok")
    return redirect(url_for("learning.course", slug=slug))


@bp.get("/courses/<slug>/modules/<module_slug>")
@login_required
def module(slug: str, module_slug: str):
    course = _course_or_404(slug)
    modules = services.active_modules(db.session, course)
    current = _module_or_404(modules, module_slug)
    index = modules.index(current)
    enrollment = services.enrollment_of(db.session, current_user.id, course)
    if enrollment is not None and services.record_visit(enrollment, current, utcnow()):
        db.session.commit()
    return render_template(
        "learning/module.html",
        course=course,
        module=current,
        position=index + 1,
        module_count=len(modules),
        previous=modules[index - 1] if index > 0 else None,
        next=modules[index + 1] if index + 1 < len(modules) else None,
        enrollment=enrollment,
        is_done=current.id in services.completed_module_ids(db.session, current_user.id, course),
    )


@bp.post("/courses/<slug>/modules/<module_slug>/complete")
@login_required
def complete(slug: str, module_slug: str):
    course = _course_or_404(slug)
    modules = services.active_modules(db.session, course)
    current = _module_or_404(modules, module_slug)
    enrollment = services.enrollment_of(db.session, current_user.id, course)
    if enrollment is None:
        flash(_("Enrol in the course first, so your progress can be saved."), "error")
        return redirect(url_for("learning.course", slug=slug))
    course_completed = services.complete_module(db.session, enrollment, current, utcnow())
    db.session.commit()
    if course_completed:
        flash(_("Congratulations, you have completed this course and earned %(jp)s JP.",
                jp=course.jp), "ok")
        return redirect(url_for("learning.course", slug=slug))
    return redirect(_step_url(course, services.next_step(db.session, current_user.id, course, utcnow())))
