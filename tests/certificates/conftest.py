"""Completing courses the way learners do, at a chosen moment."""

from datetime import UTC, datetime, timedelta

import pytest

from elearn.learning import services as learning
from tests.plugins.factories import SETTINGS

ENROLLED = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)
NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)


@pytest.fixture
def complete_course(db):
    """Enrol `learner` (a day before `at`, unless `enrolled_at` is given) and complete every module at `at`."""

    def complete(learner, course, at=NOW, enrolled_at=None):
        enrollment = learning.enrol(db, learner.id, course, enrolled_at or at - timedelta(days=1))
        for module in learning.active_modules(db, course):
            learning.complete_module(db, enrollment, module, at, settings=SETTINGS)
        db.commit()
        return enrollment

    return complete
