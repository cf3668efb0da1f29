"""The admin's revocation form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from elearn.core.forms import max_length, required, strip_text


class RevokeForm(FlaskForm):
    """The reason is shown on the public verification page, so it is required."""

    reason = TextAreaField(_l("Reason for revoking"), validators=[required(), max_length(1000)],
                           filters=[strip_text], render_kw={"rows": 3})
