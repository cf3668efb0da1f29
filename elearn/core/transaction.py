"""The one place where work is committed: at the end of a request whose view returned, or of a command.

Views and services add and flush; they never commit. A view that raises (an abort, a bug, a lost
database) has its work rolled back, as Indico's request handlers do. GET and HEAD requests do not
write: their work is rolled back, and in development and tests a write fails loudly, unless the view is
marked `records_page_view` because the visit is itself the record. After each commit the callbacks the
work registered run (the outbox sends what was queued), so nothing leaves for work that was undone.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, current_app, request
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from elearn.core.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WROTE = "elearn.wrote"
_AFTER_COMMIT = "elearn.after_commit"


class WriteOnSafeRequest(RuntimeError):
    """A GET or HEAD view wrote to the database without saying why its visit is a record."""


def records_page_view(reason: str):
    """Mark a GET view whose visit is itself the record (`reason` says what it records): its writes
    are committed like a POST's. Every such view carries this mark, so `grep records_page_view` lists
    all pages that write when read."""

    def mark(view):
        view.records_page_view = reason
        return view

    return mark


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run `callback` once the current unit of work has committed; never if it is rolled back."""
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def commit(session: Session) -> None:
    """Commit the unit of work, then run what it registered to happen after the commit."""
    session.commit()
    callbacks = session.info.pop(_AFTER_COMMIT, [])
    session.info.pop(_WROTE, None)
    for callback in callbacks:
        callback()


def roll_back(session: Session) -> None:
    session.rollback()
    session.info.pop(_AFTER_COMMIT, None)
    session.info.pop(_WROTE, None)


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """A command's (or a job's) transaction: committed when the block ends, rolled back if it raises."""
    try:
        yield session
    except BaseException:
        roll_back(session)
        raise
    commit(session)


def has_written(session: Session) -> bool:
    return bool(session.info.get(_WROTE) or session.new or session.dirty or session.deleted)


def _remember_flush(session: Session, _flush_context) -> None:
    session.info[_WROTE] = True


def _remember_write_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def finish_request(session: Session) -> None:
    """The end of a view that returned: commit, except a safe request that wrote without a mark."""
    view = current_app.view_functions.get(request.endpoint)
    if request.method not in SAFE_METHODS or getattr(view, "records_page_view", None):
        commit(session)
        return
    if has_written(session):
        roll_back(session)
        message = (f"{request.method} {request.path} ({request.endpoint}) wrote to the database; "
                   "GET requests must not write (see elearn/core/transaction.py)")
        if current_app.debug or current_app.testing:
            raise WriteOnSafeRequest(message)
        current_app.logger.error(message)


class TransactionalFlask(Flask):
    """Flask whose requests end in `finish_request` when the view returns; an exception skips it,
    and the session is rolled back by the error handlers and removed at teardown."""

    def dispatch_request(self):
        response = super().dispatch_request()
        finish_request(db.session)
        return response


def track_writes() -> None:
    """Let `has_written` see statements already flushed or executed (bulk UPDATE/DELETE)."""
    if not event.contains(Session, "after_flush", _remember_flush):
        event.listen(Session, "after_flush", _remember_flush)
        event.listen(Session, "do_orm_execute", _remember_write_statement)
