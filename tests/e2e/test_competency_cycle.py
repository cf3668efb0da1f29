"""The competency cycle in a real browser: a learner assesses their competencies, follows a recommended
course to completion (modules and post-test), opens the certificate, and anyone can verify it."""

import random
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from elearn.accounts.models import Role, User
from elearn.accounts.services import NewAccount, create_user, get_or_create_unit, regency_by_name
from elearn.content.models import Course
from elearn.core.extensions import db, utcnow
from elearn.quizzes.models import AttemptItem, Question, Quiz
from elearn.quizzes.question_types import QUESTION_TYPES
from elearn.quizzes.services import start_attempt
from tests.e2e.conftest import follow, new_context, sign_in, submit
from tests.plugins.factories import SETTINGS

pytestmark = pytest.mark.e2e

EMAIL, PASSWORD, NAME = "rina.kasi@demo.local", "kasi-pelayanan-1", "Rina Marlina"


def create_learner(e2e_app) -> None:
    """A Kepala Seksi (a pengawas position in the dictionary's job profiles), new to elearn."""
    with e2e_app.app_context():
        create_user(db.session, NewAccount(
            nip="198806122012122001", email=EMAIL, full_name=NAME, password=PASSWORD,
            unit_id=get_or_create_unit(db.session, "Kecamatan Pringsewu Kabupaten Pringsewu").id,
            regency_id=regency_by_name(db.session, "Kabupaten Pringsewu").id,
            position="Kepala Seksi Pelayanan Umum", roles={Role.LEARNER},
        ))
        db.session.commit()


def draw_post_test_without_essay(e2e_app, course_slug: str) -> None:
    """Start the learner's post-test with a draw that leaves out the essay, so passing it needs no
    mentor; the learner then continues it from the quiz page."""
    with e2e_app.app_context():
        quiz = db.session.scalar(select(Quiz).join(Course, Course.id == Quiz.course_id).where(
            Course.slug == course_slug, Quiz.role == "final", Quiz.retired_at.is_(None)))
        questions = db.session.scalars(select(Question).where(
            Question.quiz_id == quiz.id, Question.retired_at.is_(None)).order_by(Question.position)).all()
        essay = next(i for i, q in enumerate(questions) if q.type == "essay")
        seed = next(s for s in range(1000)
                    if essay not in random.Random(s).sample(range(len(questions)), quiz.draw_count))
        learner = db.session.scalar(select(User).where(User.email == EMAIL))
        start_attempt(db.session, learner.id, quiz, utcnow(), rng=random.Random(seed), settings=SETTINGS)
        db.session.commit()


def answer_rightly(page: Page, e2e_app) -> None:
    """Give every question on the attempt page its right answer, as the learner would click it."""
    for box in page.locator("fieldset[data-item]").all():
        with e2e_app.app_context():
            question = db.session.scalar(select(Question).join(AttemptItem).where(
                AttemptItem.id == int(box.get_attribute("data-item"))))
            values = QUESTION_TYPES[question.type].right_values(question.data)
        if box.locator("input[type=radio], input[type=checkbox]").count():
            for value in values:
                box.locator(f"input[value='{value}']").check()
        elif box.locator("select").count():
            for value in values:
                box.locator(f"select:has(option[value='{value}'])").select_option(value)
        else:
            box.locator("input[type=text], textarea").first.fill(values[0])


def test_from_self_assessment_to_a_verified_certificate(page: Page, browser: Browser, e2e_app, base_url,
                                                        console_errors):
    create_learner(e2e_app)
    sign_in(page, EMAIL, PASSWORD)
    expect(page.locator("#recommended-heading")).to_be_visible()

    # Self-assessment: level 1 everywhere, below what a Kepala Seksi's position requires.
    follow(page, page.locator("section[aria-labelledby=recommended-heading] a[href$='/competencies']").first)
    competencies = page.locator("main fieldset[id^=competency-]")
    assert competencies.count() >= 3
    for fieldset in competencies.all():
        fieldset.locator("input[type=radio][value='1']").check()
    submit(page, "main form button[type=submit]")
    expect(page.locator("main .flash-error")).to_have_count(0)

    # The home page (in Indonesian, the default) recommends courses with the gaps they close.
    page.goto("/")
    recommended = page.locator("section[aria-labelledby=recommended-heading] article.course-card").first
    expect(recommended.locator("ul.reasons li").first).to_be_visible()
    course_title = recommended.locator("h3 a").inner_text()
    follow(page, recommended.locator("h3 a"))
    course_url = page.url
    course_slug = course_url.rstrip("/").rsplit("/", 1)[1]

    # Enrol and read every module to the end.
    submit(page, "main form[action$='/enrol'] button[type=submit]")
    follow(page, page.locator("main ol.module-list a").first)
    while "/modules/" in page.url:
        submit(page, "main form[action$='/complete'] button[type=submit]")
    expect(page).to_have_url(f"{course_url}/quizzes/post-test")  # the next step after the last module

    # Pass the post-test in the browser.
    draw_post_test_without_essay(e2e_app, course_slug)
    page.goto(f"/courses/{course_slug}/quizzes/post-test")
    follow(page, page.locator("main a[href*='/attempts/']"))  # the attempt drawn above, waiting for them
    answer_rightly(page, e2e_app)
    submit(page, "main form button[value=finish]")
    expect(page).to_have_url(re.compile(r"/attempts/\d+/submit$"))
    expect(page.locator("main .flash-error")).to_have_count(0)
    submit(page, "main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/attempts/\d+/result$"))

    # The course is complete: its JP are on the home page and it is no longer recommended.
    page.goto("/")
    expect(page.locator("section[aria-labelledby=recommended-heading]")).not_to_contain_text(course_title)
    assert int(page.locator(".jp-figure strong").inner_text()) > 0

    # The certificate, printable, with its QR code.
    page.goto(course_url)
    follow(page, page.locator("main a[href*='/certificates/']").first)
    expect(page.locator(".certificate-name")).to_have_text(NAME)
    code = page.locator(".certificate-code").inner_text()
    qr = page.request.get(page.locator("img.certificate-qr").get_attribute("src"))
    assert qr.ok and qr.headers["content-type"].startswith("image/svg+xml")

    # Anyone, signed in or not, can verify it, even typing the code carelessly.
    stranger = new_context(browser, base_url).new_page()
    stranger.goto("/verify")
    stranger.fill("main input[name=code]", code.replace("-", "").lower())
    submit(stranger, "main form[role=search] button[type=submit]")
    verdict = stranger.locator("section.verify-valid")
    expect(verdict).to_contain_text(NAME)
    expect(verdict).to_contain_text(course_title)
    expect(verdict).not_to_contain_text("198806122012122001")  # the NIP is masked
    stranger.context.close()
    assert console_errors == []
