"""Refusals that services raise and views show to people: one shape each, shared by every feature."""


class Refusal(ValueError):
    """A request the domain rules refuse; `message` (translatable) is shown as it is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class FieldProblems(ValueError):
    """Input refused field by field; `problems` maps a form field name to its message."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems.items()))
        self.problems = problems
