"""Quiz pages: the quiz, an attempt (one page or one question per page), saving, submitting, results."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from elearn.content.visibility import visible_course
from elearn.core.extensions import db, utcnow
from elearn.core.parameters import bounded_int, int_argument
from elearn.core.transaction import records_page_view
from elearn.core.web import site_settings, wants_json
from elearn.quizzes import results, services
from elearn.quizzes.models import Quiz

bp = Blueprint("quizzes", __name__)
MAX_VALUES_PER_QUESTION = 50
QUIZ_ROLE_LABELS = {"pretest": _l("Pre-test"), "practice": _l("Practice"), "final": _l("Final quiz")}


@bp.app_context_processor
def quiz_labels():
    return {"quiz_role_labels": QUIZ_ROLE_LABELS}


def _quiz_or_404(slug: str, quiz_slug: str) -> tuple:
    course = visible_course(db.session, current_user, slug) or abort(404)
    return course, services.live_quiz(db.session, course.id, quiz_slug) or abort(404)


def _attempt_or_404(attempt_id: int, locked: bool = False):
    return services.attempt_of_learner(db.session, attempt_id, current_user.id, locked) or abort(404)


@bp.get("/courses/<slug>/quizzes/<quiz_slug>")
@login_required
@records_page_view(services.GRADES_EXPIRED_ATTEMPTS)
def quiz(slug: str, quiz_slug: str):
    course, quiz = _quiz_or_404(slug, quiz_slug)
    now = utcnow()
    attempts = services.attempts_of(db.session, current_user.id, quiz.id)
    for attempt in attempts:
        services.finish_if_expired(db.session, attempt, now, settings=site_settings())
    passed = any(a.passed for a in attempts)
    return render_template(
        "quizzes/quiz.html", course=course, quiz=quiz, attempts=attempts,
        question_count=quiz.draw_count or services.question_count(db.session, quiz.id),
        open_attempt=next((a for a in attempts if a.status == "open"), None),
        refusal=services.refusal_to_start(db.session, current_user.id, quiz, attempts, now),
        visibility={a.id: results.review_visibility(quiz, a, passed, now) for a in attempts},
    )


@bp.post("/courses/<slug>/quizzes/<quiz_slug>/start")
@login_required
def start(slug: str, quiz_slug: str):
    _, quiz = _quiz_or_404(slug, quiz_slug)
    try:
        attempt = services.start_attempt(db.session, current_user.id, quiz, utcnow(),
                                         settings=site_settings())
    except services.QuizError as error:
        flash(error.message, "error")
        return redirect(url_for("quizzes.quiz", slug=slug, quiz_slug=quiz_slug))
    return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
@login_required
@records_page_view(services.GRADES_EXPIRED_ATTEMPTS)
def attempt(attempt_id: int):
    attempt = _attempt_or_404(attempt_id)
    services.finish_if_expired(db.session, attempt, utcnow(), settings=site_settings())
    if attempt.status != "open":
        return redirect(url_for("journey.quiz_result", attempt_id=attempt.id))
    quiz = db.session.get(Quiz, attempt.quiz_id)
    pairs = services.items_with_questions(db.session, attempt)
    questions = [services.given_question(item, question) for item, question in pairs]
    one_per_page = request.args.get("view") == "one"
    page = min(int_argument("page", default=1), len(questions))
    shown = questions[page - 1:page] if one_per_page else questions
    return render_template(
        "quizzes/attempt.html", attempt=attempt, quiz=quiz, questions=shown, total=len(questions),
        answered=sum(services.is_answered(q.item) for q in questions),
        one_per_page=one_per_page, page=page,
    )


def _posted_answers() -> dict[int, list[str]]:
    """{item id: values} for the questions the form carried (`items`), capped against abuse."""
    answers = {}
    for raw in request.form.getlist("items")[:500]:
        if (item_id := bounded_int(raw)) is None:
            raise services.QuizError(_("The form was not understood. Reload the page and try again."))
        answers[item_id] = request.form.getlist(f"q{raw}")[:MAX_VALUES_PER_QUESTION]
    return answers


@bp.post("/attempts/<int:attempt_id>/answers")
@login_required
def save(attempt_id: int):
    """Autosave (JSON) and the Save buttons (form). Valid answers are stored even when another is
    refused; JSON says per item which were saved and which refused and why (422 if any was)."""
    attempt = _attempt_or_404(attempt_id, locked=True)  # the time is taken in turn, under the lock
    now = utcnow()
    try:
        result = services.save_answers(db.session, attempt, _posted_answers(), now, settings=site_settings())
    except services.QuizError as error:
        if wants_json():
            target = url_for("journey.quiz_result",
                             attempt_id=attempt.id) if attempt.status != "open" else None
            return jsonify(error=str(error.message), redirect=target), 409 if target else 422
        flash(error.message, "error")
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id))
    refused = {item_id: str(message) for item_id, message in result.refused.items()}
    if wants_json():
        first_refusal = next(iter(refused.values()), None)
        return jsonify(saved=result.saved, refused=refused, error=first_refusal,
                       saved_at=now.isoformat()), 422 if refused else 200
    if refused:
        for message in refused.values():
            flash(message, "error")
        view = request.form.get("view") or None
        return redirect(url_for("quizzes.attempt", attempt_id=attempt.id, view=view))
    return redirect(_after_save_target(attempt))


def _after_save_target(attempt) -> str:
    destination = request.form.get("then", "")
    if destination == "finish":
        return url_for("quizzes.confirm", attempt_id=attempt.id)
    if page := bounded_int(destination):
        return url_for("quizzes.attempt", attempt_id=attempt.id, view="one", page=page)
    flash(_("Your answers are saved."), "ok")
    return url_for("quizzes.attempt", attempt_id=attempt.id, view=request.form.get("view") or None)


@bp.route("/attempts/<int:attempt_id>/submit", methods=["GET", "POST"])
@login_required
def confirm(attempt_id: int):
    attempt = _attempt_or_404(attempt_id, locked=request.method == "POST")
    if request.method == "POST":
        services.submit_attempt(db.session, attempt, utcnow(), settings=site_settings())
        return redirect(url_for("journey.quiz_result", attempt_id=attempt.id))
    if attempt.status != "open":
        return redirect(url_for("journey.quiz_result", attempt_id=attempt.id))
    items = services.items_with_questions(db.session, attempt)
    return render_template(
        "quizzes/confirm.html", attempt=attempt, quiz=db.session.get(Quiz, attempt.quiz_id),
        total=len(items), unanswered=[item.position for item, _ in items if not services.is_answered(item)],
    )
