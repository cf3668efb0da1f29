"""True or false, the key given as the setting `answer:`."""

from flask_babel import gettext as _
from markupsafe import Markup, escape

from elearn.quizzes.question_types.base import InvalidAnswer, QuestionType


class TrueFalse(QuestionType):
    name = "truefalse"
    settings = frozenset({"answer"})

    def parse(self, key, body, settings, problem):
        value, line = settings.get("answer", ("", body[0].number if body else 0))
        if value not in ("true", "false"):
            problem(line, "a true/false question needs 'answer: true' or 'answer: false'")
        return body, {"answer": value == "true"}

    def read_response(self, data, values):
        if len(values) != 1 or values[0] not in ("true", "false"):
            raise InvalidAnswer("answer true or false")
        return {"value": values[0] == "true"}

    def grade(self, data, response):
        return 1.0 if response and response.get("value") is data["answer"] else 0.0

    def answer_html(self, data, response):
        if not response:
            return Markup("")
        return escape(_("True") if response["value"] else _("False"))

    def key_html(self, data):
        return escape(_("True") if data["answer"] else _("False"))

    def right_values(self, data):
        return ["true" if data["answer"] else "false"]

    def sample_values(self, data, right, rng):
        return ["true" if data["answer"] == right else "false"]

    def gift_content(self, data):
        return data["answer"]

    def quiz_lines(self, content):
        return [f"answer: {'true' if content else 'false'}"], []
