"""What accounts do when other parts of the site announce something."""

from sqlalchemy.orm import Session

from elearn.accounts.profiles import resolve_job_profiles
from elearn.dictionary.signals import dictionary_synced


@dictionary_synced.connect
def match_job_profiles(_sender, *, session: Session) -> None:
    """A new dictionary may add, change or retire profiles: match everyone's position again."""
    resolve_job_profiles(session)
