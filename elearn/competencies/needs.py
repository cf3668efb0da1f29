"""The agency's training-needs report: competency gaps aggregated by OPD, regency or competency, the
basis for planning next year's programme. Computed by the database in one GROUP BY statement."""

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from elearn.accounts.models import Regency, Unit, User
from elearn.competencies.services import current_levels
from elearn.dictionary.models import Competency, JobProfile, JobRequirement

GROUP_BYS = ("unit", "regency", "competency")


@dataclass(frozen=True)
class NeedsRow:
    """One OPD, regency or competency. Figures count (learner, competency) pairs where the learner's
    position requires the competency and a current level is known; learners without a job profile
    have no required level, hence no gap, and are left out."""

    label: str
    learners_assessed: int
    learners_with_gap: int
    average_current: float
    average_required: float
    average_gap: float  # gaps below zero (above the requirement) count as zero
    top_competency: str | None = None  # the largest average gap, for OPD and regency rows
    top_competency_gap: float | None = None
    key: int = 0  # the id of the unit, regency or competency

    @property
    def share_with_gap(self) -> float:
        return self.learners_with_gap / self.learners_assessed if self.learners_assessed else 0.0


def needs_report(session: Session, group_by: str, competency_group: str | None = None,
                 competency_id: int | None = None) -> list[NeedsRow]:
    """Rows ordered by the largest average gap first (where training is most needed), then by name.
    Learners are counted in a first aggregate per learner and group, sums in the second: no COUNT
    DISTINCT, whose sorts spill to disk at 20,000 learners."""
    if group_by not in GROUP_BYS:
        raise ValueError(f"unknown grouping {group_by!r}")
    pairs = _assessed_pairs(competency_group, competency_id)
    key = pairs.c[f"{group_by}_id"]
    per_learner = (select(key.label("key"), func.count().label("pairs"),
                          func.sum(pairs.c.current).label("current"),
                          func.sum(pairs.c.required).label("required"), func.sum(pairs.c.gap).label("gap"),
                          func.max(case((pairs.c.gap > 0, 1), else_=0)).label("has_gap"))
                   .group_by(key, pairs.c.learner_id).subquery())
    totals = (select(per_learner.c.key, func.count().label("learners"), func.sum(per_learner.c.has_gap),
                     func.sum(per_learner.c.pairs), func.sum(per_learner.c.current),
                     func.sum(per_learner.c.required), func.sum(per_learner.c.gap))
              .group_by(per_learner.c.key).subquery())
    label_table = {"unit": Unit, "regency": Regency, "competency": Competency}[group_by]
    query = select(label_table.name, totals).join(totals, totals.c.key == label_table.id)
    if group_by != "competency":
        top = _top_competency(pairs, key)
        query = (query.add_columns(top.c.name, top.c.average_gap)
                 .outerjoin(top, and_(top.c.key == totals.c.key, top.c.rank == 1)))
    rows = [_needs_row(*row) for row in session.execute(query)]
    return sorted(rows, key=lambda row: (-row.average_gap, row.label))


def competency_choices(session: Session) -> list[tuple[int, str]]:
    """Live competencies in dictionary order, for the report's filter."""
    return [tuple(row) for row in session.execute(select(Competency.id, Competency.name).where(
        Competency.retired_at.is_(None)).order_by(Competency.position))]


def _assessed_pairs(competency_group: str | None, competency_id: int | None):
    """Each active learner's current level (mentor's, else own) against their live profile's
    requirement, for live competencies; the filters apply here, before anything is aggregated."""
    current = current_levels(competency_id=competency_id)
    gap = case((JobRequirement.level > current.c.current, JobRequirement.level - current.c.current), else_=0)
    query = (select(current.c.learner_id, current.c.competency_id, current.c.current,
                    JobRequirement.level.label("required"), gap.label("gap"), User.unit_id, User.regency_id)
             .join(User, User.id == current.c.learner_id)
             .join(JobProfile, JobProfile.id == User.job_profile_id)
             .join(JobRequirement, and_(JobRequirement.profile_id == JobProfile.id,
                                        JobRequirement.competency_id == current.c.competency_id))
             .join(Competency, Competency.id == current.c.competency_id)
             .where(User.active.is_(True), JobProfile.retired_at.is_(None), Competency.retired_at.is_(None)))
    if competency_group is not None:
        query = query.where(Competency.group == competency_group)
    return query.cte("assessed_pairs")


def _top_competency(pairs, key):
    """Per group, the competencies ranked by average gap (dictionary order breaks ties); only gaps
    above zero are ranked, so a group where everyone meets the requirement names none."""
    average_gap = func.avg(pairs.c.gap)
    return (select(key.label("key"), Competency.name, average_gap.label("average_gap"),
                   func.row_number().over(partition_by=key,
                                          order_by=(average_gap.desc(), Competency.position)).label("rank"))
            .join(Competency, Competency.id == pairs.c.competency_id)
            .group_by(key, Competency.id, Competency.name, Competency.position)
            .having(average_gap > 0).subquery())


def _needs_row(label, key, learners, with_gap, pairs, current, required, gap, *top) -> NeedsRow:
    top_name, top_gap = top or (None, None)
    return NeedsRow(label, learners, int(with_gap), _figure(current / pairs), _figure(required / pairs),
                    _figure(gap / pairs), top_name, None if top_gap is None else _figure(top_gap), key)


def _figure(value) -> float:
    """PostgreSQL averages are Decimals, SQLite's floats: one type, rounded for reading."""
    return round(float(value), 2)
