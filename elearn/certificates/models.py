"""Ledger entries and certificates: written once at completion, never rewritten by content edits."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from elearn.core.extensions import UtcDateTime, db, utcnow


class JpLedgerEntry(db.Model):
    """One development activity and the JP it earned, counted in the (local) year it was completed.
    Course entries carry the course; the texts are kept as they were, for the evidence record."""

    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        Index("ix_jp_ledger_entry_year_user_id", "year", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"))
    year: Mapped[int]
    activity_type: Mapped[str] = mapped_column(String(60))
    provider: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    started_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date] = mapped_column(Date)
    jp: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Certificate(db.Model):
    """A course certificate. Name, NIP and course are copied at issue, so the certificate says what
    it said that day; `code` is the unguessable public verification code."""

    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    learner_name: Mapped[str] = mapped_column(String(200))
    learner_nip: Mapped[str] = mapped_column(String(18))
    course_title: Mapped[str] = mapped_column(String(200))
    jp: Mapped[int]
    completed_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
