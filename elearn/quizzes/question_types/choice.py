"""Single choice (one right option) and multiple response (several, with partial credit)."""

import re

from markupsafe import Markup

from elearn.quizzes.question_types.base import (
    OPTION_FEEDBACK_RE,
    InvalidAnswer,
    QuestionType,
    opaque_id,
    trailing_answer_lines,
)

OPTION_RE = re.compile(r"^- \[( |x|X)\] (.+)$")


class ChoiceType(QuestionType):
    multiple = False

    def parse(self, key, body, settings, problem):
        prompt, answer_lines = trailing_answer_lines(body, OPTION_RE, allow_feedback=True)
        options: list[dict] = []
        for line in answer_lines:
            if match := OPTION_RE.match(line.text):
                text = match.group(2).strip()
                options.append({"id": opaque_id(key, text, str(len(options))), "text": text,
                                "correct": match.group(1) != " ", "feedback": ""})
            elif (match := OPTION_FEEDBACK_RE.match(line.text)) and options:
                options[-1]["feedback"] = match.group(1).strip()
            elif line.text.strip():
                problem(line.number, "expected an option '- [x] text' or '- [ ] text'")
        right = sum(o["correct"] for o in options)
        first = answer_lines[0].number if answer_lines else (body[-1].number if body else 0)
        if len(options) < 2:
            problem(first, "a choice question needs at least two options '- [ ] text'")
        elif not self.multiple and right != 1:
            problem(first, f"a single-choice question needs exactly one right option '- [x]', found {right}")
        elif self.multiple and right == 0:
            problem(first, "a multiple-response question needs at least one right option '- [x]'")
        if len({o["text"] for o in options}) < len(options):
            problem(first, "two options have the same text")
        return prompt, {"options": options}

    def render_texts(self, data, inline):
        for option in data["options"]:
            option["html"] = inline(option["text"])
            option["feedback_html"] = inline(option["feedback"]) if option["feedback"] else ""

    def option_ids(self, data):
        return [o["id"] for o in data["options"]]

    def shown(self, data, order):
        by_id = {o["id"]: o for o in data["options"]}
        return [{"id": i, "html": by_id[i]["html"]} for i in order], []

    def read_response(self, data, values):
        known = {o["id"] for o in data["options"]}
        chosen = sorted(set(values))
        if not set(chosen) <= known or (not self.multiple and len(chosen) > 1):
            raise InvalidAnswer("unknown option")
        return {"choices": chosen}

    def grade(self, data, response):
        chosen = set((response or {}).get("choices", []))
        right = {o["id"] for o in data["options"] if o["correct"]}
        if not self.multiple:
            return 1.0 if chosen and chosen == right else 0.0
        wrong = {o["id"] for o in data["options"]} - right
        earned = len(chosen & right) / len(right) - (len(chosen & wrong) / len(wrong) if wrong else 0)
        return min(1.0, max(0.0, earned))

    def answer_html(self, data, response):
        chosen = set((response or {}).get("choices", []))
        return Markup("; ").join(Markup(o["html"]) for o in data["options"] if o["id"] in chosen)

    def key_html(self, data):
        return Markup("; ").join(Markup(o["html"]) for o in data["options"] if o["correct"])

    def right_values(self, data):
        return [o["id"] for o in data["options"] if o["correct"]]

    def sample_values(self, data, right, rng):
        key = self.right_values(data)
        wrong = [o["id"] for o in data["options"] if not o["correct"]]
        if right or not wrong:
            return key
        return [*key[1:], rng.choice(wrong)] if self.multiple else [rng.choice(wrong)]

    def option_feedback(self, data, response):
        chosen = set((response or {}).get("choices", []))
        return [
            Markup(o["feedback_html"]) for o in data["options"] if o["id"] in chosen and o["feedback_html"]
        ]

    def gift_content(self, data):
        return [(o["text"], o["correct"], o["feedback"]) for o in data["options"]]

    def quiz_lines(self, content):
        answers = []
        for text, correct, feedback in content:
            answers += [f"- [{'x' if correct else ' '}] {text}", *([f"  > {feedback}"] if feedback else [])]
        return [], answers


class SingleChoice(ChoiceType):
    name = "single"


class MultipleResponse(ChoiceType):
    name = "multiple"
    multiple = True
