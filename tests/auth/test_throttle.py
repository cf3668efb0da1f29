"""Password guessing is counted before the password is checked, per account and per address, and
the owner on a browser they signed in on before is not locked out by someone else's guesses."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import limits.storage.memory
import pytest
from limits.storage import MemoryStorage

from elearn.auth import services
from elearn.auth.throttle import DEVICE_COOKIE, Requester, TooManyAttempts
from tests.plugins.factories import TEST_PASSWORD, login

WRONG = "salah-sekali"


def test_sixty_parallel_guesses_get_at_most_five_password_checks():
    storage = MemoryStorage("memory://")
    requester = Requester(storage, "10.1.2.3", None)
    start = threading.Barrier(60)
    checked = []

    def guess(_n):
        start.wait()
        try:
            requester.attempt(7)
        except TooManyAttempts:
            return
        checked.append(1)  # the password check would run here

    with ThreadPoolExecutor(max_workers=60) as pool:
        list(pool.map(guess, range(60)))
    assert len(checked) <= 5


@pytest.fixture
def password_checks(monkeypatch):
    """Every password hash comparison made by the account services, counted."""
    calls = []
    real = services.verify_password

    def counting(password_hash, password):
        calls.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(services, "verify_password", counting)
    return calls


@pytest.mark.commits  # threads, each with its own connection
def test_parallel_wrong_guesses_over_http_check_at_most_five_passwords(app, client, make_user, password_checks):
    user = make_user()

    def guess(n):
        identifier = user.email if n % 2 else user.nip
        with app.app_context():  # each thread is its own server worker
            return app.test_client().post("/login", data={"identifier": identifier, "password": WRONG}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(guess, range(60)))
    assert len(password_checks) <= 5
    assert statuses.count(429) >= 55


def test_email_and_nip_share_one_budget(client, make_user, password_checks):
    user = make_user()
    for n in range(5):
        identifier = user.email if n % 2 else f" {user.nip} "
        assert client.post("/login", data={"identifier": identifier, "password": WRONG}).status_code == 200
    refused = client.post("/login", data={"identifier": user.email.upper(), "password": TEST_PASSWORD})
    assert refused.status_code == 429 and len(password_checks) == 5
    assert "Too many attempts. Wait 15 minutes, then try again." in refused.text
    assert f'value="{user.email.upper()}"' in refused.text  # what was typed is kept


def test_unknown_identifiers_are_throttled_like_accounts(client, db):
    for _ in range(5):
        client.post("/login", data={"identifier": "siapa@example.go.id", "password": WRONG})
    assert client.post("/login", data={"identifier": " SIAPA@example.go.id", "password": WRONG}).status_code == 429


def test_the_owner_on_a_known_device_signs_in_while_the_account_is_locked(app, client, make_user):
    user = make_user()
    login(client, user)
    client.post("/logout")
    guesser = app.test_client()
    for _ in range(5):
        guesser.post("/login", data={"identifier": user.email, "password": WRONG})
    assert guesser.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD}).status_code == 429
    assert app.test_client().post("/login", data={"identifier": user.email,
                                                  "password": TEST_PASSWORD}).status_code == 429
    login(client, user)  # the browser the owner used before


def test_a_known_device_cannot_guess_more_than_its_own_budget(client, make_user):
    user = make_user()
    login(client, user)
    client.post("/logout")
    for _ in range(5):
        assert client.post("/login", data={"identifier": user.email, "password": WRONG}).status_code == 200
    assert client.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD}).status_code == 429


def test_a_known_device_is_known_only_for_who_signed_in_on_it(app, client, make_user):
    owner, other = make_user(), make_user()
    login(client, owner)
    client.post("/logout")
    guesser = app.test_client()
    for _ in range(5):
        guesser.post("/login", data={"identifier": other.email, "password": WRONG})
    assert client.post("/login", data={"identifier": other.email, "password": TEST_PASSWORD}).status_code == 429


def test_a_forged_device_cookie_counts_for_nothing(app, client, make_user):
    user = make_user()
    login(client, user)
    real = client.get_cookie(DEVICE_COOKIE).value
    forger = app.test_client()
    forger.set_cookie(DEVICE_COOKIE, real[:-3] + ("AAA" if not real.endswith("AAA") else "BBB"))
    for _ in range(5):
        app.test_client().post("/login", data={"identifier": user.email, "password": WRONG})
    assert forger.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD}).status_code == 429


def test_one_guesser_behind_a_shared_address_does_not_lock_out_known_devices(app, client, make_user):
    user = make_user()
    login(client, user)
    client.post("/logout")
    for n in range(20):
        app.test_client().post("/login", data={"identifier": f"tebak{n}@example.go.id", "password": WRONG})
    newcomer = make_user()
    assert app.test_client().post("/login", data={"identifier": newcomer.email,
                                                  "password": TEST_PASSWORD}).status_code == 429
    login(client, user)


def test_after_the_lock_window_any_device_works_again(app, client, make_user, monkeypatch):
    user = make_user()
    for _ in range(5):
        client.post("/login", data={"identifier": user.email, "password": WRONG})
    assert client.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD}).status_code == 429
    later = time.time() + 16 * 60
    monkeypatch.setattr(limits.storage.memory, "time", SimpleNamespace(time=lambda: later))
    login(client, user)


def test_the_current_password_check_is_throttled_per_account(client, make_user, password_checks):
    user = make_user()
    login(client, user)
    password_checks.clear()
    form = {"current_password": WRONG, "new_password": "kopi-tubruk-senja", "confirm_password": "kopi-tubruk-senja"}
    for _ in range(5):
        assert "The current password is wrong." in client.post("/account/password", data=form).text
    refused = client.post("/account/password", data={**form, "current_password": TEST_PASSWORD})
    assert refused.status_code == 429 and "Too many attempts." in refused.text
    assert len(password_checks) == 5


def test_password_page_guesses_count_against_sign_in_too(app, client, make_user):
    user = make_user()
    session_thief = app.test_client()
    login(session_thief, user)
    session_thief.delete_cookie(DEVICE_COOKIE)
    form = {"current_password": WRONG, "new_password": "kopi-tubruk-senja", "confirm_password": "kopi-tubruk-senja"}
    for _ in range(5):
        session_thief.post("/account/password", data=form)
    assert client.post("/login", data={"identifier": user.nip, "password": TEST_PASSWORD}).status_code == 429
