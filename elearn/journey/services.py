"""The learner's next step in a course, from its modules, quizzes, certificate and surveys."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from elearn.certificates.models import Certificate
from elearn.certificates.services import certificate_of_course
from elearn.content.models import Course, Module
from elearn.evaluation.responses import DueSurvey, surveys_due_for_learner
from elearn.learning.services import active_modules, completed_module_ids, enrollment_of
from elearn.quizzes.models import Attempt, Quiz


@dataclass(frozen=True)
class NextStep:
    """The one thing the learner should do next in a course; `kind` says which link the pages show:
    enrol, pretest, module, final_quiz, awaiting_review, out_of_attempts, completed or catalog."""

    kind: str
    module: Module | None = None
    quiz: Quiz | None = None
    attempt: Attempt | None = None  # the attempt to go back to: open, or waiting for a mentor
    certificate: Certificate | None = None
    surveys: tuple[DueSurvey, ...] = ()


def next_step(session: Session, user_id: int, course: Course, now: datetime) -> NextStep:
    """Decide the next step: the pre-test before any reading, then the module last opened (if unread)
    or the first unread, then the final quiz, and after completion the certificate, the JP ledger
    and the surveys due. One rule for the course page, the quiz result and the 'continue' link."""
    enrollment = enrollment_of(session, user_id, course)
    if enrollment is None:
        return NextStep("enrol")
    if enrollment.completed_at is not None:
        return NextStep("completed", certificate=certificate_of_course(session, user_id, course.id),
                        surveys=tuple(surveys_due_for_learner(session, user_id, now, course.id)))
    quizzes = _pretest_and_final(session, course.id)
    attempts = _attempts_by_quiz(session, user_id, [quiz.id for quiz in quizzes.values()])
    modules, done = active_modules(session, course), completed_module_ids(session, user_id, course)
    pretest = quizzes.get("pretest")
    if pretest and not done and all(a.status == "open" for a in attempts.get(pretest.id, [])):
        return _quiz_step("pretest", pretest, attempts.get(pretest.id, []))
    unread = [module for module in modules if module.id not in done]
    if unread:
        last_opened = next((m for m in unread if m.id == enrollment.last_module_id), unread[0])
        return NextStep("module", module=last_opened)
    final = quizzes.get("final")
    if final is None:
        return NextStep("catalog")
    return _quiz_step("final_quiz", final, attempts.get(final.id, []))


def _quiz_step(kind: str, quiz: Quiz, attempts: list[Attempt]) -> NextStep:
    """Take the quiz, or go back to the attempt still open or waiting for a mentor's grade."""
    if current := next((a for a in attempts if a.status == "open"), None):
        return NextStep(kind, quiz=quiz, attempt=current)
    if waiting := next((a for a in attempts if a.status == "awaiting_review"), None):
        return NextStep("awaiting_review", quiz=quiz, attempt=waiting)
    if kind == "final_quiz" and quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts:
        return NextStep("out_of_attempts", quiz=quiz)
    return NextStep(kind, quiz=quiz)


def _pretest_and_final(session: Session, course_id: int) -> dict[str, Quiz]:
    """The course's first live quiz of each role that shapes the path: {"pretest": ..., "final": ...}."""
    quizzes = session.scalars(select(Quiz).where(
        Quiz.course_id == course_id, Quiz.role.in_(("pretest", "final")), Quiz.retired_at.is_(None))
        .order_by(Quiz.position.desc()))
    return {quiz.role: quiz for quiz in quizzes}


def _attempts_by_quiz(session: Session, user_id: int, quiz_ids: list[int]) -> dict[int, list[Attempt]]:
    by_quiz = {}
    for attempt in session.scalars(select(Attempt).where(
            Attempt.user_id == user_id, Attempt.quiz_id.in_(quiz_ids)).order_by(Attempt.number)):
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    return by_quiz
