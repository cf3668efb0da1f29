"""A free text a mentor grades; nothing is scored automatically."""

from markupsafe import escape

from elearn.quizzes.question_types.base import QuestionType

MAX_ESSAY = 20_000
SAMPLE_ANSWERS = [
    "Saya akan mencatat masalahnya, membahasnya dengan tim, lalu menyepakati langkah dan tenggatnya.",
    "Langkah pertama adalah memahami kebutuhan warga, kemudian memperbaiki prosedur bersama atasan.",
    "Saya belum pernah mengalaminya, tetapi saya akan mengikuti pedoman dan melapor kepada pimpinan.",
]


class Essay(QuestionType):
    name = "essay"
    auto_graded = False

    def read_response(self, data, values):
        return {"text": (values[0] if values else "")[:MAX_ESSAY]}

    def grade(self, data, response):
        return None

    def answer_html(self, data, response):
        return escape((response or {}).get("text", ""))

    def sample_values(self, data, right, rng):
        return [rng.choice(SAMPLE_ANSWERS)]
