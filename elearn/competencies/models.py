"""The competency dictionary and job profiles (synced from content/_kamus/), and assessments."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from elearn.extensions import UtcDateTime, db, utcnow


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


class CompetencyAssessment(db.Model):
    """A learner's current level in one competency, as they see it (`self`) or as their mentor does
    (`mentor`). One row per learner, competency and source, updated when reassessed."""

    __table_args__ = (
        UniqueConstraint("learner_id", "competency_id", "source"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
        Index("ix_competency_assessment_competency_id", "competency_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    source: Mapped[str] = mapped_column(String(10))  # self, mentor
    level: Mapped[int]
    assessor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    note: Mapped[str | None] = mapped_column(Text)
    assessed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
