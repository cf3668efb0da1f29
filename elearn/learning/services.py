"""Enrolment, progress and course completion, as plain functions over a session."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.content.models import Course, Module
from elearn.content.visibility import courses_visible_to
from elearn.core.search import text_matches
from elearn.core.settings import Settings
from elearn.learning.models import Enrollment, ModuleCompletion
from elearn.learning.signals import course_completed
from elearn.quizzes.models import Attempt, Quiz


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class CourseCard:
    course: Course
    module_count: int
    enrollment: Enrollment | None


@dataclass(frozen=True)
class EnrolledCourse:
    course: Course
    enrollment: Enrollment
    progress: Progress


def catalog(session: Session, user, competency_type: str | None, search: str | None):
    """Catalog entries with module counts and the user's enrolment, in one query."""
    module_count = (
        select(func.count(Module.id))
        .where(Module.course_id == Course.id, Module.retired_at.is_(None))
        .scalar_subquery()
    )
    query = (
        courses_visible_to(user)
        .add_columns(module_count, Enrollment)
        .outerjoin(Enrollment, and_(Enrollment.course_id == Course.id, Enrollment.user_id == user.id))
        .order_by(Course.title)
    )
    if competency_type:
        query = query.where(Course.competency_type == competency_type)
    if search:
        query = query.where(text_matches(search, Course.title, Course.summary))
    return [CourseCard(course, count, enrollment) for course, count, enrollment in session.execute(query)]


def active_modules(session: Session, course: Course) -> list[Module]:
    return list(session.scalars(
        select(Module).where(Module.course_id == course.id, Module.retired_at.is_(None))
        .order_by(Module.position)
    ))


def course_and_modules(session: Session, user, slug: str) -> tuple[Course | None, list[Module]]:
    """The course `user` may see by `slug` and its live modules in order, in one round trip."""
    rows = session.execute(
        courses_visible_to(user).add_columns(Module)
        .outerjoin(Module, and_(Module.course_id == Course.id, Module.retired_at.is_(None)))
        .where(Course.slug == slug).order_by(Module.position)
    ).all()
    if not rows:
        return None, []
    return rows[0][0], [module for _, module in rows if module is not None]


def completed_module_ids(session: Session, user_id: int, course: Course) -> set[int]:
    return set(session.scalars(
        select(ModuleCompletion.module_id).join(Module, Module.id == ModuleCompletion.module_id)
        .where(ModuleCompletion.user_id == user_id, Module.course_id == course.id)
    ))


def enrollment_of(session: Session, user_id: int, course: Course) -> Enrollment | None:
    return session.scalar(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.course_id == course.id)
    )


def enrollment_and_completion(session: Session, user_id: int, course: Course,
                              module: Module) -> tuple[Enrollment | None, bool]:
    """The learner's enrolment in `course` and whether `module` is done, in one round trip (the
    module page's; a completion exists only with an enrolment)."""
    row = session.execute(
        select(Enrollment, ModuleCompletion.module_id)
        .outerjoin(ModuleCompletion, and_(ModuleCompletion.user_id == Enrollment.user_id,
                                          ModuleCompletion.module_id == module.id))
        .where(Enrollment.user_id == user_id, Enrollment.course_id == course.id)
    ).first()
    return (row[0], row[1] is not None) if row else (None, False)


def enrol(session: Session, user_id: int, course: Course, now: datetime) -> Enrollment:
    """Enrol once: enrolling again, or twice at the same moment, returns the same enrolment."""
    if existing := enrollment_of(session, user_id, course):
        return existing
    try:
        with session.begin_nested():
            enrollment = Enrollment(user_id=user_id, course_id=course.id, enrolled_at=now,
                                    last_activity_at=now)
            session.add(enrollment)
        return enrollment
    except IntegrityError:
        return enrollment_of(session, user_id, course)


ACTIVITY_RESOLUTION = timedelta(minutes=5)


def record_visit(enrollment: Enrollment, module: Module, now: datetime) -> bool:
    """Remember where the learner is, so 'continue' brings them back here. Re-reading the same
    module writes at most every few minutes: page views stay cheap, activity stays accurate enough."""
    if enrollment.last_module_id == module.id and now - enrollment.last_activity_at < ACTIVITY_RESOLUTION:
        return False
    enrollment.last_module_id = module.id
    enrollment.last_activity_at = now
    return True


def complete_module(session: Session, enrollment: Enrollment, module: Module, now: datetime, *,
                    settings: Settings) -> bool:
    """Record the module as complete (idempotent); return True if this completed the course."""
    user_id = enrollment.user_id
    if not session.scalar(select(ModuleCompletion.id).where(
        ModuleCompletion.user_id == user_id, ModuleCompletion.module_id == module.id
    )):
        try:
            with session.begin_nested():
                session.add(ModuleCompletion(user_id=user_id, module_id=module.id, completed_at=now))
        except IntegrityError:
            pass  # a concurrent request recorded it first: the outcome is the same
    enrollment.last_activity_at = now
    return _complete_course_if_done(session, enrollment, now, settings)


def final_quiz_passed(session: Session, user_id: int, course_id: int) -> bool:
    """True when the course has no final quiz, or the learner has passed it."""
    final = session.scalar(select(Quiz.id).where(
        Quiz.course_id == course_id, Quiz.role == "final", Quiz.retired_at.is_(None)))
    return final is None or bool(session.scalar(select(Attempt.id).where(
        Attempt.user_id == user_id, Attempt.quiz_id == final, Attempt.passed.is_(True)).limit(1)))


def _complete_course_if_done(session: Session, enrollment: Enrollment, now: datetime,
                             settings: Settings) -> bool:
    """Completion rule: every current module complete and the final quiz (if any) passed. Completion
    happens once and is announced (`course_completed`): the JP ledger, the certificate and remedial
    advice follow from it. Returns True when it happens now."""
    if enrollment.completed_at is not None:
        return False
    course = session.get(Course, enrollment.course_id)
    progress = course_progress(session, enrollment.user_id, course)
    if progress.done < progress.total or not final_quiz_passed(session, enrollment.user_id, course.id):
        return False
    enrollment.completed_at, enrollment.jp_awarded = now, course.jp
    session.flush()
    course_completed.send(enrollment, session=session, now=now, settings=settings)
    return True


def refresh_course_completion(session: Session, user_id: int, quiz_id: int, now: datetime, *,
                              settings: Settings) -> bool:
    """After a quiz is graded: passing the final quiz may be the last step of the course."""
    course_id = session.scalar(select(Quiz.course_id).where(Quiz.id == quiz_id))
    enrollment = session.scalar(select(Enrollment).where(
        Enrollment.user_id == user_id, Enrollment.course_id == course_id))
    if enrollment is None:
        return False
    enrollment.last_activity_at = now
    return _complete_course_if_done(session, enrollment, now, settings)


def course_progress(session: Session, user_id: int, course: Course) -> Progress:
    total, done = session.execute(
        select(func.count(Module.id), func.count(ModuleCompletion.id))
        .outerjoin(ModuleCompletion, and_(
            ModuleCompletion.module_id == Module.id, ModuleCompletion.user_id == user_id))
        .where(Module.course_id == course.id, Module.retired_at.is_(None))
    ).one()
    return Progress(done=done, total=total)


def enrolled_courses(session: Session, user_id: int) -> list[EnrolledCourse]:
    """The learner's live courses with progress, most recently active first, in one query."""
    query = (
        select(Course, Enrollment, func.count(Module.id), func.count(ModuleCompletion.id))
        .join(Enrollment, Enrollment.course_id == Course.id)
        .outerjoin(Module, and_(Module.course_id == Course.id, Module.retired_at.is_(None)))
        .outerjoin(ModuleCompletion, and_(
            ModuleCompletion.module_id == Module.id, ModuleCompletion.user_id == user_id))
        .where(Enrollment.user_id == user_id, Course.retired_at.is_(None))
        .group_by(Course.id, Enrollment.id)
        .order_by(Enrollment.last_activity_at.desc())
    )
    return [
        EnrolledCourse(course, enrollment, Progress(done=done, total=total))
        for course, enrollment, total, done in session.execute(query)
    ]
