"""A learner's enrolments and module completions: the history that content edits never touch."""

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from elearn.core.extensions import UtcDateTime, db, utcnow


class Enrollment(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id"))
    last_activity_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # JP recorded at completion, so a later change of the course's JP does not rewrite history.
    jp_awarded: Mapped[int | None]


class ModuleCompletion(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
