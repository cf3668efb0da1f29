"""Checking content/ and importing it into the database, idempotently and without losing history."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from elearn.content.models import ContentImage, Course, Module
from elearn.contentsync.parsing import ContentTree, CourseSource, Problem, load_content
from elearn.core.extensions import utcnow
from elearn.core.rendering import ContentRenderer
from elearn.dictionary.models import Competency, CourseCompetency
from elearn.dictionary.services import COMPETENCY_FILE, DICTIONARY_FOLDER, DictionarySource, sync_dictionary
from elearn.evaluation.surveys import SURVEY_FOLDER, sync_surveys
from elearn.quizzes.models import Question, Quiz
from elearn.quizzes.sync import render_quiz, sync_course_quizzes


@dataclass
class SyncReport:
    problems: list[Problem] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    refused_folders: list[str] = field(default_factory=list)
    refused_slugs: set[str] = field(default_factory=set)  # valid on disk, but not imported this time

    def refuse(self, source: CourseSource) -> None:
        self.refused_slugs.add(source.slug)
        self.refused_folders = sorted({*self.refused_folders, source.folder})


def check_content(root: Path, timezone: str = "Asia/Jakarta") -> list[Problem]:
    """Every problem in content/, without touching the database."""
    tree = load_content(root, timezone)
    for course in tree.courses:
        _render_course(course, tree.problems)
    return sorted(tree.problems)


def image_url(digest: str, relative_path: str) -> str:
    return f"/media/{digest}{PurePosixPath(relative_path).suffix.lower()}"


@dataclass
class RenderedCourse:
    description_html: str
    module_html: dict[str, str]  # by module slug


def _render_course(source: CourseSource, problems: list[Problem]) -> RenderedCourse | None:
    """Render description and modules (returned) and quizzes (in place on their sources); None, with
    the problems added, if any text is too complex or too slow to render."""
    before = len(problems)
    urls = {path: image_url(image.digest, path) for path, image in source.images.items()}
    for quiz in source.quizzes:
        render_quiz(quiz, urls, source.language, problems)
    description = ContentRenderer(source.shown, problems, urls, source.language).block(
        source.description, source.description_line)
    bodies = {m.slug: ContentRenderer(m.shown, problems, urls, source.language).block(m.body, m.body_line)
              for m in source.modules}
    return RenderedCourse(description, bodies) if len(problems) == before else None


def _store_images(session: Session, source: CourseSource) -> None:
    for image in source.images.values():
        if session.get(ContentImage, image.digest) is None:
            session.add(ContentImage(digest=image.digest, media_type=image.media_type, data=image.data))


def _import_course(session: Session, source: CourseSource, rendered: RenderedCourse, course: Course | None,
                   now: datetime) -> Course:
    """Create or update one course in place; modules missing from the source are retired."""
    description_html, bodies = rendered.description_html, rendered.module_html
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


def _in_savepoint(session: Session, report: SyncReport, shown: str, sync) -> None:
    """Run one part of the sync (surveys, the dictionary) so that its failure refuses only that part."""
    try:
        with session.begin_nested():
            sync()
    except Exception as error:  # the courses still sync
        report.problems.append(Problem(shown, 1, _refusal(error, "folder")))
        report.refused_folders.append(shown.split("/")[-1])


def _competencies_in_use(session: Session, imported: list[CourseSource]) -> dict[str, str]:
    """{competency slug: a live course using it} once this sync is done: imported courses by their files
    (course and question tags), the courses kept as they were by what the database holds."""
    used = {slug: source.slug for source in imported
            for slug in [*source.competencies, *(c for quiz in source.quizzes for q in quiz.questions
                                                 for c in q.competencies)]}
    kept = (Course.retired_at.is_(None), Course.slug.not_in([source.slug for source in imported]))
    used |= dict(session.execute(
        select(Competency.slug, Course.slug)
        .join(CourseCompetency, CourseCompetency.competency_id == Competency.id)
        .join(Course, Course.id == CourseCompetency.course_id).where(*kept)).all())
    for slugs, course_slug in session.execute(
            select(Question.competencies, Course.slug).join(Quiz, Quiz.id == Question.quiz_id)
            .join(Course, Course.id == Quiz.course_id)
            .where(*kept, Quiz.retired_at.is_(None), Question.retired_at.is_(None))):
        used |= dict.fromkeys(slugs, course_slug)
    return used


def _sync_dictionary_if_unused(session: Session, root: Path, dictionary: DictionarySource,
                               imported: list[CourseSource], report: SyncReport, now: datetime) -> None:
    """Import the dictionary unless it retires a competency a live course still uses: then the whole
    dictionary keeps its live version (like a broken one), so no live course points at a retired
    competency. The author removes the tag from the course first (in the same sync is fine)."""
    shown = f"{root.name}/{DICTIONARY_FOLDER}/{COMPETENCY_FILE}"
    live = set(session.scalars(select(Competency.slug).where(Competency.retired_at.is_(None))))
    used = _competencies_in_use(session, imported)
    clashes = sorted(slug for slug in live - dictionary.declared if slug in used)
    report.problems += [Problem(shown, 1, f"competency '{slug}' is removed but the live course "
                                f"'{used[slug]}' still uses it; remove it from the course first (the "
                                "dictionary is not imported)") for slug in clashes]
    if clashes:
        report.refused_folders.append(DICTIONARY_FOLDER)
    else:
        _in_savepoint(session, report, f"{root.name}/{DICTIONARY_FOLDER}",
                      lambda: sync_dictionary(session, dictionary, now))


def _refusal(error: Exception, what: str) -> str:
    """An unexpected failure in a few words (a database error's first line, without its SQL)."""
    first_line = str(error).strip().split("\n")[0][:200]
    return f"the {what} could not be imported ({type(error).__name__}: {first_line}); its live version stays"


def _sync_courses(session: Session, tree: ContentTree, report: SyncReport, now: datetime) -> dict:
    """Import each new or changed course inside its own savepoint: whatever goes wrong with one course
    (even a database error check could not foresee) refuses that course only. Returns the live
    courses by slug; a refused course's slug goes to `report.refused_slugs`."""
    existing = {c.slug: c for c in session.scalars(select(Course))}
    for source in tree.courses:
        course = existing.get(source.slug)
        if course is not None and course.retired_at is None and course.source_digest == source.digest:
            course.source_folder = source.folder  # the folder may have been renamed
            report.unchanged.append(source.slug)
            continue
        if (rendered := _render_course(source, report.problems)) is None:
            report.refuse(source)
            continue
        try:
            with session.begin_nested():
                existing[source.slug] = _import_course(session, source, rendered, course, now)
        except Exception as error:  # one course's failure must not stop the others
            report.problems.append(Problem(source.shown, 1, _refusal(error, "course")))
            report.refuse(source)
            continue
        (report.updated if course else report.created).append(source.slug)
    return existing


def _retire_missing(tree: ContentTree, courses: dict[str, Course], report: SyncReport, now: datetime) -> None:
    """Retire live courses gone from content/; one on disk (even broken or refused) keeps its version.
    Courses are known by slug, so a renamed folder keeps its course; the recorded folder matters only
    for a broken course.md that does not say its slug."""
    kept = tree.present_slugs | tree.broken_slugs
    for course in courses.values():
        if (course.retired_at is None and course.slug not in kept
                and course.source_folder not in tree.broken_folders):
            course.retired_at = now
            report.retired.append(course.slug)


def sync_content(
    session: Session, root: Path, now: datetime | None = None, timezone: str = "Asia/Jakarta"
) -> SyncReport:
    """Import every valid course under `root`; broken courses keep their live version.
    Quiz opening and closing times in the files are read in `timezone`."""
    now = now or utcnow()
    tree = load_content(root, timezone)
    report = SyncReport(problems=tree.problems, refused_folders=sorted(tree.broken_folders))
    _in_savepoint(session, report, f"{root.name}/{SURVEY_FOLDER}",
                  lambda: sync_surveys(session, tree.surveys, now))
    courses = _sync_courses(session, tree, report, now)
    _retire_missing(tree, courses, report, now)
    imported = [s for s in tree.courses if s.slug not in report.refused_slugs]
    if tree.dictionary is not None:  # before linking: courses point at its competencies
        _sync_dictionary_if_unused(session, root, tree.dictionary, imported, report, now)
    elif (root / DICTIONARY_FOLDER).is_dir():
        report.refused_folders.append(DICTIONARY_FOLDER)
    _link_competencies(session, imported, courses)
    session.flush()
    report.problems.sort()
    return report
