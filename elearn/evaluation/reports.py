"""Evaluation reports per course and per OPD: the four levels side by side, with flagged topics.

Every figure is an aggregate query over the scope (a course, an OPD's learners, or both), so a report
runs the same dozen statements for five learners or twenty thousand."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from elearn.accounts.models import Unit
from elearn.content.models import Course
from elearn.core.settings import Settings
from elearn.evaluation import outcomes
from elearn.evaluation.flags import Flag, flag_counts_by_course, flagged_topics
from elearn.evaluation.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from elearn.evaluation.scope import Scope
from elearn.learning.models import Enrollment
from elearn.quizzes.models import Attempt, Quiz
from elearn.quizzes.results import best_post_tests, first_pretests

__all__ = ["course_report", "evaluation_overview", "flagged_topics", "unit_report"]

# Keys of the level-3 questions the reports read (content/_survei/perilaku-*.survey): how often the
# learning is applied (1 never, 2 monthly, 3 weekly, 4 daily) and the main blocker.
FREQUENCY_KEY, BLOCKER_KEY, WEEKLY = "frekuensi", "hambatan", 3
LATEST_COMMENTS = 5
TOP_BLOCKERS = 3


@dataclass(frozen=True)
class LikertItem:
    prompt: str
    average: float
    answers: int


@dataclass(frozen=True)
class Comment:
    text: str
    course_title: str
    submitted_at: datetime


@dataclass(frozen=True)
class SurveyLevel:
    """Level 1 (reaction) or level 3 (behaviour, as the learners or the mentors answered)."""

    responses: int = 0
    items: list[LikertItem] = field(default_factory=list)
    weekly_share: float | None = None  # level 3: share of frequency answers "weekly" or "daily"
    blockers: list[tuple[str, int]] = field(default_factory=list)  # level 3: most named first
    comment_count: int = 0  # level 1
    comments: list[Comment] = field(default_factory=list)  # level 1: the latest few

    @property
    def average(self) -> float | None:
        """All Likert answers together (items weighted by their answers)."""
        answers = sum(item.answers for item in self.items)
        return round(sum(i.average * i.answers for i in self.items) / answers, 2) if answers else None


@dataclass(frozen=True)
class LearningLevel:
    """Level 2 over the learners (and courses) with both a graded pre-test and a graded post-test."""

    learners: int
    pre_percent: float | None
    post_percent: float | None
    gain_points: float | None
    pass_rate: float | None  # percent of those learners who passed the post-test


@dataclass(frozen=True)
class Levels:
    reaction: SurveyLevel
    learning: LearningLevel
    behaviour_learner: SurveyLevel
    behaviour_mentor: SurveyLevel
    enrolled: int
    completions: int


@dataclass(frozen=True)
class CourseReport:
    course: Course
    unit: Unit | None
    levels: Levels
    flags: list[Flag]


@dataclass(frozen=True)
class UnitReport:
    unit: Unit
    levels: Levels
    flags: list[Flag]
    outcomes: outcomes.OutcomeComparison


def _survey_rows(scope: Scope):
    """Answers joined to their question, survey and response, within the scope."""
    return (select().select_from(SurveyAnswer)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .join(Survey, Survey.id == SurveyResponse.survey_id)
            .where(*scope.on(SurveyResponse.learner_id, SurveyResponse.course_id)))


def _likert_items(session: Session, scope: Scope) -> dict[str, list[LikertItem]]:
    rows = session.execute(
        _survey_rows(scope)
        .add_columns(Survey.kind, SurveyQuestion.prompt, func.avg(SurveyAnswer.number),
                     func.count(SurveyAnswer.number))
        .where(SurveyQuestion.type == "likert", SurveyAnswer.number.between(1, 5))
        .group_by(Survey.kind, Survey.id, SurveyQuestion.id, SurveyQuestion.prompt, SurveyQuestion.position)
        .order_by(Survey.kind, Survey.id, SurveyQuestion.position))
    items = defaultdict(list)
    for kind, prompt, average, answers in rows:
        items[kind].append(LikertItem(prompt, round(float(average), 2), answers))
    return items


def _choice_counts(session: Session, scope: Scope) -> dict[tuple[str, str], list[tuple[str, int, int]]]:
    """(kind, key) -> [(label, value, answers)] for the frequency and blocker questions."""
    questions = {qid: {value: label for value, label in options} for qid, options in session.execute(
        select(SurveyQuestion.id, SurveyQuestion.options)
        .where(SurveyQuestion.type == "choice", SurveyQuestion.key.in_((FREQUENCY_KEY, BLOCKER_KEY))))}
    rows = session.execute(
        _survey_rows(scope)
        .add_columns(Survey.kind, SurveyQuestion.key, SurveyQuestion.id, SurveyAnswer.number, func.count())
        .where(SurveyQuestion.id.in_(list(questions)), SurveyAnswer.number.is_not(None))
        .group_by(Survey.kind, SurveyQuestion.key, SurveyQuestion.id, SurveyAnswer.number))
    counts = defaultdict(list)
    for kind, key, question_id, value, answers in rows:
        counts[(kind, key)].append((questions[question_id].get(value, str(value)), value, answers))
    return counts


def _behaviour_extras(choices: list, blockers: list) -> dict:
    frequency_answers = sum(answers for _, _, answers in choices)
    weekly = sum(answers for _, value, answers in choices if value >= WEEKLY)
    named = defaultdict(int)
    for label, _, answers in blockers:
        named[label] += answers
    return {"weekly_share": round(100 * weekly / frequency_answers, 1) if frequency_answers else None,
            "blockers": sorted(named.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_BLOCKERS]}


def _comments(session: Session, scope: Scope) -> tuple[int, list[Comment]]:
    written = (_survey_rows(scope)
               .where(Survey.kind == "reaction", SurveyQuestion.type == "text", SurveyAnswer.text != ""))
    count = session.scalar(written.add_columns(func.count()))
    latest = session.execute(
        written.add_columns(SurveyAnswer.text, Course.title, SurveyResponse.submitted_at)
        .join(Course, Course.id == SurveyResponse.course_id)
        .order_by(SurveyResponse.submitted_at.desc(), SurveyResponse.id.desc()).limit(LATEST_COMMENTS))
    return count, [Comment(*row) for row in latest]


def _survey_levels(session: Session, scope: Scope) -> dict[str, SurveyLevel]:
    responses = dict(session.execute(
        select(Survey.kind, func.count(SurveyResponse.id))
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(*scope.on(SurveyResponse.learner_id, SurveyResponse.course_id)).group_by(Survey.kind)).all())
    items, choices = _likert_items(session, scope), _choice_counts(session, scope)
    comment_count, comments = _comments(session, scope)
    levels = {"reaction": SurveyLevel(responses.get("reaction", 0), items["reaction"],
                                      comment_count=comment_count, comments=comments)}
    for kind in ("behaviour_learner", "behaviour_mentor"):
        extras = _behaviour_extras(choices[(kind, FREQUENCY_KEY)], choices[(kind, BLOCKER_KEY)])
        levels[kind] = SurveyLevel(responses.get(kind, 0), items[kind], **extras)
    return levels


def _learning_level(session: Session, scope: Scope) -> LearningLevel:
    conditions = scope.on(Attempt.user_id, Quiz.course_id)
    pre, post = first_pretests(*conditions), best_post_tests(*conditions)
    learners, pre_average, post_average, gain, passed = session.execute(
        select(func.count(), func.avg(pre.c.pre_percent), func.avg(post.c.post_percent),
               func.avg(post.c.post_percent - pre.c.pre_percent), func.avg(post.c.passed))
        .select_from(post)
        .join(pre, (pre.c.user_id == post.c.user_id) & (pre.c.course_id == post.c.course_id))).one()

    return LearningLevel(learners, _rounded(pre_average), _rounded(post_average), _rounded(gain),
                         _rounded(passed, 100))


def _rounded(value, scale: int = 1) -> float | None:
    return None if value is None else round(float(value) * scale, 1)


def _levels(session: Session, scope: Scope) -> Levels:
    surveys = _survey_levels(session, scope)
    enrolled, completions = session.execute(
        select(func.count(Enrollment.id), func.count(Enrollment.completed_at))
        .where(*scope.on(Enrollment.user_id, Enrollment.course_id))).one()
    return Levels(surveys["reaction"], _learning_level(session, scope), surveys["behaviour_learner"],
                  surveys["behaviour_mentor"], enrolled, completions)


def course_report(session: Session, course_id: int, unit_id: int | None = None, *,
                  settings: Settings) -> CourseReport | None:
    """The course's four levels, for all its learners or one OPD's; None when there is no such course."""
    course = session.get(Course, course_id)
    if course is None:
        return None
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit_id is not None and unit is None:
        return None
    return CourseReport(course, unit, _levels(session, Scope(course_id, unit_id)),
                        flagged_topics(session, course_id, unit_id, settings=settings))


def unit_report(session: Session, unit_id: int, period: tuple[date, date] | None = None, *,
                settings: Settings) -> UnitReport | None:
    """An OPD's learners across courses, with its level-4 figures before and after its training period
    (`period`: first and last month; by default the months of its learners' first and last completion)."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        return None
    period = period or outcomes.training_period(session, unit_id)
    return UnitReport(unit, _levels(session, Scope(unit_id=unit_id)),
                      flagged_topics(session, unit_id=unit_id, settings=settings),
                      outcomes.compare(session, unit_id, period))


@dataclass(frozen=True)
class OverviewRow:
    course: Course
    completions: int
    reaction_average: float | None
    gain_points: float | None
    behaviour_average: float | None
    flags: int


def evaluation_overview(session: Session, *, settings: Settings) -> list[OverviewRow]:
    """Every live course with its headline figures of each level, in a fixed number of queries."""
    completions = dict(session.execute(select(Enrollment.course_id, func.count(Enrollment.completed_at))
                                       .group_by(Enrollment.course_id)).all())
    level = case((Survey.kind == "reaction", 1), else_=3)
    likert = defaultdict(dict)
    for course_id, survey_level, average in session.execute(
            _survey_rows(Scope()).add_columns(SurveyResponse.course_id, level, func.avg(SurveyAnswer.number))
            .where(SurveyQuestion.type == "likert", SurveyAnswer.number.between(1, 5))
            .group_by(SurveyResponse.course_id, level)):
        likert[course_id][survey_level] = round(float(average), 2)
    pre, post = first_pretests(), best_post_tests()
    gains = dict(session.execute(
        select(post.c.course_id, func.avg(post.c.post_percent - pre.c.pre_percent))
        .join(pre, (pre.c.user_id == post.c.user_id) & (pre.c.course_id == post.c.course_id))
        .group_by(post.c.course_id)).all())
    flags = flag_counts_by_course(session, settings=settings)
    courses = session.scalars(select(Course).where(Course.retired_at.is_(None)).order_by(Course.title))
    return [OverviewRow(course, completions.get(course.id, 0), likert[course.id].get(1),
                        _rounded(gains.get(course.id)), likert[course.id].get(3), flags.get(course.id, 0))
            for course in courses]


def course_id_of(session: Session, slug: str) -> int | None:
    """Any course, live or retired: its evaluation stays readable after it is withdrawn."""
    return session.scalar(select(Course.id).where(Course.slug == slug))
