"""The schema exists only through migrations, and the migrations match the models."""

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select

from elearn import create_app
from elearn.accounts.models import Regency
from elearn.core.extensions import db as _db


def test_models_and_migrations_agree(app, db):
    with _db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, _db.metadata) == []


def test_the_fifteen_regencies_of_lampung_are_reference_data(db):
    assert db.scalar(select(func.count(Regency.id))) == 15


def test_migrations_go_down_and_up_again(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'updown.sqlite3'}"})
    with app.app_context():
        flask_migrate.upgrade()
        flask_migrate.downgrade(revision="base")
        assert inspect(_db.engine).get_table_names() == ["alembic_version"]
        flask_migrate.upgrade()
        assert "module_completion" in inspect(_db.engine).get_table_names()
        _db.engine.dispose()
