"""Form pieces shared by several features."""

from collections.abc import Callable, Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, widgets
from wtforms.validators import DataRequired, Email, Length, NumberRange

from elearn.core.parameters import MAX_ID, bounded_int


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: works without JavaScript and on a phone, unlike a multi-select."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def strip_text(value: str | None) -> str | None:
    """WTForms filter: surrounding spaces pasted from spreadsheets are never meant."""
    return value.strip() if isinstance(value, str) else value


# WTForms has no Indonesian catalogue, so every validator we use carries its own message.
def required() -> DataRequired:
    return DataRequired(message=_l("Fill in this field."))


def id_choice(value: int | str) -> int:
    """SelectField coercion for an id: one past MAX_ID is no choice (ValueError), so a form shown again
    after a refusal never carries it into a query."""
    number = value if isinstance(value, int) else bounded_int(value)
    if number is None or not 1 <= number <= MAX_ID:
        raise ValueError("not an id")
    return number


def valid_id() -> NumberRange:
    """For an id posted back in a hidden field: past MAX_ID it is refused here, not by the database."""
    return NumberRange(min=1, max=MAX_ID,
                       message=_l("The form was not understood. Reload the page and try again."))


def max_length(limit: int) -> Length:
    return Length(max=limit, message=_l("Use at most %(limit)s characters.", limit=limit))


def valid_email() -> Email:
    return Email(check_deliverability=False, message=_l("Enter a valid email address."))


def validate_all(form: FlaskForm, domain_problems: Callable[[], Mapping[str, str]]) -> bool:
    """Like `validate_on_submit`, but the domain rules (uniqueness, dates, passwords) are checked in the
    same round as the fields' validators, so a person sees every error at once instead of in two rounds.
    `domain_problems` sees None for a field that could not be parsed; a field keeps its own error first."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    problems = domain_problems()
    for name, message in problems.items():
        if not form[name].errors:
            form[name].errors.append(message)
    return valid and not problems
