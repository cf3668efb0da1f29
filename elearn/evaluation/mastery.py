"""Scores on the questions tagged with a competency or a topic in graded post-tests: one definition,
behind both the flagged topics of the reports and a learner's remedial recommendations."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import ColumnElement, Subquery, func, select, true
from sqlalchemy.orm import Session

from elearn.quizzes.models import Attempt, AttemptItem, Question, Quiz

# Fewer answers than this say too little about a whole group of learners to flag a topic.
MIN_ANSWERS = 5


def mastery_percent() -> int:
    return current_app.config["ELEARN_MASTERY_PERCENT"]


@dataclass(frozen=True)
class TaggedScore:
    """Points scored over points possible on the questions with one tag (per course, when asked)."""

    course_id: int | None
    tag: str
    percent: float
    answers: int


def question_competency_slugs(session: Session) -> Subquery:
    """(question_id, slug) for each competency a question is tagged with. The JSON list is unnested in
    SQL with each database's own function, so no question is read into Python to be split."""
    unnest = func.json_each if session.get_bind().dialect.name == "sqlite" else func.json_array_elements_text
    element = unnest(Question.competencies).table_valued("value", name="tagged")
    return (select(Question.id.label("question_id"), element.c.value.label("slug"))
            .select_from(Question).join(element, true()).subquery())


def post_test_scores(*conditions: ColumnElement) -> Subquery:
    """Per question: points scored and possible, and answers, in graded final-quiz attempts.
    Summed per question first, so the tags are joined to a few hundred rows, not to every answer."""
    return (
        select(AttemptItem.question_id, Quiz.course_id, func.sum(AttemptItem.score).label("score"),
               func.sum(AttemptItem.max_score).label("max_score"), func.count().label("answers"))
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Quiz.role == "final", Attempt.status == "graded", *conditions)
        .group_by(AttemptItem.question_id, Quiz.course_id)
        .subquery()
    )


def tagged_scores(session: Session, tag: str, conditions: list, by_course: bool) -> list[TaggedScore]:
    """Scores per competency slug (`tag="competency"`) or per topic (`tag="topic"`), pooled over
    courses unless `by_course`; `conditions` on Attempt and Quiz choose the attempts."""
    scores = post_test_scores(*conditions)
    if tag == "competency":
        tags = question_competency_slugs(session)
        label, source = tags.c.slug, tags
        join_on = tags.c.question_id == scores.c.question_id
    else:
        label, source, join_on = Question.topic, Question, Question.id == scores.c.question_id
    keys = [label] + ([scores.c.course_id] if by_course else [])
    rows = session.execute(
        select(*keys, func.sum(scores.c.score), func.sum(scores.c.max_score), func.sum(scores.c.answers))
        .select_from(scores).join(source, join_on)
        .where(label.is_not(None), label != "")
        .group_by(*keys)
        .having(func.sum(scores.c.max_score) > 0)
    )
    return [TaggedScore(course_id=row[1] if by_course else None, tag=row[0],
                        percent=round(100 * float(row[-3]) / float(row[-2]), 1), answers=int(row[-1]))
            for row in rows]
