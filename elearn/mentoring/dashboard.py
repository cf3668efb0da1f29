"""The mentor's table of mentees: two queries, whatever the number of mentees.

The mentee ids come first; each column is then an aggregate subquery restricted to those ids and
grouped by learner, so the page costs the same statements for 5 mentees as for 500, and each
subquery reads only the mentees' rows through the user_id indexes (not the whole site's)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ARRAY, Integer, and_, any_, bindparam, case, func, select
from sqlalchemy.orm import Session

from elearn.accounts.mentorships import active_mentee_ids
from elearn.accounts.models import Unit, User
from elearn.certificates.models import JpLedgerEntry
from elearn.content.models import Course, Module
from elearn.learning.models import Enrollment, ModuleCompletion
from elearn.mentoring.plans import overdue_plan_learner_ids_query
from elearn.quizzes.models import Attempt, Quiz

ATTENTION_FLAGS = ("stalled", "failed_twice", "essays_waiting", "plan_overdue")
# Also a filter, but no badge: early in the year nearly everyone is below the JP target.
FLAGS = (*ATTENTION_FLAGS, "below_jp_target")
SORTS = ("name", "activity", "progress", "jp")


@dataclass(frozen=True)
class MenteeRow:
    user_id: int
    full_name: str
    nip: str
    unit: str
    courses: int
    completed: int
    modules_done: int
    modules_total: int
    last_activity_at: datetime | None
    latest_quiz: str | None
    latest_percent: float | None
    latest_passed: bool | None
    jp_year: int
    failed_twice: bool
    essays_waiting: int
    plan_overdue: bool
    stalled: bool
    below_jp_target: bool

    def days_inactive(self, now: datetime) -> int | None:
        return None if self.last_activity_at is None else (now - self.last_activity_at).days

    @property
    def percent(self) -> int:
        return round(100 * self.modules_done / self.modules_total) if self.modules_total else 0

    @property
    def flags(self) -> list[str]:
        return [flag for flag in ATTENTION_FLAGS if {
            "stalled": self.stalled, "failed_twice": self.failed_twice,
            "essays_waiting": self.essays_waiting > 0, "plan_overdue": self.plan_overdue}[flag]]


@dataclass(frozen=True)
class DashboardFilter:
    flag: str | None = None
    course_id: int | None = None
    unit_id: int | None = None
    sort: str = "name"


class MenteeIds:
    """The mentee ids as a filter: one array parameter on PostgreSQL (so each subquery probes the
    user_id indexes), a plain IN list elsewhere."""

    def __init__(self, ids: list[int], dialect: str):
        self.ids, self.postgresql = ids, dialect == "postgresql"

    def match(self, column):
        if self.postgresql:
            return column == any_(bindparam("mentee_ids", self.ids, type_=ARRAY(Integer)))
        return column.in_(self.ids)


def _enrollment_stats(mentee_ids: MenteeIds):
    live_modules = (select(Module.course_id, func.count(Module.id).label("total"))
                    .where(Module.retired_at.is_(None)).group_by(Module.course_id).subquery())
    return (
        select(
            Enrollment.user_id,
            func.count(Enrollment.id).label("courses"),
            func.count(Enrollment.completed_at).label("completed"),
            func.coalesce(func.sum(live_modules.c.total), 0).label("modules_total"),
            func.max(Enrollment.last_activity_at).label("last_activity_at"),
        )
        .outerjoin(live_modules, live_modules.c.course_id == Enrollment.course_id)
        .where(mentee_ids.match(Enrollment.user_id))
        .group_by(Enrollment.user_id).subquery()
    )


def _jp_of_year(mentee_ids: MenteeIds, year: int):
    """JP as the ledger counts them: by the local year of completion."""
    return (select(JpLedgerEntry.user_id, func.sum(JpLedgerEntry.jp).label("jp"))
            .where(mentee_ids.match(JpLedgerEntry.user_id), JpLedgerEntry.year == year)
            .group_by(JpLedgerEntry.user_id).subquery())


def _modules_done(mentee_ids: MenteeIds):
    return (
        select(ModuleCompletion.user_id, func.count(ModuleCompletion.id).label("done"))
        .join(Module, and_(Module.id == ModuleCompletion.module_id, Module.retired_at.is_(None)))
        .join(Enrollment, and_(Enrollment.user_id == ModuleCompletion.user_id,
                               Enrollment.course_id == Module.course_id))
        .where(mentee_ids.match(ModuleCompletion.user_id))
        .group_by(ModuleCompletion.user_id).subquery()
    )


def _latest_attempt(mentee_ids: MenteeIds):
    ranked = (
        select(Attempt.user_id, Attempt.percent, Attempt.passed, Quiz.title,
               func.row_number().over(
                   partition_by=Attempt.user_id, order_by=(Attempt.submitted_at.desc(), Attempt.id.desc()),
               ).label("rank"))
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(mentee_ids.match(Attempt.user_id), Attempt.status.in_(("graded", "awaiting_review")))
        .subquery()
    )
    return select(ranked).where(ranked.c.rank == 1).subquery()


def _attempt_flags(mentee_ids: MenteeIds):
    failed_twice = (
        select(Attempt.user_id).where(mentee_ids.match(Attempt.user_id), Attempt.passed.is_(False))
        .group_by(Attempt.user_id, Attempt.quiz_id).having(func.count(Attempt.id) >= 2)
    )
    waiting = (select(Attempt.user_id, func.count(Attempt.id).label("essays"))
               .where(mentee_ids.match(Attempt.user_id), Attempt.status == "awaiting_review")
               .group_by(Attempt.user_id).subquery())
    return failed_twice, waiting


def mentor_dashboard(session: Session, mentor_id: int, now: datetime, jp_target: int, stalled_days: int,
                     filters: DashboardFilter, today: date) -> list[MenteeRow]:
    """Every active mentee of the mentor with progress, results, JP of `today`'s (local) year and flags."""
    ids = list(session.scalars(active_mentee_ids(mentor_id)))
    mentee_ids = MenteeIds(ids, session.get_bind().dialect.name)
    stats, done = _enrollment_stats(mentee_ids), _modules_done(mentee_ids)
    jp = _jp_of_year(mentee_ids, today.year)
    latest = _latest_attempt(mentee_ids)
    failed_twice, waiting = _attempt_flags(mentee_ids)
    stalled_since = now - timedelta(days=stalled_days)
    last_activity = stats.c.last_activity_at
    columns = {
        "stalled": case((last_activity.is_(None), True), (last_activity < stalled_since, True), else_=False),
        "failed_twice": User.id.in_(failed_twice),
        "essays_waiting": func.coalesce(waiting.c.essays, 0),
        "plan_overdue": User.id.in_(overdue_plan_learner_ids_query(today)),
        "below_jp_target": func.coalesce(jp.c.jp, 0) < jp_target,
    }
    query = (
        select(User.id, User.full_name, User.nip, Unit.name,
               func.coalesce(stats.c.courses, 0), func.coalesce(stats.c.completed, 0),
               func.coalesce(done.c.done, 0), func.coalesce(stats.c.modules_total, 0), last_activity,
               latest.c.title, latest.c.percent, latest.c.passed, func.coalesce(jp.c.jp, 0),
               columns["failed_twice"], columns["essays_waiting"], columns["plan_overdue"],
               columns["stalled"], columns["below_jp_target"])
        .join(Unit, Unit.id == User.unit_id)
        .outerjoin(stats, stats.c.user_id == User.id)
        .outerjoin(done, done.c.user_id == User.id)
        .outerjoin(latest, latest.c.user_id == User.id)
        .outerjoin(waiting, waiting.c.user_id == User.id)
        .outerjoin(jp, jp.c.user_id == User.id)
        .where(mentee_ids.match(User.id))
    )
    total = func.coalesce(stats.c.modules_total, 0)
    # Each sort puts the mentees who need attention first.
    sort_keys = {
        "name": User.full_name,
        "activity": last_activity.asc().nulls_first(),
        "progress": case((total > 0, func.coalesce(done.c.done, 0) * 1.0 / total), else_=0.0),
        "jp": func.coalesce(jp.c.jp, 0),
    }
    query = _filtered(query, filters, columns)
    query = query.order_by(sort_keys[filters.sort if filters.sort in SORTS else "name"], User.full_name)
    return [MenteeRow(*row) for row in session.execute(query)]


def _filtered(query, filters: DashboardFilter, columns: dict):
    if filters.flag == "essays_waiting":
        query = query.where(columns["essays_waiting"] > 0)
    elif filters.flag in FLAGS:
        query = query.where(columns[filters.flag])
    if filters.course_id:
        query = query.where(User.id.in_(select(Enrollment.user_id).where(
            Enrollment.course_id == filters.course_id)))
    if filters.unit_id:
        query = query.where(User.unit_id == filters.unit_id)
    return query


def filter_choices(session: Session, mentor_id: int) -> tuple[list, list]:
    """Courses the mentees are enrolled in and the units they work in, for the filter form."""
    mentees = active_mentee_ids(mentor_id)
    courses = session.execute(
        select(Course.id, Course.title).where(Course.id.in_(
            select(Enrollment.course_id).where(Enrollment.user_id.in_(mentees)))).order_by(Course.title)).all()
    units = session.execute(
        select(Unit.id, Unit.name).where(Unit.id.in_(
            select(User.unit_id).where(User.id.in_(mentees)))).order_by(Unit.name)).all()
    return courses, units
