"""Action plans: written after a completed course, agreed or sent back by the mentor, observed at the
follow-up date; each side sees only what is theirs."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from elearn.accounts.models import Role, User
from elearn.core.extensions import utcnow
from elearn.learning.services import active_modules, complete_module, enrol
from elearn.mentoring import plans
from elearn.mentoring.models import ActionPlan
from elearn.mentoring.services import assign_mentor, end_assignment
from elearn.notifications.models import Notification
from tests.conftest import counted_statements
from tests.plugins.factories import SETTINGS, login

NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)  # 10:00 in Lampung (WIB)
TODAY = date(2026, 6, 15)
WHAT = "Menerapkan SOP pengaduan di loket"
HOW = "Menyusun alur dan melatih dua petugas"


def complete_course(db, make_course, learner, slug="etika"):
    course = make_course(slug=slug, modules={"01-a": "Isi."})
    enrollment = enrol(db, learner.id, course, NOW)
    for module in active_modules(db, course):
        complete_module(db, enrollment, module, NOW, settings=SETTINGS)
    db.commit()
    return course


def write(db, learner, course, due_on=TODAY + timedelta(days=30), now=NOW):
    return plans.write_plan(db, learner.id, course.id, WHAT, HOW, due_on, now, settings=SETTINGS)


def notifications(db, user):
    return [(n.kind, n.params, n.link) for n in db.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


@pytest.fixture
def people(db, make_user):
    """A learner with a mentor, and an outsider mentor who follows someone else."""
    learner, mentor, other_mentor = make_user(full_name="Siti"), make_user(Role.MENTOR), make_user(Role.MENTOR)
    assign_mentor(db, mentor, learner, None, NOW)
    assign_mentor(db, other_mentor, make_user(), None, NOW)
    db.commit()
    return learner, mentor, other_mentor


def test_a_plan_can_be_written_only_after_the_course_is_completed(db, make_user, make_course):
    learner = make_user()
    course = make_course(slug="etika", modules={"01-a": "a", "02-b": "b"})
    with pytest.raises(plans.PlanError, match="after you have completed the course"):
        write(db, learner, course)
    enrollment = enrol(db, learner.id, course, NOW)
    complete_module(db, enrollment, active_modules(db, course)[0], NOW, settings=SETTINGS)
    with pytest.raises(plans.PlanError) as refused:
        write(db, learner, course)
    assert list(refused.value.problems) == ["plan"]
    complete_module(db, enrollment, active_modules(db, course)[1], NOW, settings=SETTINGS)
    plan = write(db, learner, course)
    assert (plan.status, plan.what, plan.how) == ("submitted", WHAT, HOW)
    assert [e.event.kind for e in plans.plan_history(db, plan.id)] == ["written"]


def test_writing_notifies_each_current_mentor_and_not_a_former_one(db, make_user, make_course, people):
    learner, mentor, _ = people
    second, former = make_user(Role.MENTOR), make_user(Role.MENTOR)
    assign_mentor(db, second, learner, None, NOW)
    end_assignment(db, assign_mentor(db, former, learner, None, NOW).id, NOW)
    plan = write(db, learner, complete_course(db, make_course, learner))
    expected = [("plan_submitted", {"name": "Siti", "course": "Kursus etika"}, f"/mentor/action-plans/{plan.id}")]
    assert notifications(db, mentor) == notifications(db, second) == expected
    assert notifications(db, former) == notifications(db, learner) == []


def test_one_open_plan_per_course_and_a_new_one_after_the_observation(db, make_user, make_course, people):
    learner, mentor, _ = people
    course = complete_course(db, make_course, learner)
    first = write(db, learner, course, due_on=TODAY + timedelta(days=3))
    with pytest.raises(plans.PlanError, match="waiting for your mentor"):
        write(db, learner, course)
    plans.agree(db, first, mentor.id, "", NOW)
    with pytest.raises(plans.PlanError, match="has agreed"):
        write(db, learner, course)
    plans.record_observation(db, first, mentor.id, "Sudah berjalan di loket.", "partly", NOW, settings=SETTINGS)
    second = write(db, learner, course)
    assert second.id != first.id and (first.status, second.status) == ("observed", "submitted")
    assert [e.plan.id for e in plans.plans_of_learner(db, learner.id)] == [second.id, first.id]


def test_a_plan_sent_back_for_changes_is_revised_in_place(db, make_course, people):
    learner, mentor, _ = people
    course = complete_course(db, make_course, learner)
    plan = write(db, learner, course)
    plans.request_changes(db, plan, mentor.id, "Tambahkan target yang terukur.", NOW)
    later = NOW + timedelta(days=1)
    revised = plans.write_plan(db, learner.id, course.id, WHAT + " dengan target 90%", HOW, TODAY + timedelta(days=40),
                               later, settings=SETTINGS)
    assert revised.id == plan.id and revised.status == "submitted" and revised.updated_at == later
    history = plans.plan_history(db, plan.id)
    assert [(e.event.kind, e.actor_name, e.event.note) for e in history] == [
        ("written", "Siti", None), ("changes_requested", mentor.full_name, "Tambahkan target yang terukur."),
        ("revised", "Siti", None)]
    assert [kind for kind, _, _ in notifications(db, mentor)] == ["plan_submitted", "plan_submitted"]


def test_mentor_steps_move_the_status_and_tell_the_learner(db, make_course, people):
    learner, mentor, _ = people
    plan = write(db, learner, complete_course(db, make_course, learner), due_on=TODAY + timedelta(days=7))
    plans.agree(db, plan, mentor.id, "  Bagus.  ", NOW)
    assert plan.status == "agreed" and plans.plan_history(db, plan.id)[-1].event.note == "Bagus."
    plans.record_observation(db, plan, mentor.id, "Alur sudah dipakai.", "fully", NOW, settings=SETTINGS)
    assert (plan.status, plan.observation, plan.applied) == ("observed", "Alur sudah dipakai.", "fully")
    link = f"/action-plans/{plan.id}"
    assert notifications(db, learner) == [("plan_agreed", {"course": "Kursus etika"}, link),
                                          ("plan_observed", {"course": "Kursus etika"}, link)]


@pytest.mark.parametrize(("step", "status", "field"), [
    ("agree", "agreed", "plan"), ("agree", "changes_requested", "plan"),
    ("changes", "agreed", "plan"), ("changes", "submitted", "note"),
    ("observe", "submitted", "plan"), ("observe", "observed", "plan"),
])
def test_mentor_steps_refuse_the_wrong_status_and_an_empty_note(db, make_course, people, step, status, field):
    learner, mentor, _ = people
    plan = write(db, learner, complete_course(db, make_course, learner))
    plan.status = status
    run = {"agree": lambda: plans.agree(db, plan, mentor.id, None, NOW),
           "changes": lambda: plans.request_changes(db, plan, mentor.id, " ", NOW),
           "observe": lambda: plans.record_observation(db, plan, mentor.id, "Sudah.", "fully", NOW, settings=SETTINGS)}[step]
    with pytest.raises(plans.PlanError) as refused:
        run()
    assert field in refused.value.problems and plan.status == status
    assert notifications(db, learner) == []


def test_the_observation_opens_a_week_before_the_follow_up_date(db, make_course, people):
    learner, mentor, _ = people
    plan = write(db, learner, complete_course(db, make_course, learner), due_on=TODAY + timedelta(days=30))
    plans.agree(db, plan, mentor.id, None, NOW)
    with pytest.raises(plans.PlanError, match="from Jul 8, 2026, one week before the follow-up date"):
        plans.record_observation(db, plan, mentor.id, "Sudah.", "fully", NOW + timedelta(days=22), settings=SETTINGS)
    with pytest.raises(plans.PlanError) as refused:
        plans.record_observation(db, plan, mentor.id, "", "maybe", NOW + timedelta(days=23), settings=SETTINGS)
    assert set(refused.value.problems) == {"observation", "applied"}
    plans.record_observation(db, plan, mentor.id, "Sudah.", "not_yet", NOW + timedelta(days=23), settings=SETTINGS)
    assert plan.status == "observed"


@pytest.mark.parametrize(("what", "how", "due_on", "fields"), [
    ("x" * 10, "y" * 2000, TODAY, set()),
    ("x" * 9, "   " + "y" * 9 + "  ", TODAY, {"what", "how"}),
    ("x" * 2001, HOW, TODAY, {"what"}),
    (WHAT, HOW, TODAY - timedelta(days=1), {"due_on"}),
    (WHAT, HOW, date(2027, 6, 15), set()),
    (WHAT, HOW, date(2027, 6, 16), {"due_on"}),
    (WHAT, HOW, None, {"due_on"}),
])
def test_what_how_and_date_are_checked_together(db, make_user, make_course, what, how, due_on, fields):
    learner = make_user()
    course = complete_course(db, make_course, learner)
    if not fields:
        assert plans.write_plan(db, learner.id, course.id, what, how, due_on, NOW, settings=SETTINGS).status == "submitted"
        return
    with pytest.raises(plans.PlanError) as refused:
        plans.write_plan(db, learner.id, course.id, what, how, due_on, NOW, settings=SETTINGS)
    assert set(refused.value.problems) == fields


def test_today_is_the_calendar_date_in_lampung(db, make_user, make_course):
    learner = make_user()
    course = complete_course(db, make_course, learner)
    evening_utc = datetime(2026, 6, 14, 20, 0, tzinfo=UTC)  # already 15 June, 03:00 WIB
    with pytest.raises(plans.PlanError, match="cannot be in the past"):
        write(db, learner, course, due_on=date(2026, 6, 14), now=evening_utc)
    assert write(db, learner, course, due_on=date(2026, 6, 15), now=evening_utc).due_on == date(2026, 6, 15)


def test_lists_and_histories_take_one_query_whatever_their_size(db, make_course, people):
    learner, mentor, _ = people
    course = complete_course(db, make_course, learner)
    plan = write(db, learner, course)
    db.flush()
    with counted_statements() as small:
        assert len(plans.plans_of_learner(db, learner.id)) == 1
        assert len(plans.plan_history(db, plan.id)) == 1
    plans.request_changes(db, plan, mentor.id, "Perjelas.", NOW)
    write(db, learner, course)
    write(db, learner, complete_course(db, make_course, learner, slug="kedua"))
    db.flush()
    with counted_statements() as large:
        assert [e.course_title for e in plans.plans_of_learner(db, learner.id)] == ["Kursus kedua", "Kursus etika"]
        assert len(plans.plan_history(db, plan.id)) == 3
    assert len(small) == len(large) == 2


def test_overdue_learners_can_be_used_inside_another_query(db, make_user, make_course, people):
    mentor = people[1]
    late, observed, waiting = make_user(full_name="Late"), make_user(full_name="Observed"), make_user()
    for person in (late, observed, waiting):
        plan = write(db, person, complete_course(db, make_course, person), due_on=TODAY + timedelta(days=2))
        if person is not waiting:
            plans.agree(db, plan, mentor.id, None, NOW)
        if person is observed:
            plans.record_observation(db, plan, mentor.id, "Sudah.", "fully", NOW, settings=SETTINGS)
    db.flush()
    names = select(User.full_name).where(User.id.in_(plans.overdue_plan_learner_ids_query(TODAY + timedelta(days=3))))
    assert list(db.scalars(names)) == ["Late"]
    assert list(db.scalars(select(User.full_name).where(
        User.id.in_(plans.overdue_plan_learner_ids_query(TODAY + timedelta(days=2)))))) == []


def test_plans_load_only_for_their_learner_their_mentors_and_admins(db, make_user, make_course, people):
    learner, mentor, other_mentor = people
    plan = write(db, learner, complete_course(db, make_course, learner))
    assert plans.plan_for_learner(db, plan.id, learner.id) is plan
    assert plans.plan_for_learner(db, plan.id, mentor.id) is None
    assert plans.plan_for_mentor(db, plan.id, mentor) is plan
    assert plans.plan_for_mentor(db, plan.id, make_user(Role.ADMIN)) is plan
    for outsider in (other_mentor, learner, make_user(), make_user(Role.INSTRUCTOR)):
        assert plans.plan_for_mentor(db, plan.id, outsider) is None
    assert plans.plan_for_mentor(db, 999999, mentor) is None


def signed_in(app, user):
    client = app.test_client()
    login(client, user)
    return client


def test_learner_writes_a_plan_and_follows_its_status(app, db, make_course, people):
    learner, mentor, _ = people
    complete_course(db, make_course, learner)
    client = signed_in(app, learner)
    assert 'name="what"' in client.get("/courses/etika/action-plan").text
    due = (SETTINGS.local_date(utcnow()) + timedelta(days=30)).isoformat()
    refused = client.post("/courses/etika/action-plan", data={"what": "Terlalu", "how": HOW, "due_on": due})
    assert refused.status_code == 200 and "Write at least 10 characters." in refused.text
    assert "Terlalu</textarea>" in refused.text and f'value="{due}"' in refused.text
    bad_date = client.post("/courses/etika/action-plan", data={"what": WHAT, "how": HOW, "due_on": "17/08/2026"})
    assert "Enter the date as year-month-day" in bad_date.text and f"{HOW}</textarea>" in bad_date.text
    response = client.post("/courses/etika/action-plan", data={"what": WHAT, "how": HOW, "due_on": due})
    plan = db.scalar(select(ActionPlan))
    assert response.location == f"/action-plans/{plan.id}"
    assert "Waiting for your mentor" in client.get(response.location).text
    listing = client.get("/action-plans").text
    assert "Kursus etika" in listing and "Wrote the plan" in listing and WHAT in listing
    page = client.get("/courses/etika/action-plan").text
    assert "waiting for your mentor" in page and 'name="what"' not in page
    assert [kind for kind, _, _ in notifications(db, mentor)] == ["plan_submitted"]


def test_before_completion_the_page_says_why_and_hidden_courses_are_404(app, db, make_user, make_course):
    learner = make_user()
    make_course(slug="etika")
    make_course(slug="draf", published="no")
    client = signed_in(app, learner)
    page = client.get("/courses/etika/action-plan").text
    assert "after you have completed the course" in page and 'name="what"' not in page
    due = (SETTINGS.local_date(utcnow()) + timedelta(days=30)).isoformat()
    assert client.post("/courses/etika/action-plan", data={"what": WHAT, "how": HOW, "due_on": due}).status_code == 200
    assert db.scalar(select(ActionPlan)) is None
    assert client.get("/courses/draf/action-plan").status_code == 404
    assert client.get("/courses/tidak-ada/action-plan").status_code == 404
    assert "You have not written an action plan yet." in client.get("/action-plans").text


def test_mentor_asks_for_changes_agrees_and_records_the_observation(app, db, make_course, people):
    learner, mentor, _ = people
    course = complete_course(db, make_course, learner)
    due = SETTINGS.local_date(utcnow()) + timedelta(days=5)
    plan = plans.write_plan(db, learner.id, course.id, WHAT, HOW, due, utcnow(), settings=SETTINGS)
    db.commit()
    url = f"/mentor/action-plans/{plan.id}"
    mentor_client, learner_client = signed_in(app, mentor), signed_in(app, learner)
    page = mentor_client.get(url).text
    assert "Action plan of Siti" in page and WHAT in page and "Ask for changes" in page
    empty = mentor_client.post(f"{url}/changes", data={"changes-note": " "})
    assert empty.status_code == 200 and "Write what the learner should change." in empty.text
    assert mentor_client.post(f"{url}/changes", data={"changes-note": "Tambahkan target."}).location == url
    revise = learner_client.get("/courses/etika/action-plan").text
    assert "Revise your action plan" in revise and "Tambahkan target." in revise and f"{WHAT}</textarea>" in revise
    learner_client.post("/courses/etika/action-plan", data={"what": WHAT, "how": HOW + " tiap minggu",
                                                            "due_on": due.isoformat()})
    assert mentor_client.post(f"{url}/agree", data={"agree-note": "Setuju."}).location == url
    assert "Record the observation" in mentor_client.get(url).text  # due within the week
    kept = mentor_client.post(f"{url}/observe", data={"observe-applied": "partly", "observe-observation": ""})
    assert "Write what you observed." in kept.text and 'checked id="observe-applied-1"' in kept.text
    mentor_client.post(f"{url}/observe", data={"observe-applied": "partly", "observe-observation": "Sebagian jalan."})
    listing = learner_client.get("/action-plans").text
    assert "Observed" in listing and "Applied in part" in listing and "Sebagian jalan." in listing
    assert [kind for kind, _, _ in notifications(db, learner)] == [
        "plan_changes_requested", "plan_agreed", "plan_observed"]


def test_an_early_observation_is_refused_with_the_date_it_opens(app, db, make_course, people):
    learner, mentor, _ = people
    course = complete_course(db, make_course, learner)
    plan = plans.write_plan(db, learner.id, course.id, WHAT, HOW, SETTINGS.local_date(utcnow()) + timedelta(days=30),
                            utcnow(), settings=SETTINGS)
    plans.agree(db, plan, mentor.id, None, utcnow())
    db.commit()
    client, url = signed_in(app, mentor), f"/mentor/action-plans/{plan.id}"
    assert "You can record how the plan is applied from" in client.get(url).text
    response = client.post(f"{url}/observe", data={"observe-applied": "fully", "observe-observation": "Sudah."})
    assert response.location == url
    assert "You can record the observation from" in client.get(url).text
    assert db.scalar(select(ActionPlan.status)) == "agreed"


def test_someone_elses_plan_is_404_for_every_outsider(app, db, make_user, make_course, people):
    learner, mentor, other_mentor = people
    former = make_user(Role.MENTOR)
    end_assignment(db, assign_mentor(db, former, learner, None, NOW).id, NOW)
    other_learner = make_user()
    write(db, other_learner, complete_course(db, make_course, other_learner, slug="kedua"))
    secret = "Rencana Siti: arsip digital di loket"
    plan = plans.write_plan(db, learner.id, complete_course(db, make_course, learner).id, secret, HOW,
                            SETTINGS.local_date(utcnow()) + timedelta(days=3), utcnow(), settings=SETTINGS)
    db.commit()
    url = f"/mentor/action-plans/{plan.id}"
    posts = {"agree": {"agree-note": "Ya."}, "changes": {"changes-note": "Ubah."},
             "observe": {"observe-applied": "fully", "observe-observation": "Sudah."}}
    for outsider in (other_mentor, former, other_learner, make_user(), make_user(Role.INSTRUCTOR), learner):
        client = signed_in(app, outsider)
        assert client.get(url).status_code == 404, outsider.full_name
        for step, data in posts.items():
            assert client.post(f"{url}/{step}", data=data).status_code == 404, (outsider.full_name, step)
        if outsider is not learner:
            assert client.get(f"/action-plans/{plan.id}").status_code == 404
            assert secret not in client.get("/action-plans").text
    assert signed_in(app, mentor).get(f"/action-plans/{plan.id}").status_code == 404  # the learner's page
    assert db.scalar(select(ActionPlan.status).where(ActionPlan.id == plan.id)) == "submitted"
    assert len(plans.plan_history(db, plan.id)) == 1
