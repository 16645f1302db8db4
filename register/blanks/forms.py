"""The forms of a centre's blanks: they parse what was typed; the rules are the services'
(register.blanks.services) and the rules module's."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.forms import DateRange, VersionField
from portal.web import MAX_ID
from register.blanks import rules
from register.blanks.labels import BLANK_STATE_LABELS
from register.documents import rules as document_rules
from register.documents.labels import KIND_LABELS

NUMBER = _l("Enter a whole number from 1 to 2,147,483,647.")


def _kinds():
    """The kinds printed with factory numbers."""
    return [
        SelectChoice(k, KIND_LABELS[k])
        for k in document_rules.document_kinds()
        if document_rules.factory_numbered(k)
    ]


class _Range(FlaskForm):
    """A kind, series and range of blanks."""

    kind = SelectField(_l("Kind of document"), choices=_kinds(), validate_choice=False)
    series = StringField(_l("Series"), validators=[DataRequired(), Length(max=20)])
    first_number = IntegerField(
        _l("First number"), validators=[InputRequired(), NumberRange(1, MAX_ID, NUMBER)]
    )
    last_number = IntegerField(
        _l("Last number"), validators=[InputRequired(), NumberRange(1, MAX_ID, NUMBER)]
    )


class ProtocolForm(_Range):
    """A handover protocol (annex 4) with one row, and its scan."""

    direction = SelectField(
        _l("The centre"),
        choices=[
            SelectChoice("received", _l("received the blanks")),
            SelectChoice("given", _l("handed them to another centre")),
        ],
        validate_choice=False,
    )
    number = StringField(_l("Protocol number"), validators=[DataRequired(), Length(max=50)])
    drawn_up_on = DateField(_l("Date of the protocol"), validators=[DataRequired(), DateRange()])
    other_party = StringField(_l("Handed over by (the printer)"), validators=[Optional(), Length(max=300)])
    counterpart = SelectField(_l("Or: the other centre's protocol"), coerce=int, validate_choice=False)
    other_licence = StringField(
        _l("Licence number of the receiving centre"), validators=[Optional(), Length(max=20)]
    )
    scan = FileField(_l("Scanned colour copy (PDF, JPEG or PNG)"))


class RowForm(_Range):
    """One more row of a handover protocol."""


class MarkForm(_Range):
    """Unused blanks marked spoiled or defective."""

    state = SelectField(
        _l("The blanks are"),
        choices=[SelectChoice(s, BLANK_STATE_LABELS[s]) for s in rules.AWAITING_DESTRUCTION],
        validate_choice=False,
    )


class DestructionForm(FlaskForm):
    """The committee's protocol of destroyed blanks, and its scan."""

    number = StringField(_l("Protocol number"), validators=[DataRequired(), Length(max=50)])
    destroyed_on = DateField(_l("Date of the destruction"), validators=[DataRequired(), DateRange()])
    committee = StringField(
        _l("The committee (chair and members)"), validators=[DataRequired(), Length(max=500)]
    )
    kind = SelectField(_l("Kind of document"), choices=_kinds(), validate_choice=False)
    series = StringField(_l("Series"), validators=[DataRequired(), Length(max=20)])
    numbers = TextAreaField(_l("Factory numbers destroyed"), validators=[DataRequired(), Length(max=4000)])
    scan = FileField(_l("Scanned colour copy (PDF, JPEG or PNG)"))


class ScanForm(FlaskForm):
    """The scan of a protocol entered without it."""

    scan = FileField(_l("Scanned colour copy (PDF, JPEG or PNG)"))


class RequestForm(FlaskForm):
    """A request for blanks (001 art. 24(5))."""

    kind = SelectField(_l("Kind of document"), choices=_kinds(), validate_choice=False)
    quantity = IntegerField(_l("Quantity"), validators=[InputRequired(), NumberRange(1, MAX_ID, NUMBER)])


class DecisionForm(FlaskForm):
    """NAPOO's decision on a request."""

    version = VersionField()
    decision = SelectField(
        _l("Decision"),
        choices=[SelectChoice("approve", _l("Approve")), SelectChoice("refuse", _l("Refuse"))],
        validate_choice=False,
    )


class LookupForm(FlaskForm):
    """One blank looked up (a GET form, no CSRF)."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind of document"), choices=_kinds(), validate_choice=False)
    series = StringField(_l("Series"), validators=[Optional(), Length(max=20)])
    number = IntegerField(_l("Factory number"), validators=[Optional(), NumberRange(1, MAX_ID, NUMBER)])
