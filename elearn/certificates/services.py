"""The JP ledger and course certificates: written once when a course is completed, then read by the
learner (ledger, certificate), their mentors, admins (search, revoke) and the public (verification)."""

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.accounts.mentorships import active_mentee_ids
from elearn.accounts.models import Role, Unit, User, UserRole
from elearn.certificates.models import Certificate, JpLedgerEntry
from elearn.content.models import Course
from elearn.core.errors import Refusal
from elearn.core.search import text_matches
from elearn.core.settings import Settings
from elearn.learning.models import Enrollment

ACTIVITY_ELEARNING = "E-learning"
# RFC 4648 base32: no 0/1/8/9, so a code read off paper is not confused with O/I/B.
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CODE_LENGTH, CODE_GROUP = 12, 4  # 60 random bits: unguessable, and short enough to type
CERTIFICATES_PER_PAGE = 50  # also learners per page on the below-target list


@dataclass(frozen=True)
class LedgerLine:
    entry: JpLedgerEntry
    certificate_code: str | None
    revoked: bool


@dataclass(frozen=True)
class PublicCertificate:
    """What the public verification page may show: the name the verifier compares with the paper, and
    nothing a stranger could reuse (no NIP digits, e-mail or unit)."""

    learner_name: str
    course_title: str
    jp: int
    completed_on: date
    revoked_at: datetime | None
    revoked_reason: str | None


class RevocationRefused(Refusal):
    pass


def new_certificate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """The stored form of a code as people type it: any case, with or without dashes or spaces."""
    return re.sub(r"[^0-9A-Z]", "", typed.upper())[:24]


def grouped_code(code: str) -> str:
    """XXXX-XXXX-XXXX: how a code is printed and read aloud."""
    return "-".join(code[i:i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def record_course_completion(session: Session, enrollment: Enrollment, now: datetime, *,
                             settings: Settings) -> None:
    """Write the completed course's ledger entry and certificate, once: a retry, or two requests
    completing the course at the same moment, find them there (unique per learner and course)."""
    exists = session.scalar(select(JpLedgerEntry.id).where(
        JpLedgerEntry.user_id == enrollment.user_id, JpLedgerEntry.course_id == enrollment.course_id))
    if exists:
        return
    zone = ZoneInfo(settings.timezone)
    learner, course = session.get(User, enrollment.user_id), session.get(Course, enrollment.course_id)
    completed_on = now.astimezone(zone).date()
    try:
        with session.begin_nested():
            session.add(JpLedgerEntry(
                user_id=learner.id, course_id=course.id, year=completed_on.year,
                activity_type=ACTIVITY_ELEARNING, provider=settings.provider_name, title=course.title,
                started_on=enrollment.enrolled_at.astimezone(zone).date(), completed_on=completed_on,
                jp=enrollment.jp_awarded, created_at=now))
            session.add(Certificate(
                code=new_certificate_code(), user_id=learner.id, course_id=course.id,
                learner_name=learner.full_name, learner_nip=learner.nip, course_title=course.title,
                jp=enrollment.jp_awarded, completed_on=completed_on, issued_at=now))
    except IntegrityError:
        pass  # a concurrent request recorded this completion first


def jp_total(session: Session, user_id: int, year: int) -> int:
    """The learner's JP in a (local) calendar year, as the ledger counts them."""
    return session.scalar(select(func.coalesce(func.sum(JpLedgerEntry.jp), 0)).where(
        JpLedgerEntry.user_id == user_id, JpLedgerEntry.year == year))


def ledger_years(session: Session, user_id: int, current_year: int) -> list[int]:
    """The years the learner has entries in, and the current one, newest first."""
    years = set(session.scalars(
        select(JpLedgerEntry.year).where(JpLedgerEntry.user_id == user_id).distinct()))
    return sorted(years | {current_year}, reverse=True)


def ledger_of(session: Session, user_id: int, year: int) -> list[LedgerLine]:
    """The learner's entries of one year with their certificate codes, in the order they were earned."""
    query = (
        select(JpLedgerEntry, Certificate.code, Certificate.revoked_at)
        .outerjoin(Certificate, and_(Certificate.user_id == JpLedgerEntry.user_id,
                                     Certificate.course_id == JpLedgerEntry.course_id))
        .where(JpLedgerEntry.user_id == user_id, JpLedgerEntry.year == year)
        .order_by(JpLedgerEntry.completed_on, JpLedgerEntry.id)
    )
    return [LedgerLine(entry, code, revoked_at is not None)
            for entry, code, revoked_at in session.execute(query)]


def certificates_visible_to(user) -> Select:
    """Admins see every certificate; anyone else their own, and a mentor also their mentees'."""
    query = select(Certificate)
    if user.has_role(Role.ADMIN):
        return query
    if user.has_role(Role.MENTOR):
        return query.where(or_(Certificate.user_id == user.id,
                               Certificate.user_id.in_(active_mentee_ids(user.id))))
    return query.where(Certificate.user_id == user.id)


def certificate_for(session: Session, user, code: str) -> Certificate | None:
    """The certificate if `user` may see it; None (a 404 for the view) otherwise."""
    return session.scalar(certificates_visible_to(user).where(Certificate.code == normalise_code(code)))


def certificate_of_course(session: Session, user_id: int, course_id: int) -> Certificate | None:
    return session.scalar(select(Certificate).where(
        Certificate.user_id == user_id, Certificate.course_id == course_id))


def certificates_by_course(session: Session, user_id: int) -> dict[int, Certificate]:
    """The learner's certificates by course id, for pages listing their courses."""
    query = select(Certificate).where(Certificate.user_id == user_id)
    return {certificate.course_id: certificate for certificate in session.scalars(query)}


def verify(session: Session, typed_code: str) -> PublicCertificate | None:
    certificate = session.scalar(select(Certificate).where(Certificate.code == normalise_code(typed_code)))
    if certificate is None:
        return None
    return PublicCertificate(
        certificate.learner_name, certificate.course_title,
        certificate.jp, certificate.completed_on, certificate.revoked_at, certificate.revoked_reason)


def search_certificates(session: Session, query: str, page: int) -> tuple[list[Certificate], int]:
    """One page of certificates whose code, NIP or name matches, newest first, and the total."""
    statement = select(Certificate)
    if query:
        statement = statement.where(or_(
            Certificate.code == normalise_code(query),
            text_matches(query, Certificate.learner_nip, Certificate.learner_name),
        ))
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    found = session.scalars(statement.order_by(Certificate.issued_at.desc(), Certificate.id.desc())
                            .limit(CERTIFICATES_PER_PAGE).offset((page - 1) * CERTIFICATES_PER_PAGE))
    return list(found), total


def revoke_certificate(session: Session, certificate: Certificate, admin_id: int, reason: str,
                       now: datetime) -> None:
    """Revoke once, with the reason the public page will show. The ledger entry stays: the JP were
    earned; it is the document that is withdrawn."""
    if certificate.revoked_at is not None:
        raise RevocationRefused(_l("This certificate was already revoked."))
    reason = reason.strip()
    if not reason:
        raise RevocationRefused(_l("Give the reason for revoking the certificate."))
    certificate.revoked_at, certificate.revoked_reason, certificate.revoked_by_id = now, reason, admin_id


@dataclass(frozen=True)
class UnitTarget:
    unit_id: int
    unit: str
    learners: int
    below: int


@dataclass(frozen=True)
class LearnerBelowTarget:
    user_id: int
    full_name: str
    nip: str
    unit: str
    jp: int


def _jp_of_year(year: int):
    return (select(JpLedgerEntry.user_id, func.sum(JpLedgerEntry.jp).label("jp"))
            .where(JpLedgerEntry.year == year).group_by(JpLedgerEntry.user_id).subquery())


def _active_learners() -> Select:
    return (select(User.id).join(UserRole, UserRole.user_id == User.id)
            .where(User.active.is_(True), UserRole.role == Role.LEARNER))


def below_target_by_unit(session: Session, year: int, target: int) -> list[UnitTarget]:
    """Per OPD: its active learners and how many of them are below `target` JP in `year`.
    One aggregate query (learners LEFT JOIN their ledger sums), whatever the number of ASN."""
    jp = _jp_of_year(year)
    below = func.count(case((func.coalesce(jp.c.jp, 0) < target, User.id)))
    query = (
        select(Unit.id, Unit.name, func.count(User.id), below)
        .join(User, User.unit_id == Unit.id)
        .outerjoin(jp, jp.c.user_id == User.id)
        .where(User.id.in_(_active_learners()))
        .group_by(Unit.id, Unit.name).order_by(Unit.name)
    )
    return [UnitTarget(*row) for row in session.execute(query)]


def below_target_learners(session: Session, year: int, target: int, unit_id: int | None,
                          page: int | None) -> tuple[list[LearnerBelowTarget], int]:
    """Active learners below `target` JP in `year` (fewest first), optionally of one OPD; one page of
    them (all when `page` is None, for the CSV) and how many there are."""
    jp = _jp_of_year(year)
    earned = func.coalesce(jp.c.jp, 0)
    query = (
        select(User.id, User.full_name, User.nip, Unit.name, earned)
        .join(Unit, Unit.id == User.unit_id)
        .outerjoin(jp, jp.c.user_id == User.id)
        .where(User.id.in_(_active_learners()), earned < target)
    )
    if unit_id:
        query = query.where(User.unit_id == unit_id)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    query = query.order_by(earned, User.full_name, User.id)
    if page is not None:
        query = query.limit(CERTIFICATES_PER_PAGE).offset((page - 1) * CERTIFICATES_PER_PAGE)
    return [LearnerBelowTarget(*row) for row in session.execute(query)], total
