"""Both databases behave alike where correctness depends on it."""

from sqlalchemy import func, select

from elearn.accounts.models import Unit
from elearn.accounts.services import get_or_create_unit


def test_a_rolled_back_request_leaves_nothing_even_inside_savepoints(db):
    with db.begin_nested():
        get_or_create_unit(db, "Unit Sementara")
    db.rollback()
    assert db.scalar(select(func.count(Unit.id)).where(Unit.name == "Unit Sementara")) == 0
