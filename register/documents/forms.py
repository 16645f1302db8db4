"""The forms of the documents' pages: entering a document, fixing it, NAPOO's check, the
registration and a duplicate."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.forms import DateRange, VersionField
from register.documents import rules


class DocumentForm(FlaskForm):
    """A new document for a person on one of the centre's courses."""

    participant = SelectField(_l("Person (course list)"), coerce=int, validators=[InputRequired()])
    kind = SelectField(_l("Kind of document"), choices=[SelectChoice(k, k) for k in rules.KINDS])
    series = StringField(_l("Series of the blank"), validators=[Optional(), Length(max=20)])
    factory_number = StringField(_l("Factory number of the blank"), validators=[Optional(), Length(max=20)])
    parent = SelectField(_l("Document the supplement belongs to"), coerce=int, validators=[Optional()])


class StepForm(FlaskForm):
    """What every step carries: the version of the document the page showed."""

    version = VersionField(validators=[InputRequired()])


class EditForm(StepForm):
    series = StringField(_l("Series of the blank"), validators=[Optional(), Length(max=20)])
    factory_number = StringField(_l("Factory number of the blank"), validators=[Optional(), Length(max=20)])
    holder_name = StringField(_l("Name as on the document"), validators=[Optional(), Length(max=300)])


class CheckForm(StepForm):
    """NAPOO's check: the officer's conditions are read by code beside it (met_<code>, note_<code>)."""

    fix_deadline = DateField(_l("Term to fix the mismatch"), validators=[Optional(), DateRange()])


class RegisterForm(StepForm):
    registration_number = StringField(
        _l("Registration number (registration book)"), validators=[DataRequired(), Length(max=50)]
    )
    registered_on = DateField(_l("Registration date"), validators=[DataRequired(), DateRange()])
    images = MultipleFileField(_l("Scanned colour images (PDF, JPEG or PNG)"))


class DuplicateForm(FlaskForm):
    series = StringField(_l("Series of the duplicate's blank"), validators=[Optional(), Length(max=20)])
    factory_number = StringField(
        _l("Factory number of the duplicate's blank"), validators=[Optional(), Length(max=20)]
    )
    holder_name = StringField(
        _l("The holder's current names (if changed, art. 17)"), validators=[Optional(), Length(max=300)]
    )
