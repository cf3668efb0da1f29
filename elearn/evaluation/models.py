"""Surveys (synced from content/_survei/), their responses, OPD result figures entered by admins,
and remedial recommendations."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from elearn.core.extensions import UtcDateTime, db, utcnow


class Survey(db.Model):
    """An evaluation questionnaire: `kind` says when it is offered and to whom."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(30))  # reaction, behaviour_learner, behaviour_mentor
    title: Mapped[str] = mapped_column(String(200))
    intro_html: Mapped[str] = mapped_column(Text)
    source_digest: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SurveyQuestion(db.Model):
    __table_args__ = (UniqueConstraint("survey_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"))
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]
    type: Mapped[str] = mapped_column(String(20))  # likert, choice, text
    prompt: Mapped[str] = mapped_column(Text)
    options: Mapped[list] = mapped_column(JSON)  # choice: [[value, label], ...]; likert: the 5 labels
    required: Mapped[bool]
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SurveyResponse(db.Model):
    """One filled-in survey about one learner's course: by the learner, or by their mentor."""

    __table_args__ = (
        UniqueConstraint("survey_id", "respondent_id", "learner_id", "course_id"),
        Index("ix_survey_response_course_id", "course_id"),
        Index("ix_survey_response_learner_id", "learner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"))
    respondent_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SurveyAnswer(db.Model):
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id"), primary_key=True)
    number: Mapped[int | None]  # likert 1–5, or the chosen option's value
    text: Mapped[str | None] = mapped_column(Text)


class OutcomeFigure(db.Model):
    """A level-4 result of an OPD for one month (e.g. complaints received, resolved on time),
    entered by an admin from the OPD's own records."""

    __table_args__ = (UniqueConstraint("unit_id", "metric", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    metric: Mapped[str] = mapped_column(String(40))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    value: Mapped[float] = mapped_column(Float)
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RemedialRecommendation(db.Model):
    """A post-test showed a competency not yet mastered: recommend a course that develops it. At most
    one is open per learner and competency, so the mentors hear of a gap once."""

    __table_args__ = (
        UniqueConstraint("attempt_id", "competency_id"),
        Index("ix_remedial_recommendation_learner_id", "learner_id"),
        Index("uq_remedial_recommendation_open", "learner_id", "competency_id", unique=True,
              sqlite_where=text("resolved_at IS NULL"), postgresql_where=text("resolved_at IS NULL")),
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"))
    percent: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
