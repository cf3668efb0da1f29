"""Parallel requests on one attempt, as a learner with two tabs (or a retrying phone) sends them: saves
racing a submit, double starts, double submits. Each thread is its own client with its own app context
and database session, as on a real multi-threaded server; SQLite runs on a file, as in production."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from elearn.learning.models import Enrollment
from elearn.quizzes import services
from elearn.quizzes.models import Attempt, AttemptItem
from tests.plugins.factories import login, quiz_text
from tests.quizzes.test_attempts import right_answers
from tests.quizzes.test_pages import QUIZ_URL, form_of, start

JSON = {"Accept": "application/json"}
THREADS = 6


def run_together(app, calls):
    """Run the calls at (nearly) the same moment, each in its own thread and app context."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        with app.app_context():
            barrier.wait()
            return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def signed_in_clients(app, user, count):
    clients = [app.test_client() for _ in range(count)]
    for client in clients:
        login(client, user)
    return clients


@pytest.mark.commits  # threads, each with its own connection
def test_saves_racing_a_submit_never_land_after_it(app, db, make_user, make_quiz):
    make_quiz({"90-kuis-akhir": quiz_text()})
    learner = make_user()
    clients = signed_in_clients(app, learner, THREADS)
    attempt_id = start(clients[0])
    answers = right_answers(db, db.get(Attempt, attempt_id))
    saves = [
        (lambda client=client: client.post(f"/attempts/{attempt_id}/answers", data=form_of(answers),
                                           headers=JSON))
        for client in clients[1:]
    ]
    submit = lambda: clients[0].post(f"/attempts/{attempt_id}/submit")  # noqa: E731
    responses = run_together(app, [*saves[:2], submit, *saves[2:]])
    assert all(r.status_code in (200, 302, 409) for r in responses), [r.status_code for r in responses]
    refused = [r for r in responses if r.status_code == 409]
    assert all("already been submitted" in r.json["error"] for r in refused)
    db.commit()  # end this test's own read snapshot, to read what the threads committed
    db.expire_all()
    attempt = db.get(Attempt, attempt_id)
    late = db.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt_id,
                                                AttemptItem.saved_at > attempt.submitted_at)).all()
    assert late == []
    score = attempt.score
    essay = next(item for item, q in services.items_with_questions(db, attempt) if q.type == "essay")
    essay.score = 0.0
    services.grade_attempt(attempt, services.items_with_questions(db, attempt))
    assert attempt.score == score  # grading the essay changes nothing else


def test_a_save_after_submission_is_refused_with_409_and_a_flash(client, db, make_user, make_quiz):
    make_quiz()
    login(client, make_user())
    attempt_id = start(client)
    client.post(f"/attempts/{attempt_id}/submit")
    response = client.post(f"/attempts/{attempt_id}/answers", data={"items": []}, headers=JSON)
    assert response.status_code == 409 and "already been submitted" in response.json["error"]
    response = client.post(f"/attempts/{attempt_id}/answers", data={"items": []}, follow_redirects=True)
    assert "already been submitted" in response.text


@pytest.mark.commits  # threads, each with its own connection
def test_starting_twice_at_once_yields_one_open_attempt(app, db, make_user, make_quiz):
    make_quiz()
    learner = make_user()
    clients = signed_in_clients(app, learner, THREADS)
    responses = run_together(app, [lambda client=client: client.post(f"{QUIZ_URL}/start") for client in clients])
    assert [r.status_code for r in responses] == [302] * THREADS
    assert len({r.location for r in responses}) == 1
    db.commit()
    assert db.scalars(select(Attempt.status).where(Attempt.user_id == learner.id)).all() == ["open"]


@pytest.mark.commits  # threads, each with its own connection
def test_submitting_twice_at_once_grades_once_without_errors(app, db, make_user, make_quiz):
    make_quiz()
    learner = make_user()
    clients = signed_in_clients(app, learner, THREADS)
    attempt_id = start(clients[0])
    responses = run_together(
        app, [lambda client=client: client.post(f"/attempts/{attempt_id}/submit") for client in clients])
    assert [r.status_code for r in responses] == [302] * THREADS
    db.commit()
    assert db.get(Attempt, attempt_id).status == "awaiting_review"


def failing_with(message):
    def fail(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception(message))
    return fail


def test_a_locked_database_answers_503_try_again(app, client, db, make_user, make_quiz, monkeypatch):
    make_quiz()
    login(client, make_user())
    monkeypatch.setattr(services, "start_attempt", failing_with("database is locked"))
    response = client.post(f"{QUIZ_URL}/start")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "try again" in response.text.lower()
    response = client.post(f"{QUIZ_URL}/start", headers=JSON)
    assert response.status_code == 503 and "try again" in response.json["error"].lower()


@pytest.mark.commits  # threads, each with its own connection
def test_parallel_writes_elsewhere_queue_too(app, db, make_user, make_quiz):
    """The SQLite engine setup is site-wide: parallel enrolments in a course wait their turn like quiz writes."""
    make_quiz()
    learner = make_user()
    clients = signed_in_clients(app, learner, THREADS)
    responses = run_together(app, [lambda client=client: client.post("/courses/kursus-kuis/enrol")
                                   for client in clients])
    assert [r.status_code for r in responses] == [302] * THREADS
    db.commit()
    assert db.scalar(select(func.count(Enrollment.id)).where(Enrollment.user_id == learner.id)) == 1
