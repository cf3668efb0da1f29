"""Survey files and completed courses for the survey tests: the files are written into the test's
content folder, so every `make_course` (which syncs that folder) brings them in too."""

import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from elearn.contentsync.services import sync_content
from elearn.evaluation.models import Survey
from elearn.learning.services import active_modules, complete_module, enrol
from tests.plugins.factories import SETTINGS

NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)  # 10:00 in Lampung (WIB)

QUESTIONS = """
## relevansi likert

Materi relevan dengan pekerjaan saya.

## frekuensi choice
required: no

Seberapa sering Anda menerapkannya?

- 1: Tidak pernah
- 2: Setiap hari

## komentar text

Komentar Anda.
"""


def survey_text(kind: str, title: str = "Survei uji", intro: str = "Pengantar **survei**.",
                questions: str = QUESTIONS) -> str:
    return f"---\ntitle: {title}\nkind: {kind}\n---\n{intro}\n{textwrap.dedent(questions)}"


def write_survey(root: Path, slug: str, text: str) -> Path:
    folder = root / "_survei"
    folder.mkdir(exist_ok=True)
    path = folder / f"{slug}.survey"
    path.write_text(text)
    return path


def write_all_kinds(root: Path) -> None:
    for slug, kind in (("reaksi", "reaction"), ("perilaku-peserta", "behaviour_learner"),
                       ("perilaku-mentor", "behaviour_mentor")):
        write_survey(root, slug, survey_text(kind, title=f"Survei {slug}"))


def sync(db, root: Path, now: datetime = NOW):
    report = sync_content(db, root, now)
    db.commit()
    return report


def survey_named(db, slug: str) -> Survey:
    return db.scalar(select(Survey).where(Survey.slug == slug))


def complete_course(db, make_course, learner, slug: str = "etika", completed_at: datetime = NOW, **fields):
    """A one-module course that `learner` completed at `completed_at`."""
    course = make_course(slug=slug, modules={"01-a": "Isi."}, **fields)
    enrollment = enrol(db, learner.id, course, completed_at)
    for module in active_modules(db, course):
        complete_module(db, enrollment, module, completed_at, settings=SETTINGS)
    db.commit()
    return course


def days_ago(days: float, now: datetime = NOW) -> datetime:
    return now - timedelta(days=days)
