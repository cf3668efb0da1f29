"""Server time of the admin's needs-analysis, evaluation and JP reports on a database of realistic
volume made by `elearn.devtools.volume` (20,000 learners by default, with their competency
assessments, survey responses, ledger entries and OPD figures): each report function in-process, then
each admin page through the test client signed in as the demo admin. Per report: one warm-up, then N
timed runs; p50/p95/max and the SQL statements of one run, against a 1 s budget (defined on
PostgreSQL). Exits 1 when a p95 misses the budget; `--explain` then times that report's statements
one by one and prints the PostgreSQL plan (EXPLAIN ANALYZE) of the slowest.

Run from the repository root:
  .venv/bin/python bench/evaluation_reports.py                      # temp SQLite
  .venv/bin/python bench/evaluation_reports.py --database-url postgresql+psycopg://root@127.0.0.1:5432/test
On PostgreSQL a fresh database elearn_bench_<random> is created on that server and dropped at the end.
"""

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from _setup import (
    bench_parser,
    build_app,
    dispose,
    generate_learners,
    percentile,
    recorded_statements,
    scratch_database,
    settle_heap,
    sign_in,
)
from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from elearn.accounts.models import User
from elearn.certificates.services import below_target_by_unit, below_target_learners
from elearn.competencies.needs import GROUP_BYS, needs_report
from elearn.content.models import Course
from elearn.core.extensions import db
from elearn.core.web import site_settings
from elearn.evaluation.models import OutcomeFigure, SurveyResponse
from elearn.evaluation.reports import course_report, evaluation_overview, flagged_topics, unit_report
from elearn.learning.models import Enrollment

BUDGET_MS = 1000.0
ADMIN_EMAIL = "admin@demo.local"


@dataclass(frozen=True)
class Subjects:
    """What the course and OPD reports are run on: the ones with the most data."""

    course_id: int
    course_slug: str
    unit_id: int
    year: int
    jp_target: int


@dataclass(frozen=True)
class Measured:
    label: str
    timings_ms: list[float]
    statements: list[tuple[str, object, bool]]  # (SQL, parameters, executemany) of one run

    @property
    def p95(self) -> float:
        return percentile(self.timings_ms, 0.95)


def busiest_subjects(app) -> Subjects:
    """The course with the most completions; the OPD with result figures and the most survey responses."""
    with app.app_context():
        session = db.session
        course_id, slug = session.execute(
            select(Course.id, Course.slug).join(Enrollment, Enrollment.course_id == Course.id)
            .where(Enrollment.completed_at.is_not(None))
            .group_by(Course.id, Course.slug).order_by(func.count().desc()).limit(1)).one()
        unit_id = session.scalar(select(User.unit_id)
                                 .join(SurveyResponse, SurveyResponse.learner_id == User.id)
                                 .where(User.unit_id.in_(select(OutcomeFigure.unit_id)))
                                 .group_by(User.unit_id).order_by(func.count().desc()).limit(1))
        year = datetime.now(ZoneInfo(app.config["ELEARN_TIMEZONE"])).year
    return Subjects(course_id, slug, unit_id, year, app.config["ELEARN_YEARLY_JP_TARGET"])


def report_calls(subjects: Subjects) -> list[tuple[str, Callable[[], object]]]:
    """(label, call) for each report function, called with the request's database session."""
    calls = [(f"needs_report({group_by!r})", lambda g=group_by: needs_report(db.session, g))
             for group_by in GROUP_BYS]
    settings, course_id = site_settings(), subjects.course_id
    return [*calls,
            ("evaluation_overview()", lambda: evaluation_overview(db.session, settings=settings)),
            ("course_report(course)", lambda: course_report(db.session, course_id, settings=settings)),
            ("course_report(course, unit)",
             lambda: course_report(db.session, course_id, unit_id=subjects.unit_id, settings=settings)),
            ("unit_report(unit)", lambda: unit_report(db.session, subjects.unit_id, settings=settings)),
            ("flagged_topics()", lambda: flagged_topics(db.session, settings=settings)),
            ("flagged_topics(course)",
             lambda: flagged_topics(db.session, course_id=subjects.course_id, settings=settings)),
            ("below_target_by_unit(year)",
             lambda: below_target_by_unit(db.session, subjects.year, subjects.jp_target)),
            ("below_target_learners(year, page 1)",
             lambda: below_target_learners(db.session, subjects.year, subjects.jp_target, None, 1))]


def report_pages(app, subjects: Subjects) -> list[tuple[str, str]]:
    """(label, path) of each admin report page."""
    with app.test_request_context():
        pages = [(f"needs page by {group_by}", url_for("admin_needs.index", group_by=group_by))
                 for group_by in GROUP_BYS]
        return [*pages,
                ("evaluation overview page", url_for("admin_evaluation.overview")),
                ("course report page", url_for("admin_evaluation.course", slug=subjects.course_slug)),
                ("course report page, one OPD",
                 url_for("admin_evaluation.course", slug=subjects.course_slug, unit=subjects.unit_id)),
                ("OPD list page", url_for("admin_evaluation.units")),
                ("OPD report page", url_for("admin_evaluation.unit", unit_id=subjects.unit_id)),
                ("JP below-target page", url_for("admin_certificates.below_target"))]


def measure(app, label: str, action: Callable[[], object], runs: int) -> Measured:
    """One warm-up, then `runs` timed calls."""
    action()
    timings_ms = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings_ms.append((time.perf_counter() - start) * 1000)
    return Measured(label, sorted(timings_ms), recorded_statements(app, action))


def in_request(app, call: Callable[[], object]) -> Callable[[], object]:
    """`call` as a view would make it: in a request context, with a session of its own."""
    def run():
        with app.test_request_context():
            call()
            db.session.remove()
    return run


def page_get(client, path: str) -> Callable[[], object]:
    def get():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return get


def print_table(results: list[Measured]) -> None:
    print(f"{'report':<44}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'SQL':>5}  budget {BUDGET_MS:.0f} ms")
    for m in results:
        verdict = "OK" if m.p95 <= BUDGET_MS else "OVER"
        print(f"{m.label:<44}{percentile(m.timings_ms, 0.5):>9.1f}{m.p95:>9.1f}{m.timings_ms[-1]:>9.1f}"
              f"{len(m.statements):>5}  {verdict}")


def explain_slowest(app, measured: Measured) -> None:
    """The time of each statement of `measured` on its own, then the EXPLAIN ANALYZE of the slowest
    (PostgreSQL): where the time goes, the database or Python."""
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name != "postgresql":
            print("--explain needs PostgreSQL")
            return
        print(f"\n{measured.label}: statements on their own")
        durations = []
        for statement, parameters, _many in measured.statements:
            start = time.perf_counter()
            connection.exec_driver_sql(statement, parameters).fetchall()
            durations.append((time.perf_counter() - start, statement, parameters))
            print(f"{durations[-1][0] * 1000:8.1f} ms  {' '.join(statement.split())[:90]}")
        _seconds, statement, parameters = max(durations, key=lambda found: found[0])
        plan = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters).scalars()
        print(f"\nthe slowest:\n{statement}\n{parameters}\n")
        print("\n".join(plan))


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--learners", type=int, default=20000, help="learners to generate (default 20000)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs per report (default 10)")
    parser.add_argument("--explain", action="store_true", help="print the plan of each report over budget")
    args = parser.parse_args()
    with scratch_database(args.database_url) as database_url:
        print(f"database: {make_url(database_url).render_as_string(hide_password=True)}")
        app = build_app(database_url)
        try:
            generate_learners(app, args.learners)
            subjects = busiest_subjects(app)
            client = app.test_client()
            settle_heap()
            sign_in(client, ADMIN_EMAIL)
            results = [measure(app, label, in_request(app, call), args.runs)
                       for label, call in report_calls(subjects)]
            results += [measure(app, f"GET {label}", page_get(client, path), args.runs)
                        for label, path in report_pages(app, subjects)]
            print_table(results)
            over = [m for m in results if m.p95 > BUDGET_MS]
            for measured in over if args.explain else []:
                explain_slowest(app, measured)
        finally:
            dispose(app)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
