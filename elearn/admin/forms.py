"""Admin forms: accounts, units and mentor assignments."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from markupsafe import Markup
from wtforms import EmailField, Field, IntegerField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from elearn.accounts.models import Role
from elearn.accounts.passwords import MIN_PASSWORD_LENGTH, PASSWORD_LENGTH_MESSAGE
from elearn.core.forms import (
    MultiCheckboxField,
    id_choice,
    max_length,
    required,
    strip_text,
    valid_email,
    valid_id,
)

GRADES = [f"{g}/{s}" for g in ("I", "II", "III") for s in "abcd"] + [f"IV/{s}" for s in "abcde"]
ROLE_LABELS = {
    Role.LEARNER: _l("Learner"),
    Role.INSTRUCTOR: _l("Instructor"),
    Role.MENTOR: _l("Mentor"),
    Role.ADMIN: _l("Administrator"),
}
MAX_UPLOAD_BYTES = 1024 * 1024
# Room for a NIP pasted in its official grouping (19850515 201001 1 001); the spaces are removed.
NIP_INPUT = {"maxlength": 21, "inputmode": "numeric", "autocomplete": "off"}


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
    unit_id = SelectField(_l("Unit (OPD)"), coerce=id_choice, validators=[required()])
    regency_id = SelectField(_l("Regency or city"), coerce=id_choice, validators=[required()])
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


def without_spaces(value: str | None) -> str | None:
    """WTForms filter: NIPs are often written in groups (19900101 201501 1 001)."""
    return "".join(value.split()) if isinstance(value, str) else value


class AssignMentorForm(FlaskForm):
    """One mentor for one mentee; the checks are those of a CSV row, made by the import service."""

    mentor_nip = StringField(_l("Mentor's NIP"), validators=[required(), max_length(18)],
                             filters=[without_spaces], render_kw=NIP_INPUT)
    mentee_nip = StringField(_l("Mentee's NIP"), validators=[required(), max_length(18)],
                             filters=[without_spaces], render_kw=NIP_INPUT)


class AssignmentUploadForm(FlaskForm):
    csv_file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(message=_l("Choose a CSV file.")),
            FileAllowed(["csv"], message=_l("Choose a file whose name ends in .csv.")),
            FileSize(MAX_UPLOAD_BYTES, message=_l("The file must be at most 1 MB.")),
        ],
        render_kw={"accept": ".csv,text/csv"},
    )


def hidden_row_inputs(field: Field, **kwargs) -> Markup:
    hidden_input = Markup('<input type="hidden" name="{}" value="{}">')
    return Markup("").join(hidden_input.format(field.name, value) for value in field._value())


class CheckedRowsField(Field):
    """The rows a preview found good, carried to the confirm step in hidden inputs ("row,mentor NIP,mentee
    NIP"): the server keeps no state between the two steps, and the confirm step checks them again."""

    widget = staticmethod(hidden_row_inputs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            self.data = [self._parse(value) for value in valuelist]

    @staticmethod
    def _parse(value: str) -> tuple[int, str, str]:
        parts = value.split(",")
        if len(parts) != 3 or not parts[0].isdigit():
            raise ValueError(_l("The rows to save could not be read."))
        return int(parts[0]), parts[1], parts[2]

    def _value(self) -> list[str]:
        return [f"{number},{mentor_nip},{mentee_nip}" for number, mentor_nip, mentee_nip in self.data or ()]


class ConfirmAssignmentsForm(FlaskForm):
    rows = CheckedRowsField(default=list, validators=[required()])


class EndAssignmentForm(FlaskForm):
    assignment_id = IntegerField(validators=[required(), valid_id()])
