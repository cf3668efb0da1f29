"""The public verification page: confirms, reports revocation, refuses forged codes, reveals little."""

from sqlalchemy import select

from elearn.certificates.models import Certificate
from elearn.certificates.services import grouped_code
from tests.certificates.conftest import NOW


def _certificate(db, make_user, make_course, complete_course) -> Certificate:
    learner = make_user(full_name="Siti Rahmawati", nip="199203152015022001", email="siti@lampungprov.go.id",
                        unit="Dinas Kesehatan")
    complete_course(learner, make_course(jp="6", title="Pelayanan Prima"))
    return db.scalar(select(Certificate))


def test_a_valid_code_confirms_name_course_jp_and_date_and_no_nip_digit(client, db, make_user, make_course,
                                                                        complete_course):
    certificate = _certificate(db, make_user, make_course, complete_course)
    response = client.get(f"/verify/{grouped_code(certificate.code)}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "This certificate is valid" in page
    for shown in ("Siti Rahmawati", "Pelayanan Prima", "6 JP", "June 15, 2026"):
        assert shown in page, shown
    # Not even part of the NIP: its first digits are the birth date, its last the sequence number.
    for hidden in ("199203", "2015022001", "NIP", "siti@lampungprov.go.id", "Dinas Kesehatan"):
        assert hidden not in page, hidden


def test_a_revoked_certificate_says_when_and_why(client, db, make_user, make_course, complete_course):
    certificate = _certificate(db, make_user, make_course, complete_course)
    certificate.revoked_at, certificate.revoked_reason = NOW, "Diselesaikan oleh orang lain."
    db.commit()
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "This certificate was revoked" in page and "This certificate is valid" not in page
    assert "June 15, 2026" in page and "Diselesaikan oleh orang lain." in page


def test_a_forged_or_mistyped_code_finds_no_certificate(client, db, make_user, make_course, complete_course):
    certificate = _certificate(db, make_user, make_course, complete_course)
    mistyped = ("B" if certificate.code[0] == "A" else "A") + certificate.code[1:]
    for code in (mistyped, "AAAA-BBBB-CCCC", "<script>alert(1)</script>", "0" * 40):
        response = client.get("/verify", query_string={"code": code}, follow_redirects=True)
        page = response.get_data(as_text=True)
        assert response.status_code == 404 and "There is no certificate with this code." in page, code
        assert "Siti Rahmawati" not in page and "<script>alert" not in page


def test_codes_are_found_whatever_the_case_spaces_or_dashes(client, db, make_user, make_course,
                                                            complete_course):
    certificate = _certificate(db, make_user, make_course, complete_course)
    code = certificate.code
    for typed in (code.lower(), f"{code[:4]} {code[4:8]} {code[8:]}", f" {grouped_code(code).lower()} "):
        response = client.get("/verify", query_string={"code": typed})
        assert response.status_code == 302 and response.location.endswith(f"/verify/{grouped_code(code)}")
        assert client.get(f"/verify/{typed}").status_code == 200


def test_the_form_asks_for_a_code_when_none_was_typed(client, db):
    assert "Verification code" in client.get("/verify").get_data(as_text=True)
    response = client.get("/verify", query_string={"code": " -- "})
    assert response.status_code == 200 and "Type the code printed on the certificate." in response.get_data(
        as_text=True)


def test_trying_codes_in_bulk_is_stopped(client, db):
    responses = [client.get(f"/verify/AAAA-BBBB-{n:04d}") for n in range(31)]
    assert [r.status_code for r in responses[:30]] == [404] * 30 and responses[30].status_code == 429
    # Someone checking certificates is not protecting their own account: the page says what happened.
    page = responses[30].get_data(as_text=True)
    assert "Too many requests have come from this connection" in page and "security" not in page
