"""A mentor grades a learner's essay in the browser, and the learner sees the grade and the comment."""

import random

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from elearn.accounts.models import User
from elearn.core.extensions import db, utcnow
from elearn.devtools.demo import DEMO_PASSWORD
from elearn.quizzes.models import Question, Quiz
from elearn.quizzes.services import start_attempt
from tests.e2e.conftest import LEARNER_EMAIL, follow, new_context, sign_in, submit
from tests.plugins.factories import SETTINGS

pytestmark = pytest.mark.e2e

ESSAY = "Saya akan memasang maklumat pelayanan di loket dan membahasnya dalam apel pagi."


def attempt_with_the_essay(e2e_app) -> int:
    """The demo learner's post-test attempt, drawn so that the essay question is in it."""
    with e2e_app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "post-test").order_by(Quiz.id).limit(1))
        questions = db.session.scalars(select(Question).where(
            Question.quiz_id == quiz.id, Question.retired_at.is_(None)).order_by(Question.position)).all()
        essay = next(i for i, q in enumerate(questions) if q.type == "essay")
        seed = next(s for s in range(1000)
                    if essay in random.Random(s).sample(range(len(questions)), quiz.draw_count))
        learner = db.session.scalar(select(User).where(User.email == LEARNER_EMAIL))
        attempt = start_attempt(db.session, learner.id, quiz, utcnow(), rng=random.Random(seed), settings=SETTINGS)
        db.session.commit()
        return attempt.id


def test_mentor_grades_an_essay_and_the_learner_sees_the_feedback(page: Page, browser: Browser, e2e_app,
                                                                 base_url, console_errors):
    attempt_id = attempt_with_the_essay(e2e_app)
    sign_in(page, LEARNER_EMAIL, DEMO_PASSWORD)
    page.goto(f"/attempts/{attempt_id}")
    essay_box = page.locator("fieldset[data-item] textarea")
    essay_box.fill(ESSAY)
    item = essay_box.locator("xpath=ancestor::fieldset").get_attribute("data-item")
    expect(page.locator(f"#state-{item}")).to_have_attribute("data-state", "saved")
    submit(page, "main form button[value=finish]")
    expect(page).to_have_url(f"{base_url}/attempts/{attempt_id}/submit")
    submit(page, "main form button[type=submit]")
    expect(page).to_have_url(f"{base_url}/attempts/{attempt_id}/result")

    mentor_context = new_context(browser, base_url)
    mentor = mentor_context.new_page()
    sign_in(mentor, "mentor@demo.local", DEMO_PASSWORD)
    mentor.goto("/mentor/reviews")
    follow(mentor, mentor.locator(f"main a[href='/mentor/attempts/{attempt_id}']"))
    essay_form = mentor.locator(f"article#item-{item} form")
    expect(mentor.locator(f"article#item-{item}")).to_contain_text(ESSAY)
    essay_form.locator("input[name=score]").fill("5")  # above the maximum of 2: refused, comment kept
    essay_form.locator("textarea[name=comment]").fill("Rencana yang baik; tambahkan tenggat waktunya.")
    follow(mentor, essay_form.locator("button[type=submit]"))
    expect(mentor.locator(f"article#item-{item} .error")).to_be_visible()
    expect(mentor.locator(f"article#item-{item} textarea[name=comment]")).to_have_value(
        "Rencana yang baik; tambahkan tenggat waktunya.")
    mentor.locator(f"article#item-{item} input[name=score]").fill("2")
    submit(mentor, f"article#item-{item} form button[type=submit]")
    expect(mentor.locator("main .flash-ok")).to_be_visible()
    mentor_context.close()

    page.goto("/")
    follow(page, page.locator("header a[href='/notifications']"))
    follow(page, page.locator(f"main a[href='/attempts/{attempt_id}/result']"))
    expect(page.locator("main")).to_contain_text("Rencana yang baik; tambahkan tenggat waktunya.")
    assert console_errors == []
