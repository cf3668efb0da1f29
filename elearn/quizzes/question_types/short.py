"""A short text answer, right when it is one of the accepted answers (case and spacing ignored)."""

import re

from markupsafe import escape

from elearn.quizzes.question_types.base import QuestionType, normalise_text, trailing_answer_lines

ACCEPTED_RE = re.compile(r"^= (.+)$")
MAX_SHORT_ANSWER = 500
WRONG_SAMPLE = "tidak tahu"


class ShortAnswer(QuestionType):
    name = "short"

    def parse(self, key, body, settings, problem):
        prompt, answer_lines = trailing_answer_lines(body, ACCEPTED_RE)
        accepted = [m.group(1).strip() for line in answer_lines if (m := ACCEPTED_RE.match(line.text))]
        if not accepted:
            problem(body[-1].number if body else 0, "a short-answer question needs lines '= accepted answer'")
        return prompt, {"accepted": accepted}

    def read_response(self, data, values):
        return {"text": (values[0] if values else "")[:MAX_SHORT_ANSWER]}

    def grade(self, data, response):
        given = normalise_text((response or {}).get("text", ""))
        return 1.0 if given and given in {normalise_text(a) for a in data["accepted"]} else 0.0

    def answer_html(self, data, response):
        return escape((response or {}).get("text", ""))

    def key_html(self, data):
        return escape(" / ".join(data["accepted"]))

    def right_values(self, data):
        return [data["accepted"][0]]

    def sample_values(self, data, right, rng):
        return self.right_values(data) if right else [WRONG_SAMPLE]

    def gift_content(self, data):
        return data["accepted"]

    def quiz_lines(self, content):
        return [], [f"= {accepted}" for accepted in content]
