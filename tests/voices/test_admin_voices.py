"""The admin's view of the voices: proposals ranked with the units behind them, decisions, CSV, and
citizen feedback aggregated by OPD and service area with exact figures."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from elearn.accounts.models import Role, Unit
from elearn.core.extensions import utcnow
from elearn.voices.models import TopicProposal
from elearn.voices.proposals import supporter_units
from elearn.voices.services import citizen_ratings_by_unit, latest_comments, ratings_by_unit_and_area
from tests.conftest import counted_statements
from tests.plugins.factories import login
from tests.voices.conftest import NOW


@pytest.fixture
def admin(client, make_user):
    user = make_user(Role.ADMIN)
    login(client, user)
    return user


@pytest.fixture
def supported(make_user, make_proposal):
    """'Arsip digital': 2 from Kominfo, 1 from Kesehatan, 1 from Bappeda, 1 from Dinsos; 'Etika': 1."""
    kominfo = [make_user(unit="Dinas Kominfo") for _ in range(2)]
    health, planning, social = (make_user(unit=unit) for unit in ("Dinas Kesehatan", "Bappeda", "Dinas Sosial"))
    archive = make_proposal(health, "Arsip digital", supporters=[*kominfo, health, planning, social])
    ethics = make_proposal(planning, "Etika", supporters=[planning], status="planned")
    return archive, ethics


def test_supporters_are_broken_down_by_their_units_top_three(db, supported):
    archive, ethics = supported
    assert supporter_units(db, [archive.id, ethics.id]) == {
        archive.id: [("Dinas Kominfo", 2), ("Bappeda", 1), ("Dinas Kesehatan", 1)],
        ethics.id: [("Bappeda", 1)],
    }


def test_the_admin_sees_proposals_ranked_with_counts_and_filters_by_status(client, admin, supported):
    page = client.get("/admin/voices/").get_data(as_text=True)
    assert page.index("Arsip digital") < page.index("Etika")
    assert "Dinas Kominfo: 2" in page and "Dinas Sosial" not in page
    planned = client.get("/admin/voices/?status=planned").get_data(as_text=True)
    assert "Etika" in planned and "Arsip digital" not in planned


def test_the_admin_changes_a_status_and_returns_to_the_same_list(client, db, admin, supported):
    archive, _ethics = supported
    response = client.post(f"/admin/voices/proposals/{archive.id}/status?status=open&page=1",
                           data={"status": "planned"})
    assert response.status_code == 302
    assert response.location.endswith(f"/admin/voices/?status=open&page=1#proposal-{archive.id}")
    assert db.get(TopicProposal, archive.id).status == "planned"


def test_an_unknown_status_or_proposal_is_refused(client, db, admin, supported):
    archive, _ethics = supported
    client.post(f"/admin/voices/proposals/{archive.id}/status", data={"status": "deleted"})
    assert db.get(TopicProposal, archive.id).status == "open"
    assert client.post("/admin/voices/proposals/424242/status", data={"status": "planned"}).status_code == 404


def test_the_csv_lists_every_proposal_with_its_support(client, admin, supported, make_proposal):
    make_proposal(admin, "=HYPERLINK(\"http://x\")")
    response = client.get("/admin/voices/proposals.csv?status=all")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Number", "Topic", "Status", "Supporters", "Units with most supporters", "Competency",
                       "Proposer's unit", "Proposed", "Description"]
    assert [row[1:5] for row in rows[1:]] == [
        ["Arsip digital", "Open", "5", "Dinas Kominfo (2); Bappeda (1); Dinas Kesehatan (1)"],
        ["Etika", "Planned", "1", "Bappeda (1)"],
        ["'=HYPERLINK(\"http://x\")", "Open", "0", ""],  # a title is never run as a formula
    ]
    assert rows[1][7] == "02/11/2026 10:00"  # NOW (03:00 UTC) in Lampung's time, as the pages show it
    planned = client.get("/admin/voices/proposals.csv?status=planned").get_data(as_text=True)
    assert "Etika" in planned and "Arsip digital" not in planned


def test_learners_cannot_open_the_admin_pages(client, make_user):
    login(client, make_user())
    assert client.get("/admin/voices/").status_code == 403
    assert client.get("/admin/voices/feedback").status_code == 403


@pytest.fixture
def rated(make_feedback):
    """Kominfo/perizinan: 5, 2, 1 (and a rating 400 days old); Kesehatan/kesehatan: 4, 3; Kesehatan/lainnya: 1."""
    for rating in (5, 2, 1):
        make_feedback("Dinas Kominfo", "perizinan", rating, comment=f"Nilai {rating}", age_days=rating)
    make_feedback("Dinas Kominfo", "perizinan", 1, age_days=400)
    make_feedback("Dinas Kesehatan", "kesehatan", 4, age_days=40)
    make_feedback("Dinas Kesehatan", "kesehatan", 3, comment="Cukup", age_days=10)
    make_feedback("Dinas Kesehatan", "lainnya", 1, age_days=100)


def figures(rows):
    return [(r.unit, r.service_area, r.count, r.average, r.low, round(r.low_share, 4)) for r in rows]


def test_feedback_is_aggregated_by_unit_and_service_area_worst_first(db, rated):
    assert figures(ratings_by_unit_and_area(db, NOW - timedelta(days=365))) == [
        ("Dinas Kesehatan", "lainnya", 1, 1.0, 1, 1.0),
        ("Dinas Kominfo", "perizinan", 3, 2.67, 2, 0.6667),
        ("Dinas Kesehatan", "kesehatan", 2, 3.5, 0, 0.0),
    ]
    assert figures(ratings_by_unit_and_area(db, NOW - timedelta(days=30))) == [
        ("Dinas Kominfo", "perizinan", 3, 2.67, 2, 0.6667),
        ("Dinas Kesehatan", "kesehatan", 1, 3.0, 0, 0.0),
    ]
    health = db.scalar(select(Unit.id).where(Unit.name == "Dinas Kesehatan"))
    assert [r.service_area for r in ratings_by_unit_and_area(db, NOW - timedelta(days=365), health)] == [
        "lainnya", "kesehatan"]


def test_citizen_ratings_by_unit_give_count_and_average_per_unit(db, rated):
    units = dict(db.execute(select(Unit.name, Unit.id)).all())
    assert citizen_ratings_by_unit(db, NOW - timedelta(days=365)) == {
        units["Dinas Kominfo"]: (3, 2.67), units["Dinas Kesehatan"]: (3, 2.67)}
    assert citizen_ratings_by_unit(db, NOW - timedelta(days=3)) == {units["Dinas Kominfo"]: (2, 1.5)}


def test_latest_comments_are_newest_first_and_leave_out_ratings_without_a_comment(db, rated):
    rows, total = latest_comments(db, NOW - timedelta(days=365), None, 1)
    assert [row.comment for row in rows] == ["Nilai 1", "Nilai 2", "Nilai 5", "Cukup"]
    assert total == 4


def test_the_feedback_page_filters_by_unit_and_period(client, db, admin, make_feedback):
    now = utcnow()
    make_feedback("Dinas Kominfo", "perizinan", 2, comment="Izin lambat", age_days=5, now=now)
    make_feedback("Dinas Kesehatan", "kesehatan", 5, comment="Puskesmas bersih", age_days=60, now=now)
    page = client.get("/admin/voices/feedback?days=30").get_data(as_text=True)
    assert "Izin lambat" in page and "Puskesmas bersih" not in page
    assert "Licences and permits" in page and "100%" in page
    health = db.scalar(select(Unit.id).where(Unit.name == "Dinas Kesehatan"))
    page = client.get(f"/admin/voices/feedback?days=90&unit={health}").get_data(as_text=True)
    assert "Puskesmas bersih" in page and "Izin lambat" not in page
    assert client.get("/admin/voices/feedback?days=7&unit=abc").status_code == 200  # falls back to 90 days


def test_the_feedback_csv_has_the_figures_of_the_chosen_period(client, admin, make_feedback):
    now = utcnow()
    for rating in (1, 2, 4):
        make_feedback("Dinas Kominfo", "perizinan", rating, age_days=2, now=now)
    make_feedback("Dinas Kominfo", "perizinan", 5, age_days=200, now=now)
    response = client.get("/admin/voices/feedback.csv?days=30")
    assert response.headers["Content-Disposition"] == "attachment; filename=citizen-ratings-last-30-days.csv"
    assert list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))) == [
        ["Unit (OPD)", "Service", "Ratings", "Average rating", "Rated 1 or 2", "Rated 1 or 2 (%)"],
        ["Dinas Kominfo", "Licences and permits", "3", "2.33", "2", "66.67"],
    ]


def test_the_admin_pages_cost_the_same_statements_for_5_or_50_proposals(client, admin, make_user,
                                                                         make_proposal, make_feedback):
    voters = [make_user(unit=f"Dinas {n}") for n in range(4)]

    def statements_of_the_pages() -> list[int]:
        counts = []
        for url in ("/admin/voices/?status=all", "/admin/voices/feedback"):
            with counted_statements() as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        return counts

    def add(start: int, end: int) -> None:
        for n in range(start, end):
            make_proposal(admin, f"Topik {n}", supporters=voters[: n % 5])
            make_feedback(f"Dinas {n % 4}", "lainnya", 1 + n % 5, comment=f"Komentar {n}", now=utcnow())

    add(0, 5)
    five = statements_of_the_pages()
    add(5, 50)
    assert statements_of_the_pages() == five
