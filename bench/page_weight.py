"""Bytes on the wire for the heaviest learner page: the longest module page, first visit (page and
every stylesheet, script and image it references) and repeat visit (ETag revalidation, immutable
assets from the cache), against the budgets in DESIGN.md section 5.

Run from the repository root: .venv/bin/python bench/page_weight.py
"""

import gzip
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

from _setup import (
    build_app,
    dispose,
    enrol,
    longest_module_page,
    page_tags,
    scratch_database,
    sign_in_learner,
)

FIRST_VISIT_BUDGET = 30 * 1024
REPEAT_VISIT_BUDGET = 8 * 1024
# What a typical gzip-ing proxy compresses; images other than SVG are already compressed.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass
class Transfer:
    label: str
    url: str
    status: int
    header_bytes: int
    raw_bytes: int
    gzip_bytes: int
    cache_control: str

    @property
    def wire_bytes(self) -> int:
        return self.header_bytes + self.gzip_bytes


def header_bytes(response) -> int:
    """Approximate size of the status line and headers (the test server adds no Date/Server)."""
    status_line = f"HTTP/1.1 {response.status}\r\n"
    return len(status_line) + sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items()) + 2


def measure(client, label: str, url: str, headers: dict | None = None):
    """GET `url`; return its Transfer and the response."""
    response = client.get(url, headers=headers or {})
    body = response.data
    compressible = body and (response.mimetype or "").startswith(COMPRESSIBLE)
    transfer = Transfer(
        label=label, url=url, status=response.status_code, header_bytes=header_bytes(response),
        raw_bytes=len(body), gzip_bytes=len(gzip.compress(body, compresslevel=6) if compressible else body),
        cache_control=response.headers.get("Cache-Control", ""),
    )
    return transfer, response


def referenced_assets(html: str) -> list[tuple[str, str]]:
    """(kind, url) of every stylesheet, icon, script and image the page makes the browser fetch."""
    assets = []
    for tag, attrs in page_tags(html):
        rel = attrs.get("rel", "").lower().split()
        if tag == "link" and "stylesheet" in rel and attrs.get("href"):
            assets.append(("stylesheet", attrs["href"]))
        elif tag == "link" and ("icon" in rel or "manifest" in rel) and attrs.get("href"):
            assets.append(("manifest" if "manifest" in rel else "icon", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            assets.append(("script", attrs["src"]))
        elif tag == "img" and attrs.get("src"):
            assets.append(("image", attrs["src"]))
    return list(dict.fromkeys(assets))


def print_table(title: str, transfers: list[Transfer]) -> int:
    print(f"\n{title}")
    print(f"  {'resource':<11} {'url':<58} {'status':>6} {'headers':>8} {'raw':>8} {'gzip':>8} {'wire':>8}")
    for t in transfers:
        url = t.url if len(t.url) <= 58 else t.url[:55] + "..."
        print(f"  {t.label:<11} {url:<58} {t.status:>6} {t.header_bytes:>8} {t.raw_bytes:>8} "
              f"{t.gzip_bytes:>8} {t.wire_bytes:>8}")
    total = sum(t.wire_bytes for t in transfers)
    print(f"  {'total':<11} {'':<58} {'':>6} {sum(t.header_bytes for t in transfers):>8} "
          f"{sum(t.raw_bytes for t in transfers):>8} {sum(t.gzip_bytes for t in transfers):>8} {total:>8}")
    return total


def verdict(name: str, total: int, budget: int) -> str:
    return f"{name}: {total} bytes (budget {budget}) {'OK' if total <= budget else 'OVER'}"


def run(app) -> tuple[int, int]:
    client = app.test_client()
    sign_in_learner(client)
    course_path, module_path = longest_module_page(client)
    enrol(client, course_path)
    print(f"page: {module_path} (the longest module page of all courses, learner enrolled)")

    page, page_response = measure(client, "page", module_path)
    first = [page]
    external = []
    for kind, url in referenced_assets(page_response.get_data(as_text=True)):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            external.append(url)
            continue
        first.append(measure(client, kind, url)[0])
    first_total = print_table("First visit (empty cache)", first)
    for url in external:
        print(f"  NOT COUNTED, another origin (the budget allows no CDN): {url}")

    etag = page_response.headers.get("ETag")
    repeat = [measure(client, "page", module_path, {"If-None-Match": etag} if etag else None)[0]]
    if repeat[0].status != 304:
        print(f"  note: the page came back {repeat[0].status}, not 304 (ETag sent: {etag or 'none'})")
    for t in first[1:]:
        if "immutable" in t.cache_control:
            repeat.append(Transfer(t.label, t.url, 0, 0, 0, 0, t.cache_control))
        else:
            repeat.append(measure(client, t.label, t.url)[0])
            print(f"  note: {t.url} is not cached immutably ({t.cache_control or 'no Cache-Control'})")
    repeat_total = print_table("Repeat visit (ETag revalidation; status 0 = served from cache)", repeat)
    return first_total, repeat_total


def main() -> int:
    with scratch_database() as database_url:
        app = build_app(database_url)
        try:
            first_total, repeat_total = run(app)
        finally:
            dispose(app)
    print()
    print(verdict("first visit", first_total, FIRST_VISIT_BUDGET))
    print(verdict("repeat visit", repeat_total, REPEAT_VISIT_BUDGET))
    return 0


if __name__ == "__main__":
    sys.exit(main())
