"""Server time of saving one quiz answer in-process (Flask test client, no network) and of grading a
20-question attempt, on a database holding 1,000 open attempts by 1,000 learners.

Save: the demo learner's own post-test attempt (pelayanan-publik, 10 questions drawn from 16); 50
warm-up POSTs to /attempts/<id>/answers (Accept: application/json), then 500 timed ones, each one
answer, going round the questions with changing values; p50/p95/p99 against the 15 ms p95 budget.
Grading: 50 attempts on a 20-question auto-graded quiz (a bench course added to a temp copy of
content/), all answered right through `save_answers`; `submit_attempt` plus the flush (grade, write,
course-completion check) timed with perf_counter; p50/p95/max against the 50 ms p95 budget.
Both print the SQL statements of one request / one submit.

Run from the repository root:
  .venv/bin/python bench/quiz_answer_save.py                      # temp SQLite
  .venv/bin/python bench/quiz_answer_save.py --database-url postgresql+psycopg://root@127.0.0.1:5432/test
On PostgreSQL a fresh database elearn_bench_<random> is created on that server and dropped at the end.
"""

import cProfile
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _setup
from _setup import (
    bench_parser,
    build_app,
    dispose,
    enrol,
    percentile,
    print_statements,
    scratch_database,
    settle_heap,
    sign_in_learner,
    statements_of,
)
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from elearn.accounts.hashing import hash_password
from elearn.accounts.models import Regency, Role, Unit, User, UserRole
from elearn.accounts.nip import nip_problem
from elearn.content.models import Course, Module
from elearn.core.extensions import db, utcnow
from elearn.core.web import site_settings
from elearn.learning.models import Enrollment, ModuleCompletion
from elearn.quizzes import services
from elearn.quizzes.models import Attempt, Quiz
from elearn.quizzes.question_types import QUESTION_TYPES

WARM_UP = 50
TIMED = 500
SAVE_BUDGET_MS = 15.0
BENCH_LEARNERS = 1000
BATCH = 100
GRADED = 50
GRADING_WARM_UP = 5
GRADING_BUDGET_MS = 50.0

SAVE_COURSE, SAVE_QUIZ = "pelayanan-publik", "post-test"
GRADING_COURSE, GRADING_QUIZ = "bench-penilaian", "kuis-dua-puluh"
GRADING_TYPES = ["single"] * 6 + ["multiple"] * 4 + ["truefalse"] * 3 + ["short"] * 3 + ["numeric"] * 2 \
    + ["matching"] * 2

Timed = tuple[list[float], cProfile.Profile | None]


# --- content: the real courses plus one bench course with a 20-question final quiz -----------------

def grading_question(number: int, kind: str) -> str:
    head = f"## q{number:02d} {kind}\ntopic: penilaian\ncompetencies: pelayanan-publik\n"
    if kind in ("single", "multiple"):
        right = 2 if kind == "multiple" else 1
        options = "\n".join(f"- [{'x' if n < right else ' '}] Pilihan {letter} soal {number}"
                            for n, letter in enumerate("ABCD"))
        return f"{head}\nPilih jawaban untuk soal {number}.\n\n{options}\n"
    if kind == "truefalse":
        return f"{head}answer: {'true' if number % 2 else 'false'}\n\nPernyataan nomor {number} benar.\n"
    if kind == "short":
        return f"{head}\nTulis singkatan lembaga nomor {number}.\n\n= SP4N-LAPOR!\n= SP4N LAPOR\n"
    if kind == "numeric":
        return f"{head}answer: {10 * number}\ntolerance: 0.5\n\nBerapa hari untuk soal {number}?\n"
    pairs = "\n".join(f"- Istilah {i} soal {number} -> Arti {i} soal {number}" for i in range(1, 5))
    return f"{head}\nPasangkan istilah dan artinya.\n\n{pairs}\n"


def write_grading_course(content_dir: Path) -> None:
    folder = content_dir / GRADING_COURSE
    folder.mkdir()
    (folder / "course.md").write_text(
        "---\ntitle: Bench Penilaian Kuis\nslug: bench-penilaian\n"
        "summary: Kursus sementara dari bench/quiz_answer_save.py; tidak ada di content/.\n"
        "competency_type: teknis\njp: 2\nlevel: 1\n---\nKursus untuk mengukur penilaian kuis.\n")
    (folder / "01-pengantar.md").write_text("---\ntitle: Pengantar\nminutes: 5\n---\n## Pengantar\nIsi.\n")
    questions = "\n".join(grading_question(n, kind) for n, kind in enumerate(GRADING_TYPES, start=1))
    (folder / f"90-{GRADING_QUIZ}.quiz").write_text(
        "---\ntitle: Kuis Dua Puluh Soal\nrole: final\npass_percent: 70\ntime_limit: 60\n"
        "shuffle_questions: yes\nshuffle_options: yes\n---\nDua puluh soal dinilai otomatis.\n\n"
        + questions)


# --- data volume: 1,000 learners, each with an open post-test attempt -------------------------------

def bench_nip(n: int) -> str:
    """Birth date varies with n, appointment 2015-01, gender 1/2, sequence 001-999: 18 digits."""
    return f"{1970 + n % 30}{1 + n % 12:02d}{1 + n % 28:02d}201501{1 + n % 2}{n % 999 + 1:03d}"


def create_learners(count: int) -> list[int]:
    nips = [bench_nip(n) for n in range(count)]
    bad = [nip for nip in nips if len(nip) != 18 or nip_problem(nip)]
    if bad or len(set(nips)) != count:
        raise SystemExit(f"bench NIPs are not {count} unique valid NIPs: {bad[:3]}")
    password_hash = hash_password("bench-pass")  # once: hashing is slow on purpose
    unit_id = db.session.scalar(select(Unit.id).order_by(Unit.id).limit(1))
    regency_id = db.session.scalar(select(Regency.id).order_by(Regency.id).limit(1))
    users = [
        User(nip=nip, email=f"bench{n:04d}@bench.local", full_name=f"Peserta Bench {n}",
             password_hash=password_hash, unit_id=unit_id, regency_id=regency_id,
             position="Pelaksana", grade="II/a", role_rows=[UserRole(role=Role.LEARNER)])
        for n, nip in enumerate(nips)
    ]
    db.session.add_all(users)
    db.session.commit()
    return [user.id for user in users]


def quiz_of(course_slug: str, quiz_slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).join(Course, Course.id == Quiz.course_id).where(
        Course.slug == course_slug, Quiz.slug == quiz_slug, Quiz.retired_at.is_(None)))
    if quiz is None:
        raise SystemExit(f"quiz {course_slug}/{quiz_slug} not found in the content")
    return quiz


def enrol_directly(user_ids: list[int], course_slug: str, complete_modules: bool = False) -> None:
    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    now = utcnow()
    db.session.add_all(Enrollment(user_id=uid, course_id=course.id, enrolled_at=now, last_activity_at=now)
                       for uid in user_ids)
    if complete_modules:
        module_ids = db.session.scalars(select(Module.id).where(Module.course_id == course.id)).all()
        db.session.add_all(ModuleCompletion(user_id=uid, module_id=mid, completed_at=now)
                           for uid in user_ids for mid in module_ids)
    db.session.commit()


def start_attempts(user_ids: list[int], quiz: Quiz) -> list[int]:
    attempts = []
    for n, uid in enumerate(user_ids, start=1):
        attempts.append(services.start_attempt(db.session, uid, quiz, utcnow(), rng=random.Random(uid),
                                               settings=site_settings()))
        if n % BATCH == 0 or n == len(user_ids):
            db.session.commit()
    return [attempt.id for attempt in attempts]


def populate(app) -> list[int]:
    with app.app_context():
        start = time.perf_counter()
        learners = create_learners(BENCH_LEARNERS)
        enrol_directly(learners, SAVE_COURSE)
        start_attempts(learners, quiz_of(SAVE_COURSE, SAVE_QUIZ))
        open_count = db.session.scalar(select(func.count(Attempt.id)).where(Attempt.status == "open"))
        print(f"data: {len(learners)} bench learners, {open_count} open attempts on "
              f"{SAVE_COURSE}/{SAVE_QUIZ} ({time.perf_counter() - start:.1f} s to create)")
        return learners


# --- measuring -------------------------------------------------------------------------------------

def print_profile(profile: cProfile.Profile | None, title: str) -> None:
    if profile is None:
        return
    print(f"--- cProfile of {title}: top 30 by cumulative time ---")
    pstats.Stats(profile, stream=sys.stdout).strip_dirs().sort_stats("cumulative").print_stats(30)


def answer_variants(question) -> list[list[str]]:
    """Values a learner might post for the question, changing their mind between saves."""
    data = question.data
    if question.type in ("single", "multiple"):
        ids = [o["id"] for o in data["options"]]
        right = [o["id"] for o in data["options"] if o["correct"]]
        return [[i] for i in ids] if question.type == "single" else [right, ids[:1], ids[:2], ids[1:]]
    if question.type == "truefalse":
        return [["true"], ["false"]]
    if question.type == "short":
        return [[data["accepted"][0]], ["lapor"], ["Ombudsman RI"]]
    if question.type == "numeric":
        return [[f"{data['answer']:g}"], ["12,5"], ["7"]]
    if question.type == "matching":
        lefts, rights = [p["id"] for p in data["pairs"]], [r["id"] for r in data["rights"]]
        return [[f"{p['id']}:{p['right_id']}" for p in data["pairs"]],
                [f"{left}:{rights[(n + 1) % len(rights)]}" for n, left in enumerate(lefts)],
                [f"{lefts[0]}:{rights[0]}"] + [f"{left}:" for left in lefts[1:]]]
    return [["Saya mencatat pengaduan, memberi nomor tiket, dan menyampaikan tenggat tindak lanjut."],
            ["Saya mendengarkan warga, meminta maaf, lalu meneruskan pengaduan ke SP4N-LAPOR!."]]


def right_answers(attempt: Attempt) -> dict[int, list[str]]:
    """The values a learner who knows everything would post."""
    answers = {}
    for item, question in services.items_with_questions(db.session, attempt):
        values = QUESTION_TYPES[question.type].right_values(question.data)
        if values is None:
            raise SystemExit(f"the grading quiz should be auto-graded, found a {question.type} question")
        answers[item.id] = values
    return answers


def start_demo_attempt(app, client) -> tuple[int, list[dict]]:
    """The demo learner enrols and starts the post-test as in a browser; returns the attempt id and
    one form per (question, value) the learner will post, in the order they are posted."""
    enrol(client, f"/courses/{SAVE_COURSE}")
    response = client.post(f"/courses/{SAVE_COURSE}/quizzes/{SAVE_QUIZ}/start")
    location = response.headers.get("Location", "")
    if response.status_code != 302 or not location.rstrip("/").split("/")[-1].isdigit():
        raise SystemExit(f"starting {SAVE_COURSE}/{SAVE_QUIZ} failed: HTTP {response.status_code} {location}")
    attempt_id = int(location.rstrip("/").split("/")[-1])
    with app.app_context():
        pairs = services.items_with_questions(db.session, db.session.get(Attempt, attempt_id))
        per_item = [(item.id, question.type, answer_variants(question)) for item, question in pairs]
    kinds = sorted({kind for _, kind, _ in per_item})
    print(f"attempt: /attempts/{attempt_id} of {_setup.LEARNER_EMAIL}, {len(per_item)} questions "
          f"({', '.join(kinds)})")
    forms = []
    for n in range(WARM_UP + TIMED):
        item_id, _, variants = per_item[n % len(per_item)]
        values = variants[(n // len(per_item)) % len(variants)]
        forms.append({"items": str(item_id), f"q{item_id}": values})
    return attempt_id, forms


def post_answer(client, attempt_id: int, form: dict):
    return client.post(f"/attempts/{attempt_id}/answers", data=form, headers={"Accept": "application/json"})


def time_saves(app, profile: bool) -> float:
    client = app.test_client()
    sign_in_learner(client)
    attempt_id, forms = start_demo_attempt(app, client)
    for form in forms[:WARM_UP]:
        response = post_answer(client, attempt_id, form)
        if response.status_code != 200 or response.get_json().get("saved") != 1:
            raise SystemExit(f"warm-up save answered {response.status_code}: "
                             f"{response.get_data(as_text=True)}")
    profiler = cProfile.Profile() if profile else None
    timings_ms = []
    for form in forms[WARM_UP:]:
        if profiler:
            profiler.enable()
        start = time.perf_counter()
        response = post_answer(client, attempt_id, form)
        timings_ms.append((time.perf_counter() - start) * 1000)
        if profiler:
            profiler.disable()
        if response.status_code != 200:
            raise SystemExit(f"save answered {response.status_code}: {response.get_data(as_text=True)}")
    timings_ms.sort()
    p50, p95, p99 = (percentile(timings_ms, f) for f in (0.50, 0.95, 0.99))
    print(f"{TIMED} saves after {WARM_UP} warm-up: p50 {p50:.2f} ms, p95 {p95:.2f} ms, p99 {p99:.2f} ms "
          f"(min {timings_ms[0]:.2f}, max {timings_ms[-1]:.2f})")
    print_statements("SQL statements per save",
                     statements_of(app, lambda: post_answer(client, attempt_id, forms[0])))
    print_profile(profiler, "the timed saves")
    return p95


def time_grading(app, learners: list[int], profile: bool) -> float:
    with app.app_context():
        graders = learners[:GRADING_WARM_UP + GRADED + 1]  # + 1: the submit whose statements are counted
        enrol_directly(graders, GRADING_COURSE, complete_modules=True)  # so passing completes the course
        quiz = quiz_of(GRADING_COURSE, GRADING_QUIZ)
        attempt_ids = start_attempts(graders, quiz)
        for attempt_id in attempt_ids:
            attempt = db.session.get(Attempt, attempt_id)
            answers = right_answers(attempt)
            if len(answers) != 20:
                raise SystemExit(f"the grading quiz gave {len(answers)} questions, not 20")
            services.save_answers(db.session, attempt, answers, utcnow(), settings=site_settings())
            db.session.commit()
        profiler = cProfile.Profile() if profile else None
        submit_ms, commit_ms = [], []
        for n, attempt_id in enumerate(attempt_ids[:-1]):
            db.session.remove()  # a fresh session, as a request would have
            attempt = db.session.get(Attempt, attempt_id)
            if profiler and n >= GRADING_WARM_UP:
                profiler.enable()
            start = time.perf_counter()
            submitted = services.submit_attempt(db.session, attempt, utcnow(), settings=site_settings())
            db.session.flush()
            elapsed = (time.perf_counter() - start) * 1000
            if profiler:
                profiler.disable()
            start = time.perf_counter()
            db.session.commit()
            committed = (time.perf_counter() - start) * 1000
            if not submitted or attempt.status != "graded" or attempt.percent != 100.0:
                raise SystemExit(f"attempt {attempt_id} was not graded 100%: "
                                 f"{attempt.status} {attempt.percent}")
            if n >= GRADING_WARM_UP:
                submit_ms.append(elapsed)
                commit_ms.append(committed)
        completed = db.session.scalar(select(func.count(Enrollment.id)).where(
            Enrollment.user_id.in_(graders), Enrollment.completed_at.is_not(None)))
        db.session.remove()
        last = db.session.get(Attempt, attempt_ids[-1])
        statements = statements_of(app, lambda: (services.submit_attempt(db.session, last, utcnow(),
                                                                         settings=site_settings()),
                                                 db.session.flush()))
        db.session.commit()
    submit_ms.sort()
    p50, p95 = percentile(submit_ms, 0.50), percentile(submit_ms, 0.95)
    print(f"{GRADED} submits of 20-question attempts after {GRADING_WARM_UP} warm-up: p50 {p50:.2f} ms, "
          f"p95 {p95:.2f} ms, max {submit_ms[-1]:.2f} ms (min {submit_ms[0]:.2f}); "
          f"{completed} course completions recorded")
    print(f"commit after each submit (not in the budget): p50 {statistics.median(commit_ms):.2f} ms, "
          f"max {max(commit_ms):.2f} ms")
    print_statements("SQL statements per submit (with flush)", statements)
    print_profile(profiler, "the timed submits")
    return p95


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the timed saves and the timed submits")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="elearn-bench-content-") as folder, \
            scratch_database(args.database_url) as database_url:
        content_copy = Path(folder) / "content"
        shutil.copytree(_setup.CONTENT_DIR, content_copy)
        write_grading_course(content_copy)
        _setup.CONTENT_DIR = content_copy  # what build_app imports: the real courses plus the bench course
        print(f"database: {make_url(database_url).render_as_string(hide_password=True)}")
        app = build_app(database_url)
        try:
            learners = populate(app)
            settle_heap()
            save_p95 = time_saves(app, args.profile)
            grading_p95 = time_grading(app, learners, args.profile)
        finally:
            dispose(app)
    for label, p95, budget in (("answer save", save_p95, SAVE_BUDGET_MS),
                               ("grading", grading_p95, GRADING_BUDGET_MS)):
        verdict = "OK" if p95 <= budget else "OVER"
        if args.profile:
            verdict += " (timed under cProfile, which slows every call: rerun without --profile)"
        print(f"{label} p95 {p95:.1f} ms (budget {budget:.0f} ms) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
