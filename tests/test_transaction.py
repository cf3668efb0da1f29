"""One commit per request, at its end, and nothing sent before it: a view that returns has its work
committed, one that raises has it rolled back with every email it queued; a GET writes only where the
visit is the record; an email queued in a committed request is sent once, whatever retries it."""

import pytest
from flask import Blueprint, abort
from redis import Redis
from sqlalchemy import func, select

from elearn import create_app
from elearn.accounts.models import Unit
from elearn.core import outbox
from elearn.core.extensions import db as _db
from elearn.core.extensions import utcnow
from elearn.core.jobs import deliver_job
from elearn.core.transaction import WriteOnSafeRequest, records_page_view
from tests.conftest import IsolatedClient

probe = Blueprint("probe", __name__)


def _write(name: str) -> None:
    _db.session.add(Unit(name=name))
    outbox.queue_email(_db.session, "peserta@example.go.id", f"elearn: {name}", name, "/", utcnow())


@probe.post("/probe/succeeds")
def succeeds():
    _write("Dinas Yang Berhasil")
    return "saved"


@probe.post("/probe/fails")
def fails():
    _write("Dinas Yang Gagal")
    _db.session.flush()  # the rows reach the database before the failure: the rollback must undo them
    abort(403)


@probe.post("/probe/crashes")
def crashes():
    _write("Dinas Yang Crash")
    raise RuntimeError("a bug after the work was queued")


@probe.get("/probe/reads-and-writes")
def reads_and_writes():
    _db.session.add(Unit(name="Dinas Dari GET"))
    return "written"


@probe.get("/probe/visit-is-the-record")
@records_page_view("a test page whose visit is recorded")
def visit_is_the_record():
    _db.session.add(Unit(name="Dinas Kunjungan"))
    return "recorded"


def probe_app(app, **config):
    probed = create_app({**app.config, **config})
    probed.register_blueprint(probe)
    probed.test_client_class = IsolatedClient
    return probed


@pytest.fixture
def probed(app, db, outgoing_mail):
    return probe_app(app)


def units(db, name: str) -> int:
    return db.scalar(select(func.count(Unit.id)).where(Unit.name == name))


def messages(db) -> list[outbox.OutboxMessage]:
    return list(db.scalars(select(outbox.OutboxMessage).order_by(outbox.OutboxMessage.id)))


def test_a_request_that_returns_commits_its_work_and_then_sends_its_email(probed, db, outgoing_mail):
    assert probed.test_client().post("/probe/succeeds").status_code == 200
    assert units(db, "Dinas Yang Berhasil") == 1
    assert [mail["subject"] for mail in outgoing_mail] == ["elearn: Dinas Yang Berhasil"]
    assert messages(db)[0].sent_at is not None


@pytest.mark.parametrize("path, status", [("/probe/fails", 403), ("/probe/crashes", 500)])
def test_an_email_queued_in_a_request_that_fails_is_never_sent(probed, db, outgoing_mail, path, status):
    probed.config["PROPAGATE_EXCEPTIONS"] = False  # the crash becomes the 500 page, as in production
    assert probed.test_client().post(path).status_code == status
    assert units(db, "Dinas Yang Gagal") == units(db, "Dinas Yang Crash") == 0
    assert messages(db) == [] and outgoing_mail == []
    probed.test_cli_runner().invoke(args=["outbox", "send"])  # the sweep finds nothing to send either
    assert outgoing_mail == []


def test_an_email_is_sent_once_however_often_sending_is_retried(probed, db, outgoing_mail):
    probed.test_client().post("/probe/succeeds")
    message_id = messages(db)[0].id
    transports = probed.extensions["elearn.outbox"].transports
    assert outbox.deliver(db, message_id, transports, utcnow()) is False  # a retried job
    result = probed.test_cli_runner().invoke(args=["outbox", "send"])  # the cron sweep
    assert "0 message(s) sent" in result.output
    assert len(outgoing_mail) == 1


def test_a_message_whose_sending_failed_is_sent_by_the_sweep(probed, db, outgoing_mail, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("mail server unreachable")

    monkeypatch.setattr("elearn.core.outbox.smtplib.SMTP", refuse)
    assert probed.test_client().post("/probe/succeeds").status_code == 200  # the request still succeeds
    pending = messages(db)[0]
    assert pending.sent_at is None and pending.last_error == "OSError: mail server unreachable"
    pending.claimed_until = None  # as once the claim has run out
    db.commit()
    monkeypatch.undo()
    probed.config["ELEARN_SMTP_HOST"] = None  # the sweep may use any transport: here the log
    result = probed.test_cli_runner().invoke(args=["outbox", "send"])
    assert "1 message(s) sent" in result.output
    assert messages(db)[0].sent_at is not None


def test_a_message_claimed_by_another_sender_is_left_to_it(probed, db, outgoing_mail):
    now = utcnow()
    outbox.queue_email(db, "mentor@example.go.id", "elearn: x", "x", "/", now)
    message = messages(db)[0]
    message.claimed_until = now + outbox.CLAIM_LEASE
    db.commit()
    assert outbox.deliver(db, message.id, probed.extensions["elearn.outbox"].transports, now) is False
    assert outgoing_mail == []


def test_a_get_that_writes_fails_in_tests_and_keeps_nothing(probed, db):
    with pytest.raises(WriteOnSafeRequest, match="GET /probe/reads-and-writes"):
        probed.test_client().get("/probe/reads-and-writes")
    assert units(db, "Dinas Dari GET") == 0


def test_in_production_a_get_that_writes_is_rolled_back_and_logged(app, db, outgoing_mail, caplog):
    probed = probe_app(app, TESTING=False)
    assert probed.test_client().get("/probe/reads-and-writes").status_code == 200
    assert units(db, "Dinas Dari GET") == 0
    assert "GET requests must not write" in caplog.text


def test_a_get_whose_visit_is_the_record_commits(probed, db):
    assert probed.test_client().get("/probe/visit-is-the-record").status_code == 200
    assert units(db, "Dinas Kunjungan") == 1


@pytest.fixture
def redis_queue(app, db, outgoing_mail):
    """The RQ path on the local Redis, in a database of its own, emptied before and after."""
    url = "redis://127.0.0.1:6379/14"
    Redis.from_url(url).flushdb()
    yield probe_app(app, ELEARN_JOB_QUEUE="rq", ELEARN_REDIS_URL=url)
    Redis.from_url(url).flushdb()


def test_with_rq_the_email_waits_for_the_worker_and_a_repeated_job_sends_it_once(redis_queue, db,
                                                                                  outgoing_mail):
    redis_queue.test_client().post("/probe/succeeds")
    queue = redis_queue.extensions["elearn.outbox"].queue
    assert queue.count == 1 and outgoing_mail == []  # enqueued after the commit, not sent in the request
    message_id = messages(db)[0].id
    with redis_queue.app_context():
        result = redis_queue.test_cli_runner().invoke(args=["outbox", "worker", "--burst"])
        assert result.exit_code == 0, result.output
        assert deliver_job(message_id) is False  # the same job run again (a retry) sends nothing
    assert len(outgoing_mail) == 1 and queue.count == 0
