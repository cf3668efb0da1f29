"""Notifications: telling someone (in the app, and by email through the outbox), the texts written in the
reader's language when shown, the list page and the unread count."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import ScalarSelect, func, select, update
from sqlalchemy.orm import Session

from elearn.accounts.models import User
from elearn.core.outbox import queue_email
from elearn.notifications.models import Notification

TEXTS = {
    "essay_graded": lambda p: _("Your mentor graded your answer in %(quiz)s.", quiz=p.get("quiz", "")),
    "answer_commented": lambda p: _("Your mentor commented on your attempt in %(quiz)s.",
                                    quiz=p.get("quiz", "")),
    "plan_submitted": lambda p: _("%(name)s wrote an action plan for %(course)s.", name=p.get("name", ""),
                                  course=p.get("course", "")),
    "plan_agreed": lambda p: _("Your mentor agreed to your action plan for %(course)s.",
                               course=p.get("course", "")),
    "plan_changes_requested": lambda p: _("Your mentor asks for changes to your action plan for %(course)s.",
                                          course=p.get("course", "")),
    "plan_observed": lambda p: _("Your mentor recorded how your action plan for %(course)s is applied.",
                                 course=p.get("course", "")),
    "remedial_recommended": lambda p: (
        _("%(name)s scored %(percent)s%% on %(competency)s in a post-test; %(course)s is recommended to "
          "strengthen it.", name=p.get("name", ""), percent=p.get("percent", ""),
          competency=p.get("competency", ""), course=p["course"]) if p.get("course") else
        _("%(name)s scored %(percent)s%% on %(competency)s in a post-test; no other course develops it yet.",
          name=p.get("name", ""), percent=p.get("percent", ""), competency=p.get("competency", ""))),
}


def notification_text(kind: str, params: dict) -> str:
    return TEXTS[kind](params) if kind in TEXTS else kind


def recent_notifications(session: Session, user_id: int, limit: int = 50) -> list[Notification]:
    return list(session.scalars(
        select(Notification).where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    ))


def mark_all_read(session: Session, user_id: int, now) -> None:
    session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=now))


def notify(session: Session, user_id: int, kind: str, params: dict, link: str, now: datetime) -> None:
    """Tell someone in the app, and by email: the email waits in the outbox until this work commits
    (without SMTP it is only logged)."""
    session.add(Notification(user_id=user_id, kind=kind, params=params, link=link, created_at=now))
    text = notification_text(kind, params)
    queue_email(session, session.get(User, user_id).email, "elearn: " + text, text, link, now)


def unread_count_of(user_id) -> ScalarSelect:
    """The unread count of `user_id` (a value or a column) as an expression, so the statement that
    loads the signed-in user brings the header's count along."""
    return select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).scalar_subquery()


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(select(unread_count_of(user_id)))
