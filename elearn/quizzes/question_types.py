"""One class per question type: how it is written in a quiz file, how an answer is read from a form,
and how it is graded. Adding a type means adding a class here (and its form partial)."""

import hashlib
import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

OPTION_RE = re.compile(r"^- \[( |x|X)\] (.+)$")
OPTION_FEEDBACK_RE = re.compile(r"^\s+> (.+)$")
PAIR_RE = re.compile(r"^- (.+?) -> (.+)$")
ACCEPTED_RE = re.compile(r"^= (.+)$")
MAX_SHORT_ANSWER = 500
MAX_ESSAY = 20_000


class InvalidAnswer(ValueError):
    """The submitted answer cannot be an answer to this question (tampered or malformed)."""


@dataclass
class Line:
    number: int
    text: str


def opaque_id(*parts: str) -> str:
    """Option ids that say nothing about order or correctness."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:10]


def normalise_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_number(text: str) -> float:
    """A learner's number: decimal comma or point, no thousands separators, finite and sane."""
    cleaned = text.strip().replace(",", ".")
    if not re.fullmatch(r"[-+]?\d{1,15}(\.\d{1,10})?", cleaned):
        raise InvalidAnswer("not a number")
    value = float(cleaned)
    if not math.isfinite(value):
        raise InvalidAnswer("not a number")
    return value


class QuestionType(ABC):
    name: str
    auto_graded = True
    settings: frozenset[str] = frozenset()

    def parse(self, key: str, body: list[Line], settings: dict, problem) -> tuple[list[Line], dict]:
        """Split the body into prompt lines and the type's data (answer key included)."""
        return body, {}

    def is_blank(self, values: list[str]) -> bool:
        """Nothing was given (a field left empty): stored as no answer, never refused."""
        return not any(value.strip() for value in values)

    @abstractmethod
    def read_response(self, data: dict, values: list[str]) -> dict:
        """The answer as stored, from the form values posted for this question."""

    @abstractmethod
    def grade(self, data: dict, response: dict | None) -> float | None:
        """Fraction of the points earned, in [0, 1]; None when a person must grade it."""

    @abstractmethod
    def answer_html(self, data: dict, response: dict | None) -> Markup:
        """The learner's answer, for the result page."""

    def key_html(self, data: dict) -> Markup:
        """The right answer, for the result page when the quiz shows answers."""
        return Markup("")

    def right_values(self, data: dict) -> list[str] | None:
        """What a form posts for the right answer (generated demo data, tests); None: no key."""
        return None

    def option_feedback(self, data: dict, response: dict | None) -> list[Markup]:
        return []


def _trailing_answer_lines(body: list[Line], pattern: re.Pattern, allow_feedback=False):
    """Answers are the list at the end of the body; everything before is the question text."""
    start = len(body)
    while start > 0:
        text = body[start - 1].text
        if pattern.match(text) or not text.strip() or (allow_feedback and OPTION_FEEDBACK_RE.match(text)):
            start -= 1
        else:
            break
    while start < len(body) and not pattern.match(body[start].text):
        start += 1
    return body[:start], body[start:]


class ChoiceType(QuestionType):
    multiple = False

    def parse(self, key, body, settings, problem):
        prompt, answer_lines = _trailing_answer_lines(body, OPTION_RE, allow_feedback=True)
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

    def option_feedback(self, data, response):
        chosen = set((response or {}).get("choices", []))
        return [
            Markup(o["feedback_html"]) for o in data["options"] if o["id"] in chosen and o["feedback_html"]
        ]


class SingleChoice(ChoiceType):
    name = "single"


class MultipleResponse(ChoiceType):
    name = "multiple"
    multiple = True


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


class ShortAnswer(QuestionType):
    name = "short"

    def parse(self, key, body, settings, problem):
        prompt, answer_lines = _trailing_answer_lines(body, ACCEPTED_RE)
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


class Numeric(QuestionType):
    name = "numeric"
    settings = frozenset({"answer", "tolerance"})

    def parse(self, key, body, settings, problem):
        data = {"answer": 0.0, "tolerance": 0.0}
        for name, default in (("answer", None), ("tolerance", "0")):
            value, line = settings.get(name, (default, body[0].number if body else 0))
            try:
                data[name] = parse_number(value or "")
            except InvalidAnswer:
                problem(line, f"a numeric question needs '{name}: <number>', not {value!r}")
        if data["tolerance"] < 0:
            problem(settings["tolerance"][1], "'tolerance' cannot be negative")
        return body, data

    def read_response(self, data, values):
        text = values[0].strip() if values else ""
        return {"value": parse_number(text) if text else None}

    def grade(self, data, response):
        value = (response or {}).get("value")
        if value is None:
            return 0.0
        return 1.0 if abs(value - data["answer"]) <= data["tolerance"] + 1e-9 else 0.0

    def answer_html(self, data, response):
        value = (response or {}).get("value")
        return escape("" if value is None else f"{value:g}")

    def right_values(self, data):
        return [f"{data['answer']:g}"]

    def key_html(self, data):
        if data["tolerance"]:
            return escape(f"{data['answer']:g} ± {data['tolerance']:g}")
        return escape(f"{data['answer']:g}")


class Matching(QuestionType):
    name = "matching"

    def parse(self, key, body, settings, problem):
        prompt, answer_lines = _trailing_answer_lines(body, PAIR_RE)
        pairs, rights = [], {}
        for line in answer_lines:
            if match := PAIR_RE.match(line.text):
                left, right = match.group(1).strip(), match.group(2).strip()
                right_id = rights.setdefault(right, opaque_id(key, "right", right))
                pairs.append({"id": opaque_id(key, "left", left), "left": left, "right_id": right_id})
            elif line.text.strip():
                problem(line.number, "expected a pair '- left item -> right item'")
        if len(pairs) < 2:
            problem(body[-1].number if body else 0, "a matching question needs at least two pairs '- a -> b'")
        if len({p["left"] for p in pairs}) < len(pairs):
            problem(answer_lines[0].number, "two pairs have the same left item")
        return prompt, {"pairs": pairs, "rights": [{"id": i, "text": t} for t, i in rights.items()]}

    def is_blank(self, values):
        return not any(value.partition(":")[2].strip() for value in values)

    def read_response(self, data, values):
        """Values come as 'left_id:right_id' (empty right = not matched yet)."""
        lefts, rights = {p["id"] for p in data["pairs"]}, {r["id"] for r in data["rights"]}
        matches = {}
        for value in values:
            left, _, right = value.partition(":")
            if left not in lefts or (right and right not in rights):
                raise InvalidAnswer("unknown item")
            if right:
                matches[left] = right
        return {"matches": matches}

    def grade(self, data, response):
        matches = (response or {}).get("matches", {})
        right = sum(matches.get(p["id"]) == p["right_id"] for p in data["pairs"])
        return right / len(data["pairs"])

    def _pairs_html(self, data, chosen: dict) -> Markup:
        rights = {r["id"]: r["html"] for r in data["rights"]}
        return Markup("; ").join(
            Markup("{} → {}").format(Markup(p["left_html"]), Markup(rights.get(chosen.get(p["id"]), "—")))
            for p in data["pairs"]
        )

    def answer_html(self, data, response):
        return self._pairs_html(data, (response or {}).get("matches", {}))

    def key_html(self, data):
        return self._pairs_html(data, {p["id"]: p["right_id"] for p in data["pairs"]})

    def right_values(self, data):
        return [f"{p['id']}:{p['right_id']}" for p in data["pairs"]]


class Essay(QuestionType):
    name = "essay"
    auto_graded = False

    def read_response(self, data, values):
        return {"text": (values[0] if values else "")[:MAX_ESSAY]}

    def grade(self, data, response):
        return None

    def answer_html(self, data, response):
        return escape((response or {}).get("text", ""))


QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t for t in (SingleChoice(), MultipleResponse(), TrueFalse(), ShortAnswer(), Numeric(),
                        Matching(), Essay())
}
