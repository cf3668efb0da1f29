"""The attempt lifecycle: start, save answers as they are given, submit once, grade on the server.

Every function takes the session and plain values; views only translate HTTP to these calls."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.core.errors import Refusal
from elearn.core.settings import Settings
from elearn.quizzes.integrity import ANSWERS_SEEN, has_seen_answers
from elearn.quizzes.models import Attempt, AttemptItem, Question, Quiz
from elearn.quizzes.question_types import QUESTION_TYPES, InvalidAnswer
from elearn.quizzes.signals import attempt_graded

# Answers saved a little after the deadline still count: the request left the phone in time.
DEADLINE_GRACE = timedelta(seconds=30)


class QuizError(Refusal):
    """A request the quiz rules refuse; the message is shown to the learner."""


@dataclass(frozen=True)
class GivenQuestion:
    """A question as the learner sees it during an attempt: no answer key anywhere in here."""

    item: AttemptItem
    number: int
    template: str  # the question type's form partial
    points: float
    prompt_html: str
    options: list[dict]  # {id, html} in the attempt's order (QuestionType.shown)
    lefts: list[dict]  # {id, html}: items the options are matched to, for types that have them


def active_quizzes(session: Session, course_id: int) -> list[Quiz]:
    return list(session.scalars(
        select(Quiz).where(Quiz.course_id == course_id, Quiz.retired_at.is_(None)).order_by(Quiz.position)
    ))


def live_quiz(session: Session, course_id: int, slug: str) -> Quiz | None:
    return session.scalar(select(Quiz).where(
        Quiz.course_id == course_id, Quiz.slug == slug, Quiz.retired_at.is_(None)))


def question_count(session: Session, quiz_id: int) -> int:
    return session.scalar(
        select(func.count(Question.id)).where(Question.quiz_id == quiz_id, Question.retired_at.is_(None)))


def attempts_of(session: Session, user_id: int, quiz_id: int) -> list[Attempt]:
    return list(session.scalars(
        select(Attempt).where(Attempt.user_id == user_id, Attempt.quiz_id == quiz_id).order_by(Attempt.number)
    ))


def attempts_of_learner(session: Session, user_id: int) -> list[tuple[Attempt, str, str]]:
    """Every attempt of a learner with its quiz title and role, newest first (for the mentor's view)."""
    return [tuple(row) for row in session.execute(
        select(Attempt, Quiz.title, Quiz.role).join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Attempt.user_id == user_id).order_by(Attempt.started_at.desc())
    )]


def attempt_of_learner(
    session: Session, attempt_id: int, user_id: int, locked: bool = False
) -> Attempt | None:
    """The attempt if it is this learner's own; anyone else's looks like it does not exist. `locked`
    takes its row lock first (see lock_attempt), so a time read after it orders saves and submits."""
    query = select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user_id)
    if locked:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def open_attempt_of(session: Session, user_id: int) -> Attempt | None:
    """The learner's unfinished attempt, if any, so signing in again leads back to it."""
    return session.scalar(
        select(Attempt).where(Attempt.user_id == user_id, Attempt.status == "open")
        .order_by(Attempt.started_at.desc()).limit(1)
    )


def start_refusal(quiz: Quiz, attempts: list[Attempt], now: datetime):
    """Why a new attempt cannot start now, or None."""
    if quiz.opens_at and now < quiz.opens_at:
        return _l("This quiz is not open yet.")
    if quiz.closes_at and now >= quiz.closes_at:
        return _l("This quiz is closed.")
    if quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts:
        return _l("You have used all your attempts for this quiz.")
    return None


def refusal_to_start(session: Session, user_id: int, quiz: Quiz, attempts: list[Attempt], now: datetime):
    """Why this person cannot start an attempt now, or None: the quiz's own rules, and before them
    a conflict of interest (they have reviewed others' answers to it: quizzes/integrity.py)."""
    if has_seen_answers(session, user_id, quiz.id):
        return ANSWERS_SEEN
    return start_refusal(quiz, attempts, now)


def _option_order(question: Question, shuffle: bool, rng: random.Random) -> list[str] | None:
    return QUESTION_TYPES[question.type].option_order(question.data, shuffle, rng)


def start_attempt(session: Session, user_id: int, quiz: Quiz, now: datetime, rng=None, *,
                  settings: Settings) -> Attempt:
    """Start a new attempt, or return the one still open. Questions are drawn and ordered once,
    here, and kept, so a reload or a new device shows the same attempt."""
    rng = rng or random.SystemRandom()
    attempts = attempts_of(session, user_id, quiz.id)
    for attempt in attempts:
        if attempt.status == "open" and not finish_if_expired(session, attempt, now, settings=settings):
            return attempt
    if refusal := refusal_to_start(session, user_id, quiz, attempts, now):
        raise QuizError(refusal)
    questions = list(session.scalars(
        select(Question).where(Question.quiz_id == quiz.id, Question.retired_at.is_(None))
        .order_by(Question.position)
    ))
    if not questions:
        raise QuizError(_l("This quiz has no questions yet."))
    if quiz.draw_count and quiz.draw_count < len(questions):
        drawn = set(rng.sample(range(len(questions)), quiz.draw_count))
        questions = [q for index, q in enumerate(questions) if index in drawn]
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    deadline = now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
        deadline = quiz.closes_at
    attempt = Attempt(
        user_id=user_id, quiz_id=quiz.id, number=len(attempts) + 1, status="open", started_at=now,
        deadline_at=deadline, pass_percent=quiz.pass_percent, max_score=sum(q.points for q in questions),
    )
    try:
        with session.begin_nested():
            session.add(attempt)
            session.flush()
            session.add_all(
                AttemptItem(attempt_id=attempt.id, question_id=q.id, position=position, max_score=q.points,
                            option_order=_option_order(q, quiz.shuffle_options, rng))
                for position, q in enumerate(questions, start=1)
            )
    except IntegrityError:  # the same learner started it twice at once: use the other one
        return open_attempt_of(session, user_id)
    return attempt


def items_with_questions(
    session: Session, attempt: Attempt, item_ids=None
) -> list[tuple[AttemptItem, Question]]:
    query = (
        select(AttemptItem, Question).join(Question, Question.id == AttemptItem.question_id)
        .where(AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)
    )
    if item_ids is not None:
        query = query.where(AttemptItem.id.in_(item_ids))
    return [tuple(row) for row in session.execute(query)]


def given_question(item: AttemptItem, question: Question) -> GivenQuestion:
    """What may be shown before submission: text and options in the attempt's order, nothing else."""
    kind = QUESTION_TYPES[question.type]
    options, lefts = kind.shown(question.data, item.option_order or [])
    return GivenQuestion(item, item.position, kind.template, question.points, question.prompt_html,
                         options, lefts)


def is_expired(attempt: Attempt, now: datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + DEADLINE_GRACE


@dataclass
class SavedAnswers:
    """What one save stored and what it refused, per item, so nothing valid waits on a bad answer."""

    saved: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def lock_attempt(session: Session, attempt: Attempt) -> None:
    """Take the attempt's row lock and re-read it: saving, submitting and grading one attempt happen
    one after the other, so no answer lands after submission. (SQLite: the write transaction is the lock.)"""
    session.execute(
        select(Attempt).where(Attempt.id == attempt.id).with_for_update()
        .execution_options(populate_existing=True)
    )


def save_answers(
    session: Session, attempt: Attempt, answers: dict[int, list[str]], now: datetime, *, settings: Settings
) -> SavedAnswers:
    """Store the answers (item id -> posted values) of an open attempt. Each answer stands alone: a
    refused one is reported with its reason and the others are kept. Saving the same answer again is
    harmless, so a retry after a dropped connection is safe. A blank answer is stored as blank (None)."""
    lock_attempt(session, attempt)
    if attempt.status != "open":
        raise QuizError(_l("This attempt has already been submitted."))
    if finish_if_expired(session, attempt, now, settings=settings):
        raise QuizError(
            _l("The time for this attempt is up. The answers saved before the deadline were graded."))
    result = SavedAnswers()
    pairs = items_with_questions(session, attempt, list(answers))
    for item_id in answers.keys() - {item.id for item, _ in pairs}:
        result.refused[item_id] = _l("An answer was sent for a question that is not in this attempt.")
    for item, question in pairs:
        kind, values = QUESTION_TYPES[question.type], answers[item.id]
        try:
            item.response = None if kind.is_blank(values) else kind.read_response(question.data, values)
        except InvalidAnswer:
            result.refused[item.id] = _l("The answer to question %(number)s is not valid.",
                                         number=item.position)
            continue
        item.saved_at = now
        result.saved.append(item.id)
    return result


def is_answered(item: AttemptItem) -> bool:
    """The one meaning of "answered": a non-blank answer is stored (a saved blank is not an answer)."""
    return item.response is not None


def submit_attempt(session: Session, attempt: Attempt, now: datetime, *, settings: Settings) -> bool:
    """Submit and grade once, and announce the grade (`attempt_graded`). A second submit (a retry,
    another tab) changes nothing: False."""
    lock_attempt(session, attempt)
    claimed = session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.status == "open")
        .values(status="grading", submitted_at=now).execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        session.refresh(attempt)
        return False
    session.refresh(attempt)
    grade_attempt(attempt, items_with_questions(session, attempt))
    session.flush()
    attempt_graded.send(attempt, session=session, now=now, settings=settings)
    return True


# The server keeps the deadline: pages that show an attempt grade it once its time has run out.
GRADES_EXPIRED_ATTEMPTS = "grades an attempt whose time ran out"


def finish_if_expired(session: Session, attempt: Attempt, now: datetime, *, settings: Settings) -> bool:
    """Grade an attempt whose time ran out on the answers saved before the deadline."""
    if attempt.status != "open" or not is_expired(attempt, now):
        return False
    submit_attempt(session, attempt, attempt.deadline_at, settings=settings)
    return True


def grade_attempt(attempt: Attempt, pairs: list[tuple[AttemptItem, Question]]) -> None:
    """Score every item not yet scored with its question type. Scores are fixed once given: automatic
    ones at submission, essays by a mentor (None until then, which leaves the attempt awaiting
    review), so grading again after a review only re-totals and never reads an answer anew."""
    for item, question in pairs:
        if item.score is not None:
            continue
        fraction = QUESTION_TYPES[question.type].grade(question.data, item.response)
        if fraction is not None:
            item.score = round(fraction * item.max_score, 4)
    attempt.score = round(sum(item.score or 0 for item, _ in pairs), 4)
    if any(item.score is None for item, _ in pairs):
        attempt.status, attempt.percent, attempt.passed = "awaiting_review", None, None
        return
    attempt.status = "graded"
    attempt.percent = round(100 * attempt.score / attempt.max_score, 2) if attempt.max_score else 0.0
    attempt.passed = attempt.percent >= attempt.pass_percent


def has_passed(session: Session, user_id: int, quiz_id: int) -> bool:
    return bool(session.scalar(
        select(func.count(Attempt.id)).where(
            Attempt.user_id == user_id, Attempt.quiz_id == quiz_id, Attempt.passed.is_(True))
    ))
