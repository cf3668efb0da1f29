"""What a learner may see of a submitted attempt, and when; the pre-test to post-test gain (one definition,
used for one learner here and aggregated over many in the evaluation reports)."""

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import Subquery, case, func, select
from sqlalchemy.orm import Session

from elearn.quizzes.models import Attempt, AttemptItem, Question, Quiz
from elearn.quizzes.question_types import QUESTION_TYPES
from elearn.quizzes.services import given_question

REVIEW_ITEMS = ("score", "correctness", "answers", "feedback")


@dataclass(frozen=True)
class ReviewedQuestion:
    number: int
    prompt_html: str
    answer_html: Markup
    score: float | None
    max_score: float
    key_html: Markup | None
    feedback: list[Markup]
    mentor_comment: str | None

    @property
    def correct(self) -> bool | None:
        return None if self.score is None else self.score >= self.max_score - 1e-9

    @property
    def partly_correct(self) -> bool:
        """Some of the points (a multiple-response or matching question, a mentor's essay grade)."""
        return self.score is not None and 1e-9 < self.score < self.max_score - 1e-9


def review_visibility(quiz: Quiz, attempt: Attempt, passed_quiz: bool, now: datetime) -> dict[str, bool]:
    """For each of score, correctness, answers and feedback: may the learner see it now?"""
    if attempt.status in ("open", "grading"):
        return dict.fromkeys(REVIEW_ITEMS, False)
    rules = {
        "immediately": True,
        "after_pass": passed_quiz,
        "after_close": quiz.closes_at is not None and now >= quiz.closes_at,
        "never": False,
    }
    return {item: rules[quiz.review.get(item, "never")] for item in REVIEW_ITEMS}


def reviewed_questions(pairs: list[tuple[AttemptItem, Question]], visible: dict[str, bool]):
    """The attempt's questions with exactly what `visible` allows."""
    reviewed = []
    for item, question in pairs:
        question_type = QUESTION_TYPES[question.type]
        feedback = []
        if visible["feedback"]:
            feedback = question_type.option_feedback(question.data, item.response)
            if question.feedback_html:
                feedback.append(Markup(question.feedback_html))
        reviewed.append(ReviewedQuestion(
            number=item.position, prompt_html=given_question(item, question).prompt_html,
            answer_html=question_type.answer_html(question.data, item.response),
            score=item.score if visible["correctness"] else None, max_score=item.max_score,
            key_html=question_type.key_html(question.data) if visible["answers"] else None,
            feedback=feedback, mentor_comment=item.comment,
        ))
    return reviewed


@dataclass(frozen=True)
class Gain:
    pre_percent: float | None
    post_percent: float | None

    @property
    def points(self) -> float | None:
        if self.pre_percent is None or self.post_percent is None:
            return None
        return round(self.post_percent - self.pre_percent, 1)


def first_pretests(*conditions) -> Subquery:
    """Each learner's first graded pre-test percent per course (user_id, course_id, pre_percent).
    `conditions` on Attempt and Quiz narrow it (a learner, a course, an OPD's learners)."""
    ranked = (
        select(Attempt.user_id, Quiz.course_id, Attempt.percent.label("pre_percent"),
               func.row_number().over(partition_by=(Attempt.user_id, Quiz.course_id),
                                      order_by=(Attempt.started_at, Attempt.id)).label("rank"))
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Quiz.role == "pretest", Attempt.percent.is_not(None), *conditions)
        .subquery()
    )
    first = select(ranked.c.user_id, ranked.c.course_id, ranked.c.pre_percent).where(ranked.c.rank == 1)
    return first.subquery()


def best_post_tests(*conditions) -> Subquery:
    """Each learner's best graded final-quiz percent per course and whether they passed it
    (user_id, course_id, post_percent, passed as 0/1)."""
    return (
        select(Attempt.user_id, Quiz.course_id, func.max(Attempt.percent).label("post_percent"),
               func.max(case((Attempt.passed.is_(True), 1), else_=0)).label("passed"))
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Quiz.role == "final", Attempt.percent.is_not(None), *conditions)
        .group_by(Attempt.user_id, Quiz.course_id)
        .subquery()
    )


def course_gain(session: Session, user_id: int, course_id: int) -> Gain:
    """First pre-test result against the best final-quiz result, in percent."""
    mine = (Attempt.user_id == user_id, Quiz.course_id == course_id)
    pre, post = first_pretests(*mine), best_post_tests(*mine)
    pre_percent, post_percent = session.execute(select(
        select(pre.c.pre_percent).scalar_subquery(), select(post.c.post_percent).scalar_subquery())).one()
    return Gain(pre_percent=pre_percent, post_percent=post_percent)


@dataclass(frozen=True)
class QuizSummary:
    quiz: Quiz
    attempts: int
    best_percent: float | None
    passed: bool


def quiz_summaries(session: Session, user_id: int, quizzes: list[Quiz]) -> list[QuizSummary]:
    """Each quiz with the learner's attempt count, best score and pass state, in one query."""
    rows = {
        quiz_id: (count, best, passed)
        for quiz_id, count, best, passed in session.execute(
            select(Attempt.quiz_id, func.count(Attempt.id), func.max(Attempt.percent),
                   func.count(Attempt.id).filter(Attempt.passed.is_(True)))
            .where(Attempt.user_id == user_id, Attempt.quiz_id.in_([q.id for q in quizzes]))
            .group_by(Attempt.quiz_id)
        )
    }
    return [QuizSummary(q, rows.get(q.id, (0,))[0], rows.get(q.id, (0, None))[1],
                        bool(rows.get(q.id, (0, None, 0))[2])) for q in quizzes]
