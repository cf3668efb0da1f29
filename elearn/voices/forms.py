"""Forms for proposing a topic, deciding on it, and the public citizen feedback form, plus the
admin filters read from query strings."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from elearn.core.forms import id_choice, max_length, required, strip_text
from elearn.core.parameters import bounded_int
from elearn.voices.proposals import PROPOSAL_STATUS_LABELS, UNKNOWN_COMPETENCY
from elearn.voices.services import MAX_COMMENT_LENGTH, SERVICE_AREA_LABELS

RATING_CHOICES = [
    SelectChoice(1, _l("1 – very dissatisfied")), SelectChoice(2, _l("2 – dissatisfied")),
    SelectChoice(3, _l("3 – neither satisfied nor dissatisfied")), SelectChoice(4, _l("4 – satisfied")),
    SelectChoice(5, _l("5 – very satisfied")),
]
PERIOD_DAYS = (30, 90, 365)
CHOOSE_UNIT = _l("Choose the agency that served you.")
CHOOSE_AREA = _l("Choose the service you used.")
CHOOSE_RATING = _l("Choose a rating from 1 to 5.")


def unix_newlines(value: str | None) -> str | None:
    """WTForms filter: browsers send line breaks as CRLF but count them as one character against
    `maxlength`; counting them as one here too keeps the two limits the same."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def optional_id(value: str | None) -> int | None:
    """SelectField coercion where the empty first option means "none"."""
    return id_choice(value) if value not in (None, "") else None


class ProposalForm(FlaskForm):
    title = StringField(_l("Topic"), validators=[required(), max_length(200)], filters=[strip_text],
                        render_kw={"maxlength": 200})
    description = TextAreaField(
        _l("Why is this training needed, and for whom?"), validators=[required(), max_length(2000)],
        filters=[unix_newlines, strip_text], render_kw={"rows": 5, "maxlength": 2000})
    competency_id = SelectField(_l("Competency it develops (optional)"), coerce=optional_id,
                                validators=[Optional()], invalid_choice_message=UNKNOWN_COMPETENCY,
                                invalid_value_message=UNKNOWN_COMPETENCY)

    def set_competencies(self, competencies: list[tuple[int, str]]) -> None:
        self.competency_id.choices = [SelectChoice("", _l("— none —"))] + [
            SelectChoice(id_, name) for id_, name in competencies]


class ProposalStatusForm(FlaskForm):
    status = SelectField(
        _l("Status"), validators=[required()],
        choices=[SelectChoice(value, label) for value, label in PROPOSAL_STATUS_LABELS.items()])


class FeedbackForm(FlaskForm):
    """No field asks who the citizen is. `website` is the honeypot: hidden from people (CSS and
    aria-hidden), skipped by the keyboard, so only a robot fills it in."""

    unit_id = SelectField(_l("Which agency (OPD) served you?"), coerce=optional_id,
                          validators=[DataRequired(message=CHOOSE_UNIT)], invalid_choice_message=CHOOSE_UNIT,
                          invalid_value_message=CHOOSE_UNIT)
    service_area = SelectField(
        _l("Which service was it?"), validators=[DataRequired(message=CHOOSE_AREA)],
        invalid_choice_message=CHOOSE_AREA,
        choices=[SelectChoice("", _l("— choose —"))] + [
            SelectChoice(value, label) for value, label in SERVICE_AREA_LABELS.items()])
    rating = RadioField(_l("How satisfied are you with the service?"), coerce=int, choices=RATING_CHOICES,
                        invalid_choice_message=CHOOSE_RATING, invalid_value_message=CHOOSE_RATING)
    comment = TextAreaField(_l("What went well, and what should improve? (optional)"),
                            validators=[max_length(MAX_COMMENT_LENGTH)], filters=[unix_newlines, strip_text],
                            render_kw={"rows": 5, "maxlength": MAX_COMMENT_LENGTH})
    website = StringField(_l("Leave this field empty"),
                          render_kw={"autocomplete": "off", "tabindex": "-1", "aria-hidden": "true"})

    def set_units(self, units: list[SelectChoice]) -> None:
        self.unit_id.choices = [SelectChoice("", _l("— choose —")), *units]


@dataclass(frozen=True)
class FeedbackFilter:
    unit_id: int | None = None
    days: int = 90


def feedback_filter(args: MultiDict) -> FeedbackFilter:
    """Unknown values fall back to the defaults instead of an error: the page is a bookmark."""
    days = bounded_int(args.get("days"))
    return FeedbackFilter(bounded_int(args.get("unit")), days if days in PERIOD_DAYS else 90)


def status_filter(args: MultiDict, default: str | None) -> str | None:
    """The status whose proposals to list; "all" (or an unknown value with no default) lists every one."""
    status = args.get("status", default)
    return status if status in PROPOSAL_STATUS_LABELS else None
