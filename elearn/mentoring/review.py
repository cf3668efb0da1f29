"""The mentor's review queue, the review of one attempt, and grading essays and commenting on answers."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from elearn.accounts.mentorships import active_mentee_ids
from elearn.accounts.models import User
from elearn.content.models import Course
from elearn.core.errors import Refusal
from elearn.core.settings import Settings
from elearn.notifications.services import notify
from elearn.quizzes.integrity import record_answers_seen
from elearn.quizzes.models import Attempt, AttemptItem, Question, Quiz
from elearn.quizzes.question_types import QUESTION_TYPES
from elearn.quizzes.services import grade_attempt, items_with_questions, lock_attempt
from elearn.quizzes.signals import attempt_graded

QUEUE_LIMIT = 200
MAX_COMMENT = 5000


class ReviewError(Refusal):
    """A grade or comment the review rules refuse; the message is shown to the mentor."""


class OwnWorkRefused(ReviewError):
    """Nobody reviews or grades their own attempt, admins included (a 403 for the view)."""


@dataclass(frozen=True)
class QueueEntry:
    attempt: Attempt
    learner_name: str
    quiz_title: str
    course_title: str


def review_queue(session: Session, mentor_id: int) -> list[QueueEntry]:
    """Attempts of the mentor's mentees that need attention: essays to grade, then failed attempts,
    newest first, in one query."""
    rows = session.execute(
        select(Attempt, User.full_name, Quiz.title, Course.title)
        .join(User, User.id == Attempt.user_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(Course, Course.id == Quiz.course_id)
        .where(Attempt.user_id.in_(active_mentee_ids(mentor_id)),
               or_(Attempt.status == "awaiting_review", Attempt.passed.is_(False)))
        .order_by((Attempt.status == "awaiting_review").desc(), Attempt.submitted_at.desc())
        .limit(QUEUE_LIMIT)
    )
    return [QueueEntry(*row) for row in rows]


@dataclass(frozen=True)
class ItemReview:
    item: AttemptItem
    question: Question
    answer_html: Markup
    key_html: Markup
    manual: bool


def attempt_review(session: Session, attempt: Attempt) -> list[ItemReview]:
    """Every question with the learner's answer, the right answer and the automatic score."""
    reviews = []
    for item, question in items_with_questions(session, attempt):
        kind = QUESTION_TYPES[question.type]
        reviews.append(ItemReview(item, question, kind.answer_html(question.data, item.response),
                                  kind.key_html(question.data), not kind.auto_graded))
    return reviews


def open_review(session: Session, attempt: Attempt, reviewer_id: int, now: datetime) -> list[ItemReview]:
    """The review of someone else's attempt. It shows the quiz's answers, so the reviewer is recorded
    as having seen them (they cannot take the quiz for credit afterwards) and may not look while
    their own attempt at the quiz is open."""
    refuse_own_work(attempt, reviewer_id)
    if session.scalar(select(Attempt.id).where(
            Attempt.user_id == reviewer_id, Attempt.quiz_id == attempt.quiz_id, Attempt.status == "open")):
        raise ReviewError(
            _l("Submit your own attempt at this quiz before you review other people's answers."))
    record_answers_seen(session, reviewer_id, attempt.quiz_id, now)
    return attempt_review(session, attempt)


def refuse_own_work(attempt: Attempt, reviewer_id: int) -> None:
    if attempt.user_id == reviewer_id:
        raise OwnWorkRefused(_l("You cannot review or grade your own attempt."))


def _clean_comment(comment: str | None) -> str | None:
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ReviewError(_l("A comment can be at most %(limit)s characters.", limit=MAX_COMMENT))
    return comment or None


def review_item(session: Session, attempt: Attempt, item_id: int, reviewer_id: int,
                score: float | None, comment: str | None, now: datetime, *, settings: Settings) -> None:
    """Grade an essay (score) and/or comment on any answer; re-total the attempt and tell the learner.
    Never one's own attempt."""
    refuse_own_work(attempt, reviewer_id)
    lock_attempt(session, attempt)  # one grading at a time, never beside a save or submit
    pair = next(((i, q) for i, q in items_with_questions(session, attempt, [item_id])), None)
    if pair is None:
        raise ReviewError(_l("This question is not part of the attempt."))
    item, question = pair
    comment = _clean_comment(comment)
    manual = not QUESTION_TYPES[question.type].auto_graded
    if score is not None and not manual:
        raise ReviewError(_l("Only essay answers are graded by hand."))
    if score is not None and not 0 <= score <= item.max_score:
        raise ReviewError(_l("The score must be between 0 and %(max)s.", max=f"{item.max_score:g}"))
    if score is not None:
        item.score, item.graded_by_id, item.graded_at = round(score, 4), reviewer_id, now
    if comment != item.comment:
        item.comment, item.commented_by_id, item.commented_at = comment, reviewer_id, now
    _retotal(session, attempt, now, settings)
    quiz = session.get(Quiz, attempt.quiz_id)
    kind = "essay_graded" if score is not None else "answer_commented"
    notify(session, attempt.user_id, kind, {"quiz": quiz.title}, f"/attempts/{attempt.id}/result", now)


def _retotal(session: Session, attempt: Attempt, now: datetime, settings: Settings) -> None:
    """Recompute the attempt with the mentor's grade in; passing may complete the course, and a graded
    post-test may recommend remedial courses."""
    grade_attempt(attempt, items_with_questions(session, attempt))
    session.flush()
    attempt_graded.send(attempt, session=session, now=now, settings=settings)
