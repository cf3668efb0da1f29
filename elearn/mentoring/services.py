"""Who may see whom: every mentoring query is scoped to the mentor's active mentees (admins see all).
Assignments and notifications live here too, so other features call one place."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.accounts.mentorships import MentorAssignment, may_follow
from elearn.accounts.models import Role, User
from elearn.quizzes.models import Attempt


class AssignmentError(ValueError):
    pass


def attempt_for_reviewer(session: Session, attempt_id: int, user) -> Attempt | None:
    """A submitted attempt of someone `user` follows, or `user`'s own, which the review then refuses
    plainly (a 403: nobody grades their own work); otherwise None, as if it did not exist."""
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or attempt.status == "open":
        return None
    if attempt.user_id != user.id and not may_follow(session, user, attempt.user_id):
        return None
    return attempt


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
