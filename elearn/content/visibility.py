"""Which courses a user may see: the policy and its query twin."""

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from elearn.accounts.permissions import can_preview_unpublished
from elearn.content.models import Course


def courses_visible_to(user) -> Select:
    """Courses `user` may see: live and published; instructors and admins also see drafts."""
    query = select(Course).where(Course.retired_at.is_(None))
    if not can_preview_unpublished(user):
        query = query.where(Course.published.is_(True))
    return query


def visible_course(session: Session, user, slug: str) -> Course | None:
    return session.scalar(courses_visible_to(user).where(Course.slug == slug))
