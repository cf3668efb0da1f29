"""Topic proposals: proposing (no two open proposals with one title), supporting with one vote per
person, ranking by support, the admin's decisions and the OPDs behind each proposal."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, delete, func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.accounts.models import Unit, User
from elearn.core.errors import Refusal
from elearn.dictionary.models import Competency
from elearn.voices.models import TopicProposal, TopicVote

PROPOSALS_PER_PAGE = 20
OPEN = "open"
PROPOSAL_STATUS_LABELS = {OPEN: _l("Open"), "planned": _l("Planned"), "declined": _l("Declined")}
TOP_SUPPORTER_UNITS = 3
DUPLICATE_TITLE = _l("An open proposal already has this title.")
UNKNOWN_COMPETENCY = _l("Choose a competency from the list.")


class DuplicateProposal(Refusal):
    """An open proposal already has this title; `existing_id` is the one to support instead."""

    def __init__(self, existing_id: int):
        super().__init__(DUPLICATE_TITLE)
        self.existing_id = existing_id


@dataclass(frozen=True)
class NewProposal:
    title: str
    description: str
    competency_id: int | None


def competency_choices(session: Session) -> list[tuple[int, str]]:
    """Competencies a proposal may name: the live dictionary, in its own order."""
    return [(id_, name) for id_, name in session.execute(
        select(Competency.id, Competency.name).where(Competency.retired_at.is_(None))
        .order_by(Competency.group, Competency.position)
    )]


def open_proposal_titled(session: Session, title: str) -> int | None:
    """The open proposal with this title, spaces and case aside."""
    return session.scalar(select(TopicProposal.id).where(
        TopicProposal.status == OPEN, func.lower(TopicProposal.title) == func.lower(" ".join(title.split()))
    ).limit(1))


def proposal_problems(session: Session, proposal: NewProposal) -> dict[str, str]:
    """What the form's own validators cannot know, by field, so it is shown with theirs in one round."""
    problems = {}
    if open_proposal_titled(session, proposal.title) is not None:
        problems["title"] = DUPLICATE_TITLE
    if _unknown_competency(session, proposal.competency_id):
        problems["competency_id"] = UNKNOWN_COMPETENCY
    return problems


def _unknown_competency(session: Session, competency_id: int | None) -> bool:
    return competency_id is not None and competency_id not in dict(competency_choices(session))


def propose_topic(session: Session, author_id: int, proposal: NewProposal, now: datetime) -> TopicProposal:
    """Save a proposal with its author as its first supporter: every proposal then counts the people
    who want it, the same way whether or not its author remembers to vote for it."""
    title = " ".join(proposal.title.split())
    if (existing_id := open_proposal_titled(session, title)) is not None:
        raise DuplicateProposal(existing_id)
    if _unknown_competency(session, proposal.competency_id):
        raise Refusal(UNKNOWN_COMPETENCY)
    topic = TopicProposal(author_id=author_id, title=title, description=proposal.description.strip(),
                          competency_id=proposal.competency_id, status=OPEN, created_at=now)
    session.add(topic)
    session.flush()
    session.add(TopicVote(proposal_id=topic.id, user_id=author_id, created_at=now))
    return topic


def proposal_by_id(session: Session, proposal_id: int) -> TopicProposal | None:
    """Every signed-in person may see every proposal: they are about topics, not people."""
    return session.get(TopicProposal, proposal_id)


def support_proposal(session: Session, proposal: TopicProposal, user_id: int, now: datetime) -> bool:
    """Add one person's vote; False when they had already voted (a second click, or two clicks that
    raced each other: the primary key refuses the second row and its savepoint is rolled back)."""
    if proposal.status != OPEN:
        raise Refusal(_l("This proposal has been decided, so its support can no longer change."))
    try:
        with session.begin_nested():
            session.execute(insert(TopicVote).values(
                proposal_id=proposal.id, user_id=user_id, created_at=now))
    except IntegrityError:
        return False
    return True


def withdraw_support(session: Session, proposal: TopicProposal, user_id: int) -> bool:
    """Remove one person's vote while the proposal is open; decided proposals keep the support they
    were decided on. False when there was no vote to remove."""
    if proposal.status != OPEN:
        raise Refusal(_l("This proposal has been decided, so its support can no longer change."))
    removed = session.execute(delete(TopicVote).where(
        TopicVote.proposal_id == proposal.id, TopicVote.user_id == user_id))
    return removed.rowcount > 0


def set_proposal_status(proposal: TopicProposal, status: str) -> None:
    """The admin's decision. Any status may follow any other, so a mistaken decision can be undone."""
    if status not in PROPOSAL_STATUS_LABELS:
        raise Refusal(_l("Choose a status from the list."))
    proposal.status = status


def _ranked(viewer_id: int | None, status: str | None) -> Select:
    """Proposals with their support counted in the same query, most supported first, then newest;
    `supported` says whether the viewer is among the supporters (always 0 with no viewer)."""
    support = func.count(TopicVote.user_id)
    supported = (literal(0) if viewer_id is None
                 else func.max(case((TopicVote.user_id == viewer_id, 1), else_=0)))
    statement = (
        select(TopicProposal.id, TopicProposal.title, TopicProposal.description, TopicProposal.status,
               TopicProposal.created_at, Competency.name.label("competency"), Unit.name.label("unit"),
               support.label("support"), supported.label("supported"))
        .join(User, User.id == TopicProposal.author_id).join(Unit, Unit.id == User.unit_id)
        .outerjoin(Competency, Competency.id == TopicProposal.competency_id)
        .outerjoin(TopicVote, TopicVote.proposal_id == TopicProposal.id)
        .group_by(TopicProposal.id, Competency.name, Unit.name)
        .order_by(support.desc(), TopicProposal.created_at.desc(), TopicProposal.id.desc())
    )
    return statement if status is None else statement.where(TopicProposal.status == status)


def ranked_proposals(session: Session, viewer_id: int, status: str | None, page: int) -> tuple[list, int]:
    """One page of proposals ranked by support (with whether the viewer supports each), and the
    total: two queries however many proposals and votes there are."""
    total_query = select(func.count(TopicProposal.id))
    if status is not None:
        total_query = total_query.where(TopicProposal.status == status)
    rows = session.execute(
        _ranked(viewer_id, status).limit(PROPOSALS_PER_PAGE).offset((page - 1) * PROPOSALS_PER_PAGE)
    ).all()
    return list(rows), session.scalar(total_query)


def ranked_proposal(session: Session, viewer_id: int, proposal_id: int):
    """One proposal as a ranked row (support counted), or None."""
    return session.execute(_ranked(viewer_id, None).where(TopicProposal.id == proposal_id)).first()


def all_ranked_proposals(session: Session, status: str | None) -> list:
    """Every proposal in rank order, for the admin's CSV."""
    return list(session.execute(_ranked(None, status)).all())


def supporter_units(session: Session, proposal_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """For each proposal, the OPDs with most supporters (at most TOP_SUPPORTER_UNITS), in one query."""
    rows = session.execute(
        select(TopicVote.proposal_id, Unit.name, func.count().label("supporters"))
        .join(User, User.id == TopicVote.user_id).join(Unit, Unit.id == User.unit_id)
        .where(TopicVote.proposal_id.in_(proposal_ids))
        .group_by(TopicVote.proposal_id, Unit.name)
        .order_by(TopicVote.proposal_id, func.count().desc(), Unit.name)
    )
    units: dict[int, list[tuple[str, int]]] = {}
    for proposal_id, unit, supporters in rows:
        top = units.setdefault(proposal_id, [])
        if len(top) < TOP_SUPPORTER_UNITS:
            top.append((unit, supporters))
    return units
