"""Moodle GIFT files converted into our quiz format (content/README.md, "Importing from Moodle (GIFT)").

GIFT is read as Moodle reads it. What our question types cannot express is a problem at its GIFT line,
and nothing is returned while any problem remains, so a bank is never half-imported. Moodle's weights
do not survive: weighted multiple choice becomes `multiple`, whose partial-credit rule replaces them.
Answer feedback our type cannot attach to an answer (true/false, short, numeric) joins the general
feedback. The result is read back by our own parser, so a converter bug cannot write a quiz that fails
to load or means something else.
"""

from pathlib import Path

from elearn.core.files import MAX_TEXT_BYTES
from elearn.core.frontmatter import Problem
from elearn.quizzes.gift_reader import ConvertedQuestion, GiftReader
from elearn.quizzes.parsing import QuestionSource, load_quiz
from elearn.quizzes.question_types import QUESTION_TYPES


def _intended(question: ConvertedQuestion) -> tuple:
    """What the converted question means, in the shape of `_understood`."""
    content = QUESTION_TYPES[question.type].gift_meaning(question.content)
    return question.type, question.prompt, question.feedback, question.topic, content


def _understood(question: QuestionSource) -> tuple:
    """What our parser understood, in the shape of `_intended`."""
    content = QUESTION_TYPES[question.type].gift_content(question.data)
    return question.type, question.prompt, question.feedback, question.topic, content


def _block(question: ConvertedQuestion) -> str:
    """One `## key type` block: settings, blank line, question text, answers in our syntax."""
    type_settings, answers = QUESTION_TYPES[question.type].quiz_lines(question.content)
    settings = [("topic", question.topic), ("feedback", question.feedback)]
    lines = [f"## {question.key} {question.type}", *type_settings,
             *(f"{name}: {value}" for name, value in settings if value), "", question.prompt, "", *answers]
    return "\n".join(lines).rstrip("\n") + "\n"


def _round_trip_problems(quiz_text: str, file_name: str, questions: list[ConvertedQuestion],
                         block_starts: list[int], shown_path: str) -> list[Problem]:
    """Our parser must read back exactly what was converted; anything else is a limit of our format
    (or a converter bug), reported at the GIFT question it came from."""
    found: list[Problem] = []
    root = Path("/gift-import")  # load_quiz only reads the text, never this path
    quiz = load_quiz(root / "course" / file_name, root, quiz_text, "UTC", found)  # we write no dates

    def relocated(problem: Problem) -> Problem:
        """At the GIFT question whose block holds the problem's line; front-matter problems at line 1."""
        sources = [q for q, start in zip(questions, block_starts, strict=True) if start <= problem.line]
        return Problem(shown_path, sources[-1].line if sources else 1, f"the converted "
                       f"{'question' if sources else 'quiz'} could not be represented in our quiz format: "
                       f"{problem.message}")

    problems = [relocated(problem) for problem in found]
    parsed = {q.key: _understood(q) for q in quiz.questions} if quiz else {}
    problems += [Problem(shown_path, q.line, f"question '{q.key}' would change its meaning in our quiz "
                         "format (its text probably ends with lines that look like answers)")
                 for q in questions if quiz and parsed.get(q.key) != _intended(q)]
    return problems


def gift_to_quiz(text: str, shown_path: str, title: str,
                 file_name: str = "00-gift-import.quiz") -> tuple[str | None, list[Problem]]:
    """The text of one of our quiz files (role practice) named `file_name`, or None and every problem."""
    reader = GiftReader(shown_path)
    reader.read(text.removeprefix("\ufeff").replace("\r\n", "\n"))
    if not reader.questions and not reader.problems:
        reader.problem(1, "the file holds no questions")
    if reader.problems:
        return None, reader.problems
    quiz_text, block_starts = f"---\ntitle: {' '.join(title.split())}\nrole: practice\n---\n", []
    for question in reader.questions:
        block_starts.append(quiz_text.count("\n") + 2)
        quiz_text += "\n" + _block(question)
    if len(quiz_text.encode()) > MAX_TEXT_BYTES:  # sync would refuse the file
        return None, [Problem(shown_path, 1, "the converted quiz would be larger than "
                              f"{MAX_TEXT_BYTES // 1024} KB; split the GIFT file into several quizzes")]
    problems = _round_trip_problems(quiz_text, file_name, reader.questions, block_starts, shown_path)
    return (None, problems) if problems else (quiz_text, [])
