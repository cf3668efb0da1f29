"""Hostile input: numbers past any column, control characters in redirect targets. Each is refused
or ignored with a 4xx or a default, never a server error (the route sweep covers every URL)."""

import pytest

from elearn.accounts.models import Role
from elearn.competencies.services import FORM_PROBLEM, TypedLevel, assessment_problems
from elearn.core.parameters import MAX_ID, bounded_int, int_argument
from elearn.core.web import safe_redirect_target
from tests.plugins.factories import TEST_PASSWORD, login

HUGE = [  # past INTEGER, past BIGINT, past any column, past what int() reads
    str(MAX_ID + 1), str(2**63), str(2**70), "9" * 5000]


@pytest.mark.parametrize("text, expected", [
    ("1", 1), ("0042", 42), (str(MAX_ID), MAX_ID), (None, None), ("", None), ("0", None), ("-1", None),
    ("0" * 5000 + "1", 1), (" 1", None), ("1.0", None), ("²", None), ("١", None), *[(huge, None) for huge in HUGE],
])
def test_only_plain_digits_within_the_id_range_are_a_number(text, expected):
    assert bounded_int(text) == expected


def test_a_query_number_out_of_range_is_the_default(app):
    with app.test_request_context("/?year=1999&page=" + "9" * 5000 + "&unit=12"):
        assert int_argument("year", minimum=2000, maximum=2100) is None
        assert int_argument("page", default=1) == 1
        assert int_argument("unit") == 12
        assert int_argument("missing", default=7) == 7


@pytest.mark.parametrize("target", [
    "https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
    "/x\r\nSet-Cookie: a=b", "/x\nLocation: //evil.example", "/\t/evil.example", "/x\x00", "/x\x7f",
    " /x", "javascript:alert(1)", "", None,
])
def test_a_redirect_target_off_site_or_with_control_characters_falls_back(target):
    assert safe_redirect_target(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/courses", "/courses?page=2&q=etika", "/attempts/3#item-4", "/a%0d%0ab"])
def test_a_same_site_path_is_a_redirect_target(target):
    assert safe_redirect_target(target, "/home") == target


def test_sign_in_with_a_line_break_in_next_goes_home(client, make_user):
    user = make_user()
    for next_url in ("/courses%0d%0aSet-Cookie:%20a=b", "/courses%0aX:%20y", "/%09/evil.example",
                     "/%5cevil.example"):
        response = client.post(f"/login?next={next_url}",
                               data={"identifier": user.email, "password": TEST_PASSWORD})
        assert response.status_code == 302 and response.location == "/", next_url
        client.post("/logout")


def test_changing_language_with_a_line_break_in_next_goes_home(client):
    response = client.post("/language", data={"locale": "en", "next": "/login\r\nSet-Cookie: a=b"})
    assert response.status_code == 302 and response.location == "/"


@pytest.mark.parametrize("assignment_id", HUGE)
def test_ending_an_assignment_past_any_id_is_a_bad_request(client, make_user, assignment_id):
    login(client, make_user(Role.ADMIN))
    assert client.post("/admin/assignments/end", data={"assignment_id": assignment_id}).status_code == 400


def test_an_assessment_naming_a_competency_past_any_id_refuses_the_form():
    for key in HUGE:
        assert set(assessment_problems({1}, {"1": TypedLevel("3"), key: TypedLevel("2")})) == {FORM_PROBLEM}


@pytest.mark.parametrize("huge", HUGE)
def test_a_choice_past_any_id_is_refused_by_the_form(client, db, make_user, huge):
    """A huge id in a select is no choice: the form is shown again (or the rows refused), no query."""
    login(client, make_user(Role.ADMIN))
    posts = {
        "/admin/users/new": {"unit_id": huge, "regency_id": huge, "full_name": "Pegawai Baru"},
        "/admin/evaluation/figures": {"unit_id": huge, "month": "2026-05", "value": "1"},
        "/proposals/new": {"title": "Pelatihan", "competency_id": huge},
        "/feedback": {"unit_id": huge, "rating": huge, "comment": "Baik"},
        "/admin/assignments/confirm": {"rows": f"{huge},199001012015011001,199001012015011002"},
    }
    for url, data in posts.items():
        response = client.post(url, data=data)
        assert response.status_code in (200, 302, 400, 422), url
