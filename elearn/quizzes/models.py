"""Quizzes and questions (from content/, versioned) and attempts (the learner's, never rewritten)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.core.extensions import UtcDateTime, db, utcnow


class Quiz(db.Model):
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    pass_percent: Mapped[int]
    max_attempts: Mapped[int | None]
    time_limit_minutes: Mapped[int | None]
    shuffle_questions: Mapped[bool]
    shuffle_options: Mapped[bool]
    draw_count: Mapped[int | None]
    opens_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    review: Mapped[dict] = mapped_column(JSON)
    intro_html: Mapped[str] = mapped_column(Text)
    source_digest: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Question(db.Model):
    """One version of a question. An edit in content/ retires this row and adds the next version,
    so attempts keep pointing at exactly what they were asked."""

    __table_args__ = (UniqueConstraint("quiz_id", "key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    version: Mapped[int]
    position: Mapped[int]  # order in the quiz file; moving a question is not a new version
    type: Mapped[str] = mapped_column(String(20))
    points: Mapped[float]
    prompt_html: Mapped[str] = mapped_column(Text)
    feedback_html: Mapped[str] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(String(200))
    competencies: Mapped[list] = mapped_column(JSON)
    # The answer key and rendered option texts; never sent to a browser before submission.
    data: Mapped[dict] = mapped_column(JSON)
    source_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Attempt(db.Model):
    __table_args__ = (
        UniqueConstraint("user_id", "quiz_id", "number"),
        Index("ix_attempt_user_id_quiz_id", "user_id", "quiz_id"),
        Index("ix_attempt_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, graded, awaiting_review
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    pass_percent: Mapped[int]
    score: Mapped[float | None]
    max_score: Mapped[float]
    percent: Mapped[float | None]
    passed: Mapped[bool | None]

    items: Mapped[list["AttemptItem"]] = relationship(
        order_by="AttemptItem.position", lazy="raise", back_populates="attempt"
    )


class AttemptItem(db.Model):
    """A question as given in one attempt: its version, its option order, the saved answer, the score."""

    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        UniqueConstraint("attempt_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    position: Mapped[int]
    option_order: Mapped[list | None] = mapped_column(JSON)
    response: Mapped[dict | None] = mapped_column(JSON)
    saved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    score: Mapped[float | None]
    max_score: Mapped[float]
    # A mentor's grade (essays) and comment (any answer), kept with who gave them and when.
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    graded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    comment: Mapped[str | None] = mapped_column(Text)
    commented_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    commented_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    attempt: Mapped[Attempt] = relationship(back_populates="items", lazy="raise")
    question: Mapped[Question] = relationship(lazy="raise")


class AnswerDisclosure(db.Model):
    """`user_id` has seen the answers of someone else's attempt at `quiz_id` (a review page showing
    the answers and the key), first at `first_seen_at`: from then on they cannot take that quiz for
    credit (see quizzes/integrity.py)."""

    __table_args__ = (UniqueConstraint("user_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
