"""Every form shows all its errors in one round: a post with several mistakes, some caught by the
fields' validators and some by the domain rules (uniqueness, NIP rules, dates, the current password),
answers with an error on each of those fields and keeps what was typed."""

import html
from dataclasses import dataclass, field

import pytest
from flask_wtf import FlaskForm

from elearn.accounts.models import Role
from elearn.accounts.services import get_or_create_unit
from elearn.voices.proposals import NewProposal, propose_topic
from tests.mentoring.test_plans import NOW, complete_course
from tests.plugins.factories import TEST_PASSWORD, login


@dataclass
class FormPost:
    url: str
    data: dict[str, str]
    fields_in_error: set[str]
    kept: list[str] = field(default_factory=list)  # typed values the page must show again


def _login(db, make_user, make_course):
    return FormPost("/login", {"identifier": "", "password": ""}, {"identifier", "password"})


def _password(db, make_user, make_course):
    # Wrong current password, too short a new one, a different repetition: three errors at once.
    return FormPost("/account/password",
                    {"current_password": "not-my-password", "new_password": "short", "confirm_password": "other"},
                    {"current_password", "new_password", "confirm_password"})


def _account(db, make_user, make_course):
    taken = make_user(Role.ADMIN)
    return FormPost("/admin/users/new", {"nip": "123", "email": taken.email, "full_name": "", "password": "",
                                         "position": "Analis", "roles": "learner"},
                    {"nip", "email", "full_name", "password", "unit_id", "regency_id"}, ["123", "Analis"])


def _unit(db, make_user, make_course):
    get_or_create_unit(db, "Dinas Kominfo")
    db.commit()
    return FormPost("/admin/units", {"name": "dinas kominfo"}, {"name"}, ["dinas kominfo"])


def _assignment(db, make_user, make_course):
    return FormPost("/admin/assignments", {"mentor_nip": "", "mentee_nip": "199001012015011999"},
                    {"mentor_nip", "mentee_nip"}, ["199001012015011999"])


def _upload(db, make_user, make_course):
    return FormPost("/admin/assignments/upload", {}, {"csv_file"})


def _proposal(db, make_user, make_course):
    propose_topic(db, make_user().id, NewProposal("Pelayanan prima", "Untuk petugas loket.", None), NOW)
    db.commit()
    return FormPost("/proposals/new", {"title": "pelayanan  prima", "description": ""},
                    {"title", "description"}, ["pelayanan  prima"])


def _feedback(db, make_user, make_course):
    return FormPost("/feedback", {"comment": "Antrean panjang"}, {"unit_id", "service_area", "rating"},
                    ["Antrean panjang"])


def _figure(db, make_user, make_course):
    unit = get_or_create_unit(db, "Dinas Kominfo")
    db.commit()
    return FormPost("/admin/evaluation/figures",
                    {"unit_id": str(unit.id), "metric": "complaints_received", "month": "2999-01", "value": ""},
                    {"month", "value"}, ["2999-01"])


def _plan(db, make_user, make_course):
    return FormPost("/courses/etika/action-plan", {"what": "SOP", "how": "", "due_on": ""},
                    {"what", "how", "due_on"}, ["SOP"])


# Form class -> the post that sweeps it, and the user who sends it (None: signed out).
SWEPT = {
    "LoginForm": (_login, None),
    "ChangePasswordForm": (_password, Role.LEARNER),
    "AccountForm": (_account, Role.ADMIN),
    "UnitForm": (_unit, Role.ADMIN),
    "AssignMentorForm": (_assignment, Role.ADMIN),
    "AssignmentUploadForm": (_upload, Role.ADMIN),
    "ProposalForm": (_proposal, Role.LEARNER),
    "FeedbackForm": (_feedback, None),
    "OutcomeFigureForm": (_figure, Role.ADMIN),
    "PlanForm": (_plan, Role.LEARNER),
}
# Forms with no field of their own to get wrong together: hidden inputs (a damaged post is refused as a
# whole), one field, or fields a service checks all at once (tests/mentoring, tests/evaluation).
NOT_SWEPT = {
    "ConfirmAssignmentsForm", "EndAssignmentForm", "ProposalStatusForm", "RevokeForm",
    "AgreeForm", "ChangesForm", "ObservationForm", "SurveyForm",
}


def _form_classes(base=FlaskForm) -> set[str]:
    found = set()
    for cls in base.__subclasses__():
        if cls.__module__.startswith("elearn."):
            found.add(cls.__name__)
        found |= _form_classes(cls)
    return found


def test_every_form_is_swept_or_says_why_not(app):
    assert _form_classes() - NOT_SWEPT - {"SurveyForm"} == set(SWEPT)


@pytest.mark.parametrize("form_name", sorted(SWEPT))
def test_a_form_shows_every_error_in_one_round_and_keeps_what_was_typed(
        app, db, client, make_user, make_course, form_name):
    build, role = SWEPT[form_name]
    if role is not None:
        user = make_user(role)
        if form_name == "PlanForm":
            complete_course(db, make_course, user)
        login(client, user, TEST_PASSWORD)
    post = build(db, make_user, make_course)

    response = client.post(post.url, data=post.data)

    assert response.status_code in (200, 422), response.status_code
    page = html.unescape(response.get_data(as_text=True))
    shown = {name for name in post.data.keys() | post.fields_in_error if f'id="{name}-error"' in page}
    assert shown == post.fields_in_error
    for typed in post.kept:
        assert typed in page
