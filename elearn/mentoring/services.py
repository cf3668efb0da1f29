"""Who may see whom: every mentoring query is scoped to the mentor's active mentees (admins see all).
Assignments and notifications live here too, so other features call one place."""

import smtplib
from datetime import datetime
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import Select, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.auth.models import Role, User
from elearn.mentoring.models import MentorAssignment, Notification
from elearn.mentoring.notifications import notification_text
from elearn.quizzes.models import Attempt


class AssignmentError(ValueError):
    pass


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


def attempt_for_reviewer(session: Session, attempt_id: int, user) -> Attempt | None:
    """A submitted attempt of someone `user` follows, or `user`'s own, which the review then refuses
    plainly (a 403: nobody grades their own work); otherwise None, as if it did not exist."""
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or attempt.status == "open":
        return None
    if attempt.user_id != user.id and not may_follow(session, user, attempt.user_id):
        return None
    return attempt


def mentors_of(session: Session, learner_id: int) -> list[User]:
    return list(session.scalars(
        select(User).join(MentorAssignment, MentorAssignment.mentor_id == User.id)
        .where(MentorAssignment.mentee_id == learner_id, MentorAssignment.ended_at.is_(None))
        .order_by(User.full_name)
    ))


def assign_mentor(session: Session, mentor: User, mentee: User, by_id: int | None, now: datetime):
    """Start an assignment; assigning an active pair again changes nothing."""
    if mentor.id == mentee.id:
        raise AssignmentError("a mentor cannot mentor themself")
    if not mentor.has_role(Role.MENTOR):
        raise AssignmentError("the mentor account does not have the mentor role")
    current = session.scalar(select(MentorAssignment).where(
        MentorAssignment.mentor_id == mentor.id, MentorAssignment.mentee_id == mentee.id,
        MentorAssignment.ended_at.is_(None)))
    if current is not None:
        return current
    try:
        with session.begin_nested():
            assignment = MentorAssignment(mentor_id=mentor.id, mentee_id=mentee.id, assigned_by_id=by_id,
                                          started_at=now)
            session.add(assignment)
        return assignment
    except IntegrityError:  # assigned at the same moment by another request
        return session.scalar(select(MentorAssignment).where(
            MentorAssignment.mentor_id == mentor.id, MentorAssignment.mentee_id == mentee.id,
            MentorAssignment.ended_at.is_(None)))


def end_assignment(session: Session, assignment_id: int, now: datetime) -> MentorAssignment | None:
    assignment = session.get(MentorAssignment, assignment_id)
    if assignment is not None and assignment.ended_at is None:
        assignment.ended_at = now
    return assignment


def notify(session: Session, user_id: int, kind: str, params: dict, link: str, now: datetime) -> None:
    """Tell someone in the app, and by email when SMTP is configured."""
    session.add(Notification(user_id=user_id, kind=kind, params=params, link=link, created_at=now))
    host = current_app.config.get("ELEARN_SMTP_HOST")
    if host:
        _send_email(session.get(User, user_id).email, kind, params, link, host)


def _send_email(to: str, kind: str, params: dict, link: str, host: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config.get("ELEARN_MAIL_FROM", "elearn@localhost")
    message["To"] = to
    message["Subject"] = "elearn: " + notification_text(kind, params)
    message.set_content(f"{notification_text(kind, params)}\n\n{config.get('ELEARN_BASE_URL', '')}{link}\n")
    try:
        with smtplib.SMTP(host, int(config.get("ELEARN_SMTP_PORT", 25)), timeout=10) as smtp:
            smtp.send_message(message)
    except OSError:
        current_app.logger.warning("could not send the %s email to %s", kind, to)


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)))
