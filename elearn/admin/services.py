"""Queries behind the admin pages."""

from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, aliased, joinedload

from elearn.accounts.mentorships import MentorAssignment
from elearn.accounts.models import User
from elearn.core.search import text_matches
from elearn.mentoring.assignment_import import (
    AssignmentPreview,
    PreviewRow,
    apply_assignments,
    preview_assignments,
    read_assignment_csv,
)

USERS_PER_PAGE = 50
ASSIGNMENTS_PER_PAGE = 50


def search_users(session: Session, query: str, page: int) -> tuple[list[User], int]:
    """One page of accounts matching name, NIP or email, and the total number of matches."""
    statement = select(User)
    if query:
        statement = statement.where(text_matches(query, User.full_name, User.nip, User.email))
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    users = session.scalars(
        statement.options(joinedload(User.unit), joinedload(User.regency))
        .order_by(User.full_name).limit(USERS_PER_PAGE).offset((page - 1) * USERS_PER_PAGE)
    ).all()
    return list(users), total


def search_assignments(session: Session, query: str, page: int) -> tuple[list[Row], int]:
    """One page of active assignments whose mentor or mentee matches a name or NIP, newest first,
    and the total; columns only, so the page costs the same two queries for 5 rows or 50."""
    mentor, mentee = aliased(User), aliased(User)
    statement = (
        select(MentorAssignment.id, MentorAssignment.started_at,
               mentor.full_name.label("mentor_name"), mentor.nip.label("mentor_nip"),
               mentee.full_name.label("mentee_name"), mentee.nip.label("mentee_nip"))
        .select_from(MentorAssignment)
        .join(mentor, mentor.id == MentorAssignment.mentor_id)
        .join(mentee, mentee.id == MentorAssignment.mentee_id)
        .where(MentorAssignment.ended_at.is_(None))
    )
    if query:
        statement = statement.where(text_matches(
            query, mentor.full_name, mentor.nip, mentee.full_name, mentee.nip))
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = session.execute(
        statement.order_by(MentorAssignment.started_at.desc(), MentorAssignment.id.desc())
        .limit(ASSIGNMENTS_PER_PAGE).offset((page - 1) * ASSIGNMENTS_PER_PAGE)
    ).all()
    return list(rows), total


def check_pair(session: Session, mentor_nip: str, mentee_nip: str) -> AssignmentPreview:
    """One pair, checked exactly as a row of a CSV upload is checked."""
    return preview_assignments(session, [(1, mentor_nip, mentee_nip)])


def pair_problems(preview: AssignmentPreview) -> dict[str, str]:
    """The pair's problems by form field; a field with several shows them together."""
    problems: dict[str, list[str]] = {}
    for problem in preview.rows[0].problems:
        problems.setdefault(problem.column or "mentor_nip", []).append(str(problem.message))
    return {name: " ".join(messages) for name, messages in problems.items()}


def save_pair(session: Session, preview: AssignmentPreview, by_id: int, now: datetime) -> PreviewRow:
    apply_assignments(session, preview, by_id, now)
    return preview.rows[0]


def preview_upload(session: Session, data: bytes) -> AssignmentPreview:
    rows, problems = read_assignment_csv(data)
    return preview_assignments(session, rows, problems)


def save_checked_rows(
    session: Session, rows: list[tuple[int, str, str]], by_id: int, now: datetime
) -> tuple[AssignmentPreview, int | None]:
    """Check the confirmed rows again and save them, unless the answer differs from the preview the
    admin saw (an error now, or a row assigned meanwhile): then nothing is saved and the count is None."""
    preview = preview_assignments(session, rows)
    if preview.errors or len(preview.to_create) != len(rows):
        return preview, None
    return preview, apply_assignments(session, preview, by_id, now)
