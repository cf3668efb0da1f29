""""""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from wtforms import SelectChoice

from elearn.accounts.hashing import hash_password
from elearn.accounts.models import Regency, Role, Unit, User, UserRole
from elearn.accounts.nip import nip_problem
from elearn.accounts.passwords import password_problem
from elearn.core.errors import FieldProblems
from elearn.dictionary.services import job_profile_for_position


@dataclass
class NewAccount:
    nip: str
    email: str
    full_name: str
    password: str
    unit_id: int | None  # None when the form's choice could not be read; account_problems says so
    regency_id: int | None
    position: str
    grade: str | None = None
    roles: set[Role] = field(default_factory=lambda: {Role.LEARNER})


class AccountError(FieldProblems):
    """The account cannot be created; `problems` maps a field name to its message."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def account_problems(session: Session, account: NewAccount, check_password: bool = True) -> dict[str, str]:
    """Everything wrong with `account`, by field, including uniqueness against the database."""
    problems: dict[str, str] = {}
    if problem := nip_problem(account.nip):
        problems["nip"] = problem
    elif session.scalar(select(User.id).where(User.nip == account.nip)):
        problems["nip"] = _l("An account with this NIP already exists.")
    email = normalise_email(account.email)
    if session.scalar(select(User.id).where(User.email == email)):
        problems["email"] = _l("An account with this email address already exists.")
    if check_password and (problem := password_problem(account.password, account)):
        problems["password"] = problem
    if account.unit_id is None or session.get(Unit, account.unit_id) is None:
        problems["unit_id"] = _l("Choose a unit (OPD) from the list.")
    if account.regency_id is None or session.get(Regency, account.regency_id) is None:
        problems["regency_id"] = _l("Choose a regency or city from the list.")
    if not account.roles:
        problems["roles"] = _l("Give the account at least one role.")
    return problems


def create_user(session: Session, account: NewAccount, check_password: bool = True) -> User:
    """Create an account after validating it; raises AccountError with every problem found. Only the
    demo accounts skip the password rules (`check_password=False`): their password is published."""
    if problems := account_problems(session, account, check_password):
        raise AccountError(problems)
    profile = job_profile_for_position(session, account.position)  # a new person has a profile at once
    user = User(
        nip=account.nip,
        email=normalise_email(account.email),
        full_name=account.full_name.strip(),
        password_hash=hash_password(account.password),
        unit_id=account.unit_id,
        regency_id=account.regency_id,
        position=account.position.strip(),
        job_profile_id=profile.id if profile else None,
        grade=account.grade or None,
        role_rows=[UserRole(role=role) for role in sorted(account.roles)],
    )
    session.add(user)
    session.flush()
    return user


def find_user_by_identifier(session: Session, identifier: str) -> User | None:
    """Find an account by NIP or email, the two things people sign in with."""
    identifier = identifier.strip()
    return session.scalar(
        select(User).where(or_(User.nip == identifier, User.email == normalise_email(identifier)))
    )


def unit_problems(session: Session, name: str) -> dict[str, str]:
    """A unit is one OPD: a second with the same name (in any case) would split its people."""
    if _unit_named(session, name) is not None:
        return {"name": _l("A unit with this name already exists.")}
    return {}


def _unit_named(session: Session, name: str) -> Unit | None:
    return session.scalar(select(Unit).where(func.lower(Unit.name) == name.strip().lower()))


def get_or_create_unit(session: Session, name: str) -> Unit:
    unit = _unit_named(session, name)
    if unit is None:
        unit = Unit(name=name.strip())
        session.add(unit)
        session.flush()
    return unit


def regency_by_name(session: Session, name: str) -> Regency | None:
    return session.scalar(select(Regency).where(func.lower(Regency.name) == name.strip().lower()))


def unit_choices(session: Session) -> list[SelectChoice]:
    return [SelectChoice(u.id, u.name) for u in session.scalars(select(Unit).order_by(Unit.name))]


def units_with_member_counts(session: Session) -> list[tuple[Unit, int]]:
    return list(session.execute(
        select(Unit, func.count(User.id)).outerjoin(User, User.unit_id == Unit.id)
        .group_by(Unit.id).order_by(Unit.name)
    ))


def regency_choices(session: Session) -> list[SelectChoice]:
    return [SelectChoice(r.id, r.name) for r in session.scalars(select(Regency).order_by(Regency.name))]
