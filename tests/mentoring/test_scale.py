"""The volume generator behind `flask demo --scale` and bench/mentor_pages.py: its data must obey the
app's own rules, or the benchmarks measure a site that cannot exist."""

import random
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from elearn.accounts.mentorships import MentorAssignment
from elearn.accounts.models import Role, User
from elearn.accounts.nip import nip_problem
from elearn.content.models import Course, Module
from elearn.devtools.volume.generator import generate_volume
from elearn.learning.models import Enrollment, ModuleCompletion
from elearn.mentoring.dashboard import DashboardFilter, mentor_dashboard
from elearn.mentoring.review import review_queue
from elearn.quizzes.models import Attempt, AttemptItem, Question, Quiz
from tests.plugins.factories import NOW, quiz_text

LEARNERS, FEWEST, MOST = 300, 10, 60
MODULES = {f"0{n}-bagian-{n}": f"## Bagian {n}\n\nIsi." for n in range(1, 4)}


@pytest.fixture
def volume(db, make_course, make_quiz):
    """Two synced courses, one with a pre-test and a drawn final quiz with an essay, one without quizzes."""
    make_quiz({"00-pre-test": quiz_text("pretest", attempts=1),
               "90-post-test": quiz_text("final", attempts=3, draw=5, shuffle_questions="yes")},
              slug="kursus-kuis", modules=MODULES)
    make_course("kursus-modul", modules={**MODULES, "04-penutup": "Isi."})
    counts = generate_volume(db, LEARNERS, random.Random(11), NOW, timezone="Asia/Jakarta", provider="BPSDM Provinsi Lampung",
                             fewest_mentees=FEWEST, most_mentees=MOST)
    db.commit()
    return counts


def test_learners_have_unique_valid_nips(db, volume):
    nips = db.scalars(select(User.nip)).all()
    assert len(nips) == volume["learners"] == LEARNERS
    assert len(set(nips)) == len(nips)
    assert [nip for nip in nips if nip_problem(nip, NOW.date()) is not None] == []


def test_every_mentor_has_mentees_within_bounds_and_one_has_the_most(db, volume):
    mentees = Counter(dict(db.execute(select(MentorAssignment.mentor_id, func.count(MentorAssignment.id))
                                      .where(MentorAssignment.ended_at.is_(None))
                                      .group_by(MentorAssignment.mentor_id)).all()))
    assert len(mentees) == volume["mentors"] > 1
    assert all(FEWEST <= count <= MOST for count in mentees.values())
    assert [mentor for mentor, count in mentees.items() if count == MOST] == [volume["busiest_mentor_id"]]
    busiest = db.get(User, volume["busiest_mentor_id"])
    assert busiest.email == volume["busiest_mentor_email"] and busiest.has_role(Role.MENTOR, Role.LEARNER)
    assert len(mentor_dashboard(db, busiest.id, NOW, 20, 14, DashboardFilter(), NOW.date())) == MOST
    assert review_queue(db, busiest.id)


def test_enrolment_completion_follows_modules_and_final_quiz(db, volume):
    modules = defaultdict(set)
    for course_id, module_id in db.execute(select(Module.course_id, Module.id).where(Module.retired_at.is_(None))):
        modules[course_id].add(module_id)
    done = defaultdict(set)
    for user_id, module_id in db.execute(select(ModuleCompletion.user_id, ModuleCompletion.module_id)):
        done[user_id].add(module_id)
    finals = dict(db.execute(select(Quiz.course_id, Quiz.id).where(Quiz.role == "final")).all())
    passed = set(db.execute(select(Attempt.user_id, Attempt.quiz_id).where(Attempt.passed.is_(True))).all())
    jp = dict(db.execute(select(Course.id, Course.jp)).all())
    enrolments = db.scalars(select(Enrollment)).all()
    assert len(enrolments) == volume["enrolments"] >= LEARNERS
    for enrolment in enrolments:
        all_done = modules[enrolment.course_id] <= done[enrolment.user_id]
        final = finals.get(enrolment.course_id)
        complete = all_done and (final is None or (enrolment.user_id, final) in passed)
        assert (enrolment.completed_at is not None) == complete
        assert enrolment.jp_awarded == (jp[enrolment.course_id] if complete else None)
        assert NOW - timedelta(days=90) <= enrolment.last_activity_at <= NOW
        assert enrolment.enrolled_at <= enrolment.last_activity_at
    assert 0 < volume["completed_enrolments"] < len(enrolments)


def test_attempt_scores_add_up_from_their_items(db, volume):
    items = defaultdict(list)
    for item in db.scalars(select(AttemptItem)):
        assert item.score is None or 0 <= item.score <= item.max_score
        items[item.attempt_id].append(item)
    quizzes = {quiz.id: quiz for quiz in db.scalars(select(Quiz))}
    questions = dict(db.execute(select(Question.quiz_id, func.count(Question.id)).group_by(Question.quiz_id)).all())
    attempts = db.scalars(select(Attempt)).all()
    assert len(attempts) == volume["attempts"] and sum(map(len, items.values())) == volume["attempt_items"]
    for attempt in attempts:
        given, quiz = items[attempt.id], quizzes[attempt.quiz_id]
        assert len(given) == min(quiz.draw_count or questions[quiz.id], questions[quiz.id])
        assert attempt.number <= quiz.max_attempts and attempt.pass_percent == quiz.pass_percent
        assert attempt.score == round(sum(item.score or 0 for item in given), 4)
        assert attempt.max_score == sum(item.max_score for item in given)
        assert 0 <= attempt.score <= attempt.max_score
        if attempt.status == "awaiting_review":
            assert any(item.score is None for item in given) and attempt.percent is None
        else:
            assert attempt.status == "graded" and all(item.score is not None for item in given)
            assert attempt.percent == round(100 * attempt.score / attempt.max_score, 2)
            assert attempt.passed == (attempt.percent >= attempt.pass_percent)
    statuses = Counter(attempt.status for attempt in attempts)
    assert statuses["awaiting_review"] == volume["awaiting_review"] > 0
    failed = Counter((a.user_id, a.quiz_id) for a in attempts if a.passed is False)
    assert max(failed.values()) >= 2  # some learners failed the final quiz twice
