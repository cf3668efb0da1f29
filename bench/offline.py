"""Offline budgets (DESIGN.md section 5, issue 11), in Debian's Chromium through Playwright:

- weight: what the manifest and the service-worker registration add to the first visit of the longest
  module page (gzip level 6), the service worker's own size, and the first-visit total;
- saving: bytes moved by "Simpan untuk dibaca offline" against the sum of the course's pages and
  images (gzip, as a proxy would send them; budget 1.2x);
- opening: a saved module page opened offline, with 4x CPU throttling (budget 300 ms, load event).

Run from the repository root: .venv/bin/python bench/offline.py [--runs 20]
"""

import gzip
import statistics
import sys
import threading

from _setup import (
    DEMO_PASSWORD,
    LEARNER_EMAIL,
    bench_parser,
    build_app,
    dispose,
    enrol,
    longest_module_page,
    percentile,
    scratch_database,
    sign_in_learner,
)
from page_weight import measure, referenced_assets
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ADDED_BUDGET, SAVE_FACTOR, OPEN_BUDGET_MS = 1024, 1.2, 300
# From the start of the navigation to the end of the load event, as the browser timed it.
LOAD_TIME_MS = ("() => { const t = performance.getEntriesByType('navigation')[0]; "
                "return t.loadEventEnd - t.startTime; }")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/manifest+json",
                "image/svg+xml")


class CountingMiddleware:
    """Counts what the server sends (gzip level 6 for text, as a proxy would) while `counting` is on."""

    def __init__(self, app):
        self.app, self.counting, self.sent, self.paths = app, False, 0, []

    def __call__(self, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["type"] = dict(headers).get("Content-Type", "")
            return start_response(status, headers, exc_info)

        body = b"".join(self.app(environ, capture))
        if self.counting:
            compressible = captured.get("type", "").startswith(COMPRESSIBLE)
            self.sent += len(gzip.compress(body, 6)) if compressible else len(body)
            self.paths.append(environ["PATH_INFO"])
        return [body]


def weight(app) -> tuple[int, int, int]:
    """(bytes the manifest and registration add, service worker bytes, first-visit total), gzip."""
    client = app.test_client()
    sign_in_learner(client)
    course_path, module_path = longest_module_page(client)
    enrol(client, course_path)
    page, response = measure(client, "page", module_path)
    html = response.get_data(as_text=True)
    assets = [measure(client, kind, url)[0] for kind, url in referenced_assets(html)]
    added = [t for t in assets if t.label == "manifest" or t.url.startswith("/static/register.js")]
    head_lines = "\n".join(line for line in html.splitlines()
                           if any(mark in line for mark in ("manifest", "register.js", "theme-color")))
    added_bytes = sum(t.wire_bytes for t in added) + len(gzip.compress(head_lines.encode(), 6))
    worker = measure(client, "sw", "/sw.js")[0]
    total = page.wire_bytes + sum(t.wire_bytes for t in assets)
    print(f"page {module_path}: first visit {total} bytes with the manifest; the manifest link, "
          f"theme colour and register.js add {added_bytes} bytes (budget {ADDED_BUDGET})")
    print(f"service worker /sw.js: {worker.raw_bytes} bytes raw, {worker.gzip_bytes} gzip")
    return added_bytes, worker.gzip_bytes, total


def course_bytes(client, course_slug: str) -> int:
    """The sum of the course's pages and images as a proxy would send them (gzip for HTML)."""
    listing = client.get(f"/courses/{course_slug}/offline.json").get_json()
    total = 0
    for url in listing["urls"]:
        if url.startswith(("/courses/", "/media/")):
            response = client.get(url)
            body = response.data
            total += len(gzip.compress(body, 6)) if response.mimetype.startswith(COMPRESSIBLE) else len(body)
    return total


def browser_runs(app, counter: CountingMiddleware, base_url: str, runs: int) -> None:
    client = app.test_client()
    sign_in_learner(client)
    course_path, _ = longest_module_page(client)
    slug = course_path.rsplit("/", 1)[-1]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto("/login")
        page.fill("main input[name=identifier]", LEARNER_EMAIL)
        page.fill("main input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        page.goto(course_path)
        if page.locator(f"form[action='{course_path}/enrol'] button").count():
            with page.expect_navigation():
                page.click(f"form[action='{course_path}/enrol'] button")
        page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null",
                               timeout=60_000)
        counter.counting, counter.sent, counter.paths = True, 0, []
        page.click("[data-offline-save]")
        page.wait_for_selector("[data-offline-saved]:not([hidden])", timeout=120_000)
        counter.counting = False
        moved, needed = counter.sent, course_bytes(client, slug)
        print(f"saving {slug}: moved {moved} bytes over {len(counter.paths)} requests; its pages and "
              f"images are {needed} bytes: {moved / needed:.2f}x (budget {SAVE_FACTOR}x)")
        modules = [url for url in client.get(f"/courses/{slug}/offline.json").get_json()["urls"]
                   if "/modules/" in url]
        context.set_offline(True)
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        times = []
        for n in range(runs):
            url = modules[n % len(modules)]
            page.goto(url, wait_until="load")
            times.append(page.evaluate(LOAD_TIME_MS))
        times.sort()
        print(f"opening a saved module page offline, 4x CPU throttling, {runs} opens: "
              f"p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
              f"max {times[-1]:.0f} ms (budget {OPEN_BUDGET_MS} ms)")
        browser.close()


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--runs", type=int, default=20, help="offline opens to time (default 20)")
    args = parser.parse_args()
    with scratch_database(args.database_url) as database_url:
        app = build_app(database_url)
        counter = CountingMiddleware(app.wsgi_app)
        app.wsgi_app = counter
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            weight(app)
            browser_runs(app, counter, f"http://127.0.0.1:{server.server_port}", args.runs)
        finally:
            server.shutdown()
            dispose(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
