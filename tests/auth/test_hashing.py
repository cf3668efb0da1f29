"""Passwords are stored as argon2id at the chosen cost; older hashes still work and are replaced at
the next sign-in."""

from argon2 import PasswordHasher
from werkzeug.security import generate_password_hash

from elearn.accounts.hashing import hash_password, verify_password
from tests.plugins.factories import TEST_PASSWORD, login


def test_new_hashes_are_argon2id_at_owasp_minimum():
    stored = hash_password("kata sandi panjang")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password(stored, "kata sandi panjang") == (True, False)
    assert verify_password(stored, "kata sandi lain") == (False, False)


def test_a_hash_of_another_algorithm_or_cost_verifies_and_asks_to_be_replaced():
    assert verify_password(generate_password_hash("lama sekali"), "lama sekali") == (True, True)
    assert verify_password(generate_password_hash("lama sekali"), "salah") == (False, True)
    assert verify_password(PasswordHasher().hash("x" * 10), "x" * 10) == (True, True)
    assert verify_password("$argon2id$v=19$m=65536,t=3,p=4$broken", "x") == (False, False)


def test_signing_in_replaces_an_old_scrypt_hash(client, db, make_user):
    user = make_user()
    user.password_hash = generate_password_hash(TEST_PASSWORD)
    db.commit()
    login(client, user)
    db.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, TEST_PASSWORD) == (True, False)


def test_a_wrong_password_leaves_the_old_hash_alone(client, db, make_user):
    user = make_user()
    old = user.password_hash = generate_password_hash(TEST_PASSWORD)
    db.commit()
    response = client.post("/login", data={"identifier": user.email, "password": "bukan ini"})
    assert response.status_code == 200
    db.refresh(user)
    assert user.password_hash == old
