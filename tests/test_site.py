"""Site-wide behaviour: security headers, CSRF, cookies, caching, language, error pages."""

import re

from elearn import create_app
from elearn.core.config import ConfigError, load_config
from tests.plugins.factories import TEST_PASSWORD, login


def test_every_page_carries_the_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client, make_user, make_course):
    make_course(slug="etika")
    login(client, make_user())
    client.post("/courses/etika/enrol")
    for url in ("/", "/courses", "/courses/etika", "/courses/etika/modules/pengantar", "/account/password"):
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html and " style=" not in html, url


def test_forms_are_refused_without_a_csrf_token(app, client, make_user, monkeypatch):
    user = make_user()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "The request could not be understood" in response.text
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_session_cookie_is_httponly_and_lax(client, make_user):
    response = login(client, make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_requires_a_secret_key_and_secure_cookies():
    try:
        load_config("/tmp", {"ELEARN_ENV": "production"})
    except ConfigError as error:
        assert "ELEARN_SECRET_KEY must be set" in str(error)
    else:
        raise AssertionError("production started without a secret key")
    config = load_config("/tmp", {"ELEARN_ENV": "production", "ELEARN_SECRET_KEY": "x" * 32,
                                  "ELEARN_BASE_URL": "https://elearn.example"})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


def test_repeat_visit_of_an_unchanged_page_is_a_304(app, client, make_user, make_course, monkeypatch):
    make_course(slug="etika")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # pages then carry real tokens
    user = make_user()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"identifier": user.email, "password": TEST_PASSWORD, "csrf_token": token})
    first = client.get("/courses/etika/modules/pengantar")
    again = client.get("/courses/etika/modules/pengantar", headers={"If-None-Match": first.headers["ETag"]})
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert again.status_code == 304 and again.data == b""


def test_static_files_with_their_hash_are_cached_forever(client):
    html = client.get("/login").text
    css_url = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', html).group(1)
    with client.get(css_url) as current, client.get("/static/app.css?v=old") as stale:
        assert "immutable" in current.headers["Cache-Control"]
        assert "immutable" not in stale.headers.get("Cache-Control", "")


def test_indonesian_by_default_and_english_on_request(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "id")
    assert '<html lang="id">' in client.get("/login").text
    response = client.post("/language", data={"locale": "en", "next": "/login"})
    assert response.location == "/login"
    assert '<html lang="en">' in client.get("/login").text
    assert client.post("/language", data={"locale": "en", "next": "https://evil.example"}).location == "/"


def test_errors_render_inside_the_layout_without_details(app, db):
    app = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": False})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "secret detail" not in response.text and 'class="site-header"' in response.text
