"""Weak passwords are refused wherever a password is set, saying why (NIST SP 800-63B style:
a list of the most used passwords, repetitions and sequences, and words others know about you)."""

import pytest
from sqlalchemy import select

from elearn.accounts.models import Role, User
from elearn.accounts.passwords import (
    COMMON_MESSAGE,
    CONTEXT_MESSAGE,
    PASSWORD_LENGTH_MESSAGE,
    TRIVIAL_MESSAGE,
    password_problem,
)
from elearn.accounts.services import AccountError, NewAccount, create_user
from tests.auth.test_accounts import account_form
from tests.plugins.factories import TEST_PASSWORD, login

SITI = NewAccount(nip="199203152019032001", email="Siti.Aminah@waykanankab.go.id", full_name="Siti Aminah",
                  password="", unit_id=1, regency_id=1, position="Perawat")


@pytest.mark.parametrize("password", ["12345678", "password", "Password1", "password-123", "P@ssw0rd!",
                                      "qwerty123", "iloveyou", "bismillah123", "indonesia2024", "katasandi"])
def test_the_most_used_passwords_are_refused(password):
    assert password_problem(password) == COMMON_MESSAGE


@pytest.mark.parametrize("password", ["kkkkkkkkkkkk", "mnopqrstu", "5432109876", "abcabcabc",
                                      "wsx3edc4rfv", "acegikmo", "xyxyxyxyxy", "hjkl-hjkl-hjkl"])
def test_repetitions_and_sequences_are_refused(password):
    assert password_problem(password) == TRIVIAL_MESSAGE


@pytest.mark.parametrize("password", ["SitiAminah2024", "199203152019032001", "siti19920315!", "aminah.siti",
                                      "elearn2026", "Lampung#1945", "bpsdm-lampung", "siti.aminah@kopi"])
def test_passwords_made_of_what_others_know_are_refused(password):
    assert password_problem(password, SITI) == CONTEXT_MESSAGE


@pytest.mark.parametrize("password", ["kopi tubruk di pagi hari", "kuda-lumping-malam-jumat",
                                      "Siti suka kopi tubruk", "kata-sandi-baru-ku", TEST_PASSWORD,
                                      "Lampung Timur banyak gajah"])
def test_long_unguessable_passwords_are_accepted(password):
    assert password_problem(password, SITI) is None


def test_short_passwords_are_refused_for_their_length():
    assert password_problem("Xy7#q") == PASSWORD_LENGTH_MESSAGE


def test_creating_an_account_refuses_a_weak_password(db, make_user):
    make_user()  # the unit and regency exist
    unit_id, regency_id = db.scalar(select(User.unit_id)), db.scalar(select(User.regency_id))
    account = NewAccount(nip="199203152019032001", email="siti@example.go.id", full_name="Siti Aminah",
                         password="12345678", unit_id=unit_id, regency_id=regency_id, position="Perawat")
    with pytest.raises(AccountError) as refused:
        create_user(db, account)
    assert refused.value.problems == {"password": COMMON_MESSAGE}


def test_the_admin_form_says_why_a_password_is_refused(client, db, make_user):
    login(client, make_user(Role.ADMIN))
    response = client.post("/admin/users/new", data=account_form(db, password="SitiAminah2024"))
    assert response.status_code == 200 and str(CONTEXT_MESSAGE) in response.text


def test_the_command_line_refuses_a_weak_password(app, db):
    result = app.test_cli_runner().invoke(args=[
        "user", "create", "--nip", "197809302003121004", "--email", "admin@lampungprov.go.id",
        "--name", "Budi Santoso", "--unit", "BKD Provinsi Lampung", "--regency", "Kota Bandar Lampung",
        "--position", "Analis SDM", "--role", "admin", "--password", "qwertyuiop",
    ])
    assert result.exit_code != 0 and f"password: {COMMON_MESSAGE}" in result.output


def test_changing_to_a_weak_password_is_refused_with_every_problem_at_once(client, make_user):
    user = make_user()
    login(client, user)
    page = client.post("/account/password", data={
        "current_password": "salah-sekali", "new_password": user.nip, "confirm_password": user.nip}).text
    assert str(CONTEXT_MESSAGE) in page and "The current password is wrong." in page
    page = client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": "12345678", "confirm_password": "12345678"}).text
    assert str(COMMON_MESSAGE) in page
    client.post("/logout")
    login(client, user)  # the old password still works
