"""The admin's needs report: exact figures on a small data set, its filters, CSV, and a statement
count that does not grow with the number of learners."""

import csv
import io

import pytest
from sqlalchemy import select

from elearn.accounts.models import Regency, Role
from elearn.competencies.models import CompetencyAssessment
from elearn.competencies.needs import NeedsRow, needs_report
from tests.competencies.conftest import NOW
from tests.conftest import counted_statements
from tests.plugins.factories import login


@pytest.fixture
def assessed_province(db, make_user, make_competency, make_profile, assess):
    """Kominfo: u1 and u2, Kesehatan: u3 and u6; u1 lives in Bandar Lampung, the others in Metro.
    u4 has no job profile and u5 is inactive: neither counts."""
    integrity, communication = make_competency("Integritas"), make_competency("Komunikasi")
    nation = make_competency("Perekat bangsa", group="sosial-kultural")
    procurement = make_competency("Pengadaan", group="teknis")
    retired = make_competency("Lama", retired=True)
    u1, u2, u5 = (make_user(unit="Dinas Kominfo") for _ in range(3))
    u3, u4, u6 = (make_user(unit="Dinas Kesehatan") for _ in range(3))
    metro = db.scalar(select(Regency.id).where(Regency.code == "18.72"))
    for user in (u2, u3, u6):
        user.regency_id = metro
    u5.active = False
    make_profile({integrity: 3, communication: 4, nation: 2, procurement: 3, retired: 5}, u1, u2, u3, u5, u6)
    mentor = make_user(Role.MENTOR)
    for learner, competency, level in ((u1, integrity, 1), (u1, communication, 4), (u1, retired, 1),
                                       (u2, integrity, 3), (u2, nation, 1), (u3, communication, 2),
                                       (u3, procurement, 1), (u4, integrity, 1), (u5, integrity, 1),
                                       (u6, integrity, 4)):
        assess(learner, competency, level)
    assess(u1, integrity, 2, source="mentor", assessor=mentor)  # overrides u1's own 1
    return {"integrity": integrity, "communication": communication}


def figures(rows: list[NeedsRow]):
    return [(r.label, r.learners_assessed, r.learners_with_gap, round(r.share_with_gap, 2), r.average_current,
             r.average_required, r.average_gap, r.top_competency, r.top_competency_gap) for r in rows]


def test_gaps_by_unit_count_each_learner_once_and_name_the_largest_average_gap(db, assessed_province):
    assert figures(needs_report(db, "unit")) == [
        ("Dinas Kesehatan", 2, 1, 0.5, 2.33, 3.33, 1.33, "Komunikasi", 2.0),  # ties with Pengadaan: dictionary order
        ("Dinas Kominfo", 2, 2, 1.0, 2.5, 3.0, 0.5, "Perekat bangsa", 1.0),
    ]


def test_gaps_by_regency(db, assessed_province):
    assert figures(needs_report(db, "regency")) == [
        ("Kota Metro", 3, 2, 0.67, 2.2, 3.0, 1.0, "Komunikasi", 2.0),
        ("Kota Bandar Lampung", 1, 1, 1.0, 3.0, 3.5, 0.5, "Integritas", 1.0),
    ]


def test_gaps_by_competency_ranked_by_average_gap_then_name(db, assessed_province):
    assert figures(needs_report(db, "competency")) == [
        ("Pengadaan", 1, 1, 1.0, 1.0, 3.0, 2.0, None, None),
        ("Komunikasi", 2, 1, 0.5, 3.0, 4.0, 1.0, None, None),
        ("Perekat bangsa", 1, 1, 1.0, 1.0, 2.0, 1.0, None, None),
        ("Integritas", 3, 1, 0.33, 3.0, 3.0, 0.33, None, None),
    ]


def test_filters_by_competency_group_and_by_one_competency(db, assessed_province):
    assert figures(needs_report(db, "unit", competency_group="manajerial")) == [
        ("Dinas Kesehatan", 2, 1, 0.5, 3.0, 3.5, 1.0, "Komunikasi", 2.0),
        ("Dinas Kominfo", 2, 1, 0.5, 3.0, 3.33, 0.33, "Integritas", 0.5),
    ]
    integrity = assessed_province["integrity"].id
    assert figures(needs_report(db, "regency", competency_id=integrity)) == [
        ("Kota Bandar Lampung", 1, 1, 1.0, 2.0, 3.0, 1.0, "Integritas", 1.0),
        ("Kota Metro", 2, 0, 0.0, 3.5, 3.0, 0.0, None, None),
    ]
    assert needs_report(db, "unit", competency_group="teknis", competency_id=integrity) == []


def test_an_unknown_grouping_is_a_programming_error(db):
    with pytest.raises(ValueError):
        needs_report(db, "learner")


def test_the_report_page_shows_the_rows_and_the_csv_carries_the_same_figures(
        client, db, make_user, assessed_province):
    login(client, make_user(Role.ADMIN))

    page = client.get("/admin/needs/?group_by=regency&group=manajerial")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Kota Metro" in html and "Kota Bandar Lampung" in html
    assert "Komunikasi (average gap 2)" in html and "Perekat bangsa (average gap" not in html

    export = client.get("/admin/needs/export.csv?group_by=unit")
    assert export.mimetype == "text/csv"
    assert "needs-by-unit.csv" in export.headers["Content-Disposition"]
    text = export.get_data(as_text=True)
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["Unit (OPD)", "Learners assessed", "Learners with a gap", "Share with a gap (%)", "Average current level",
         "Average required level", "Average gap", "Competency with the largest gap", "Largest average gap"],
        ["Dinas Kesehatan", "2", "1", "50", "2.33", "3.33", "1.33", "Komunikasi", "2"],
        ["Dinas Kominfo", "2", "2", "100", "2.5", "3", "0.5", "Perekat bangsa", "1"],
    ]


def test_unknown_filter_values_fall_back_to_the_whole_report(client, make_user, assessed_province):
    login(client, make_user(Role.ADMIN))
    page = client.get("/admin/needs/?group_by=nip&group=<script>&competency=abc")
    assert page.status_code == 200
    assert "Dinas Kominfo" in page.get_data(as_text=True)


def test_the_report_page_runs_the_same_statements_for_5_or_50_learners(
        client, db, make_user, make_competency, make_profile, make_learners):
    competencies = [make_competency(f"Kompetensi {n}") for n in range(3)]
    profile = make_profile(dict.fromkeys(competencies, 4))
    login(client, make_user(Role.ADMIN))

    def statements_for(count: int) -> list[int]:
        db.add_all(CompetencyAssessment(learner_id=learner.id, competency_id=competency.id, source="self",
                                        level=1 + (learner.id + competency.id) % 5, assessor_id=learner.id,
                                        assessed_at=NOW)
                   for learner in make_learners(count, profile) for competency in competencies)
        db.commit()
        counts = []
        for group_by in ("unit", "regency", "competency"):
            with counted_statements() as statements:
                assert client.get(f"/admin/needs/?group_by={group_by}").status_code == 200
            counts.append(len(statements))
        return counts

    assert statements_for(5) == statements_for(45)
