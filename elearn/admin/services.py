"""Queries behind the admin pages."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload
from wtforms import SelectChoice

from elearn.auth.models import Regency, Unit, User

USERS_PER_PAGE = 50


def search_users(session: Session, query: str, page: int) -> tuple[list[User], int]:
    """One page of accounts matching name, NIP or email, and the total number of matches."""
    statement = select(User)
    if query:
        pattern = "%" + query.lower().replace("%", r"\%").replace("_", r"\_") + "%"
        statement = statement.where(or_(
            func.lower(User.full_name).like(pattern, escape="\\"),
            User.nip.like(pattern, escape="\\"),
            User.email.like(pattern, escape="\\"),
        ))
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    users = session.scalars(
        statement.options(joinedload(User.unit), joinedload(User.regency))
        .order_by(User.full_name).limit(USERS_PER_PAGE).offset((page - 1) * USERS_PER_PAGE)
    ).all()
    return list(users), total


def unit_choices(session: Session) -> list[SelectChoice]:
    return [SelectChoice(u.id, u.name) for u in session.scalars(select(Unit).order_by(Unit.name))]


def regency_choices(session: Session) -> list[SelectChoice]:
    return [SelectChoice(r.id, r.name) for r in session.scalars(select(Regency).order_by(Regency.name))]


def units_with_member_counts(session: Session) -> list[tuple[Unit, int]]:
    return list(session.execute(
        select(Unit, func.count(User.id)).outerjoin(User, User.unit_id == Unit.id)
        .group_by(Unit.id).order_by(Unit.name)
    ))
