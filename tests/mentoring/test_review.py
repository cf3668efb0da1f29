"""Reviewing attempts: essay grades change results and completion; mentors reach only their mentees."""

from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.core.extensions import utcnow
from elearn.learning import services as learning
from elearn.mentoring.services import assign_mentor
from elearn.notifications.models import Notification
from elearn.quizzes import services as quizzes
from elearn.quizzes.models import Attempt
from tests.plugins.factories import SETTINGS, login
from tests.quizzes.test_attempts import right_answers


def submitted_with_essay(db, learner, quiz):
    """All automatic questions right (6 of 8 points) and an essay waiting for a mentor."""
    attempt = quizzes.start_attempt(db, learner.id, quiz, utcnow(), settings=SETTINGS)
    quizzes.save_answers(db, attempt, right_answers(db, attempt), utcnow(), settings=SETTINGS)
    quizzes.submit_attempt(db, attempt, utcnow(), settings=SETTINGS)
    db.commit()
    return attempt


def essay_item(db, attempt):
    return next(i for i, q in quizzes.items_with_questions(db, attempt) if q.type == "essay")


def setup(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    mentor, learner = make_user(Role.MENTOR), make_user()
    assign_mentor(db, mentor, learner, None, utcnow())
    course = db.get(learning.Course, quiz.course_id)
    enrollment = learning.enrol(db, learner.id, course, utcnow())
    learning.complete_module(db, enrollment, learning.active_modules(db, course)[0], utcnow(), settings=SETTINGS)
    db.commit()
    return quiz, mentor, learner, enrollment


def test_grading_the_essay_completes_the_attempt_and_the_course(client, db, make_user, make_quiz):
    quiz, mentor, learner, enrollment = setup(db, make_user, make_quiz)
    attempt = submitted_with_essay(db, learner, quiz)
    assert attempt.status == "awaiting_review" and enrollment.completed_at is None
    login(client, mentor)
    assert "Essay to grade" in client.get("/mentor/reviews").text
    item = essay_item(db, attempt)
    response = client.post(f"/mentor/attempts/{attempt.id}/items/{item.id}",
                           data={"score": "1,5", "comment": "Rencana yang konkret."})
    assert response.status_code == 302
    db.expire_all()
    graded = db.get(Attempt, attempt.id)
    assert graded.status == "graded" and graded.score == 7.5 and graded.percent == 93.75 and graded.passed
    assert db.get(learning.Enrollment, enrollment.id).completed_at is not None
    note = db.scalar(select(Notification).where(Notification.user_id == learner.id))
    assert note.kind == "essay_graded" and note.link == f"/attempts/{attempt.id}/result"


def test_a_low_essay_grade_can_fail_the_attempt(client, db, make_user, make_quiz):
    quiz, mentor, learner, enrollment = setup(db, make_user, make_quiz)
    attempt = quizzes.start_attempt(db, learner.id, quiz, utcnow(), settings=SETTINGS)
    quizzes.submit_attempt(db, attempt, utcnow(), settings=SETTINGS)  # nothing answered
    db.commit()
    login(client, mentor)
    client.post(f"/mentor/attempts/{attempt.id}/items/{essay_item(db, attempt).id}", data={"score": "0"})
    db.expire_all()
    assert db.get(Attempt, attempt.id).passed is False
    assert db.get(learning.Enrollment, enrollment.id).completed_at is None


def test_out_of_range_grade_is_refused_and_keeps_the_typed_comment(client, db, make_user, make_quiz):
    quiz, mentor, learner, _ = setup(db, make_user, make_quiz)
    attempt = submitted_with_essay(db, learner, quiz)
    login(client, mentor)
    item = essay_item(db, attempt)
    for score, message in (("3", "The score must be between 0 and 2."), ("-1", "between 0 and 2"),
                           ("dua", "The score must be a number.")):
        response = client.post(f"/mentor/attempts/{attempt.id}/items/{item.id}",
                               data={"score": score, "comment": "Komentar yang panjang dan berguna."})
        assert response.status_code == 422 and message in response.text
        assert "Komentar yang panjang dan berguna." in response.text and f'value="{score}"' in response.text
    db.expire_all()
    assert essay_item(db, db.get(Attempt, attempt.id)).score is None


def test_comments_on_any_answer_reach_the_learner(app, client, db, make_user, make_quiz):
    quiz, mentor, learner, _ = setup(db, make_user, make_quiz)
    attempt = submitted_with_essay(db, learner, quiz)
    first = quizzes.items_with_questions(db, attempt)[0][0]
    login(client, mentor)
    client.post(f"/mentor/attempts/{attempt.id}/items/{first.id}", data={"comment": "Bagus, tepat."})
    learner_client = app.test_client()
    login(learner_client, learner)
    assert "Notifications (1 new)" in learner_client.get("/").text
    assert "Bagus, tepat." in learner_client.get(f"/attempts/{attempt.id}/result").text
    assert "Your mentor commented" in learner_client.get("/notifications").text
    learner_client.post("/notifications/read")
    assert "Notifications (1 new)" not in learner_client.get("/").text


def test_only_essays_are_graded_by_hand(client, db, make_user, make_quiz):
    quiz, mentor, learner, _ = setup(db, make_user, make_quiz)
    attempt = submitted_with_essay(db, learner, quiz)
    first = quizzes.items_with_questions(db, attempt)[0][0]
    login(client, mentor)
    response = client.post(f"/mentor/attempts/{attempt.id}/items/{first.id}", data={"score": "0"})
    assert response.status_code == 422 and "Only essay answers are graded by hand." in response.text


def test_other_mentors_and_learners_get_404(app, client, db, make_user, make_quiz):
    quiz, _mentor, learner, _ = setup(db, make_user, make_quiz)
    attempt = submitted_with_essay(db, learner, quiz)
    item = essay_item(db, attempt)
    other_mentor, other_learner = make_user(Role.MENTOR), make_user()
    for intruder in (other_mentor,):
        login(client, intruder)
        for method, url in (("GET", f"/mentor/mentees/{learner.id}"), ("GET", f"/mentor/attempts/{attempt.id}"),
                            ("POST", f"/mentor/attempts/{attempt.id}/items/{item.id}")):
            assert client.open(url, method=method, data={"score": "2"}).status_code == 404, url
        assert learner.full_name not in client.get("/mentor/").text
        assert learner.full_name not in client.get("/mentor/reviews").text
    login(app.test_client(), other_learner)
    plain = app.test_client()
    login(plain, other_learner)
    assert plain.get(f"/mentor/attempts/{attempt.id}").status_code == 403
    db.expire_all()
    assert essay_item(db, db.get(Attempt, attempt.id)).score is None


def test_an_ended_assignment_ends_access_and_admins_see_everyone(client, db, make_user, make_quiz):
    quiz, mentor, learner, _ = setup(db, make_user, make_quiz)
    attempt = submitted_with_essay(db, learner, quiz)
    assignment = assign_mentor(db, mentor, learner, None, utcnow())
    assignment.ended_at = utcnow()
    db.commit()
    login(client, mentor)
    assert client.get(f"/mentor/attempts/{attempt.id}").status_code == 404
    client.post("/logout")
    login(client, make_user(Role.ADMIN))
    assert client.get(f"/mentor/attempts/{attempt.id}").status_code == 200
    assert client.get(f"/mentor/mentees/{learner.id}").status_code == 200


def test_notifications_are_also_emailed_when_smtp_is_configured(client, db, make_user, make_quiz,
                                                                outgoing_mail):
    quiz, mentor, learner, _ = setup(db, make_user, make_quiz)
    attempt = submitted_with_essay(db, learner, quiz)
    login(client, mentor)
    client.post(f"/mentor/attempts/{attempt.id}/items/{essay_item(db, attempt).id}", data={"score": "2"})
    assert outgoing_mail == [{"host": "mail.example.go.id", "port": 25, "to": learner.email,
                     "subject": "elearn: Your mentor graded your answer in Kuis Uji.",
                     "body": f"Your mentor graded your answer in Kuis Uji.\n\n"
                             f"http://127.0.0.1:5000/attempts/{attempt.id}/result\n"}]
