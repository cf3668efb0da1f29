"""Shared fixtures: the app on SQLite (always) and PostgreSQL (when ELEARN_TEST_DATABASE_URL is set),
the schema built by the real migrations, and factories that clean up after every test."""

import itertools
import os
import textwrap
import uuid
from contextlib import contextmanager
from pathlib import Path

import flask_migrate
import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, make_url, text

from elearn import create_app
from elearn.auth.models import Regency, Role
from elearn.auth.services import NewAccount, create_user, get_or_create_unit
from elearn.content.services import sync_content
from elearn.extensions import db as _db
from elearn.extensions import limiter

TEST_PASSWORD = "kopi-tubruk-senja-48"
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


def _empty_tables(app) -> None:
    """Remove every row but the reference data the migrations inserted."""
    tables = [t for t in reversed(_db.metadata.sorted_tables) if t.name != "regency"]
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def db(app):
    """The database session inside an app context; every table is emptied afterwards."""
    with app.app_context():
        limiter.reset()
        yield _db.session
        _db.session.rollback()
        _db.session.remove()
        _empty_tables(app)


@pytest.fixture
def client(app, db):
    return app.test_client()


_numbers = itertools.count(1)


@pytest.fixture
def make_user(db):
    """Create an account; each call gets a unique, valid NIP and email."""

    def make(*roles: Role, **overrides):
        n = next(_numbers)
        account = NewAccount(
            nip=overrides.pop("nip", f"19900101201501{1 + n % 2}{n % 999 + 1:03d}"),
            email=overrides.pop("email", f"user{n}@example.go.id"),
            full_name=overrides.pop("full_name", f"Pegawai {n}"),
            password=overrides.pop("password", TEST_PASSWORD),
            unit_id=get_or_create_unit(db, overrides.pop("unit", "Dinas Kominfo")).id,
            regency_id=db.query(Regency).filter_by(code="18.71").one().id,
            position=overrides.pop("position", "Analis Kebijakan"),
            roles=set(roles) or {Role.LEARNER},
        )
        user = create_user(db, account)
        db.commit()
        return user

    return make


@contextmanager
def counted_statements():
    """The SQL statements run inside the block, for tests that prove a page's query count is constant.
    Transaction control (BEGIN) is not a query and is left out."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args):
        if statement.strip().upper() != "BEGIN":
            statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)


def login(client, user, password: str = TEST_PASSWORD):
    response = client.post("/login", data={"identifier": user.email, "password": password})
    assert response.status_code == 302, "login failed"
    return response


def write_course(root: Path, slug: str, modules: dict[str, str] | None = None, **fields) -> Path:
    """Write a course folder: `modules` maps 'NN-slug' to Markdown body."""
    folder = root / fields.pop("folder", slug)
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"title": f"Kursus {slug}", "slug": slug, "summary": "Ringkasan kursus.",
            "competency_type": "teknis", "jp": "4", "level": "2", **fields}
    front = "\n".join(f"{key}: {value}" for key, value in meta.items())
    (folder / "course.md").write_text(f"---\n{front}\n---\nDeskripsi kursus.\n")
    for name, body in (modules or {"01-pengantar": "## Pengantar\n\nIsi modul."}).items():
        title = name.split("-", 1)[1].replace("-", " ").title()
        (folder / f"{name}.md").write_text(f"---\ntitle: {title}\nminutes: 10\n---\n{textwrap.dedent(body)}")
    return folder


@pytest.fixture
def content_root(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    return root


@pytest.fixture
def make_course(db, content_root):
    """Write a course to a fresh content folder and sync it; returns the Course row."""
    from elearn.content.models import Course

    def make(slug: str = "kursus-uji", modules: dict[str, str] | None = None, **fields):
        write_course(content_root, slug, modules, **fields)
        sync_content(db, content_root)
        db.commit()
        return db.query(Course).filter_by(slug=slug).one()

    return make
