"""Sign-ins live on the server: signing out, a password change or an admin ends them for good."""

from datetime import timedelta

from sqlalchemy import func, select

from elearn.accounts.models import SignInSession
from elearn.auth.sessions import end_sessions, load_user_from_cookie
from elearn.core.extensions import utcnow
from tests.conftest import counted_statements
from tests.plugins.factories import TEST_PASSWORD, login


def _copy_cookie(app, source, name):
    """A second browser holding only the named cookie copied from `source` (as a thief would)."""
    thief = app.test_client()
    cookie = source.get_cookie(name)
    assert cookie is not None, name
    thief.set_cookie(name, cookie.value)
    return thief


def test_a_copied_session_cookie_is_refused_after_sign_out(app, client, make_user):
    login(client, make_user())
    thief = _copy_cookie(app, client, "session")
    assert thief.get("/").status_code == 200
    client.post("/logout")
    assert thief.get("/").status_code == 302


def test_a_remember_me_cookie_is_refused_after_sign_out(app, client, make_user):
    user = make_user()
    client.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD, "remember": "y"})
    thief = _copy_cookie(app, client, "remember_token")
    assert thief.get("/").status_code == 200  # the cookie alone signs in, while the sign-in lives
    client.post("/logout")
    assert _copy_cookie(app, thief, "remember_token").get("/").status_code == 302


def test_signing_in_starts_a_fresh_session(client, make_user):
    with client.session_transaction() as planted:
        planted["csrf_token"] = "planted-by-someone-else"
        planted["_user_id"] = "1:forged"
    login(client, make_user())
    with client.session_transaction() as session:
        assert session.get("csrf_token") != "planted-by-someone-else"
        assert session["_user_id"] != "1:forged"


def test_the_language_chosen_before_signing_in_is_kept(client, make_user):
    client.post("/language", data={"locale": "en", "next": "/login"})
    login(client, make_user())
    with client.session_transaction() as session:
        assert session["locale"] == "en"


def test_each_sign_in_is_its_own_record_and_sign_out_removes_only_its_own(app, client, db, make_user):
    user = make_user()
    other_device = app.test_client()
    login(client, user)
    login(other_device, user)
    assert db.scalar(select(func.count(SignInSession.id))) == 2
    client.post("/logout")
    assert db.scalar(select(func.count(SignInSession.id))) == 1
    assert other_device.get("/").status_code == 200


def test_end_sessions_signs_out_every_device_for_an_admin_deactivating_an_account(app, client, db, make_user):
    user = make_user()
    other_device = app.test_client()
    login(client, user)
    login(other_device, user)
    end_sessions(db, user)
    db.commit()
    assert client.get("/").status_code == 302 and other_device.get("/").status_code == 302


def test_a_sign_in_older_than_the_session_lifetime_is_refused_by_the_server(app, client, db, make_user):
    login(client, make_user())
    assert client.get("/").status_code == 200
    record = db.scalar(select(SignInSession))
    record.created_at = utcnow() - app.permanent_session_lifetime - timedelta(minutes=1)
    db.commit()
    assert client.get("/").status_code == 302


def test_loading_the_signed_in_user_is_one_query_for_user_and_sign_in(app, client, db, make_user):
    login(client, make_user())
    with client.session_transaction() as session:
        cookie_id = session["_user_id"]
    db.expunge_all()
    with counted_statements() as statements:
        user = load_user_from_cookie(db, cookie_id, utcnow(), app.permanent_session_lifetime)
    assert user is not None and user.get_id() == cookie_id
    lookups = [s for s in statements if "sign_in_session" in s]
    assert len(lookups) == 1 and 'FROM "user"' in lookups[0].replace("FROM user", 'FROM "user"')
    assert len(statements) <= 2  # and the roles, as before
    assert load_user_from_cookie(db, cookie_id.split(":")[0] + ":guess", utcnow(),
                                 app.permanent_session_lifetime) is None
