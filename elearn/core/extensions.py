"""Flask extensions, created unbound here and bound to an app in create_app()."""

from datetime import UTC, datetime

from flask import has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """A timestamp that is always timezone-aware UTC in Python, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# One commit per request, at its end: nothing needs reloading after it, so keep loaded objects.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


def render_migration_type(type_, obj, autogen_context):
    """Autogenerate writes UtcDateTime as the column type it is in the database."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# How long a SQLite write waits for another to finish before giving up ("database is locked").
SQLITE_BUSY_TIMEOUT_MS = 5000
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _expects_writes() -> bool:
    """A form post, a save or a submit writes. Its transaction takes SQLite's write lock at BEGIN, so
    parallel writers queue (busy timeout) instead of failing when a read lock cannot be upgraded."""
    return has_request_context() and request.method not in READ_ONLY_METHODS


def make_sqlite_transactional(engine) -> None:
    """pysqlite begins transactions on its own terms, which makes SAVEPOINTs (begin_nested) commit
    for real; SQLAlchemy's documented recipe hands transaction control back to SQLAlchemy. Foreign
    keys are enforced and readers do not block writers, as on PostgreSQL; writers wait for each other."""
    if engine.dialect.name != "sqlite":
        return
    on_file = engine.url.database not in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if on_file:  # with WAL, readers never block the one writer (a memory database has no WAL)
            dbapi_connection.execute("PRAGMA journal_mode = WAL")

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _expects_writes() else "BEGIN")
