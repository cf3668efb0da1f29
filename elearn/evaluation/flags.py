"""Flagged topics: competencies and quiz topics not yet mastered by a group of learners, with the
evidence and the courses to recommend as follow-up.

A competency (from `Question.competencies`) or a topic (`Question.topic`) is flagged when its questions
in graded post-tests score below the mastery threshold over at least MIN_ANSWERS answers. A course is
flagged when its level-3 (behaviour) Likert answers average below LOW_BEHAVIOUR: the competencies it
develops are flagged with that evidence (the course itself when it declares none)."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from elearn.content.models import Course
from elearn.core.settings import Settings
from elearn.dictionary.models import Competency, CourseCompetency
from elearn.evaluation.mastery import MIN_ANSWERS, question_competency_slugs, tagged_scores
from elearn.evaluation.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from elearn.evaluation.scope import Scope
from elearn.quizzes.models import Attempt, Question, Quiz

LOW_BEHAVIOUR = 3.0
BEHAVIOUR_KINDS = ("behaviour_learner", "behaviour_mentor")
FLAG_ORDER = ("competency", "topic", "course")


@dataclass(frozen=True)
class Evidence:
    """`quiz`: percent scored on the tagged post-test questions; `behaviour`: the level-3 Likert
    average (of 5) of `course_title`. `answers` is how many answers the figure rests on."""

    kind: str
    value: float
    answers: int
    course_title: str | None = None


@dataclass
class Flag:
    kind: str  # competency, topic, course
    key: str  # competency slug, topic text, course slug
    name: str
    evidence: list[Evidence] = field(default_factory=list)
    courses: list[tuple[str, str]] = field(default_factory=list)  # (slug, title) to recommend


def _quiz_flags(session: Session, scope: Scope, by_course: bool, threshold: int) -> list[tuple[int | None,
                                                                                               Flag]]:
    conditions = scope.on(Attempt.user_id, Quiz.course_id)
    found = []
    for score in tagged_scores(session, conditions, by_course):
        if score.percent < threshold and score.answers >= MIN_ANSWERS:
            flag = Flag(score.kind, score.tag, score.tag, [Evidence("quiz", score.percent, score.answers)])
            found.append((score.course_id, flag))
    return found


def low_behaviour_courses(session: Session, scope: Scope) -> list[tuple[int, str, str, float, int]]:
    """Courses whose level-3 Likert answers (learners' and mentors') average below LOW_BEHAVIOUR:
    (course id, slug, title, average, answers)."""
    average = func.avg(SurveyAnswer.number)
    return [tuple(row) for row in session.execute(
        select(Course.id, Course.slug, Course.title, average, func.count(SurveyAnswer.number))
        .select_from(SurveyAnswer)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .join(Course, Course.id == SurveyResponse.course_id)
        .where(Survey.kind.in_(BEHAVIOUR_KINDS), SurveyQuestion.type == "likert",
               *scope.on(SurveyResponse.learner_id, SurveyResponse.course_id))
        .group_by(Course.id, Course.slug, Course.title)
        .having(and_(func.count(SurveyAnswer.number) >= MIN_ANSWERS, average < LOW_BEHAVIOUR))
    )]


def _behaviour_flags(session: Session, scope: Scope, by_course: bool) -> list[tuple[int | None, Flag]]:
    low = low_behaviour_courses(session, scope)
    developed = defaultdict(list)
    for course_id, slug in session.execute(
            select(CourseCompetency.course_id, Competency.slug)
            .join(Competency, Competency.id == CourseCompetency.competency_id)
            .where(CourseCompetency.course_id.in_([row[0] for row in low]))):
        developed[course_id].append(slug)
    found = []
    for course_id, course_slug, title, average, answers in low:
        evidence = Evidence("behaviour", round(float(average), 2), answers, title)
        subjects = [("competency", slug) for slug in developed[course_id]] or [("course", course_slug)]
        found.extend((course_id if by_course else None, Flag(kind, key, title, [evidence]))
                     for kind, key in subjects)
    return found


def _merged(found: list[tuple[int | None, Flag]]) -> dict[int | None, dict[tuple[str, str], Flag]]:
    """One flag per subject (per course when grouped), carrying all its evidence."""
    merged = defaultdict(dict)
    for course_id, flag in found:
        same = merged[course_id].get((flag.kind, flag.key))
        if same is None:
            merged[course_id][(flag.kind, flag.key)] = flag
        else:
            same.evidence.extend(flag.evidence)
    return merged


def flag_counts_by_course(session: Session, *, settings: Settings) -> dict[int, int]:
    """How many flags each course's own report shows, for every course at once."""
    found = _quiz_flags(session, Scope(), True, settings.mastery_percent) + _behaviour_flags(session,
                                                                                             Scope(), True)
    return {course_id: len(flags) for course_id, flags in _merged(found).items()}


def flagged_topics(session: Session, course_id: int | None = None, unit_id: int | None = None, *,
                   settings: Settings) -> list[Flag]:
    """The flags of one course, one OPD's learners, both or everyone (competencies first), each with
    the live courses that develop the competency (for a topic: the competencies of its questions)."""
    scope = Scope(course_id, unit_id)
    found = _quiz_flags(session, scope, False, settings.mastery_percent) + _behaviour_flags(session, scope,
                                                                                            False)
    flags = list(_merged(found).get(None, {}).values())
    _name_and_recommend(session, flags, course_id)
    return sorted(flags, key=lambda f: (FLAG_ORDER.index(f.kind), f.name))


def _name_and_recommend(session: Session, flags: list[Flag], tested_course_id: int | None) -> None:
    """Competency names and courses to recommend (not the course being reported on), in two queries
    whatever the number of flags."""
    topics = [f.key for f in flags if f.kind == "topic"]
    tags = question_competency_slugs(session)
    topic_slugs = defaultdict(set)
    for topic, slug in session.execute(
            select(Question.topic, tags.c.slug).join(tags, tags.c.question_id == Question.id)
            .where(Question.topic.in_(topics)).distinct()):
        topic_slugs[topic].add(slug)
    slugs = {f.key for f in flags if f.kind == "competency"}.union(*topic_slugs.values())
    names, courses = {}, defaultdict(list)
    for slug, name, course_slug, title in session.execute(
            select(Competency.slug, Competency.name, Course.slug, Course.title)
            .outerjoin(CourseCompetency, CourseCompetency.competency_id == Competency.id)
            .outerjoin(Course, and_(Course.id == CourseCompetency.course_id, Course.retired_at.is_(None),
                                    Course.published.is_(True), Course.id != (tested_course_id or 0)))
            .where(Competency.slug.in_(slugs)).order_by(Course.level, Course.title)):
        names[slug] = name
        if course_slug is not None:
            courses[slug].append((course_slug, title))
    for flag in flags:
        if flag.kind == "competency":
            flag.name, flag.courses = names.get(flag.key, flag.key), courses[flag.key]
        elif flag.kind == "topic":
            recommended = {pair for slug in topic_slugs[flag.key] for pair in courses[slug]}
            flag.courses = sorted(recommended, key=lambda pair: pair[1])
