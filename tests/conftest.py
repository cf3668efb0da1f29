"""Shared fixtures: the app on SQLite (always) and PostgreSQL (when ELEARN_TEST_DATABASE_URL is set),
the schema built by the real migrations, and a database session whose work is rolled back after every
test. The factories (make_user, make_quiz, login, ...) live in the plugin tests/plugins/factories.py."""

import os
import threading
import uuid
from contextlib import contextmanager

import flask_migrate
import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.orm import scoped_session, sessionmaker

from elearn import create_app
from elearn.core.extensions import db as _db
from elearn.core.extensions import limiter

# Fixtures every directory may use; the evaluation data set is shared with the learning tests.
pytest_plugins = ["tests.plugins.factories", "tests.evaluation.evaluation_data"]

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("ELEARN_TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    server_url = make_url(os.environ["ELEARN_TEST_DATABASE_URL"])
    name = f"elearn_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (fresh `g` and database session), as on a real server,
    even while a test holds an app context open for its own queries. Afterwards the test's own
    transaction ends and its objects are expired, so it reads what the request committed (SQLite
    read transactions are snapshots; PostgreSQL's read committed would hide a stale read)."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if _db.session.registry.has():
            _db.session.commit()
            _db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "BABEL_DEFAULT_LOCALE": "en",  # assertions read as specifications; test_i18n covers Indonesian
        "RATELIMIT_STORAGE_URI": "memory://",
        "ELEARN_CONTENT_DIR": str(tmp_path_factory.mktemp("content")),
    })
    app.test_client_class = IsolatedClient
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        _db.engine.dispose()


def _empty_tables() -> None:
    """Remove every row but the reference data the migrations inserted."""
    tables = [t for t in reversed(_db.metadata.sorted_tables) if t.name != "regency"]
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


class _JoinedSession(Session):
    """Flask-SQLAlchemy's session picks the app's engine for every query; this one keeps to the
    connection it was bound to, so it joins the test's outer transaction. A connection serves one
    thread: another thread's query is refused rather than left to interleave on it."""

    def get_bind(self, *args, **kwargs):
        if threading.get_ident() != self.info["thread"]:
            raise RuntimeError("a thread queried the test's rolled-back connection; mark the test "
                               "@pytest.mark.commits so threads get connections of their own")
        return self.bind


@contextmanager
def _rolled_back():
    """Every session of the test (its own and each request's) joins one outer transaction on one
    connection, which is rolled back at the end: the app's commits and begin_nested become savepoints
    (SQLAlchemy's "join a session into an external transaction" recipe; make_sqlite_transactional makes
    SQLite's savepoints real)."""
    app_sessions = _db.session
    connection = _db.engine.connect()
    outer = connection.begin()
    factory = sessionmaker(**{**app_sessions.session_factory.kw, "class_": _JoinedSession, "bind": connection,
                              "join_transaction_mode": "create_savepoint",
                              "info": {"thread": threading.get_ident()}})
    _db.session = scoped_session(factory, scopefunc=app_sessions.registry.scopefunc)
    try:
        yield _db.session
    finally:
        _db.session.remove()
        _db.session = app_sessions
        outer.rollback()
        connection.close()


@pytest.fixture
def db(app, request):
    """The database session inside an app context. Its work, and every request's, is rolled back
    afterwards; a test marked `commits` commits for real and every table is emptied afterwards."""
    with app.app_context():
        limiter.reset()
        if request.node.get_closest_marker("commits"):
            yield _db.session
            _db.session.rollback()
            _db.session.remove()
            _empty_tables()
        else:
            with _rolled_back() as session:
                yield session


@pytest.fixture
def client(app, db):
    return app.test_client()


TRANSACTION_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@contextmanager
def counted_statements():
    """The SQL statements run inside the block, for tests that prove a page's query count is constant.
    Transaction control (BEGIN, savepoints) is not a query and is left out."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args):
        if not statement.strip().upper().startswith(TRANSACTION_CONTROL):
            statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)
