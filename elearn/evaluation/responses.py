"""Who has a survey waiting (the reaction survey right after a course is completed, the behaviour
follow-up `Course.follow_up_days` later, for the learner and for their mentor), and saving answers:
one response per survey, respondent, learner and course, written whole or not at all."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, false, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from elearn.accounts.mentorships import MentorAssignment, active_mentee_ids
from elearn.accounts.models import User
from elearn.content.models import Course
from elearn.core.errors import FieldProblems, Refusal
from elearn.core.extensions import UtcDateTime
from elearn.evaluation.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from elearn.learning.models import Enrollment

LEARNER_KINDS = ("reaction", "behaviour_learner")
MENTOR_KINDS = ("behaviour_mentor",)
FOLLOW_UP_KINDS = ("behaviour_learner", "behaviour_mentor")
MAX_TEXT = 2000
LIKERT_VALUES = ("1", "2", "3", "4", "5")
ALREADY_ANSWERED = _l("You have already answered this survey for this course. Thank you!")


class SurveyRefusal(Refusal):
    """The survey cannot be answered now (never completed, not due yet, answered already, ...)."""


class AnswerProblems(FieldProblems):
    """Answers refused question by question; `problems` maps a question key to its message."""


@dataclass(frozen=True)
class DueSurvey:
    survey_slug: str
    survey_title: str
    kind: str
    course_slug: str
    course_title: str
    learner_id: int
    learner_name: str
    completed_at: datetime
    follow_up_days: int

    @property
    def due_from(self) -> datetime:
        if self.kind in FOLLOW_UP_KINDS:
            return self.completed_at + timedelta(days=self.follow_up_days)
        return self.completed_at


def active_survey(session: Session, kind: str) -> Survey | None:
    """The survey offered for `kind` (sync keeps at most one live survey per kind)."""
    return session.scalar(select(Survey).where(Survey.kind == kind, Survey.retired_at.is_(None))
                          .order_by(Survey.id.desc()).limit(1))


def live_survey(session: Session, slug: str, kinds: tuple[str, ...]) -> Survey | None:
    """The live survey with this slug if it is of one of `kinds`; None (a 404) otherwise."""
    return session.scalar(select(Survey).where(
        Survey.slug == slug, Survey.kind.in_(kinds), Survey.retired_at.is_(None)))


def course_of_learner(session: Session, learner_id: int, slug: str) -> Course | None:
    """A live, published course the learner is enrolled in: what a mentor may ask about."""
    return session.scalar(select(Course).join(Enrollment, and_(
        Enrollment.course_id == Course.id, Enrollment.user_id == learner_id)).where(
        Course.slug == slug, Course.retired_at.is_(None), Course.published.is_(True)))


def survey_questions(session: Session, survey_id: int) -> list[SurveyQuestion]:
    return list(session.scalars(select(SurveyQuestion).where(
        SurveyQuestion.survey_id == survey_id, SurveyQuestion.retired_at.is_(None)
    ).order_by(SurveyQuestion.position)))


def _follow_up_reached(session: Session, now: datetime):
    """True where the course's follow-up period has passed since completion. The bounds are computed
    here, one per distinct `follow_up_days` (a handful), so the SQL is the same on every database."""
    days = list(session.scalars(select(Course.follow_up_days).distinct()))
    if not days:
        return false()
    bounds = {day: literal(now - timedelta(days=day), UtcDateTime()) for day in days}
    return Enrollment.completed_at <= case(bounds, value=Course.follow_up_days)


def _answered(respondent_id: int, learner_id, course_id, kind):
    """Answered already: any survey of the same kind counts, so a renamed survey is not asked again.
    The arguments are values or columns (then it is correlated with the outer query)."""
    earlier = aliased(Survey)
    return exists().where(
        SurveyResponse.survey_id == earlier.id, earlier.kind == kind,
        SurveyResponse.respondent_id == respondent_id, SurveyResponse.learner_id == learner_id,
        SurveyResponse.course_id == course_id)


def _due(session: Session, respondent_id: int, kinds: tuple[str, ...], now: datetime, *conditions):
    query = (
        select(Survey.slug, Survey.title, Survey.kind, Course.slug, Course.title, User.id, User.full_name,
               Enrollment.completed_at, Course.follow_up_days)
        .select_from(Enrollment)
        .join(Course, Course.id == Enrollment.course_id)
        .join(User, User.id == Enrollment.user_id)
        .join(Survey, and_(Survey.kind.in_(kinds), Survey.retired_at.is_(None)))
        .where(Enrollment.completed_at.is_not(None), Course.retired_at.is_(None), Course.published.is_(True),
               ~_answered(respondent_id, Enrollment.user_id, Enrollment.course_id, Survey.kind),
               or_(Survey.kind.not_in(FOLLOW_UP_KINDS), _follow_up_reached(session, now)), *conditions)
        .order_by(Enrollment.completed_at, Course.title, User.full_name, Survey.kind)
    )
    return [DueSurvey(*row) for row in session.execute(query)]


def surveys_due_for_learner(session: Session, user_id: int, now: datetime,
                            course_id: int | None = None) -> list[DueSurvey]:
    """The learner's own surveys waiting: reaction for each completed course, behaviour once the
    course's follow-up period has passed; unanswered only. Two statements, whatever the data."""
    conditions = [Enrollment.user_id == user_id]
    if course_id is not None:
        conditions.append(Enrollment.course_id == course_id)
    return _due(session, user_id, LEARNER_KINDS, now, *conditions)


def surveys_due_for_mentor(session: Session, mentor_id: int, now: datetime,
                           learner_id: int | None = None) -> list[DueSurvey]:
    """The behaviour follow-up of each active mentee's course completed at least its follow-up period
    ago and not yet answered by this mentor. Two statements, whatever the number of mentees."""
    conditions = [Enrollment.user_id.in_(active_mentee_ids(mentor_id))]
    if learner_id is not None:
        conditions.append(Enrollment.user_id == learner_id)
    return _due(session, mentor_id, MENTOR_KINDS, now, *conditions)


def response_refusal(session: Session, survey: Survey, respondent_id: int, learner_id: int, course: Course,
                     now: datetime) -> str | None:
    """Why this survey cannot be answered now about this learner's course; None when it can."""
    for_mentor = survey.kind in MENTOR_KINDS
    if for_mentor and not session.scalar(select(exists(
            active_mentee_ids(respondent_id).where(MentorAssignment.mentee_id == learner_id)))):
        return _("Only the learner's mentor can answer this survey.")
    if not for_mentor and respondent_id != learner_id:
        return _("Only the learner can answer this survey.")
    completed_at = session.scalar(select(Enrollment.completed_at).where(
        Enrollment.user_id == learner_id, Enrollment.course_id == course.id))
    if completed_at is None:
        if for_mentor:
            return _("This survey opens after the learner has completed the course.")
        return _("You can answer this survey after you have completed the course.")
    if survey.kind in FOLLOW_UP_KINDS and now < (due := completed_at + timedelta(days=course.follow_up_days)):
        return _("This follow-up survey is available from %(date)s.", date=format_date(due))
    if session.scalar(select(_answered(respondent_id, learner_id, course.id, survey.kind))):
        return ALREADY_ANSWERED
    return None


def _answer(question: SurveyQuestion, raw: str) -> tuple[int | None, str | None, str | None]:
    """(number, text, problem) for one question from what the form posted."""
    raw = raw.strip()
    if not raw:
        return None, None, _("Please answer this question.") if question.required else None
    if question.type == "likert":
        if raw not in LIKERT_VALUES:
            return None, None, _("Choose one of the five answers.")
        return int(raw), None, None
    if question.type == "choice":
        if raw not in {str(value) for value, _label in question.options}:
            return None, None, _("Choose one of the options given.")
        return int(raw), None, None
    if len(raw) > MAX_TEXT:
        return None, None, _("Use at most %(limit)s characters.", limit=MAX_TEXT)
    return None, raw, None


def read_answers(questions: list[SurveyQuestion], posted: Mapping[str, str]) -> list[SurveyAnswer]:
    """The answers to store (unanswered optional questions have none), from `posted`, which maps a
    question key to the text posted for it; every wrong answer is reported at once."""
    answers, problems = [], {}
    for question in questions:
        number, text, problem = _answer(question, posted.get(question.key, ""))
        if problem:
            problems[question.key] = problem
        elif number is not None or text is not None:
            answers.append(SurveyAnswer(question_id=question.id, number=number, text=text))
    if problems:
        raise AnswerProblems(problems)
    return answers


def submit_response(session: Session, survey: Survey, respondent_id: int, learner_id: int, course: Course,
                    posted: Mapping[str, str], now: datetime) -> SurveyResponse:
    """Save one filled-in survey with its answers, or raise SurveyRefusal / AnswerProblems and save
    nothing. A second submission at the same moment (a double click) meets the unique constraint."""
    if refusal := response_refusal(session, survey, respondent_id, learner_id, course, now):
        raise SurveyRefusal(refusal)
    answers = read_answers(survey_questions(session, survey.id), posted)
    try:
        with session.begin_nested():
            response = SurveyResponse(survey_id=survey.id, respondent_id=respondent_id, learner_id=learner_id,
                                      course_id=course.id, submitted_at=now)
            session.add(response)
            session.flush()
            for answer in answers:
                answer.response_id = response.id
            session.add_all(answers)
    except IntegrityError:
        raise SurveyRefusal(ALREADY_ANSWERED) from None
    return response
