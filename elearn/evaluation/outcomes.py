"""Level 4, results: an OPD's own monthly figures (complaints, resolution, public satisfaction), entered
by an admin from the OPD's records and compared before and after the OPD's training period."""

import math
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from elearn.accounts.models import User
from elearn.core.errors import FieldProblems
from elearn.evaluation.models import OutcomeFigure
from elearn.learning.models import Enrollment


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    maximum: float | None  # the minimum is always 0
    whole: bool  # counts are whole numbers
    higher_is_better: bool


METRICS = {metric.key: metric for metric in (
    Metric("complaints_received", _l("Complaints received"), None, True, False),
    Metric("complaints_on_time", _l("Complaints resolved on time (%)"), 100, False, True),
    Metric("satisfaction_index", _l("Public satisfaction index (IKM, 0–100)"), 100, False, True),
    Metric("days_to_resolve", _l("Average days to resolve a complaint"), None, False, False),
)}


def month_start(day: date) -> date:
    return day.replace(day=1)


def check_figure(metric: str | None, month: date | None, value: float | None, today: date) -> dict[str, str]:
    """Problems per form field; empty when the figure may be saved. A month or value that could not be
    read (None) is left to the form's own message."""
    problems = {}
    if metric not in METRICS:
        return {"metric": _l("Choose one of the listed figures.")}
    rule = METRICS[metric]
    if month is not None and month_start(month) > month_start(today):
        problems["month"] = _l("The month cannot be in the future.")
    if value is None or not math.isfinite(value):
        return problems
    if value < 0 or (rule.maximum is not None and value > rule.maximum):
        problems["value"] = (_l("Enter a number from 0 to %(maximum)s.", maximum=f"{rule.maximum:g}")
                             if rule.maximum is not None else _l("Enter a number of 0 or more."))
    elif rule.whole and value != int(value):
        problems["value"] = _l("Enter a whole number.")
    return problems


def save_figure(session: Session, unit_id: int, metric: str, month: date, value: float, entered_by_id: int,
                now: datetime, today: date) -> OutcomeFigure:
    """Record the OPD's figure for the month; entering the same month again replaces the value."""
    if problems := check_figure(metric, month, value, today):
        raise FieldProblems(problems)
    key = (OutcomeFigure.unit_id == unit_id, OutcomeFigure.metric == metric,
           OutcomeFigure.month == month_start(month))
    figure = session.scalar(select(OutcomeFigure).where(*key))
    if figure is None:
        try:
            with session.begin_nested():
                figure = OutcomeFigure(unit_id=unit_id, metric=metric, month=month_start(month), value=value,
                                       entered_by_id=entered_by_id, entered_at=now)
                session.add(figure)
            return figure
        except IntegrityError:  # entered at the same moment by another request: update theirs
            figure = session.scalar(select(OutcomeFigure).where(*key))
    figure.value, figure.entered_by_id, figure.entered_at = value, entered_by_id, now
    return figure


def figures_of(session: Session, unit_id: int, limit: int = 48) -> list[OutcomeFigure]:
    return list(session.scalars(
        select(OutcomeFigure).where(OutcomeFigure.unit_id == unit_id)
        .order_by(OutcomeFigure.month.desc(), OutcomeFigure.metric).limit(limit)))


def training_period(session: Session, unit_id: int) -> tuple[date, date] | None:
    """From the month of the OPD's learners' first course completion to the month of their last."""
    first, last = session.execute(
        select(func.min(Enrollment.completed_at), func.max(Enrollment.completed_at))
        .where(Enrollment.user_id.in_(select(User.id).where(User.unit_id == unit_id)))).one()
    return (month_start(first.date()), month_start(last.date())) if first else None


@dataclass(frozen=True)
class MetricComparison:
    metric: Metric
    before: float | None  # average of the months before the training period
    before_months: int
    after: float | None  # average of the months after it
    after_months: int

    @property
    def improved(self) -> bool | None:
        if self.before is None or self.after is None or self.before == self.after:
            return None
        return (self.after > self.before) == self.metric.higher_is_better


@dataclass(frozen=True)
class OutcomeComparison:
    period: tuple[date, date] | None
    metrics: list[MetricComparison]


def compare(session: Session, unit_id: int, period: tuple[date, date] | None) -> OutcomeComparison:
    """Each metric's monthly average before and after `period`, in one query; months inside it are left
    out. Without a period (nobody in the OPD has completed a course) there is nothing to compare."""
    if period is None:
        return OutcomeComparison(None, [])
    side = case((OutcomeFigure.month < period[0], "before"), (OutcomeFigure.month > period[1], "after"))
    rows = session.execute(
        select(OutcomeFigure.metric, side, func.avg(OutcomeFigure.value), func.count())
        .where(OutcomeFigure.unit_id == unit_id, side.is_not(None))
        .group_by(OutcomeFigure.metric, side))
    figures = {(metric, when): (round(float(average), 2), months) for metric, when, average, months in rows}
    metrics = []
    for key, metric in METRICS.items():
        before, before_months = figures.get((key, "before"), (None, 0))
        after, after_months = figures.get((key, "after"), (None, 0))
        metrics.append(MetricComparison(metric, before, before_months, after, after_months))
    return OutcomeComparison(period, metrics)
