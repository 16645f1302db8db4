"""What the blanks' pages call their states (English source strings, translated on the page)."""

from flask_babel import lazy_gettext as _l

from register.blanks import rules

BLANK_STATE_LABELS = {
    rules.DESTROYED: _l("destroyed"),
    rules.USED: _l("used for a document"),
    rules.HANDED_OVER: _l("handed over to another centre"),
    rules.SPOILED: _l("spoiled"),
    rules.DEFECTIVE: _l("defective"),
    rules.UNUSED: _l("unused"),
}
REQUEST_STATE_LABELS = {
    "requested": _l("awaiting NAPOO"),
    "approved": _l("approved by NAPOO"),
    "refused": _l("refused by NAPOO"),
}
DIRECTION_LABELS = {"received": _l("received"), "given": _l("handed over")}
