"""The survey form, built from the survey's live questions. It parses and keeps what was typed;
the answers themselves are checked by `responses.read_answers`, all at once."""

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField

# A prefix no form attribute starts with, so a question key ("data", "errors") cannot shadow one.
FIELD_PREFIX = "q-"


def survey_form(questions: list) -> FlaskForm:
    """A FlaskForm (CSRF included) with one field per question, named by its key."""
    fields = {}
    for question in questions:
        if question.type == "text":
            fields[FIELD_PREFIX + question.key] = TextAreaField(question.prompt)
            continue
        # Likert answers are 1 to 5 in the order of their labels; choices carry their own values.
        values = question.options if question.type == "choice" else enumerate(question.options, start=1)
        choices = [SelectChoice(str(value), label) for value, label in values]
        fields[FIELD_PREFIX + question.key] = RadioField(
            question.prompt, choices=choices, validate_choice=False)
    return type("SurveyForm", (FlaskForm,), fields)()


def posted_answers(form: FlaskForm, questions: list) -> dict[str, str]:
    """What was posted, by question key (the shape `responses.submit_response` takes)."""
    return {question.key: form[FIELD_PREFIX + question.key].data or "" for question in questions}


def attach_problems(form: FlaskForm, problems: dict[str, str]) -> None:
    for key, message in problems.items():
        form[FIELD_PREFIX + key].errors.append(message)
