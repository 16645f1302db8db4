"""The staff form for licence events and archive designations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.forms import DateRange
from register import places, rules
from register.labels import EVENT_LABELS

ARCHIVE_NAMES = (
    "order_number",
    "order_date",
    "school_name",
    "school_settlement",
    "school_address",
    "school_contacts",
    "handover_deadline",
    "location_text",
    "outside_region_reason",
)
DATES = {"order_date", "handover_deadline"}


class SettlementField(StringField):
    """A settlement typed by name ("Пловдив", "гр. Пловдив", "Plovdiv", "Бяла, Русе") or by its EKATTE
    code (places.resolve_settlement). Once valid its data is the code; a name that fits several
    settlements, or none, leaves them in `candidates` for the page to offer. The page suggests names
    as they are typed (templates/_form.html); the server's resolution works without JavaScript."""

    def __init__(self, label=None, validators=None, **kwargs):
        """A text field; `validators` should hold Length(max=places.MAX_TYPED) (nothing is cut)."""
        super().__init__(label, validators, **kwargs)
        self.candidates = []

    def post_validate(self, form, validation_stopped):
        """Resolve what was typed, after the other validators passed (an empty optional field stops)."""
        if validation_stopped or self.errors or not (self.data or "").strip():
            return
        try:
            self.data = places.resolve_settlement(self.data).ekatte
        except places.PlaceError as error:
            self.candidates = error.candidates
            raise ValidationError(str(error.message)) from None

    def _value(self):
        """A code shown as the settlement it stands for; anything else as typed."""
        place = places.place_of(self.data) if not self.errors else None
        return places.place_text(place) if place else super()._value()


class ArchiveFields:
    """The РУО order's fields (001 art. 28(1)), shared by both forms."""

    archive_order_number = StringField(
        _l("Order number of the Regional Education Directorate"),
        validators=[Optional(), Length(max=50)],
    )
    archive_order_date = DateField(
        _l("Order date of the Regional Education Directorate"), validators=[Optional(), DateRange()]
    )
    archive_school_name = StringField(
        _l("School that keeps the documentation"), validators=[Optional(), Length(max=500)]
    )
    archive_school_settlement = SettlementField(
        _l("School's settlement"), validators=[Optional(), Length(max=places.MAX_TYPED)]
    )
    archive_school_address = StringField(_l("School's address"), validators=[Optional(), Length(max=500)])
    archive_school_contacts = StringField(_l("School's contacts"), validators=[Optional(), Length(max=500)])
    archive_handover_deadline = DateField(
        _l("Deadline for handing over"), validators=[Optional(), DateRange()]
    )
    archive_location_text = TextAreaField(
        _l("Where the archive is kept (public text)"),
        validators=[Optional(), Length(max=rules.ARCHIVE_TEXT_MAX)],
    )

    archive_outside_region_reason = TextAreaField(
        _l("Reason the school is outside the region of the centre's РУО"),
        validators=[Optional(), Length(max=rules.ARCHIVE_TEXT_MAX)],
    )

    def fill_from(self, archive):
        """Show a saved archive designation for correction."""
        for name in ARCHIVE_NAMES:
            attribute = "school_settlement_id" if name == "school_settlement" else name
            getattr(self, f"archive_{name}").data = getattr(archive, attribute)

    def archive_data(self):
        """The archive fields as the service takes them, or None when all are empty."""
        values = {name: getattr(self, f"archive_{name}").data for name in ARCHIVE_NAMES}
        values = {name: value if name in DATES else (value or "") for name, value in values.items()}
        return values if any(values.values()) else None


class LicenceEventForm(FlaskForm, ArchiveFields):
    """Record an event: amendment, revocation, termination, restoration."""

    kind = SelectField(_l("Event"), choices=[], validators=[DataRequired()])
    date = DateField(_l("Date of the order"), validators=[DataRequired(), DateRange(rules.LICENSING_BEGAN)])
    order_number = StringField(_l("Order number"), validators=[DataRequired(), Length(max=50)])
    months = SelectField(
        _l("Period of a temporary revocation"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(str(m), str(m)) for m in rules.TEMPORARY_REVOCATION_MONTHS],
        validators=[Optional()],
    )
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=4000)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])

    def for_status(self, status):
        """Offer only the events the licence's status allows (rules.event_allowed)."""
        self.kind.choices = [
            SelectChoice(kind, str(EVENT_LABELS[kind]))
            for kind in rules.EVENT_KINDS
            if kind != rules.FIRST_LICENSING and rules.event_allowed(kind, status)
        ]
        return self


class ArchiveForm(FlaskForm, ArchiveFields):
    """Record or correct an archive designation on its own, when the РУО order arrives later."""


class ArchiveNoticeForm(FlaskForm):
    """The NAPOO chair's written notice to the head of the РУО of the centre's seat (001 art. 28(1))."""

    number = StringField(_l("Outgoing number of the notice"), validators=[DataRequired(), Length(max=50)])
    date = DateField(_l("Date of the notice"), validators=[DataRequired(), DateRange(rules.LICENSING_BEGAN)])


class ArchiveHandoverForm(FlaskForm):
    """The day the documentation was handed over to the designated school, and its protocol."""

    date = DateField(
        _l("Date of the handover"), validators=[DataRequired(), DateRange(rules.LICENSING_BEGAN)]
    )
    protocol = FileField(_l("Handover protocol (PDF, JPEG or PNG; optional)"))
