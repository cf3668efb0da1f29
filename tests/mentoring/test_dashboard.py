"""The mentor dashboard: right figures and flags, scoped to the mentor, constant in SQL statements."""

import csv
import io
from datetime import date, timedelta

from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.learning import services as learning
from elearn.mentoring.dashboard import DashboardFilter, mentor_dashboard
from elearn.mentoring.models import ActionPlan
from elearn.quizzes import services as quizzes
from elearn.quizzes.models import Attempt
from tests.conftest import counted_statements
from tests.plugins.factories import NOW, SETTINGS, login, quiz_text

TODAY = date(2026, 6, 15)


def rows(db, mentor, **filters):
    return mentor_dashboard(db, mentor.id, NOW, 20, 14, DashboardFilter(**filters), TODAY)


def fail(db, learner, quiz):
    attempt = quizzes.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS)
    quizzes.submit_attempt(db, attempt, NOW, settings=SETTINGS)
    return attempt


def test_figures_and_flags_per_mentee(db, make_user, make_mentees, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text().split("## esai essay")[0]})["kuis-akhir"]
    course = db.get(learning.Course, quiz.course_id)
    mentor = make_user(Role.MENTOR)
    steady, stuck, failing, planner = make_mentees(mentor, 4, course)
    for learner in (steady, stuck, failing, planner):
        db.scalar(select(learning.Enrollment).where(learning.Enrollment.user_id == learner.id)) \
            .last_activity_at = NOW - timedelta(days=1)
    db.scalar(select(learning.Enrollment).where(learning.Enrollment.user_id == stuck.id)).last_activity_at = \
        NOW - timedelta(days=20)
    enrollment = db.scalar(select(learning.Enrollment).where(learning.Enrollment.user_id == steady.id))
    learning.complete_module(db, enrollment, learning.active_modules(db, course)[0], NOW, settings=SETTINGS)
    fail(db, failing, quiz)
    fail(db, failing, quiz)
    db.add(ActionPlan(learner_id=planner.id, course_id=course.id, what="Menerapkan maklumat layanan",
                      how="Rapat tim", due_on=TODAY - timedelta(days=1), status="agreed", created_at=NOW,
                      updated_at=NOW))
    db.commit()
    by_id = {row.user_id: row for row in rows(db, mentor)}
    assert by_id[steady.id].percent == 100 and by_id[steady.id].flags == []
    assert by_id[stuck.id].flags == ["stalled"]
    assert by_id[failing.id].flags == ["failed_twice"]
    assert by_id[planner.id].flags == ["plan_overdue"]
    assert [r.user_id for r in rows(db, mentor, flag="stalled")] == [stuck.id]
    assert [r.user_id for r in rows(db, mentor, flag="plan_overdue")] == [planner.id]


def test_failed_twice_flags_two_failed_attempts_of_one_quiz(db, make_user, make_mentees, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text().split("## esai essay")[0]})["kuis-akhir"]
    mentor = make_user(Role.MENTOR)
    learner, = make_mentees(mentor, 1)
    fail(db, learner, quiz)
    assert rows(db, mentor)[0].flags == ["stalled"]  # never active in a course
    fail(db, learner, quiz)
    db.commit()
    row = rows(db, mentor)[0]
    assert row.failed_twice and row.latest_quiz == "Kuis Uji" and row.latest_passed is False


def test_jp_counts_this_year_only_and_sorting_puts_need_first(db, make_user, make_mentees, make_course):
    course = make_course(jp="6")
    mentor = make_user(Role.MENTOR)
    first, second = make_mentees(mentor, 2, course)
    enrollment = db.scalar(select(learning.Enrollment).where(learning.Enrollment.user_id == first.id))
    learning.complete_module(db, enrollment, learning.active_modules(db, course)[0], NOW, settings=SETTINGS)
    db.commit()
    assert {r.user_id: r.jp_year for r in rows(db, mentor)} == {first.id: 6, second.id: 0}
    assert [r.user_id for r in rows(db, mentor, sort="jp")] == [second.id, first.id]


def test_a_mentor_sees_only_their_own_active_mentees(db, make_user, make_mentees):
    mentor, other = make_user(Role.MENTOR), make_user(Role.MENTOR)
    mine = make_mentees(mentor, 2)
    make_mentees(other, 3, start=100)
    assert {r.user_id for r in rows(db, mentor)} == {u.id for u in mine}


def test_dashboard_page_costs_the_same_statements_for_5_and_500_mentees(app, client, db, make_user,
                                                                        make_mentees, make_quiz):
    quiz = make_quiz({"90-kuis-akhir": quiz_text().split("## esai essay")[0]})["kuis-akhir"]
    course = db.get(learning.Course, quiz.course_id)
    mentor = make_user(Role.MENTOR)
    login(client, mentor)

    def statements_for_page() -> int:
        with counted_statements() as statements:
            assert client.get("/mentor/").status_code == 200
        return len(statements)

    few = make_mentees(mentor, 5, course)
    fail(db, few[0], quiz)
    db.commit()
    small = statements_for_page()
    make_mentees(mentor, 495, course, start=5, unit="Dinas Kesehatan")
    for learner in (few[1], few[2]):
        fail(db, learner, quiz)
    db.commit()
    large = statements_for_page()
    assert small == large
    assert db.scalar(select(Attempt).where(Attempt.user_id == few[1].id)) is not None


def test_csv_export_lists_the_filtered_mentees(client, db, make_user, make_mentees, make_course):
    mentor = make_user(Role.MENTOR)
    make_mentees(mentor, 3, make_course())
    login(client, mentor)
    response = client.get("/mentor/mentees.csv?flag=stalled")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert response.mimetype == "text/csv" and len(rows) == 4
    assert rows[0] == ["NIP", "Name", "Unit (OPD)", "Courses", "Completed", "Progress (%)", "Last activity",
                       "Latest quiz", "Latest quiz score (%)", "JP this year", "Attention"]
    # The flags in words, and the moment in local time as the page shows it (never a UTC ISO timestamp).
    assert rows[1][10] == "Stalled"
    assert rows[1][6] == "15/06/2026 10:00"


def test_dashboard_is_for_mentors_and_admins(client, make_user):
    login(client, make_user(Role.LEARNER))
    assert client.get("/mentor/").status_code == 403
