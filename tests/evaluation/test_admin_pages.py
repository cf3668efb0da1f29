"""Admin evaluation pages: overview, course and OPD reports, and entering OPD result figures."""

from datetime import date

import pytest
from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.evaluation.models import OutcomeFigure
from tests.evaluation.evaluation_data import answer_survey, complete_course, take_quiz
from tests.plugins.factories import login


@pytest.fixture
def admin(client, make_user):
    user = make_user(Role.ADMIN)
    login(client, user)
    return user


@pytest.fixture
def evaluated(db, make_user, catalogue, surveys):
    """Five learners of etika who all miss the public-service questions and find the course unclear."""
    for _ in range(5):
        learner = make_user()
        take_quiz(db, learner.id, catalogue.pretest, wrong={"p1", "p2", "k1", "k2"})
        take_quiz(db, learner.id, catalogue.post_test, wrong={"p1", "p2"})
        complete_course(db, learner.id, catalogue.etika)
        answer_survey(db, surveys, "reaction", learner.id, learner.id, catalogue.etika,
                      {"relevan": 2, "komentar": "Perlu <b>contoh</b> <script>alert(1)</script>"})
    return catalogue


def test_overview_lists_courses_with_their_figures(client, admin, evaluated):
    page = client.get("/admin/evaluation/").get_data(as_text=True)
    assert 'href="/admin/evaluation/courses/etika"' in page
    assert "<td>5</td>" in page and "<td>50</td>" in page  # five completions; gain 0 % -> 50 %


def test_course_report_shows_levels_flags_and_escaped_comments(client, admin, evaluated):
    page = client.get("/admin/evaluation/courses/etika").get_data(as_text=True)
    assert "5 learners took both a pre-test and a post-test." in page
    assert "Average gain: 50 percentage points" in page
    assert "Competency: Pelayanan Publik" in page and "0% on its post-test questions (10 answers)." in page
    assert 'href="/courses/layanan-dasar"' in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert client.get("/admin/evaluation/courses/tidak-ada").status_code == 404


def test_course_report_for_an_opd_and_the_opd_report(client, admin, evaluated):
    unit_id = admin.unit_id
    page = client.get(f"/admin/evaluation/courses/etika?unit={unit_id}").get_data(as_text=True)
    assert "Only the learners of Dinas Kominfo are counted." in page
    assert client.get("/admin/evaluation/courses/etika?unit=999999").status_code == 404
    assert f'href="/admin/evaluation/units/{unit_id}"' in client.get("/admin/evaluation/units").get_data(
        as_text=True)
    page = client.get(f"/admin/evaluation/units/{unit_id}").get_data(as_text=True)
    assert "Evaluation of Dinas Kominfo" in page and "Level 4: results" in page
    page = client.get(f"/admin/evaluation/units/{unit_id}?from=2026-01&to=2026-03").get_data(as_text=True)
    assert "Training period: January 2026 to March 2026." in page
    assert client.get("/admin/evaluation/units/999999").status_code == 404


def test_entering_a_figure_saves_it_and_lists_it(db, client, admin):
    response = client.post("/admin/evaluation/figures", data={
        "unit_id": admin.unit_id, "metric": "satisfaction_index", "month": "2026-01", "value": "82,5"})
    assert response.status_code == 302 and response.location.endswith(f"/admin/evaluation/figures?unit={admin.unit_id}")
    figure = db.scalar(select(OutcomeFigure))
    assert (figure.month, figure.value, figure.entered_by_id) == (date(2026, 1, 1), 82.5, admin.id)
    page = client.get(response.location).get_data(as_text=True)
    assert "January 2026" in page and "82.5" in page


@pytest.mark.parametrize(("month", "value", "message"), [
    ("2026-01", "120", "Enter a number from 0 to 100."),
    ("januari", "80", "Enter the month as year and month, for example 2026-05."),
    ("2099-01", "80", "The month cannot be in the future."),
    ("2026-01", "banyak", "Enter a number, for example 87.5."),
])
def test_a_refused_figure_keeps_what_was_typed(db, client, admin, month, value, message):
    response = client.post("/admin/evaluation/figures", data={
        "unit_id": admin.unit_id, "metric": "complaints_on_time", "month": month, "value": value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert f'value="{month}"' in page and f'value="{value}"' in page
    assert '<option selected value="complaints_on_time">' in page
    assert db.scalar(select(OutcomeFigure)) is None
