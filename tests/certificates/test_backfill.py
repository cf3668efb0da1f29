"""Migration 0005 gives enrolments completed before it their ledger entry and certificate."""

import os
import uuid
from datetime import UTC, date, datetime

import flask_migrate
import pytest
import sqlalchemy as sa

from elearn import create_app
from elearn.certificates.models import Certificate, JpLedgerEntry
from elearn.core.extensions import db as _db
from tests.conftest import BACKENDS

BEFORE_LEDGER = "c0a4e1d2b301"  # 0004_competencies
COMPLETED_AT = datetime(2025, 12, 31, 17, 30, tzinfo=UTC)  # 00:30 on 1 January 2026 in Lampung


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'backfill.sqlite3'}"
        return
    server_url = sa.make_url(os.environ["ELEARN_TEST_DATABASE_URL"])
    name = f"elearn_backfill_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield server_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _history_before_the_ledger(connection) -> None:
    """Two learners as they were at revision 0004: one completed a course, one is still on it."""
    meta = sa.MetaData()
    unit, user, course, enrollment = (sa.Table(name, meta, autoload_with=connection)
                                      for name in ("unit", "user", "course", "enrollment"))
    regency_id = connection.scalar(sa.select(sa.table("regency", sa.column("id")).c.id).limit(1))
    unit_id = connection.execute(sa.insert(unit).values(name="Dinas Kominfo")).inserted_primary_key[0]
    now = datetime(2026, 1, 5, tzinfo=UTC)
    users = [{"nip": nip, "email": f"{nip}@example.go.id", "full_name": name, "password_hash": "x",
              "unit_id": unit_id, "regency_id": regency_id, "position": "Pelaksana", "active": True,
              "session_token": nip, "created_at": now}
             for nip, name in (("199203152015022001", "Siti Rahmawati"), ("198807012010011003", "Budi"))]
    siti, budi = (connection.execute(sa.insert(user).values(row)).inserted_primary_key[0] for row in users)
    course_id = connection.execute(sa.insert(course).values(
        slug="pelayanan", source_folder="pelayanan", title="Pelayanan Prima", summary="", description_html="",
        competency_type="teknis", jp=6, level=2, language="id", published=True, source_digest="x",
        synced_at=now)).inserted_primary_key[0]
    connection.execute(sa.insert(enrollment), [
        {"user_id": siti, "course_id": course_id, "enrolled_at": datetime(2025, 12, 1, tzinfo=UTC),
         "last_activity_at": COMPLETED_AT, "completed_at": COMPLETED_AT, "jp_awarded": 6},
        {"user_id": budi, "course_id": course_id, "enrolled_at": now, "last_activity_at": now,
         "completed_at": None, "jp_awarded": None},
    ])


def test_upgrading_gives_earlier_completions_their_entry_and_certificate(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE_LEDGER)
        with _db.engine.begin() as connection:
            _history_before_the_ledger(connection)
        flask_migrate.upgrade()
        with _db.engine.connect() as connection:
            entries = connection.execute(sa.select(
                JpLedgerEntry.year, JpLedgerEntry.activity_type, JpLedgerEntry.provider, JpLedgerEntry.title,
                JpLedgerEntry.started_on, JpLedgerEntry.completed_on, JpLedgerEntry.jp)).all()
            certificates = connection.execute(sa.select(
                Certificate.code, Certificate.learner_name, Certificate.learner_nip, Certificate.course_title,
                Certificate.jp, Certificate.completed_on, Certificate.revoked_at)).all()
        _db.engine.dispose()
    assert [tuple(row) for row in entries] == [
        (2026, "E-learning", "BPSDM Provinsi Lampung", "Pelayanan Prima", date(2025, 12, 1), date(2026, 1, 1), 6)]
    [(code, name, nip, title, jp, completed_on, revoked_at)] = certificates
    assert (name, nip, title, jp, completed_on, revoked_at) == \
        ("Siti Rahmawati", "199203152015022001", "Pelayanan Prima", 6, date(2026, 1, 1), None)
    assert len(code) == 12 and code.isalnum() and code.isupper()
