"""Courses, modules and images as imported from content/. Rows are retired, never deleted,
so learners' history keeps pointing at them."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.core.extensions import UtcDateTime, db, utcnow

# The three kinds of competency a course develops (PermenPANRB 38/2017), as course.md names them.
COMPETENCY_TYPES = ("teknis", "manajerial", "sosial-kultural")


class Course(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    source_folder: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    description_html: Mapped[str] = mapped_column(Text)
    competency_type: Mapped[str] = mapped_column(String(20), index=True)
    jp: Mapped[int]
    level: Mapped[int]
    # Days after completion when the level-3 (behaviour) follow-up survey becomes due.
    follow_up_days: Mapped[int] = mapped_column(default=30, server_default="30")
    language: Mapped[str] = mapped_column(String(5))
    published: Mapped[bool]
    source_digest: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    modules: Mapped[list["Module"]] = relationship(
        back_populates="course", order_by="Module.position", lazy="raise"
    )


class Module(db.Model):
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int | None]
    body_html: Mapped[str] = mapped_column(Text)
    source_digest: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    course: Mapped[Course] = relationship(back_populates="modules", lazy="raise")


class ContentImage(db.Model):
    """An image from a course folder, stored by content hash so its URL never changes meaning."""

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
