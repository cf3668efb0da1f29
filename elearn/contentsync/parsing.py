"""Reading content/ into plain objects, collecting every problem as `path:line: message`.

Nothing here touches the database, so `flask content check` and the sync share it.
"""

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from elearn.content.images import ImageSource, check_image_refs, load_images
from elearn.content.models import COMPETENCY_TYPES, Course, Module
from elearn.core.frontmatter import Fields, FileReport, Problem, column_length, read_text, split_front_matter
from elearn.core.rendering import RENDERER_VERSION
from elearn.dictionary.services import load_dictionary, tagged_competencies
from elearn.evaluation.surveys import load_surveys
from elearn.quizzes.parsing import QuizSource, load_course_quizzes

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MODULE_FILE_RE = re.compile(r"^([0-9]{1,9})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
COURSE_KEYS = {
    "title", "slug", "summary", "competency_type", "jp", "level", "language", "published", "competencies",
    "follow_up_days",
}
DEFAULT_FOLLOW_UP_DAYS = 30
MODULE_KEYS = {"title", "minutes"}


@dataclass
class ModuleSource:
    slug: str
    position: int
    title: str
    minutes: int | None
    body: str
    digest: str
    shown: str = ""  # the file, for problems found while rendering
    body_line: int = 1


@dataclass
class CourseSource:
    folder: str
    slug: str
    title: str
    summary: str
    competency_type: str
    jp: int
    level: int
    language: str
    published: bool
    description: str
    digest: str
    slug_line: int = 1
    shown: str = ""  # course.md, for problems found while rendering or importing
    description_line: int = 1
    competencies: list[str] = field(default_factory=list)  # dictionary slugs the course develops
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS  # when the behaviour survey is due after completion
    modules: list[ModuleSource] = field(default_factory=list)
    quizzes: list[QuizSource] = field(default_factory=list)
    images: dict[str, ImageSource] = field(default_factory=dict)


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256(RENDERER_VERSION.encode())
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big") + part)
    return hasher.hexdigest()


def _load_module(path: Path, root: Path, images: dict, problems: list[Problem]) -> ModuleSource | None:
    report = FileReport(path, root, problems)
    before = len(problems)
    match = MODULE_FILE_RE.match(path.name)
    text = read_text(path, report)
    if match is None or text is None:
        if match is None:
            report.add(1, "module files are named NN-slug.md (digits, hyphen, lowercase slug)")
        return None
    values, body, body_line = split_front_matter(text, report)
    fields = Fields(values, MODULE_KEYS, report)
    title = fields.text("title", column_length(Module.title))
    minutes = fields.integer("minutes", 1, 600, required=False)
    if len(match.group(2)) > column_length(Module.slug):
        report.add(1, f"the module slug is longer than {column_length(Module.slug)} characters")
    if not body.strip():
        report.add(body_line, "the module has no text after its front matter")
    check_image_refs(body, body_line, images, report)
    if len(problems) > before:
        return None
    return ModuleSource(
        slug=match.group(2), position=int(match.group(1)), title=title, minutes=minutes,
        body=body, digest=_digest(text.encode()), shown=report.shown, body_line=body_line,
    )


def load_course(folder: Path, root: Path, problems: list[Problem], timezone: str = "Asia/Jakarta",
                competencies: set[str] | None = None):
    """Read one course folder; return None (with problems added) if anything is wrong. Competency
    tags are checked against `competencies`, the dictionary's slugs (None: no dictionary)."""
    before = len(problems)
    course_file = folder / "course.md"
    report = FileReport(course_file, root, problems)
    if not os.path.lexists(course_file):
        report.add(1, "every course folder needs a course.md file")
        return None
    if len(folder.name) > column_length(Course.source_folder):
        report.add(1, f"the course folder's name is longer than {column_length(Course.source_folder)} "
                      "characters")
    if (text := read_text(course_file, report)) is None:
        return None
    values, description, description_line = split_front_matter(text, report)
    fields = Fields(values, COURSE_KEYS, report)
    slug = fields.text("slug", column_length(Course.slug))
    if slug and not SLUG_RE.match(slug):
        report.add(values["slug"][1], "'slug' may hold only lowercase letters, digits and hyphens")
    course = CourseSource(
        folder=folder.name, slug=slug, title=fields.text("title", column_length(Course.title)),
        summary=fields.text("summary", column_length(Course.summary)), description=description,
        shown=report.shown, description_line=description_line,
        competency_type=fields.choice("competency_type", COMPETENCY_TYPES),
        jp=fields.integer("jp", 1, 200) or 0, level=fields.integer("level", 1, 5) or 0,
        language=fields.choice("language", ("id", "en"), default="id"),
        published=fields.choice("published", ("yes", "no"), default="yes") == "yes", digest="",
        slug_line=values.get("slug", ("", 1))[1],
        competencies=tagged_competencies(*values.get("competencies", ("", 1)), competencies, report),
        follow_up_days=fields.integer("follow_up_days", 1, 365, required=False) or DEFAULT_FOLLOW_UP_DAYS,
    )
    course.images = load_images(folder, root, problems)
    check_image_refs(description, description_line, course.images, report)
    slugs_seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md"), key=lambda p: p.name):
        if path.name in ("course.md", "README.md"):
            continue
        module = _load_module(path, root, course.images, problems)
        if module is None:
            continue
        if module.slug in slugs_seen:
            FileReport(path, root, problems).add(
                1, f"module slug '{module.slug}' is also used by {slugs_seen[module.slug].name}"
            )
        slugs_seen[module.slug] = path
        course.modules.append(module)
    course.quizzes = load_course_quizzes(folder, root, timezone, problems, competencies, course.images)
    if not course.modules and len(problems) == before:
        report.add(1, "the course has no modules (files named NN-slug.md)")
    if len(problems) > before:
        return None
    course.modules.sort(key=lambda m: (m.position, m.slug))
    course.digest = _digest(
        text.encode(), *(m.digest.encode() for m in course.modules),
        *(f"{p}:{i.digest}".encode() for p, i in sorted(course.images.items())),
        *(f"{q.slug}:{q.position}:{q.digest}".encode() for q in course.quizzes),
    )
    return course


def declared_slug(folder: Path, root: Path) -> str | None:
    """The slug a course folder's course.md says, even when the rest of the course is broken."""
    course_file = folder / "course.md"
    if not os.path.lexists(course_file):
        return None
    report = FileReport(course_file, root, [])
    values, _, _ = split_front_matter(read_text(course_file, report) or "", report)
    return values.get("slug", ("", 0))[0] or None


@dataclass
class ContentTree:
    courses: list[CourseSource]
    problems: list[Problem]
    # What is on disk but not imported: a live course with one of these slugs is never retired (nor one
    # recorded in a broken folder whose course.md does not even say its slug).
    present_slugs: set[str]
    broken_folders: set[str]
    broken_slugs: set[str] = field(default_factory=set)
    dictionary: object | None = None  # competencies.dictionary source, None when absent or broken
    surveys: object | None = None  # evaluation.surveys.SurveyFolder; None without content/_survei


def load_content(root: Path, timezone: str = "Asia/Jakarta") -> ContentTree:
    """Read every course under `root`; a course with any problem is left out of `courses`."""
    problems: list[Problem] = []
    dictionary = load_dictionary(root, problems)
    known = dictionary.declared if dictionary else None
    surveys = load_surveys(root, problems)
    loaded: list[CourseSource] = []
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for folder in folders:
        if course := load_course(folder, root, problems, timezone, known):
            loaded.append(course)
    by_slug: dict[str, list[CourseSource]] = {}
    for course in loaded:
        by_slug.setdefault(course.slug, []).append(course)
    courses = []
    for slug, same in by_slug.items():
        if len(same) == 1:
            courses.append(same[0])
            continue
        for course in same:
            others = ", ".join(c.folder for c in same if c is not course)
            problems.append(Problem(
                f"{root.name}/{course.folder}/course.md", course.slug_line,
                f"course slug '{slug}' is also used by {others}",
            ))
    broken = [folder for folder in folders if folder.name not in {c.folder for c in courses}]
    return ContentTree(
        courses=courses, problems=sorted(problems),
        present_slugs=set(by_slug), broken_folders={f.name for f in broken},
        broken_slugs={slug for folder in broken if (slug := declared_slug(folder, root))},
        dictionary=dictionary if dictionary and dictionary.complete else None, surveys=surveys,
    )
