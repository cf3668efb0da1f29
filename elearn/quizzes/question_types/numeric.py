"""A number, right within the tolerance; both given as settings `answer:` and `tolerance:`."""

from markupsafe import escape

from elearn.quizzes.question_types.base import InvalidAnswer, QuestionType, parse_number


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

    def sample_values(self, data, right, rng):
        if right:
            return self.right_values(data)
        return [f"{data['answer'] + 10 * data['tolerance'] + 7:g}"]

    def key_html(self, data):
        if data["tolerance"]:
            return escape(f"{data['answer']:g} ± {data['tolerance']:g}")
        return escape(f"{data['answer']:g}")

    def gift_content(self, data):
        return (data["answer"], data["tolerance"])

    def gift_meaning(self, content):
        return tuple(map(float, content))

    def quiz_lines(self, content):
        return [f"answer: {content[0]}", f"tolerance: {content[1]}"], []
