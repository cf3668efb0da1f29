"""Question types as plug-ins: one module per type (and one form partial in
templates/quizzes/types/), registered here by name. Nothing outside this package names a type."""

from elearn.quizzes.question_types.base import InvalidAnswer, Line, QuestionType, parse_number
from elearn.quizzes.question_types.choice import MultipleResponse, SingleChoice
from elearn.quizzes.question_types.essay import Essay
from elearn.quizzes.question_types.matching import Matching
from elearn.quizzes.question_types.numeric import Numeric
from elearn.quizzes.question_types.short import ShortAnswer
from elearn.quizzes.question_types.truefalse import TrueFalse

QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t for t in (SingleChoice(), MultipleResponse(), TrueFalse(), ShortAnswer(), Numeric(),
                        Matching(), Essay())
}

__all__ = ["QUESTION_TYPES", "InvalidAnswer", "Line", "QuestionType", "parse_number"]
