"""Level 4: an OPD's monthly figures are checked per metric, stored once per month, and compared around
the OPD's training period."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from elearn.core.errors import FieldProblems
from elearn.evaluation.models import OutcomeFigure
from elearn.evaluation.outcomes import check_figure, compare, save_figure, training_period
from tests.evaluation.evaluation_data import complete_course

TODAY = date(2026, 6, 20)
NOW = datetime(2026, 6, 20, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(("metric", "month", "value", "problems"), [
    ("complaints_received", date(2026, 5, 1), 12, {}),
    ("complaints_received", date(2026, 5, 1), -1, {"value": "Enter a number of 0 or more."}),
    ("complaints_received", date(2026, 5, 1), 2.5, {"value": "Enter a whole number."}),
    ("complaints_on_time", date(2026, 6, 1), 100, {}),  # the current month may be entered
    ("complaints_on_time", date(2026, 5, 1), 100.5, {"value": "Enter a number from 0 to 100."}),
    ("satisfaction_index", date(2026, 5, 1), 82.75, {}),
    ("satisfaction_index", date(2026, 7, 1), 80, {"month": "The month cannot be in the future."}),
    ("days_to_resolve", date(2026, 5, 1), 0, {}),
    ("days_to_resolve", date(2026, 5, 1), -0.5, {"value": "Enter a number of 0 or more."}),
    ("mood", date(2026, 5, 1), 1, {"metric": "Choose one of the listed figures."}),
])
def test_figures_are_checked_by_their_metric(metric, month, value, problems):
    assert {field: str(message) for field, message in check_figure(metric, month, value, TODAY).items()} == problems


def test_entering_a_month_again_replaces_its_value(db, make_user):
    admin = make_user()
    first = save_figure(db, admin.unit_id, "satisfaction_index", date(2026, 5, 17), 70, admin.id, NOW, TODAY)
    again = save_figure(db, admin.unit_id, "satisfaction_index", date(2026, 5, 1), 75.5, admin.id, NOW, TODAY)
    db.commit()
    assert again.id == first.id
    assert [(f.month, f.value) for f in db.scalars(select(OutcomeFigure))] == [(date(2026, 5, 1), 75.5)]


def test_a_refused_figure_saves_nothing(db, make_user):
    admin = make_user()
    with pytest.raises(FieldProblems) as refused:
        save_figure(db, admin.unit_id, "complaints_on_time", date(2026, 5, 1), 120, admin.id, NOW, TODAY)
    assert set(refused.value.problems) == {"value"}
    assert db.scalar(select(OutcomeFigure)) is None


def test_the_training_period_runs_from_the_first_to_the_last_completion(db, make_user, catalogue):
    early, late, elsewhere = make_user(), make_user(), make_user(unit="Dinas Kesehatan")
    assert training_period(db, early.unit_id) is None
    assert compare(db, early.unit_id, None).metrics == []
    complete_course(db, early.id, catalogue.etika, datetime(2026, 2, 10, tzinfo=UTC))
    complete_course(db, late.id, catalogue.layanan_dasar, datetime(2026, 4, 3, tzinfo=UTC))
    complete_course(db, elsewhere.id, catalogue.etika, datetime(2025, 1, 3, tzinfo=UTC))
    assert training_period(db, early.unit_id) == (date(2026, 2, 1), date(2026, 4, 1))


def test_fewer_days_to_resolve_is_an_improvement(db, make_user):
    admin = make_user()
    for month, days in ((date(2026, 1, 1), 10), (date(2026, 3, 1), 8), (date(2026, 5, 1), 6)):
        save_figure(db, admin.unit_id, "days_to_resolve", month, days, admin.id, NOW, TODAY)
    db.commit()
    comparison = compare(db, admin.unit_id, (date(2026, 2, 1), date(2026, 4, 1)))
    days = next(m for m in comparison.metrics if m.metric.key == "days_to_resolve")
    assert (days.before, days.after, days.improved) == (10.0, 6.0, True)
    received = next(m for m in comparison.metrics if m.metric.key == "complaints_received")
    assert (received.before, received.after, received.improved) == (None, None, None)
