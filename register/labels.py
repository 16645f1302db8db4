"""Names people read for the register's codes, in the message catalogues."""

from flask_babel import lazy_gettext as _l

from register import rules

STATUS_LABELS = {
    rules.ACTIVE: _l("Active"),
    rules.TEMPORARILY_REVOKED: _l("Temporarily revoked"),
    rules.REVOKED: _l("Finally revoked"),
    rules.TERMINATED: _l("Terminated"),
    rules.DELETED: _l("Deleted"),
}
EVENT_LABELS = {
    rules.FIRST_LICENSING: _l("First licensing"),
    rules.AMENDMENT: _l("Licence amended"),
    rules.CHANGES_ENTERED: _l("Changes entered"),
    rules.TEMPORARY_REVOCATION: _l("Temporary revocation"),
    rules.FINAL_REVOCATION: _l("Final revocation"),
    rules.TERMINATION: _l("Termination"),
    rules.RESTORATION: _l("Restoration"),
    rules.DELETION: _l("Deleted from the register"),
}
KIND_LABELS = {
    "cpo": _l("Vocational training centre (ЦПО)"),
    "cipo": _l("Information and vocational guidance centre (ЦИПО)"),
}
SORT_LABELS = {
    "relevance": _l("Best match"),
    "name": _l("Name A–Z"),
    "-name": _l("Name Z–A"),
    "number": _l("Licence number"),
    "-date": _l("Newest licences"),
    "date": _l("Oldest licences"),
    "-changed": _l("Recently changed"),
    "-employment": _l("Employment of graduates, highest first"),
}
