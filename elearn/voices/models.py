"""Topic proposals with one vote per person, and anonymous citizen feedback (no personal data)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from elearn.core.extensions import UtcDateTime, db, utcnow


class TopicProposal(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("competency.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, planned, declined
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class TopicVote(db.Model):
    """One supporter of a proposal; the primary key makes it one vote per person."""

    proposal_id: Mapped[int] = mapped_column(ForeignKey("topic_proposal.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CitizenFeedback(db.Model):
    """A citizen's word on a public service: which OPD and service, a rating, a comment. Nothing that
    identifies the sender is asked for or stored (not even the IP address)."""

    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        Index("ix_citizen_feedback_unit_id_service_area", "unit_id", "service_area"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    service_area: Mapped[str] = mapped_column(String(40))
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
