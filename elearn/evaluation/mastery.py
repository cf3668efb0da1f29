"""Scores on the questions tagged with a competency or a topic in graded post-tests: one definition,
behind both the flagged topics of the reports and a learner's remedial recommendations."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Subquery, func, select, true
from sqlalchemy.orm import Session

from elearn.quizzes.models import Attempt, AttemptItem, Question, Quiz

# Fewer answers than this say too little about a whole group of learners to flag a topic.
MIN_ANSWERS = 5


@dataclass(frozen=True)
class TaggedScore:
    """Points scored over points possible on the questions with one tag (per course, when asked)."""

    kind: str  # competency (the tag is its slug) or topic
    tag: str
    course_id: int | None
    percent: float
    answers: int


def question_competency_slugs(session: Session) -> Subquery:
    """(question_id, slug) for each competency a question is tagged with. The JSON list is unnested in
    SQL with each database's own function, so no question is read into Python to be split."""
    unnest = func.json_each if session.get_bind().dialect.name == "sqlite" else func.json_array_elements_text
    element = unnest(Question.competencies).table_valued("value", name="tagged")
    return (select(Question.id.label("question_id"), element.c.value.label("slug"))
            .select_from(Question).join(element, true()).subquery())


def post_test_scores(session: Session, conditions: list) -> list[tuple[int, int, float, float, int]]:
    """Per question: (question id, course id, points scored, points possible, answers) in graded
    final-quiz attempts chosen by `conditions` on Attempt and Quiz. The answers are read once, here;
    the tags are then matched to these few hundred rows, not to every answer."""
    return [tuple(row) for row in session.execute(
        select(AttemptItem.question_id, Quiz.course_id, func.sum(AttemptItem.score),
               func.sum(AttemptItem.max_score), func.count())
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Quiz.role == "final", Attempt.status == "graded", *conditions)
        .group_by(AttemptItem.question_id, Quiz.course_id)
    )]


def question_tags(session: Session, question_ids: list[int]) -> dict[int, set[tuple[str, str]]]:
    """The (kind, tag) pairs of each question: its topic and its competency slugs."""
    slugs = question_competency_slugs(session)
    tags = defaultdict(set)
    for question_id, topic, slug in session.execute(
            select(Question.id, Question.topic, slugs.c.slug)
            .outerjoin(slugs, slugs.c.question_id == Question.id).where(Question.id.in_(question_ids))):
        if topic:
            tags[question_id].add(("topic", topic))
        if slug:
            tags[question_id].add(("competency", slug))
    return tags


def tagged_scores(session: Session, conditions: list, by_course: bool) -> list[TaggedScore]:
    """Scores per competency and per topic, pooled over courses unless `by_course`, in two queries;
    `conditions` on Attempt and Quiz choose the attempts."""
    scores = post_test_scores(session, conditions)
    tags = question_tags(session, [question_id for question_id, *_ in scores])
    totals = defaultdict(lambda: [0.0, 0.0, 0])
    for question_id, course_id, scored, possible, answers in scores:
        for kind, tag in tags[question_id]:
            total = totals[(kind, tag, course_id if by_course else None)]
            total[0] += float(scored or 0)
            total[1] += float(possible or 0)
            total[2] += answers
    return [TaggedScore(kind, tag, course_id, round(100 * scored / possible, 1), answers)
            for (kind, tag, course_id), (scored, possible, answers) in totals.items()
            if possible > 0]
