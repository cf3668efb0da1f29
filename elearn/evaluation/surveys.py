"""Evaluation surveys in content/_survei/: reading (every problem as `path:line: message`) and
syncing into the database. The file format is described in content/README.md ("Surveys")."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from elearn.core.frontmatter import Fields, FileReport, Problem, column_length, read_text, split_front_matter
from elearn.core.rendering import RENDERER_VERSION, render_markdown
from elearn.evaluation.models import Survey, SurveyQuestion

SURVEY_FOLDER = "_survei"
KINDS = ("reaction", "behaviour_learner", "behaviour_mentor")
QUESTION_TYPES = ("likert", "choice", "text")
SURVEY_FILE_RE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.survey$")
HEADING_RE = re.compile(r"^## (\S+) (\S+)\s*$")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
SETTING_RE = re.compile(r"^([a-z_]+):(?:\s+(.*))?$")
OPTION_RE = re.compile(r"^- (\d{1,3}): (.+)$")
SETTINGS = {"likert": {"required", "labels"}, "choice": {"required"}, "text": {"required"}}
LIKERT_LABELS = ["Sangat tidak setuju", "Tidak setuju", "Ragu-ragu", "Setuju", "Sangat setuju"]
MAX_PROMPT = 1000


@dataclass
class SurveyQuestionSource:
    key: str
    type: str
    prompt: str
    options: list  # choice: [[value, label], ...]; likert: its five labels; text: []
    required: bool


@dataclass
class SurveySource:
    slug: str
    title: str
    kind: str
    intro: str
    digest: str
    kind_line: int = 1
    questions: list[SurveyQuestionSource] = field(default_factory=list)


@dataclass
class SurveyFolder:
    """The valid surveys, and every slug with a file on disk: a broken file keeps its live version."""

    sources: list[SurveySource]
    present_slugs: set[str]


class _Block:
    """One `## key type` block while it is read: its heading line and the lines under it."""

    def __init__(self, number: int, heading: str):
        self.number, self.heading, self.lines = number, heading, []


def _split(body: str, first_line: int) -> tuple[list[str], list[_Block]]:
    intro: list[str] = []
    blocks: list[_Block] = []
    for number, text in enumerate(body.split("\n"), start=first_line):
        if text.startswith("## "):
            blocks.append(_Block(number, text))
        elif blocks:
            blocks[-1].lines.append((number, text))
        else:
            intro.append(text)
    return intro, blocks


def _settings(block: _Block, type_name: str, report: FileReport) -> tuple[dict, list]:
    """The `key: value` lines right under the heading; the rest is the question."""
    settings: dict[str, tuple[str, int]] = {}
    lines = list(block.lines)
    while lines and (match := SETTING_RE.match(lines[0][1])):
        name, value = match.group(1), (match.group(2) or "").strip()
        if name not in SETTINGS[type_name]:
            report.add(lines[0][0], f"unknown setting '{name}' for a {type_name} question "
                       f"(allowed: {', '.join(sorted(SETTINGS[type_name]))})")
        settings[name] = (value, lines[0][0])
        lines.pop(0)
    return settings, lines


def _required(settings: dict, type_name: str, report: FileReport) -> bool:
    """Comments are optional unless the author says otherwise; ratings and choices are required."""
    value, line = settings.get("required", ("no" if type_name == "text" else "yes", 0))
    if value not in ("yes", "no"):
        report.add(line, f"'required' must be yes or no, not {value!r}")
    return value == "yes"


def _likert_labels(settings: dict, report: FileReport) -> list[str]:
    if "labels" not in settings:
        return list(LIKERT_LABELS)
    value, line = settings["labels"]
    labels = [label.strip() for label in value.split("|")]
    if len(labels) != 5 or not all(labels):
        report.add(line, f"'labels' needs five labels separated by '|', found {len(labels)}")
    return labels


def _choice_options(lines: list, key: str, report: FileReport, heading_line: int) -> tuple[list, list]:
    """Options are the `- value: label` lines; what comes before them is the question."""
    prompt = [(n, t) for n, t in lines if not t.startswith("- ")]
    options: list[list] = []
    for number, text in lines:
        if not text.startswith("- "):
            if options and text.strip():
                report.add(number, "the question text comes before the options")
            continue
        match = OPTION_RE.match(text)
        if match is None:
            report.add(number, f"expected an option '- 1: label', found {text!r}")
        elif any(value == int(match.group(1)) for value, _ in options):
            report.add(number, f"option value {match.group(1)} is used twice in question '{key}'")
        else:
            options.append([int(match.group(1)), match.group(2).strip()])
    if len(options) < 2:
        report.add(heading_line, f"choice question '{key}' needs at least two options '- 1: label'")
    return prompt, options


def _question(block: _Block, report: FileReport) -> SurveyQuestionSource | None:
    before = len(report.problems)
    match = HEADING_RE.match(block.heading)
    if not match or not KEY_RE.match(match.group(1)) or match.group(2) not in QUESTION_TYPES:
        report.add(block.number, "a question starts with '## <key> <type>', key in lowercase letters, "
                   f"digits and hyphens, type one of {', '.join(QUESTION_TYPES)}; found {block.heading!r}")
        return None
    key, type_name = match.groups()
    settings, lines = _settings(block, type_name, report)
    required = _required(settings, type_name, report)
    options: list = []
    if type_name == "choice":
        lines, options = _choice_options(lines, key, report, block.number)
    elif type_name == "likert":
        options = _likert_labels(settings, report)
    for number, text in lines:
        if OPTION_RE.match(text):
            report.add(number, f"only choice questions have options; '{key}' is a {type_name} question")
    prompt = " ".join(text.strip() for _, text in lines if text.strip())
    if not prompt:
        report.add(block.number, f"question '{key}' has no question text")
    elif len(prompt) > MAX_PROMPT:
        report.add(block.number, f"the text of question '{key}' is longer than {MAX_PROMPT} characters")
    if len(report.problems) > before:
        return None
    return SurveyQuestionSource(key, type_name, prompt, options, required)


def _read_survey(path: Path, slug: str, root: Path, problems: list[Problem]) -> SurveySource | None:
    """The survey in one file, as far as it can be read; the caller counts the problems."""
    report = FileReport(path, root, problems)
    text = read_text(path, report)
    if text is None:
        return None
    values, body, body_line = split_front_matter(text, report)
    fields = Fields(values, {"title", "kind"}, report)
    intro, blocks = _split(body, body_line)
    source = SurveySource(
        slug=slug, title=fields.text("title", 200), kind=fields.choice("kind", KINDS),
        intro="\n".join(intro).strip(),
        digest=hashlib.sha256(RENDERER_VERSION.encode() + text.encode()).hexdigest(),
        kind_line=values.get("kind", ("", 1))[1],
    )
    if not blocks:
        report.add(body_line, "the survey has no questions ('## <key> <type>' blocks)")
    seen: dict[str, int] = {}
    for block in blocks:
        if (question := _question(block, report)) is None:
            continue
        if question.key in seen:
            first = seen[question.key]
            report.add(block.number, f"question key '{question.key}' is also used on line {first}")
        seen.setdefault(question.key, block.number)
        source.questions.append(question)
    return source


def load_surveys(root: Path, problems: list[Problem]) -> SurveyFolder | None:
    """The valid surveys under `root`; a broken survey file is left out (its live version stays).
    None when there is no survey folder at all: then sync leaves the surveys as they are."""
    folder = root / SURVEY_FOLDER
    if not folder.is_dir():
        return None
    read: list[tuple[SurveySource, bool, Path]] = []
    present: set[str] = set()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name != "README.md"):
        match = SURVEY_FILE_RE.match(path.name)
        if match is None:
            FileReport(path, root, problems).add(1, "survey files are named <slug>.survey (lowercase "
                                                    "letters, digits and hyphens)")
            continue
        if len(match.group(1)) > column_length(Survey.slug):
            FileReport(path, root, problems).add(1, f"a survey slug is at most {column_length(Survey.slug)} "
                                                    "characters")
            continue
        present.add(match.group(1))
        before = len(problems)
        if source := _read_survey(path, match.group(1), root, problems):
            read.append((source, len(problems) == before, path))
    return SurveyFolder(_one_per_kind(read, root, problems), present)


def _one_per_kind(read: list, root: Path, problems: list[Problem]) -> list[SurveySource]:
    """Only one survey of each kind can be offered: when files share a kind, each of them is refused."""
    by_kind: dict[str, list[Path]] = {}
    for source, _valid, path in read:
        by_kind.setdefault(source.kind, []).append(path)
    for source, _valid, path in read:
        if source.kind in KINDS and len(by_kind[source.kind]) > 1:
            others = ", ".join(p.name for p in by_kind[source.kind] if p != path)
            FileReport(path, root, problems).add(
                source.kind_line, f"kind '{source.kind}' is also the kind of {others}; only one survey of "
                "each kind can be active")
    return [source for source, valid, _ in read if valid and len(by_kind[source.kind]) == 1]


def _sync_questions(session: Session, survey: Survey, sources: list[SurveyQuestionSource],
                    now: datetime) -> None:
    """Questions are matched by key and updated in place; answers keep pointing at them. A question
    no longer in the file is retired, never deleted."""
    existing = {q.key: q for q in session.scalars(
        select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id))}
    for position, source in enumerate(sources, start=1):
        question = existing.pop(source.key, None)
        if question is None:
            question = SurveyQuestion(survey_id=survey.id, key=source.key)
            session.add(question)
        question.position, question.type, question.prompt = position, source.type, source.prompt
        question.options, question.required, question.retired_at = source.options, source.required, None
    for gone in existing.values():
        if gone.retired_at is None:
            gone.retired_at = now


def sync_surveys(session: Session, sources: SurveyFolder | None, now: datetime) -> None:
    """Import the surveys given; their questions are updated in place. A survey whose file is gone is
    retired; an imported survey retires any other live survey of its kind (one survey per kind)."""
    if sources is None:
        return
    existing = {s.slug: s for s in session.scalars(select(Survey))}
    for source in sources.sources:
        survey = existing.get(source.slug)
        if survey is not None and survey.retired_at is None and survey.source_digest == source.digest:
            continue
        if survey is None:
            survey = Survey(slug=source.slug)
            session.add(survey)
        survey.kind, survey.title, survey.retired_at = source.kind, source.title, None
        survey.intro_html = render_markdown(source.intro) if source.intro else ""
        survey.source_digest = source.digest
        session.flush()
        _sync_questions(session, survey, source.questions, now)
    imported = {source.kind: source.slug for source in sources.sources}
    for survey in existing.values():
        replaced = imported.get(survey.kind, survey.slug) != survey.slug
        if survey.retired_at is None and (survey.slug not in sources.present_slugs or replaced):
            survey.retired_at = now
    session.flush()
