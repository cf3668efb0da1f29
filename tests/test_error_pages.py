"""Error pages that need nothing: while the database is down, or when the app's own error page fails,
people get a page in Indonesian (and English) instead of the server's bare "Internal Server Error"."""

import pytest
from sqlalchemy.exc import OperationalError

from elearn import create_app

UNAVAILABLE_ID = "Layanan sedang dipulihkan, coba lagi sebentar lagi"
UNAVAILABLE_EN = "The service is being restored, try again in a moment"
LEAKS = ("Traceback", "OperationalError", "psycopg", "sqlite3", "SELECT")


@pytest.fixture
def unreachable_database_app(tmp_path):
    """The real app, pointed at a PostgreSQL port where nothing listens: every query fails."""
    return create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://elearn@127.0.0.1:9/elearn",
                       "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
                       "WTF_CSRF_ENABLED": False, "ELEARN_CONTENT_DIR": str(tmp_path)})


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert UNAVAILABLE_ID in response.text and UNAVAILABLE_EN in response.text
    assert not any(leak in response.text for leak in LEAKS)


def test_a_signed_in_page_while_the_database_is_down_is_a_503_in_indonesian(unreachable_database_app):
    client = unreachable_database_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:token"  # signed in: loading the user needs the database
    for language in ("id", "en"):
        with client.session_transaction() as session:
            session["locale"] = language
        assert_unavailable_page(client.get("/"))


def test_signing_in_while_the_database_is_down_is_a_503(unreachable_database_app):
    response = unreachable_database_app.test_client().post(
        "/login", data={"identifier": "someone@example.go.id", "password": "password-123"})
    assert_unavailable_page(response)


def test_a_database_error_inside_a_request_is_rolled_back_and_answered_503(app, db, monkeypatch):
    app = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    rolled_back = []

    @app.get("/restart")
    def restart():
        from elearn.core.extensions import db as app_db
        monkeypatch.setattr(app_db.session, "rollback", lambda: rolled_back.append(True))
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    assert_unavailable_page(app.test_client().get("/restart"))
    assert rolled_back


def test_a_database_error_after_the_view_is_answered_503_too(app, db):
    app = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})

    @app.after_request
    def lose_the_connection(response):
        raise OperationalError("COMMIT", {}, Exception("terminating connection due to administrator command"))

    assert_unavailable_page(app.test_client().get("/login"))


def test_when_the_error_page_itself_fails_a_page_that_needs_nothing_is_served(app, db, monkeypatch):
    app = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    def broken_render(*args, **kwargs):
        raise RuntimeError("the layout needs something that is gone")

    monkeypatch.setattr("elearn.core.web.render_template", broken_render)
    for url, code in (("/boom", 500), ("/no-such-page", 404)):
        response = app.test_client().get(url)
        assert response.status_code == code
        assert "Terjadi kesalahan pada sistem kami" in response.text or code == 404
        assert "secret detail" not in response.text and "Traceback" not in response.text
        assert f"{code}" in response.text and 'lang="id"' in response.text
