"""The learner's next step in a course, over every state, on the service without a request; then the
course page, the 'continue' link and the passed quiz's result page, which all follow it."""

import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from elearn.content.models import Course
from elearn.contentsync.services import sync_content
from elearn.journey.services import next_step
from elearn.learning import services
from elearn.quizzes import services as quizzes
from elearn.quizzes.models import Quiz
from tests.evaluation.evaluation_data import answer_survey
from tests.plugins.factories import SETTINGS, login, write_course

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def quiz_file(role: str, attempts: int) -> str:
    return textwrap.dedent(f"""\
        ---
        title: Kuis {role}
        role: {role}
        pass_percent: 50
        attempts: {attempts}
        ---
        Kerjakan.

        ## satu truefalse
        answer: true

        Pernyataan satu.
        """)


@pytest.fixture
def course(db, content_root):
    """Three modules, a pre-test and a final quiz with two attempts."""
    folder = write_course(content_root, "etika", {"01-a": "a", "02-b": "b", "03-c": "c"}, jp="6")
    (folder / "10-kuis-awal.quiz").write_text(quiz_file("pretest", 1))
    (folder / "90-kuis-akhir.quiz").write_text(quiz_file("final", 2))
    sync_content(db, content_root)
    db.commit()
    return db.scalar(select(Course).where(Course.slug == "etika"))


def quiz(db, slug: str) -> Quiz:
    return db.scalar(select(Quiz).where(Quiz.slug == slug))


def take(db, learner_id: int, quiz: Quiz, right: bool, when: datetime = NOW):
    attempt = quizzes.start_attempt(db, learner_id, quiz, when, settings=SETTINGS)
    [(item, _question)] = quizzes.items_with_questions(db, attempt)
    quizzes.save_answers(db, attempt, {item.id: ["true" if right else "false"]}, when, settings=SETTINGS)
    quizzes.submit_attempt(db, attempt, when, settings=SETTINGS)
    db.commit()
    return attempt


def read_all(db, enrollment, course):
    for module in services.active_modules(db, course):
        services.complete_module(db, enrollment, module, NOW, settings=SETTINGS)
    db.commit()


def step(db, learner_id, course):
    return next_step(db, learner_id, course, NOW + timedelta(hours=1))


def test_before_enrolling_the_step_is_to_enrol(db, make_user, course):
    assert step(db, make_user().id, course).kind == "enrol"


def test_the_pretest_comes_first_and_an_open_pretest_attempt_is_resumed(db, make_user, course):
    learner = make_user()
    services.enrol(db, learner.id, course, NOW)
    first = step(db, learner.id, course)
    assert (first.kind, first.quiz.slug, first.attempt) == ("pretest", "kuis-awal", None)
    attempt = quizzes.start_attempt(db, learner.id, quiz(db, "kuis-awal"), NOW, settings=SETTINGS)
    assert step(db, learner.id, course).attempt == attempt


def test_after_the_pretest_the_first_unread_module_then_the_last_opened_unread_one(db, make_user, course):
    learner = make_user()
    enrollment = services.enrol(db, learner.id, course, NOW)
    take(db, learner.id, quiz(db, "kuis-awal"), right=False)
    a, _b, c = services.active_modules(db, course)
    assert step(db, learner.id, course).module == a
    services.record_visit(enrollment, c, NOW)
    assert step(db, learner.id, course).module == c
    services.complete_module(db, enrollment, c, NOW, settings=SETTINGS)
    assert step(db, learner.id, course).module == a  # the last opened is read: the first unread


def test_reading_a_module_skips_a_pretest_not_taken(db, make_user, course):
    learner = make_user()
    enrollment = services.enrol(db, learner.id, course, NOW)
    a, b, _c = services.active_modules(db, course)
    services.complete_module(db, enrollment, a, NOW, settings=SETTINGS)
    assert step(db, learner.id, course).module == b


def test_with_every_module_read_the_step_is_the_final_quiz_not_a_module(db, make_user, course):
    learner = make_user()
    read_all(db, services.enrol(db, learner.id, course, NOW), course)
    assert (step(db, learner.id, course).kind, step(db, learner.id, course).quiz.slug) == (
        "final_quiz", "kuis-akhir")
    take(db, learner.id, quiz(db, "kuis-akhir"), right=False)  # one attempt left
    assert step(db, learner.id, course).kind == "final_quiz"
    attempt = quizzes.start_attempt(db, learner.id, quiz(db, "kuis-akhir"), NOW, settings=SETTINGS)
    assert step(db, learner.id, course).attempt == attempt


def test_a_final_attempt_waiting_for_a_mentor_is_the_step(db, make_user, course):
    learner = make_user()
    read_all(db, services.enrol(db, learner.id, course, NOW), course)
    attempt = take(db, learner.id, quiz(db, "kuis-akhir"), right=False)
    attempt.status, attempt.passed = "awaiting_review", None
    assert (step(db, learner.id, course).kind, step(db, learner.id, course).attempt) == (
        "awaiting_review", attempt)


def test_no_attempts_left_is_said_rather_than_offering_the_quiz_again(db, make_user, course):
    learner = make_user()
    read_all(db, services.enrol(db, learner.id, course, NOW), course)
    take(db, learner.id, quiz(db, "kuis-akhir"), right=False)
    take(db, learner.id, quiz(db, "kuis-akhir"), right=False)
    assert step(db, learner.id, course).kind == "out_of_attempts"


def test_after_completion_the_certificate_and_the_reaction_survey_not_a_module(
        db, make_user, course, surveys):
    learner = make_user()
    read_all(db, services.enrol(db, learner.id, course, NOW), course)
    take(db, learner.id, quiz(db, "kuis-akhir"), right=True)
    done = step(db, learner.id, course)
    assert done.kind == "completed" and done.module is None
    assert done.certificate is not None and done.certificate.course_id == course.id
    assert [s.kind for s in done.surveys] == ["reaction"]
    answer_survey(db, surveys, "reaction", learner.id, learner.id, course, {"relevan": 5})
    assert step(db, learner.id, course).surveys == ()


def test_a_course_without_quizzes_read_to_the_end_is_completed(db, make_user, make_course):
    learner, plain = make_user(), make_course(slug="polos", modules={"01-a": "a"})
    read_all(db, services.enrol(db, learner.id, plain, NOW), plain)
    assert step(db, learner.id, plain).kind == "completed"


def test_the_course_page_offers_the_final_quiz_once_every_module_is_read(client, db, make_user, course):
    learner = make_user()
    read_all(db, services.enrol(db, learner.id, course, NOW), course)
    login(client, learner)
    page = client.get("/courses/etika").text
    assert 'class="button" href="/courses/etika/quizzes/kuis-akhir"' in page
    assert "Continue: C" not in page
    assert client.get("/courses/etika/continue").location == "/courses/etika/quizzes/kuis-akhir"


def test_the_course_page_after_completion_links_on_and_not_to_module_one(
        client, db, make_user, course, surveys):
    learner = make_user()
    read_all(db, services.enrol(db, learner.id, course, NOW), course)
    take(db, learner.id, quiz(db, "kuis-akhir"), right=True)
    login(client, learner)
    page = client.get("/courses/etika").text
    assert 'href="/courses/etika/modules/a">Continue' not in page
    assert 'href="/certificates/' in page and 'href="/jp"' in page
    assert 'href="/surveys/reaction/courses/etika"' in page
    assert 'href="/courses"' in page


def test_the_passed_final_quiz_result_links_to_certificate_ledger_and_survey(
        client, db, make_user, course, surveys):
    learner = make_user()
    read_all(db, services.enrol(db, learner.id, course, NOW), course)
    attempt = take(db, learner.id, quiz(db, "kuis-akhir"), right=True)
    login(client, learner)
    page = client.get(f"/attempts/{attempt.id}/result").text
    assert 'href="/certificates/' in page and 'href="/jp"' in page
    assert 'href="/surveys/reaction/courses/etika"' in page


def test_a_passed_pretest_result_links_on_to_the_first_module(client, db, make_user, course):
    learner = make_user()
    services.enrol(db, learner.id, course, NOW)
    attempt = take(db, learner.id, quiz(db, "kuis-awal"), right=True)
    login(client, learner)
    assert 'class="button" href="/courses/etika/modules/a"' in client.get(f"/attempts/{attempt.id}/result").text


def test_marking_a_module_complete_leads_to_the_next_unread_module_then_the_final_quiz(
        client, db, make_user, course):
    learner = make_user()
    enrollment = services.enrol(db, learner.id, course, NOW)
    b = services.active_modules(db, course)[1]
    services.complete_module(db, enrollment, b, NOW, settings=SETTINGS)
    db.commit()
    login(client, learner)
    assert client.post("/courses/etika/modules/a/complete").location == "/courses/etika/modules/c"
    assert client.post("/courses/etika/modules/c/complete").location == "/courses/etika/quizzes/kuis-akhir"
