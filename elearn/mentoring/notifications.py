"""Notification texts, written in the reader's language when shown; the list page; unread count."""

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from elearn.mentoring.models import Notification

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
