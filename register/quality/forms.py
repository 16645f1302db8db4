"""The self-assessment's forms: they parse what was typed; the rules are the services'."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.forms import VersionField
from register.quality.labels import SOURCE_LABELS, STATUS_LABELS


def _choices(labels):
    """An empty choice ("not recorded") and then the labels' (code, label) pairs."""
    return [SelectChoice("", _l("— not recorded —")), *(SelectChoice(k, v) for k, v in labels.items())]


class FollowUpForm(FlaskForm):
    """A graduate's status at 6 and 12 months and where the centre learnt it."""

    version = VersionField()
    status_6 = SelectField(
        _l("Status 6 months after the document"), choices=_choices(STATUS_LABELS), validate_choice=False
    )
    status_12 = SelectField(
        _l("Status 12 months after the document"), choices=_choices(STATUS_LABELS), validate_choice=False
    )
    source = SelectField(
        _l("Source of the information"), choices=_choices(SOURCE_LABELS), validate_choice=False
    )


class IndicatorForm(FlaskForm):
    """An indicator NAPOO adds to a year's form."""

    criterion = StringField(_l("Criterion"), validators=[DataRequired(), Length(max=200)])
    title = StringField(_l("Indicator"), validators=[DataRequired(), Length(max=300)])
    guidance = TextAreaField(_l("What the centre gives as evidence"), validators=[Length(max=4000)])
