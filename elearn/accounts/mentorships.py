"""Who mentors whom (history kept), and the queries every feature scopes learners with: a mentor
sees their current mentees, an admin everyone, nobody themself."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Select, exists, select, text
from sqlalchemy.orm import Mapped, Session, lazyload, mapped_column

from elearn.accounts.models import Role, User
from elearn.core.extensions import UtcDateTime, db, utcnow


class MentorAssignment(db.Model):
    """Mentor X follows mentee Y from `started_at` until `ended_at`; ended rows stay as history."""

    __table_args__ = (
        Index("uq_mentor_assignment_active", "mentor_id", "mentee_id", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
        Index("ix_mentor_assignment_mentee_id", "mentee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


def active_mentee_ids(mentor_id: int) -> Select:
    return select(MentorAssignment.mentee_id).where(
        MentorAssignment.mentor_id == mentor_id, MentorAssignment.ended_at.is_(None))


def mentees_of(mentor_id: int) -> Select:
    """The mentor's current mentees, as a query to build on (never a Python filter)."""
    return select(User).where(User.id.in_(active_mentee_ids(mentor_id)))


def learners_visible_to(user) -> Select:
    """Admins see every learner but themselves; a mentor sees their mentees; anyone else sees no one.
    Nobody follows, assesses or grades themself (see quizzes/integrity.py)."""
    if user.has_role(Role.ADMIN):
        return select(User).where(User.id != user.id)
    if user.has_role(Role.MENTOR):
        return mentees_of(user.id)
    return select(User).where(False)


def learner_for(session: Session, user, learner_id: int) -> User | None:
    """The learner if `user` may follow them; None (a 404 for the view) otherwise."""
    return session.scalar(learners_visible_to(user).where(User.id == learner_id))


def may_follow(session: Session, user, learner_id: int) -> bool:
    if learner_id == user.id:
        return False
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.MENTOR) and bool(session.scalar(select(exists(
        active_mentee_ids(user.id).where(MentorAssignment.mentee_id == learner_id)))))


def mentors_of(session: Session, learner_id: int) -> list[User]:
    """The learner's current mentors, for showing their names (their roles load only if asked for)."""
    return list(session.scalars(
        select(User).join(MentorAssignment, MentorAssignment.mentor_id == User.id)
        .options(lazyload(User.role_rows))
        .where(MentorAssignment.mentee_id == learner_id, MentorAssignment.ended_at.is_(None))
        .order_by(User.full_name)
    ))
