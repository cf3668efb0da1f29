"""Proposals, votes and citizen feedback made directly as rows, with a fixed clock."""

from datetime import UTC, datetime, timedelta

import pytest

from elearn.accounts.services import get_or_create_unit
from elearn.voices.models import CitizenFeedback, TopicProposal, TopicVote

NOW = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def make_proposal(db):
    """A proposal by `author`, `age_days` old, supported by `supporters` (the author is not added)."""

    def make(author, title: str, supporters=(), status: str = "open", age_days: int = 0,
             description: str = "Banyak pegawai membutuhkan pelatihan ini.", competency_id=None):
        proposal = TopicProposal(author_id=author.id, title=title, description=description, status=status,
                                 competency_id=competency_id, created_at=NOW - timedelta(days=age_days))
        db.add(proposal)
        db.flush()
        db.add_all(TopicVote(proposal_id=proposal.id, user_id=user.id, created_at=NOW) for user in supporters)
        db.commit()
        return proposal

    return make


@pytest.fixture
def make_feedback(db):
    def make(unit: str, area: str, rating: int, comment: str = "", age_days: int = 1, now: datetime = NOW):
        entry = CitizenFeedback(unit_id=get_or_create_unit(db, unit).id, service_area=area, rating=rating,
                                comment=comment, created_at=now - timedelta(days=age_days))
        db.add(entry)
        db.commit()
        return entry

    return make
