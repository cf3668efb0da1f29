"""Action plans (rencana aksi): after completing a course the learner writes what they will apply at
work, how and by when; a mentor agrees or asks for changes, then records how it is applied."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from elearn.accounts.mentorships import may_follow, mentors_of
from elearn.accounts.models import User
from elearn.content.models import Course
from elearn.core.errors import FieldProblems
from elearn.core.settings import Settings
from elearn.learning.models import Enrollment
from elearn.mentoring.models import ActionPlan, ActionPlanEvent
from elearn.notifications.services import notify

TEXT_MIN_LENGTH, TEXT_MAX_LENGTH = 10, 2000
APPLIED_VALUES = ("fully", "partly", "not_yet")
# The mentor may observe a little early: the follow-up visit rarely falls on the exact day.
OBSERVATION_OPENS_BEFORE_DUE = timedelta(days=7)
# Notification links; kept in step with the routes in plan_views.py (services build no URLs).
LEARNER_PLAN_PATH = "/action-plans/{plan_id}"
MENTOR_PLAN_PATH = "/mentor/action-plans/{plan_id}"


class PlanError(FieldProblems):
    """A step the plan rules refuse; `problems` maps a form field ("plan" for the whole plan) to why."""


@dataclass(frozen=True)
class PlanWithCourse:
    plan: ActionPlan
    course_title: str
    course_slug: str


@dataclass(frozen=True)
class HistoryEntry:
    event: ActionPlanEvent
    actor_name: str


def latest_plan(session: Session, learner_id: int, course_id: int) -> ActionPlan | None:
    """The learner's most recent plan for the course: the open one, if any, since only one can be open."""
    return session.scalar(select(ActionPlan).where(
        ActionPlan.learner_id == learner_id, ActionPlan.course_id == course_id
    ).order_by(ActionPlan.id.desc()).limit(1))


def writing_refusal(completed: bool, plan: ActionPlan | None) -> str | None:
    """Why the learner cannot write (or revise) a plan for the course now; None when they can."""
    if not completed:
        return _("You can write an action plan after you have completed the course.")
    if plan is not None and plan.status == "submitted":
        return _("Your action plan is waiting for your mentor. You can change it if your mentor asks "
                 "for changes.")
    if plan is not None and plan.status == "agreed":
        return _("Your mentor has agreed to your action plan. You can write a new one after your mentor "
                 "has recorded how it is applied.")
    return None


def has_completed(session: Session, learner_id: int, course_id: int, lock: bool = False) -> bool:
    """Locking the enrolment row serialises two writes of the same plan (a double click)."""
    query = select(Enrollment.completed_at).where(
        Enrollment.user_id == learner_id, Enrollment.course_id == course_id)
    return session.scalar(query.with_for_update() if lock else query) is not None


def plan_problems(what: str, how: str, due_on: date | None, today: date) -> dict[str, str]:
    problems = {name: message for name, text in (("what", what), ("how", how))
                if (message := _text_problem(text, TEXT_MIN_LENGTH))}
    if due_on is None:
        problems["due_on"] = _("Choose the date by which you will have applied it.")
    elif due_on < today:
        problems["due_on"] = _("The date cannot be in the past.")
    elif due_on > _one_year_after(today):
        problems["due_on"] = _("Choose a date within one year from today.")
    return problems


def _text_problem(text: str, min_length: int) -> str | None:
    if len(text) < min_length:
        return _("Write at least %(limit)s characters.", limit=min_length)
    return _length_problem(text)


def _required_text_problem(text: str, empty_message: str) -> str | None:
    return empty_message if not text else _length_problem(text)


def _length_problem(text: str) -> str | None:
    if len(text) > TEXT_MAX_LENGTH:
        return _("Use at most %(limit)s characters.", limit=TEXT_MAX_LENGTH)
    return None


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def write_plan(session: Session, learner_id: int, course_id: int, what: str, how: str,
               due_on: date | None, now: datetime, *, settings: Settings) -> ActionPlan:
    """Write a plan for a completed course, or revise the one the mentor sent back for changes."""
    completed = has_completed(session, learner_id, course_id, lock=True)  # lock first, then read
    plan = latest_plan(session, learner_id, course_id)
    if refusal := writing_refusal(completed, plan):
        raise PlanError({"plan": refusal})
    what, how = (what or "").strip(), (how or "").strip()
    if problems := plan_problems(what, how, due_on, settings.local_date(now)):
        raise PlanError(problems)
    revising = plan is not None and plan.status == "changes_requested"
    if not revising:
        plan = ActionPlan(learner_id=learner_id, course_id=course_id, created_at=now)
        session.add(plan)
    plan.what, plan.how, plan.due_on = what, how, due_on
    plan.status, plan.updated_at = "submitted", now
    session.flush()
    _record(session, plan, learner_id, "revised" if revising else "written", None, now)
    params = {"name": session.get(User, learner_id).full_name, "course": _course_title(session, plan)}
    for mentor in mentors_of(session, learner_id):
        notify(session, mentor.id, "plan_submitted", params, MENTOR_PLAN_PATH.format(plan_id=plan.id), now)
    return plan


def agree(session: Session, plan: ActionPlan, mentor_id: int, note: str | None, now: datetime) -> None:
    note = (note or "").strip()
    problems = _status_problem(plan, "submitted", _("Only a plan waiting for its mentor can be agreed."))
    if message := _length_problem(note):
        problems["note"] = message
    _decide(session, plan, mentor_id, "agreed", note or None, now, problems)


def request_changes(session: Session, plan: ActionPlan, mentor_id: int, note: str | None,
                    now: datetime) -> None:
    """The note is required: the learner needs to know what to change."""
    note = (note or "").strip()
    problems = _status_problem(
        plan, "submitted", _("Changes can be asked only for a plan waiting for its mentor."))
    if message := _required_text_problem(note, _("Write what the learner should change.")):
        problems["note"] = message
    _decide(session, plan, mentor_id, "changes_requested", note, now, problems)


def record_observation(session: Session, plan: ActionPlan, mentor_id: int, observation: str | None,
                       applied: str | None, now: datetime, *, settings: Settings) -> None:
    """How the plan is applied at work; opens a week before the follow-up date, for agreed plans only."""
    observation = (observation or "").strip()
    problems = _status_problem(plan, "agreed", _("An observation can be recorded only for an agreed plan."))
    if not problems and settings.local_date(now) < observation_opens_on(plan):
        problems["plan"] = _("You can record the observation from %(date)s, one week before the "
                             "follow-up date.", date=format_date(observation_opens_on(plan)))
    if message := _required_text_problem(observation, _("Write what you observed.")):
        problems["observation"] = message
    if applied not in APPLIED_VALUES:
        problems["applied"] = _("Choose how far the plan is applied.")
    if problems:
        raise PlanError(problems)
    plan.observation, plan.applied = observation, applied
    _decide(session, plan, mentor_id, "observed", None, now, {})  # the observation is on the plan


def observation_opens_on(plan: ActionPlan) -> date:
    return plan.due_on - OBSERVATION_OPENS_BEFORE_DUE


def _status_problem(plan: ActionPlan, expected: str, message: str) -> dict[str, str]:
    return {} if plan.status == expected else {"plan": message}


def _decide(session: Session, plan: ActionPlan, mentor_id: int, status: str, note: str | None,
            now: datetime, problems: dict[str, str]) -> None:
    """A mentor's step: the new status, its place in the history, and a word to the learner."""
    if problems:
        raise PlanError(problems)
    plan.status, plan.updated_at = status, now
    _record(session, plan, mentor_id, status, note, now)
    notify(session, plan.learner_id, f"plan_{status}", {"course": _course_title(session, plan)},
           LEARNER_PLAN_PATH.format(plan_id=plan.id), now)


def _record(session: Session, plan: ActionPlan, actor_id: int, kind: str, note: str | None,
            now: datetime) -> None:
    session.add(ActionPlanEvent(plan_id=plan.id, actor_id=actor_id, kind=kind, note=note, created_at=now))


def _course_title(session: Session, plan: ActionPlan) -> str:
    return session.scalar(select(Course.title).where(Course.id == plan.course_id))


def plans_of_learner(session: Session, learner_id: int) -> list[PlanWithCourse]:
    """Every plan the learner wrote, newest first, with its course, in one query."""
    rows = session.execute(
        select(ActionPlan, Course.title, Course.slug).join(Course, Course.id == ActionPlan.course_id)
        .where(ActionPlan.learner_id == learner_id).order_by(ActionPlan.id.desc()))
    return [PlanWithCourse(plan, title, slug) for plan, title, slug in rows]


def plan_for_learner(session: Session, plan_id: int, learner_id: int) -> ActionPlan | None:
    """The plan if it is the learner's own; None (a 404 for the view) otherwise."""
    return session.scalar(select(ActionPlan).where(
        ActionPlan.id == plan_id, ActionPlan.learner_id == learner_id))


def plan_for_mentor(session: Session, plan_id: int, user) -> ActionPlan | None:
    """The plan if `user` may follow its learner; None, as if it did not exist, otherwise."""
    plan = session.get(ActionPlan, plan_id)
    if plan is None or not may_follow(session, user, plan.learner_id):
        return None
    return plan


def plan_histories(session: Session, plan_ids: list[int]) -> dict[int, list[HistoryEntry]]:
    """The steps of several plans, oldest first, with who took them, in one query."""
    histories: dict[int, list[HistoryEntry]] = {plan_id: [] for plan_id in plan_ids}
    rows = session.execute(
        select(ActionPlanEvent, User.full_name).join(User, User.id == ActionPlanEvent.actor_id)
        .where(ActionPlanEvent.plan_id.in_(plan_ids))
        .order_by(ActionPlanEvent.created_at, ActionPlanEvent.id))
    for event, actor_name in rows:
        histories[event.plan_id].append(HistoryEntry(event, actor_name))
    return histories


def plan_history(session: Session, plan_id: int) -> list[HistoryEntry]:
    return plan_histories(session, [plan_id])[plan_id]


def overdue_plan_learner_ids_query(today: date) -> Select:
    """Learners with an agreed plan past its date and nothing observed: a subquery for dashboards."""
    return select(ActionPlan.learner_id).where(
        ActionPlan.status == "agreed", ActionPlan.due_on < today, ActionPlan.observation.is_(None)
    ).distinct()
