"""Admin forms: accounts and units."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from elearn.auth.models import Role
from elearn.auth.services import MIN_PASSWORD_LENGTH, PASSWORD_LENGTH_MESSAGE
from elearn.forms import MultiCheckboxField, max_length, required, strip_text, valid_email

GRADES = [f"{g}/{s}" for g in ("I", "II", "III") for s in "abcd"] + [f"IV/{s}" for s in "abcde"]
ROLE_LABELS = {
    Role.LEARNER: _l("Learner"),
    Role.INSTRUCTOR: _l("Instructor"),
    Role.MENTOR: _l("Mentor"),
    Role.ADMIN: _l("Administrator"),
}



class AccountForm(FlaskForm):
    """An admin creating an account; uniqueness and the NIP rules are checked by the service."""

    nip = StringField(_l("NIP"), validators=[required(), max_length(18)], filters=[strip_text])
    full_name = StringField(_l("Full name"), validators=[required(), max_length(200)])
    email = EmailField(
        _l("Email"), validators=[required(), valid_email(), max_length(254)]
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[required(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_LENGTH_MESSAGE)],
    )
    unit_id = SelectField(_l("Unit (OPD)"), coerce=int, validators=[required()])
    regency_id = SelectField(_l("Regency or city"), coerce=int, validators=[required()])
    position = StringField(_l("Position (jabatan)"), validators=[required(), max_length(200)])
    grade = SelectField(
        _l("Grade (golongan)"),
        choices=[SelectChoice("", _l("— none —"))] + [SelectChoice(g) for g in GRADES],
        validators=[Optional()],
    )
    roles = MultiCheckboxField(
        _l("Roles"),
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        default=[Role.LEARNER.value],
    )


class UnitForm(FlaskForm):
    name = StringField(_l("Name of the unit (OPD)"), validators=[required(), max_length(200)])
