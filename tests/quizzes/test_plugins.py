"""Question types are whole plug-ins: a new type is one class and one form partial. A type registered
here, and nowhere else, is parsed, rendered, saved, graded, reviewed and written by the GIFT import's
quiz writer; and no code outside the type package names a type."""

import re
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader
from markupsafe import escape

from elearn.quizzes import gift, services
from elearn.quizzes.gift_reader import ConvertedQuestion
from elearn.quizzes.models import Attempt
from elearn.quizzes.parsing import load_quiz
from elearn.quizzes.question_types import QUESTION_TYPES, InvalidAnswer, QuestionType
from tests.plugins.factories import login
from tests.quizzes.test_pages import form_of, start

ELEARN = Path(__file__).resolve().parents[2] / "elearn"
CODE_PARTIAL = """\
<label for="code-{{ q.item.id }}">Kode</label>
<input type="text" id="code-{{ q.item.id }}" name="q{{ q.item.id }}" data-code-type \
value="{{ (q.item.response or {}).get('code', '') }}">
"""
CODE_QUIZ = """\
---
title: Kuis Uji
role: final
---
## kode code
answer: SP4N

Tulis kode sistem pengaduan persis seperti aslinya.

## benar truefalse
answer: true

Pengaduan boleh disampaikan tanpa identitas.
"""


class CaseSensitiveCode(QuestionType):
    """A code typed exactly as written (letters' case counts)."""

    name = "code"
    settings = frozenset({"answer"})

    def parse(self, key, body, settings, problem):
        value, line = settings.get("answer", ("", body[0].number if body else 0))
        if not value:
            problem(line, "a code question needs 'answer: <code>'")
        return body, {"code": value}

    def read_response(self, data, values):
        if len(values) != 1 or len(values[0]) > 20:
            raise InvalidAnswer("one short code")
        return {"code": values[0].strip()}

    def grade(self, data, response):
        return 1.0 if (response or {}).get("code") == data["code"] else 0.0

    def answer_html(self, data, response):
        return escape((response or {}).get("code", ""))

    def key_html(self, data):
        return escape(data["code"])

    def right_values(self, data):
        return [data["code"]]

    def sample_values(self, data, right, rng):
        return [data["code"] if right else data["code"].lower()]

    def gift_content(self, data):
        return data["code"]

    def quiz_lines(self, content):
        return [f"answer: {content}"], []


@pytest.fixture
def code_type(app, monkeypatch):
    """The type and its partial, registered only for this test."""
    monkeypatch.setitem(QUESTION_TYPES, "code", CaseSensitiveCode())
    loader = ChoiceLoader([DictLoader({"quizzes/types/code.html": CODE_PARTIAL}), app.jinja_env.loader])
    monkeypatch.setattr(app.jinja_env, "loader", loader)


def items_by_type(db, attempt_id: int) -> dict[str, int]:
    return {question.type: item.id
            for item, question in services.items_with_questions(db, db.get(Attempt, attempt_id))}


def test_a_registered_type_is_parsed_rendered_saved_graded_and_reviewed(code_type, client, db, make_user,
                                                                         make_quiz):
    make_quiz({"90-kuis-akhir": CODE_QUIZ})
    login(client, make_user())
    attempt_id = start(client)
    page = client.get(f"/attempts/{attempt_id}").text
    assert "data-code-type" in page and "SP4N" not in page  # its own partial; no key before submission
    items = items_by_type(db, attempt_id)
    saved = client.post(f"/attempts/{attempt_id}/answers", data=form_of({items["code"]: ["sp4n"]}),
                        headers={"Accept": "application/json"})
    assert saved.status_code == 200, saved.text
    assert 'value="sp4n"' in client.get(f"/attempts/{attempt_id}").text
    refused = client.post(f"/attempts/{attempt_id}/answers", data=form_of({items["code"]: ["x" * 50]}),
                          headers={"Accept": "application/json"})
    assert refused.status_code == 422 and str(items["code"]) in refused.json["refused"]
    client.post(f"/attempts/{attempt_id}/answers",
                data=form_of({items["code"]: ["SP4N"], items["truefalse"]: ["false"]}))
    client.post(f"/attempts/{attempt_id}/submit")
    attempt = db.get(Attempt, attempt_id)
    db.refresh(attempt)
    assert (attempt.status, attempt.score, attempt.max_score) == ("graded", 1.0, 2.0)
    assert "SP4N" in client.get(f"/attempts/{attempt_id}/result").text


def test_a_registered_type_is_written_in_our_quiz_format_as_the_gift_import_writes(code_type):
    converted = ConvertedQuestion(line=1, key="kode", topic="pengaduan", type="code",
                                  prompt="Tulis kodenya.", content="SP4N")
    text = "---\ntitle: Bank\nrole: practice\n---\n\n" + gift._block(converted)
    found = []
    quiz = load_quiz(Path("/c/kursus/90-bank.quiz"), Path("/c"), text, "UTC", found)
    assert found == [], [str(p) for p in found]
    assert [gift._understood(q) for q in quiz.questions] == [gift._intended(converted)]


TYPE_NAMES = "|".join(QUESTION_TYPES)
QUIZ_TYPE_CHAIN = re.compile(rf"""(type|kind)\s*(==|!=|\bin\b)\s*[(\[]?\s*["']({TYPE_NAMES})["']""")


def test_no_code_outside_the_type_package_branches_on_a_question_type():
    """A type's knowledge stays in its module: no `if question.type == "matching"` anywhere else."""
    package = ELEARN / "quizzes" / "question_types"
    offenders = [
        f"{path.relative_to(ELEARN)}:{number}"
        for pattern in ("*.py", "*.html", "*.js")
        for path in ELEARN.rglob(pattern) if package not in path.parents
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if QUIZ_TYPE_CHAIN.search(line)
    ]
    assert offenders == []
