"""On a 360 px phone the columns people look for are on screen, not in a sideways-scrolling region, and
a long URL in a question does not widen the page; on a laptop, admin tables use the screen's width."""

from dataclasses import replace
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from elearn.accounts.models import User
from elearn.certificates.services import record_course_completion
from elearn.content.models import Course
from elearn.core.extensions import db, utcnow
from elearn.devtools.demo import DEMO_PASSWORD
from elearn.learning.models import Enrollment
from elearn.learning.services import enrol
from elearn.quizzes.models import Question, Quiz
from elearn.quizzes.services import start_attempt, submit_attempt
from tests.e2e.conftest import LEARNER_EMAIL, sign_in
from tests.plugins.factories import SETTINGS

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 780}
LONG_URL = "https://jdih.lampungprov.go.id/peraturan/gubernur/2026/" + "pelayanan-publik-standar-" * 6 + "lampiran.pdf"
WAIT = 15_000  # ms: the machine is shared, so every expectation waits generously


def _learner(session) -> User:
    return session.scalar(select(User).where(User.email == LEARNER_EMAIL))


def ledger_with_a_completed_course(e2e_app) -> None:
    """The demo learner's ledger gets a line (and a certificate) as completing a course writes it."""
    with e2e_app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "literasi-digital-spbe"))
        learner = _learner(db.session)
        enrollment = enrol(db.session, learner.id, course, utcnow())
        enrollment.completed_at, enrollment.jp_awarded = utcnow(), course.jp
        record_course_completion(db.session, enrollment, utcnow(), settings=replace(
            SETTINGS, provider_name="Badan Pengembangan Sumber Daya Manusia Provinsi Lampung"))
        db.session.commit()


def stalled_learner(e2e_app) -> None:
    """The demo learner shows as stalled on the mentor's dashboard (a flag in "Perhatian")."""
    with e2e_app.app_context():
        learner = _learner(db.session)
        for enrollment in db.session.scalars(select(Enrollment).where(Enrollment.user_id == learner.id)):
            enrollment.last_activity_at = utcnow() - timedelta(days=60)
        db.session.commit()


def submitted_attempt_with_a_long_url(e2e_app) -> int:
    """A submitted pre-test attempt of the demo learner whose every question cites a long URL."""
    with e2e_app.app_context():
        quiz = db.session.scalar(select(Quiz).join(Course).where(
            Course.slug == "komunikasi-efektif", Quiz.role == "pretest"))
        for question in db.session.scalars(select(Question).where(Question.quiz_id == quiz.id)):
            if LONG_URL not in question.prompt_html:
                question.prompt_html += f"<p>Lihat {LONG_URL}</p>"
        learner = _learner(db.session)
        enrol(db.session, learner.id, db.session.get(Course, quiz.course_id), utcnow())
        attempt = start_attempt(db.session, learner.id, quiz, utcnow(), settings=SETTINGS)
        submit_attempt(db.session, attempt, utcnow(), settings=SETTINGS)
        db.session.commit()
        return attempt.id


def expect_no_sideways_scrolling(page: Page) -> None:
    expect(page.locator("main")).to_be_visible(timeout=WAIT)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def expect_on_screen(page: Page, selector: str) -> None:
    """Visible, and inside the 360 px width as the page opens: not to the right, in a region that must
    first be scrolled sideways (so nothing here scrolls it into view)."""
    cell = page.locator(selector).first
    expect(cell).to_be_visible(timeout=WAIT)
    box = cell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def test_the_ledgers_jp_and_certificate_are_on_a_phones_screen(browser: Browser, base_url, e2e_app):
    ledger_with_a_completed_course(e2e_app)
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, LEARNER_EMAIL, DEMO_PASSWORD)
        page.goto("/jp")
        expect_on_screen(page, "main td.num")  # the JP
        expect_on_screen(page, "main td a[href^='/certificates/']")
        expect_no_sideways_scrolling(page)
    finally:
        context.close()


def test_the_mentors_attention_column_is_on_a_phones_screen(browser: Browser, base_url, e2e_app):
    stalled_learner(e2e_app)
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, "mentor@demo.local", DEMO_PASSWORD)
        page.goto("/mentor/")
        expect_on_screen(page, "main td .badge")  # a flag of the "Perhatian" column
        expect(page.locator("main td[data-label='Perhatian']").first).to_be_visible(timeout=WAIT)
        expect_no_sideways_scrolling(page)
    finally:
        context.close()


def test_a_long_url_in_a_question_does_not_widen_the_page(browser: Browser, base_url, e2e_app):
    attempt_id = submitted_attempt_with_a_long_url(e2e_app)
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, "mentor@demo.local", DEMO_PASSWORD)
        page.goto(f"/mentor/attempts/{attempt_id}")
        expect(page.locator("main").get_by_text(LONG_URL).first).to_be_visible(timeout=WAIT)
        expect_no_sideways_scrolling(page)
    finally:
        context.close()
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, LEARNER_EMAIL, DEMO_PASSWORD)
        page.goto(f"/attempts/{attempt_id}/result")
        expect_no_sideways_scrolling(page)
    finally:
        context.close()


def test_an_admin_table_uses_a_laptops_width(browser: Browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, "admin@demo.local", DEMO_PASSWORD)
        page.goto("/admin/users")
        table = page.locator("main table").first
        expect(table).to_be_visible(timeout=WAIT)
        assert table.bounding_box()["width"] > 1000
    finally:
        context.close()
