"""The remedial rule for one learner: a weak competency in a graded post-test recommends a course and
tells the mentors; it is idempotent, and resolved by completing the course or passing a later post-test."""

from datetime import timedelta

from sqlalchemy import func, select

from elearn.auth.models import Role
from elearn.competencies.models import Competency
from elearn.evaluation.models import RemedialRecommendation
from elearn.evaluation.remedial import open_recommendations, recommend_after_post_test
from elearn.mentoring.models import Notification
from elearn.mentoring.notifications import notification_text
from elearn.mentoring.review import review_item
from elearn.mentoring.services import assign_mentor
from elearn.quizzes import services as quizzes
from tests.conftest import login
from tests.evaluation.evaluation_data import NOW, complete_course, take_quiz


def recommendations(db):
    return list(db.scalars(select(RemedialRecommendation).order_by(RemedialRecommendation.id)))


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
    assert recommend_after_post_test(db, attempt, NOW + timedelta(hours=1)) == []
    db.commit()
    assert len(recommendations(db)) == 1
    assert db.scalar(select(func.count(Notification.id))) == 1


def test_the_same_course_is_recommended_when_it_is_the_only_one_and_none_when_all_are_done(
        db, make_user, catalogue):
    learner, finished = make_user(), make_user()
    take_quiz(db, learner.id, catalogue.post_test, wrong={"k1", "k2"})  # only etika develops komunikasi
    complete_course(db, finished.id, catalogue.etika)
    take_quiz(db, finished.id, catalogue.post_test, wrong={"k1", "k2"})
    assert [(r.learner_id, r.course_id) for r in recommendations(db)] == [
        (learner.id, catalogue.etika.id), (finished.id, None)]


def test_a_later_passing_post_test_resolves_the_recommendation(db, make_user, catalogue):
    learner = make_user()
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2", "k1"})
    assert {r.competency for r in open_recommendations(db, learner.id)} == {"Pelayanan Publik", "Komunikasi"}
    take_quiz(db, learner.id, catalogue.post_test, wrong={"k1", "k2"}, now=NOW + timedelta(days=1))
    [still_open] = open_recommendations(db, learner.id)
    assert (still_open.competency, still_open.percent) == ("Komunikasi", 0.0)  # the newest result shows
    public_service = catalogue.competencies["pelayanan-publik"].id
    [first] = [r for r in recommendations(db) if r.competency_id == public_service]
    assert first.resolved_at == NOW + timedelta(days=1, minutes=5)


def test_completing_the_recommended_course_resolves_it(db, make_user, catalogue):
    learner = make_user()
    take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2"})
    assert [r.course_slug for r in open_recommendations(db, learner.id)] == ["layanan-dasar"]
    complete_course(db, learner.id, catalogue.layanan_dasar, NOW + timedelta(days=3))
    assert open_recommendations(db, learner.id) == []


def test_a_mentor_grading_the_last_essay_applies_the_rule(db, make_user, make_quiz):
    quiz = make_quiz()["kuis-akhir"]  # its first question is tagged pelayanan-publik; it has an essay
    db.add(Competency(slug="pelayanan-publik", group="manajerial", name="Pelayanan Publik", description="",
                      level_descriptions=["1", "2", "3", "4", "5"], position=1))
    learner, mentor = make_user(), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    attempt = quizzes.start_attempt(db, learner.id, quiz, NOW)
    pairs = quizzes.items_with_questions(db, attempt)
    wrong_option = pairs[0][1].data["options"][1]["id"]
    quizzes.save_answers(db, attempt, {pairs[0][0].id: [wrong_option]}, NOW)
    quizzes.submit_attempt(db, attempt, NOW)
    assert attempt.status == "awaiting_review" and recommendations(db) == []
    essay = next(item for item, question in pairs if question.type == "essay")
    review_item(db, attempt, essay.id, mentor.id, 1.0, None, NOW + timedelta(hours=2))
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
