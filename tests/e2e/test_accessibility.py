"""axe-core finds no accessibility violations on the pages learners and admins use, on a phone-sized screen."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from elearn.devtools.demo import DEMO_PASSWORD
from tests.e2e.conftest import LEARNER_EMAIL, follow, sign_in, submit

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LEARNER_PAGES = [
    "/",
    "/courses",
    "/courses/pelayanan-publik",
    "/courses/pelayanan-publik/modules/pengelolaan-pengaduan-sp4n-lapor",
    "/courses/kepemimpinan-pelayanan/modules/keputusan-berbasis-data-dan-risiko",
    "/account/password",
    "/competencies",
    "/jp",
    "/proposals",
    "/proposals/new",
    "/verify",
    "/verify/ABCD-EFGH-JKLM",
    "/feedback",
]
ADMIN_PAGES = [
    "/admin/users", "/admin/users/new", "/admin/units", "/admin/assignments",
    "/admin/needs/", "/admin/needs/?group_by=competency", "/admin/evaluation/",
    "/admin/evaluation/courses/pelayanan-publik", "/admin/evaluation/units", "/admin/evaluation/figures",
    "/admin/certificates/", "/admin/certificates/below-target", "/admin/voices/", "/admin/voices/feedback",
]
MENTOR_PAGES = ["/mentor/", "/mentor/reviews", "/notifications", "/action-plans"]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the app's CSP (rightly) forbids.
    return {**browser_context_args, "bypass_csp": True, "viewport": {"width": 360, "height": 780}}


def violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run()).violations")
    return [f"{page.url} {v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in found]


def test_sign_in_page_has_no_violations(page: Page):
    page.goto("/login")
    assert violations(page) == []


def test_learner_pages_have_no_violations(page: Page):
    sign_in(page, LEARNER_EMAIL, DEMO_PASSWORD)
    page.goto("/courses/pelayanan-publik")
    if page.locator("main form[action$='/enrol'] button").count():
        submit(page, "main form[action$='/enrol'] button")
    found = []
    for url in LEARNER_PAGES:
        page.goto(url)
        found += violations(page)
    assert found == []


def test_admin_pages_have_no_violations(page: Page):
    sign_in(page, "admin@demo.local", DEMO_PASSWORD)
    found = []
    for url in ADMIN_PAGES:
        page.goto(url)
        found += violations(page)
    assert found == []


def test_quiz_pages_have_no_violations(page: Page):
    sign_in(page, "mentor@demo.local", DEMO_PASSWORD)
    quiz = "/courses/literasi-digital-spbe/quizzes/pre-test"
    page.goto(quiz)
    found = violations(page)
    submit(page, "main form[action$='/start'] button[type=submit]")
    attempt = page.url
    found += violations(page)
    page.goto(attempt + "?view=one&page=2")
    found += violations(page)
    page.goto(attempt + "/submit")
    found += violations(page)
    submit(page, "main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/result$"))
    found += violations(page)
    assert found == []


def test_mentor_pages_have_no_violations(page: Page):
    sign_in(page, "mentor@demo.local", DEMO_PASSWORD)
    found = []
    for url in MENTOR_PAGES:
        page.goto(url)
        found += violations(page)
    page.goto("/mentor/")
    follow(page, page.locator("main table a").first)  # the demo learner is the demo mentor's mentee
    found += violations(page)
    follow(page, page.locator("main a[href$='/competencies']").first)  # the mentor's assessment
    found += violations(page)
    assert found == []
