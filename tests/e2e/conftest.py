"""Browser fixtures: headless Debian Chromium against the real app, served on a local port with the
real migrations, the real course content and the demo accounts."""

import threading
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from werkzeug.serving import make_server

from elearn import create_app
from elearn.core.extensions import db
from elearn.devtools.demo import set_up_demo_site

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
CHROMIUM = "/usr/bin/chromium"
LEARNER_EMAIL = "peserta@demo.local"

# CI shares a small, busy machine: every wait is on a real condition, with room for a slow moment.
ACTION_TIMEOUT_MS = 30_000
NAVIGATION_TIMEOUT_MS = 60_000
expect.set_options(timeout=20_000)


def patient(context: BrowserContext) -> BrowserContext:
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    return context


@pytest.fixture
def context(context):
    return patient(context)


def new_context(browser: Browser, base_url: str) -> BrowserContext:
    """A second person's browser in the same test (a mentor, a stranger), as patient as the first."""
    return patient(browser.new_context(base_url=base_url))


def submit(page: Page, selector: str) -> None:
    """Click a submit button and wait for the page the server answers with: a `goto` or a click that
    follows at once would otherwise race the form post (and might cancel it)."""
    with page.expect_navigation():
        page.click(selector)


def follow(page: Page, locator) -> None:
    """Click a link and wait for the page it leads to, before anything reads or injects into it."""
    with page.expect_navigation():
        locator.click()


def sign_in(page: Page, identifier: str, password: str) -> None:
    page.goto("/login")
    page.fill("main input[name=identifier]", identifier)
    page.fill("main input[name=password]", password)
    submit(page, "main form button[type=submit]")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # `playwright install` cannot download browsers here; use the distribution's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def e2e_app(tmp_path_factory):
    """The real app (CSRF on, as the browser submits real forms) on its own SQLite file."""
    database = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "ELEARN_CONTENT_DIR": str(CONTENT_DIR),
        "RATELIMIT_STORAGE_URI": "memory://",
    })
    set_up_demo_site(app)
    return app


class BufferedResponses:
    """Werkzeug's development server leaves a response's file open when the browser drops the
    connection mid-way (a favicon fetch cut short by the next navigation): it closes the app's iterator
    only if draining the request succeeds. Buffering each response, and closing its iterator here,
    leaves nothing open whatever the browser does. (Production servers close it themselves.)"""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        iterable = self.app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()


@pytest.fixture(scope="session")
def live_server(e2e_app):
    """Base URL of the app served on a thread."""
    app = e2e_app
    server = make_server("127.0.0.1", 0, BufferedResponses(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative `page.goto("/courses")` works. Overriding this also keeps pytest-playwright 0.10's
    fallback `base_url` (a fixture on a plugin instance, deprecated by pytest 9) from running and
    warning, which `filterwarnings = error` would turn into a setup error."""
    return live_server


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught exceptions on the page (a CSP violation shows up here)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
