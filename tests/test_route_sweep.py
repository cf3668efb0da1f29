"""Every route, tried anonymously and as every role. The list comes from app.url_map, so a route
added tomorrow is swept the day it appears; build it a sample URL in SAMPLE_VALUES if it needs one."""

import re

import pytest
from sqlalchemy import select

from elearn.accounts.models import Role
from elearn.content.models import ContentImage
from elearn.core.extensions import utcnow
from elearn.quizzes.models import Quiz
from elearn.quizzes.services import start_attempt
from tests.plugins.factories import SETTINGS, login, quiz_text

PUBLIC_ENDPOINTS = {"auth.login", "static", "content.media", "site.change_language", "citizen.feedback",
                    "citizen.thanks"}
PUBLIC_ENDPOINTS |= {"verification.lookup", "verification.result"}  # anyone checks a certificate
ROLES = [None, Role.LEARNER, Role.INSTRUCTOR, Role.MENTOR, Role.ADMIN]


def sample_values(db, attempt_id: int) -> dict:
    return {
        "slug": "etika",
        "module_slug": "pengantar",
        "quiz_slug": "kuis-akhir",
        "attempt_id": attempt_id,
        "digest": db.scalar(select(ContentImage.digest)),
        "extension": "svg",
        "filename": "app.css",
    }


def swept_requests(app, values):
    """Arguments without a sample get an id that exists for no one: that must be a 404, never a 500."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        arguments = {name: values.get(name, 999999) for name in rule.arguments}
        url = rule.build(arguments, append_unknown=False)[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule.endpoint, method, url


def expected_outcome(app, endpoint: str, role: Role | None) -> str:
    if endpoint in PUBLIC_ENDPOINTS:
        return "open"
    if role is None:
        return "login"
    # Blueprints guarded as a whole (auth.permissions.guarded_blueprint) say who may enter.
    blueprint = app.blueprints.get(endpoint.rpartition(".")[0])
    allowed = getattr(blueprint, "allowed_roles", None)
    if allowed is not None and role not in allowed:
        return "forbidden"
    return "open"


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_every_route_answers_each_role_as_the_policy_says(app, db, client, make_user, make_course, role):
    course = make_course(slug="etika", modules={"01-pengantar": "![Bagan](images/bagan.svg)"})
    quiz = db.scalar(select(Quiz).where(Quiz.course_id == course.id))
    someone_elses = start_attempt(db, make_user().id, quiz, utcnow(), settings=SETTINGS)  # every role sees a 404 for it
    db.commit()
    user = make_user(role) if role else None
    if user:
        login(client, user)
    checked = 0
    for endpoint, method, url in swept_requests(app, sample_values(db, someone_elses.id)):
        with client.open(url, method=method) as response:
            status = response.status_code
        outcome = expected_outcome(app, endpoint, role)
        where = f"{method} {url} as {role or 'anonymous'}"
        assert status < 500, where
        if outcome == "login":
            assert status == 302 and "/login" in response.location, where
        elif outcome == "forbidden":
            assert status == 403, where
        else:
            assert status not in (401, 403), where
        if endpoint == "auth.logout" and user:
            login(client, user)
        checked += 1
    assert checked >= 15


@pytest.fixture
def make_course(make_course, content_root):
    """The sweep's course carries an image, so the media route has something to serve."""

    def make(**kwargs):
        images = content_root / kwargs["slug"] / "images"
        images.mkdir(parents=True, exist_ok=True)
        (images / "bagan.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
        (content_root / kwargs["slug"] / "90-kuis-akhir.quiz").write_text(quiz_text())
        return make_course(**kwargs)

    return make



HUGE_NUMBERS = [str(2**31), str(2**63), str(2**70), "9" * 5000]  # past INTEGER, BIGINT, Python's int()
INT_ARGUMENT = re.compile(r"<int(?:\([^)]*\))?:(\w+)>")


def with_huge_id(rule, name: str, huge: str, values: dict) -> str:
    """The rule's path with `huge` for the argument `name`, and samples (or 1) for the others."""
    def value(match):
        argument = match.group(1)
        return huge if argument == name else str(values.get(argument, 1))
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", value, rule.rule)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_an_id_beyond_any_column_is_not_found_on_every_route(app, db, client, make_user, make_course, role):
    make_course(slug="etika", modules={"01-pengantar": "![Bagan](images/bagan.svg)"})
    if role:
        login(client, make_user(role))
    values, answered = sample_values(db, 1), []
    for rule in app.url_map.iter_rules():
        for name in INT_ARGUMENT.findall(rule.rule):
            for huge in HUGE_NUMBERS:
                url = with_huge_id(rule, name, huge, values)
                for method in sorted(rule.methods & {"GET", "POST"}):
                    with client.open(url, method=method) as response:
                        answered.append((response.status_code, method, rule.rule, name, huge[:25]))
    assert len(answered) >= 40
    assert [answer for answer in answered if answer[0] != 404] == []


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
def test_numbers_beyond_any_column_in_the_query_string_never_break_a_page(
        app, db, client, make_user, make_course, role):
    course = make_course(slug="etika", modules={"01-pengantar": "![Bagan](images/bagan.svg)"})
    quiz = db.scalar(select(Quiz).where(Quiz.course_id == course.id))
    user = make_user(role) if role else None
    if user:
        login(client, user)
    own_attempt = start_attempt(db, (user or make_user()).id, quiz, utcnow(), settings=SETTINGS)
    db.commit()
    answered = []
    for endpoint, method, url in swept_requests(app, sample_values(db, own_attempt.id)):
        if method != "GET" or endpoint == "auth.logout":
            continue
        for huge in HUGE_NUMBERS:
            query = {name: huge for name in ("page", "year", "unit", "course", "competency", "days")}
            with client.get(url, query_string=query) as response:
                answered.append((response.status_code, url, huge[:25]))
    assert len(answered) >= 40
    assert [answer for answer in answered if answer[0] >= 500] == []
