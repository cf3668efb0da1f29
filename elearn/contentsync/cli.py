"""`flask content check`, `flask content sync` and `flask content import-gift`."""

import re
import sys
from collections import Counter
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from elearn.contentsync.parsing import declared_slug
from elearn.contentsync.services import check_content, sync_content
from elearn.core.extensions import db
from elearn.core.files import UnreadableFile, read_content_bytes
from elearn.core.frontmatter import Problem
from elearn.core.transaction import unit_of_work
from elearn.quizzes.gift import gift_to_quiz
from elearn.quizzes.parsing import HEADING_RE

content_cli = AppGroup("content", help="Check and import the courses under content/.")


def _content_root() -> Path:
    root = Path(current_app.config["ELEARN_CONTENT_DIR"])
    if not root.is_dir():
        raise click.ClickException(f"content folder {root} does not exist (ELEARN_CONTENT_DIR)")
    return root


@content_cli.command("check")
def check_command():
    """Validate content/ without touching the database; exit 1 on any problem."""
    problems = check_content(_content_root(), current_app.config["ELEARN_TIMEZONE"])
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo("Content is valid.")


@content_cli.command("sync")
def sync_command():
    """Import content/ into the database; a broken course keeps its live version."""
    with unit_of_work(db.session):  # what was imported stays, even when another course was refused
        report = sync_content(db.session, _content_root(), timezone=current_app.config["ELEARN_TIMEZONE"])
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


QUIZ_NAME_RE = re.compile(r"^\d+-[a-z0-9]+(-[a-z0-9]+)*$")


def _course_folder(root: Path, slug: str) -> Path:
    """The folder whose course.md says `slug: <slug>`; the rest of the course need not be valid yet."""
    found = [folder for folder in sorted(root.iterdir())
             if folder.is_dir() and not folder.name.startswith((".", "_"))  # skipped by check and sync too
             and declared_slug(folder, root) == slug]
    if len(found) != 1:
        raise click.ClickException(f"{len(found) or 'no'} course folders under {root} have slug '{slug}'")
    return found[0]


def _check_quiz_target(folder: Path, quiz_name: str, force: bool) -> Path:
    """The new quiz file; an existing one is kept unless forced, and a quiz slug is never used twice."""
    target, slug = folder / f"{quiz_name}.quiz", quiz_name.split("-", 1)[1]
    if target.exists() and not force:
        raise click.ClickException(f"{target} already exists; add --force to overwrite it")
    for other in folder.glob(f"*-{slug}.quiz"):
        if other != target and other.name.split("-", 1)[1] == f"{slug}.quiz":
            raise click.ClickException(f"{other.name} already uses the quiz slug '{slug}'")
    return target


def _convert_gift(gift_file: Path, title: str, file_name: str) -> tuple[str | None, list[Problem]]:
    try:  # a file the operator names may be anywhere, but a FIFO or device must not hang the import
        text = read_content_bytes(gift_file, None).decode("utf-8-sig")  # Windows editors write a BOM
    except UnreadableFile as error:
        return None, [Problem(str(gift_file), 1, str(error))]
    except UnicodeDecodeError as error:
        return None, [Problem(str(gift_file), 1, f"the file is not valid UTF-8 text (byte {error.start})")]
    return gift_to_quiz(text, str(gift_file), title, file_name)


@content_cli.command("import-gift")
@click.argument("gift_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--course", "course_slug", required=True, metavar="SLUG", help="slug of the course to add to")
@click.option("--quiz", "quiz_name", required=True, metavar="NN-slug", help="the new quiz, e.g. 90-bank-soal")
@click.option("--title", help="the quiz title (default: from the quiz slug)")
@click.option("--force", is_flag=True, help="overwrite an existing quiz file")
def import_gift_command(gift_file: Path, course_slug: str, quiz_name: str, title: str | None, force: bool):
    """Convert a Moodle GIFT file into a practice quiz of a course; writes nothing on any problem."""
    if not QUIZ_NAME_RE.match(quiz_name):
        raise click.BadParameter("use NN-slug: digits, a hyphen, then lowercase letters, digits and hyphens",
                                 param_hint="--quiz")
    root = _content_root()
    target = _check_quiz_target(_course_folder(root, course_slug), quiz_name, force)
    default_title = quiz_name.split("-", 1)[1].replace("-", " ").capitalize()
    quiz_text, problems = _convert_gift(gift_file, title or default_title, target.name)
    for problem in problems:
        click.echo(str(problem), err=True)
    if quiz_text is None:
        click.echo(f"{len(problems)} problem(s) found; nothing was written.", err=True)
        sys.exit(1)
    target.write_text(quiz_text, encoding="utf-8")
    types = Counter(match.group(2) for line in quiz_text.split("\n") if (match := HEADING_RE.match(line)))
    click.echo(f"Wrote {target.relative_to(root.parent)}: "
               + ", ".join(f"{count} {name}" for name, count in types.items()))
    click.echo("Review it (add quiz settings if needed), then run `flask content sync`.")
