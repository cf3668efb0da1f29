"""The competency-cycle half of `generator`, run after the learning history is in: self- and mentor
assessments against each learner's job profile, JP ledger entries and certificates for completed
courses, reaction and follow-up survey responses, and OPDs' monthly result figures. A part whose
reference data is not synced (no job profiles, no surveys) is skipped, so the generator also runs on
content without a dictionary."""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from elearn.accounts.models import Role, User, UserRole
from elearn.certificates.models import Certificate, JpLedgerEntry
from elearn.certificates.services import ACTIVITY_ELEARNING, CODE_ALPHABET, CODE_LENGTH
from elearn.competencies.models import CompetencyAssessment
from elearn.content.models import Course
from elearn.devtools.volume.progress import ACTIVITY_WINDOW, LearnerHistory, insert_rows
from elearn.dictionary.models import Competency, JobProfile, JobRequirement
from elearn.evaluation.models import OutcomeFigure, SurveyAnswer, SurveyQuestion, SurveyResponse
from elearn.evaluation.responses import active_survey, survey_questions
from elearn.evaluation.surveys import KINDS
from elearn.learning.models import Enrollment

SELF_SHARE, MENTOR_SHARE = 0.7, 0.3  # learners who self-assessed; of those, whose mentor assessed too
# Self-assessed level minus (required level - 1): most ASN put themselves one below what the job
# asks, some at or above it; mentors are a little stricter than the learners themselves.
SELF_OFFSETS, SELF_WEIGHTS = (-1, 0, 1, 2), (20, 45, 25, 10)
MENTOR_OFFSETS, MENTOR_WEIGHTS = (-1, 0, 1), (35, 55, 10)
REACTION_SHARE, BEHAVIOUR_LEARNER_SHARE, BEHAVIOUR_MENTOR_SHARE = 0.6, 0.4, 0.25
OUTCOME_UNITS, OUTCOME_MONTHS = 40, 12
COMMENTS = [
    "Materinya jelas dan langsung bisa dipakai di pekerjaan.",
    "Contoh kasusnya sesuai dengan keadaan di kantor kami.",
    "Waktunya terlalu singkat untuk latihan soal.",
    "Sinyal di daerah kami lemah, modul yang ringan sangat membantu.",
    "Atasan belum memberi kesempatan untuk menerapkan hasil pelatihan.",
    "Sudah kami terapkan dalam pelayanan di loket.",
]


@dataclass(frozen=True)
class CycleCatalog:
    """The reference data the cycle is generated against, read once."""

    requirements: dict[int, list[tuple[int, int]]]  # job profile id -> (competency id, required level)
    surveys: dict[str, tuple[int, list[SurveyQuestion]]]  # kind -> (survey id, live questions)
    courses: dict[int, Course]
    zone: ZoneInfo
    provider: str  # who the ledger names as the provider of the courses
    transfer: dict[int, float]  # per course: how well its learning carries over to work (Likert shift)


def cycle_catalog(session, timezone: str, provider: str, rng: random.Random) -> CycleCatalog:
    requirements = defaultdict(list)
    for profile_id, competency_id, level in session.execute(
            select(JobRequirement.profile_id, JobRequirement.competency_id, JobRequirement.level)
            .join(JobProfile, JobProfile.id == JobRequirement.profile_id)
            .join(Competency, Competency.id == JobRequirement.competency_id)
            .where(JobProfile.retired_at.is_(None), Competency.retired_at.is_(None))
            .order_by(JobRequirement.profile_id, JobRequirement.competency_id)):
        requirements[profile_id].append((competency_id, level))
    surveys = {kind: (survey.id, survey_questions(session, survey.id))
               for kind in KINDS if (survey := active_survey(session, kind)) is not None}
    courses = {course.id: course for course in session.scalars(select(Course).order_by(Course.id))}
    return CycleCatalog(dict(requirements), surveys, courses, ZoneInfo(timezone), provider,
                        {course_id: rng.uniform(-1.2, 0.3) for course_id in courses})


def _level(rng, base: int, offsets, weights) -> int:
    return min(5, max(1, base + rng.choices(offsets, weights)[0]))


def _assessments(catalog: CycleCatalog, learner: LearnerHistory, profile_id: int | None, rng,
                 now: datetime) -> list[dict]:
    """Self-assessments of every competency the learner's job requires and, for some, their mentor's
    (days later, not after `now`)."""
    required = catalog.requirements.get(profile_id, [])
    if not required or rng.random() >= SELF_SHARE:
        return []
    assessed_at = learner.last_seen - ACTIVITY_WINDOW * rng.random()
    rows = [{"learner_id": learner.user_id, "competency_id": competency_id, "source": "self",
             "level": _level(rng, level - 1, SELF_OFFSETS, SELF_WEIGHTS), "assessor_id": learner.user_id,
             "note": None, "assessed_at": assessed_at} for competency_id, level in required]
    if learner.mentor_id and rng.random() < MENTOR_SHARE:
        mentor_at = min(assessed_at + timedelta(days=rng.uniform(1, 14)), now)
        rows += [dict(row, source="mentor", level=_level(rng, row["level"], MENTOR_OFFSETS, MENTOR_WEIGHTS),
                      assessor_id=learner.mentor_id, assessed_at=mentor_at) for row in rows]
    return rows


def _answers(questions: list[SurveyQuestion], mean: float, rng) -> list[dict]:
    """An answer to every live question: Likert around `mean`, a random choice, sometimes a comment."""
    answers = []
    for question in questions:
        number, text = None, None
        if question.type == "likert":
            number = min(5, max(1, round(rng.gauss(mean, 0.8))))
        elif question.type == "choice":
            number = rng.choice(question.options)[0]
        elif question.required or rng.random() < 0.25:
            text = rng.choice(COMMENTS)
        if number is not None or text is not None:
            answers.append({"question_id": question.id, "number": number, "text": text})
    return answers


@dataclass(frozen=True)
class Completion:
    user_id: int
    course_id: int
    enrolled_at: datetime
    completed_at: datetime
    jp: int
    full_name: str
    nip: str


def _responses(catalog: CycleCatalog, done: Completion, learner: LearnerHistory, rng, now) -> list:
    """(response, answers) pairs: the reaction survey soon after completing, the follow-ups only once
    the course's follow-up days have passed."""
    survey_rows = []

    def respond(kind: str, respondent_id: int, submitted_at: datetime, mean: float) -> None:
        survey_id, questions = catalog.surveys[kind]
        survey_rows.append(({"survey_id": survey_id, "respondent_id": respondent_id,
                             "learner_id": done.user_id, "course_id": done.course_id,
                             "submitted_at": submitted_at}, _answers(questions, mean, rng)))

    if "reaction" in catalog.surveys and rng.random() < REACTION_SHARE:
        respond("reaction", done.user_id, min(done.completed_at + timedelta(hours=rng.uniform(0, 48)), now),
                3.2 + learner.skill)
    due = done.completed_at + timedelta(days=catalog.courses[done.course_id].follow_up_days)
    if due > now:
        return survey_rows
    applied = 2.6 + learner.skill + catalog.transfer[done.course_id]
    if "behaviour_learner" in catalog.surveys and rng.random() < BEHAVIOUR_LEARNER_SHARE:
        respond("behaviour_learner", done.user_id, due + (now - due) * rng.random() ** 2, applied)
    if learner.mentor_id and "behaviour_mentor" in catalog.surveys and rng.random() < BEHAVIOUR_MENTOR_SHARE:
        respond("behaviour_mentor", learner.mentor_id, due + (now - due) * rng.random(), applied - 0.3)
    return survey_rows


def _ledger_entry(catalog: CycleCatalog, done: Completion) -> dict:
    course, completed_on = catalog.courses[done.course_id], done.completed_at.astimezone(catalog.zone).date()
    return {"user_id": done.user_id, "course_id": done.course_id, "year": completed_on.year,
            "activity_type": ACTIVITY_ELEARNING, "provider": catalog.provider, "title": course.title,
            "started_on": done.enrolled_at.astimezone(catalog.zone).date(), "completed_on": completed_on,
            "jp": done.jp, "created_at": done.completed_at}


def _certificate(catalog: CycleCatalog, done: Completion, rng) -> dict:
    """As `record_course_completion` issues it; the code is drawn from `rng`, so seeded runs match."""
    return {"code": "".join(rng.choices(CODE_ALPHABET, k=CODE_LENGTH)), "user_id": done.user_id,
            "course_id": done.course_id, "learner_name": done.full_name, "learner_nip": done.nip,
            "course_title": catalog.courses[done.course_id].title, "jp": done.jp,
            "completed_on": done.completed_at.astimezone(catalog.zone).date(), "issued_at": done.completed_at,
            "revoked_at": None, "revoked_reason": None, "revoked_by_id": None}


def _completions(connection, user_ids: list[int]) -> list[Completion]:
    query = (select(Enrollment.user_id, Enrollment.course_id, Enrollment.enrolled_at, Enrollment.completed_at,
                    Enrollment.jp_awarded, User.full_name, User.nip)
             .join(User, User.id == Enrollment.user_id)
             .where(Enrollment.user_id.in_(user_ids), Enrollment.completed_at.is_not(None))
             .order_by(Enrollment.user_id, Enrollment.course_id))
    return [Completion(*row) for row in connection.execute(query)]


def insert_cycle(connection, catalog: CycleCatalog, learners: list[LearnerHistory], rng: random.Random,
                 now: datetime) -> Counter:
    """The cycle rows of `learners` (whose progress is already inserted); returns the row counts."""
    by_id = {learner.user_id: learner for learner in learners}
    profiles = dict(connection.execute(select(User.id, User.job_profile_id).where(User.id.in_(by_id))).all())
    assessments = [row for learner in learners
                   for row in _assessments(catalog, learner, profiles[learner.user_id], rng, now)]
    ledger, certificates, responses = [], [], []
    for done in _completions(connection, list(by_id)):
        ledger.append(_ledger_entry(catalog, done))
        certificates.append(_certificate(catalog, done, rng))
        responses += _responses(catalog, done, by_id[done.user_id], rng, now)
    insert_rows(connection, CompetencyAssessment.__table__, assessments)
    insert_rows(connection, JpLedgerEntry.__table__, ledger)
    insert_rows(connection, Certificate.__table__, certificates)
    response_ids = insert_rows(connection, SurveyResponse.__table__, [response for response, _ in responses],
                               returning=True)
    answers = [dict(answer, response_id=response_id)
               for response_id, (_, response_answers) in zip(response_ids, responses, strict=True)
               for answer in response_answers]
    insert_rows(connection, SurveyAnswer.__table__, answers)
    return Counter(assessments=len(assessments), ledger_entries=len(ledger), certificates=len(certificates),
                   survey_responses=len(response_ids), survey_answers=len(answers))


def _months(now: datetime, zone: ZoneInfo) -> list[date]:
    """The first days of the last OUTCOME_MONTHS complete local months, oldest first."""
    month = now.astimezone(zone).date().replace(day=1)
    months = []
    for _ in range(OUTCOME_MONTHS):
        month = (month - timedelta(days=1)).replace(day=1)
        months.append(month)
    return months[::-1]


def _percent(value: float) -> float:
    return round(min(100.0, max(0.0, value)), 1)


def _year_of_figures(rng: random.Random) -> list[dict[str, float]]:
    """One OPD's monthly figures, oldest first, each metric of `outcomes.METRICS`: complaints vary
    around the OPD's own volume; on-time share, satisfaction and days to resolve drift by its trend
    (in most OPDs a slow improvement, in some a decline)."""
    received, on_time, satisfaction = rng.randint(15, 120), rng.uniform(45, 80), rng.uniform(65, 85)
    days, trend = rng.uniform(4, 15), rng.uniform(-0.3, 1.5)  # trend: points per month
    return [{"complaints_received": float(max(0, round(rng.gauss(received, received * 0.15)))),
             "complaints_on_time": _percent(on_time + n * trend + rng.gauss(0, 3)),
             "satisfaction_index": _percent(satisfaction + n * trend / 2 + rng.gauss(0, 1.5)),
             "days_to_resolve": round(max(0.5, days - n * trend / 10 + rng.gauss(0, 0.8)), 1)}
            for n in range(OUTCOME_MONTHS)]


def insert_outcome_figures(connection, unit_ids: list[int], rng: random.Random, now: datetime,
                           timezone: str) -> Counter:
    """A year of monthly result figures for up to OUTCOME_UNITS of `unit_ids` that have none yet, each
    entered by the first admin some days after its month (no admin: nobody to enter them)."""
    admin_id = connection.scalar(select(UserRole.user_id).where(UserRole.role == Role.ADMIN)
                                 .order_by(UserRole.user_id).limit(1))
    entered = set(connection.scalars(select(OutcomeFigure.unit_id).distinct()))
    candidates = [unit_id for unit_id in unit_ids if unit_id not in entered]
    if admin_id is None or not candidates:
        return Counter(outcome_figures=0)
    rows, months = [], _months(now, ZoneInfo(timezone))
    for unit_id in sorted(rng.sample(candidates, min(OUTCOME_UNITS, len(candidates)))):
        for month, figures in zip(months, _year_of_figures(rng), strict=True):
            entered_at = datetime.combine(month + timedelta(days=rng.randint(35, 45)), time(), now.tzinfo)
            rows += [{"unit_id": unit_id, "metric": metric, "month": month, "value": value,
                      "entered_by_id": admin_id, "entered_at": min(entered_at, now)}
                     for metric, value in figures.items()]
    insert_rows(connection, OutcomeFigure.__table__, rows)
    return Counter(outcome_figures=len(rows))
