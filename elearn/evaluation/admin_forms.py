"""Admin forms for evaluation: the OPD result figures of level 4."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import ValidationError

from elearn.core.forms import id_choice, required, strip_text
from elearn.evaluation.outcomes import METRICS

MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(text: str | None) -> date | None:
    """'2026-05' (what a month input sends, and what people type where it is a text box) -> 1 May 2026."""
    match = MONTH.fullmatch(text or "")
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
        return None
    return date(int(match[1]), int(match[2]), 1)


def parse_number(text: str | None) -> float | None:
    """A number as typed in Indonesia ('87,5') or elsewhere ('87.5'); None when it is not one."""
    try:
        return float((text or "").replace(",", "."))
    except ValueError:
        return None


class OutcomeFigureForm(FlaskForm):
    """One month's figure of one OPD; the ranges per metric are checked by the outcomes service."""

    unit_id = SelectField(_l("Unit (OPD)"), coerce=id_choice, validators=[required()])
    metric = SelectField(_l("Figure"), validators=[required()],
                         choices=[SelectChoice(key, metric.label) for key, metric in METRICS.items()])
    month = StringField(_l("Month"), validators=[required()], filters=[strip_text],
                        render_kw={"type": "month", "placeholder": "2026-05", "maxlength": 7})
    value = StringField(_l("Value"), validators=[required()], filters=[strip_text],
                        render_kw={"inputmode": "decimal", "maxlength": 20})

    def validate_month(self, field) -> None:
        if parse_month(field.data) is None:
            raise ValidationError(_l("Enter the month as year and month, for example 2026-05."))

    def validate_value(self, field) -> None:
        number = parse_number(field.data)
        if number is None or number != number or number in (float("inf"), float("-inf")):
            raise ValidationError(_l("Enter a number, for example 87.5."))
