"""The forms of a centre's courses, participants and blanks: they parse what was typed; the rules
are the services' (register.documents.courses)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.forms import DateRange, VersionField
from register.documents.courses import ENTRY_EDUCATION_LABELS, SEX_LABELS, TRAINING_FORM_LABELS
from register.documents.labels import COURSE_KIND_LABELS
from register.documents.models import FRAMEWORK_PROGRAMMES


def _choices(pairs):
    """SelectChoice items of (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class CourseForm(FlaskForm):
    """A course: the licence and speciality, kind, programme, form, dates and hours."""

    version = VersionField()
    licence = SelectField(_l("Licence"), coerce=int, validators=[InputRequired()], validate_choice=False)
    speciality = SelectField(_l("Speciality"), validators=[InputRequired()], validate_choice=False)
    kind = SelectField(_l("Kind"), choices=_choices(COURSE_KIND_LABELS.items()), validate_choice=False)
    framework_programme = SelectField(
        _l("Framework programme"),
        choices=_choices((p, p) for p in FRAMEWORK_PROGRAMMES),
        validate_choice=False,
    )
    training_form = SelectField(
        _l("Form of training"), choices=_choices(TRAINING_FORM_LABELS.items()), validate_choice=False
    )
    starts_on = DateField(_l("Begins on"), validators=[DataRequired(), DateRange()])
    ends_on = DateField(_l("Ends on"), validators=[Optional(), DateRange()])
    hours = IntegerField(_l("Hours"), validators=[InputRequired()])


class ProtocolForm(FlaskForm):
    """The exam protocol."""

    version = VersionField(validators=[InputRequired()])
    exam_protocol_number = StringField(_l("Protocol number"), validators=[DataRequired(), Length(max=50)])
    exam_protocol_date = DateField(_l("Protocol date"), validators=[DataRequired(), DateRange()])


class ParticipantForm(FlaskForm):
    """A person on the course's list (001 annex 2 т. 1)."""

    personal_number = StringField(_l("ЕГН or ЛНЧ"), validators=[DataRequired(), Length(max=20)])
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100)])
    middle_name = StringField(_l("Middle name"), validators=[Optional(), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100)])
    birth_date = DateField(_l("Date of birth"), validators=[DataRequired(), DateRange()])
    sex = SelectField(_l("Sex"), choices=_choices([("", "—"), *SEX_LABELS.items()]), validate_choice=False)
    citizenship = StringField(_l("Citizenship"), validators=[Optional(), Length(max=60)])
    entry_education = SelectField(
        _l("Entry level of education"),
        choices=_choices([("", "—"), *ENTRY_EDUCATION_LABELS.items()]),
        validate_choice=False,
    )


class ImportForm(FlaskForm):
    """A CSV file of participants."""

    file = FileField(_l("CSV file"))
