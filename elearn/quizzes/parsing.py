"""Reading `NN-slug.quiz` files (format in content/README.md) into plain objects, with every problem
reported as `path:line: message`."""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from elearn.content.images import ImageSource, check_image_refs
from elearn.core.frontmatter import Fields, FileReport, Problem, column_length, read_text, split_front_matter
from elearn.dictionary.services import tagged_competencies
from elearn.quizzes.models import Question, Quiz
from elearn.quizzes.question_types import QUESTION_TYPES, Line

QUIZ_FILE_RE = re.compile(r"^([0-9]{1,9})-([a-z0-9]+(?:-[a-z0-9]+)*)\.quiz$")
POINTS_RE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,4})?")
HEADING_RE = re.compile(r"^## (\S+)(?: (\S+))?\s*$")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
COMMON_SETTINGS = {"points", "topic", "competencies", "feedback"}
ROLES = ("pretest", "practice", "final")
REVIEW_WHEN = ("immediately", "after_pass", "after_close", "never")
REVIEW_ITEMS = {"score": "immediately", "correctness": "immediately", "answers": "after_close",
                "feedback": "immediately"}
QUIZ_KEYS = {
    "title", "role", "pass_percent", "attempts", "time_limit", "shuffle_questions", "shuffle_options",
    "draw", "opens", "closes", *(f"show_{item}" for item in REVIEW_ITEMS),
}


@dataclass
class QuestionSource:
    key: str
    type: str
    points: float
    prompt: str
    feedback: str
    topic: str | None
    competencies: list[str]
    data: dict
    digest: str
    prompt_html: str = ""
    feedback_html: str = ""
    line: int = 1  # its heading, for problems found while rendering


@dataclass
class QuizSource:
    slug: str
    position: int
    title: str
    role: str
    pass_percent: int
    max_attempts: int | None
    time_limit_minutes: int | None
    shuffle_questions: bool
    shuffle_options: bool
    draw_count: int | None
    opens_at: object
    closes_at: object
    review: dict[str, str]
    intro: str
    digest: str
    questions: list[QuestionSource] = field(default_factory=list)
    intro_html: str = ""
    shown: str = ""  # the file, for problems found while rendering
    intro_line: int = 1


def _split_blocks(body: str, first_line: int) -> tuple[list[Line], list[tuple[Line, list[Line]]]]:
    """The intro lines, then (heading, lines) for each `## key type` block."""
    intro: list[Line] = []
    blocks: list[tuple[Line, list[Line]]] = []
    for offset, text in enumerate(body.split("\n")):
        line = Line(first_line + offset, text)
        if text.startswith("## "):
            blocks.append((line, []))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            intro.append(line)
    return intro, blocks


def _parse_question(heading: Line, lines: list[Line], report: FileReport,
                    competencies: set[str] | None) -> QuestionSource | None:
    before = len(report.problems)
    match = HEADING_RE.match(heading.text)
    key, type_name = (match.group(1), match.group(2)) if match else ("", None)
    question_type = QUESTION_TYPES.get(type_name or "")
    if not match or not KEY_RE.match(key) or len(key) > column_length(Question.key) or question_type is None:
        report.add(heading.number, "a question starts with '## <key> <type>', type one of "
                   + ", ".join(QUESTION_TYPES) + f"; found {heading.text!r}")
        return None
    allowed = COMMON_SETTINGS | question_type.settings
    settings: dict[str, tuple[str, int]] = {}
    index = 0
    while index < len(lines) and (m := re.match(r"^([a-z_]+):\s*(.*)$", lines[index].text)):
        if m.group(1) not in allowed:
            break
        settings[m.group(1)] = (m.group(2).strip(), lines[index].number)
        index += 1
    body = lines[index:]
    while body and not body[-1].text.strip():
        body.pop()
    prompt, data = question_type.parse(key, body, settings, report.add)
    points = 1.0
    if "points" in settings:
        value, line = settings["points"]
        points = float(value) if POINTS_RE.fullmatch(value) else 0
        if not 0 < points <= 100:
            report.add(line, f"'points' must be a number above 0 and at most 100, not {value!r}")
    topic, topic_line = settings.get("topic", ("", heading.number))
    if len(topic) > column_length(Question.topic):
        report.add(topic_line, f"'topic' is longer than {column_length(Question.topic)} characters")
    tagged = tagged_competencies(*settings.get("competencies", ("", heading.number)), competencies, report)
    prompt_text = "\n".join(line.text for line in prompt).strip()
    if not prompt_text:
        report.add(heading.number, f"question '{key}' has no question text")
    if len(report.problems) > before:
        return None
    block_text = "\n".join([heading.text, *(line.text for line in lines)]).strip()
    return QuestionSource(
        key=key, type=question_type.name, points=points, prompt=prompt_text,
        feedback=settings.get("feedback", ("", 0))[0], topic=topic or None, competencies=tagged,
        data=data, digest=hashlib.sha256(block_text.encode()).hexdigest(), line=heading.number,
    )


def load_quiz(path: Path, root: Path, text: str, timezone: str, problems: list[Problem],
              competencies: set[str] | None = None,
              images: dict[str, ImageSource] | None = None) -> QuizSource | None:
    """Parse one quiz file; None (with problems added) if anything is wrong. Question competencies are
    checked against `competencies`, the dictionary's slugs (None: no dictionary, not checked); images
    against the course's `images` (None: not checked)."""
    report = FileReport(path, root, problems)
    before = len(problems)
    match = QUIZ_FILE_RE.match(path.name)
    if match is None:
        report.add(1, "quiz files are named NN-slug.quiz (digits, hyphen, lowercase slug)")
        return None
    values, body, body_line = split_front_matter(text, report)
    fields = Fields(values, QUIZ_KEYS, report)
    intro, blocks = _split_blocks(body, body_line)
    if len(match.group(2)) > column_length(Quiz.slug):
        report.add(1, f"the quiz slug is longer than {column_length(Quiz.slug)} characters")
    if images is not None:
        check_image_refs(body, body_line, images, report)
    questions = [question for heading, lines in blocks
                 if (question := _parse_question(heading, lines, report, competencies))]
    if not blocks:
        report.add(body_line, "the quiz has no questions ('## <key> <type>' blocks)")
    keys = [q.key for q in questions]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        report.add(1, f"question key '{key}' is used twice")
    draw = fields.integer("draw", 1, 500, required=False)
    if draw and draw > len(blocks):
        report.add(values["draw"][1], f"'draw' is {draw} but the quiz has only {len(blocks)} questions")
    quiz = QuizSource(
        slug=match.group(2), position=int(match.group(1)),
        title=fields.text("title", column_length(Quiz.title)),
        role=fields.choice("role", ROLES, default="practice"),
        pass_percent=_with_default(fields.integer("pass_percent", 0, 100, required=False), "pass_percent",
                                   values, 70),
        max_attempts=fields.integer("attempts", 1, 100, required=False),
        time_limit_minutes=fields.integer("time_limit", 1, 600, required=False),
        shuffle_questions=fields.flag("shuffle_questions", False),
        shuffle_options=fields.flag("shuffle_options", False),
        draw_count=draw, opens_at=fields.local_time("opens", timezone),
        closes_at=fields.local_time("closes", timezone),
        review={item: fields.choice(f"show_{item}", REVIEW_WHEN, default=default)
                for item, default in REVIEW_ITEMS.items()},
        intro="\n".join(line.text for line in intro).strip(),
        digest=hashlib.sha256(text.encode()).hexdigest(), questions=questions,
        shown=report.shown, intro_line=intro[0].number if intro else body_line,
    )
    if quiz.opens_at and quiz.closes_at and quiz.closes_at <= quiz.opens_at:
        report.add(values["closes"][1], "'closes' must be after 'opens'")
    return quiz if len(problems) == before else None


def _with_default(value: int | None, key: str, values: dict, default: int) -> int:
    return default if key not in values else (value if value is not None else default)


def load_course_quizzes(folder: Path, root: Path, timezone: str, problems: list[Problem],
                        competencies: set[str] | None = None,
                        images: dict[str, ImageSource] | None = None) -> list[QuizSource]:
    """Every `*.quiz` file of a course folder, in course order; at most one final quiz."""
    quizzes = []
    for path in sorted(folder.glob("*.quiz")):
        if (text := read_text(path, FileReport(path, root, problems))) is None:
            continue
        if quiz := load_quiz(path, root, text, timezone, problems, competencies, images):
            quizzes.append(quiz)
    slugs = [q.slug for q in quizzes]
    finals = [q for q in quizzes if q.role == "final"]
    for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
        problems.append(Problem(f"{root.name}/{folder.name}", 1, f"quiz slug '{slug}' is used twice"))
    if len(finals) > 1:
        problems.append(Problem(
            f"{root.name}/{folder.name}", 1,
            "a course has at most one final quiz; found " + ", ".join(q.slug for q in finals),
        ))
    return sorted(quizzes, key=lambda q: (q.position, q.slug))
