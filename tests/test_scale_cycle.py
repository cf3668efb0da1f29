"""The competency cycle of the volume generator (`elearn.devtools.volume.cycle`): the reports
benchmark reads these rows, so they must obey the same rules as rows the app writes itself."""

import random
from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from elearn.accounts.mentorships import MentorAssignment
from elearn.accounts.models import Role, User
from elearn.certificates.models import Certificate, JpLedgerEntry
from elearn.certificates.services import ACTIVITY_ELEARNING, grouped_code, verify
from elearn.competencies.models import CompetencyAssessment
from elearn.content.models import Course
from elearn.devtools.volume.cycle import OUTCOME_MONTHS, OUTCOME_UNITS
from elearn.devtools.volume.generator import generate_volume
from elearn.dictionary.models import Competency, JobProfile, JobRequirement
from elearn.evaluation.models import OutcomeFigure, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from elearn.evaluation.outcomes import METRICS, check_figure
from elearn.learning.models import Enrollment
from tests.plugins.factories import NOW, quiz_text

LEARNERS, FEWEST, MOST = 300, 10, 60
TIMEZONE, PROVIDER = "Asia/Jakarta", "BKD Kabupaten Tanggamus"
MODULES = {f"0{n}-bagian-{n}": f"## Bagian {n}\n\nIsi." for n in range(1, 4)}
LIKERT = ["Sangat tidak setuju", "Tidak setuju", "Ragu-ragu", "Setuju", "Sangat setuju"]


def _dictionary(db) -> None:
    """Two competencies every generated position requires (through a profile matching every name),
    and a retired one nobody may be assessed on."""
    competencies = [Competency(slug=slug, group=group, name=slug.title(), description="Uraian.",
                               level_descriptions=[f"Level {n}" for n in range(1, 6)], position=n,
                               retired_at=NOW if slug == "usang" else None)
                    for n, (slug, group) in enumerate([("integritas", "manajerial"),
                                                       ("pelayanan-publik", "manajerial"),
                                                       ("usang", "teknis")])]
    profile = JobProfile(slug="semua-jabatan", name="Semua jabatan", match_patterns=["*"], position=0)
    db.add_all([*competencies, profile])
    db.flush()
    db.add_all(JobRequirement(profile_id=profile.id, competency_id=c.id, level=level)
               for c, level in zip(competencies, (3, 4, 2), strict=True))


def _surveys(db) -> None:
    """The three kinds, each with a Likert item, a choice, a comment and a retired question."""
    for kind in ("reaction", "behaviour_learner", "behaviour_mentor"):
        survey = Survey(slug=kind.replace("_", "-"), kind=kind, title=kind, intro_html="", source_digest="x")
        db.add(survey)
        db.flush()
        db.add_all([
            SurveyQuestion(survey_id=survey.id, key="useful", position=1, type="likert", prompt="Berguna?",
                           options=LIKERT, required=True),
            SurveyQuestion(survey_id=survey.id, key="how-often", position=2, type="choice", prompt="Seberapa sering?",
                           options=[[1, "Jarang"], [2, "Kadang"], [3, "Sering"]], required=True),
            SurveyQuestion(survey_id=survey.id, key="comment", position=3, type="text", prompt="Komentar",
                           options=[], required=False),
            SurveyQuestion(survey_id=survey.id, key="old", position=4, type="likert", prompt="Lama",
                           options=LIKERT, required=True, retired_at=NOW),
        ])


@pytest.fixture
def cycle(db, make_course, make_quiz, make_user):
    """Two courses (one with a short follow-up), the dictionary, the surveys, an admin, then 300 learners."""
    make_quiz({"90-post-test": quiz_text("final", attempts=3)}, slug="kursus-kuis", modules=MODULES)
    make_course("kursus-modul", modules=MODULES)
    db.execute(Course.__table__.update().where(Course.slug == "kursus-modul").values(follow_up_days=10))
    make_user(Role.ADMIN)
    _dictionary(db)
    _surveys(db)
    db.commit()
    counts = generate_volume(db, LEARNERS, random.Random(5), NOW, timezone=TIMEZONE, provider=PROVIDER,
                             fewest_mentees=FEWEST, most_mentees=MOST)
    db.commit()
    return counts


def test_learners_self_assess_required_live_competencies_within_levels_1_to_5(db, cycle):
    assessments = db.scalars(select(CompetencyAssessment)).all()
    assert len(assessments) == cycle["assessments"] > 0
    assert {a.level for a in assessments} <= set(range(1, 6)) and len({a.level for a in assessments}) >= 3
    live = set(db.scalars(select(Competency.id).where(Competency.retired_at.is_(None))))
    assert {a.competency_id for a in assessments} == live
    own = {a.learner_id for a in assessments if a.source == "self"}
    assert all(a.assessor_id == a.learner_id for a in assessments if a.source == "self")
    assert 0.55 * LEARNERS < len(own) < 0.85 * LEARNERS
    per_learner = Counter((a.learner_id, a.source) for a in assessments)
    assert set(per_learner.values()) == {len(live)}


def test_mentor_assessments_come_from_the_learners_mentor_after_their_own(db, cycle):
    mentor_of = dict(db.execute(select(MentorAssignment.mentee_id, MentorAssignment.mentor_id)).all())
    own = {(a.learner_id, a.competency_id): a for a in db.scalars(
        select(CompetencyAssessment).where(CompetencyAssessment.source == "self"))}
    by_mentor = db.scalars(select(CompetencyAssessment).where(CompetencyAssessment.source == "mentor")).all()
    assert by_mentor
    for assessment in by_mentor:
        assert assessment.assessor_id == mentor_of[assessment.learner_id]
        assert own[assessment.learner_id, assessment.competency_id].assessed_at < assessment.assessed_at <= NOW


def test_each_completed_enrolment_has_one_ledger_entry_and_one_certificate(db, cycle):
    zone = ZoneInfo(TIMEZONE)
    completed = {(e.user_id, e.course_id): e for e in db.scalars(
        select(Enrollment).where(Enrollment.completed_at.is_not(None)))}
    entries = db.scalars(select(JpLedgerEntry)).all()
    certificates = db.scalars(select(Certificate)).all()
    assert len(entries) == len(certificates) == len(completed) == cycle["certificates"] > 0
    for entry in entries:
        enrolment = completed[entry.user_id, entry.course_id]
        assert entry.jp == enrolment.jp_awarded
        assert entry.completed_on == enrolment.completed_at.astimezone(zone).date()
        assert entry.year == entry.completed_on.year and entry.started_on <= entry.completed_on
        assert (entry.provider, entry.activity_type) == (PROVIDER, ACTIVITY_ELEARNING)
    users = {user.id: user for user in db.scalars(select(User))}
    for certificate in certificates:
        assert (certificate.user_id, certificate.course_id) in completed
        assert certificate.learner_nip == users[certificate.user_id].nip and certificate.revoked_at is None
    assert len({certificate.code for certificate in certificates}) == len(certificates)
    printed = grouped_code(certificates[0].code)
    assert verify(db, printed.lower()).learner_name == certificates[0].learner_name  # the public page finds it


def _responses(db) -> list[tuple[SurveyResponse, str]]:
    return db.execute(select(SurveyResponse, Survey.kind).join(Survey, Survey.id == SurveyResponse.survey_id)).all()


def test_surveys_are_answered_only_for_completed_courses_and_follow_ups_only_once_due(db, cycle):
    completed = {(user_id, course_id): at for user_id, course_id, at in db.execute(
        select(Enrollment.user_id, Enrollment.course_id, Enrollment.completed_at)
        .where(Enrollment.completed_at.is_not(None)))}
    follow_up = dict(db.execute(select(Course.id, Course.follow_up_days)).all())
    mentor_of = dict(db.execute(select(MentorAssignment.mentee_id, MentorAssignment.mentor_id)).all())
    responses = _responses(db)
    kinds = Counter(kind for _, kind in responses)
    assert len(responses) == cycle["survey_responses"] and set(kinds) == {"reaction", "behaviour_learner",
                                                                          "behaviour_mentor"}
    for response, kind in responses:
        completed_at = completed[response.learner_id, response.course_id]
        assert completed_at <= response.submitted_at <= NOW
        expected = mentor_of[response.learner_id] if kind == "behaviour_mentor" else response.learner_id
        assert response.respondent_id == expected
        if kind != "reaction":
            assert response.submitted_at >= completed_at + timedelta(days=follow_up[response.course_id])
    assert kinds["reaction"] > kinds["behaviour_learner"] > kinds["behaviour_mentor"]


def test_every_response_answers_each_live_likert_and_choice_question(db, cycle):
    live = {question.id: question for question in db.scalars(
        select(SurveyQuestion).where(SurveyQuestion.retired_at.is_(None)))}
    answers = db.scalars(select(SurveyAnswer)).all()
    assert len(answers) == cycle["survey_answers"]
    given: dict[int, set[int]] = {}
    for answer in answers:
        question = live[answer.question_id]
        given.setdefault(answer.response_id, set()).add(answer.question_id)
        if question.type == "likert":
            assert answer.number in range(1, 6) and answer.text is None
        elif question.type == "choice":
            assert answer.number in {value for value, _ in question.options}
        else:
            assert answer.text and answer.number is None
    for response, _kind in _responses(db):
        required = {q.id for q in live.values() if q.survey_id == response.survey_id and q.type != "text"}
        assert required <= given[response.id]


def test_a_year_of_monthly_outcome_figures_for_forty_opds_that_the_entry_form_would_accept(db, cycle):
    figures = db.scalars(select(OutcomeFigure)).all()
    assert len(figures) == cycle["outcome_figures"] == OUTCOME_UNITS * OUTCOME_MONTHS * len(METRICS)
    months = sorted({figure.month for figure in figures})
    assert len(months) == OUTCOME_MONTHS and all(month.day == 1 for month in months)
    assert months[-1] < NOW.date().replace(day=1)
    assert [f for f in figures if check_figure(f.metric, f.month, f.value, NOW.date())] == []
    assert all(f.month < f.entered_at.date() and f.entered_at <= NOW for f in figures)


def test_without_dictionary_or_surveys_only_the_ledger_and_certificates_are_made(db, make_course):
    make_course("kursus-modul", modules=MODULES)
    counts = generate_volume(db, LEARNERS, random.Random(5), NOW, timezone=TIMEZONE, provider=PROVIDER,
                             fewest_mentees=FEWEST, most_mentees=MOST)
    assert counts["certificates"] == counts["completed_enrolments"] > 0
    assert counts["assessments"] == counts["survey_responses"] == counts["outcome_figures"] == 0
    assert db.scalar(select(func.count(CompetencyAssessment.id))) == 0


def test_generating_again_adds_a_second_cycle_without_touching_the_first(db, cycle):
    """`flask demo --scale` may run twice: new learners, figures for OPDs that had none."""
    before = db.scalar(select(func.count(OutcomeFigure.id)))
    again = generate_volume(db, LEARNERS, random.Random(6), NOW, timezone=TIMEZONE, provider=PROVIDER,
                            fewest_mentees=FEWEST, most_mentees=MOST)
    db.commit()
    assert again["certificates"] == again["completed_enrolments"] > 0 and again["assessments"] > 0
    assert db.scalar(select(func.count(OutcomeFigure.id))) == before + again["outcome_figures"]
    assert db.scalar(select(func.count(func.distinct(OutcomeFigure.unit_id)))) == 2 * OUTCOME_UNITS
