"""Citizen feedback on public services: storing it without personal data, and reading it back as
aggregates by OPD and service area (what the needs analysis shows next to the competency gaps)."""

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from elearn.accounts.models import Unit
from elearn.core.errors import FieldProblems
from elearn.voices.models import CitizenFeedback

SERVICE_AREA_LABELS = {
    "kependudukan": _l("Population and civil registration"),
    "kesehatan": _l("Health"),
    "pendidikan": _l("Education"),
    "perizinan": _l("Licences and permits"),
    "sosial": _l("Social assistance"),
    "pengaduan": _l("Handling of complaints"),
    "lainnya": _l("Other services"),
}
MAX_COMMENT_LENGTH = 1000
LOW_RATING = 2  # ratings of 1 or 2 count as dissatisfied
COMMENTS_PER_PAGE = 20
MASK = "***"
# What looks like personal data in a comment: an email address; a 16- to 18-digit number (NIK, family
# card or NIP), digits possibly grouped by spaces, dots or dashes; an Indonesian mobile number (08…,
# +62 8…, 62 8…) in groups of three or four digits, so dates and times ("08-12-2024 10.30") stay readable.
PERSONAL_DATA = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<!\d)\d(?:[ .-]?\d){15,17}(?!\d)"
    r"|(?<![\w+])(?:\+?62[ .-]?|0)8\d{1,3}(?:[ .-]?\d{3,4}){2,3}(?!\d)"
)


@dataclass(frozen=True)
class NewFeedback:
    unit_id: int
    service_area: str
    rating: int
    comment: str


def mask_personal_data(text: str) -> str:
    """Replace what looks like an email, phone number or NIK, so the database never holds them."""
    return PERSONAL_DATA.sub(MASK, text)


def record_feedback(session: Session, feedback: NewFeedback, now: datetime) -> CitizenFeedback:
    """Store one citizen's feedback, the comment masked; refused field by field when it names an OPD
    or area that does not exist (only a forged form can) or a rating outside 1–5."""
    problems = {}
    if session.get(Unit, feedback.unit_id) is None:
        problems["unit_id"] = _l("Choose an agency from the list.")
    if feedback.service_area not in SERVICE_AREA_LABELS:
        problems["service_area"] = _l("Choose a service from the list.")
    if not 1 <= feedback.rating <= 5:
        problems["rating"] = _l("Choose a rating from 1 to 5.")
    if len(feedback.comment) > MAX_COMMENT_LENGTH:
        problems["comment"] = _l("Use at most %(limit)s characters.", limit=MAX_COMMENT_LENGTH)
    if problems:
        raise FieldProblems(problems)
    entry = CitizenFeedback(
        unit_id=feedback.unit_id, service_area=feedback.service_area, rating=feedback.rating,
        comment=mask_personal_data(feedback.comment.strip()), created_at=now,
    )
    session.add(entry)
    return entry


def _since(since: datetime, unit_id: int | None) -> list:
    conditions = [CitizenFeedback.created_at >= since]
    if unit_id is not None:
        conditions.append(CitizenFeedback.unit_id == unit_id)
    return conditions


@dataclass(frozen=True)
class RatingRow:
    unit: str
    service_area: str
    count: int
    average: float
    low: int

    @property
    def low_share(self) -> float:
        return self.low / self.count


def ratings_by_unit_and_area(
    session: Session, since: datetime, unit_id: int | None = None
) -> list[RatingRow]:
    """Count, average rating and number of low ratings per OPD and service area, worst average first."""
    average = func.avg(CitizenFeedback.rating)
    rows = session.execute(
        select(Unit.name, CitizenFeedback.service_area, func.count(), average,
               func.sum(case((CitizenFeedback.rating <= LOW_RATING, 1), else_=0)))
        .join(Unit, Unit.id == CitizenFeedback.unit_id)
        .where(*_since(since, unit_id))
        .group_by(Unit.name, CitizenFeedback.service_area)
        .order_by(average, Unit.name, CitizenFeedback.service_area)
    )
    return [RatingRow(unit, area, count, round(float(mean), 2), int(low))
            for unit, area, count, mean, low in rows]


def citizen_ratings_by_unit(session: Session, since: datetime) -> dict[int, tuple[int, float]]:
    """Unit id → (number of ratings, average rating) since `since`, for pages that set citizens'
    ratings beside other figures per OPD (the needs analysis)."""
    rows = session.execute(
        select(CitizenFeedback.unit_id, func.count(), func.avg(CitizenFeedback.rating))
        .where(CitizenFeedback.created_at >= since).group_by(CitizenFeedback.unit_id)
    )
    return {unit_id: (count, round(float(average), 2)) for unit_id, count, average in rows}


def latest_comments(session: Session, since: datetime, unit_id: int | None, page: int) -> tuple[list, int]:
    """One page of the newest feedback that has a comment, and how many there are in all."""
    conditions = [*_since(since, unit_id), CitizenFeedback.comment != ""]
    total = session.scalar(select(func.count(CitizenFeedback.id)).where(*conditions))
    rows = session.execute(
        select(CitizenFeedback.created_at, CitizenFeedback.service_area, CitizenFeedback.rating,
               CitizenFeedback.comment, Unit.name.label("unit"))
        .join(Unit, Unit.id == CitizenFeedback.unit_id).where(*conditions)
        .order_by(CitizenFeedback.created_at.desc(), CitizenFeedback.id.desc())
        .limit(COMMENTS_PER_PAGE).offset((page - 1) * COMMENTS_PER_PAGE)
    ).all()
    return list(rows), total
