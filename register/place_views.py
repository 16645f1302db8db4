"""Finding a settlement by name: a public page, and the suggestions a settlement field offers."""

from flask import Blueprint, request

from portal.web import htmx, render
from register import places

bp = Blueprint("places", __name__)

PAGE_RESULTS = 50


def _typed():
    """What was typed: `q` on the page; a settlement field sends its own name (htmx sends the
    field's value under its name: settlement, archive_school_settlement)."""
    text = request.args.get("q")
    if text is None:
        text = next((v for k, v in request.args.items() if k.endswith("settlement")), "")
    return text.strip()[: places.MAX_TYPED]


@bp.get("/places/settlements")
def settlements():
    """The settlements whose name begins with what was typed, with their municipality, region and
    EKATTE code; for htmx only the <option>s of the field's suggestion list."""
    text = _typed()
    found = places.suggest_settlements(text, limit=places.SUGGESTIONS if htmx else PAGE_RESULTS)
    latin = bool(text) and text.isascii()
    return render("register/settlements.html", block="settlement_options", q=text, found=found, latin=latin)
