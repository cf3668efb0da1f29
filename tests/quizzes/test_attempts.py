"""Attempt rules on the services: start, save, submit, deadlines, versions, course completion."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from elearn.content.services import sync_content
from elearn.learning import services as learning
from elearn.quizzes import services
from elearn.quizzes.models import Attempt, Question
from elearn.quizzes.question_types import QUESTION_TYPES
from tests.quizzes.conftest import quiz_text

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def right_answers(db, attempt) -> dict[int, list[str]]:
    """The values a learner who knows everything would post (an essay gets some text)."""
    return {
        item.id: QUESTION_TYPES[question.type].right_values(question.data) or ["Saya akan menerapkannya di loket."]
        for item, question in services.items_with_questions(db, attempt)
    }


def test_attempt_gets_every_question_in_file_order(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW)
    keys = [q.key for _, q in services.items_with_questions(db, attempt)]
    assert keys == ["pilih", "jamak", "benar", "singkat", "angka", "pasangan", "esai"]
    assert attempt.max_score == 8


def test_draw_and_shuffle_are_fixed_when_the_attempt_starts(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text(draw=4, shuffle_questions="yes", shuffle_options="yes")})[
        "kuis-akhir"]
    learner = make_user()
    attempt = services.start_attempt(db, learner.id, quiz, NOW, rng=random.Random(7))
    first = [(i.question_id, i.option_order) for i, _ in services.items_with_questions(db, attempt)]
    again = services.start_attempt(db, learner.id, quiz, NOW, rng=random.Random(99))
    assert again.id == attempt.id and len(first) == 4
    assert [(i.question_id, i.option_order) for i, _ in services.items_with_questions(db, again)] == first


def test_saving_is_idempotent_and_refuses_foreign_questions(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    learner, other = make_user(), make_user()
    attempt = services.start_attempt(db, learner.id, quiz, NOW)
    other_attempt = services.start_attempt(db, other.id, quiz, NOW)
    first_item = services.items_with_questions(db, attempt)[0][0]
    option = services.items_with_questions(db, attempt)[0][1].data["options"][1]["id"]
    assert services.save_answers(db, attempt, {first_item.id: [option]}, NOW) == 1
    assert services.save_answers(db, attempt, {first_item.id: [option]}, NOW) == 1
    foreign = services.items_with_questions(db, other_attempt)[0][0]
    with pytest.raises(services.QuizError, match="not in this attempt"):
        services.save_answers(db, attempt, {first_item.id: [option], foreign.id: [option]}, NOW)
    with pytest.raises(services.QuizError, match="not valid"):
        services.save_answers(db, attempt, {first_item.id: ["forged-option"]}, NOW)
    assert first_item.response == {"choices": [option]}  # nothing already saved was lost


def test_all_right_answers_score_full_marks_and_the_essay_waits(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW)
    services.save_answers(db, attempt, right_answers(db, attempt), NOW)
    assert services.submit_attempt(db, attempt, NOW) is True
    assert attempt.status == "awaiting_review" and attempt.score == 6 and attempt.passed is None


def test_submitting_twice_grades_once(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text().split("## esai essay")[0]})["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW)
    services.save_answers(db, attempt, right_answers(db, attempt), NOW)
    assert services.submit_attempt(db, attempt, NOW) is True
    assert services.submit_attempt(db, attempt, NOW + timedelta(minutes=5)) is False
    assert attempt.submitted_at == NOW and attempt.percent == 100.0 and attempt.passed is True
    with pytest.raises(services.QuizError, match="already been submitted"):
        services.save_answers(db, attempt, right_answers(db, attempt), NOW)


def test_attempts_beyond_the_limit_are_refused(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text(attempts=1)})["kuis-akhir"]
    learner = make_user()
    services.submit_attempt(db, services.start_attempt(db, learner.id, quiz, NOW), NOW)
    with pytest.raises(services.QuizError, match="used all your attempts"):
        services.start_attempt(db, learner.id, quiz, NOW)


def test_quiz_window_is_enforced(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text(opens="2026-06-01 08:00", closes="2026-06-30 17:00")})[
        "kuis-akhir"]
    learner = make_user()
    with pytest.raises(services.QuizError, match="not open yet"):
        services.start_attempt(db, learner.id, quiz, datetime(2026, 6, 1, 0, 59, tzinfo=UTC))  # 07:59 WIB
    with pytest.raises(services.QuizError, match="closed"):
        services.start_attempt(db, learner.id, quiz, datetime(2026, 6, 30, 10, 0, tzinfo=UTC))
    attempt = services.start_attempt(db, learner.id, quiz, datetime(2026, 6, 30, 9, 50, tzinfo=UTC))
    assert attempt.deadline_at == quiz.closes_at  # no time limit, so the closing time is the deadline


def test_time_limit_is_enforced_on_the_server_with_saved_answers_graded(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text(time_limit=10).split("## esai essay")[0]})["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW)
    answers = right_answers(db, attempt)
    first = next(iter(answers))
    services.save_answers(db, attempt, {first: answers[first]}, NOW + timedelta(minutes=9))
    with pytest.raises(services.QuizError, match="time for this attempt is up"):
        services.save_answers(db, attempt, answers, NOW + timedelta(minutes=11))
    assert attempt.status == "graded" and attempt.submitted_at == attempt.deadline_at
    assert attempt.score == 1.0  # only the answer saved in time counts


def test_editing_a_question_keeps_graded_attempts_on_their_version(db, make_user, make_quiz, content_root):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW)
    services.save_answers(db, attempt, right_answers(db, attempt), NOW)
    services.submit_attempt(db, attempt, NOW)
    db.commit()
    edited = quiz_text().replace("- [x] Janji tertulis penyelenggara\n", "- [ ] Janji tertulis penyelenggara\n") \
        .replace("- [ ] Daftar tarif\n", "- [x] Daftar tarif\n")
    (content_root / "kursus-kuis" / "90-kuis-akhir.quiz").write_text(edited)
    sync_content(db, content_root)
    db.commit()
    versions = db.scalars(select(Question).where(Question.key == "pilih").order_by(Question.version)).all()
    assert [(q.version, q.retired_at is None) for q in versions] == [(1, False), (2, True)]
    graded = db.get(Attempt, attempt.id)
    assert graded.score == 6 and services.items_with_questions(db, graded)[0][1].version == 1


def test_course_completes_only_when_the_final_quiz_is_passed(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text().split("## esai essay")[0]})["kuis-akhir"]
    learner = make_user()
    course = db.get(learning.Course, quiz.course_id)
    enrollment = learning.enrol(db, learner.id, course, NOW)
    module = learning.active_modules(db, course)[0]
    assert learning.complete_module(db, enrollment, module, NOW) is False  # final quiz not passed yet
    failed = services.start_attempt(db, learner.id, quiz, NOW)
    services.submit_attempt(db, failed, NOW)
    assert failed.passed is False and enrollment.completed_at is None
    passed = services.start_attempt(db, learner.id, quiz, NOW)
    services.save_answers(db, passed, right_answers(db, passed), NOW)
    services.submit_attempt(db, passed, NOW + timedelta(minutes=1))
    assert enrollment.completed_at == NOW + timedelta(minutes=1) and enrollment.jp_awarded == 4


def test_a_pre_test_or_practice_quiz_does_not_block_completion(db, make_user, make_quiz):
    quiz = make_quiz({"00-pre-test": quiz_text(role="pretest")})["pre-test"]
    learner = make_user()
    course = db.get(learning.Course, quiz.course_id)
    enrollment = learning.enrol(db, learner.id, course, NOW)
    assert learning.complete_module(db, enrollment, learning.active_modules(db, course)[0], NOW) is True


def test_every_question_types_right_values_score_full_marks(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW)
    for _item, question in services.items_with_questions(db, attempt):
        kind = QUESTION_TYPES[question.type]
        values = kind.right_values(question.data)
        if kind.auto_graded:
            assert kind.grade(question.data, kind.read_response(question.data, values)) == 1.0, question.type
        else:
            assert values is None
