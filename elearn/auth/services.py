"""Account domain logic: creating people, checking passwords, changing them."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from elearn.auth.models import Regency, Role, Unit, User, UserRole, new_session_token
from elearn.auth.nip import nip_problem
from elearn.competencies.dictionary import job_profile_for_position
from elearn.errors import FieldProblems
from elearn.extensions import utcnow

MIN_PASSWORD_LENGTH = 8
PASSWORD_LENGTH_MESSAGE = _l("The password must be at least 8 characters long.")
# Checked when the account does not exist, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("elearn-timing-equaliser")


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


def account_problems(session: Session, account: NewAccount) -> dict[str, str]:
    """Everything wrong with `account`, by field, including uniqueness against the database."""
    problems: dict[str, str] = {}
    if problem := nip_problem(account.nip):
        problems["nip"] = problem
    elif session.scalar(select(User.id).where(User.nip == account.nip)):
        problems["nip"] = _l("An account with this NIP already exists.")
    email = normalise_email(account.email)
    if session.scalar(select(User.id).where(User.email == email)):
        problems["email"] = _l("An account with this email address already exists.")
    if len(account.password) < MIN_PASSWORD_LENGTH:
        problems["password"] = PASSWORD_LENGTH_MESSAGE
    if account.unit_id is None or session.get(Unit, account.unit_id) is None:
        problems["unit_id"] = _l("Choose a unit (OPD) from the list.")
    if account.regency_id is None or session.get(Regency, account.regency_id) is None:
        problems["regency_id"] = _l("Choose a regency or city from the list.")
    if not account.roles:
        problems["roles"] = _l("Give the account at least one role.")
    return problems


def create_user(session: Session, account: NewAccount) -> User:
    """Create an account after validating it; raises AccountError with every problem found."""
    if problems := account_problems(session, account):
        raise AccountError(problems)
    profile = job_profile_for_position(session, account.position)  # a new person has a profile at once
    user = User(
        nip=account.nip,
        email=normalise_email(account.email),
        full_name=account.full_name.strip(),
        password_hash=generate_password_hash(account.password),
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


def authenticate(session: Session, identifier: str, password: str) -> User | None:
    """Return the active user whose NIP/email and password match, or None without saying why."""
    user = find_user_by_identifier(session, identifier)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def current_password_problems(user: User, current_password: str | None) -> dict[str, str]:
    """Checked with the new password's rules, so the form shows every error in one round."""
    if check_password_hash(user.password_hash, current_password or ""):
        return {}
    return {"current_password": _l("The current password is wrong.")}


def change_password(user: User, current_password: str, new_password: str) -> bool:
    """Set a new password if the current one is right; other sessions are signed out."""
    if current_password_problems(user, current_password):
        return False
    user.password_hash = generate_password_hash(new_password)
    user.session_token = new_session_token()
    return True


def load_user_from_cookie(session: Session, cookie_id: str) -> User | None:
    """Flask-Login's user loader: the id must carry the current session token."""
    user_id, _, token = cookie_id.partition(":")
    if not user_id.isdigit():
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


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
