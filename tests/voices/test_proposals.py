"""ASN propose training topics and support each other's proposals: one vote each, ranked by support."""

import pytest
from sqlalchemy import func, select

from elearn.core.errors import Refusal
from elearn.voices import proposals
from elearn.voices.models import TopicProposal, TopicVote
from elearn.voices.proposals import (
    DuplicateProposal,
    NewProposal,
    propose_topic,
    ranked_proposals,
    support_proposal,
    withdraw_support,
)
from tests.conftest import counted_statements
from tests.plugins.factories import login
from tests.voices.conftest import NOW


def votes(db, proposal) -> int:
    return db.scalar(select(func.count()).select_from(TopicVote).where(TopicVote.proposal_id == proposal.id))


def test_proposals_are_ranked_by_support_then_newest_first(db, make_user, make_proposal):
    author, a, b, c = (make_user() for _ in range(4))
    make_proposal(author, "Pelayanan prima", supporters=[a], age_days=5)
    make_proposal(author, "Arsip digital", supporters=[a, b, c], age_days=9)
    make_proposal(author, "Etika ASN", supporters=[b], age_days=1)
    make_proposal(author, "Ditolak", supporters=[a, b, c], status="declined")
    rows, total = ranked_proposals(db, a.id, "open", 1)
    assert [(r.title, r.support, r.supported) for r in rows] == [
        ("Arsip digital", 3, 1), ("Etika ASN", 1, 0), ("Pelayanan prima", 1, 1)]
    assert total == 3
    rows, total = ranked_proposals(db, a.id, None, 1)
    assert [r.title for r in rows][:2] == ["Ditolak", "Arsip digital"]  # same support: newer first
    assert total == 4


def test_the_list_page_shows_topics_with_the_authors_unit_but_not_their_name(client, make_user, make_proposal):
    author = make_user(unit="Dinas Pendidikan", full_name="Siti Rahma")
    make_proposal(author, "Kurikulum merdeka", supporters=[author])
    login(client, make_user())
    page = client.get("/proposals").get_data(as_text=True)
    assert "Kurikulum merdeka" in page and "Dinas Pendidikan" in page
    assert "Siti Rahma" not in page and author.nip not in page


def test_proposing_records_the_author_as_first_supporter(client, db, make_user):
    author = make_user()
    login(client, author)
    response = client.post("/proposals/new", data={"title": "  Tata   naskah dinas ",
                                                   "description": "Surat dinas elektronik."})
    proposal = db.scalar(select(TopicProposal))
    assert response.status_code == 302 and response.location.endswith(f"/proposals/{proposal.id}")
    assert proposal.title == "Tata naskah dinas" and proposal.status == "open"
    assert db.scalar(select(TopicVote.user_id)) == author.id
    page = client.get(response.location).get_data(as_text=True)
    assert "You support this proposal." in page and "1 supporter" in page


def test_a_second_vote_by_the_same_person_changes_nothing(client, db, make_user, make_proposal):
    voter = make_user()
    proposal = make_proposal(make_user(), "Manajemen risiko")
    login(client, voter)
    for _ in range(2):  # a double click
        response = client.post(f"/proposals/{proposal.id}/support", data={"next": "/proposals?page=1"})
        assert response.status_code == 302
        assert response.location.endswith(f"/proposals?page=1#proposal-{proposal.id}")
    assert votes(db, proposal) == 1


def test_a_vote_racing_another_is_refused_by_the_primary_key_without_an_error(db, make_user, make_proposal):
    """Both requests passed their checks: the second insert meets the first row and is a no-op."""
    voter = make_user()
    proposal = make_proposal(make_user(), "Manajemen risiko", supporters=[voter])
    assert support_proposal(db, proposal, voter.id, NOW) is False
    db.commit()  # the session is usable: the savepoint, not the transaction, was rolled back
    assert votes(db, proposal) == 1


def test_withdrawing_support_removes_only_that_persons_vote(client, db, make_user, make_proposal):
    voter, other = make_user(), make_user()
    proposal = make_proposal(make_user(), "Manajemen risiko", supporters=[voter, other])
    login(client, voter)
    client.post(f"/proposals/{proposal.id}/withdraw")
    client.post(f"/proposals/{proposal.id}/withdraw")
    assert db.scalars(select(TopicVote.user_id)).all() == [other.id]


def test_support_of_a_decided_proposal_can_no_longer_change(db, client, make_user, make_proposal):
    voter = make_user()
    proposal = make_proposal(make_user(), "Sudah direncanakan", supporters=[voter], status="planned")
    with pytest.raises(Refusal):
        support_proposal(db, proposal, make_user().id, NOW)
    with pytest.raises(Refusal):
        withdraw_support(db, proposal, voter.id)
    login(client, voter)
    response = client.post(f"/proposals/{proposal.id}/withdraw", follow_redirects=True)
    assert "This proposal has been decided" in response.get_data(as_text=True)
    assert votes(db, proposal) == 1


def test_an_open_proposal_with_the_same_title_is_refused_with_a_link_to_support_it(
        client, db, make_user, make_proposal):
    existing = make_proposal(make_user(), "Literasi Digital")
    make_proposal(make_user(), "Pelatihan lama", status="declined")
    login(client, make_user())
    response = client.post("/proposals/new", data={"title": "literasi  DIGITAL", "description": "Perlu."})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "An open proposal already has this title." in page
    assert f'href="/proposals/{existing.id}"' in page
    assert db.scalar(select(func.count()).select_from(TopicProposal)) == 2
    # A declined topic may be proposed again.
    response = client.post("/proposals/new", data={"title": "Pelatihan lama", "description": "Lagi."})
    assert response.status_code == 302


def test_a_same_title_published_between_the_check_and_the_save_is_a_form_error(
        client, db, make_user, make_proposal, monkeypatch):
    """Two people propose one title at the same moment: the second sees the form message, not an error."""
    login(client, make_user())
    rival = make_user()
    real_problems = proposals.proposal_problems

    def checked_then_overtaken(session, proposal):
        problems = real_problems(session, proposal)
        make_proposal(rival, "Literasi Digital")
        return problems

    monkeypatch.setattr(proposals, "proposal_problems", checked_then_overtaken)
    response = client.post("/proposals/new", data={"title": "Literasi Digital", "description": "Perlu."})
    assert response.status_code == 200
    assert "An open proposal already has this title." in response.get_data(as_text=True)


def test_duplicates_are_refused_by_the_service_too(db, make_user, make_proposal):
    existing = make_proposal(make_user(), "Literasi Digital")
    with pytest.raises(DuplicateProposal) as refused:
        propose_topic(db, make_user().id, NewProposal("LITERASI DIGITAL", "Perlu.", None), NOW)
    assert refused.value.existing_id == existing.id


def test_an_invalid_proposal_keeps_what_was_typed(client, db, make_user):
    login(client, make_user())
    response = client.post("/proposals/new", data={"title": "Judul <b>tebal</b>", "description": "x" * 2001})
    page = response.get_data(as_text=True)
    assert "Use at most 2000 characters." in page
    assert 'value="Judul &lt;b&gt;tebal&lt;/b&gt;"' in page
    assert "x" * 2001 in page
    response = client.post("/proposals/new", data={"title": "", "description": "Isi"})
    assert "Fill in this field." in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(TopicProposal)) == 0


def test_a_proposal_may_name_a_competency_of_the_dictionary(client, db, make_user, make_competency):
    integrity, retired = make_competency("Integritas"), make_competency("Lama", retired=True)
    login(client, make_user())
    page = client.get("/proposals/new").get_data(as_text=True)
    assert "Integritas" in page and "Lama" not in page
    refused = client.post("/proposals/new", data={"title": "A", "description": "B", "competency_id": retired.id})
    assert "Choose a competency from the list." in refused.get_data(as_text=True)
    client.post("/proposals/new", data={"title": "A", "description": "B", "competency_id": integrity.id})
    assert db.scalar(select(TopicProposal.competency_id)) == integrity.id
    assert "Competency: Integritas" in client.get("/proposals").get_data(as_text=True)


def test_descriptions_are_shown_as_text_not_html(client, make_user, make_proposal):
    make_proposal(make_user(), "Keamanan", description="<script>alert(1)</script>")
    login(client, make_user())
    page = client.get("/proposals").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_list_is_paged_twenty_at_a_time(client, make_user, make_proposal):
    author = make_user()
    for n in range(21):
        make_proposal(author, f"Topik {n:02d}", age_days=n)
    login(client, make_user())
    first = client.get("/proposals").get_data(as_text=True)
    assert "Topik 19" in first and "Topik 20" not in first and "page=2" in first
    assert "Topik 20" in client.get("/proposals?page=2").get_data(as_text=True)


def test_unknown_proposals_are_not_found(client, make_user):
    login(client, make_user())
    assert client.get("/proposals/424242").status_code == 404
    assert client.post("/proposals/424242/support").status_code == 404


def test_the_list_costs_the_same_statements_for_5_or_50_proposals(client, make_user, make_proposal):
    author, voters = make_user(), [make_user() for _ in range(3)]
    login(client, make_user())

    def statements_of_the_page() -> int:
        with counted_statements() as statements:
            assert client.get("/proposals?status=all").status_code == 200
        return len(statements)

    for n in range(5):
        make_proposal(author, f"Topik {n}", supporters=voters[: n % 4])
    five = statements_of_the_page()
    for n in range(5, 50):
        make_proposal(author, f"Topik {n}", supporters=voters[: n % 4])
    assert statements_of_the_page() == five
