"""Conflicts of interest: nobody grades their own work, and whoever has seen the answers of someone's
attempt at a quiz cannot take that quiz for credit afterwards."""

from datetime import date

import pytest
from sqlalchemy import func, select

from elearn.accounts.mentorships import learner_for, may_follow
from elearn.accounts.models import Role
from elearn.core.extensions import utcnow
from elearn.mentoring import review
from elearn.mentoring.models import ActionPlan
from elearn.mentoring.services import assign_mentor
from elearn.quizzes import services as quizzes
from elearn.quizzes.integrity import has_seen_answers
from elearn.quizzes.models import AnswerDisclosure, Attempt
from tests.mentoring.test_review import essay_item, setup, submitted_with_essay
from tests.plugins.factories import SETTINGS, login, quiz_text

SEEN_MESSAGE = "You have seen other people's answers to this quiz while reviewing them"


def test_a_mentor_who_reviewed_a_mentees_attempt_cannot_start_that_quiz(client, db, make_user, make_quiz):
    quiz, mentor, learner, _enrollment = setup(db, make_user, make_quiz)
    attempt = submitted_with_essay(db, learner, quiz)
    login(client, mentor)
    review_page = client.get(f"/mentor/attempts/{attempt.id}")
    assert review_page.status_code == 200 and "you can no longer take it for credit" in review_page.text
    assert has_seen_answers(db, mentor.id, quiz.id)

    response = client.post("/courses/kursus-kuis/quizzes/kuis-akhir/start")
    assert response.location == "/courses/kursus-kuis/quizzes/kuis-akhir"
    page = client.get(response.location).text
    assert SEEN_MESSAGE in page
    assert db.scalar(select(func.count(Attempt.id)).where(Attempt.user_id == mentor.id)) == 0
    with pytest.raises(quizzes.QuizError, match="seen other people's answers"):
        quizzes.start_attempt(db, mentor.id, quiz, utcnow(), settings=SETTINGS)


def test_seeing_answers_is_recorded_once_and_only_for_that_quiz(client, db, make_user, make_quiz):
    made = make_quiz({"90-kuis-akhir": quiz_text(), "50-latihan": quiz_text("practice")})
    mentor, learner = make_user(Role.MENTOR), make_user()
    assign_mentor(db, mentor, learner, None, utcnow())
    db.commit()
    attempt = submitted_with_essay(db, learner, made["kuis-akhir"])
    login(client, mentor)
    client.get(f"/mentor/attempts/{attempt.id}")
    client.get(f"/mentor/attempts/{attempt.id}")
    assert db.scalar(select(func.count(AnswerDisclosure.id))) == 1
    assert quizzes.start_attempt(db, mentor.id, made["latihan"], utcnow(), settings=SETTINGS).quiz_id == made["latihan"].id


def test_a_reviewer_with_an_open_attempt_at_the_quiz_cannot_see_others_answers(
        client, db, make_user, make_quiz):
    quiz, mentor, learner, _enrollment = setup(db, make_user, make_quiz)
    attempt = submitted_with_essay(db, learner, quiz)
    quizzes.start_attempt(db, mentor.id, quiz, utcnow(), settings=SETTINGS)
    db.commit()
    login(client, mentor)
    response = client.get(f"/mentor/attempts/{attempt.id}")
    assert response.location == f"/mentor/mentees/{learner.id}"
    assert "Submit your own attempt at this quiz" in client.get(response.location).text
    assert not has_seen_answers(db, mentor.id, quiz.id)


def test_an_admin_cannot_grade_their_own_essay(client, db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    admin = make_user(Role.ADMIN)
    attempt = submitted_with_essay(db, admin, quiz)
    item = essay_item(db, attempt)
    with pytest.raises(review.OwnWorkRefused):
        review.review_item(db, attempt, item.id, admin.id, 2.0, None, utcnow(), settings=SETTINGS)
    db.rollback()

    login(client, admin)
    page = client.get(f"/mentor/attempts/{attempt.id}")
    assert page.status_code == 403 and "You cannot review or grade your own attempt." in page.text
    assert client.post(f"/mentor/attempts/{attempt.id}/items/{item.id}", data={"score": "2"}).status_code == 403
    db.expire_all()
    assert db.get(Attempt, attempt.id).status == "awaiting_review" and essay_item(db, attempt).score is None


def test_nobody_follows_themself_so_their_own_work_is_hidden_from_mentor_pages(client, db, make_user):
    admin = make_user(Role.ADMIN, Role.MENTOR)
    assert learner_for(db, admin, admin.id) is None and not may_follow(db, admin, admin.id)
    assert learner_for(db, admin, make_user().id) is not None
    login(client, admin)
    assert client.get(f"/mentor/mentees/{admin.id}").status_code == 404


def test_an_admin_cannot_assess_or_agree_to_their_own_learning_as_a_mentor(client, db, make_user, make_course):
    admin, course = make_user(Role.ADMIN), make_course()
    plan = ActionPlan(learner_id=admin.id, course_id=course.id, what="Menerapkan maklumat", how="Rapat",
                      due_on=date(2026, 7, 1), status="submitted")
    db.add(plan)
    db.commit()
    login(client, admin)
    assert client.get(f"/mentees/{admin.id}/competencies").status_code == 404
    assert client.get(f"/mentor/action-plans/{plan.id}").status_code == 404
    assert client.post(f"/mentor/action-plans/{plan.id}/agree", data={"agree-note": "ok"}).status_code == 404
    db.expire_all()
    assert db.get(ActionPlan, plan.id).status == "submitted"
