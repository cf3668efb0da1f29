"""Reading a Moodle GIFT file as Moodle reads it (blank lines separate questions, lines are trimmed,
`//` lines are comments), each question already in the shape of one of our question types. What our
types cannot express is a problem at its GIFT line."""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from elearn.core.frontmatter import Problem
from elearn.quizzes.question_types import InvalidAnswer, parse_number

# Escaped characters hide behind private-use characters while the markup is split.
ESCAPED = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005",
           "~": "\ue006", "n": "\ue007"}
ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
UNESCAPE = str.maketrans({hidden: "\n" if char == "n" else char for char, hidden in ESCAPED.items()})
FORMAT_PREFIX_RE = re.compile(r"^\[(?:markdown|html|plain|moodle)\]")
ANSWER_RE = re.compile(r"(^|[~=])([^~=]*)")
WEIGHT_RE = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
NUMBER_RE = re.compile(r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?$")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}  # case-sensitive, as in Moodle
MAX_KEY = 40
FEEDBACK_JOINER = " — "


@dataclass
class GiftAnswer:
    line: int
    marker: str  # "=", "~", or "" for text before the first marker
    weight: Decimal | None  # the percentage of `%50%`
    text: str
    feedback: str


@dataclass
class ConvertedQuestion:
    line: int
    key: str
    topic: str | None
    type: str = ""
    prompt: str = ""
    feedback: str = ""
    # single/multiple: [(text, correct, feedback)]; short: [accepted]; matching: [(left, right)];
    # truefalse: bool; numeric: (answer, tolerance) as written; essay: None
    content: object = None


def _text(raw: str, one_line: bool = False) -> str:
    """GIFT text as the author meant it: format prefix dropped (the text is kept as it is), escapes undone."""
    text = FORMAT_PREFIX_RE.sub("", raw.strip()).translate(UNESCAPE).strip()
    return " ".join(text.split()) if one_line else text


def _number(text: str) -> Decimal | None:
    return Decimal(text) if NUMBER_RE.match(text.strip()) else None


def _fits_our_format(written: str) -> bool:
    """Whether our quiz files can hold the number (they read it as a learner's answer is read)."""
    try:
        parse_number(written)
    except InvalidAnswer:
        return False
    return True


def _written(number: Decimal) -> str:
    """A number as our quiz files write it: plain digits, no exponent, no trailing zeros."""
    written = format(number.normalize(), "f")
    return "0" if written == "-0" else written


class GiftReader:
    """One GIFT file: the questions converted so far and the problems found."""

    def __init__(self, shown_path: str):
        self.shown_path = shown_path
        self.problems: list[Problem] = []
        self.questions: list[ConvertedQuestion] = []
        self.topic: str | None = None
        self.keys: set[str] = set()
        self.lines: list[int] = []  # the GIFT line number of each line of the current question

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown_path, line, message))

    def line_at(self, text: str, offset: int) -> int:
        return self.lines[text.count("\n", 0, offset)]

    def read(self, text: str) -> None:
        """Moodle's reading: a blank line ends a question; lines are trimmed; `//` lines are comments."""
        block: list[tuple[int, str]] = []
        for number, raw in enumerate([*text.split("\n"), ""], start=1):
            line = raw.strip()
            if line and not line.startswith("//"):
                block.append((number, ESCAPE_RE.sub(lambda m: ESCAPED[m.group(1)], line)))
            elif not line and block:
                self.read_block(block)
                block = []

    def read_block(self, block: list[tuple[int, str]]) -> None:
        if block[0][1].startswith("$CATEGORY:"):
            parts = [p.strip() for p in _text(block[0][1].removeprefix("$CATEGORY:")).split("/") if p.strip()]
            self.topic = parts[-1] if parts and not parts[-1].startswith("$") else None
            if self.topic and len(self.topic) > 200:
                self.problem(block[0][0], "the category name is longer than 200 characters")
            block = block[1:]
        if block:
            self.lines = [number for number, _ in block]
            self.read_question("\n".join(line for _, line in block))

    def next_key(self, title: str) -> str:
        """The title as a key (`[a-z0-9-]`, at most 40 characters), else q<position>; never twice."""
        ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or f"q{len(self.questions) + 1}"
        key, copy = base[:MAX_KEY].rstrip("-"), 1
        while key in self.keys:
            copy += 1
            key = f"{base[:MAX_KEY - len(str(copy)) - 1].rstrip('-')}-{copy}"
        self.keys.add(key)
        return key

    def read_question(self, text: str) -> None:
        start, title = 0, ""
        if text.startswith("::"):
            if (title_end := text.find("::", 2)) < 0:
                return self.problem(self.lines[0], "the title '::...' is never closed by '::'")
            title, start = _text(text[2:title_end], one_line=True), title_end + 2
        question = ConvertedQuestion(self.lines[0], self.next_key(title), self.topic)
        self.questions.append(question)
        opening, closing = text.find("{", start), text.find("}", start)
        if opening < 0 and closing < 0:
            return self.problem(question.line, "a question needs its answers in {...} (Moodle's "
                                "descriptions, text without a question, are not supported)")
        if closing >= 0 and (opening < 0 or closing < opening):
            return self.problem(self.line_at(text, closing), "a '}' without an opening '{'")
        if closing < 0:
            return self.problem(self.line_at(text, opening), "the '{' is never closed by '}'")
        if (second := text.find("{", opening + 1, closing)) >= 0:
            return self.problem(self.line_at(text, second), "a second '{' before '}' (escape a brace: \\{)")
        if after := text[closing + 1:].strip():
            return self.problem(self.line_at(text, text.index(after, closing)), "text after the answers "
                                "(Moodle's missing-word format) is not supported; end with the {...}")
        question.prompt = _text(text[start:opening])
        if not question.prompt:
            return self.problem(question.line, "the question has no text before its answers {...}")
        self.read_answers(question, text, opening + 1, text[opening + 1:closing])

    def read_answers(self, question: ConvertedQuestion, text: str, start: int, section: str) -> None:
        """Moodle's order of guessing the type from the answers; `####` starts the general feedback."""
        section, general = section.rsplit("####", 1) if "####" in section else (section, "")
        answers_text = section.strip()
        if not answers_text:
            converted = "essay", None, []
        elif answers_text.startswith("#"):
            hash_at = section.index("#") + 1
            converted = self.numeric(text, start + hash_at, section[hash_at:])
        elif "~" in answers_text:
            converted = self.choice(self.answers(text, start, section))
        elif "=" in answers_text and "->" in answers_text:
            converted = self.matching(self.answers(text, start, section))
        elif answers_text.split("#")[0].strip() in TRUE_FALSE:
            value, *answer_feedback = answers_text.split("#", 2)
            answer_feedback = [_text(part, one_line=True) for part in answer_feedback]
            converted = "truefalse", TRUE_FALSE[value.strip()], answer_feedback
        else:
            converted = self.short(self.answers(text, start, section))
        if converted:
            question.type, question.content, answer_feedback = converted
            parts = [_text(general, one_line=True), *answer_feedback]
            question.feedback = FEEDBACK_JOINER.join(part for part in parts if part)

    def answers(self, text: str, start: int, section: str) -> list[GiftAnswer]:
        """Split at `=` and `~`; like Moodle, text before the first marker is an answer too."""
        found = []
        for match in ANSWER_RE.finditer(section):
            marker, body = match.groups()
            if not marker and not body.strip():
                continue
            offset = match.start() if marker else match.start(2) + len(body) - len(body.lstrip())
            weight = WEIGHT_RE.match(body)
            answer, _, feedback = body[weight.end() if weight else 0:].partition("#")
            found.append(GiftAnswer(self.line_at(text, start + offset), marker,
                                    Decimal(weight.group(1)) if weight else None,
                                    _text(answer, one_line=True), _text(feedback, one_line=True)))
        return found

    def choice(self, answers: list[GiftAnswer]):
        """An `=` answer makes it single choice (as in Moodle); positive weights alone make `multiple`."""
        single = any(a.marker == "=" for a in answers)
        fractions = [a.weight / 100 if a.weight is not None else Decimal(int(a.marker == "="))
                     for a in answers]
        line = answers[0].line
        if len(answers) < 2 or not all(a.text for a in answers):
            return self.problem(line, "a multiple-choice question needs at least two answers, none empty")
        if single and any(f not in (0, 1) for f in fractions):
            return self.problem(line, "weights '%...%' next to a right answer '=' are not supported; "
                                "use only '=' and '~', or only weights (several right options)")
        if single and fractions.count(1) != 1:
            return self.problem(line, f"'=' must mark exactly one right answer, not {fractions.count(1)}")
        if not any(f > 0 for f in fractions):
            return self.problem(line, "a multiple-choice question needs a right answer ('=' or '~%50%')")
        options = [(a.text, f > 0, a.feedback) for a, f in zip(answers, fractions, strict=True)]
        return ("single" if single else "multiple"), options, []

    def short(self, answers: list[GiftAnswer]):
        for answer in answers:
            if answer.weight is not None and answer.weight != 100:
                return self.problem(answer.line, f"partial credit on a short answer (%{answer.weight}%) "
                                    "is not supported")
            if not answer.text or "*" in answer.text:
                return self.problem(answer.line, "a short answer may not be empty or use the wildcard '*'")
        return "short", [a.text for a in answers], [a.feedback for a in answers]

    def matching(self, answers: list[GiftAnswer]):
        pairs = []
        for answer in answers:
            left, arrow, right = (part.strip() for part in answer.text.partition("->"))
            if not (arrow and left and right):
                return self.problem(answer.line, "a matching answer must be '=left -> right' (right items "
                                    "without a left item are not supported)")
            if answer.weight is not None or answer.feedback:
                return self.problem(answer.line, "a matching pair cannot have a weight or '#' feedback "
                                    "(write a literal '#' as \\#)")
            pairs.append((left, right))
        if len(pairs) < 2:
            return self.problem(answers[0].line, "a matching question needs at least two pairs")
        return "matching", pairs, []

    def numeric(self, text: str, start: int, section: str):
        """`{#3.5:0.1}`, `{#1..5}` (answer 3, tolerance 2) or `{#3.5}`; `~#...` is wrong-answer feedback."""
        section, _, wrong = section.partition("~")
        answers = self.answers(text, start, section)
        line = answers[0].line if answers else self.line_at(text, start)
        if len(answers) != 1 or answers[0].weight not in (None, 100):
            return self.problem(line, "a numeric question needs exactly one answer at 100% (several or "
                                "weighted numeric answers are not supported)")
        value = answers[0].text
        low, high = _number(value.partition("..")[0]), _number(value.partition("..")[2])
        answer, colon, tolerance = value.partition(":")
        if low is not None and high is not None:
            numbers = (low + high) / 2, (high - low) / 2
        else:
            numbers = _number(answer), _number(tolerance) if colon else Decimal(0)
        if None in numbers:
            return self.problem(line, f"a numeric answer is 'n', 'n:tolerance' or 'min..max', not {value!r}")
        written = tuple(_written(n) for n in numbers)
        if not all(_fits_our_format(number) for number in written):
            return self.problem(line, "a numeric answer may have at most 15 digits before the decimal point "
                                f"and 10 after it, not {value!r}")
        feedback = [answers[0].feedback, _text(wrong.partition("#")[2], one_line=True)]
        return "numeric", written, feedback
