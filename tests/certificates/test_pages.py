"""The learner's ledger page and CSV, the certificate page and its QR code, and who may see them."""

import csv
import io

from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.certificates.models import Certificate
from elearn.certificates.services import grouped_code
from elearn.core.extensions import utcnow
from elearn.mentoring.services import assign_mentor
from tests.certificates.conftest import ENROLLED, NOW
from tests.plugins.factories import login


def _completed(db, make_user, make_course, complete_course, **user):
    learner = make_user(**user)
    course = make_course(jp="6", title="Pelayanan Prima")
    complete_course(learner, course, enrolled_at=ENROLLED)
    return learner, course, db.scalar(select(Certificate))


def test_the_ledger_page_lists_the_years_entries_against_the_target(client, db, make_user, make_course,
                                                                    complete_course):
    learner, _course, certificate = _completed(db, make_user, make_course, complete_course)
    login(client, learner)
    page = client.get("/jp?year=2026").get_data(as_text=True)
    assert "Pelayanan Prima" in page and grouped_code(certificate.code) in page
    assert "14 JP short of the target of 20 JP for 2026." in page
    assert "No JP recorded in 2025 yet." in client.get("/jp?year=2025").get_data(as_text=True)


def test_the_ledger_csv_is_the_evidence_record(client, db, make_user, make_course, complete_course):
    learner, _course, certificate = _completed(db, make_user, make_course, complete_course)
    login(client, learner)
    response = client.get("/jp.csv?year=2026")
    assert response.mimetype == "text/csv" and "jp-2026.csv" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows == [
        ["Activity type", "Provider", "Course", "Start date", "End date", "JP", "Certificate code"],
        ["E-learning", "BPSDM Provinsi Lampung", "Pelayanan Prima", "20/05/2026", "15/06/2026", "6",
         grouped_code(certificate.code)],
    ]
    # Every field quoted, so a spreadsheet splitting on `;` (Indonesian Excel) keeps them whole too.
    assert body.splitlines()[1].startswith('"E-learning","BPSDM Provinsi Lampung","Pelayanan Prima",')


def test_home_links_the_jp_figure_to_the_ledger(client, db, make_user, make_course, complete_course):
    learner, _course, _certificate = _completed(db, make_user, make_course, complete_course)
    login(client, learner)
    assert 'href="/jp"' in client.get("/").get_data(as_text=True)


def test_the_course_page_links_the_certificate_and_says_when_it_was_revoked(client, db, make_user,
                                                                            make_course, complete_course):
    learner, course, certificate = _completed(db, make_user, make_course, complete_course)
    login(client, learner)
    page = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert f'href="/certificates/{grouped_code(certificate.code)}">View certificate' in page
    certificate.revoked_at, certificate.revoked_reason = NOW, "Data peserta keliru."
    db.commit()
    assert "Revoked on" in client.get(f"/courses/{course.slug}").get_data(as_text=True)


def test_the_certificate_page_shows_what_is_printed(client, db, make_user, make_course, complete_course):
    learner, _course, certificate = _completed(db, make_user, make_course, complete_course,
                                               full_name="Siti Rahmawati", nip="199203152015022001")
    login(client, learner)
    page = client.get(f"/certificates/{certificate.code.lower()}").get_data(as_text=True)
    for text in ("Siti Rahmawati", "199203152015022001", "Pelayanan Prima", "6 JP", "June 15, 2026",
                 grouped_code(certificate.code), f"/verify/{grouped_code(certificate.code)}",
                 f'src="/certificates/{grouped_code(certificate.code)}/qr.svg"', 'media="print"'):
        assert text in page, text


def test_the_qr_code_is_a_cacheable_svg_image(client, db, make_user, make_course, complete_course):
    learner, _course, certificate = _completed(db, make_user, make_course, complete_course)
    login(client, learner)
    response = client.get(f"/certificates/{grouped_code(certificate.code)}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).startswith("<svg") and "max-age" in response.headers["Cache-Control"]
    again = client.get(f"/certificates/{grouped_code(certificate.code)}/qr.svg",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_print_stylesheet_is_a4_landscape_without_navigation(app):
    with app.open_resource("static/certificate-print.css") as stylesheet:
        rules = stylesheet.read().decode()
    assert "@page { size: A4 landscape;" in rules and ".site-header" in rules


def test_owner_mentor_and_admin_see_a_certificate_another_learner_gets_404(
        app, client, db, make_user, make_course, complete_course):
    learner, _course, certificate = _completed(db, make_user, make_course, complete_course)
    mentor, former_mentor, admin, other = (make_user(Role.MENTOR), make_user(Role.MENTOR),
                                           make_user(Role.ADMIN), make_user())
    assign_mentor(db, mentor, learner, None, utcnow())
    db.commit()
    url = f"/certificates/{grouped_code(certificate.code)}"
    for user, status in ((learner, 200), (mentor, 200), (admin, 200), (other, 404), (former_mentor, 404)):
        browser = app.test_client()
        login(browser, user)
        assert browser.get(url).status_code == status, user.full_name
        assert browser.get(url + "/qr.svg").status_code == status, user.full_name


def test_the_mentee_page_links_the_mentees_certificates(client, db, make_user, make_course, complete_course):
    learner, _course, certificate = _completed(db, make_user, make_course, complete_course)
    mentor = make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, utcnow())
    db.commit()
    login(client, mentor)
    page = client.get(f"/mentor/mentees/{learner.id}").get_data(as_text=True)
    assert f'href="/certificates/{grouped_code(certificate.code)}"' in page
