"""Forms for accounts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.web import parse_version


class VersionField(HiddenField):
    """The version of the record the page showed (the optimistic lock), as an int. A garbled value
    reads as -1, so the service's lock answers it with its message (the record changed): no 500."""

    def process_formdata(self, valuelist):
        """Parse strictly (ASCII digits, within the column's range)."""
        self.data = parse_version(valuelist[0]) if valuelist else None


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class SetPasswordForm(FlaskForm):
    """A new password, twice."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=12, message=_l("At least 12 characters."))],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
