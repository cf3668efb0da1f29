"""The survey schedule (reaction after completion, behaviour follow-up `follow_up_days` later, for the
learner and for their mentor) and saving answers: refused with a reason, and then nothing is saved."""

import pytest
from sqlalchemy import func, select

from elearn.accounts.models import Role
from elearn.evaluation import responses
from elearn.evaluation.models import SurveyAnswer, SurveyQuestion, SurveyResponse
from elearn.mentoring.services import assign_mentor, end_assignment
from tests.conftest import counted_statements
from tests.evaluation.survey_files import (
    NOW,
    complete_course,
    days_ago,
    survey_named,
    survey_text,
    sync,
    write_all_kinds,
    write_survey,
)

ANSWERS = {"relevansi": "4", "frekuensi": "2", "komentar": "Sangat membantu."}


@pytest.fixture(autouse=True)
def all_kinds(content_root):
    write_all_kinds(content_root)


def due_for(db, learner, now=NOW, **kwargs):
    return [(d.survey_slug, d.course_slug) for d in responses.surveys_due_for_learner(db, learner.id, now, **kwargs)]


def mentor_due(db, mentor, now=NOW, **kwargs):
    return [(d.learner_name, d.course_slug) for d in responses.surveys_due_for_mentor(db, mentor.id, now, **kwargs)]


def submit(db, slug, respondent, learner, course, posted=None, now=NOW):
    return responses.submit_response(db, survey_named(db, slug), respondent.id, learner.id, course,
                                     ANSWERS if posted is None else posted, now)


def response_count(db) -> int:
    return db.scalar(select(func.count(SurveyResponse.id)))


def test_the_reaction_survey_is_due_once_the_course_is_completed(db, make_user, make_course):
    learner = make_user()
    course = make_course(slug="etika", modules={"01-a": "a", "02-b": "b"})
    assert due_for(db, learner) == []
    complete_course(db, make_course, learner, slug="komunikasi")
    assert due_for(db, learner) == [("reaksi", "komunikasi")]
    assert responses.active_survey(db, "reaction").slug == "reaksi"
    assert course.slug not in {slug for _, slug in due_for(db, learner)}


@pytest.mark.parametrize("days, due", [(29, False), (29.99, False), (30, True), (45, True)])
def test_the_behaviour_survey_is_due_from_follow_up_days_after_completion(db, make_user, make_course, days, due):
    learner = make_user()
    complete_course(db, make_course, learner, completed_at=days_ago(days))
    expected = [("reaksi", "etika")] + ([("perilaku-peserta", "etika")] if due else [])
    assert sorted(due_for(db, learner)) == sorted(expected)


def test_follow_up_days_are_set_per_course_in_course_md(db, make_user, make_course):
    learner = make_user()
    complete_course(db, make_course, learner, slug="cepat", completed_at=days_ago(10), follow_up_days="7")
    complete_course(db, make_course, learner, slug="lambat", completed_at=days_ago(10))
    follow_ups = [slug for survey, slug in due_for(db, learner) if survey == "perilaku-peserta"]
    assert follow_ups == ["cepat"]


def test_an_answered_survey_is_no_longer_due_and_answering_twice_is_refused(db, make_user, make_course):
    learner = make_user()
    course = complete_course(db, make_course, learner, completed_at=days_ago(30))
    submit(db, "perilaku-peserta", learner, learner, course)
    db.commit()
    assert due_for(db, learner) == [("reaksi", "etika")]
    with pytest.raises(responses.SurveyRefusal, match="already answered"):
        submit(db, "perilaku-peserta", learner, learner, course)
    assert response_count(db) == 1


def test_a_renamed_survey_of_the_same_kind_is_not_asked_again(db, make_user, make_course, content_root):
    learner = make_user()
    course = complete_course(db, make_course, learner)
    submit(db, "reaksi", learner, learner, course)
    db.commit()
    (content_root / "_survei" / "reaksi.survey").rename(content_root / "_survei" / "reaksi-2027.survey")
    sync(db, content_root)
    assert due_for(db, learner) == []
    with pytest.raises(responses.SurveyRefusal, match="already answered"):
        submit(db, "reaksi-2027", learner, learner, course)


def test_a_double_click_meets_the_unique_constraint_and_saves_one_response(db, make_user, make_course,
                                                                           monkeypatch):
    learner = make_user()
    course = complete_course(db, make_course, learner)
    submit(db, "reaksi", learner, learner, course)
    monkeypatch.setattr(responses, "response_refusal", lambda *args: None)  # both passed the check
    with pytest.raises(responses.SurveyRefusal, match="already answered"):
        submit(db, "reaksi", learner, learner, course)
    db.commit()
    assert response_count(db) == 1
    assert db.scalar(select(func.count()).select_from(SurveyAnswer)) == 3


def test_a_course_never_completed_is_refused(db, make_user, make_course):
    learner = make_user()
    course = make_course(slug="etika")
    with pytest.raises(responses.SurveyRefusal, match="after you have completed the course"):
        submit(db, "reaksi", learner, learner, course)
    assert response_count(db) == 0


def test_a_follow_up_before_its_date_is_refused_with_the_date(db, make_user, make_course):
    learner = make_user()
    course = complete_course(db, make_course, learner, completed_at=days_ago(29))
    with pytest.raises(responses.SurveyRefusal, match="available from Jun 16, 2026"):
        submit(db, "perilaku-peserta", learner, learner, course)


def test_likert_and_choice_are_stored_as_numbers_and_comments_as_text(db, make_user, make_course):
    learner = make_user()
    course = complete_course(db, make_course, learner)
    response = submit(db, "reaksi", learner, learner, course,
                      {"relevansi": "5", "frekuensi": "", "komentar": "  <b>Baik</b>  "})
    db.commit()
    stored = dict(db.execute(select(SurveyQuestion.key, SurveyAnswer.number).join(
        SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .where(SurveyAnswer.response_id == response.id)).all())
    texts = db.scalars(select(SurveyAnswer.text).where(SurveyAnswer.text.is_not(None))).all()
    assert stored == {"relevansi": 5, "komentar": None}
    assert texts == ["<b>Baik</b>"]
    assert (response.respondent_id, response.learner_id, response.submitted_at) == (learner.id, learner.id, NOW)


@pytest.mark.parametrize("posted, problems", [
    ({"frekuensi": "1"}, {"relevansi": "Please answer this question."}),
    ({"relevansi": "6"}, {"relevansi": "Choose one of the five answers."}),
    ({"relevansi": "0"}, {"relevansi": "Choose one of the five answers."}),
    ({"relevansi": "4", "frekuensi": "9"}, {"frekuensi": "Choose one of the options given."}),
    ({"relevansi": "4", "komentar": "x" * 2001}, {"komentar": "Use at most 2000 characters."}),
    ({"relevansi": "tiga", "frekuensi": "satu"}, {"relevansi": "Choose one of the five answers.",
                                                  "frekuensi": "Choose one of the options given."}),
])
def test_wrong_answers_are_each_refused_and_nothing_is_saved(db, make_user, make_course, posted, problems):
    learner = make_user()
    course = complete_course(db, make_course, learner)
    with pytest.raises(responses.AnswerProblems) as refused:
        submit(db, "reaksi", learner, learner, course, posted)
    assert refused.value.problems == problems
    assert response_count(db) == 0


def test_a_comment_of_exactly_the_limit_is_accepted(db, make_user, make_course):
    learner = make_user()
    course = complete_course(db, make_course, learner)
    submit(db, "reaksi", learner, learner, course, {"relevansi": "3", "komentar": "x" * 2000})
    assert response_count(db) == 1


def test_the_mentor_follows_up_each_active_mentee_once_the_period_has_passed(db, make_user, make_course):
    mentor, other_mentor = make_user(Role.MENTOR), make_user(Role.MENTOR)
    siti, budi, former, someone = (make_user(full_name=name) for name in ("Siti", "Budi", "Dewi", "Eko"))
    for mentee in (siti, budi, former):
        assign_mentor(db, mentor, mentee, None, days_ago(60))
    end_assignment(db, assign_mentor(db, mentor, former, None, days_ago(60)).id, days_ago(1))
    assign_mentor(db, other_mentor, someone, None, days_ago(60))
    db.commit()
    etika = complete_course(db, make_course, siti, completed_at=days_ago(31))
    for learner in (budi, former, someone):
        complete_course(db, make_course, learner, completed_at=days_ago(31))
    complete_course(db, make_course, budi, slug="baru", completed_at=days_ago(3))
    assert mentor_due(db, mentor) == [("Budi", "etika"), ("Siti", "etika")]
    assert mentor_due(db, mentor, learner_id=siti.id) == [("Siti", "etika")]
    submit(db, "perilaku-mentor", mentor, siti, etika)
    db.commit()
    assert mentor_due(db, mentor) == [("Budi", "etika")]
    assert ("perilaku-peserta", "etika") in due_for(db, siti)  # the learner's own follow-up is separate
    with pytest.raises(responses.SurveyRefusal, match="Only the learner's mentor"):
        submit(db, "perilaku-mentor", other_mentor, budi, etika)
    with pytest.raises(responses.SurveyRefusal, match="Only the learner's mentor"):
        submit(db, "perilaku-mentor", mentor, former, etika)


def test_the_learner_surveys_cannot_be_answered_for_someone_else(db, make_user, make_course):
    learner, mentor = make_user(), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    course = complete_course(db, make_course, learner)
    with pytest.raises(responses.SurveyRefusal, match="Only the learner can answer"):
        submit(db, "reaksi", mentor, learner, course)


def test_a_retired_survey_or_course_is_no_longer_offered(db, make_user, make_course, content_root):
    learner = make_user()
    complete_course(db, make_course, learner)
    write_survey(content_root, "reaksi", survey_text("behaviour_learner"))  # the kind of another file
    (content_root / "_survei" / "perilaku-peserta.survey").unlink()
    sync(db, content_root)
    assert survey_named(db, "perilaku-peserta").retired_at is not None
    assert due_for(db, learner, days_ago(-40)) == [("reaksi", "etika")]
    assert responses.live_survey(db, "perilaku-peserta", responses.LEARNER_KINDS) is None


def test_the_due_lists_cost_the_same_statements_for_few_and_many(db, make_user, make_course):
    mentor = make_user(Role.MENTOR)
    learners = [make_user() for _ in range(6)]
    for learner in learners:
        assign_mentor(db, mentor, learner, None, days_ago(90))
    db.commit()
    complete_course(db, make_course, learners[0], completed_at=days_ago(40))
    counts = []
    for round_ in range(2):
        with counted_statements() as statements:
            learner_due = responses.surveys_due_for_learner(db, learners[0].id, NOW)
            mentees_due = responses.surveys_due_for_mentor(db, mentor.id, NOW)
        counts.append(len(statements))
        if round_ == 0:
            assert (len(learner_due), len(mentees_due)) == (2, 1)
            for index, learner in enumerate(learners):
                for slug in ("etika", "komunikasi", "data"):
                    complete_course(db, make_course, learner, slug=slug, completed_at=days_ago(40 + index))
    assert (len(learner_due), len(mentees_due)) == (6, 18)
    assert counts[0] == counts[1] == 4
