"""The certification forms (the services check every value; these only parse)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from certification.declarations import DECLARATIONS
from portal.forms import DateRange, VersionField

# An exam session is scheduled at most this many years ahead (BAUP plans its sessions yearly).
EXAM_YEARS_AHEAD = 5

LEVEL_CHOICES = [
    SelectChoice("D", _l("D: Certified Project Management Associate")),
    SelectChoice("C", _l("C: Certified Project Manager")),
    SelectChoice("B", _l("B: Certified Senior Project Manager")),
]
LANGUAGE_CHOICES = [SelectChoice("bg", _l("Bulgarian")), SelectChoice("en", _l("English"))]


class RegistrationForm(FlaskForm):
    full_name = StringField(
        _l("Names as in your identity card"), validators=[DataRequired(), Length(max=255)]
    )
    personal_number = StringField(_l("ЕГН or ЛНЧ"), validators=[DataRequired(), Length(max=10)])
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=255)]
    )
    level = SelectField(_l("Level"), choices=LEVEL_CHOICES, validate_choice=False)
    recertification = BooleanField(_l("Recertification of a certificate I hold"))
    language = SelectField(_l("Language of the procedure"), choices=LANGUAGE_CHOICES, validate_choice=False)


class StepForm(FlaskForm):
    version = VersionField(validators=[InputRequired()])


class ApplicationForm(StepForm):
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=100)])
    language = SelectField(_l("Language of the procedure"), choices=LANGUAGE_CHOICES, validate_choice=False)
    self_assessment = TextAreaField(_l("Self-assessment"), validators=[Optional(), Length(max=20000)])
    report_project = StringField(
        _l("Level C: the project of your report"), validators=[Optional(), Length(max=500)]
    )
    report_sector = StringField(_l("Level C: its sector"), validators=[Optional(), Length(max=200)])
    previous_certificate = StringField(
        _l("Recertification: the number of your certificate"), validators=[Optional(), Length(max=64)]
    )
    previous_issuer = StringField(
        _l("Recertification: the issuer of that certificate, if not BAUP"),
        validators=[Optional(), Length(max=255)],
    )
    # The declarations: their texts are certification.declarations', shared with the PDF forms.
    consents_data = BooleanField(DECLARATIONS["consents_data"])
    data_accurate = BooleanField(DECLARATIONS["data_accurate"])
    knows_conditions = BooleanField(DECLARATIONS["knows_conditions"])
    lists_public = BooleanField(DECLARATIONS["lists_public"])
    knows_misuse = BooleanField(DECLARATIONS["knows_misuse"])
    ethics = BooleanField(DECLARATIONS["ethics"])


class RefereeForm(FlaskForm):
    referee_name = StringField(_l("Referee's name"), validators=[DataRequired(), Length(max=255)])
    referee_contact = StringField(_l("How to reach them"), validators=[DataRequired(), Length(max=255)])


class ProjectForm(FlaskForm):
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("project", _l("Project")),
            SelectChoice("programme", _l("Programme")),
            SelectChoice("portfolio", _l("Portfolio")),
        ],
        validate_choice=False,
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=500)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=255)])
    role = StringField(_l("Your role"), validators=[DataRequired(), Length(max=255)])
    started_on = DateField(_l("From"), validators=[DataRequired(), DateRange()])
    ended_on = DateField(_l("To (empty if ongoing)"), validators=[Optional(), DateRange()])
    intensity = StringField(_l("Intensity (e.g. full time, 50 %)"), validators=[Optional(), Length(max=100)])


class FileForm(FlaskForm):
    file = FileField(_l("File (PDF, JPEG or PNG)"))


class ReviewForm(StepForm):
    outcome = SelectField(
        _l("Outcome"),
        choices=[SelectChoice("complete", _l("Complete")), SelectChoice("incomplete", _l("Incomplete"))],
        validate_choice=False,
    )
    deadline = DateField(_l("Deadline to complete (if incomplete)"), validators=[Optional(), DateRange()])
    note = TextAreaField(_l("What is missing (if incomplete)"), validators=[Optional(), Length(max=5000)])


class DecisionForm(StepForm):
    outcome = SelectField(
        _l("Decision"),
        choices=[SelectChoice("admit", _l("Admit")), SelectChoice("refuse", _l("Refuse"))],
        validate_choice=False,
    )
    decided_on = DateField(_l("Date of the decision"), validators=[DataRequired(), DateRange()])
    grounds = SelectMultipleField(
        _l("Grounds of a refusal"),
        choices=[
            SelectChoice("incomplete", _l("Incomplete documents")),
            SelectChoice("unpaid_fee", _l("Fee not paid")),
            SelectChoice("experience", _l("Insufficient experience or competence (not for D)")),
            SelectChoice("sanction", _l("A valid sanction")),
        ],
        validate_choice=False,
    )
    reasons = TextAreaField(_l("Reasons"), validators=[Optional(), Length(max=10000)])


class OpinionForm(FlaskForm):
    favourable = SelectField(
        _l("Entry requirements"),
        choices=[SelectChoice("yes", _l("Met")), SelectChoice("no", _l("Not met"))],
        validate_choice=False,
    )
    text = TextAreaField(_l("Reasons"), validators=[DataRequired(), Length(max=10000)])


YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


class HearingForm(FlaskForm):
    finding = TextAreaField(_l("The misleading data found"), validators=[DataRequired(), Length(max=10000)])
    hearing_on = DateField(_l("Day of the hearing"), validators=[DataRequired(), DateRange()])


class HearingOutcomeForm(FlaskForm):
    attended = SelectField(_l("The applicant came to the hearing"), choices=YES_NO, validate_choice=False)
    confirmed = SelectField(
        _l("If heard: the data were found misleading"),
        choices=[SelectChoice("", "—"), *YES_NO],
        validate_choice=False,
    )
    outcome = TextAreaField(_l("What came of the hearing"), validators=[Optional(), Length(max=10000)])
    good_reason = TextAreaField(
        _l("If not heard: the applicant's good reason, if any"), validators=[Optional(), Length(max=5000)]
    )


class SessionForm(FlaskForm):
    level = SelectField(
        _l("Level"), choices=[SelectChoice("D", "D"), SelectChoice("C", "C")], validate_choice=False
    )
    starts_at = DateTimeLocalField(
        _l("Date and time"),
        format="%Y-%m-%dT%H:%M",
        validators=[DataRequired(), DateRange(years_ahead=EXAM_YEARS_AHEAD)],
    )
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=255)])


class LookupForm(FlaskForm):
    candidate_id = StringField(_l("Your candidate ID"), validators=[DataRequired(), Length(max=20)])
    exam_day = DateField(_l("Date of the exam"), validators=[DataRequired(), DateRange()])
    access_code = StringField(_l("Your personal access code"), validators=[Optional(), Length(max=40)])
