"""The remedial rule for one learner: a graded post-test below the mastery threshold on a competency's
questions recommends a course that develops it and tells the learner's mentors. The recommendation
stays on the learner's home until the course is completed or a later post-test passes on it."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.auth.models import User
from elearn.competencies.models import Competency, CourseCompetency
from elearn.content.models import Course
from elearn.evaluation.mastery import mastery_percent, tagged_scores
from elearn.evaluation.models import RemedialRecommendation
from elearn.learning.models import Enrollment
from elearn.mentoring.services import mentors_of, notify
from elearn.quizzes.models import Attempt, AttemptItem, Quiz


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


def recommend_after_post_test(session: Session, attempt: Attempt, now: datetime) -> list:
    """Apply the rule to a graded final-quiz attempt; returns the recommendations made now. Grading the
    same attempt again (a mentor's regrade) updates its recommendations and notifies no one twice."""
    quiz = session.get(Quiz, attempt.quiz_id)
    if quiz.role != "final" or attempt.status != "graded":
        return []
    weak, strong, names = _competency_results(session, attempt.id)
    _resolve(session, attempt.user_id, strong, now)
    existing = {r.competency_id: r for r in session.scalars(
        select(RemedialRecommendation).where(RemedialRecommendation.attempt_id == attempt.id))}
    for competency_id in weak.keys() & existing.keys():
        existing[competency_id].percent = weak[competency_id]
    missing = [competency_id for competency_id in weak if competency_id not in existing]
    courses = best_courses(session, attempt.user_id, missing, quiz.course_id) if missing else {}
    made = []
    for competency_id in missing:
        course = courses.get(competency_id)
        recommendation = RemedialRecommendation(
            learner_id=attempt.user_id, attempt_id=attempt.id, competency_id=competency_id,
            course_id=course.id if course else None, percent=weak[competency_id], created_at=now)
        try:
            with session.begin_nested():
                session.add(recommendation)
        except IntegrityError:  # the same attempt graded twice at once: the other request made it
            continue
        made.append(recommendation)
    _tell_mentors(session, attempt.user_id, made, names, courses, now)
    return made


def _competency_results(session: Session, attempt_id: int) -> tuple[dict, list, dict]:
    """The attempt's percent per dictionary competency, split into weak ({id: percent}) and passed
    ([id]), with the competencies' names. Slugs missing from the dictionary are left out."""
    on_attempt = tagged_scores(session, [AttemptItem.attempt_id == attempt_id], by_course=False)
    scores = [score for score in on_attempt if score.kind == "competency"]
    competencies = {c.slug: c for c in session.scalars(
        select(Competency).where(Competency.slug.in_([s.tag for s in scores])))}
    known = [(competencies[s.tag].id, s.percent) for s in scores if s.tag in competencies]
    threshold = mastery_percent()
    weak = {competency_id: percent for competency_id, percent in known if percent < threshold}
    strong = [competency_id for competency_id, percent in known if percent >= threshold]
    return weak, strong, {c.id: c.name for c in competencies.values()}


def _resolve(session: Session, learner_id: int, passed_competency_ids: list[int], now: datetime) -> None:
    """Close the learner's open recommendations whose competency has now passed or whose course is done."""
    session.execute(
        update(RemedialRecommendation)
        .where(RemedialRecommendation.learner_id == learner_id, RemedialRecommendation.resolved_at.is_(None),
               or_(RemedialRecommendation.competency_id.in_(passed_competency_ids),
                   RemedialRecommendation.course_id.in_(completed_course_ids(learner_id))))
        .values(resolved_at=now).execution_options(synchronize_session=False)
    )


def best_courses(session: Session, learner_id: int, competency_ids: list[int], own_course_id: int) -> dict:
    """For each competency, the live course developing it that the learner has not completed: another
    course before the one just tested, then the lowest course level, then by title."""
    rows = session.execute(
        select(CourseCompetency.competency_id, Course)
        .join(Course, Course.id == CourseCompetency.course_id)
        .where(CourseCompetency.competency_id.in_(competency_ids), Course.retired_at.is_(None),
               Course.published.is_(True), Course.id.not_in(completed_course_ids(learner_id)))
        .order_by(case((Course.id == own_course_id, 1), else_=0), Course.level, Course.title)
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
                  "percent": f"{recommendation.percent:g}", "course": course.title if course else ""}
        for mentor in mentors:
            notify(session, mentor.id, "remedial_recommended", params, f"/mentor/mentees/{learner_id}", now)


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
