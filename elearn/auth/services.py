"""Account domain logic: creating people, checking passwords, changing them."""

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from elearn.accounts.hashing import hash_password, verify_password
from elearn.accounts.models import User
from elearn.accounts.passwords import password_problem
from elearn.accounts.services import find_user_by_identifier, normalise_email
from elearn.auth.sessions import end_sessions
from elearn.auth.throttle import Requester
from elearn.core.extensions import utcnow

# Checked when the account does not exist, so both failures take the same time.
_DUMMY_HASH = hash_password("elearn-timing-equaliser")


def authenticate(session: Session, identifier: str, password: str, requester: Requester) -> User | None:
    """Return the active user whose NIP/email and password match, or None without saying why. The
    attempt counts against the account (whichever identifier was typed) before the password is
    checked: raises TooManyAttempts once its budget is spent."""
    user = find_user_by_identifier(session, identifier)
    attempt = requester.attempt(user.id if user else None, normalise_email(identifier))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    matches, outdated = verify_password(user.password_hash, password)
    if not matches or not user.active:
        return None
    if outdated:
        user.password_hash = hash_password(password)
    attempt.succeeded()
    user.last_login_at = utcnow()
    return user


def password_change_problems(user: User, current_password: str | None, new_password: str | None,
                             requester: Requester) -> dict[str, str]:
    """Both rules of a password change, checked in one round so the form shows every error at once.
    The current password is guessable like at sign-in, so it shares the account's throttle (may raise
    TooManyAttempts); a blank one is left to the field's own required error and costs no attempt."""
    problems = {}
    if new_password and (problem := password_problem(new_password, user)):
        problems["new_password"] = problem
    if current_password:
        attempt = requester.attempt(user.id)
        if verify_password(user.password_hash, current_password)[0]:
            attempt.succeeded()
        else:
            problems["current_password"] = _l("The current password is wrong.")
    return problems


def change_password(session: Session, user: User, new_password: str) -> None:
    """Set a new password (checked by password_change_problems); the user's other sign-ins end."""
    user.password_hash = hash_password(new_password)
    end_sessions(session, user, except_=user.sign_in_key)
