"""Admin pages: finding and revoking certificates, and who is below the yearly JP target."""

import csv
import io

from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.certificates import services
from elearn.certificates.models import Certificate
from tests.certificates.conftest import NOW
from tests.conftest import counted_statements
from tests.plugins.factories import login


def test_certificates_are_found_by_code_nip_or_name(client, db, make_user, make_course, complete_course):
    siti = make_user(full_name="Siti Rahmawati", nip="199203152015022001")
    budi = make_user(full_name="Budi Santoso", nip="198807012010011003")
    course = make_course()
    complete_course(siti, course)
    complete_course(budi, course)
    code = db.scalar(select(Certificate.code).where(Certificate.user_id == siti.id))
    login(client, make_user(Role.ADMIN))
    for query in (services.grouped_code(code).lower(), "19920315", "rahma"):
        page = client.get("/admin/certificates/", query_string={"q": query}).get_data(as_text=True)
        assert "Siti Rahmawati" in page and "Budi Santoso" not in page, query
    assert "2 certificates found." in client.get("/admin/certificates/").get_data(as_text=True)


def test_revoking_needs_a_reason_and_happens_once(client, db, make_user, make_course, complete_course):
    complete_course(make_user(), make_course())
    certificate = db.scalar(select(Certificate))
    admin = make_user(Role.ADMIN)
    login(client, admin)
    url = f"/admin/certificates/{certificate.id}/revoke"
    response = client.post(url, data={"reason": "  "})
    assert response.status_code == 422 and "Fill in this field." in response.get_data(as_text=True)
    assert db.get(Certificate, certificate.id).revoked_at is None
    response = client.post(url, data={"reason": "Diselesaikan oleh orang lain."})
    assert response.status_code == 302
    revoked = db.get(Certificate, certificate.id)
    assert (revoked.revoked_reason, revoked.revoked_by_id) == ("Diselesaikan oleh orang lain.", admin.id)
    first_revocation = revoked.revoked_at
    assert first_revocation is not None
    response = client.post(url, data={"reason": "Lagi."})
    assert response.status_code == 409 and "This certificate was already revoked." in response.get_data(
        as_text=True)
    db.expire_all()
    again = db.get(Certificate, certificate.id)
    assert (again.revoked_at, again.revoked_reason) == (first_revocation, "Diselesaikan oleh orang lain.")


def test_revoking_keeps_the_ledger_entry(db, make_user, make_course, complete_course):
    learner = make_user()
    complete_course(learner, make_course(jp="6"))
    certificate = db.scalar(select(Certificate))
    services.revoke_certificate(db, certificate, learner.id, "Salah data.", NOW)
    assert services.jp_total(db, learner.id, 2026) == 6
    assert services.ledger_of(db, learner.id, 2026)[0].revoked is True


def _people_in_two_units(db, make_user, make_course, complete_course):
    """Kominfo: one learner at 24 JP, one at 12, one at 0; Kesehatan: one at 20; plus an admin."""
    big, small, exact = make_course(slug="besar", jp="12"), make_course(slug="kecil", jp="12"), \
        make_course(slug="pas", jp="20")
    done, half, idle = (make_user(full_name=name, unit="Dinas Kominfo") for name in ("Ani", "Bayu", "Citra"))
    on_target = make_user(full_name="Dewi", unit="Dinas Kesehatan")
    make_user(Role.ADMIN, full_name="Admin", unit="Dinas Kominfo")  # not a learner: not counted
    complete_course(done, big)
    complete_course(done, small)
    complete_course(half, big)
    complete_course(on_target, exact)
    return done, half, idle, on_target


def test_below_target_counts_learners_per_unit_with_aggregate_queries(db, make_user, make_course,
                                                                      complete_course):
    _done, half, idle, _on_target = _people_in_two_units(db, make_user, make_course, complete_course)
    units = services.below_target_by_unit(db, 2026, 20)
    assert [(u.unit, u.learners, u.below) for u in units] == [("Dinas Kesehatan", 1, 0), ("Dinas Kominfo", 3, 2)]
    learners, total = services.below_target_learners(db, 2026, 20, None, 1)
    assert total == 2 and [(row.full_name, row.jp) for row in learners] == [("Citra", 0), ("Bayu", 12)]
    assert [u.below for u in services.below_target_by_unit(db, 2025, 20)] == [1, 3]  # nothing in 2025
    kominfo = units[1].unit_id
    assert services.below_target_learners(db, 2026, 20, kominfo, 1)[1] == 2
    assert services.below_target_learners(db, 2026, 20, units[0].unit_id, 1)[1] == 0
    assert {half.id, idle.id} == {row.user_id for row in learners}


def test_the_below_target_page_costs_the_same_statements_for_few_or_many(client, db, make_user, make_course,
                                                                         complete_course):
    login(client, make_user(Role.ADMIN))
    course = make_course(jp="4")
    complete_course(make_user(unit="Dinas A"), course)
    with counted_statements() as few:
        assert client.get("/admin/certificates/below-target?year=2026").status_code == 200
    for n in range(6):
        complete_course(make_user(unit=f"Dinas {n}"), course)
    with counted_statements() as many:
        page = client.get("/admin/certificates/below-target?year=2026").get_data(as_text=True)
    assert len(few) == len(many) and "7 learners below the target." in page


def test_the_below_target_csv_lists_the_chosen_units_learners(client, db, make_user, make_course,
                                                              complete_course):
    _people_in_two_units(db, make_user, make_course, complete_course)
    make_user(full_name="=HYPERLINK(\"http://x\")", unit="Dinas Kominfo")
    login(client, make_user(Role.ADMIN, unit="Dinas Kesehatan"))
    kominfo = next(u.unit_id for u in services.below_target_by_unit(db, 2026, 20) if u.unit == "Dinas Kominfo")
    response = client.get("/admin/certificates/below-target.csv", query_string={"year": 2026, "unit": kominfo})
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0] == ["NIP", "Name", "Unit (OPD)", "JP in 2026", "JP still needed"]
    assert [(row[1], row[3], row[4]) for row in rows[1:]] == [
        ("'=HYPERLINK(\"http://x\")", "0", "20"), ("Citra", "0", "20"), ("Bayu", "12", "8")]
    page = client.get("/admin/certificates/below-target", query_string={"year": 2026, "unit": kominfo})
    assert "Citra" in page.get_data(as_text=True) and "Dewi" not in page.get_data(as_text=True)
