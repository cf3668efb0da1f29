"""The learner's home page and the mentor's page about one mentee run a fixed number of statements,
however many courses, completions, attempts and mentors the learner has."""

from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.content.models import Course
from elearn.learning import services as learning
from elearn.mentoring.services import assign_mentor
from elearn.quizzes import services as quizzes
from elearn.quizzes.models import Quiz
from tests.conftest import counted_statements
from tests.plugins.factories import NOW, SETTINGS, login, quiz_text

TWO_MODULES = {"01-pengantar": "Isi.", "02-praktik": "Isi."}


def study(db, make_quiz, learner, slug: str) -> None:
    """Enrol `learner` in a new two-module course with a final quiz, complete one module and submit an
    attempt (its essay then waits for a mentor)."""
    make_quiz({"90-kuis-akhir": quiz_text()}, slug=slug, modules=TWO_MODULES)
    course = db.scalar(select(Course).where(Course.slug == slug))
    enrollment = learning.enrol(db, learner.id, course, NOW)
    learning.complete_module(db, enrollment, learning.active_modules(db, course)[0], NOW, settings=SETTINGS)
    quiz = db.scalar(select(Quiz).where(Quiz.course_id == course.id))
    quizzes.submit_attempt(db, quizzes.start_attempt(db, learner.id, quiz, NOW, settings=SETTINGS), NOW, settings=SETTINGS)
    db.commit()


def statements_for(client, url: str) -> tuple[int, str]:
    """How many statements the page ran, and the page."""
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), response.text


def test_learner_home_page_statements_do_not_grow_with_courses_or_mentors(client, db, make_user, make_quiz):
    learner = make_user()
    assign_mentor(db, make_user(Role.MENTOR), learner, None, NOW)
    study(db, make_quiz, learner, "kursus-1")
    login(client, learner)
    few, _ = statements_for(client, "/")
    for n in range(2, 7):
        study(db, make_quiz, learner, f"kursus-{n}")
    for _ in range(2):
        assign_mentor(db, make_user(Role.MENTOR), learner, None, NOW)
    db.commit()
    many, page = statements_for(client, "/")
    assert few == many <= 9
    assert all(f"Kursus kursus-{n}" in page for n in range(1, 7))


def test_mentee_page_statements_do_not_grow_with_the_mentees_courses(client, db, make_user, make_quiz):
    mentor, learner = make_user(Role.MENTOR), make_user()
    assign_mentor(db, mentor, learner, None, NOW)
    study(db, make_quiz, learner, "kursus-1")
    login(client, mentor)
    url = f"/mentor/mentees/{learner.id}"
    few, _ = statements_for(client, url)
    for n in range(2, 7):
        study(db, make_quiz, learner, f"kursus-{n}")
    many, page = statements_for(client, url)
    assert few == many <= 15
    assert all(f"Kursus kursus-{n}" in page for n in range(1, 7))


def test_module_page_takes_three_round_trips_however_long_the_course(client, db, make_user, make_quiz):
    """The user with roles and unread count, the course with its modules, the enrolment with this
    module's completion: the hottest learner page, one statement each. (The first view of a module
    also moves the learner's place: counted on a re-read.)"""
    learner = make_user()
    login(client, learner)
    study(db, make_quiz, learner, "pendek")
    statements_for(client, "/courses/pendek/modules/pengantar")
    few, _ = statements_for(client, "/courses/pendek/modules/pengantar")
    make_quiz({"90-kuis-akhir": quiz_text()}, slug="panjang",
              modules={f"{n:02d}-bab-{n}": f"Isi {n}." for n in range(1, 13)})
    course = db.scalar(select(Course).where(Course.slug == "panjang"))
    enrollment = learning.enrol(db, learner.id, course, NOW)
    for module in learning.active_modules(db, course)[:6]:
        learning.complete_module(db, enrollment, module, NOW, settings=SETTINGS)
    db.commit()
    statements_for(client, "/courses/panjang/modules/bab-3")
    many, page = statements_for(client, "/courses/panjang/modules/bab-3")
    assert few == many == 3
    assert "Isi 3." in page
