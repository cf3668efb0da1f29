"""Survey pages: learners find their surveys on the home and course pages and answer them; mentors find
and answer the follow-up about their own mentees only; refusals are explained and keep what was typed."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from elearn.accounts.models import Role
from elearn.core.extensions import utcnow
from elearn.evaluation.models import SurveyAnswer, SurveyResponse
from elearn.mentoring.services import assign_mentor
from tests.evaluation.survey_files import complete_course, write_all_kinds
from tests.plugins.factories import login

REACTION_URL = "/surveys/reaksi/courses/etika"


@pytest.fixture(autouse=True)
def all_kinds(content_root):
    write_all_kinds(content_root)


def ago(days: int):
    return utcnow() - timedelta(days=days)


def responses_saved(db) -> int:
    return db.scalar(select(func.count(SurveyResponse.id)))


def test_home_and_course_page_offer_the_reaction_survey_after_completion(client, db, make_user, make_course):
    learner = make_user()
    make_course(slug="etika")
    login(client, learner)
    assert "Surveys waiting for you" not in client.get("/").text
    complete_course(db, make_course, learner, completed_at=ago(1))
    home = client.get("/").text
    assert "Surveys waiting for you" in home and f'href="{REACTION_URL}"' in home
    assert "/surveys/perilaku-peserta/" not in home
    assert f'href="{REACTION_URL}"' in client.get("/courses/etika").text


def test_a_learner_answers_the_reaction_survey_once(client, db, make_user, make_course):
    learner = make_user()
    complete_course(db, make_course, learner, completed_at=ago(1))
    login(client, learner)
    page = client.get(REACTION_URL).text
    assert "Survei reaksi" in page and "<strong>survei</strong>" in page
    assert 'name="q-relevansi" type="radio" value="5"' in page and "Sangat setuju" in page
    response = client.post(REACTION_URL, data={"q-relevansi": "4", "q-komentar": "Bagus."})
    assert response.status_code == 302 and response.location.endswith("/courses/etika")
    assert responses_saved(db) == 1
    assert "Surveys waiting for you" not in client.get("/").text
    again = client.get(REACTION_URL)
    assert "You have already answered this survey" in again.text and 'class="survey"' not in again.text
    twice = client.post(REACTION_URL, data={"q-relevansi": "2"})
    assert twice.status_code == 409 and "You have already answered this survey" in twice.text
    assert responses_saved(db) == 1


def test_missing_and_wrong_answers_keep_what_was_typed(client, db, make_user, make_course):
    learner = make_user()
    complete_course(db, make_course, learner, completed_at=ago(1))
    login(client, learner)
    comment = "Materi <script>alert(1)</script> bagus"
    response = client.post(REACTION_URL, data={"q-frekuensi": "2", "q-komentar": comment})
    page = response.text
    assert response.status_code == 422
    assert "Please answer this question." in page
    assert re.search(r'<input checked id="[^"]+" name="q-frekuensi" type="radio" value="2">', page)
    assert "Materi &lt;script&gt;alert(1)&lt;/script&gt; bagus</textarea>" in page
    assert "<script>alert(1)" not in page
    assert responses_saved(db) == 0
    forged = client.post(REACTION_URL, data={"q-relevansi": "7", "q-frekuensi": "99"})
    assert forged.status_code == 422 and "Choose one of the five answers." in forged.text
    assert "Choose one of the options given." in forged.text and responses_saved(db) == 0


def test_a_course_never_completed_or_not_yet_due_is_explained(client, db, make_user, make_course):
    learner = make_user()
    make_course(slug="etika")
    login(client, learner)
    page = client.get(REACTION_URL)
    assert page.status_code == 200 and "after you have completed the course" in page.text
    assert client.post(REACTION_URL, data={"q-relevansi": "4"}).status_code == 409
    complete_course(db, make_course, learner, completed_at=ago(10))
    follow_up = client.get("/surveys/perilaku-peserta/courses/etika").text
    due = (utcnow() + timedelta(days=20)).astimezone(ZoneInfo("Asia/Jakarta")).date()
    assert f"This follow-up survey is available from {format_date(due, locale='en')}." in follow_up
    assert responses_saved(db) == 0


@pytest.mark.parametrize("url", [
    "/surveys/tidak-ada/courses/etika", "/surveys/reaksi/courses/tidak-ada",
    "/surveys/perilaku-mentor/courses/etika",  # the mentor's survey on the learner's page
])
def test_unknown_surveys_courses_and_kinds_are_not_found(client, db, make_user, make_course, url):
    learner = make_user()
    complete_course(db, make_course, learner, completed_at=ago(40))
    login(client, learner)
    assert client.get(url).status_code == 404


def test_the_mentor_answers_the_follow_up_about_their_mentee_only(client, db, make_user, make_course):
    mentor, stranger_mentor = make_user(Role.MENTOR), make_user(Role.MENTOR)
    mentee = make_user(full_name="Siti Rahma")
    assign_mentor(db, mentor, mentee, None, ago(60))
    db.commit()
    complete_course(db, make_course, mentee, completed_at=ago(31))
    url = f"/surveys/perilaku-mentor/courses/etika/learners/{mentee.id}"
    login(client, stranger_mentor)
    assert client.get(url).status_code == 404
    assert client.post(url, data={"q-relevansi": "4"}).status_code == 404
    client.post("/logout")
    login(client, mentee)
    assert client.get(url).status_code == 404
    client.post("/logout")
    login(client, mentor)
    dashboard = client.get("/mentor/").text
    assert "Follow-up surveys due" in dashboard and f'href="{url}"' in dashboard
    assert f'href="{url}"' in client.get(f"/mentor/mentees/{mentee.id}").text
    page = client.get(url).text
    assert "About Siti Rahma in the course Kursus etika" in page
    response = client.post(url, data={"q-relevansi": "5", "q-frekuensi": "2"})
    assert response.status_code == 302
    saved = db.scalar(select(SurveyResponse))
    assert (saved.respondent_id, saved.learner_id) == (mentor.id, mentee.id)
    assert db.scalar(select(func.count()).select_from(SurveyAnswer)) == 2
    assert "Follow-up surveys due" not in client.get("/mentor/").text


def test_an_unpublished_course_has_no_survey_and_a_mentor_asks_only_about_the_mentees_courses(
        client, db, make_user, make_course):
    mentor, mentee = make_user(Role.MENTOR), make_user()
    assign_mentor(db, mentor, mentee, None, ago(60))
    draft = complete_course(db, make_course, mentee, slug="draf", completed_at=ago(40))
    complete_course(db, make_course, make_user(), slug="etika", completed_at=ago(40))
    draft.published = False
    db.commit()
    login(client, mentee)
    assert "/surveys/" not in client.get("/").text
    assert client.get("/surveys/reaksi/courses/draf").status_code == 404
    client.post("/logout")
    login(client, mentor)
    assert "Follow-up surveys due" not in client.get("/mentor/").text
    for slug in ("draf", "etika"):
        assert client.get(f"/surveys/perilaku-mentor/courses/{slug}/learners/{mentee.id}").status_code == 404
