"""Learner pages: the catalog, enrolling, and the module reader."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from elearn.content.models import COMPETENCY_TYPES
from elearn.content.visibility import visible_course
from elearn.core.extensions import db, utcnow
from elearn.core.transaction import records_page_view
from elearn.learning import services

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
    return visible_course(db.session, current_user, slug) or abort(404)


def _module_or_404(modules, module_slug: str):
    return next((m for m in modules if m.slug == module_slug), None) or abort(404)


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


@bp.post("/courses/<slug>/enrol")
@login_required
def enrol(slug: str):
    course = _course_or_404(slug)
    services.enrol(db.session, current_user.id, course, utcnow())
    flash(_("You are enrolled. Your progress is now saved."), "ok")
    return redirect(url_for("journey.course", slug=slug))


@bp.get("/courses/<slug>/modules/<module_slug>")
@login_required
@records_page_view("the learner's place in the course, which 'continue' goes back to")
def module(slug: str, module_slug: str):
    course, modules = services.course_and_modules(db.session, current_user, slug)
    current = _module_or_404(modules, module_slug)
    index = modules.index(current)
    enrollment, is_done = services.enrollment_and_completion(db.session, current_user.id, course, current)
    if enrollment is not None:
        services.record_visit(enrollment, current, utcnow())
    return render_template(
        "learning/module.html",
        course=course,
        module=current,
        position=index + 1,
        module_count=len(modules),
        previous=modules[index - 1] if index > 0 else None,
        next=modules[index + 1] if index + 1 < len(modules) else None,
        enrollment=enrollment,
        is_done=is_done,
    )
