"""`flask remedial stalled`: the daily sweep that advises learners who stopped after failing a post-test."""

import click
from flask import current_app
from flask.cli import AppGroup

from elearn.core.extensions import db, utcnow
from elearn.core.transaction import unit_of_work
from elearn.core.web import site_settings
from elearn.evaluation.remedial import recommend_for_stalled

remedial_cli = AppGroup("remedial", help="Remedial advice after post-tests.")


@remedial_cli.command("stalled")
def stalled_command():
    """Advise learners with no activity for ELEARN_STALLED_DAYS since a failed post-test (run daily)."""
    with unit_of_work(db.session):
        made = recommend_for_stalled(db.session, utcnow(), current_app.config["ELEARN_STALLED_DAYS"],
                                     settings=site_settings())
    click.echo(f"{len(made)} recommendation(s) made.")
