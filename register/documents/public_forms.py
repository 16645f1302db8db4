"""The public verification form: the kind, series and number, and the holder's ЕГН/ЛНЧ."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.identity_rules import egn_is_valid, lnch_is_valid
from register.documents import rules
from register.documents.identity import normalise_personal_number
from register.documents.labels import KIND_LABELS


class VerifyForm(FlaskForm):
    """Every field is required (the series where the kind has one): nothing is answered on the
    number alone."""

    kind = SelectField(_l("Kind of document"), choices=[], validators=[DataRequired()])
    series = StringField(_l("Series"), validators=[Length(max=20)])
    number = StringField(_l("Number"), validators=[DataRequired(), Length(max=50)])
    personal_number = StringField(
        _l("The holder's ЕГН or ЛНЧ"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(kind, KIND_LABELS[kind]) for kind in rules.document_kinds()]

    def validate_series(self, field):
        """A kind whose blank carries a series and factory number needs the series."""
        if rules.factory_numbered(self.kind.data) and not (field.data or "").strip():
            raise ValidationError(_l("This kind of document has a series: type it as printed."))

    def validate_personal_number(self, field):
        """An ЕГН or ЛНЧ with a valid check digit (nothing is looked up for a mistyped one)."""
        digits = normalise_personal_number(field.data)
        if not (egn_is_valid(digits) or lnch_is_valid(digits)):
            raise ValidationError(_l("This is not a valid ЕГН or ЛНЧ: check its 10 digits."))
