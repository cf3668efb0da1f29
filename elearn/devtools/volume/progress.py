"""The learning history half of `generator`: enrolments, module completions and submitted quiz
attempts on the imported courses, consistent with the app's own rules (completion needs every module
and a passed final quiz; scores come from the real question types), inserted in bulk."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import insert, select

from elearn.content.models import Course, Module
from elearn.learning.models import Enrollment, ModuleCompletion
from elearn.quizzes.models import Attempt, AttemptItem, Question, Quiz
from elearn.quizzes.question_types import QUESTION_TYPES
from elearn.quizzes.services import _option_order

BATCH = 5000  # rows per insert call; SQLAlchemy sends them as multi-row VALUES statements
ACTIVITY_WINDOW = timedelta(days=90)
COMPLETE_SHARE, PRETEST_SHARE, AWAITING_SHARE, GIVE_UP_SHARE = 0.45, 0.8, 0.03, 0.25


class LearnerHistory(NamedTuple):
    user_id: int
    skill: float  # chance of answering a question right
    last_seen: datetime  # the learner's latest activity, in their most recent course
    mentor_id: int | None  # who graded their essays


@dataclass(frozen=True)
class QuizPlan:
    quiz: Quiz
    questions: list[Question]
    manual: list[Question]  # essays: graded by a mentor, or awaiting one


@dataclass(frozen=True)
class CoursePlan:
    id: int
    jp: int
    module_ids: list[int]
    pretest: QuizPlan | None
    final: QuizPlan | None


@dataclass
class ProgressRows:
    enrolments: list[dict] = field(default_factory=list)
    completions: list[dict] = field(default_factory=list)
    attempts: list[tuple[dict, list[dict]]] = field(default_factory=list)  # (attempt, its items)


def insert_rows(connection, table, rows: list[dict], returning: bool = False) -> list[int]:
    """Insert in batches; with `returning`, the new ids in the order of `rows`."""
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        if returning:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids.extend(connection.execute(statement, batch).scalars())
        else:
            connection.execute(insert(table), batch)
    return ids


def _quiz_plan(session, quiz: Quiz) -> QuizPlan | None:
    questions = list(session.scalars(select(Question).where(
        Question.quiz_id == quiz.id, Question.retired_at.is_(None)).order_by(Question.position)))
    manual = [q for q in questions if not QUESTION_TYPES[q.type].auto_graded]
    return QuizPlan(quiz, questions, manual) if questions else None


def course_plans(session) -> list[CoursePlan]:
    """The published courses with their live modules, pre-test and final quiz."""
    plans = []
    for course in session.scalars(select(Course).where(
            Course.retired_at.is_(None), Course.published.is_(True)).order_by(Course.id)):
        module_ids = list(session.scalars(select(Module.id).where(
            Module.course_id == course.id, Module.retired_at.is_(None)).order_by(Module.position)))
        quizzes = {quiz.role: _quiz_plan(session, quiz) for quiz in session.scalars(select(Quiz).where(
            Quiz.course_id == course.id, Quiz.retired_at.is_(None)).order_by(Quiz.position))}
        plans.append(CoursePlan(course.id, course.jp, module_ids, quizzes.get("pretest"),
                                quizzes.get("final")))
    return plans


def _item(question: Question, position: int, right: bool, plan: QuizPlan, mentor_grade, submitted_at, rng):
    """One answered question, scored by its question type; an essay gets the mentor's grade
    (`mentor_grade` = (grader id, when)) or, when that is None, no score yet."""
    kind = QUESTION_TYPES[question.type]
    response = kind.read_response(question.data, kind.sample_values(question.data, right, rng))
    fraction = kind.grade(question.data, response)
    graded_by, graded_at = None, None
    if fraction is None and mentor_grade:
        fraction = rng.choice((0.75, 1.0) if right else (0.25, 0.5))
        graded_by, graded_at = mentor_grade
    score = None if fraction is None else round(fraction * question.points, 4)
    return {"question_id": question.id, "position": position,
            "option_order": _option_order(question, plan.quiz.shuffle_options, rng), "response": response,
            "saved_at": submitted_at, "score": score, "max_score": question.points,
            "graded_by_id": graded_by, "graded_at": graded_at}


def _attempt(plan: QuizPlan, learner: LearnerHistory, number: int, skill: float, awaiting: bool,
             submitted_at: datetime, rng, now) -> tuple[dict, list[dict]]:
    """A submitted attempt on the quiz's real questions, drawn and ordered as the quiz says; with
    `awaiting`, an essay is among them and has no score yet, as `grade_attempt` leaves it."""
    quiz, questions = plan.quiz, list(plan.questions)
    if quiz.draw_count and quiz.draw_count < len(questions):
        questions = rng.sample(questions, quiz.draw_count)
        if awaiting and not set(questions) & set(plan.manual):
            questions[0] = rng.choice(plan.manual)
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    graded_at = min(submitted_at + timedelta(hours=rng.uniform(2, 72)), now)
    mentor_grade = None if awaiting else (learner.mentor_id, graded_at)
    items = [_item(question, position, rng.random() < skill, plan, mentor_grade, submitted_at, rng)
             for position, question in enumerate(questions, start=1)]
    score, max_score = round(sum(item["score"] or 0 for item in items), 4), sum(q.points for q in questions)
    percent = None if awaiting else (round(100 * score / max_score, 2) if max_score else 0.0)
    limit = quiz.time_limit_minutes
    started_at = submitted_at - timedelta(minutes=rng.uniform(4, limit or 30))
    return {"user_id": learner.user_id, "quiz_id": quiz.id, "number": number,
            "status": "awaiting_review" if awaiting else "graded", "started_at": started_at,
            "deadline_at": started_at + timedelta(minutes=limit) if limit else None,
            "submitted_at": submitted_at, "pass_percent": quiz.pass_percent, "score": score,
            "max_score": max_score, "percent": percent,
            "passed": None if awaiting else percent >= quiz.pass_percent}, items


def _final_attempts(plan: QuizPlan, learner: LearnerHistory, ready: bool, last_activity, rng, now) -> list:
    """Post-test tries, up to the quiz's limit, stopping at a pass, an essay awaiting review or when the
    learner gives up; the last one is the enrolment's last activity, the earlier ones days before."""
    if not ((ready and rng.random() < 0.9) or rng.random() < 0.05):
        return []
    tries = []
    for number in range(1, (plan.quiz.max_attempts or 3) + 1):
        awaiting = bool(plan.manual) and rng.random() < AWAITING_SHARE
        skill = min(0.98, learner.skill + 0.08 * number)  # retaking after a fail, learners revise
        tries.append(_attempt(plan, learner, number, skill, awaiting, last_activity, rng, now))
        if tries[-1][0]["passed"] is not False or rng.random() < GIVE_UP_SHARE:
            break
    gap = timedelta(days=rng.uniform(1, 4))
    for back, (attempt, items) in enumerate(reversed(tries)):
        for row in (attempt, *items):
            row.update({key: value - back * gap for key, value in row.items() if isinstance(value, datetime)})
    return tries


def _enrol(rows: ProgressRows, course: CoursePlan, learner: LearnerHistory, last_activity: datetime,
           rng, now) -> None:
    """One enrolment with its history, told backwards from its last activity: post-test tries last,
    module completions (in course order) before them, the pre-test right after enrolling."""
    total = len(course.module_ids)
    done = total if rng.random() < COMPLETE_SHARE else rng.randint(0, max(total - 1, 0))
    finals = _final_attempts(course.final, learner, done == total, last_activity, rng, now) \
        if course.final else []
    modules_end = finals[0][0]["started_at"] - timedelta(hours=1) if finals else last_activity
    busy = bool(done or finals)
    enrolled_at = modules_end - timedelta(days=rng.uniform(1, 60)) if busy \
        else last_activity - timedelta(hours=1)
    span = modules_end - enrolled_at
    times = [*sorted(enrolled_at + span * rng.uniform(0.05, 1) for _ in range(done - 1)), modules_end][:done]
    rows.completions += [{"user_id": learner.user_id, "module_id": module_id, "completed_at": at}
                         for module_id, at in zip(course.module_ids[:done], times, strict=True)]
    if course.pretest and rng.random() < PRETEST_SHARE:
        rows.attempts.append(_attempt(course.pretest, learner, 1, learner.skill * 0.75, False,
                                      enrolled_at + timedelta(minutes=20), rng, now))
    rows.attempts += finals
    completed = busy and done == total and (course.final is None or any(a["passed"] for a, _ in finals))
    rows.enrolments.append({
        "user_id": learner.user_id, "course_id": course.id, "enrolled_at": enrolled_at,
        "last_module_id": course.module_ids[min(done, total - 1)] if busy and total else None,
        "last_activity_at": last_activity, "completed_at": last_activity if completed else None,
        "jp_awarded": course.jp if completed else None})


def insert_progress(connection, courses: list[CoursePlan], learners: list[LearnerHistory], rng,
                    now: datetime) -> Counter:
    """Enrolments in 1–4 courses per learner, the latest one active when the learner was last seen,
    the others earlier in the past 90 days; returns the row counts."""
    rows = ProgressRows()
    earliest = now - ACTIVITY_WINDOW
    for learner in learners:
        count = min(len(courses), rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0])
        for n, course in enumerate(rng.sample(courses, count)):
            last_seen = learner.last_seen
            last_activity = last_seen if n == 0 else earliest + (last_seen - earliest) * rng.random()
            _enrol(rows, course, learner, last_activity, rng, now)
    insert_rows(connection, Enrollment.__table__, rows.enrolments)
    insert_rows(connection, ModuleCompletion.__table__, rows.completions)
    attempt_ids = insert_rows(connection, Attempt.__table__, [attempt for attempt, _ in rows.attempts], True)
    items = [dict(item, attempt_id=attempt_id)
             for attempt_id, (_, attempt_items) in zip(attempt_ids, rows.attempts, strict=True)
             for item in attempt_items]
    insert_rows(connection, AttemptItem.__table__, items)
    return Counter(
        enrolments=len(rows.enrolments), completed_enrolments=sum(e["jp_awarded"] is not None
                                                                  for e in rows.enrolments),
        module_completions=len(rows.completions), attempts=len(attempt_ids), attempt_items=len(items),
        awaiting_review=sum(a["status"] == "awaiting_review" for a, _ in rows.attempts))
