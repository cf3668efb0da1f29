"""Which learners and courses a report is about: one course, one OPD's learners, both, or everyone."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select

from elearn.accounts.models import User


@dataclass(frozen=True)
class Scope:
    course_id: int | None = None
    unit_id: int | None = None

    def on(self, learner_column, course_column) -> list[ColumnElement]:
        """Conditions restricting rows whose learner and course are in these columns. The OPD filter is
        a subquery, so the database reads only that OPD's learners' rows."""
        conditions = []
        if self.course_id is not None:
            conditions.append(course_column == self.course_id)
        if self.unit_id is not None:
            conditions.append(learner_column.in_(select(User.id).where(User.unit_id == self.unit_id)))
        return conditions
