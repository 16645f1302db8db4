"""The licensing application's forms: registration and the staff's and applicant's steps."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from portal.forms import DateRange, VersionField
from register import places
from register.forms import SettlementField


class RegistrationForm(FlaskForm):
    """Step 1: who applies."""

    organisation_name = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=255)])
    eik = StringField(_l("ЕИК/BULSTAT"), validators=[DataRequired(), Length(max=13)])
    representative = StringField(_l("Representative"), validators=[DataRequired(), Length(max=255)])
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=255)]
    )


class StepForm(FlaskForm):
    """What every step carries: the version of the application the page showed."""

    version = VersionField(validators=[InputRequired()])


class FilingForm(StepForm):
    filed_on = DateField(_l("Date of filing"), validators=[DataRequired(), DateRange()])
    incoming_number = StringField(_l("NAPOO incoming number"), validators=[DataRequired(), Length(max=64)])


class SignedFilingForm(StepForm):
    signed = FileField(_l("The signed application (PDF signed with a qualified e-signature, or a .p7s)"))


class LetterForm(StepForm):
    sent_on = DateField(_l("Date of the letter"), validators=[DataRequired(), DateRange()])
    deadline = DateField(_l("Deadline for the fixes"), validators=[DataRequired(), DateRange()])
    items = TextAreaField(_l("Irregularities, one per line"), validators=[DataRequired(), Length(max=10000)])


class FixesForm(StepForm):
    fixed_on = DateField(_l("Date the fixes were filed"), validators=[DataRequired(), DateRange()])
    note = TextAreaField(_l("What was fixed"), validators=[Optional(), Length(max=10000)])


class RegularForm(StepForm):
    on_date = DateField(_l("Date of the check"), validators=[DataRequired(), DateRange()])


class WithdrawForm(StepForm):
    pass


class RefusalForm(StepForm):
    on_date = DateField(_l("Date of the order"), validators=[DataRequired(), DateRange()])
    reasons = TextAreaField(_l("Reasons"), validators=[DataRequired(), Length(max=10000)])


class ProfileForm(StepForm):
    """Step 3: the centre and how the order reaches the applicant (saved as typed)."""

    centre_name = StringField(_l("Name of the centre"), validators=[Optional(), Length(max=500)])
    centre_kind = SelectField(
        _l("Kind of centre"),
        validate_choice=False,  # register.licensing.services.save_profile checks the value
        choices=[
            SelectChoice("cpo", _l("Vocational training centre (ЦПО)")),
            SelectChoice("cipo", _l("Information and vocational guidance centre (ЦИПО)")),
        ],
    )
    settlement = SettlementField(
        _l("Seat: settlement"), validators=[Optional(), Length(max=places.MAX_TYPED)]
    )
    address = StringField(_l("Address"), validators=[Optional(), Length(max=500)])
    postcode = StringField(_l("Post code"), validators=[Optional(), Length(max=4)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=100)])
    delivery_channel = SelectField(
        _l("Delivery of the order and the licence"),
        validate_choice=False,
        choices=[
            SelectChoice("", "—"),
            SelectChoice("email", _l("By e-mail")),
            SelectChoice("in_person", _l("In person at NAPOO")),
            SelectChoice("post", _l("By post")),
        ],
    )


class InspectionForm(FlaskForm):
    """Step 8: a visit to a training base or the office."""

    visited_on = DateField(_l("Date of the visit"), validators=[DataRequired(), DateRange()])
    place = StringField(_l("Training base or office visited"), validators=[DataRequired(), Length(max=500)])
    findings = TextAreaField(_l("Findings"), validators=[DataRequired(), Length(max=20000)])
    photos = MultipleFileField(_l("Photos (JPEG, PNG or PDF)"))


class OrderForm(StepForm):
    """Step 9: the chair's order."""

    order_number = StringField(_l("Number of the order"), validators=[DataRequired(), Length(max=64)])
    order_date = DateField(_l("Date of the order"), validators=[DataRequired(), DateRange()])


class PremisesForm(FlaskForm):
    """Step 3: a training base or the office, with its ownership or rent document."""

    kind = SelectField(
        _l("Premises"),
        validate_choice=False,  # services.add_premises checks every value
        choices=[SelectChoice("training_base", _l("Training base")), SelectChoice("office", _l("Office"))],
    )
    settlement = SettlementField(_l("Settlement"), validators=[DataRequired(), Length(max=places.MAX_TYPED)])
    address = StringField(_l("Address"), validators=[DataRequired(), Length(max=500)])
    use = SelectField(
        _l("Used for (training bases)"),
        validate_choice=False,
        choices=[
            SelectChoice("both", _l("Theory and practice")),
            SelectChoice("theory", _l("Theory")),
            SelectChoice("practice", _l("Practice")),
        ],
    )
    tenure = SelectField(
        _l("Owned or rented"),
        validate_choice=False,
        choices=[SelectChoice("owned", _l("Owned")), SelectChoice("rented", _l("Rented"))],
    )
    document = FileField(_l("Document of ownership or rent contract (PDF, JPEG or PNG)"))


class DocumentForm(FlaskForm):
    """Step 3: one of the required documents."""

    file = FileField(_l("File (PDF, JPEG or PNG)"))


class DeliveryForm(StepForm):
    """Step 10: how and when the order and the licence were delivered."""

    channel = SelectField(
        _l("Delivered"),
        validate_choice=False,  # services.record_delivery checks the value
        choices=[
            SelectChoice("email", _l("By e-mail")),
            SelectChoice("in_person", _l("In person at NAPOO")),
            SelectChoice("post", _l("By post")),
        ],
    )
    on_date = DateField(_l("Date of delivery"), validators=[DataRequired(), DateRange()])
