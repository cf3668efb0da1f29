"""The JP ledger and certificates written at completion, counted per local calendar year."""

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from elearn.certificates import services
from elearn.certificates.models import Certificate, JpLedgerEntry
from elearn.learning import services as learning
from elearn.quizzes import services as quizzes
from tests.certificates.conftest import ENROLLED, NOW
from tests.plugins.factories import SETTINGS, login, quiz_text
from tests.quizzes.test_attempts import right_answers


def test_completing_a_course_records_its_jp_and_issues_a_certificate(db, make_user, make_course,
                                                                     complete_course):
    learner = make_user(full_name="Siti Rahmawati", nip="199203152015022001")
    course = make_course(modules={"01-a": "a", "02-b": "b"}, jp="6", title="Pelayanan Prima")
    complete_course(learner, course, enrolled_at=ENROLLED)
    entry = db.scalar(select(JpLedgerEntry))
    assert (entry.user_id, entry.course_id, entry.year, entry.jp) == (learner.id, course.id, 2026, 6)
    assert (entry.activity_type, entry.provider, entry.title) == \
        ("E-learning", "BPSDM Provinsi Lampung", "Pelayanan Prima")
    assert (entry.started_on, entry.completed_on) == (date(2026, 5, 20), date(2026, 6, 15))
    certificate = db.scalar(select(Certificate))
    assert (certificate.learner_name, certificate.learner_nip, certificate.course_title, certificate.jp,
            certificate.completed_on) == ("Siti Rahmawati", "199203152015022001", "Pelayanan Prima", 6,
                                          date(2026, 6, 15))
    assert re.fullmatch(r"[A-Z2-7]{12}", certificate.code) and certificate.revoked_at is None


def test_the_provider_name_is_a_setting(app, client, db, make_user, make_course, monkeypatch):
    monkeypatch.setitem(app.config, "ELEARN_PROVIDER_NAME", "BKD Kabupaten Tanggamus")
    learner, course = make_user(), make_course()
    learning.enrol(db, learner.id, course, NOW)
    db.commit()
    login(client, learner)
    for module in learning.active_modules(db, course):
        client.post(f"/courses/{course.slug}/modules/{module.slug}/complete")
    assert db.scalar(select(JpLedgerEntry.provider)) == "BKD Kabupaten Tanggamus"


def test_half_past_midnight_on_new_years_day_in_lampung_counts_for_the_new_year(
        db, make_user, make_course, complete_course):
    learner = make_user()
    late = make_course(slug="akhir-tahun", jp="5")
    early = make_course(slug="awal-tahun", jp="8")
    # 16:59 UTC is 23:59 WIB on 31 December; 17:30 UTC is already 00:30 WIB on 1 January.
    complete_course(learner, late, datetime(2026, 12, 31, 16, 59, tzinfo=UTC))
    complete_course(learner, early, datetime(2026, 12, 31, 17, 30, tzinfo=UTC))
    assert services.jp_total(db, learner.id, 2026) == 5
    assert services.jp_total(db, learner.id, 2027) == 8
    assert services.jp_total(db, learner.id, 2025) == 0
    entry = db.scalar(select(JpLedgerEntry).where(JpLedgerEntry.course_id == early.id))
    assert (entry.year, entry.completed_on) == (2027, date(2027, 1, 1))


def test_jp_totals_are_per_learner(db, make_user, make_course, complete_course):
    first, second = make_user(), make_user()
    course = make_course(jp="7")
    complete_course(first, course)
    assert (services.jp_total(db, first.id, 2026), services.jp_total(db, second.id, 2026)) == (7, 0)


def test_completion_is_recorded_once_however_often_it_is_retried(db, make_user, make_course,
                                                                 complete_course):
    learner, course = make_user(), make_course(jp="4")
    enrollment = complete_course(learner, course)
    code = db.scalar(select(Certificate.code))
    module = learning.active_modules(db, course)[0]
    assert learning.complete_module(db, enrollment, module, NOW + timedelta(hours=1), settings=SETTINGS) is False
    services.record_course_completion(db, enrollment, NOW + timedelta(hours=2), settings=SETTINGS)
    db.commit()
    assert db.scalar(select(func.count(JpLedgerEntry.id))) == 1
    assert db.scalar(select(func.count(Certificate.id))) == 1
    assert db.scalar(select(Certificate.code)) == code
    assert services.jp_total(db, learner.id, 2026) == 4


def test_passing_the_final_quiz_records_the_completion(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text().split("## esai essay")[0]})["kuis-akhir"]
    learner = make_user()
    course = db.get(learning.Course, quiz.course_id)
    enrollment = learning.enrol(db, learner.id, course, NOW)
    learning.complete_module(db, enrollment, learning.active_modules(db, course)[0], NOW, settings=SETTINGS)
    assert db.scalar(select(JpLedgerEntry)) is None  # the final quiz is still to pass
    attempt = quizzes.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS)
    quizzes.save_answers(db, attempt, right_answers(db, attempt), NOW, settings=SETTINGS)
    quizzes.submit_attempt(db, attempt, NOW + timedelta(minutes=5), settings=SETTINGS)
    entry = db.scalar(select(JpLedgerEntry))
    assert (entry.user_id, entry.jp, entry.completed_on) == (learner.id, 4, date(2026, 6, 15))
    assert db.scalar(select(Certificate.user_id)) == learner.id


def test_codes_are_normalised_from_what_people_type():
    assert services.normalise_code(" abcd-efgh jklm ") == "ABCDEFGHJKLM"
    assert services.grouped_code("ABCDEFGHJKLM") == "ABCD-EFGH-JKLM"
    codes = {services.new_certificate_code() for _ in range(200)}
    assert len(codes) == 200 and all(re.fullmatch(r"[A-Z2-7]{12}", code) for code in codes)
