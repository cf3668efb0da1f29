"""Evaluation reports: exact figures of every level on a small data set, the flagged-topics rule, and
statement counts that do not grow with the number of learners."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from elearn.accounts.models import Role, Unit
from elearn.evaluation import reports
from elearn.evaluation.flags import Evidence
from elearn.evaluation.outcomes import save_figure
from elearn.evaluation.surveys import load_surveys
from elearn.quizzes.results import Gain, course_gain
from tests.conftest import counted_statements
from tests.evaluation.evaluation_data import NOW, answer_survey, complete_course, take_quiz
from tests.plugins.factories import SETTINGS

LATER = NOW + timedelta(days=40)


@pytest.fixture
def cohort(db, make_user, catalogue, surveys):
    """Four learners of `etika`: Ani and Budi in Dinas Kominfo, Cici and Dedi in Dinas Kesehatan; the
    comments say what each scored, and the tests below derive every figure from them."""
    ani, budi = make_user(full_name="Ani"), make_user(full_name="Budi")
    cici, dedi = make_user(full_name="Cici", unit="Dinas Kesehatan"), make_user(unit="Dinas Kesehatan")
    mentor = make_user(Role.MENTOR)
    post, pre = catalogue.post_test, catalogue.pretest
    take_quiz(db, ani.id, pre, wrong={"p1", "p2", "k1", "k2"})  # first pre-test 0 %
    take_quiz(db, ani.id, pre, wrong=set(), now=NOW + timedelta(days=1))  # a later one does not count
    take_quiz(db, ani.id, post, wrong={"p1"}, now=NOW + timedelta(days=2))  # 75 %, passed
    take_quiz(db, budi.id, pre, wrong={"p1", "p2"})  # 50 %
    take_quiz(db, budi.id, post, wrong={"p1", "p2", "k1"}, now=NOW + timedelta(days=2))  # 25 %
    take_quiz(db, budi.id, post, wrong=set(), now=NOW + timedelta(days=3))  # best 100 %, passed
    take_quiz(db, cici.id, pre, wrong={"k1"})  # 75 %
    take_quiz(db, cici.id, post, wrong={"p1", "p2", "k1"}, now=NOW + timedelta(days=2))  # 25 %, failed
    take_quiz(db, dedi.id, post, wrong={"p1", "p2"}, now=NOW + timedelta(days=2))  # no pre-test
    for learner in (ani, budi, cici):
        complete_course(db, learner.id, catalogue.etika)
    etika = catalogue.etika
    answer_survey(db, surveys, "reaction", ani.id, ani.id, etika, {"relevan": 4, "jelas": 5,
                  "komentar": "Materinya jelas."}, NOW + timedelta(days=4))
    answer_survey(db, surveys, "reaction", budi.id, budi.id, etika, {"relevan": 2, "jelas": 4,
                  "komentar": "Perlu <b>contoh</b> lebih banyak."}, NOW + timedelta(days=5))
    answer_survey(db, surveys, "reaction", cici.id, cici.id, etika, {"relevan": 3, "jelas": 3, "komentar": ""})
    for learner, applied, often, blocker in ((ani, 4, 3, 2), (budi, 2, 2, 2), (cici, 1, 4, 1)):
        answer_survey(db, surveys, "behaviour_learner", learner.id, learner.id, etika,
                      {"menerapkan": applied, "frekuensi": often, "hambatan": blocker}, LATER)
    for learner, observed, often, blocker in ((ani, 2, 1, 3), (budi, 1, 3, 3)):
        answer_survey(db, surveys, "behaviour_mentor", mentor.id, learner.id, etika,
                      {"teramati": observed, "frekuensi": often, "hambatan": blocker}, LATER)
    return {"ani": ani, "budi": budi, "cici": cici, "dedi": dedi, "kominfo": ani.unit_id,
            "kesehatan": cici.unit_id}


def test_course_report_gives_every_level_exactly(db, catalogue, cohort):
    report = reports.course_report(db, catalogue.etika.id, settings=SETTINGS)
    reaction = report.levels.reaction
    assert reaction.responses == 3
    assert [(i.prompt, i.average, i.answers) for i in reaction.items] == [
        ("Pertanyaan relevan", 3.0, 3), ("Pertanyaan jelas", 4.0, 3)]
    assert reaction.average == 3.5 and reaction.comment_count == 2
    assert [c.text for c in reaction.comments] == ["Perlu <b>contoh</b> lebih banyak.", "Materinya jelas."]
    learning = report.levels.learning
    assert (learning.learners, learning.pre_percent, learning.post_percent) == (3, 41.7, 66.7)
    assert (learning.gain_points, learning.pass_rate) == (25.0, 66.7)
    learners, mentors = report.levels.behaviour_learner, report.levels.behaviour_mentor
    assert (learners.responses, learners.average, learners.weekly_share) == (3, 2.33, 66.7)
    assert learners.blockers == [("Tidak ada dukungan atasan", 2), ("Tidak ada waktu", 1)]
    assert (mentors.responses, mentors.average, mentors.weekly_share) == (2, 1.5, 50.0)
    assert mentors.blockers == [("Tidak ada sarana", 2)]
    assert (report.levels.enrolled, report.levels.completions) == (3, 3)


def test_course_report_for_one_opd_counts_only_its_learners(db, catalogue, cohort):
    report = reports.course_report(db, catalogue.etika.id, cohort["kominfo"], settings=SETTINGS)
    assert report.unit.name == "Dinas Kominfo"
    assert [(i.average, i.answers) for i in report.levels.reaction.items] == [(3.0, 2), (4.5, 2)]
    learning = report.levels.learning
    assert (learning.learners, learning.pre_percent, learning.post_percent, learning.gain_points,
            learning.pass_rate) == (2, 25.0, 87.5, 62.5, 100.0)
    assert report.levels.completions == 2
    assert reports.course_report(db, catalogue.etika.id, 999999, settings=SETTINGS) is None
    assert reports.course_report(db, 999999, settings=SETTINGS) is None


def test_the_gain_of_one_learner_is_first_pretest_against_best_post_test(db, catalogue, cohort):
    assert course_gain(db, cohort["budi"].id, catalogue.etika.id) == Gain(50.0, 100.0)
    assert course_gain(db, cohort["ani"].id, catalogue.etika.id).points == 75.0
    assert course_gain(db, cohort["dedi"].id, catalogue.etika.id) == Gain(None, 50.0)


def test_topics_below_the_threshold_are_flagged_with_courses_to_follow(db, catalogue, cohort):
    flags = reports.flagged_topics(db, course_id=catalogue.etika.id, settings=SETTINGS)
    summary = [(f.kind, f.key, f.name, f.evidence, f.courses) for f in flags]
    follow_up = [("layanan-dasar", "Kursus layanan-dasar"), ("layanan-lanjut", "Kursus layanan-lanjut")]
    behaviour = Evidence("behaviour", 2.0, 5, "Kursus etika")  # (4 + 2 + 1 + 2 + 1) / 5 answers
    assert summary == [
        ("competency", "komunikasi", "Komunikasi", [behaviour], []),  # post-tests 80 %: not flagged by them
        ("competency", "pelayanan-publik", "Pelayanan Publik", [Evidence("quiz", 30.0, 10), behaviour],
         follow_up),
        ("topic", "maklumat", "maklumat", [Evidence("quiz", 30.0, 10)], follow_up),
    ]


def test_too_few_answers_flag_nothing(db, catalogue, cohort):
    # Dinas Kesehatan: 0 % and 50 % on public service, but over 4 answers only; 3 behaviour answers.
    assert reports.flagged_topics(db, unit_id=cohort["kesehatan"], settings=SETTINGS) == []


def test_unit_report_brings_the_opd_levels_and_results_before_and_after_training(db, catalogue, cohort):
    admin_id = cohort["ani"].id
    for month, value in ((date(2026, 4, 1), 60), (date(2026, 5, 1), 70), (date(2026, 6, 1), 75),
                         (date(2026, 7, 1), 80), (date(2026, 8, 1), 90)):
        save_figure(db, cohort["kominfo"], "complaints_on_time", month, value, admin_id, NOW, date(2026, 9, 1))
    db.commit()
    report = reports.unit_report(db, cohort["kominfo"], settings=SETTINGS)
    assert report.unit.name == "Dinas Kominfo"
    assert (report.levels.learning.learners, report.levels.learning.gain_points) == (2, 62.5)
    assert [(f.key, f.evidence) for f in report.flags] == [
        ("pelayanan-publik", [Evidence("quiz", 50.0, 6)]), ("maklumat", [Evidence("quiz", 50.0, 6)])]
    assert report.outcomes.period == (date(2026, 6, 1), date(2026, 6, 1))  # the month of completions
    on_time = next(m for m in report.outcomes.metrics if m.metric.key == "complaints_on_time")
    assert (on_time.before, on_time.before_months, on_time.after, on_time.after_months) == (65.0, 2, 85.0, 2)
    assert on_time.improved is True
    assert reports.unit_report(db, 999999, settings=SETTINGS) is None


def test_overview_lists_each_course_with_its_headline_figures(db, catalogue, cohort):
    rows = [(r.course.slug, r.completions, r.reaction_average, r.gain_points, r.behaviour_average, r.flags)
            for r in reports.evaluation_overview(db, settings=SETTINGS)]
    assert rows == [("etika", 3, 3.5, 25.0, 2.0, 3), ("layanan-dasar", 0, None, None, None, 0),
                    ("layanan-lanjut", 0, None, None, None, 0)]


def _many_learners(db, make_user, catalogue, surveys, count: int, start: int) -> None:
    for n in range(start, start + count):
        learner = make_user(unit="Dinas Kominfo" if n % 2 else "Dinas Kesehatan")
        take_quiz(db, learner.id, catalogue.pretest, wrong={"p1", "k1"})
        take_quiz(db, learner.id, catalogue.post_test, wrong={"p1"} if n % 3 else {"p1", "p2"})
        complete_course(db, learner.id, catalogue.etika)
        answer_survey(db, surveys, "reaction", learner.id, learner.id, catalogue.etika,
                      {"relevan": 1 + n % 5, "komentar": f"Komentar {n}"})
        answer_survey(db, surveys, "behaviour_learner", learner.id, learner.id, catalogue.etika,
                      {"menerapkan": 1 + n % 3, "frekuensi": 1 + n % 4, "hambatan": 1 + n % 5}, LATER)


def _statements(db, catalogue, unit_id) -> list[int]:
    counts = []
    for produce in (lambda: reports.course_report(db, catalogue.etika.id, settings=SETTINGS),
                    lambda: reports.course_report(db, catalogue.etika.id, unit_id, settings=SETTINGS),
                    lambda: reports.unit_report(db, unit_id, settings=SETTINGS), lambda: reports.evaluation_overview(db, settings=SETTINGS)):
        db.expire_all()
        with counted_statements() as statements:
            produce()
        counts.append(len(statements))
    return counts


def test_reports_run_as_many_statements_for_5_learners_as_for_50(db, make_user, catalogue, surveys):
    _many_learners(db, make_user, catalogue, surveys, 5, 0)
    unit_id = db.scalar(select(Unit.id).where(Unit.name == "Dinas Kominfo"))
    few = _statements(db, catalogue, unit_id)
    _many_learners(db, make_user, catalogue, surveys, 45, 5)
    assert _statements(db, catalogue, unit_id) == few
    assert max(few) <= 20


def test_the_real_behaviour_surveys_ask_what_the_reports_read():
    """Level 3 reads the frequency question (3 weekly, 4 daily) and the blocker question by their keys."""
    folder = load_surveys(Path(__file__).parents[2] / "content", [])
    behaviour = [s for s in folder.sources if s.kind in ("behaviour_learner", "behaviour_mentor")]
    assert len(behaviour) == 2
    for survey in behaviour:
        questions = {q.key: q for q in survey.questions}
        assert questions[reports.FREQUENCY_KEY].type == questions[reports.BLOCKER_KEY].type == "choice"
        frequency = dict(questions[reports.FREQUENCY_KEY].options)
        assert (frequency[reports.WEEKLY], frequency[reports.WEEKLY + 1]) == ("Setiap minggu", "Setiap hari")
        assert max(frequency) == reports.WEEKLY + 1
