"""Hostile quiz saves: numbers past any id or page, a body cut off mid-way. Refused or ignored, never
a server error, and nothing half-stored."""

import io
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from elearn.quizzes.models import Attempt, AttemptItem
from tests.plugins.factories import login
from tests.quizzes.test_attempts import right_answers
from tests.quizzes.test_pages import start
from tests.test_hostile_input import HUGE


@pytest.mark.parametrize("item", [*HUGE, "²"])
def test_a_quiz_save_naming_an_item_past_any_id_is_refused(client, make_user, make_quiz, item):
    make_quiz()
    login(client, make_user())
    attempt_id = start(client)
    response = client.post(f"/attempts/{attempt_id}/answers", data={"items": [item], f"q{item}": "x"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 422


@pytest.mark.parametrize("then", [*HUGE, "²"])
def test_a_quiz_save_going_to_an_impossible_page_stays_on_the_attempt(client, make_user, make_quiz, then):
    make_quiz()
    login(client, make_user())
    attempt_id = start(client)
    response = client.post(f"/attempts/{attempt_id}/answers", data={"then": then})
    assert response.status_code == 302 and response.location.startswith(f"/attempts/{attempt_id}")


def test_a_save_cut_off_before_its_declared_length_is_refused_and_nothing_is_stored(
        client, db, make_user, make_quiz):
    make_quiz()
    login(client, make_user())
    attempt_id = start(client)
    short_answer = list(right_answers(db, db.get(Attempt, attempt_id)))[3]
    full = urlencode({"items": short_answer, f"q{short_answer}": "an answer typed on a slow link"}).encode()
    as_gunicorn_hands_it_over = {"wsgi.input": io.BytesIO(full[:-10]), "CONTENT_LENGTH": str(len(full)),
                                 "wsgi.input_terminated": True}
    response = client.post(f"/attempts/{attempt_id}/answers", content_type="application/x-www-form-urlencoded",
                           headers={"Accept": "application/json"}, environ_overrides=as_gunicorn_hands_it_over)
    assert response.status_code == 400
    assert db.scalar(select(AttemptItem.saved_at).where(AttemptItem.id == short_answer)) is None
