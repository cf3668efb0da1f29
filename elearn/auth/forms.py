"""Sign-in, password and account forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import EqualTo, Length

from elearn.accounts.passwords import MIN_PASSWORD_LENGTH, PASSWORD_LENGTH_MESSAGE
from elearn.core.forms import max_length, required


class LoginForm(FlaskForm):
    identifier = StringField(_l("NIP or email"), validators=[required(), max_length(254)])
    password = PasswordField(_l("Password"), validators=[required(), max_length(200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[required()])
    new_password = PasswordField(
        _l("New password"),
        validators=[required(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_LENGTH_MESSAGE)],
    )
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[required(), EqualTo("new_password", _l("The two passwords differ."))],
    )
