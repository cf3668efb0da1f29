"""The remedial rule for one learner: a weak competency in a graded post-test recommends another course
and tells the mentors once the learner is done with the post-test (passed, out of attempts, or stalled);
once per competency; resolved, and its notifications withdrawn, by a later result or the course."""

from datetime import timedelta

from sqlalchemy import func, select

from elearn.accounts.models import Role
from elearn.dictionary.models import Competency
from elearn.evaluation.models import RemedialRecommendation
from elearn.evaluation.remedial import open_recommendations, recommend_after_post_test, recommend_for_stalled
from elearn.learning import services as learning
from elearn.mentoring.review import review_item
from elearn.mentoring.services import assign_mentor
from elearn.notifications.models import Notification
from elearn.notifications.services import notification_text
from elearn.quizzes import services as quizzes
from tests.evaluation.evaluation_data import NOW, complete_course, take_quiz
from tests.plugins.factories import SETTINGS, login, quiz_text

STALLED_DAYS = 14


def recommendations(db):
    return list(db.scalars(select(RemedialRecommendation).order_by(RemedialRecommendation.id)))


def notifications(db):
    return list(db.scalars(select(Notification).order_by(Notification.id)))


def read_the_course(db, learner, catalogue):
    """Enrol in the tested course and read it all: only the post-test is left."""
    enrollment = learning.enrol(db, learner.id, catalogue.etika, NOW - timedelta(days=1))
    for module in learning.active_modules(db, catalogue.etika):
        learning.complete_module(db, enrollment, module, NOW - timedelta(days=1), settings=SETTINGS)
    db.commit()


def touch(db, learner, catalogue, when):
    learning.enrollment_of(db, learner.id, catalogue.etika).last_activity_at = when
    db.commit()


def test_a_weak_competency_recommends_another_course_and_tells_the_mentor(db, make_user, catalogue):
    learner, mentor = make_user(full_name="Ani"), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    db.commit()
    attempt = take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2"})
    [made] = recommendations(db)
    assert made.attempt_id == attempt.id
    assert made.competency_id == catalogue.competencies["pelayanan-publik"].id
    assert made.percent == 0 and made.course_id == catalogue.layanan_dasar.id  # another course, lowest level
    [note] = db.scalars(select(Notification).where(Notification.user_id == mentor.id))
    assert note.kind == "remedial_recommended" and note.link == f"/mentor/mentees/{learner.id}"
    assert notification_text(note.kind, note.params) == (
        "Ani scored 0% on Pelayanan Publik in a post-test; Kursus layanan-dasar is recommended to strengthen it.")


def test_strong_competencies_recommend_nothing(db, make_user, catalogue):
    learner = make_user()
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1"})  # 50 % and 100 %: 50 is below 70
    take_quiz(db, make_user().id, catalogue.post_test, wrong=set())
    assert [(r.learner_id, r.percent) for r in recommendations(db)] == [(learner.id, 50.0)]


def test_a_pretest_recommends_nothing(db, make_user, catalogue):
    take_quiz(db, make_user().id, catalogue.pretest, wrong={"p1", "p2", "k1", "k2"})
    assert recommendations(db) == []


def test_grading_the_same_attempt_again_changes_nothing(db, make_user, catalogue):
    learner, mentor = make_user(), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    db.commit()
    attempt = take_quiz(db, learner.id, catalogue.post_test, wrong={"k1", "k2"})
    assert recommend_after_post_test(db, attempt, NOW + timedelta(hours=1), settings=SETTINGS) == []
    db.commit()
    assert len(recommendations(db)) == 1
    assert db.scalar(select(func.count(Notification.id))) == 1


def test_the_course_being_taken_is_never_recommended_nor_one_already_done(db, make_user, catalogue):
    learner, finished = make_user(), make_user()
    take_quiz(db, learner.id, catalogue.post_test, wrong={"k1", "k2"})  # only etika develops komunikasi
    complete_course(db, finished.id, catalogue.layanan_dasar)
    take_quiz(db, finished.id, catalogue.post_test, wrong={"p1", "p2"})
    assert [(r.learner_id, r.course_id) for r in recommendations(db)] == [
        (learner.id, None), (finished.id, catalogue.layanan_lanjut.id)]


def test_a_failed_attempt_with_attempts_left_recommends_nothing_yet(db, make_user, catalogue):
    learner, mentor = make_user(), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    catalogue.post_test.max_attempts = 2
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2", "k1", "k2"})
    assert recommendations(db) == [] and notifications(db) == []
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2", "k1", "k2"}, now=NOW + timedelta(hours=1))
    assert {(r.competency_id, r.course_id) for r in recommendations(db)} == {
        (catalogue.competencies["pelayanan-publik"].id, catalogue.layanan_dasar.id),
        (catalogue.competencies["komunikasi"].id, None)}
    assert len(notifications(db)) == 2  # one per competency for the one mentor


def test_a_learner_who_stopped_after_failing_gets_advice_once(db, make_user, catalogue):
    learner, active, mentor = make_user(), make_user(), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    for person in (learner, active):
        read_the_course(db, person, catalogue)
        take_quiz(db, person.id, catalogue.post_test, wrong={"p1", "p2", "k1"})  # 25 %, attempts left
    later = NOW + timedelta(days=STALLED_DAYS, hours=1)
    touch(db, active, catalogue, later - timedelta(days=1))
    made = recommend_for_stalled(db, later, STALLED_DAYS, settings=SETTINGS)
    db.commit()
    assert {(r.learner_id, r.competency_id) for r in made} == {
        (learner.id, catalogue.competencies["pelayanan-publik"].id),
        (learner.id, catalogue.competencies["komunikasi"].id)}
    assert recommend_for_stalled(db, later + timedelta(days=1), STALLED_DAYS, settings=SETTINGS) == []
    db.commit()
    assert len(recommendations(db)) == 2 and len(notifications(db)) == 2


def test_one_open_recommendation_and_notification_per_competency(db, make_user, catalogue):
    learner, mentor = make_user(), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    catalogue.post_test.max_attempts = 2
    read_the_course(db, learner, catalogue)
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2", "k1"})
    recommend_for_stalled(db, NOW + timedelta(days=STALLED_DAYS + 1), STALLED_DAYS, settings=SETTINGS)
    db.commit()
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2", "k1", "k2"},
              now=NOW + timedelta(days=STALLED_DAYS + 2))  # the last attempt, weaker still
    assert len(recommendations(db)) == 2 and len(notifications(db)) == 2
    assert sorted(r.percent for r in open_recommendations(db, learner.id)) == [0.0, 0.0]


def test_a_later_passing_post_test_resolves_the_advice_and_withdraws_its_notifications(
        db, make_user, catalogue):
    learner, mentor = make_user(), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    read_the_course(db, learner, catalogue)
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2", "k1"})
    recommend_for_stalled(db, NOW + timedelta(days=STALLED_DAYS + 1), STALLED_DAYS, settings=SETTINGS)
    db.commit()
    assert {r.competency for r in open_recommendations(db, learner.id)} == {"Pelayanan Publik", "Komunikasi"}
    later = NOW + timedelta(days=STALLED_DAYS + 2)
    take_quiz(db, learner.id, catalogue.post_test, wrong={"k1", "k2"}, now=later)  # passes; komunikasi 0 %
    [still_open] = open_recommendations(db, learner.id)
    assert (still_open.competency, still_open.percent) == ("Komunikasi", 0.0)  # the newest result shows
    public_service = catalogue.competencies["pelayanan-publik"].id
    [first] = [r for r in recommendations(db) if r.competency_id == public_service]
    assert first.resolved_at == later + timedelta(minutes=5)
    assert [n.params["competency_id"] for n in notifications(db)] == [catalogue.competencies["komunikasi"].id]


def test_completing_the_recommended_course_resolves_it(db, make_user, catalogue):
    learner, mentor = make_user(), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2"})
    assert [r.course_slug for r in open_recommendations(db, learner.id)] == ["layanan-dasar"]
    enrollment = learning.enrol(db, learner.id, catalogue.layanan_dasar, NOW)
    for module in learning.active_modules(db, catalogue.layanan_dasar):
        learning.complete_module(db, enrollment, module, NOW + timedelta(days=3), settings=SETTINGS)
    db.commit()
    assert open_recommendations(db, learner.id) == []
    assert recommendations(db)[0].resolved_at == NOW + timedelta(days=3)
    assert notifications(db) == []


def test_the_stall_sweep_runs_from_the_command_line(app, db, make_user, catalogue):
    learner = make_user()
    read_the_course(db, learner, catalogue)
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2", "k1"}, now=NOW - timedelta(days=60))
    result = app.test_cli_runner().invoke(args=["remedial", "stalled"])
    assert result.exit_code == 0, result.output
    assert "2" in result.output and len(recommendations(db)) == 2


def test_a_mentor_grading_the_last_essay_applies_the_rule(db, make_user, make_quiz):
    # its first question is tagged pelayanan-publik; it has an essay; one attempt only
    quiz = make_quiz({"90-kuis-akhir": quiz_text(attempts=1)})["kuis-akhir"]
    db.add(Competency(slug="pelayanan-publik", group="manajerial", name="Pelayanan Publik", description="",
                      level_descriptions=["1", "2", "3", "4", "5"], position=1))
    learner, mentor = make_user(), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    attempt = quizzes.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS)
    pairs = quizzes.items_with_questions(db, attempt)
    wrong_option = pairs[0][1].data["options"][1]["id"]
    quizzes.save_answers(db, attempt, {pairs[0][0].id: [wrong_option]}, NOW, settings=SETTINGS)
    quizzes.submit_attempt(db, attempt, NOW, settings=SETTINGS)
    assert attempt.status == "awaiting_review" and recommendations(db) == []
    essay = next(item for item, question in pairs if question.type == "essay")
    review_item(db, attempt, essay.id, mentor.id, 1.0, None, NOW + timedelta(hours=2), settings=SETTINGS)
    db.commit()
    [made] = recommendations(db)
    assert made.percent == 0 and made.course_id is None


def test_the_learner_home_lists_competencies_to_strengthen(db, client, make_user, catalogue):
    learner = make_user()
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2"})
    login(client, learner)
    page = client.get("/").get_data(as_text=True)
    assert "Strengthen these competencies" in page
    assert "Pelayanan Publik: 0% in your post-test." in page
    assert 'href="/courses/layanan-dasar"' in page
