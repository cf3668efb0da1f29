"""What every question type answers, and the helpers several types share. A type knows everything about
itself (quiz-file syntax, form, reading, grading, review, GIFT mapping, sample answers), so the rest of
the quiz code asks it and never names a type."""

import hashlib
import math
import random
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

OPTION_FEEDBACK_RE = re.compile(r"^\s+> (.+)$")


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


def trailing_answer_lines(body: list[Line], pattern: re.Pattern, allow_feedback=False):
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


class QuestionType(ABC):
    name: str
    auto_graded = True
    settings: frozenset[str] = frozenset()
    always_shuffled = False  # options are shuffled even when the quiz keeps file order

    @property
    def template(self) -> str:
        """The form partial that asks the question during an attempt (`q` is a GivenQuestion)."""
        return f"quizzes/types/{self.name}.html"

    def parse(self, key: str, body: list[Line], settings: dict, problem) -> tuple[list[Line], dict]:
        """Split the body into prompt lines and the type's data (answer key included)."""
        return body, {}

    def render_texts(self, data: dict, inline: Callable[[str], str]) -> None:
        """Add to `data` the HTML of every text of the type's own a learner will see (Markdown, inline)."""
        return None

    def option_ids(self, data: dict) -> list[str] | None:
        """The ids whose order an attempt fixes when it starts; None: nothing to order."""
        return None

    def option_order(self, data: dict, shuffle: bool, rng: random.Random) -> list[str] | None:
        """The order an attempt shows the options in, kept with the attempt."""
        ids = self.option_ids(data)
        if ids is not None and (shuffle or self.always_shuffled):
            rng.shuffle(ids)
        return ids

    def shown(self, data: dict, order: list[str]) -> tuple[list[dict], list[dict]]:
        """(options, left items) as the attempt shows them: {id, html}, in `order`, no answer key."""
        return [], []

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

    @abstractmethod
    def sample_values(self, data: dict, right: bool, rng: random.Random) -> list[str]:
        """What a learner who knows (or does not know) the answer posts: the volume generator's answers."""

    def option_feedback(self, data: dict, response: dict | None) -> list[Markup]:
        return []

    def gift_content(self, data: dict):
        """The data in the shape the GIFT reader converts to (ConvertedQuestion.content), so an import
        can check our parser read back what was meant."""
        return None

    def gift_meaning(self, content):
        """Converted content as `gift_content` gives it back (numbers as written become numbers)."""
        return content

    def quiz_lines(self, content) -> tuple[list[str], list[str]]:
        """Converted content written in our quiz format: (setting lines, answer lines after the text)."""
        return [], []
