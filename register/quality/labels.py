"""The words the self-assessment's pages show for its codes, in English (the catalogue has Bulgarian)."""

from flask_babel import lazy_gettext as _l

from register.quality import rules

STATUS_LABELS = {
    rules.IN_PROFESSION: _l("Employed in the profession"),
    rules.ELSEWHERE: _l("Employed elsewhere"),
    rules.EDUCATION: _l("In further education"),
    rules.NOT_EMPLOYED: _l("Not employed"),
    rules.UNKNOWN: _l("Unknown"),
}
# Where the centre learnt a graduate's status: the site's list.
SOURCE_LABELS = {
    "graduate": _l("The graduate"),
    "employer": _l("The employer"),
    "survey": _l("A survey of graduates"),
    "public_register": _l("A public register or agency"),
    "other": _l("Other"),
}
FILING_LABELS = {
    rules.FILED: _l("Filed on time"),
    rules.LATE: _l("Filed late"),
    rules.MISSING: _l("Missing"),
    rules.OPEN: _l("Not filed yet (the deadline has not passed)"),
}
