"""The competency dictionary and job profiles in content/_kamus/: reading (every problem as
`path:line: message`) and syncing into the database, then giving each person the job profile that
their free-text position matches. The file format is described in content/README.md."""

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from elearn.core.frontmatter import Fields, FileReport, Problem, column_length, read_key_values, read_text
from elearn.dictionary.models import Competency, JobProfile, JobRequirement
from elearn.dictionary.signals import dictionary_synced

DICTIONARY_FOLDER = "_kamus"
COMPETENCY_FILE, PROFILE_FILE = "kompetensi.md", "jabatan.md"
GROUPS = ("teknis", "manajerial", "sosial-kultural")
LEVELS = range(1, 6)
COMPETENCY_KEYS = {"group", "name", "description", *(f"level {level}" for level in LEVELS)}
PROFILE_KEYS = {"name", "match"}
CATCH_ALL = "*"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = min(column_length(Competency.slug), column_length(JobProfile.slug))


@dataclass
class CompetencySource:
    slug: str
    group: str
    name: str
    description: str
    levels: list[str]  # level 1 first


@dataclass
class ProfileSource:
    slug: str
    name: str
    patterns: list[str]  # lowercase phrases; ["*"] for the catch-all
    requirements: dict[str, int]  # competency slug -> required level


@dataclass
class DictionarySource:
    competencies: list[CompetencySource] = field(default_factory=list)
    profiles: list[ProfileSource] = field(default_factory=list)
    # Every competency slug the files declare, even in a broken block, so that course and question
    # tags are checked against what the author meant while the dictionary itself is being fixed.
    declared: set[str] = field(default_factory=set)
    complete: bool = True  # False when any problem was found: then it is not imported


@dataclass
class _Block:
    """One `## slug` block: its heading line and the numbered lines under it."""

    number: int
    slug: str
    lines: list[tuple[int, str]] = field(default_factory=list)


def _read_blocks(path: Path, root: Path, kind: str, problems: list[Problem]) -> list[_Block]:
    """The `## slug` blocks of one file; text before the first block is an introduction for readers."""
    report = FileReport(path, root, problems)
    if not os.path.lexists(path):
        report.add(1, f"the dictionary folder needs a {path.name} file with the {kind}s")
        return []
    blocks: list[_Block] = []
    for number, line in enumerate((read_text(path, report) or "").split("\n"), start=1):
        if line.startswith("## "):
            slug = line[3:].strip()
            if not SLUG_RE.match(slug):
                report.add(number, f"a {kind} starts with '## <slug>' (lowercase letters, digits and "
                                   f"hyphens); found {line!r}")
            elif len(slug) > MAX_SLUG:
                report.add(number, f"a {kind} slug is at most {MAX_SLUG} characters")
            blocks.append(_Block(number, slug))
        elif blocks:
            blocks[-1].lines.append((number, line))
    seen: dict[str, int] = {}
    for block in blocks:
        if block.slug in seen:
            report.add(block.number, f"{kind} '{block.slug}' is also defined on line {seen[block.slug]}")
        seen.setdefault(block.slug, block.number)
    if not blocks:
        report.add(1, f"the file defines no {kind} ('## <slug>' blocks)")
    return blocks


def tagged_competencies(value: str, line: int, known: set[str] | None, report: FileReport) -> list[str]:
    """The slugs of a course's or question's `competencies:` setting (comma-separated); each must be
    in the dictionary, unless there is no dictionary folder (`known` is None)."""
    slugs = [slug.strip() for slug in value.split(",") if slug.strip()]
    for slug in slugs:
        if known is not None and slug not in known:
            report.add(line, f"unknown competency '{slug}' (not in {DICTIONARY_FOLDER}/{COMPETENCY_FILE})")
    return slugs


def _competency(block: _Block, report: FileReport) -> CompetencySource:
    values = read_key_values(block.lines, report, f"in competency '{block.slug}'")
    fields = Fields(values, COMPETENCY_KEYS, report, missing_line=block.number)
    return CompetencySource(
        slug=block.slug, group=fields.choice("group", GROUPS),
        name=fields.text("name", column_length(Competency.name)),
        description=fields.text("description", 2000),
        levels=[fields.text(f"level {level}", 1000) for level in LEVELS],
    )


def _patterns(values: dict, block: _Block, report: FileReport) -> list[str]:
    value, line = values.get("match", ("", block.number))
    patterns = [phrase.strip().lower() for phrase in value.split(",") if phrase.strip()]
    if not patterns:
        report.add(line, f"'match' is required: phrases of positions, or '{CATCH_ALL}' for everyone else")
    elif CATCH_ALL in patterns and len(patterns) > 1:
        report.add(line, f"'{CATCH_ALL}' matches every position, so it stands alone in 'match'")
    return patterns


def _profile(block: _Block, competencies: set[str], report: FileReport) -> ProfileSource:
    values = read_key_values(block.lines, report, f"in job profile '{block.slug}'")
    fields = Fields(values, set(values) | PROFILE_KEYS, report, missing_line=block.number)
    requirements: dict[str, int] = {}
    for key, (_, line) in values.items():
        if key in PROFILE_KEYS:
            continue
        if key not in competencies:
            report.add(line, f"unknown competency '{key}' (not in {COMPETENCY_FILE})")
        elif (level := fields.integer(key, 1, 5)) is not None:
            requirements[key] = level
    if not any(key not in PROFILE_KEYS for key in values):
        report.add(block.number, f"job profile '{block.slug}' requires no competency "
                                 "(add lines like 'integritas: 2')")
    return ProfileSource(slug=block.slug, name=fields.text("name", column_length(JobProfile.name)),
                         patterns=_patterns(values, block, report), requirements=requirements)


def _check_catch_all(profiles: list[ProfileSource], blocks: list[_Block], report: FileReport) -> None:
    """A profile after the catch-all could never be anyone's: profiles are tried in file order."""
    for index, profile in enumerate(profiles[:-1]):
        if CATCH_ALL in profile.patterns:
            report.add(blocks[index + 1].number, f"job profile '{blocks[index + 1].slug}' comes after "
                       f"the catch-all '{profile.slug}' (match: {CATCH_ALL}) and would never match")
            return


def load_dictionary(root: Path, problems: list[Problem]) -> DictionarySource | None:
    """The dictionary under `root`, or None when there is no dictionary folder (then course and question
    competencies are not checked). With any problem, `complete` is False and it is not imported."""
    folder = root / DICTIONARY_FOLDER
    if not folder.is_dir():
        return None
    before = len(problems)
    for path in sorted(folder.iterdir()):
        if path.name not in (COMPETENCY_FILE, PROFILE_FILE, "README.md") and not path.name.startswith("."):
            FileReport(path, root, problems).add(
                1, f"unexpected file: the dictionary is {COMPETENCY_FILE} and {PROFILE_FILE}")
    source = DictionarySource()
    competency_path, profile_path = folder / COMPETENCY_FILE, folder / PROFILE_FILE
    competency_report = FileReport(competency_path, root, problems)
    for block in _read_blocks(competency_path, root, "competency", problems):
        source.competencies.append(_competency(block, competency_report))
    source.declared = {c.slug for c in source.competencies if c.slug}
    profile_report = FileReport(profile_path, root, problems)
    blocks = _read_blocks(profile_path, root, "job profile", problems)
    source.profiles = [_profile(block, source.declared, profile_report) for block in blocks]
    _check_catch_all(source.profiles, blocks, profile_report)
    source.complete = len(problems) == before
    return source


def _sync_competencies(session: Session, sources: list[CompetencySource], now: datetime) -> dict[str, int]:
    existing = {c.slug: c for c in session.scalars(select(Competency))}
    for position, source in enumerate(sources, start=1):
        competency = existing.pop(source.slug, None) or Competency(slug=source.slug)
        session.add(competency)
        competency.group, competency.name = source.group, source.name
        competency.description, competency.level_descriptions = source.description, source.levels
        competency.position, competency.retired_at = position, None
    for gone in existing.values():
        gone.retired_at = gone.retired_at or now
    session.flush()
    return dict(session.execute(select(Competency.slug, Competency.id)).all())


def _sync_profiles(session: Session, sources: list[ProfileSource], competency_ids: dict[str, int],
                   now: datetime) -> None:
    existing = {p.slug: p for p in session.scalars(select(JobProfile))}
    live = []
    for position, source in enumerate(sources, start=1):
        profile = existing.pop(source.slug, None) or JobProfile(slug=source.slug)
        session.add(profile)
        profile.name, profile.match_patterns = source.name, source.patterns
        profile.position, profile.retired_at = position, None
        live.append((profile, source))
    for gone in existing.values():
        gone.retired_at = gone.retired_at or now
    session.flush()
    requirements = {(r.profile_id, r.competency_id): r for r in session.scalars(select(JobRequirement))}
    for profile, source in live:
        for slug, level in source.requirements.items():
            competency_id = competency_ids[slug]
            requirement = requirements.pop((profile.id, competency_id), None)
            if requirement is None:
                session.add(JobRequirement(profile_id=profile.id, competency_id=competency_id, level=level))
            else:
                requirement.level = level
    live_ids = {profile.id for profile, _ in live}
    for (profile_id, _), requirement in requirements.items():
        if profile_id in live_ids:  # a retired profile keeps its requirements as they were
            session.delete(requirement)


def sync_dictionary(session: Session, source: DictionarySource, now: datetime) -> None:
    """Import a complete dictionary; competencies and profiles missing from it are retired (never
    deleted: assessments and history point at them). Then it is announced, so everyone's job profile
    is matched again."""
    competency_ids = _sync_competencies(session, source.competencies, now)
    _sync_profiles(session, source.profiles, competency_ids, now)
    dictionary_synced.send(None, session=session)


def job_profile_for_position(session: Session, position: str) -> JobProfile | None:
    """The profile a person with this position gets, by the same rule as `resolve_job_profiles`."""
    position = position.lower()
    for profile in session.scalars(select(JobProfile).where(JobProfile.retired_at.is_(None))
                                   .order_by(JobProfile.position)):
        if any(p == CATCH_ALL or p in position for p in profile.match_patterns):
            return profile
    return None
