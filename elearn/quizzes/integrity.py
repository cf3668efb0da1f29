"""Conflicts of interest around quizzes. The rule, also in the README's roles section:

- nobody grades or reviews their own work (mentoring/review.py refuses it; it is a 403);
- whoever has seen the answers of someone else's attempt at a quiz (the mentor's review page shows
  each answer and the key) is recorded here and cannot then start an attempt at that quiz for credit.
  It is a plain refusal with its reason, not a flag for an admin to weigh: the JP of a quiz must
  mean the person knew the answers on their own. Nobody lifts it; another quiz is not affected."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.quizzes.models import AnswerDisclosure

ANSWERS_SEEN = _l("You have seen other people's answers to this quiz while reviewing them, so you cannot "
                  "take it for credit.")


def has_seen_answers(session: Session, user_id: int, quiz_id: int) -> bool:
    return session.scalar(select(AnswerDisclosure.id).where(
        AnswerDisclosure.user_id == user_id, AnswerDisclosure.quiz_id == quiz_id)) is not None


def record_answers_seen(session: Session, user_id: int, quiz_id: int, now: datetime) -> None:
    """Remember, once, that `user_id` has seen answers to this quiz; the first time is kept."""
    if has_seen_answers(session, user_id, quiz_id):
        return
    try:
        with session.begin_nested():
            session.add(AnswerDisclosure(user_id=user_id, quiz_id=quiz_id, first_seen_at=now))
    except IntegrityError:
        pass  # recorded by a parallel request: the outcome is the same
