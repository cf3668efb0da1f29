"""Relevant competencies and saving assessments: idempotent, all or nothing."""

import pytest
from sqlalchemy import func, select

from elearn.competencies import services
from elearn.competencies.models import CompetencyAssessment
from elearn.competencies.services import (
    FORM_PROBLEM,
    AssessmentError,
    TypedLevel,
    relevant_competencies,
    save_assessments,
)
from tests.competencies.conftest import NOW


def saved_levels(db, learner, source="self"):
    return {row.competency_id: (row.level, row.note) for row in db.scalars(select(CompetencyAssessment).where(
        CompetencyAssessment.learner_id == learner.id, CompetencyAssessment.source == source))}


def test_a_position_with_a_profile_gets_its_required_competencies_and_levels(
        db, make_user, make_competency, make_profile):
    learner = make_user()
    technical, integrity = make_competency("Pengadaan", group="teknis"), make_competency("Integritas")
    make_competency("Komunikasi")  # not required by the profile
    make_profile({integrity: 3, technical: 4}, learner)

    relevant = relevant_competencies(db, learner.job_profile_id)

    assert [(item.competency.name, item.required) for item in relevant] == [("Pengadaan", 4), ("Integritas", 3)]


@pytest.mark.parametrize("profile", ["none", "retired"])
def test_without_a_live_profile_every_managerial_and_socio_cultural_competency_applies_unrequired(
        db, make_user, make_competency, make_profile, profile):
    learner = make_user()
    integrity, nation = make_competency("Integritas"), make_competency("Perekat bangsa", group="sosial-kultural")
    technical = make_competency("Pengadaan", group="teknis")
    make_competency("Lama", retired=True)
    if profile == "retired":
        make_profile({technical: 3}, learner, retired=True)

    relevant = relevant_competencies(db, learner.job_profile_id)

    assert [(item.competency.id, item.required) for item in relevant] == [(integrity.id, None), (nation.id, None)]


def test_saving_again_updates_the_assessment_and_never_duplicates_it(db, make_user, make_competency):
    learner = make_user()
    integrity, communication = make_competency("Integritas"), make_competency("Komunikasi")
    relevant = {integrity.id, communication.id}

    save_assessments(db, learner.id, learner.id, "self", relevant, {str(integrity.id): TypedLevel("2")}, NOW)
    db.commit()
    saved = save_assessments(db, learner.id, learner.id, "self", relevant, {
        str(integrity.id): TypedLevel("3", "  Sudah ikut pelatihan.  "), str(communication.id): TypedLevel("", "")
    }, NOW)
    db.commit()

    assert saved == 1
    assert saved_levels(db, learner) == {integrity.id: (3, "Sudah ikut pelatihan.")}
    assert db.scalar(select(func.count(CompetencyAssessment.id))) == 1


def test_a_save_racing_another_for_the_same_competency_updates_the_row_the_other_inserted(
        db, make_user, make_competency, monkeypatch):
    learner = make_user()
    integrity = make_competency("Integritas")
    save_assessments(db, learner.id, learner.id, "self", {integrity.id}, {str(integrity.id): TypedLevel("2")}, NOW)
    db.commit()
    real_lookup = services._assessments
    lookups = iter([{}])  # the first lookup misses the row, as if the other request had not committed yet
    monkeypatch.setattr(services, "_assessments", lambda *args: next(lookups, None) or real_lookup(*args))

    save_assessments(db, learner.id, learner.id, "self", {integrity.id}, {str(integrity.id): TypedLevel("4")}, NOW)
    db.commit()

    assert saved_levels(db, learner) == {integrity.id: (4, None)}


def test_the_mentor_assessment_is_kept_apart_from_the_self_assessment(db, make_user, make_competency):
    learner, mentor = make_user(), make_user()
    integrity = make_competency("Integritas")
    save_assessments(db, learner.id, learner.id, "self", {integrity.id}, {str(integrity.id): TypedLevel("4")}, NOW)
    save_assessments(db, learner.id, mentor.id, "mentor", {integrity.id},
                     {str(integrity.id): TypedLevel("2", "Perlu pendampingan.")}, NOW)
    db.commit()

    assert saved_levels(db, learner, "self") == {integrity.id: (4, None)}
    assert saved_levels(db, learner, "mentor") == {integrity.id: (2, "Perlu pendampingan.")}
    assert db.scalar(select(CompetencyAssessment.assessor_id).where(
        CompetencyAssessment.source == "mentor")) == mentor.id


@pytest.mark.parametrize("level", ["0", "6", "-1", "3.5", "tiga", "2,4", " "])
def test_a_level_outside_one_to_five_refuses_the_whole_form(db, make_user, make_competency, level):
    learner = make_user()
    integrity, communication = make_competency("Integritas"), make_competency("Komunikasi")
    typed = {str(integrity.id): TypedLevel("3"), str(communication.id): TypedLevel(level, "catatan")}

    with pytest.raises(AssessmentError) as refused:
        save_assessments(db, learner.id, learner.id, "self", {integrity.id, communication.id}, typed, NOW)

    assert set(refused.value.problems) == {str(communication.id)}
    db.rollback()
    assert saved_levels(db, learner) == {}


def test_unknown_retired_or_irrelevant_competencies_refuse_the_whole_form(db, make_user, make_competency):
    learner = make_user()
    integrity, retired = make_competency("Integritas"), make_competency("Lama", retired=True)
    for forged in (str(retired.id), "999999", "abc", "-1", "", "²", "١"):
        with pytest.raises(AssessmentError) as refused:
            save_assessments(db, learner.id, learner.id, "self", {integrity.id},
                             {str(integrity.id): TypedLevel("3"), forged: TypedLevel("2")}, NOW)
        assert set(refused.value.problems) == {FORM_PROBLEM}
    assert saved_levels(db, learner) == {}


def test_a_note_needs_a_level_and_a_form_needs_at_least_one_level(db, make_user, make_competency):
    learner = make_user()
    integrity = make_competency("Integritas")
    key = str(integrity.id)
    for typed, problem_key in (({key: TypedLevel("", "hanya catatan")}, key),
                               ({key: TypedLevel("3", "x" * 1001)}, key),
                               ({key: TypedLevel("", "")}, FORM_PROBLEM),
                               ({}, FORM_PROBLEM)):
        with pytest.raises(AssessmentError) as refused:
            save_assessments(db, learner.id, learner.id, "self", {integrity.id}, typed, NOW)
        assert set(refused.value.problems) == {problem_key}
    assert saved_levels(db, learner) == {}
