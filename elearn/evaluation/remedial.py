"""The remedial rule for one learner. A graded post-test below the mastery threshold on a competency's
questions recommends another course that develops it and tells the learner's mentors, but only once the
learner is done with that post-test: it passed, no attempts are left, or they stopped (no activity for
ELEARN_STALLED_DAYS after a failed attempt with attempts left: `flask remedial stalled`, run daily).
Never the course being taken. Each (learner, competency) has at most one open recommendation and one
notification per mentor; a later post-test that masters the competency, or completing the recommended
course, resolves it and withdraws its notifications from the mentors' lists."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from elearn.accounts.mentorships import mentors_of
from elearn.accounts.models import User
from elearn.content.models import Course
from elearn.core.settings import Settings
from elearn.dictionary.models import Competency, CourseCompetency
from elearn.evaluation.mastery import tagged_scores
from elearn.evaluation.models import RemedialRecommendation
from elearn.learning.models import Enrollment
from elearn.notifications.models import Notification
from elearn.notifications.services import notify
from elearn.quizzes.models import Attempt, AttemptItem, Quiz

NOTIFICATION_KIND = "remedial_recommended"


@dataclass(frozen=True)
class OpenRecommendation:
    competency: str
    percent: float
    course_slug: str | None
    course_title: str | None
    created_at: datetime


def completed_course_ids(learner_id: int):
    return select(Enrollment.course_id).where(
        Enrollment.user_id == learner_id, Enrollment.completed_at.is_not(None))


def recommend_after_post_test(session: Session, attempt: Attempt, now: datetime, *,
                              settings: Settings) -> list:
    """Apply the rule to a graded final-quiz attempt; returns the recommendations made now. Mastered
    competencies are resolved at once; advice waits until the learner is done with the post-test.
    Grading the same attempt again (a mentor's regrade) updates and notifies no one twice."""
    quiz = session.get(Quiz, attempt.quiz_id)
    if quiz.role != "final" or attempt.status != "graded":
        return []
    weak, strong, names = _competency_results(session, attempt.id, settings.mastery_percent)
    resolve_recommendations(session, attempt.user_id, now, strong)
    if not attempt.passed and not _no_attempts_left(session, attempt, quiz):
        return []  # still learning: the stall sweep advises if they stop here
    return _advise(session, attempt, quiz.course_id, weak, names, now)


def recommend_for_stalled(session: Session, now: datetime, stalled_days: int, *, settings: Settings) -> list:
    """Advise the learners who stopped after failing a post-test with attempts left: their latest
    attempt failed, the course is not completed and nothing happened in it for `stalled_days`.
    Running it again advises no one twice."""
    made = []
    for attempt, course_id in session.execute(_stalled_failed_attempts(now - timedelta(days=stalled_days))):
        weak, _strong, names = _competency_results(session, attempt.id, settings.mastery_percent)
        made += _advise(session, attempt, course_id, weak, names, now)
    return made


def _stalled_failed_attempts(quiet_since: datetime):
    later = aliased(Attempt)
    return (
        select(Attempt, Quiz.course_id).join(Quiz, Quiz.id == Attempt.quiz_id)
        .outerjoin(Enrollment, and_(Enrollment.user_id == Attempt.user_id,
                                    Enrollment.course_id == Quiz.course_id))
        .where(Quiz.role == "final", Quiz.retired_at.is_(None), Attempt.status == "graded",
               Attempt.passed.is_(False), Enrollment.completed_at.is_(None),
               func.coalesce(Enrollment.last_activity_at, Attempt.submitted_at) < quiet_since,
               ~exists().where(later.user_id == Attempt.user_id, later.quiz_id == Attempt.quiz_id,
                               later.number > Attempt.number),
               ~exists().where(RemedialRecommendation.attempt_id == Attempt.id))
        .order_by(Attempt.id)
    )


def _no_attempts_left(session: Session, attempt: Attempt, quiz: Quiz) -> bool:
    return quiz.max_attempts is not None and session.scalar(select(func.count(Attempt.id)).where(
        Attempt.user_id == attempt.user_id, Attempt.quiz_id == quiz.id)) >= quiz.max_attempts


def _advise(session: Session, attempt: Attempt, course_id: int, weak: dict, names: dict,
            now: datetime) -> list:
    """One open recommendation per weak competency: an open one takes the newest percent; a new one
    is made, with a course other than `course_id`, and the mentors are told."""
    open_ones = {r.competency_id: r for r in session.scalars(select(RemedialRecommendation).where(
        RemedialRecommendation.learner_id == attempt.user_id, RemedialRecommendation.resolved_at.is_(None),
        RemedialRecommendation.competency_id.in_(weak)))}
    for competency_id in weak.keys() & open_ones.keys():
        open_ones[competency_id].percent = weak[competency_id]
    missing = [competency_id for competency_id in weak if competency_id not in open_ones]
    courses = best_courses(session, attempt.user_id, missing, course_id) if missing else {}
    made = []
    for competency_id in missing:
        course = courses.get(competency_id)
        recommendation = RemedialRecommendation(
            learner_id=attempt.user_id, attempt_id=attempt.id, competency_id=competency_id,
            course_id=course.id if course else None, percent=weak[competency_id], created_at=now)
        try:
            with session.begin_nested():
                session.add(recommendation)
        except IntegrityError:  # made at the same moment by another request: that one counts
            continue
        made.append(recommendation)
    _tell_mentors(session, attempt.user_id, made, names, courses, now)
    return made


def _competency_results(session: Session, attempt_id: int, threshold: int) -> tuple[dict, list, dict]:
    """The attempt's percent per dictionary competency, split into weak ({id: percent}) and passed
    ([id]), with the competencies' names. Slugs missing from the dictionary are left out."""
    on_attempt = tagged_scores(session, [AttemptItem.attempt_id == attempt_id], by_course=False)
    scores = [score for score in on_attempt if score.kind == "competency"]
    competencies = {c.slug: c for c in session.scalars(
        select(Competency).where(Competency.slug.in_([s.tag for s in scores])))}
    known = [(competencies[s.tag].id, s.percent) for s in scores if s.tag in competencies]
    weak = {competency_id: percent for competency_id, percent in known if percent < threshold}
    strong = [competency_id for competency_id, percent in known if percent >= threshold]
    return weak, strong, {c.id: c.name for c in competencies.values()}


def resolve_recommendations(session: Session, learner_id: int, now: datetime,
                            mastered_competency_ids=()) -> None:
    """Close the learner's open recommendations whose competency is now mastered or whose course is
    completed, and withdraw their notifications: advice that no longer applies leaves the mentors' lists."""
    resolved = list(session.scalars(select(RemedialRecommendation).where(
        RemedialRecommendation.learner_id == learner_id, RemedialRecommendation.resolved_at.is_(None),
        or_(RemedialRecommendation.competency_id.in_(list(mastered_competency_ids)),
            RemedialRecommendation.course_id.in_(completed_course_ids(learner_id))))))
    for recommendation in resolved:
        recommendation.resolved_at = now
    if resolved:
        session.execute(delete(Notification).where(
            Notification.kind == NOTIFICATION_KIND, Notification.link == _mentee_link(learner_id),
            Notification.params["competency_id"].as_integer().in_([r.competency_id for r in resolved]))
            .execution_options(synchronize_session=False))


def _mentee_link(learner_id: int) -> str:
    return f"/mentor/mentees/{learner_id}"


def best_courses(session: Session, learner_id: int, competency_ids: list[int], own_course_id: int) -> dict:
    """For each competency, the live course developing it that the learner has not completed and is not
    being tested in (`own_course_id`): the lowest course level first, then by title."""
    rows = session.execute(
        select(CourseCompetency.competency_id, Course)
        .join(Course, Course.id == CourseCompetency.course_id)
        .where(CourseCompetency.competency_id.in_(competency_ids), Course.retired_at.is_(None),
               Course.published.is_(True), Course.id != own_course_id,
               Course.id.not_in(completed_course_ids(learner_id)))
        .order_by(Course.level, Course.title)
    )
    chosen = {}
    for competency_id, course in rows:
        chosen.setdefault(competency_id, course)
    return chosen


def _tell_mentors(session: Session, learner_id: int, made: list[RemedialRecommendation], names: dict,
                  courses: dict, now: datetime) -> None:
    mentors = mentors_of(session, learner_id) if made else []
    if not mentors:
        return
    learner_name = session.scalar(select(User.full_name).where(User.id == learner_id))
    for recommendation in made:
        course = courses.get(recommendation.competency_id)
        params = {"name": learner_name, "competency": names[recommendation.competency_id],
                  "competency_id": recommendation.competency_id,
                  "percent": f"{recommendation.percent:g}", "course": course.title if course else ""}
        for mentor in mentors:
            notify(session, mentor.id, NOTIFICATION_KIND, params, _mentee_link(learner_id), now)


def open_recommendations(session: Session, learner_id: int) -> list[OpenRecommendation]:
    """The learner's unresolved recommendations, newest per competency, in one query. A course completed
    since the recommendation resolves it here even before the stored state catches up."""
    rows = session.execute(
        select(RemedialRecommendation, Competency.name, Course.slug, Course.title)
        .join(Competency, Competency.id == RemedialRecommendation.competency_id)
        .outerjoin(Course, Course.id == RemedialRecommendation.course_id)
        .where(RemedialRecommendation.learner_id == learner_id, RemedialRecommendation.resolved_at.is_(None),
               or_(RemedialRecommendation.course_id.is_(None),
                   RemedialRecommendation.course_id.not_in(completed_course_ids(learner_id))))
        .order_by(RemedialRecommendation.created_at.desc(), RemedialRecommendation.id.desc())
    )
    newest = {}
    for recommendation, name, slug, title in rows:
        newest.setdefault(recommendation.competency_id, OpenRecommendation(
            name, recommendation.percent, slug, title, recommendation.created_at))
    return list(newest.values())
