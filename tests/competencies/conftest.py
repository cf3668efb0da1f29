"""Dictionary rows made directly (not through content/_kamus), so these tests stand on their own."""

import itertools

import pytest
from sqlalchemy import select

from elearn.accounts.models import Regency, Role, User, UserRole
from elearn.accounts.services import get_or_create_unit
from elearn.competencies.models import CompetencyAssessment
from elearn.content.models import Course
from elearn.dictionary.models import Competency, CourseCompetency, JobProfile, JobRequirement
from elearn.learning.models import Enrollment
from tests.plugins.factories import NOW, PASSWORD_HASH

_numbers = itertools.count(1)


@pytest.fixture
def make_profile(db):
    """A job profile requiring {competency: level}; `holders` get it as their profile."""

    def make(requirements: dict[Competency, int], *holders, retired: bool = False) -> JobProfile:
        n = next(_numbers)
        profile = JobProfile(slug=f"jabatan-{n}", name=f"Jabatan {n}", match_patterns=[f"jabatan {n}"],
                             position=n, retired_at=NOW if retired else None)
        db.add(profile)
        db.flush()
        db.add_all(JobRequirement(profile_id=profile.id, competency_id=competency.id, level=level)
                   for competency, level in requirements.items())
        for holder in holders:
            holder.job_profile_id = profile.id
        db.commit()
        return profile

    return make


@pytest.fixture
def make_tagged_course(db):
    """A live published course (or not) developing `competencies`; no content folder needed."""

    def make(title: str, *competencies: Competency, level: int = 2, published: bool = True,
             retired: bool = False) -> Course:
        n = next(_numbers)
        course = Course(slug=f"kursus-{n}", source_folder=f"kursus-{n}", title=title, summary="Ringkasan.",
                        description_html="<p>Deskripsi.</p>", competency_type="manajerial", jp=4,
                        level=level, language="id", published=published, source_digest="0" * 64,
                        retired_at=NOW if retired else None)
        db.add(course)
        db.flush()
        db.add_all(CourseCompetency(course_id=course.id, competency_id=c.id) for c in competencies)
        db.commit()
        return course

    return make


@pytest.fixture
def assess(db):
    def record(learner, competency: Competency, level: int, source: str = "self", assessor=None):
        db.add(CompetencyAssessment(learner_id=learner.id, competency_id=competency.id, source=source,
                                    level=level, assessor_id=(assessor or learner).id, assessed_at=NOW))
        db.commit()

    return record


@pytest.fixture
def complete_course(db):
    def complete(learner, course: Course) -> None:
        db.add(Enrollment(user_id=learner.id, course_id=course.id, enrolled_at=NOW, last_activity_at=NOW,
                          completed_at=NOW, jp_awarded=course.jp))
        db.commit()

    return complete


@pytest.fixture
def make_learners(db):
    """Many learners holding `profile`, spread over `units`, made fast (one password hash, one flush)."""

    def make(count: int, profile: JobProfile, units: int = 4) -> list[User]:
        regency_id = db.scalar(select(Regency.id).where(Regency.code == "18.71"))
        unit_ids = [get_or_create_unit(db, f"Dinas {n}").id for n in range(units)]
        learners = []
        for _ in range(count):
            n = next(_numbers)
            learners.append(User(
                nip=f"19800101200501{1 + n % 2}{n % 999 + 1:03d}", email=f"peserta{n}@example.go.id",
                full_name=f"Peserta {n}", password_hash=PASSWORD_HASH, unit_id=unit_ids[n % units],
                regency_id=regency_id, position="Analis", job_profile_id=profile.id,
                role_rows=[UserRole(role=Role.LEARNER)]))
        db.add_all(learners)
        db.commit()
        return learners

    return make
