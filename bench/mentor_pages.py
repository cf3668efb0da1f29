"""Server time of the mentor's dashboard and review queue in-process (Flask test client, no network), on a
database of realistic volume made by `elearn.devtools.volume` (20,000 learners by default: OPDs of
the 15 regencies, mentors of 30–500 mentees, enrolments, progress, quiz attempts), signed in as the
mentor with 500 mentees. Each page: 20 warm-up GETs, then 100 timed; p50/p95/max, the SQL statements of
one request and the response size; p95 against 150 ms (dashboard) and 100 ms (review queue).

Run from the repository root:
  .venv/bin/python bench/mentor_pages.py                      # temp SQLite
  .venv/bin/python bench/mentor_pages.py --database-url postgresql+psycopg://root@127.0.0.1:5432/test
On PostgreSQL a fresh database elearn_bench_<random> is created on that server and dropped at the end.
"""

import sys
import time

from _setup import (
    bench_parser,
    build_app,
    dispose,
    generate_learners,
    percentile,
    print_statements,
    scratch_database,
    settle_heap,
    sign_in,
    statements_of,
)
from sqlalchemy.engine import make_url

from elearn.devtools.volume.generator import MOST_MENTEES

WARM_UP = 20
TIMED = 100
# (label, path, p95 budget in ms, what marks one entry in the page's HTML)
PAGES = [
    ("dashboard", "/mentor/", 150.0, '<td><a href="/mentor/mentees/'),
    ("review queue", "/mentor/reviews", 100.0, '<article class="card">'),
]


def time_page(app, client, label: str, path: str, marker: str) -> float:
    """Warm up, time the GETs, print the figures; returns the p95 in ms."""
    for _ in range(WARM_UP):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    timings_ms = []
    for _ in range(TIMED):
        start = time.perf_counter()
        response = client.get(path)
        timings_ms.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    timings_ms.sort()
    p50, p95 = percentile(timings_ms, 0.50), percentile(timings_ms, 0.95)
    html = response.get_data(as_text=True)
    print(f"{label} {path}: {TIMED} GETs after {WARM_UP} warm-up: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"max {timings_ms[-1]:.1f} ms; response {len(response.data):,} bytes, {html.count(marker)} entries")
    print_statements("SQL statements per request", statements_of(app, lambda: client.get(path)))
    return p95


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--learners", type=int, default=20000,
                        help=f"learners to generate (more than {MOST_MENTEES}; default 20000)")
    args = parser.parse_args()
    with scratch_database(args.database_url) as database_url:
        print(f"database: {make_url(database_url).render_as_string(hide_password=True)}")
        app = build_app(database_url)
        try:
            client = app.test_client()
            email = generate_learners(app, args.learners)["busiest_mentor_email"]
            print(f"mentor: {email} ({MOST_MENTEES} mentees)")
            settle_heap()
            sign_in(client, email)
            results = [(label, time_page(app, client, label, path, marker), budget)
                       for label, path, budget, marker in PAGES]
        finally:
            dispose(app)
    for label, p95, budget in results:
        print(f"{label} p95 {p95:.0f} ms (budget {budget:.0f} ms) {'OK' if p95 <= budget else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
