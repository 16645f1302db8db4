"""What the pages call the forms of a consultation (004 "Подготовка и консултации" ал.4)."""

from flask_babel import lazy_gettext as _l

from .models import EMAIL, INTERVIEW, PHONE

FORM_LABELS = {
    INTERVIEW: _l("Interview, face to face"),
    PHONE: _l("Telephone, fax or letter"),
    EMAIL: _l("E-mail or the site's question form"),
}
