"""Mentors with many mentees, made fast: one password hash for all, rows inserted in bulk."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from elearn.auth.models import Regency, Role, User, UserRole
from elearn.auth.services import get_or_create_unit
from elearn.learning.models import Enrollment
from elearn.mentoring.models import MentorAssignment
from tests.plugins.factories import TEST_PASSWORD

NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)
_HASH = generate_password_hash(TEST_PASSWORD)


@pytest.fixture
def make_mentees(db):
    """Create `count` learners assigned to `mentor`, each enrolled in `course` (if given)."""

    def make(mentor, count: int, course=None, start: int = 0, unit: str = "Dinas Kominfo") -> list[User]:
        unit_id = get_or_create_unit(db, unit).id
        regency_id = db.scalar(select(Regency.id).where(Regency.code == "18.08"))
        users = [
            User(nip=f"{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}201801{1 + n % 2}{n % 999 + 1:03d}",
                 email=f"mentee{n}@example.go.id", full_name=f"Peserta {n:04d}", password_hash=_HASH,
                 unit_id=unit_id, regency_id=regency_id, position="Pelaksana",
                 role_rows=[UserRole(role=Role.LEARNER)])
            for n in range(start, start + count)
        ]
        db.add_all(users)
        db.flush()
        db.add_all(MentorAssignment(mentor_id=mentor.id, mentee_id=u.id, started_at=NOW) for u in users)
        if course is not None:
            db.add_all(Enrollment(user_id=u.id, course_id=course.id, enrolled_at=NOW,
                                  last_activity_at=NOW - timedelta(days=n % 30)) for n, u in enumerate(users))
        db.commit()
        return users

    return make
