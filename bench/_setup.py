"""Shared set-up for the bench scripts: the real app on a throw-away database, with the real
migrations, the real course content and the demo accounts."""

import argparse
import gc
import os
import random
import re
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, event, make_url, text

from elearn import create_app
from elearn.core.extensions import db, utcnow
from elearn.devtools.demo import DEMO_PASSWORD, set_up_demo_site
from elearn.devtools.volume.generator import generate_volume

REPO_ROOT = Path(__file__).resolve().parent.parent

CONTENT_DIR = REPO_ROOT / "content"
LEARNER_EMAIL = "peserta@demo.local"
GENERATION_SEED = 20000


def bench_parser(doc: str) -> argparse.ArgumentParser:
    """The arguments every bench script takes: where to put its throw-away database."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("ELEARN_BENCH_DATABASE_URL"),
        help="SQLAlchemy URL; for PostgreSQL, the server to create a scratch database on "
             "(default: $ELEARN_BENCH_DATABASE_URL, else a temp SQLite file)",
    )
    return parser


@contextmanager
def scratch_database(server_url: str | None = None) -> Iterator[str]:
    """A database URL for one run: a temp SQLite file when `server_url` is None, a fresh database
    on the PostgreSQL server `server_url` points at (dropped afterwards), else `server_url` itself."""
    if server_url is None:
        with tempfile.TemporaryDirectory(prefix="elearn-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    url = make_url(server_url)
    if url.get_backend_name() != "postgresql":
        yield server_url
        return
    name = f"elearn_bench_{secrets.token_hex(5)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def build_app(database_url: str) -> Flask:
    """The app with the schema migrated, the content imported and the demo accounts created.
    CSRF is off so the test client can post forms without scraping tokens."""
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url,
        "ELEARN_CONTENT_DIR": str(CONTENT_DIR),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
    })
    set_up_demo_site(app)
    return app


def settle_heap() -> None:
    """Call right before timing. Setting up (content sync, generated learners) leaves a heap no server
    worker has (sync runs in its own process); without this the collector's full passes over it land
    inside the timed requests and inflate p95."""
    gc.collect()
    gc.freeze()


def dispose(app: Flask) -> None:
    with app.app_context():
        db.engine.dispose()


def sign_in(client, email: str) -> None:
    response = client.post("/login", data={"identifier": email, "password": DEMO_PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"signing in as {email} failed: HTTP {response.status_code}")


def sign_in_learner(client) -> None:
    sign_in(client, LEARNER_EMAIL)


def generate_learners(app: Flask, learners: int, seed: int = GENERATION_SEED) -> dict:
    """Add the volume of `elearn.devtools.volume` (seeded: the same data on every run, so runs
    compare), print its time and row counts; returns the counts. On PostgreSQL the tables are then
    vacuumed and analysed, as autovacuum soon does after a bulk load; left to autovacuum, that work
    would run during the timed requests and the plans would come from stale statistics."""
    with app.app_context():
        start = time.perf_counter()
        counts = generate_volume(db.session, learners, random.Random(seed), utcnow(),
                                 timezone=app.config["ELEARN_TIMEZONE"],
                                 provider=app.config["ELEARN_PROVIDER_NAME"])
        db.session.commit()
        elapsed = time.perf_counter() - start
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))  # VACUUM cannot run inside a transaction
    print(f"generated {learners} learners in {elapsed:.1f} s")
    print("rows: " + ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items()
                               if isinstance(count, int) and not name.startswith("busiest")))
    return counts


def enrol(client, course_path: str) -> None:
    """Enrol as a browser does: post the form, then follow the redirect (which shows the flash)."""
    response = client.post(f"{course_path}/enrol", follow_redirects=True)
    if response.status_code != 200 or response.request.path != course_path:
        raise SystemExit(f"enrolling in {course_path} failed: HTTP {response.status_code}")


class LinkCollector(HTMLParser):
    """Every (tag, attributes) pair of a page, attributes as a dict."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def page_tags(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = LinkCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def links_matching(html: str, pattern: re.Pattern) -> list[str]:
    hrefs = (attrs.get("href", "") for tag, attrs in page_tags(html) if tag == "a")
    return list(dict.fromkeys(href for href in hrefs if pattern.fullmatch(href)))


COURSE_PATH = re.compile(r"/courses/[^/?#]+")
MODULE_PATH = re.compile(r"/courses/[^/?#]+/modules/[^/?#]+")


def longest_module_page(client) -> tuple[str, str]:
    """(course path, module path) of the module page with the most HTML, over every course in the
    catalog, as the signed-in user sees it."""
    sizes = {}
    for course_path in links_matching(client.get("/courses").get_data(as_text=True), COURSE_PATH):
        course_html = client.get(course_path).get_data(as_text=True)
        for module_path in links_matching(course_html, MODULE_PATH):
            sizes[course_path, module_path] = len(client.get(module_path).data)
    if not sizes:
        raise SystemExit("no module pages found: is the content folder empty?")
    return max(sizes, key=sizes.get)


# --- measuring (shared by every bench script) ---


def percentile(sorted_ms: list[float], fraction: float) -> float:
    return statistics.quantiles(sorted_ms, n=100, method="inclusive")[round(fraction * 100) - 1]


def recorded_statements(app, action: Callable[[], object]) -> list[tuple[str, object, bool]]:
    """(SQL, parameters, executemany) of each statement `action` runs, to count or to run again."""
    statements: list[tuple[str, object, bool]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters, executemany))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements


def statements_of(app, action: Callable[[], object]) -> list[str]:
    return [" ".join(statement.split())[:100] + (f" [executemany, {len(parameters)} rows]" if many else "")
            for statement, parameters, many in recorded_statements(app, action)]


def print_statements(label: str, statements: list[str]) -> None:
    print(f"{label}: {len(statements)}")
    for statement in statements:
        print("  " + statement)
