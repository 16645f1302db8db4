"""The licensing application's forms: registration and the staff's and applicant's steps."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional


class RegistrationForm(FlaskForm):
    """Step 1: who applies."""

    organisation_name = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=255)])
    eik = StringField(_l("ЕИК/BULSTAT"), validators=[DataRequired(), Length(max=13)])
    representative = StringField(_l("Representative"), validators=[DataRequired(), Length(max=255)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=255)])


class StepForm(FlaskForm):
    """What every step carries: the version of the application the page showed."""

    version = HiddenField(validators=[DataRequired()])


class FilingForm(StepForm):
    filed_on = DateField(_l("Date of filing"), validators=[DataRequired()])
    incoming_number = StringField(_l("NAPOO incoming number"), validators=[DataRequired(), Length(max=64)])


class SignedFilingForm(StepForm):
    signed = FileField(_l("The signed application (PDF signed with a qualified e-signature, or a .p7s)"))


class LetterForm(StepForm):
    sent_on = DateField(_l("Date of the letter"), validators=[DataRequired()])
    deadline = DateField(_l("Deadline for the fixes"), validators=[DataRequired()])
    items = TextAreaField(_l("Irregularities, one per line"), validators=[DataRequired(), Length(max=10000)])


class FixesForm(StepForm):
    fixed_on = DateField(_l("Date the fixes were filed"), validators=[DataRequired()])
    note = TextAreaField(_l("What was fixed"), validators=[Optional(), Length(max=10000)])


class RegularForm(StepForm):
    on_date = DateField(_l("Date of the check"), validators=[DataRequired()])


class WithdrawForm(StepForm):
    pass


class RefusalForm(StepForm):
    on_date = DateField(_l("Date of the order"), validators=[DataRequired()])
    reasons = TextAreaField(_l("Reasons"), validators=[DataRequired(), Length(max=10000)])
