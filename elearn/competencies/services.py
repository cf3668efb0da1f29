"""A learner's relevant competencies, their self and mentor assessments, the gaps to the levels their
position requires, and the courses that close those gaps."""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import Select, and_, exists, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from elearn.accounts.models import User
from elearn.competencies.models import CompetencyAssessment
from elearn.content.models import Course
from elearn.core.errors import FieldProblems
from elearn.core.parameters import bounded_int
from elearn.dictionary.models import Competency, CourseCompetency, JobProfile, JobRequirement
from elearn.learning.models import Enrollment

LEVELS = range(1, 6)
SOURCES = ("self", "mentor")
NOTE_MAX_LENGTH = 1000
# Without a job profile nothing says which technical competencies apply; these groups apply to every ASN.
GROUPS_FOR_EVERYONE = ("manajerial", "sosial-kultural")
FORM_PROBLEM = "form"  # the key of a problem with the whole post rather than one competency


class AssessmentError(FieldProblems):
    """Refused assessments; `problems` maps a competency id (as posted) or FORM_PROBLEM to why."""


@dataclass(frozen=True)
class TypedLevel:
    """One competency's answer as posted, kept as typed so a refused form shows it again."""

    level: str = ""
    note: str = ""


@dataclass(frozen=True)
class RelevantCompetency:
    competency: Competency
    required: int | None  # None: no requirement recorded for the learner's position


@dataclass(frozen=True)
class AssessmentRow:
    """One row of an assessment page: the competency, what is required, and both assessments."""

    competency: Competency
    required: int | None
    own: CompetencyAssessment | None
    mentor: CompetencyAssessment | None

    @property
    def current(self) -> int | None:
        return current_level(self.own, self.mentor)

    @property
    def gap(self) -> int:
        return gap_of(self.required, self.current)


@dataclass(frozen=True)
class GapReason:
    competency_name: str
    required: int
    current: int

    @property
    def gap(self) -> int:
        return self.required - self.current


@dataclass
class Recommendation:
    course: Course
    reasons: list[GapReason] = field(default_factory=list)

    @property
    def gap_total(self) -> int:
        return sum(reason.gap for reason in self.reasons)

    def level_fit(self) -> tuple[bool, int]:
        """How well the course level suits the learner: best is one level above their current level
        in a competency it addresses; a course at or below their level comes after any course above."""
        return min((self.course.level <= reason.current, abs(self.course.level - reason.current - 1))
                   for reason in self.reasons)


@dataclass(frozen=True)
class HomeRecommendations:
    assessed: bool  # False: the learner has not assessed anything yet, so invite them to
    courses: list[Recommendation]


def current_level(own: CompetencyAssessment | None, mentor: CompetencyAssessment | None) -> int | None:
    """The mentor's assessment wins over the learner's own: the mentor sees the learner at work and
    compares across people, while self-assessments tend to run high. Without it, the learner's own."""
    chosen = mentor or own
    return chosen.level if chosen else None


def gap_of(required: int | None, current: int | None) -> int:
    if required is None or current is None:
        return 0
    return max(required - current, 0)


def current_levels(learner_id: int | None = None, competency_id: int | None = None):
    """SQL twin of current_level(): one (learner_id, competency_id, current) row per assessed pair,
    the mentor's row or else the learner's own. An anti-join rather than a GROUP BY, so the database
    aggregates nothing per learner; the filters go into both halves, before they are combined."""
    mentor = aliased(CompetencyAssessment)
    own = CompetencyAssessment

    def rows_of(table, *conditions):
        if learner_id is not None:
            conditions += (table.learner_id == learner_id,)
        if competency_id is not None:
            conditions += (table.competency_id == competency_id,)
        return select(table.learner_id, table.competency_id, table.level.label("current")).where(*conditions)

    return union_all(
        rows_of(mentor, mentor.source == "mentor"),
        rows_of(own, own.source == "self", ~exists().where(
            mentor.learner_id == own.learner_id, mentor.competency_id == own.competency_id,
            mentor.source == "mentor")),
    ).subquery("current_level")


def _live_requirements(profile_id) -> Select:
    """Requirements of a live profile for live competencies, as (competency, level) rows to build on."""
    return (select(Competency, JobRequirement.level)
            .join(JobRequirement, JobRequirement.competency_id == Competency.id)
            .join(JobProfile, JobProfile.id == JobRequirement.profile_id)
            .where(JobRequirement.profile_id == profile_id, JobProfile.retired_at.is_(None),
                   Competency.retired_at.is_(None)))


def relevant_competencies(session: Session, job_profile_id: int | None) -> list[RelevantCompetency]:
    """What the learner's position requires, with the level; with no (live) profile, or one that
    requires nothing, every live managerial and socio-cultural competency, with no level."""
    if job_profile_id is not None:
        rows = session.execute(_live_requirements(job_profile_id).order_by(Competency.position))
        relevant = [RelevantCompetency(competency, level) for competency, level in rows]
        if relevant:
            return relevant
    return [RelevantCompetency(competency, None) for competency in session.scalars(
        select(Competency).where(Competency.group.in_(GROUPS_FOR_EVERYONE), Competency.retired_at.is_(None))
        .order_by(Competency.position))]


def assessment_rows(session: Session, learner: User) -> list[AssessmentRow]:
    """The learner's relevant competencies with both their assessments, in two queries."""
    relevant = relevant_competencies(session, learner.job_profile_id)
    found = {(row.competency_id, row.source): row for row in session.scalars(
        select(CompetencyAssessment).where(
            CompetencyAssessment.learner_id == learner.id,
            CompetencyAssessment.competency_id.in_([item.competency.id for item in relevant])))}
    return [AssessmentRow(item.competency, item.required, found.get((item.competency.id, "self")),
                          found.get((item.competency.id, "mentor"))) for item in relevant]


def assessment_problems(relevant_ids: set[int], typed: dict[str, TypedLevel]) -> dict[str, str]:
    """Every problem of a posted assessment at once; refused as a whole, so nothing half-saved."""
    if any(bounded_int(key) not in relevant_ids for key in typed):
        return {FORM_PROBLEM: _("The form does not match the competencies you can assess, so nothing "
                                "was saved. Check the page and save again.")}
    problems = {}
    for key, answer in typed.items():
        if answer.level.strip() and answer.level.strip() not in {str(level) for level in LEVELS}:
            problems[key] = _("Choose a level from 1 to 5.")
        elif answer.note.strip() and not answer.level.strip():
            problems[key] = _("Choose a level for this competency, or clear the note.")
        elif len(answer.note.strip()) > NOTE_MAX_LENGTH:
            problems[key] = _("Use at most %(limit)s characters.", limit=NOTE_MAX_LENGTH)
    if not problems and not any(answer.level.strip() for answer in typed.values()):
        problems[FORM_PROBLEM] = _("Choose a level for at least one competency.")
    return problems


def save_assessments(session: Session, learner_id: int, assessor_id: int, source: str,
                     relevant_ids: set[int], typed: dict[str, TypedLevel], now: datetime) -> int:
    """Record the chosen levels as `source` ("self" or "mentor"); a competency assessed again is
    updated, never duplicated. Returns how many competencies were saved."""
    if source not in SOURCES:
        raise ValueError(f"unknown assessment source {source!r}")
    if problems := assessment_problems(relevant_ids, typed):
        raise AssessmentError(problems)
    chosen = {int(key): (int(answer.level), answer.note.strip() or None)
              for key, answer in typed.items() if answer.level.strip()}
    existing = _assessments(session, learner_id, source, list(chosen))
    for competency_id, (level, note) in chosen.items():
        values = {"level": level, "note": note, "assessor_id": assessor_id, "assessed_at": now}
        row = existing.get(competency_id)
        if row is None:
            row = _insert_assessment(session, learner_id, competency_id, source, values)
        for name, value in values.items():
            setattr(row, name, value)
    session.flush()
    return len(chosen)


def _assessments(session: Session, learner_id: int, source: str,
                 competency_ids: list[int]) -> dict[int, CompetencyAssessment]:
    return {row.competency_id: row for row in session.scalars(select(CompetencyAssessment).where(
        CompetencyAssessment.learner_id == learner_id, CompetencyAssessment.source == source,
        CompetencyAssessment.competency_id.in_(competency_ids)))}


def _insert_assessment(session: Session, learner_id: int, competency_id: int, source: str,
                       values: dict) -> CompetencyAssessment:
    """A new row, or the one a concurrent save (a double click) inserted first, which is then updated."""
    try:
        with session.begin_nested():
            row = CompetencyAssessment(learner_id=learner_id, competency_id=competency_id, source=source,
                                       **values)
            session.add(row)
        return row
    except IntegrityError:
        return _assessments(session, learner_id, source, [competency_id])[competency_id]


def learner_gaps(session: Session, learner_id: int) -> tuple[bool, dict[int, GapReason]]:
    """Whether the learner has assessed anything, and their gaps by competency id, in one query: a
    competency counts when their position requires it and they (or their mentor) have assessed it."""
    assessed = current_levels(learner_id)
    rows = session.execute(
        select(assessed.c.current, JobRequirement.level, Competency.id, Competency.name)
        .select_from(assessed)
        .join(User, User.id == learner_id)
        .outerjoin(JobProfile, and_(JobProfile.id == User.job_profile_id, JobProfile.retired_at.is_(None)))
        .outerjoin(JobRequirement, and_(JobRequirement.profile_id == JobProfile.id,
                                        JobRequirement.competency_id == assessed.c.competency_id))
        .outerjoin(Competency, and_(Competency.id == JobRequirement.competency_id,
                                    Competency.retired_at.is_(None)))).all()
    gaps = {competency_id: GapReason(name, required, current)
            for current, required, competency_id, name in rows
            if competency_id is not None and gap_of(required, current) > 0}
    return bool(rows), gaps


def recommended_courses(session: Session, learner_id: int, limit: int = 5) -> list[Recommendation]:
    """Live published courses that develop a competency where the learner has a gap, not yet
    completed by them; ranked by the sum of the gaps they address, then by level fit, then title.
    Two queries, whatever the number of courses or competencies."""
    _assessed, gaps = learner_gaps(session, learner_id)
    return _rank_courses(session, learner_id, gaps, limit)


def home_recommendations(session: Session, learner_id: int, limit: int = 3) -> HomeRecommendations:
    assessed, gaps = learner_gaps(session, learner_id)
    return HomeRecommendations(assessed, _rank_courses(session, learner_id, gaps, limit))


def _rank_courses(session: Session, learner_id: int, gaps: dict[int, GapReason],
                  limit: int) -> list[Recommendation]:
    if not gaps:
        return []
    completed = select(Enrollment.id).where(Enrollment.user_id == learner_id,
                                            Enrollment.course_id == Course.id,
                                            Enrollment.completed_at.isnot(None))
    rows = session.execute(
        select(Course, CourseCompetency.competency_id)
        .join(CourseCompetency, CourseCompetency.course_id == Course.id)
        .where(CourseCompetency.competency_id.in_(list(gaps)), Course.retired_at.is_(None),
               Course.published.is_(True), ~exists(completed))
        .order_by(Course.id))
    by_course: dict[int, Recommendation] = {}
    for course, competency_id in rows:
        by_course.setdefault(course.id, Recommendation(course)).reasons.append(gaps[competency_id])
    for recommendation in by_course.values():
        recommendation.reasons.sort(key=lambda reason: (-reason.gap, reason.competency_name))
    ranked = sorted(by_course.values(),
                    key=lambda rec: (-rec.gap_total, rec.level_fit(), rec.course.title.lower()))
    return ranked[:limit]
