"""The competency dictionary: competencies, job profiles, what each profile requires, and the
competencies each course develops."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from elearn.core.extensions import UtcDateTime, db


class Competency(db.Model):
    """One competency of the dictionary, with a description for each of its levels 1–5."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    group: Mapped[str] = mapped_column(String(20))  # teknis, manajerial, sosial-kultural
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    level_descriptions: Mapped[list] = mapped_column(JSON)  # five texts, level 1 first
    position: Mapped[int]  # order in the dictionary file
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class JobProfile(db.Model):
    """A jabatan (or a family of them) and the competency levels it requires. A person's free-text
    position is matched against `match_patterns` in dictionary order; the first match wins."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    match_patterns: Mapped[list] = mapped_column(JSON)
    position: Mapped[int]
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class JobRequirement(db.Model):
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),)

    profile_id: Mapped[int] = mapped_column(ForeignKey("job_profile.id"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), primary_key=True)
    level: Mapped[int]


class CourseCompetency(db.Model):
    """A competency a course develops (declared in its course.md)."""

    __table_args__ = (Index("ix_course_competency_competency_id", "competency_id"),)

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), primary_key=True)
