"""Each person's job profile, matched from their position by the dictionary's phrases."""

from sqlalchemy import case, func, null, or_, select, true, update
from sqlalchemy.orm import Session

from elearn.accounts.models import User
from elearn.dictionary.models import JobProfile
from elearn.dictionary.services import CATCH_ALL


def _first_matching_profile(profiles: list[tuple[int, list[str]]]):
    """SQL: the id of the first profile with a phrase the person's position contains, else NULL. One
    CASE stops at the first match, so each row is tested against each phrase at most once."""
    whens = [(true() if CATCH_ALL in patterns else
              or_(*(User.position.icontains(pattern, autoescape=True) for pattern in patterns)), profile_id)
             for profile_id, patterns in profiles]
    return case(*whens, else_=null()) if whens else null()


def resolve_job_profiles(session: Session) -> int:
    """Give every user the first live profile (in dictionary order) whose phrases their position
    contains, with one UPDATE that writes only the rows whose profile changes; returns how many users
    have a profile."""
    session.flush()
    profiles = session.execute(select(JobProfile.id, JobProfile.match_patterns)
                               .where(JobProfile.retired_at.is_(None)).order_by(JobProfile.position)).all()
    matched = _first_matching_profile(profiles)
    session.execute(update(User).where(User.job_profile_id.is_distinct_from(matched))
                    .values(job_profile_id=matched).execution_options(synchronize_session=False))
    for loaded in list(session.identity_map.values()):  # loaded users must not keep their old profile
        if isinstance(loaded, User):
            session.expire(loaded, ["job_profile_id"])
    return session.scalar(select(func.count()).select_from(User).where(User.job_profile_id.is_not(None)))
