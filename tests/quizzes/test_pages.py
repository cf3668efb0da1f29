"""Quizzes over HTTP: the no-JavaScript flow, autosave's JSON, tampered posts, and the answer key
never reaching the browser before submission."""

import re

from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.core.extensions import utcnow
from elearn.mentoring.services import assign_mentor
from elearn.quizzes import services
from elearn.quizzes.models import Attempt
from tests.plugins.factories import SETTINGS, TEST_PASSWORD, login, quiz_text
from tests.quizzes.test_attempts import right_answers

QUIZ_URL = "/courses/kursus-kuis/quizzes/kuis-akhir"


def start(client) -> int:
    response = client.post(f"{QUIZ_URL}/start")
    return int(re.search(r"/attempts/(\d+)$", response.location).group(1))


def started_attempt(client, db, make_user, make_quiz) -> tuple[Attempt, dict[int, list[str]]]:
    """A learner signed in on `client` with a fresh attempt of the every-type quiz, and its right answers."""
    make_quiz()
    login(client, make_user())
    attempt = db.get(Attempt, start(client))
    return attempt, right_answers(db, attempt)


def form_of(answers: dict[int, list[str]]) -> dict:
    form = {"items": [str(i) for i in answers]}
    form.update({f"q{i}": values for i, values in answers.items()})
    return form


def test_learner_takes_a_quiz_without_javascript(client, db, make_user, make_quiz):
    make_quiz({"90-kuis-akhir": quiz_text().split("## esai essay")[0]})
    login(client, make_user())
    assert "Start attempt 1" in client.get(QUIZ_URL).text
    attempt_id = start(client)
    page = client.get(f"/attempts/{attempt_id}").text
    assert page.count('<fieldset class="question card"') == 6
    answers = right_answers(db, db.get(Attempt, attempt_id))
    response = client.post(f"/attempts/{attempt_id}/answers", data={**form_of(answers), "then": "finish"})
    assert response.location == f"/attempts/{attempt_id}/submit"
    assert "6 of 6 questions answered." in client.get(response.location).text
    result = client.post(f"/attempts/{attempt_id}/submit")
    assert result.location == f"/attempts/{attempt_id}/result"
    page = client.get(result.location).text
    assert "100%" in page and "Passed" in page
    assert "Maklumat adalah janji tertulis." in page  # feedback is shown immediately by default


def test_one_question_per_page_saves_and_moves_on(client, db, make_user, make_quiz):
    make_quiz()
    login(client, make_user())
    attempt_id = start(client)
    page = client.get(f"/attempts/{attempt_id}?view=one&page=2").text
    assert page.count('<fieldset class="question card"') == 1 and "Question 2" in page
    item = re.search(r'name="items" value="(\d+)"', page).group(1)
    response = client.post(f"/attempts/{attempt_id}/answers", data={"items": [item], "then": "3", "view": "one"})
    assert response.location == f"/attempts/{attempt_id}?view=one&page=3"


def test_autosave_answers_in_json_and_is_safe_to_retry(client, db, make_user, make_quiz):
    make_quiz()
    login(client, make_user())
    attempt_id = start(client)
    answers = right_answers(db, db.get(Attempt, attempt_id))
    first = next(iter(answers))
    headers = {"Accept": "application/json"}
    for _ in range(2):
        response = client.post(f"/attempts/{attempt_id}/answers", data=form_of({first: answers[first]}),
                               headers=headers)
        assert response.status_code == 200 and response.json["saved"] == [first]


def test_tampered_posts_are_refused_without_losing_saved_answers(client, db, make_user, make_quiz):
    make_quiz()
    learner = make_user()
    login(client, learner)
    attempt_id = start(client)
    answers = right_answers(db, db.get(Attempt, attempt_id))
    first = next(iter(answers))
    headers = {"Accept": "application/json"}
    client.post(f"/attempts/{attempt_id}/answers", data=form_of({first: answers[first]}), headers=headers)
    numeric = list(answers)[4]
    for bad in ({first: ["not-an-option"]}, {numeric: ["1e999"]}, {numeric: ["-" + "9" * 50]}):
        response = client.post(f"/attempts/{attempt_id}/answers", data=form_of(bad), headers=headers)
        assert response.status_code == 422 and "is not valid" in response.json["error"]
    response = client.post(f"/attempts/{attempt_id}/answers", data={"items": ["99999"], "q99999": "x"},
                           headers=headers)
    assert response.status_code == 422 and "not in this attempt" in response.json["error"]
    response = client.post(f"/attempts/{attempt_id}/answers", data={"items": ["abc"]}, headers=headers)
    assert response.status_code == 422
    short = list(answers)[3]
    huge = client.post(f"/attempts/{attempt_id}/answers", data=form_of({short: ["x" * 1_000_000]}),
                       headers=headers)
    assert huge.status_code == 200
    db.expire_all()
    items = {item.id: item for item, _ in services.items_with_questions(db, db.get(Attempt, attempt_id))}
    assert items[first].response == {"choices": answers[first]} and len(items[short].response["text"]) == 500


def test_someone_elses_attempt_does_not_exist_for_you(app, client, db, make_user, make_quiz):
    make_quiz()
    owner, intruder = make_user(), make_user()
    login(client, owner)
    attempt_id = start(client)
    other = app.test_client()
    login(other, intruder)
    for method, url in (("GET", f"/attempts/{attempt_id}"), ("POST", f"/attempts/{attempt_id}/answers"),
                        ("GET", f"/attempts/{attempt_id}/submit"), ("POST", f"/attempts/{attempt_id}/submit"),
                        ("GET", f"/attempts/{attempt_id}/result")):
        assert other.open(f"{url}", method=method, data={"items": []}).status_code == 404, url
    assert db.scalar(select(Attempt.status).where(Attempt.id == attempt_id)) == "open"


def test_an_ended_session_gets_401_json_and_signing_in_returns_to_the_attempt(app, client, db, make_user,
                                                                              make_quiz):
    make_quiz()
    learner = make_user()
    login(client, learner)
    attempt_id = start(client)
    fresh = app.test_client()
    response = fresh.post(f"/attempts/{attempt_id}/answers", data={"items": []},
                          headers={"Accept": "application/json"})
    assert response.status_code == 401 and "Sign in again" in response.json["error"]
    response = fresh.post("/login", data={"identifier": learner.email, "password": TEST_PASSWORD})
    assert response.location == f"/attempts/{attempt_id}"
    assert "quiz attempt in progress" in client.get("/").text


def test_answer_key_never_reaches_the_browser_before_submission(client, db, make_user, make_quiz):
    """Every page and response of an open attempt is scanned for anything that gives the answer away."""
    make_quiz({"90-kuis-akhir": quiz_text(shuffle_options="yes")})
    login(client, make_user())
    attempt_id = start(client)
    attempt = db.get(Attempt, attempt_id)
    answers = right_answers(db, attempt)
    secrets = ["Maklumat adalah janji tertulis.", "Tepat.", "Tarif hanya satu komponen standar.",
               "SP4N-LAPOR!", "SP4N LAPOR", "correct", "right_id", "accepted", "tolerance"]
    pages = [client.get(QUIZ_URL), client.get(f"/attempts/{attempt_id}"),
             client.get(f"/attempts/{attempt_id}?view=one&page=5"),
             client.get(f"/attempts/{attempt_id}/submit"), client.get("/courses/kursus-kuis"), client.get("/")]
    first = next(iter(answers))
    pages.append(client.post(f"/attempts/{attempt_id}/answers", data=form_of({first: answers[first]}),
                             headers={"Accept": "application/json"}))
    pages.append(client.get(f"/attempts/{attempt_id}/result", follow_redirects=True))
    for response in pages:
        text = response.get_data(as_text=True)
        for secret in secrets:
            assert secret not in text, (response.request.path, secret)
    matching_page = client.get(f"/attempts/{attempt_id}").text
    pairs = [(p["id"], p["right_id"]) for _, q in services.items_with_questions(db, attempt)
             if q.type == "matching" for p in q.data["pairs"]]
    for left, right in pairs:  # the right match is never pre-selected or marked
        assert f'value="{left}:{right}" selected' not in matching_page


def test_a_form_posted_after_the_session_ended_leads_back_to_its_page(app, client, make_user, make_quiz):
    make_quiz()
    login(client, make_user())
    attempt_id = start(client)
    response = app.test_client().post(f"/attempts/{attempt_id}/answers", data={"items": []},
                                      headers={"Referer": f"http://localhost/attempts/{attempt_id}"})
    assert response.status_code == 302
    assert f"next=%2Fattempts%2F{attempt_id}" in response.location


def test_without_javascript_a_blank_true_false_keeps_every_other_answer(client, db, make_user, make_quiz):
    attempt, answers = started_attempt(client, db, make_user, make_quiz)
    attempt_id = attempt.id
    pairs = services.items_with_questions(db, attempt)
    truefalse = next(item.id for item, q in pairs if q.type == "truefalse")
    form = form_of({item: values for item, values in answers.items() if item != truefalse})
    form["items"].append(str(truefalse))  # the browser posts the item but no value for a blank radio
    response = client.post(f"/attempts/{attempt_id}/answers", data={**form, "then": "finish"})
    assert response.location == f"/attempts/{attempt_id}/submit"
    page = client.get(response.location).text
    assert "6 of 7 questions answered." in page and "Not answered yet: questions 3." in page
    db.expire_all()
    assert [item.response is None for item, _ in services.items_with_questions(db, attempt)] == \
        [False, False, True, False, False, False, False]


def test_the_answered_counter_counts_only_real_answers(client, db, make_user, make_quiz):
    attempt, answers = started_attempt(client, db, make_user, make_quiz)
    attempt_id = attempt.id
    blank = {item: [] for item in answers}
    two = dict(list(answers.items())[:2])
    client.post(f"/attempts/{attempt_id}/answers", data=form_of({**blank, **two}))
    page = client.get(f"/attempts/{attempt_id}").text
    assert "2 of 7 answered" in page
    assert "2 of 7 answered" in client.get(f"/attempts/{attempt_id}?view=one&page=5").text


def test_a_refused_answer_is_named_and_the_others_are_saved(client, db, make_user, make_quiz):
    make_quiz()
    login(client, make_user())
    attempt_id = start(client)
    answers = right_answers(db, db.get(Attempt, attempt_id))
    first, second = list(answers)[:2]
    response = client.post(f"/attempts/{attempt_id}/answers", headers={"Accept": "application/json"},
                           data=form_of({first: ["forged"], second: answers[second]}))
    assert response.status_code == 422
    assert response.json["saved"] == [second]
    assert response.json["refused"] == {str(first): "The answer to question 1 is not valid."}
    response = client.post(f"/attempts/{attempt_id}/answers", follow_redirects=True,
                           data=form_of({first: ["forged"], second: answers[second]}))
    assert "The answer to question 1 is not valid." in response.text and "1 of 7 answered" in response.text


def csrf_token_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_autosave_with_a_stale_token_after_the_session_ended_gets_401(app, client, db, make_user, make_quiz,
                                                                        monkeypatch):
    make_quiz()
    login(client, make_user())
    attempt_id = start(client)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    token = csrf_token_of(client.get(f"/attempts/{attempt_id}").text)
    client.post("/logout", data={"csrf_token": token})
    client.delete_cookie("session")  # the session is over, whatever the sign-out did
    response = client.post(f"/attempts/{attempt_id}/answers", data={"items": [], "csrf_token": token},
                           headers={"Accept": "application/json", "X-CSRFToken": token})
    assert response.status_code == 401 and "Sign in again" in response.json["error"]


def test_autosave_with_a_stale_token_while_signed_in_gets_a_fresh_token(app, client, db, make_user, make_quiz,
                                                                         monkeypatch):
    attempt, answers = started_attempt(client, db, make_user, make_quiz)
    attempt_id, first = attempt.id, next(iter(answers))
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    with client.session_transaction() as session:
        session["csrf_token"] = "a-token-from-a-session-that-ended"  # signed in again in another tab
    stale = "IjEyMyI.stale.token"
    headers = {"Accept": "application/json", "X-CSRFToken": stale}
    response = client.post(f"/attempts/{attempt_id}/answers", data=form_of({first: answers[first]}),
                           headers=headers)
    assert response.status_code == 400 and response.json["csrf_token"]
    headers["X-CSRFToken"] = response.json["csrf_token"]
    response = client.post(f"/attempts/{attempt_id}/answers", data=form_of({first: answers[first]}),
                           headers=headers)
    assert response.status_code == 200 and response.json["saved"] == [first]
    page_form = client.post(f"/attempts/{attempt_id}/answers", data=form_of({first: answers[first]}))
    assert page_form.status_code == 400 and "could not be understood" in page_form.text  # forms: the 400 page


def test_a_pre_test_shows_its_score_and_never_a_pass_or_fail(app, client, db, make_user, make_quiz):
    pre_test = quiz_text(role="pretest").replace("pass_percent: 60", "pass_percent: 0")
    make_quiz({"00-pre-test": pre_test.split("## esai essay")[0]})
    learner = make_user()
    login(client, learner)
    url = "/courses/kursus-kuis/quizzes/pre-test"
    assert "Pass mark" not in client.get(url).text
    attempt_id = int(re.search(r"/attempts/(\d+)$", client.post(f"{url}/start").location).group(1))
    client.post(f"/attempts/{attempt_id}/submit")
    for page in (client.get(f"/attempts/{attempt_id}/result").text, client.get(url).text):
        assert "Pre-test finished" in page and "0%" in page
        assert "Passed" not in page and "Not passed" not in page
    assert "Passed" not in client.get("/courses/kursus-kuis").text
    assign_mentor(db, mentor := make_user(Role.MENTOR), learner, None, utcnow())
    db.commit()
    mentor_client = app.test_client()
    login(mentor_client, mentor)
    for page in (mentor_client.get(f"/mentor/mentees/{learner.id}").text,
                 mentor_client.get(f"/mentor/attempts/{attempt_id}").text):
        assert "Pre-test finished" in page and "Passed" not in page and "Not passed" not in page


def test_partial_credit_is_shown_as_partly_right_with_its_points(client, db, make_user, make_quiz):
    make_quiz()
    learner = make_user()
    login(client, learner)
    attempt_id = start(client)
    attempt = db.get(Attempt, attempt_id)
    pairs = services.items_with_questions(db, attempt)
    multiple, multiple_question = next((item, q) for item, q in pairs if q.type == "multiple")
    half = [o["id"] for o in multiple_question.data["options"] if o["correct"]][:1]
    client.post(f"/attempts/{attempt_id}/answers", data=form_of({multiple.id: half}))
    client.post(f"/attempts/{attempt_id}/submit")
    essay = next(item for item, q in pairs if q.type == "essay")
    db.expire_all()
    attempt = db.get(Attempt, attempt_id)
    from elearn.mentoring.review import review_item  # a mentor gives the essay half its points
    review_item(db, attempt, essay.id, make_user().id, 1.0, None, attempt.submitted_at, settings=SETTINGS)
    db.commit()
    page = client.get(f"/attempts/{attempt_id}/result").text
    assert page.count("Partly right") == 2
    assert "0.5 of 1 points" in page and "1 of 2 points" in page
    assert "Not right" in page  # the unanswered questions
