"""The self-assessment, the mentor's assessment and the learner home's recommendations, through HTTP."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.competencies.models import CompetencyAssessment
from elearn.core.extensions import utcnow
from elearn.mentoring.services import assign_mentor
from elearn.voices.models import CitizenFeedback
from tests.competencies.conftest import NOW
from tests.plugins.factories import login


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def saved(db, learner, source="self"):
    return {row.competency_id: (row.level, row.note) for row in db.scalars(select(CompetencyAssessment).where(
        CompetencyAssessment.learner_id == learner.id, CompetencyAssessment.source == source))}


@pytest.fixture
def position(make_user, make_competency, make_profile):
    """A learner whose position requires integrity at 3 and communication at 4."""
    learner = make_user()
    integrity, communication = make_competency("Integritas"), make_competency("Komunikasi")
    make_profile({integrity: 3, communication: 4}, learner)
    return learner, integrity, communication


def test_the_self_assessment_shows_each_required_competency_with_its_five_levels(client, position):
    learner, integrity, _communication = position
    login(client, learner)

    html = client.get("/competencies").get_data(as_text=True)

    assert "Deskripsi Integritas." in html and "Required for the position: level 4." in html
    for level in range(1, 6):
        assert f'name="level-{integrity.id}" value="{level}"' in html
        assert f"Komunikasi tingkat {level}." in html
    assert 'name="csrf_token"' in html


def test_without_a_job_profile_the_page_says_no_requirement_is_recorded(client, make_user, make_competency):
    make_competency("Integritas")
    make_competency("Pengadaan", group="teknis")
    login(client, make_user())

    html = client.get("/competencies").get_data(as_text=True)

    assert "No requirement recorded for your position." in html
    assert "Integritas" in html and "Pengadaan" not in html


def test_saving_twice_keeps_one_assessment_with_the_latest_level(client, db, position):
    learner, integrity, communication = position
    login(client, learner)

    first = client.post("/competencies", data={f"level-{integrity.id}": "2", f"note-{communication.id}": ""})
    assert first.status_code == 302
    client.post("/competencies", data={f"level-{integrity.id}": "3", f"note-{integrity.id}": "Sudah lebih baik."})

    assert saved(db, learner) == {integrity.id: (3, "Sudah lebih baik.")}
    assert 'value="3" checked' in client.get("/competencies").get_data(as_text=True)


def test_a_refused_form_saves_nothing_and_keeps_what_was_typed(client, db, position):
    learner, integrity, communication = position
    login(client, learner)

    response = client.post("/competencies", data={
        f"level-{integrity.id}": "2", f"note-{integrity.id}": "Catatan saya <script>alert(1)</script>",
        f"level-{communication.id}": "7"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose a level from 1 to 5." in html
    assert f'name="level-{integrity.id}" value="2" checked' in html
    assert "Catatan saya &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert saved(db, learner) == {}


def test_a_forged_competency_id_refuses_the_whole_form(client, db, position, make_competency):
    learner, integrity, _communication = position
    other = make_competency("Tidak dipersyaratkan")
    login(client, learner)

    response = client.post("/competencies", data={f"level-{integrity.id}": "2", f"level-{other.id}": "5"})

    assert response.status_code == 422
    assert "nothing was saved" in response.get_data(as_text=True)
    assert saved(db, learner) == {}


def test_the_mentor_sees_the_self_level_and_records_their_own(app, client, db, make_user, position, assess):
    learner, integrity, _communication = position
    mentor = make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    assess(learner, integrity, 4)
    db.commit()
    login(client, mentor)

    assert f"/mentees/{learner.id}/competencies" in client.get(f"/mentor/mentees/{learner.id}").get_data(as_text=True)
    page = client.get(f"/mentees/{learner.id}/competencies").get_data(as_text=True)
    assert "Self-assessment: level 4." in page and "Not self-assessed yet." in page
    response = client.post(f"/mentees/{learner.id}/competencies",
                           data={f"level-{integrity.id}": "2", f"note-{integrity.id}": "Perlu latihan."})

    assert response.status_code == 302
    assert saved(db, learner, "mentor") == {integrity.id: (2, "Perlu latihan.")}
    assert saved(db, learner, "self") == {integrity.id: (4, None)}
    own_page = signed_in(app, learner).get("/competencies").get_data(as_text=True)
    assert "Your mentor's assessment: level 2. Perlu latihan." in own_page


def test_the_mentor_assessment_is_404_for_anyone_who_does_not_mentor_the_learner(app, db, make_user, position):
    learner, integrity, _communication = position
    other_mentor, colleague = make_user(Role.MENTOR), make_user()
    assign_mentor(db, other_mentor, make_user(), None, NOW)
    db.commit()
    for outsider in (other_mentor, colleague):
        client = signed_in(app, outsider)
        assert client.get(f"/mentees/{learner.id}/competencies").status_code == 404
        assert client.post(f"/mentees/{learner.id}/competencies",
                           data={f"level-{integrity.id}": "1"}).status_code == 404
    assert signed_in(app, make_user(Role.ADMIN)).get(f"/mentees/{learner.id}/competencies").status_code == 200
    assert saved(db, learner, "mentor") == {}


def test_the_home_invites_to_assess_then_recommends_the_top_three_courses_with_why(
        client, position, assess, make_tagged_course):
    learner, integrity, communication = position
    for n in range(4):
        make_tagged_course(f"Kursus komunikasi {n}", communication)
    make_tagged_course("Kursus integritas", integrity)
    login(client, learner)

    assert "Assess my competencies" in client.get("/").get_data(as_text=True)
    assess(learner, integrity, 2)
    assess(learner, communication, 1)
    html = client.get("/").get_data(as_text=True)

    assert "Recommended for you" in html and "Assess my competencies" not in html
    assert "Komunikasi: your position requires level 4, your current level is 1." in html
    assert html.count("Kursus komunikasi") == 3 and "Kursus integritas" not in html
    assert 'href="/competencies"' in html


def test_the_admin_menu_leads_to_the_needs_analysis(client, make_user):
    login(client, make_user(Role.ADMIN))
    html = client.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/needs/"' in html
    assert client.get("/admin/needs/").status_code == 200


def test_by_opd_the_needs_analysis_sets_citizens_ratings_beside_the_gaps(client, db, make_user, position, assess):
    learner, integrity, _communication = position
    assess(learner, integrity, 2)
    db.add_all([CitizenFeedback(unit_id=learner.unit_id, service_area="kependudukan", rating=rating,
                                comment="", created_at=utcnow()) for rating in (2, 3)])
    db.add(CitizenFeedback(unit_id=learner.unit_id, service_area="kependudukan", rating=5, comment="",
                           created_at=utcnow() - timedelta(days=400)))  # older than a year: left out
    db.commit()
    login(client, make_user(Role.ADMIN))

    by_unit = client.get("/admin/needs/?group_by=unit").get_data(as_text=True)
    assert "Citizens' rating, last 12 months" in by_unit
    assert "2.5 of 5 (2 ratings)" in by_unit
    assert f'href="/admin/voices/feedback?unit={learner.unit_id}&amp;days=365"' in by_unit
    assert "Citizens' rating" not in client.get("/admin/needs/?group_by=competency").get_data(as_text=True)
