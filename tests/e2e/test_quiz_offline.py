"""A quiz on a bad connection: answers given offline, a lost session, signing in again — and at the
end every answer is on the server exactly as given."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from elearn.core.extensions import db
from elearn.devtools.demo import DEMO_PASSWORD
from elearn.quizzes.models import AttemptItem
from tests.e2e.conftest import sign_in, submit

pytestmark = pytest.mark.e2e

QUIZ = "/courses/pelayanan-publik/quizzes/post-test"
ACCOUNT = "pengajar@demo.local"


def answer(page: Page, item: str) -> list[str]:
    """Give question `item` an answer as a learner would; return the values the server should keep."""
    box = page.locator(f"fieldset[data-item='{item}']")
    if box.locator("input[type=radio]").count():
        choice = box.locator("input[type=radio]").nth(1)
        choice.check()
        return [choice.get_attribute("value")]
    if box.locator("input[type=checkbox]").count():
        picks = [box.locator("input[type=checkbox]").nth(i) for i in (0, 2)]
        for pick in picks:
            pick.check()
        return sorted(pick.get_attribute("value") for pick in picks)
    if box.locator("select").count():
        values = []
        for select in box.locator("select").all():
            value = select.locator("option").nth(1).get_attribute("value")
            select.select_option(value)
            values.append(value)
        return values
    field = box.locator("input[type=text], textarea").first
    text = "60" if field.get_attribute("inputmode") == "decimal" else f"Jawaban soal {item}"
    field.fill(text)
    return [text]


def start_attempt(page: Page, quiz_url: str) -> None:
    sign_in(page, ACCOUNT, DEMO_PASSWORD)
    page.goto(quiz_url)
    submit(page, "main form[action$='/start'] button[type=submit]")


def saved_state(page: Page, item: str):
    return page.locator(f"#state-{item}")


def stored(e2e_app, item: str) -> dict | None:
    with e2e_app.app_context():
        return db.session.scalar(select(AttemptItem.response).where(AttemptItem.id == int(item)))


def matches(response: dict | None, values: list[str]) -> bool:
    if response is None:
        return False
    if "choices" in response:
        return sorted(response["choices"]) == values
    if "matches" in response:
        return sorted(f"{k}:{v}" for k, v in response["matches"].items()) == sorted(values)
    if isinstance(response.get("value"), bool):
        return response["value"] == (values[0] == "true")
    if "value" in response:
        return response["value"] == float(values[0])
    return response.get("text") == values[0]


def test_answers_survive_going_offline_and_signing_in_again(page: Page, context, e2e_app, console_errors):
    start_attempt(page, QUIZ)
    attempt_url = page.url
    items = [box.get_attribute("data-item") for box in page.locator("fieldset[data-item]").all()]
    given: dict[str, list[str]] = {}

    for item in items[:3]:  # online: each answer is saved as it is given
        given[item] = answer(page, item)
        expect(saved_state(page, item)).to_have_attribute("data-state", "saved")

    context.set_offline(True)
    for item in items[3:6]:  # offline: answers wait on the device
        given[item] = answer(page, item)
        expect(saved_state(page, item)).to_have_attribute("data-state", "offline")
    assert all(stored(e2e_app, item) is None for item in items[3:6])

    context.clear_cookies()  # the session ends while the phone is offline
    context.set_offline(False)
    expect(saved_state(page, items[3])).to_have_attribute("data-state", "session")

    sign_in(page, ACCOUNT, DEMO_PASSWORD)  # signing in again leads back to the open attempt
    expect(page).to_have_url(attempt_url)
    for item in items[3:6]:
        expect(saved_state(page, item)).to_have_attribute("data-state", "saved")

    for item in items[6:]:
        given[item] = answer(page, item)
        expect(saved_state(page, item)).to_have_attribute("data-state", "saved")

    for item, values in given.items():
        assert matches(stored(e2e_app, item), values), item
    submit(page, "main form button[value=finish]")
    expect(page).to_have_url(attempt_url + "/submit")
    expect(page.locator("main .flash-error")).to_have_count(0)  # no question left unanswered
    submit(page, "main form button[type=submit]")
    expect(page).to_have_url(attempt_url + "/result")
    for item, values in given.items():
        assert matches(stored(e2e_app, item), values), item
    assert [e for e in console_errors if "Failed to load resource" not in e] == []


def test_a_refused_answer_stays_and_is_shown_while_the_others_arrive(page: Page, context, e2e_app,
                                                                      console_errors):
    start_attempt(page, "/courses/komunikasi-efektif/quizzes/post-test")  # a quiz of its own: tests run in any order
    items = [box.get_attribute("data-item") for box in page.locator("fieldset[data-item]").all()]
    counter = page.locator("#answered-count")
    answered_before = int(counter.inner_text().split()[0])
    radio_items = [i for i in items if page.locator(f"fieldset[data-item='{i}'] input[type=radio]").count()]
    forged = radio_items[0]
    others = [i for i in items if i != forged][:3]

    context.set_offline(True)  # the answers wait together and go to the server as one batch
    given = {item: answer(page, item) for item in others}
    page.locator(f"fieldset[data-item='{forged}'] input[type=radio]").first.evaluate(
        "field => { field.value = 'forged-option'; field.checked = true;"
        " field.dispatchEvent(new Event('change', {bubbles: true})); }")
    expect(counter).to_contain_text(f"{answered_before + 4} ")  # the counter follows every answer
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")

    refused = saved_state(page, forged)
    expect(refused).to_have_attribute("data-state", "refused")
    number = re.search(r"\d+", page.locator(f"fieldset[data-item='{forged}'] legend").inner_text()).group()
    expect(refused).to_have_text(re.compile(rf"\b{number}\b"))  # "The answer to question N is not valid."
    expect(refused).to_have_attribute("role", "status")  # read out by screen readers
    for item in others:
        expect(saved_state(page, item)).to_have_attribute("data-state", "saved")
        assert matches(stored(e2e_app, item), given[item]), item
    assert stored(e2e_app, forged) is None
    kept = page.evaluate("key => JSON.parse(localStorage.getItem(key))", f"elearn-pending-{page.url.split('/')[-1]}")
    assert kept == {forged: ["forged-option"]}  # kept on the device, not thrown away

    fixed = answer(page, forged)  # the learner answers again: it is sent and saved
    expect(refused).to_have_attribute("data-state", "saved")
    assert matches(stored(e2e_app, forged), fixed)
    assert [e for e in console_errors if "Failed to load resource" not in e] == []


def test_autosave_carries_on_after_signing_in_again_in_another_tab(page: Page, context, e2e_app, console_errors):
    start_attempt(page, "/courses/kepemimpinan-pelayanan/quizzes/post-test")
    items = [box.get_attribute("data-item") for box in page.locator("fieldset[data-item]").all()]
    answer(page, items[0])
    expect(saved_state(page, items[0])).to_have_attribute("data-state", "saved")

    context.clear_cookies()  # the session ends; the learner signs in again in another tab
    other = context.new_page()
    sign_in(other, ACCOUNT, DEMO_PASSWORD)
    other.wait_for_url("**/attempts/*")

    given = answer(page, items[1])  # this tab still holds the old session's token
    expect(saved_state(page, items[1])).to_have_attribute("data-state", "saved")
    assert matches(stored(e2e_app, items[1]), given)
    assert [e for e in console_errors if "Failed to load resource" not in e] == []
