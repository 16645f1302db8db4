"""The forms of information days and consultations: they parse what was typed; the rules are the
services'."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from portal.forms import DateRange

from .labels import FORM_LABELS


class ScheduleForm(FlaskForm):
    """The Board's decision adopting a year's schedule."""

    year = IntegerField(_l("Year of the schedule"), validators=[DataRequired(), NumberRange(2000, 2200)])
    decision_number = StringField(
        _l("Number of the Board's decision"), validators=[DataRequired(), Length(max=40)]
    )
    decision_date = DateField(_l("Date of the decision"), validators=[DataRequired(), DateRange()])


class DayForm(FlaskForm):
    """One information day of the schedule."""

    day = DateField(_l("Date"), validators=[DataRequired(), DateRange()])
    starts_at = StringField(_l("Starts at (HH:MM)"), validators=[DataRequired(), Length(max=5)])
    topic = StringField(_l("Topic"), validators=[DataRequired(), Length(max=300)])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    online_link = StringField(_l("Online link"), validators=[Optional(), Length(max=500)])
    capacity = IntegerField(_l("Places"), validators=[DataRequired(), NumberRange(1, 10000)])


class RegistrationForm(FlaskForm):
    """A person registers for an information day."""

    full_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    consent = BooleanField(_l("I agree that BAUP keeps my name and e-mail to organise this information day"))


class ConsultationForm(FlaskForm):
    """A consultation the Group gave (004 ал.7)."""

    given_on = DateField(_l("Date"), validators=[DataRequired(), DateRange()])
    asked_by = StringField(_l("Who asked"), validators=[DataRequired(), Length(max=200)])
    contacts = StringField(_l("Contacts for the answer"), validators=[DataRequired(), Length(max=300)])
    form = SelectField(
        _l("Form of the consultation"),
        choices=[SelectChoice(k, v) for k, v in FORM_LABELS.items()],
        validate_choice=False,
    )
    questions = TextAreaField(_l("The questions"), validators=[DataRequired(), Length(max=20000)])
    answers = TextAreaField(_l("The answers given"), validators=[DataRequired(), Length(max=20000)])
    assessor = SelectField(_l("Certified assessor present"), choices=[], validate_choice=False)
