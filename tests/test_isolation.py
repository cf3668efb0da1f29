"""The test database fixture itself: a test's commits and savepoints are rolled back at its end, and
a thread that would share the test's connection is stopped with a pointer to the `commits` marker."""

import threading

import pytest
from sqlalchemy import func, select

from elearn.accounts.models import Unit
from elearn.accounts.services import get_or_create_unit
from elearn.core.extensions import db as _db
from tests.conftest import _rolled_back


def units_named(session, name: str) -> int:
    return session.scalar(select(func.count(Unit.id)).where(Unit.name == name))


@pytest.mark.commits  # to look at the database after the rolled-back block
def test_commits_and_savepoints_inside_the_rolled_back_block_leave_nothing(app, db):
    with app.app_context(), _rolled_back() as session:
        get_or_create_unit(session, "Unit Sementara")
        session.commit()
        with session.begin_nested():
            get_or_create_unit(session, "Unit Bersarang")
        session.commit()
        assert units_named(session, "Unit Sementara") == units_named(session, "Unit Bersarang") == 1
    assert units_named(db, "Unit Sementara") == units_named(db, "Unit Bersarang") == 0


def test_a_thread_cannot_share_the_tests_connection(app, db):
    errors = []

    def query():
        with app.app_context():
            try:
                _db.session.scalar(select(1))
            except RuntimeError as error:
                errors.append(str(error))

    worker = threading.Thread(target=query)
    worker.start()
    worker.join()
    assert errors and "commits" in errors[0]
