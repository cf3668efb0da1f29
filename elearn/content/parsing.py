"""Reading content/ into plain objects, collecting every problem as `path:line: message`.

Nothing here touches the database, so `flask content check` and the sync share it.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from elearn.competencies.dictionary import load_dictionary, tagged_competencies
from elearn.content.frontmatter import Fields, FileReport, Problem, read_text, split_front_matter
from elearn.content.rendering import RENDERER_VERSION
from elearn.evaluation.surveys import load_surveys
from elearn.quizzes.parsing import QuizSource, load_course_quizzes

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MODULE_FILE_RE = re.compile(r"^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
IMAGE_REF_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMAGE_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml",
}
MAX_IMAGE_BYTES = 1024 * 1024
COMPETENCY_TYPES = ("teknis", "manajerial", "sosial-kultural")
COURSE_KEYS = {
    "title", "slug", "summary", "competency_type", "jp", "level", "language", "published", "competencies",
    "follow_up_days",
}
DEFAULT_FOLLOW_UP_DAYS = 30
MODULE_KEYS = {"title", "minutes"}


@dataclass
class ImageSource:
    relative_path: str
    data: bytes
    media_type: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class ModuleSource:
    slug: str
    position: int
    title: str
    minutes: int | None
    body: str
    digest: str


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


def _check_image_refs(body: str, body_line: int, images: dict, report: FileReport) -> None:
    for offset, line in enumerate(body.split("\n")):
        for alt, src in IMAGE_REF_RE.findall(line):
            if "://" in src or src.startswith("/"):
                report.add(body_line + offset, f"image '{src}' must be a file in the course folder")
            elif src not in images:
                report.add(body_line + offset, f"image '{src}' does not exist in the course folder")
            if not alt.strip():
                report.add(body_line + offset, f"image '{src}' needs a description (alt text)")


def _load_images(folder: Path, root: Path, problems: list[Problem]) -> dict[str, ImageSource]:
    images: dict[str, ImageSource] = {}
    image_dir = folder / "images"
    for path in sorted(image_dir.rglob("*")) if image_dir.is_dir() else []:
        if not path.is_file():
            continue
        report = FileReport(path, root, problems)
        media_type = IMAGE_TYPES.get(path.suffix.lower())
        if media_type is None:
            report.add(1, f"images must be {', '.join(sorted(IMAGE_TYPES))}")
        elif path.stat().st_size > MAX_IMAGE_BYTES:
            report.add(1, "the image is larger than 1 MB; make it smaller for slow connections")
        else:
            relative = path.relative_to(folder).as_posix()
            images[relative] = ImageSource(relative, path.read_bytes(), media_type)
    return images


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
    title = fields.text("title", 200)
    minutes = fields.integer("minutes", 1, 600, required=False)
    if not body.strip():
        report.add(body_line, "the module has no text after its front matter")
    _check_image_refs(body, body_line, images, report)
    if len(problems) > before:
        return None
    return ModuleSource(
        slug=match.group(2), position=int(match.group(1)), title=title, minutes=minutes,
        body=body, digest=_digest(text.encode()),
    )


def load_course(folder: Path, root: Path, problems: list[Problem], timezone: str = "Asia/Jakarta",
                competencies: set[str] | None = None):
    """Read one course folder; return None (with problems added) if anything is wrong. Competency
    tags are checked against `competencies`, the dictionary's slugs (None: no dictionary)."""
    before = len(problems)
    course_file = folder / "course.md"
    report = FileReport(course_file, root, problems)
    if not course_file.is_file():
        report.add(1, "every course folder needs a course.md file")
        return None
    text = read_text(course_file, report)
    values, description, _ = split_front_matter(text or "", report)
    fields = Fields(values, COURSE_KEYS, report)
    slug = fields.text("slug", 80)
    if slug and not SLUG_RE.match(slug):
        report.add(values["slug"][1], "'slug' may hold only lowercase letters, digits and hyphens")
    course = CourseSource(
        folder=folder.name, slug=slug, title=fields.text("title", 200),
        summary=fields.text("summary", 500), description=description,
        competency_type=fields.choice("competency_type", COMPETENCY_TYPES),
        jp=fields.integer("jp", 1, 200) or 0, level=fields.integer("level", 1, 5) or 0,
        language=fields.choice("language", ("id", "en"), default="id"),
        published=fields.choice("published", ("yes", "no"), default="yes") == "yes", digest="",
        slug_line=values.get("slug", ("", 1))[1],
        competencies=tagged_competencies(*values.get("competencies", ("", 1)), competencies, report),
        follow_up_days=fields.integer("follow_up_days", 1, 365, required=False) or DEFAULT_FOLLOW_UP_DAYS,
    )
    course.images = _load_images(folder, root, problems)
    _check_image_refs(description, 1, course.images, report)
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
    course.quizzes = load_course_quizzes(folder, root, timezone, problems, competencies)
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


@dataclass
class ContentTree:
    courses: list[CourseSource]
    problems: list[Problem]
    # What is on disk but not imported: a live course with this slug or folder is never retired.
    present_slugs: set[str]
    broken_folders: set[str]
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
    return ContentTree(
        courses=courses, problems=sorted(problems),
        present_slugs=set(by_slug),
        broken_folders={f.name for f in folders} - {c.folder for c in courses},
        dictionary=dictionary if dictionary and dictionary.complete else None, surveys=surveys,
    )
