"""A learner's first session in a real browser: sign in, enrol, complete a module, see progress."""

import pytest
from playwright.sync_api import Page, expect

from elearn.devtools.demo import DEMO_PASSWORD
from tests.e2e.conftest import LEARNER_EMAIL, follow, sign_in, submit

pytestmark = pytest.mark.e2e


def test_learner_enrols_completes_a_module_and_sees_progress(page: Page, base_url, console_errors):
    sign_in(page, LEARNER_EMAIL, DEMO_PASSWORD)
    expect(page).to_have_url(f"{base_url}/")

    page.goto("/courses")
    course_link = page.locator("main article.course-card h2 a").first
    course_title = course_link.inner_text()
    course_url = f"{base_url}{course_link.get_attribute('href')}"
    follow(page, course_link)
    expect(page).to_have_url(course_url)

    submit(page, "main form[action$='/enrol'] button[type=submit]")
    expect(page).to_have_url(course_url)
    course_progress = page.locator("main #continue progress")
    expect(course_progress).to_have_attribute("value", "0")

    follow(page, page.locator("main ol.module-list a").first)
    module_url = page.url
    assert "/modules/" in module_url
    submit(page, "main form[action$='/complete'] button[type=submit]")
    expect(page).not_to_have_url(module_url)

    page.goto(course_url)
    expect(course_progress).to_have_attribute("value", "1")
    expect(page.locator("main ol.module-list li").first).to_have_class("done")

    page.goto("/")
    card = page.locator("main article.course-card", has=page.get_by_role("link", name=course_title))
    expect(card).to_have_count(1)
    expect(card.locator("progress")).to_have_attribute("value", "1")
    assert console_errors == []


def test_wrong_password_shows_an_error_and_keeps_the_identifier(page: Page, console_errors):
    sign_in(page, LEARNER_EMAIL, "not-the-password")

    expect(page.locator("main .field.has-error p.error")).to_be_visible()
    expect(page.locator("main input[name=identifier]")).to_have_value(LEARNER_EMAIL)
    expect(page.locator("main input[name=password]")).to_have_value("")
    assert console_errors == []
