"""Enrolment, progress and course completion, as plain functions over a session."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.auth.permissions import can_preview_unpublished
from elearn.certificates.models import Certificate
from elearn.certificates.services import certificate_of_course, record_course_completion
from elearn.content.models import Course, Module
from elearn.evaluation.remedial import resolve_recommendations
from elearn.evaluation.responses import DueSurvey, surveys_due_for_learner
from elearn.learning.models import Enrollment, ModuleCompletion
from elearn.quizzes.models import Attempt, Quiz
from elearn.search import text_matches


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


def courses_visible_to(user) -> Select:
    """Courses `user` may see: live and published; instructors and admins also see drafts."""
    query = select(Course).where(Course.retired_at.is_(None))
    if not can_preview_unpublished(user):
        query = query.where(Course.published.is_(True))
    return query


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


def visible_course(session: Session, user, slug: str) -> Course | None:
    return session.scalar(courses_visible_to(user).where(Course.slug == slug))


def active_modules(session: Session, course: Course) -> list[Module]:
    return list(session.scalars(
        select(Module).where(Module.course_id == course.id, Module.retired_at.is_(None))
        .order_by(Module.position)
    ))


def completed_module_ids(session: Session, user_id: int, course: Course) -> set[int]:
    return set(session.scalars(
        select(ModuleCompletion.module_id).join(Module, Module.id == ModuleCompletion.module_id)
        .where(ModuleCompletion.user_id == user_id, Module.course_id == course.id)
    ))


def enrollment_of(session: Session, user_id: int, course: Course) -> Enrollment | None:
    return session.scalar(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.course_id == course.id)
    )


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


@dataclass(frozen=True)
class NextStep:
    """The one thing the learner should do next in a course; `kind` says which link the pages show:
    enrol, pretest, module, final_quiz, awaiting_review, out_of_attempts, completed or catalog."""

    kind: str
    module: Module | None = None
    quiz: Quiz | None = None
    attempt: Attempt | None = None  # the attempt to go back to: open, or waiting for a mentor
    certificate: Certificate | None = None
    surveys: tuple[DueSurvey, ...] = ()


def next_step(session: Session, user_id: int, course: Course, now: datetime) -> NextStep:
    """Decide the next step: the pre-test before any reading, then the module last opened (if unread)
    or the first unread, then the final quiz, and after completion the certificate, the JP ledger
    and the surveys due. One rule for the course page, the quiz result and the 'continue' link."""
    enrollment = enrollment_of(session, user_id, course)
    if enrollment is None:
        return NextStep("enrol")
    if enrollment.completed_at is not None:
        return NextStep("completed", certificate=certificate_of_course(session, user_id, course.id),
                        surveys=tuple(surveys_due_for_learner(session, user_id, now, course.id)))
    quizzes = _pretest_and_final(session, course.id)
    attempts = _attempts_by_quiz(session, user_id, [quiz.id for quiz in quizzes.values()])
    modules, done = active_modules(session, course), completed_module_ids(session, user_id, course)
    pretest = quizzes.get("pretest")
    if pretest and not done and all(a.status == "open" for a in attempts.get(pretest.id, [])):
        return _quiz_step("pretest", pretest, attempts.get(pretest.id, []))
    unread = [module for module in modules if module.id not in done]
    if unread:
        last_opened = next((m for m in unread if m.id == enrollment.last_module_id), unread[0])
        return NextStep("module", module=last_opened)
    final = quizzes.get("final")
    if final is None:
        return NextStep("catalog")
    return _quiz_step("final_quiz", final, attempts.get(final.id, []))


def _quiz_step(kind: str, quiz: Quiz, attempts: list[Attempt]) -> NextStep:
    """Take the quiz, or go back to the attempt still open or waiting for a mentor's grade."""
    if current := next((a for a in attempts if a.status == "open"), None):
        return NextStep(kind, quiz=quiz, attempt=current)
    if waiting := next((a for a in attempts if a.status == "awaiting_review"), None):
        return NextStep("awaiting_review", quiz=quiz, attempt=waiting)
    if kind == "final_quiz" and quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts:
        return NextStep("out_of_attempts", quiz=quiz)
    return NextStep(kind, quiz=quiz)


def _pretest_and_final(session: Session, course_id: int) -> dict[str, Quiz]:
    """The course's first live quiz of each role that shapes the path: {"pretest": ..., "final": ...}."""
    quizzes = session.scalars(select(Quiz).where(
        Quiz.course_id == course_id, Quiz.role.in_(("pretest", "final")), Quiz.retired_at.is_(None))
        .order_by(Quiz.position.desc()))
    return {quiz.role: quiz for quiz in quizzes}


def _attempts_by_quiz(session: Session, user_id: int, quiz_ids: list[int]) -> dict[int, list[Attempt]]:
    by_quiz = {}
    for attempt in session.scalars(select(Attempt).where(
            Attempt.user_id == user_id, Attempt.quiz_id.in_(quiz_ids)).order_by(Attempt.number)):
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    return by_quiz


def complete_module(session: Session, enrollment: Enrollment, module: Module, now: datetime) -> bool:
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
    return _complete_course_if_done(session, enrollment, now)


def final_quiz_passed(session: Session, user_id: int, course_id: int) -> bool:
    """True when the course has no final quiz, or the learner has passed it."""
    final = session.scalar(select(Quiz.id).where(
        Quiz.course_id == course_id, Quiz.role == "final", Quiz.retired_at.is_(None)))
    return final is None or bool(session.scalar(select(Attempt.id).where(
        Attempt.user_id == user_id, Attempt.quiz_id == final, Attempt.passed.is_(True)).limit(1)))


def _complete_course_if_done(session: Session, enrollment: Enrollment, now: datetime) -> bool:
    """Completion rule: every current module complete and the final quiz (if any) passed.
    Completion records the course's JP, in the ledger, and issues the certificate, once;
    returns True when it happens now."""
    if enrollment.completed_at is not None:
        return False
    course = session.get(Course, enrollment.course_id)
    progress = course_progress(session, enrollment.user_id, course)
    if progress.done < progress.total or not final_quiz_passed(session, enrollment.user_id, course.id):
        return False
    enrollment.completed_at, enrollment.jp_awarded = now, course.jp
    # The agency's calendar and name are deployment settings, read here once rather than threaded
    # through every quiz and review call that can complete a course.
    config = current_app.config
    record_course_completion(session, enrollment, now, config["ELEARN_TIMEZONE"],
                             config["ELEARN_PROVIDER_NAME"])
    session.flush()
    resolve_recommendations(session, enrollment.user_id, now)  # the course may have been recommended
    return True


def refresh_course_completion(session: Session, user_id: int, quiz_id: int, now: datetime) -> bool:
    """After a quiz is graded: passing the final quiz may be the last step of the course."""
    course_id = session.scalar(select(Quiz.course_id).where(Quiz.id == quiz_id))
    enrollment = session.scalar(select(Enrollment).where(
        Enrollment.user_id == user_id, Enrollment.course_id == course_id))
    if enrollment is None:
        return False
    enrollment.last_activity_at = now
    return _complete_course_if_done(session, enrollment, now)


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
