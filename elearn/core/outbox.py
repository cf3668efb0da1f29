"""The outbox: emails (and any other outside effect) are written to a table in the same transaction as
the work that caused them, and sent only after that transaction commits.

A request that fails leaves no row, so nothing is sent for work that was undone. A crash between the
commit and the send leaves a pending row that `flask outbox send` (run from cron) delivers later. Each
delivery first claims its row, so a retried job, a second worker or the sweep sends a message once.
Sending runs in-process after the commit by default; with ELEARN_JOB_QUEUE=rq it is enqueued on Redis
and run by `flask outbox worker`, off the request.
"""

import smtplib
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import JSON, Index, Integer, String, or_, select, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from elearn.core.extensions import UtcDateTime, db, utcnow
from elearn.core.transaction import after_commit, commit

# A claimed message not marked sent within this time (a worker died mid-send) may be claimed again.
CLAIM_LEASE = timedelta(minutes=5)
KEEP_SENT = timedelta(days=30)

Transport = Callable[[dict], None]


class OutboxMessage(db.Model):
    __table_args__ = (
        Index("ix_outbox_message_pending", "created_at",
              sqlite_where=text("sent_at IS NULL"), postgresql_where=text("sent_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # which transport sends it: "email"
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))


def queue_email(session: Session, to: str, subject: str, text_body: str, link: str, now: datetime) -> None:
    """Queue an email; `link` is a path on this site, made absolute when the email is sent."""
    queue(session, "email", {"to": to, "subject": subject, "text": text_body, "link": link}, now)


def queue(session: Session, kind: str, payload: dict, now: datetime) -> OutboxMessage:
    message = OutboxMessage(kind=kind, payload=payload, created_at=now, attempts=0)
    session.add(message)
    session.flush()
    message_id = message.id
    after_commit(session, lambda: _dispatcher()(message_id))
    return message


def _dispatcher() -> Callable[[int], None]:
    from flask import current_app
    return current_app.extensions["elearn.outbox"].dispatch


def deliver(session: Session, message_id: int, transports: Mapping[str, Transport], now: datetime) -> bool:
    """Send one message unless it is sent or being sent; True when this call sent it."""
    with_claim = update(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    ).values(claimed_until=now + CLAIM_LEASE, attempts=OutboxMessage.attempts + 1)
    claimed = session.execute(with_claim.execution_options(synchronize_session=False)).rowcount
    commit(session)  # the claim is visible to every other sender before anything leaves
    if not claimed:
        return False
    message = session.get(OutboxMessage, message_id, populate_existing=True)
    try:
        transports[message.kind](message.payload)
    except Exception as error:  # the claim runs out and a later sweep retries
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        commit(session)
        return False
    message.sent_at, message.last_error = utcnow(), None
    commit(session)
    return True


def pending_ids(session: Session, now: datetime) -> list[int]:
    return list(session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.sent_at.is_(None),
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    ).order_by(OutboxMessage.id)))


def prune_sent(session: Session, now: datetime) -> int:
    """Forget messages sent long ago; the notifications themselves stay in the app."""
    old = session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at < now - KEEP_SENT)).all()
    for message in old:
        session.delete(message)
    return len(old)


class SmtpEmail:
    """Send an email payload through the configured SMTP server."""

    def __init__(self, config: Mapping):
        self.host, self.port = config["ELEARN_SMTP_HOST"], int(config["ELEARN_SMTP_PORT"])
        self.sender, self.base_url = config["ELEARN_MAIL_FROM"], config["ELEARN_BASE_URL"] or ""

    def __call__(self, payload: dict) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, payload["to"], payload["subject"]
        message.set_content(f"{payload['text']}\n\n{self.base_url}{payload['link']}\n")
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            smtp.send_message(message)


class LoggedEmail:
    """Without SMTP (development, or a site that does not email): the email is written to the log."""

    def __init__(self, logger):
        self.logger = logger

    def __call__(self, payload: dict) -> None:
        self.logger.info("email to %s (no SMTP configured): %s", payload["to"], payload["subject"])
