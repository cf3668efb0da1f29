"""Server time of the module page in-process (Flask test client, no network): 50 warm-up GETs, then
500 timed ones; p50/p95/p99 against the 20 ms p95 budget of DESIGN.md section 5, and the number of
SQL statements one request runs.

Run from the repository root:
  .venv/bin/python bench/module_page_time.py                      # temp SQLite
  .venv/bin/python bench/module_page_time.py --database-url postgresql+psycopg://root@127.0.0.1:5432/test
On PostgreSQL a fresh database elearn_bench_<random> is created on that server and dropped at the end.
"""

import sys
import time

from _setup import (
    bench_parser,
    build_app,
    dispose,
    enrol,
    longest_module_page,
    percentile,
    print_statements,
    scratch_database,
    settle_heap,
    sign_in_learner,
    statements_of,
)
from sqlalchemy.engine import make_url

WARM_UP = 50
TIMED = 500
P95_BUDGET_MS = 20.0


def run(app) -> float:
    client = app.test_client()
    sign_in_learner(client)
    course_path, module_path = longest_module_page(client)
    enrol(client, course_path)
    print(f"page: {module_path} (longest module page, learner enrolled)")
    settle_heap()
    for _ in range(WARM_UP):
        assert client.get(module_path).status_code == 200
    timings_ms = []
    for _ in range(TIMED):
        start = time.perf_counter()
        response = client.get(module_path)
        timings_ms.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{module_path} answered {response.status_code}")
    timings_ms.sort()
    p50, p95, p99 = (percentile(timings_ms, f) for f in (0.50, 0.95, 0.99))
    print(f"{TIMED} GETs after {WARM_UP} warm-up: p50 {p50:.2f} ms, p95 {p95:.2f} ms, p99 {p99:.2f} ms "
          f"(min {timings_ms[0]:.2f}, max {timings_ms[-1]:.2f})")
    print_statements("SQL statements per request", statements_of(app, lambda: client.get(module_path)))
    return p95


def main() -> int:
    parser = bench_parser(__doc__)
    args = parser.parse_args()
    with scratch_database(args.database_url) as database_url:
        print(f"database: {make_url(database_url).render_as_string(hide_password=True)}")
        app = build_app(database_url)
        try:
            p95 = run(app)
        finally:
            dispose(app)
    print(f"p95 {p95:.1f} ms (budget {P95_BUDGET_MS:.0f} ms) {'OK' if p95 <= P95_BUDGET_MS else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
