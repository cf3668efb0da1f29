"""The competency dictionary and job profiles (synced from content/_kamus/), and assessments."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from elearn.core.extensions import UtcDateTime, db, utcnow


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
