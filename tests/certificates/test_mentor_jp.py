"""The mentor dashboard reads JP from the ledger and can show only mentees below the target."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.learning import services as learning
from elearn.mentoring.dashboard import DashboardFilter, mentor_dashboard
from tests.plugins.factories import SETTINGS, login

LAST_NEW_YEARS_EVE = datetime(2025, 12, 31, 16, 0, tzinfo=UTC)  # 23:00 WIB: still 2025


def _complete(db, learner, course, at):
    enrollment = db.scalar(select(learning.Enrollment).where(learning.Enrollment.user_id == learner.id))
    learning.complete_module(db, enrollment, learning.active_modules(db, course)[0], at, settings=SETTINGS)
    db.commit()


def test_jp_this_year_comes_from_the_ledger_year(db, make_user, make_mentees, make_course):
    course = make_course(jp="20")
    mentor = make_user(Role.MENTOR)
    last_year, this_year = make_mentees(mentor, 2, course)
    _complete(db, last_year, course, LAST_NEW_YEARS_EVE)
    _complete(db, this_year, course, datetime(2026, 3, 1, tzinfo=UTC))
    rows = mentor_dashboard(db, mentor.id, datetime(2026, 6, 1, tzinfo=UTC), 20, 14, DashboardFilter(),
                            date(2026, 6, 1))
    assert {row.user_id: row.jp_year for row in rows} == {last_year.id: 0, this_year.id: 20}


def test_the_below_target_filter_leaves_out_mentees_who_reached_it(client, db, make_user, make_mentees,
                                                                   make_course):
    course = make_course(jp="20")
    mentor = make_user(Role.MENTOR)
    reached, short = make_mentees(mentor, 2, course)
    _complete(db, reached, course, datetime.now(UTC))
    login(client, mentor)
    page = client.get("/mentor/", query_string={"flag": "below_jp_target"}).get_data(as_text=True)
    assert short.full_name in page and reached.full_name not in page
    everyone = client.get("/mentor/").get_data(as_text=True)
    assert reached.full_name in everyone and "Below the JP target this year" in everyone
