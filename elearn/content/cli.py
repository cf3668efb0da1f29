"""`flask content check` and `flask content sync`."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from elearn.content.services import check_content, sync_content
from elearn.extensions import db

content_cli = AppGroup("content", help="Check and import the courses under content/.")


def _content_root() -> Path:
    root = Path(current_app.config["ELEARN_CONTENT_DIR"])
    if not root.is_dir():
        raise click.ClickException(f"content folder {root} does not exist (ELEARN_CONTENT_DIR)")
    return root


@content_cli.command("check")
def check_command():
    """Validate content/ without touching the database; exit 1 on any problem."""
    problems = check_content(_content_root())
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo("Content is valid.")


@content_cli.command("sync")
def sync_command():
    """Import content/ into the database; a broken course keeps its live version."""
    report = sync_content(db.session, _content_root())
    db.session.commit()
    for label, slugs in (
        ("created", report.created), ("updated", report.updated),
        ("unchanged", report.unchanged), ("retired", report.retired),
    ):
        if slugs:
            click.echo(f"{label}: {', '.join(slugs)}")
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if report.problems:
        click.echo(
            "Not imported (the live version stays): " + ", ".join(report.refused_folders or ["-"]),
            err=True,
        )
        sys.exit(1)
