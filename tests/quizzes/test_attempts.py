"""Attempt rules on the services: start, save, submit, deadlines, versions, course completion."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from elearn.contentsync.services import sync_content
from elearn.learning import services as learning
from elearn.quizzes import services
from elearn.quizzes.models import Attempt, Question
from elearn.quizzes.question_types import QUESTION_TYPES
from tests.plugins.factories import SETTINGS, quiz_text

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def right_answers(db, attempt) -> dict[int, list[str]]:
    """The values a learner who knows everything would post (an essay gets some text)."""
    return {
        item.id: QUESTION_TYPES[question.type].right_values(question.data) or ["Saya akan menerapkannya di loket."]
        for item, question in services.items_with_questions(db, attempt)
    }


def test_attempt_gets_every_question_in_file_order(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW, settings=SETTINGS)
    keys = [q.key for _, q in services.items_with_questions(db, attempt)]
    assert keys == ["pilih", "jamak", "benar", "singkat", "angka", "pasangan", "esai"]
    assert attempt.max_score == 8


def test_draw_and_shuffle_are_fixed_when_the_attempt_starts(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text(draw=4, shuffle_questions="yes", shuffle_options="yes")})[
        "kuis-akhir"]
    learner = make_user()
    attempt = services.start_attempt(db, learner.id, quiz, NOW, rng=random.Random(7), settings=SETTINGS)
    first = [(i.question_id, i.option_order) for i, _ in services.items_with_questions(db, attempt)]
    again = services.start_attempt(db, learner.id, quiz, NOW, rng=random.Random(99), settings=SETTINGS)
    assert again.id == attempt.id and len(first) == 4
    assert [(i.question_id, i.option_order) for i, _ in services.items_with_questions(db, again)] == first


def test_saving_is_idempotent_and_refuses_foreign_questions(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    learner, other = make_user(), make_user()
    attempt = services.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS)
    other_attempt = services.start_attempt(db, other.id, quiz, NOW, settings=SETTINGS)
    first_item = services.items_with_questions(db, attempt)[0][0]
    option = services.items_with_questions(db, attempt)[0][1].data["options"][1]["id"]
    assert services.save_answers(db, attempt, {first_item.id: [option]}, NOW, settings=SETTINGS).saved == [first_item.id]
    assert services.save_answers(db, attempt, {first_item.id: [option]}, NOW, settings=SETTINGS).saved == [first_item.id]
    foreign = services.items_with_questions(db, other_attempt)[0][0]
    assert "not in this attempt" in str(services.save_answers(db, attempt, {foreign.id: [option]}, NOW, settings=SETTINGS)
                                        .refused[foreign.id])
    assert "not valid" in str(services.save_answers(db, attempt, {first_item.id: ["forged-option"]}, NOW, settings=SETTINGS)
                              .refused[first_item.id])
    assert first_item.response == {"choices": [option]}  # nothing already saved was lost


def test_all_right_answers_score_full_marks_and_the_essay_waits(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW, settings=SETTINGS)
    services.save_answers(db, attempt, right_answers(db, attempt), NOW, settings=SETTINGS)
    assert services.submit_attempt(db, attempt, NOW, settings=SETTINGS) is True
    assert attempt.status == "awaiting_review" and attempt.score == 6 and attempt.passed is None


def test_submitting_twice_grades_once(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text().split("## esai essay")[0]})["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW, settings=SETTINGS)
    services.save_answers(db, attempt, right_answers(db, attempt), NOW, settings=SETTINGS)
    assert services.submit_attempt(db, attempt, NOW, settings=SETTINGS) is True
    assert services.submit_attempt(db, attempt, NOW + timedelta(minutes=5), settings=SETTINGS) is False
    assert attempt.submitted_at == NOW and attempt.percent == 100.0 and attempt.passed is True
    with pytest.raises(services.QuizError, match="already been submitted"):
        services.save_answers(db, attempt, right_answers(db, attempt), NOW, settings=SETTINGS)


def test_attempts_beyond_the_limit_are_refused(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text(attempts=1)})["kuis-akhir"]
    learner = make_user()
    services.submit_attempt(db, services.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS), NOW, settings=SETTINGS)
    with pytest.raises(services.QuizError, match="used all your attempts"):
        services.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS)


def test_quiz_window_is_enforced(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text(opens="2026-06-01 08:00", closes="2026-06-30 17:00")})[
        "kuis-akhir"]
    learner = make_user()
    with pytest.raises(services.QuizError, match="not open yet"):
        services.start_attempt(db, learner.id, quiz, datetime(2026, 6, 1, 0, 59, tzinfo=UTC), settings=SETTINGS)  # 07:59 WIB
    with pytest.raises(services.QuizError, match="closed"):
        services.start_attempt(db, learner.id, quiz, datetime(2026, 6, 30, 10, 0, tzinfo=UTC), settings=SETTINGS)
    attempt = services.start_attempt(db, learner.id, quiz, datetime(2026, 6, 30, 9, 50, tzinfo=UTC), settings=SETTINGS)
    assert attempt.deadline_at == quiz.closes_at  # no time limit, so the closing time is the deadline


def test_time_limit_is_enforced_on_the_server_with_saved_answers_graded(db, make_user, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text(time_limit=10).split("## esai essay")[0]})["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW, settings=SETTINGS)
    answers = right_answers(db, attempt)
    first = next(iter(answers))
    services.save_answers(db, attempt, {first: answers[first]}, NOW + timedelta(minutes=9), settings=SETTINGS)
    with pytest.raises(services.QuizError, match="time for this attempt is up"):
        services.save_answers(db, attempt, answers, NOW + timedelta(minutes=11), settings=SETTINGS)
    assert attempt.status == "graded" and attempt.submitted_at == attempt.deadline_at
    assert attempt.score == 1.0  # only the answer saved in time counts


def test_editing_a_question_keeps_graded_attempts_on_their_version(db, make_user, make_quiz, content_root):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW, settings=SETTINGS)
    services.save_answers(db, attempt, right_answers(db, attempt), NOW, settings=SETTINGS)
    services.submit_attempt(db, attempt, NOW, settings=SETTINGS)
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
    assert learning.complete_module(db, enrollment, module, NOW, settings=SETTINGS) is False  # final quiz not passed yet
    failed = services.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS)
    services.submit_attempt(db, failed, NOW, settings=SETTINGS)
    assert failed.passed is False and enrollment.completed_at is None
    passed = services.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS)
    services.save_answers(db, passed, right_answers(db, passed), NOW, settings=SETTINGS)
    services.submit_attempt(db, passed, NOW + timedelta(minutes=1), settings=SETTINGS)
    assert enrollment.completed_at == NOW + timedelta(minutes=1) and enrollment.jp_awarded == 4


def test_a_pre_test_or_practice_quiz_does_not_block_completion(db, make_user, make_quiz):
    quiz = make_quiz({"00-pre-test": quiz_text(role="pretest")})["pre-test"]
    learner = make_user()
    course = db.get(learning.Course, quiz.course_id)
    enrollment = learning.enrol(db, learner.id, course, NOW)
    assert learning.complete_module(db, enrollment, learning.active_modules(db, course)[0], NOW, settings=SETTINGS) is True


def test_every_question_types_right_values_score_full_marks(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW, settings=SETTINGS)
    for _item, question in services.items_with_questions(db, attempt):
        kind = QUESTION_TYPES[question.type]
        values = kind.right_values(question.data)
        if kind.auto_graded:
            assert kind.grade(question.data, kind.read_response(question.data, values)) == 1.0, question.type
        else:
            assert values is None


def test_every_question_types_sample_answers_are_valid_and_score_as_the_volume_generator_means(
        db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW, settings=SETTINGS)
    rng = random.Random(3)
    for _item, question in services.items_with_questions(db, attempt):
        kind = QUESTION_TYPES[question.type]
        knows, guesses = (kind.grade(question.data, kind.read_response(question.data, kind.sample_values(
            question.data, right, rng))) for right in (True, False))
        assert (knows, guesses) == ((1.0, 0.0) if kind.auto_graded else (None, None)), question.type


def test_a_blank_answer_of_any_type_saves_as_blank_and_counts_as_unanswered(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW, settings=SETTINGS)
    pairs = services.items_with_questions(db, attempt)
    blank_posts = {
        "single": [], "multiple": [], "truefalse": [], "short": ["  "], "numeric": [""], "essay": ["\n"],
    }
    answers = {item.id: blank_posts.get(question.type) for item, question in pairs}
    matching = next((item, q) for item, q in pairs if q.type == "matching")
    answers[matching[0].id] = [f"{p['id']}:" for p in matching[1].data["pairs"]]
    result = services.save_answers(db, attempt, answers, NOW, settings=SETTINGS)
    assert result.refused == {} and sorted(result.saved) == sorted(answers)
    assert all(item.response is None and item.saved_at == NOW for item, _ in pairs)
    assert not any(services.is_answered(item) for item, _ in pairs)
    right = right_answers(db, attempt)
    first, second = list(right)[:2]
    services.save_answers(db, attempt, {first: right[first], second: right[second]}, NOW, settings=SETTINGS)
    assert [item.position for item, _ in pairs if services.is_answered(item)] == [1, 2]
    services.submit_attempt(db, attempt, NOW, settings=SETTINGS)
    assert attempt.score == 2  # blank answers score nothing and break nothing


def test_a_refused_answer_does_not_stop_the_others_from_saving(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]
    learner, other = make_user(), make_user()
    attempt = services.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS)
    foreign = services.items_with_questions(db, services.start_attempt(db, other.id, quiz, NOW, settings=SETTINGS))[0][0]
    right = right_answers(db, attempt)
    first, second, third = list(right)[:3]
    result = services.save_answers(
        db, attempt, {first: ["forged-option"], second: right[second], third: right[third], foreign.id: ["x"]},
        NOW, settings=SETTINGS)
    assert sorted(result.saved) == sorted([second, third])
    assert set(result.refused) == {first, foreign.id}
    assert "question 1 is not valid" in str(result.refused[first])
    assert "not in this attempt" in str(result.refused[foreign.id])
    assert [item.id for item, _ in services.items_with_questions(db, attempt) if services.is_answered(item)] \
        == [second, third]
    assert foreign.response is None


def test_regrading_after_a_review_never_rescores_automatic_answers(db, make_user, make_quiz):
    """Scores of automatically graded answers are fixed at submission; a mentor's essay grade only re-totals."""
    quiz = make_quiz()["kuis-akhir"]
    attempt = services.start_attempt(db, make_user().id, quiz, NOW, settings=SETTINGS)
    services.save_answers(db, attempt, right_answers(db, attempt), NOW, settings=SETTINGS)
    services.submit_attempt(db, attempt, NOW, settings=SETTINGS)
    pairs = services.items_with_questions(db, attempt)
    pairs[0][0].response = {"choices": []}  # as if an answer had slipped in after submission
    essay = next(item for item, q in pairs if q.type == "essay")
    essay.score = 1.0
    services.grade_attempt(attempt, pairs)
    assert attempt.score == 7 and attempt.status == "graded"
