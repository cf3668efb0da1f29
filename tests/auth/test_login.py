"""Signing in and out: NIP or email, one generic error, throttling, password change."""

import pytest

from elearn.accounts.models import Role
from tests.plugins.factories import TEST_PASSWORD, login

GENERIC_ERROR = "The NIP/email or the password is wrong."


def test_sign_in_with_email_or_nip(client, make_user):
    user = make_user()
    for identifier in (user.email.upper(), f"  {user.nip} "):
        response = client.post("/login", data={"identifier": identifier, "password": TEST_PASSWORD})
        assert response.status_code == 302 and response.location == "/"
        client.post("/logout")


def test_unknown_account_and_wrong_password_get_the_same_message(client, make_user):
    user = make_user()
    wrong_password = client.post("/login", data={"identifier": user.email, "password": "salah-sekali"})
    unknown = client.post("/login", data={"identifier": "siapa@example.go.id", "password": "salah-sekali"})
    assert GENERIC_ERROR in wrong_password.text and GENERIC_ERROR in unknown.text
    assert 'value="siapa@example.go.id"' in unknown.text  # what was typed is kept


def test_inactive_account_cannot_sign_in(client, db, make_user):
    user = make_user()
    user.active = False
    db.commit()
    response = client.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD})
    assert GENERIC_ERROR in response.text


def test_repeated_failures_on_one_account_are_throttled(client, make_user):
    user = make_user()
    for _ in range(5):
        client.post("/login", data={"identifier": user.email, "password": "salah-sekali"})
    blocked = client.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.text
    other = make_user()
    assert client.post("/login", data={"identifier": other.email, "password": TEST_PASSWORD}).status_code == 302


def test_failures_from_one_address_are_throttled_across_accounts(client, make_user):
    for n in range(20):
        client.post("/login", data={"identifier": f"tebak{n}@example.go.id", "password": "salah-sekali"})
    user = make_user()
    assert client.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD}).status_code == 429


def test_successful_sign_ins_do_not_count_towards_the_limit(client, make_user):
    user = make_user()
    for _ in range(8):
        login(client, user)
        client.post("/logout")


def test_logout_needs_post(client, make_user):
    login(client, make_user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_next_parameter_cannot_leave_the_site(client, make_user):
    user = make_user()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={target}", data={"identifier": user.email, "password": TEST_PASSWORD})
        assert not response.location.startswith(("http", "//")), target
        client.post("/logout")
    response = client.post("/login?next=/courses", data={"identifier": user.email, "password": TEST_PASSWORD})
    assert response.location == "/courses"


def test_changing_password_signs_out_other_devices(app, client, make_user):
    user = make_user()
    other_device = app.test_client()
    login(client, user)
    login(other_device, user)
    response = client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": "kata-sandi-baru", "confirm_password": "kata-sandi-baru",
    })
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"identifier": user.email, "password": "kata-sandi-baru"}).status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"current_password": "salah", "new_password": "kata-sandi-baru", "confirm_password": "kata-sandi-baru"},
         "The current password is wrong."),
        ({"current_password": TEST_PASSWORD, "new_password": "pendek", "confirm_password": "pendek"},
         "at least 8 characters"),
        ({"current_password": TEST_PASSWORD, "new_password": "kata-sandi-baru", "confirm_password": "lain-lagi-ya"},
         "The two passwords differ."),
    ],
)
def test_password_change_errors_are_explained(client, make_user, form, message):
    login(client, make_user(Role.MENTOR))
    assert message in client.post("/account/password", data=form).text
