"""Mentor assignments (history kept), notifications, and action plans with their history."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from elearn.core.extensions import UtcDateTime, db, utcnow


class ActionPlan(db.Model):
    """A learner's rencana aksi after a course: what they will apply at work, how, and by when."""

    __table_args__ = (Index("ix_action_plan_learner_id", "learner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    what: Mapped[str] = mapped_column(Text)
    how: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    # submitted -> agreed | changes_requested -> (revised: submitted) ... agreed -> observed
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    observation: Mapped[str | None] = mapped_column(Text)
    applied: Mapped[str | None] = mapped_column(String(10))  # fully, partly, not_yet
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ActionPlanEvent(db.Model):
    """One step in a plan's history: written, revised, agreed, changes asked, observed."""

    __table_args__ = (Index("ix_action_plan_event_plan_id", "plan_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
