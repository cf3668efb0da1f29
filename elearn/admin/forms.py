"""Admin forms: accounts and units."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from elearn.auth.models import Role
from elearn.auth.services import MIN_PASSWORD_LENGTH
from elearn.forms import MultiCheckboxField, strip_text

GRADES = [f"{g}/{s}" for g in ("I", "II", "III") for s in "abcd"] + [f"IV/{s}" for s in "abcde"]
ROLE_LABELS = {
    Role.LEARNER: _l("Learner"),
    Role.INSTRUCTOR: _l("Instructor"),
    Role.MENTOR: _l("Mentor"),
    Role.ADMIN: _l("Administrator"),
}



class AccountForm(FlaskForm):
    """An admin creating an account; uniqueness and the NIP rules are checked by the service."""

    nip = StringField(_l("NIP"), validators=[DataRequired(), Length(max=18)], filters=[strip_text])
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )
    unit_id = SelectField(_l("Unit (OPD)"), coerce=int, validators=[DataRequired()])
    regency_id = SelectField(_l("Regency or city"), coerce=int, validators=[DataRequired()])
    position = StringField(_l("Position (jabatan)"), validators=[DataRequired(), Length(max=200)])
    grade = SelectField(
        _l("Grade (golongan)"),
        choices=[("", _l("— none —"))] + [(g, g) for g in GRADES],
        validators=[Optional()],
    )
    roles = MultiCheckboxField(
        _l("Roles"),
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
        default=[Role.LEARNER.value],
    )


class UnitForm(FlaskForm):
    name = StringField(_l("Name of the unit (OPD)"), validators=[DataRequired(), Length(max=200)])
