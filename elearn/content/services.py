"""Checking content/ and importing it into the database, idempotently and without losing history."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from elearn.competencies.dictionary import DICTIONARY_FOLDER, sync_dictionary
from elearn.competencies.models import Competency, CourseCompetency
from elearn.content.models import ContentImage, Course, Module
from elearn.content.parsing import CourseSource, Problem, load_content
from elearn.content.rendering import render_markdown
from elearn.evaluation.surveys import sync_surveys
from elearn.extensions import utcnow
from elearn.quizzes.sync import render_quiz, sync_course_quizzes


@dataclass
class SyncReport:
    problems: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    refused_folders: list[str] = field(default_factory=list)


def check_content(root: Path, timezone: str = "Asia/Jakarta") -> list[Problem]:
    """Every problem in content/, without touching the database."""
    tree = load_content(root, timezone)
    for course in tree.courses:
        _render_course(course)
    return tree.problems


def image_url(digest: str, relative_path: str) -> str:
    return f"/media/{digest}{PurePosixPath(relative_path).suffix.lower()}"


def _render_course(source: CourseSource) -> tuple[str, dict[str, str]]:
    """Render description and modules (returned) and quizzes (in place on their sources)."""
    urls = {path: image_url(image.digest, path) for path, image in source.images.items()}
    for quiz in source.quizzes:
        render_quiz(quiz, urls, source.language)
    description = render_markdown(source.description, urls, source.language)
    return description, {m.slug: render_markdown(m.body, urls, source.language) for m in source.modules}


def _store_images(session: Session, source: CourseSource) -> None:
    for image in source.images.values():
        if session.get(ContentImage, image.digest) is None:
            session.add(ContentImage(digest=image.digest, media_type=image.media_type, data=image.data))


def _import_course(session: Session, source: CourseSource, course: Course | None, now: datetime) -> Course:
    """Create or update one course in place; modules missing from the source are retired."""
    description_html, bodies = _render_course(source)
    _store_images(session, source)
    if course is None:
        course = Course(slug=source.slug)
        session.add(course)
    course.source_folder = source.folder
    course.title, course.summary = source.title, source.summary
    course.description_html = description_html
    course.competency_type, course.jp, course.level = source.competency_type, source.jp, source.level
    course.language, course.published = source.language, source.published
    course.follow_up_days = source.follow_up_days
    course.source_digest, course.synced_at, course.retired_at = source.digest, now, None
    session.flush()
    existing = {m.slug: m for m in session.scalars(select(Module).where(Module.course_id == course.id))}
    for position, module_source in enumerate(source.modules, start=1):
        module = existing.pop(module_source.slug, None)
        if module is None:
            module = Module(course_id=course.id, slug=module_source.slug, body_html="")
            session.add(module)
        body_html = bodies[module_source.slug]
        if (module.title, module.minutes, module.body_html) != (
            module_source.title, module_source.minutes, body_html
        ):
            module.title, module.minutes = module_source.title, module_source.minutes
            module.body_html, module.updated_at = body_html, now
        module.position, module.source_digest, module.retired_at = position, module_source.digest, None
    for gone in existing.values():
        if gone.retired_at is None:
            gone.retired_at = now
    sync_course_quizzes(session, course.id, source.quizzes, now)
    return course


def _link_competencies(session: Session, sources: list[CourseSource], courses: dict[str, Course]) -> None:
    """Make each imported course's competency links what its course.md says, for every course on every
    sync (not only changed ones): the dictionary may have gained a slug a course already named. Slugs
    the live dictionary does not have (no dictionary folder) are not linked."""
    competency_ids = dict(session.execute(select(Competency.slug, Competency.id)
                                          .where(Competency.retired_at.is_(None))).all())
    wanted = {(courses[s.slug].id, competency_ids[slug]) for s in sources for slug in s.competencies
              if slug in competency_ids}
    course_ids = [courses[s.slug].id for s in sources]
    linked = set(session.execute(select(CourseCompetency.course_id, CourseCompetency.competency_id)
                                 .where(CourseCompetency.course_id.in_(course_ids))).all())
    for course_id, competency_id in linked - wanted:
        session.execute(delete(CourseCompetency).where(CourseCompetency.course_id == course_id,
                                                       CourseCompetency.competency_id == competency_id))
    session.add_all(CourseCompetency(course_id=course_id, competency_id=competency_id)
                    for course_id, competency_id in wanted - linked)


def sync_content(
    session: Session, root: Path, now: datetime | None = None, timezone: str = "Asia/Jakarta"
) -> SyncReport:
    """Import every valid course under `root`; broken courses keep their live version.
    Quiz opening and closing times in the files are read in `timezone`."""
    now = now or utcnow()
    tree = load_content(root, timezone)
    report = SyncReport(problems=tree.problems, refused_folders=sorted(tree.broken_folders))
    if tree.dictionary is not None:  # first: courses point at its competencies
        sync_dictionary(session, tree.dictionary, now)
    elif (root / DICTIONARY_FOLDER).is_dir():
        report.refused_folders.append(DICTIONARY_FOLDER)
    sync_surveys(session, tree.surveys, now)
    existing = {c.slug: c for c in session.scalars(select(Course))}
    for source in tree.courses:
        course = existing.get(source.slug)
        if course is not None and course.retired_at is None and course.source_digest == source.digest:
            report.unchanged.append(source.slug)
            continue
        (report.updated if course else report.created).append(source.slug)
        existing[source.slug] = _import_course(session, source, course, now)
    for course in existing.values():
        if (
            course.retired_at is None
            and course.slug not in tree.present_slugs
            and course.source_folder not in tree.broken_folders
        ):
            course.retired_at = now
            report.retired.append(course.slug)
    _link_competencies(session, tree.courses, existing)
    session.flush()
    return report
