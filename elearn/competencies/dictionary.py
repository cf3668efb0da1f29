"""The competency dictionary and job profiles in content/_kamus/: reading (every problem as
`path:line: message`) and syncing into the database."""

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from elearn.content.frontmatter import Problem

DICTIONARY_FOLDER = "_kamus"


def load_dictionary(root: Path, problems: list[Problem]):
    """The dictionary under `root`, or None when there is none or it has problems."""
    if not (root / DICTIONARY_FOLDER).is_dir():
        return None
    return None


def sync_dictionary(session: Session, source, now: datetime) -> None:
    """Import the dictionary; competencies and profiles missing from it are retired."""
