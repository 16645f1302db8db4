"""Names people read for the licensing application's codes, in the message catalogues."""

from flask_babel import lazy_gettext as _l

from register.licensing import models

STATE_LABELS = {
    models.DRAFT: _l("Being prepared"),
    models.FILED: _l("Filed: being checked"),
    models.AWAITING_FIXES: _l("Waiting for fixes"),
    models.REGULAR: _l("Regular: to the experts"),
    models.IN_ASSESSMENT: _l("Being assessed by the experts"),
    models.EVALUATED: _l("Assessed: the chair's order next"),
    models.LICENSED: _l("Licensed"),
    models.WITHDRAWN: _l("Withdrawn"),
    models.REFUSED: _l("Refused"),
}
KIND_LABELS = {
    models.FIRST_LICENSING: _l("First licensing"),
    models.AMENDMENT: _l("Amendment of the licence"),
}
ACTION_LABELS = {
    "register": _l("Registered"),
    "amend": _l("Amendment applied for"),
    "file": _l("Application filed"),
    "letter": _l("Letter of irregularities"),
    "fixes": _l("Fixes filed"),
    "regular": _l("Found regular"),
    "experts": _l("Letter naming the experts"),
    "inspection": _l("On-site inspection"),
    "confirm": _l("Verdicts confirmed by the expert committee"),
    "order": _l("The chair's order"),
    "deliver": _l("Order and licence delivered"),
    "withdraw": _l("Withdrawn"),
    "refuse": _l("Refused"),
}
STEP_TITLES = {
    "file": _l("Record a paper filing"),
    "file_signed": _l("File the signed application"),  # the applicant's own filing, online
    "letter": _l("Send a letter of irregularities"),
    "fixes": _l("Record the fixes"),
    "regular": _l("Record the documents as regular"),
    "experts": _l("Send the letter naming the experts"),
    "confirm": _l("Record the expert committee's confirmation"),
    "order": _l("Issue the order and the licence"),
    "deliver": _l("Record the delivery of the order and the licence"),
    "withdraw": _l("Withdraw the application"),
    "refuse": _l("Refuse the application"),
}

MISSING_LABELS = {
    "centre_name": _l("the name of the centre"),
    "settlement": _l("the seat (settlement)"),
    "address": _l("the address"),
    "phone": _l("a phone"),
    "delivery_channel": _l("how the order and the licence are to be delivered"),
    "specialities": _l("at least one speciality"),
    "training_base": _l("at least one training base, with its document"),
    "office": _l("the office, with its document"),
    "licensing_form": _l("the licensing form"),
    "curricula": _l("the curricula and training programmes"),
    "rules_of_activity": _l("the rules of the centre's activity"),
    "fee_receipt": _l("the document for the paid fee"),
}
DOCUMENT_LABELS = {
    "licensing_form": _l("Licensing form (NAPOO's template)"),
    "curricula": _l("Curricula and training programmes"),
    "rules_of_activity": _l("Rules of the centre's activity"),
    "fee_receipt": _l("Document for the paid licensing fee"),
}
PREMISES_LABELS = {
    "training_base": _l("Training base"),
    "office": _l("Office"),
    "theory": _l("theory"),
    "practice": _l("practice"),
    "both": _l("theory and practice"),
    "owned": _l("owned"),
    "rented": _l("rented"),
}
DELIVERY_LABELS = {
    "email": _l("by e-mail"),
    "in_person": _l("in person at NAPOO"),
    "post": _l("by post"),
}
