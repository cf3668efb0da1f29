"""A small, exactly known evaluation data set: tagged courses, pre- and post-tests taken through the real
quiz services, and survey responses written as rows (the survey files are another part's concern)."""

import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from elearn.content.models import Course
from elearn.contentsync.services import sync_content
from elearn.dictionary.models import Competency, CourseCompetency
from elearn.evaluation.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from elearn.learning.models import Enrollment
from elearn.quizzes import services as quizzes
from elearn.quizzes.models import Quiz
from tests.plugins.factories import SETTINGS, write_course

NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)
# Post-test questions: two on public service (topic "maklumat"), two on communication ("pengaduan").
QUESTIONS = {"p1": ("maklumat", "pelayanan-publik"), "p2": ("maklumat", "pelayanan-publik"),
             "k1": ("pengaduan", "komunikasi"), "k2": ("pengaduan", "komunikasi")}
COMPETENCY_NAMES = {"pelayanan-publik": "Pelayanan Publik", "komunikasi": "Komunikasi",
                    "integritas": "Integritas"}


def quiz_file(role: str) -> str:
    blocks = "\n".join(
        f"## {key} truefalse\ntopic: {topic}\ncompetencies: {slug}\nanswer: true\n\nPernyataan {key}.\n"
        for key, (topic, slug) in QUESTIONS.items())
    return f"---\ntitle: Kuis {role}\nrole: {role}\npass_percent: 50\n---\nKerjakan.\n\n{blocks}"


@dataclass
class Catalogue:
    """The courses: `etika` is tested; the two `layanan-*` courses also develop public service."""

    etika: Course
    layanan_dasar: Course
    layanan_lanjut: Course
    pretest: Quiz
    post_test: Quiz
    competencies: dict[str, Competency]


@pytest.fixture
def catalogue(db, content_root) -> Catalogue:
    folder = write_course(content_root, "etika")
    for name, role in (("10-kuis-awal", "pretest"), ("90-kuis-akhir", "final")):
        (folder / f"{name}.quiz").write_text(textwrap.dedent(quiz_file(role)))
    write_course(content_root, "layanan-dasar", level="1")
    write_course(content_root, "layanan-lanjut", level="3")
    report = sync_content(db, content_root)
    assert report.problems == [], [str(p) for p in report.problems]
    competencies = {slug: Competency(slug=slug, group="manajerial", name=name, description="",
                                     level_descriptions=["1", "2", "3", "4", "5"], position=position)
                    for position, (slug, name) in enumerate(COMPETENCY_NAMES.items())}
    db.add_all(competencies.values())
    db.flush()
    courses = {c.slug: c for c in db.scalars(select(Course))}
    tags = [("etika", "pelayanan-publik"), ("etika", "komunikasi"), ("layanan-dasar", "pelayanan-publik"),
            ("layanan-lanjut", "pelayanan-publik")]
    db.add_all(CourseCompetency(course_id=courses[course].id, competency_id=competencies[slug].id)
               for course, slug in tags)
    db.commit()
    quizzes_by_slug = {q.slug: q for q in db.scalars(select(Quiz))}
    return Catalogue(courses["etika"], courses["layanan-dasar"], courses["layanan-lanjut"],
                     quizzes_by_slug["kuis-awal"], quizzes_by_slug["kuis-akhir"], competencies)


def take_quiz(db, learner_id: int, quiz: Quiz, wrong: set[str], now: datetime = NOW):
    """Answer every question, wrongly for the keys in `wrong`, and submit through the quiz services."""
    attempt = quizzes.start_attempt(db, learner_id, quiz, now, settings=SETTINGS)
    answers = {item.id: ["false" if question.key in wrong else "true"]
               for item, question in quizzes.items_with_questions(db, attempt)}
    quizzes.save_answers(db, attempt, answers, now, settings=SETTINGS)
    quizzes.submit_attempt(db, attempt, now + timedelta(minutes=5), settings=SETTINGS)
    db.commit()
    return attempt


def complete_course(db, learner_id: int, course: Course, when: datetime = NOW) -> None:
    db.add(Enrollment(user_id=learner_id, course_id=course.id, enrolled_at=when - timedelta(days=7),
                      last_activity_at=when, completed_at=when, jp_awarded=course.jp))
    db.commit()


@dataclass
class SurveySet:
    """Reaction and behaviour surveys, each with Likert items, and the choice and text questions the
    reports read: how often the learning is applied and what blocks it."""

    reaction: Survey
    behaviour_learner: Survey
    behaviour_mentor: Survey
    questions: dict[tuple[str, str], SurveyQuestion]


FREQUENCY_OPTIONS = [[1, "Tidak pernah"], [2, "Bulanan"], [3, "Mingguan"], [4, "Harian"]]
BLOCKER_OPTIONS = [[1, "Tidak ada waktu"], [2, "Tidak ada dukungan atasan"], [3, "Tidak ada sarana"],
                   [4, "Tidak relevan"], [5, "Lainnya"]]
LIKERT = ["Sangat tidak setuju", "Tidak setuju", "Ragu-ragu", "Setuju", "Sangat setuju"]


@pytest.fixture
def surveys(db) -> SurveySet:
    layout = {
        "reaction": [("relevan", "likert", LIKERT), ("jelas", "likert", LIKERT), ("komentar", "text", [])],
        "behaviour_learner": [("menerapkan", "likert", LIKERT), ("frekuensi", "choice", FREQUENCY_OPTIONS),
                              ("hambatan", "choice", BLOCKER_OPTIONS), ("contoh", "text", [])],
        "behaviour_mentor": [("teramati", "likert", LIKERT), ("frekuensi", "choice", FREQUENCY_OPTIONS),
                             ("hambatan", "choice", BLOCKER_OPTIONS)],
    }
    made, questions = {}, {}
    for kind, rows in layout.items():
        survey = Survey(slug=kind.replace("_", "-"), kind=kind, title=kind, intro_html="", source_digest="x")
        db.add(survey)
        db.flush()
        made[kind] = survey
        for position, (key, kind_of_question, options) in enumerate(rows, start=1):
            question = SurveyQuestion(survey_id=survey.id, key=key, position=position, type=kind_of_question,
                                      prompt=f"Pertanyaan {key}", options=options, required=False)
            db.add(question)
            questions[(kind, key)] = question
    db.flush()
    db.commit()
    return SurveySet(made["reaction"], made["behaviour_learner"], made["behaviour_mentor"], questions)


def answer_survey(db, surveys: SurveySet, kind: str, respondent_id: int, learner_id: int, course: Course,
                  answers: dict, when: datetime = NOW) -> None:
    """One response: `answers` maps question keys to a number (Likert, choice) or a text."""
    response = SurveyResponse(survey_id=getattr(surveys, kind).id, respondent_id=respondent_id,
                              learner_id=learner_id, course_id=course.id, submitted_at=when)
    db.add(response)
    db.flush()
    for key, value in answers.items():
        text = value if isinstance(value, str) else None
        db.add(SurveyAnswer(response_id=response.id, question_id=surveys.questions[(kind, key)].id,
                            number=None if text is not None else value, text=text))
    db.commit()
