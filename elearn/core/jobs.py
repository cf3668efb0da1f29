"""How outbox messages leave the app, and the `flask outbox` commands.

In-process (the default) suits one server: each message is sent right after its request commits.
With ELEARN_JOB_QUEUE=rq, messages are enqueued on Redis and sent by `flask outbox worker`, so a slow
mail server never holds a request. RQ rather than Celery: the site already runs Redis, and RQ needs
nothing else (no broker choice, no beat scheduler; reminders are run by cron), in a few hundred lines.
"""

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from elearn.core.extensions import db, utcnow
from elearn.core.outbox import LoggedEmail, SmtpEmail, deliver, pending_ids, prune_sent
from elearn.core.transaction import unit_of_work

QUEUE_NAME = "elearn-outbox"


class Outbox:
    """The app's sender: its transports by message kind and where a committed message goes."""

    def __init__(self, app: Flask):
        self.app = app
        config = app.config
        self.queue = None
        if config["ELEARN_JOB_QUEUE"] == "rq":  # imported only then: a web worker without RQ stays lean
            from redis import Redis
            from rq import Queue

            self.queue = Queue(QUEUE_NAME, connection=Redis.from_url(config["ELEARN_REDIS_URL"]))
        app.extensions["elearn.outbox"] = self

    @property
    def transports(self) -> dict:
        """Built when sending, from the settings of the moment (cheap: no connection is opened)."""
        config = self.app.config
        return {"email": SmtpEmail(config) if config["ELEARN_SMTP_HOST"] else LoggedEmail(self.app.logger)}

    def dispatch(self, message_id: int) -> None:
        """Called after the commit that wrote the message. A failure here loses nothing: the message
        stays pending for the worker's retry or the `flask outbox send` sweep."""
        try:
            if self.queue is not None:
                self.queue.enqueue(deliver_job, message_id, job_id=f"outbox-{message_id}")
            else:
                deliver(db.session, message_id, self.transports, utcnow())
        except Exception:
            current_app.logger.exception("outbox message %s was not sent now; it stays pending", message_id)


def deliver_job(message_id: int) -> bool:
    """The RQ job: runs in `flask outbox worker`, inside the app context."""
    return deliver(db.session, message_id, current_app.extensions["elearn.outbox"].transports, utcnow())


outbox_cli = AppGroup("outbox", help="Emails waiting to be sent.")


@outbox_cli.command("send")
def send_command():
    """Send every pending message and forget those sent over 30 days ago (run from cron)."""
    outbox, now = current_app.extensions["elearn.outbox"], utcnow()
    sent = sum(deliver(db.session, message_id, outbox.transports, now)
               for message_id in pending_ids(db.session, now))
    with unit_of_work(db.session):
        pruned = prune_sent(db.session, now)
    click.echo(f"{sent} message(s) sent, {pruned} old message(s) forgotten.")


@outbox_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool):
    """Run an RQ worker for the outbox queue (ELEARN_JOB_QUEUE=rq). SimpleWorker runs each job in this
    process, inside the app context, with the app's database pool (a fork would share its sockets)."""
    outbox = current_app.extensions["elearn.outbox"]
    if outbox.queue is None:
        raise click.UsageError("ELEARN_JOB_QUEUE is not rq: messages are sent in-process.")
    from rq import SimpleWorker

    SimpleWorker([outbox.queue], connection=outbox.queue.connection).work(burst=burst)
