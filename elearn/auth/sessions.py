"""Sign-ins kept on the server. The login cookie (and the remember-me cookie, which carries the same
id) holds "user_id:key"; the user is loaded only while that key's record exists, so deleting the
record ends the sign-in wherever the cookies were copied to."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from elearn.accounts.models import SignInSession, User
from elearn.core.parameters import bounded_int
from elearn.notifications.services import unread_count_of


def _key_hash(key: str) -> str:
    """A leaked table is no stolen cookie: only the hash of each key is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(session: Session, user: User, *, remember: bool, user_agent: str, now: datetime,
                  lifetime: timedelta) -> str:
    """Record a new sign-in of `user` and give the user its key (for the cookies); the user's sign-ins
    that have outlived `lifetime` are cleared on the way."""
    session.execute(delete(SignInSession).where(SignInSession.user_id == user.id,
                                                SignInSession.created_at <= now - lifetime))
    key = secrets.token_urlsafe(32)
    session.add(SignInSession(user_id=user.id, key_hash=_key_hash(key), remember=remember,
                              user_agent=user_agent[:120], created_at=now))
    user.sign_in_key = key
    return key


def end_session(session: Session, user: User) -> None:
    """Sign-out: this sign-in of `user` ends; their other devices stay signed in."""
    session.execute(delete(SignInSession).where(SignInSession.key_hash == _key_hash(user.sign_in_key or "")))


def end_sessions(session: Session, user: User, except_: str | None = None) -> None:
    """End every sign-in of `user` but the one whose key is `except_`: after a password change (the
    device that changed it stays), or when an account is deactivated."""
    statement = delete(SignInSession).where(SignInSession.user_id == user.id)
    if except_ is not None:
        statement = statement.where(SignInSession.key_hash != _key_hash(except_))
    session.execute(statement)


def load_user_from_cookie(session: Session, cookie_id: str, now: datetime,
                          lifetime: timedelta) -> User | None:
    """Flask-Login's user loader: the active user whose live sign-in the cookie names, with their
    roles and unread notification count (the header's), in one statement: it runs on every
    signed-in request."""
    user_id, _, key = cookie_id.partition(":")
    user_id = bounded_int(user_id)
    if user_id is None or not key:
        return None
    row = session.execute(
        select(User, unread_count_of(User.id)).join(SignInSession, SignInSession.user_id == User.id)
        .options(joinedload(User.role_rows))
        .where(User.id == user_id, User.active.is_(True), SignInSession.key_hash == _key_hash(key),
               SignInSession.created_at > now - lifetime)
    ).unique().first()
    if row is None:
        return None
    user, user.unread_notifications = row
    user.sign_in_key = key
    return user
