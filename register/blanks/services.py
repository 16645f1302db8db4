"""A centre's blanks as plain functions (never `request`): a request and NAPOO's decision (001 art.
24(5)), a handover protocol received or given (art. 25, annex 4) and its scan, blanks marked
spoiled or defective, a destruction protocol (art. 27). Each runs in one transaction and raises
DocumentError with a message and the field at fault. Nothing is ever deleted (50 years)."""

from flask_babel import lazy_gettext as _l

from portal.dates import utcnow
from portal.db import database
from portal.forms import in_range
from portal.workflow import NOT_ALLOWED
from register.blanks import rules
from register.blanks.models import (
    APPROVED,
    GIVEN,
    RECEIVED,
    REFUSED_REQUEST,
    REQUESTED,
    BlankMark,
    BlankProtocol,
    BlankRequest,
    BlankScan,
    DestructionProtocol,
    states_of,
)
from register.documents import rules as document_rules
from register.documents.courses import register_blanks
from register.documents.models import BlankBatch, CentreAccount, IssuedDocument, normalise_number
from register.documents.workflow import DocumentError
from register.models import Licence

MARKABLE = (rules.SPOILED, rules.DEFECTIVE)
MAX_RANGE = 100_000  # a range longer than this is a typing error (a printer's lot is far smaller)

NOT_HELD = _l("Some of these blanks are not the centre's unused blanks: %(numbers)s.")
STALE = _l("Someone changed this in the meantime: look at it again.")


def _acting(user, centre_id):
    """Only whoever acts for the centre writes its blanks."""
    if not CentreAccount.acts_for(user, centre_id):
        raise DocumentError(NOT_ALLOWED)


def _day(value, field, message):
    if value is None or not in_range(value):
        raise DocumentError(message, field)
    return value


def _range(kind, series, first, last):
    """A kind, series and range as kept, or the refusal with its field."""
    if not document_rules.factory_numbered(kind or ""):
        raise DocumentError(_l("Choose a kind of document printed with factory numbers."), "kind")
    series = normalise_number(series)
    if not series or len(series) > 20:
        raise DocumentError(_l("Enter the series as printed on the blanks."), "series")
    if not isinstance(first, int) or first < 1:
        raise DocumentError(_l("Enter the first number."), "first_number")
    if not isinstance(last, int) or last < first or last - first >= MAX_RANGE:
        raise DocumentError(_l("The last number cannot be below the first."), "last_number")
    return kind, series, first, last


def _held(centre_id, kind, series, first, last, allowed=(rules.UNUSED,)):
    """Refuse unless every number first..last is in the centre's ranges and in an allowed state."""
    held = {}
    for batch in BlankBatch.overlapping(kind, series, first, last).where(BlankBatch.centre == centre_id):
        lo, hi = max(first, batch.first_number), min(last, batch.last_number)
        held.update(states_of(centre_id, kind, series, lo, hi))
    wrong = [n for n in range(first, last + 1) if held.get(n) not in allowed]
    if wrong:
        shown = ", ".join(str(n) for n in wrong[:5]) + (" …" if len(wrong) > 5 else "")
        raise DocumentError(NOT_HELD % {"numbers": shown}, "first_number")


def _mark(user, row, state, day, **protocol):
    """A range (centre, kind, series, first, last) marked `state` from `day` (by its protocol)."""
    centre_id, kind, series, first, last = row
    return BlankMark.create(
        centre=centre_id,
        kind=kind,
        series=series,
        first_number=first,
        last_number=last,
        state=state,
        marked_on=day,
        created_by=user,
        **protocol,
    )


def _scan(stored, user, today, **owner):
    """Keep the uploaded scans of a protocol; whether there is one."""
    for kept in stored:
        BlankScan.create(uploaded_by=user, **owner, **kept)
    return today if stored else None


# --- Requests (001 art. 24(5)) -----------------------------------------------------------------


def request_blanks(user, centre_id, kind, quantity, today):
    """The centre requests blanks through its profile (001 art. 24(5))."""
    if not rules.request_through_profile(CentreAccount.acts_for(user, centre_id)):
        raise DocumentError(NOT_ALLOWED)
    if not document_rules.factory_numbered(kind or ""):
        raise DocumentError(_l("Choose a kind of document printed with factory numbers."), "kind")
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_RANGE:
        raise DocumentError(_l("Enter how many blanks (1 to 100,000)."), "quantity")
    with database.atomic():
        return BlankRequest.create(
            centre=centre_id, kind=kind, quantity=quantity, requested_on=today, requested_by=user
        )


def decide_request(user, request_id, version, approve):
    """NAPOO approves or refuses a request for purchase (001 art. 24(5)); a decided one stays."""
    if not user.has_role("napoo_officer", "napoo_chair", "admin"):
        raise DocumentError(NOT_ALLOWED)
    with database.atomic():
        changed = (
            BlankRequest.update(
                state=APPROVED if approve else REFUSED_REQUEST,
                decided_by=user,
                decided_at=utcnow(),
                version=BlankRequest.version + 1,
            )
            .where(
                (BlankRequest.id == request_id)
                & (BlankRequest.state == REQUESTED)
                & (BlankRequest.version == version)
            )
            .execute()
        )
    if not changed:
        raise DocumentError(STALE)


# --- Handover protocols (001 art. 25, annex 4) ---------------------------------------------------


def _handed_over_entirely(batch, first, last):
    """Whether the centre that holds `batch` handed over all its numbers within first..last."""
    lo, hi = max(first, batch.first_number), min(last, batch.last_number)
    states = states_of(batch.centre_id, batch.kind, batch.series, lo, hi)
    return all(state == rules.HANDED_OVER for state in states.values())


def enter_protocol(user, centre_id, fields, stored, today):
    """A handover protocol the centre took part in (001 art. 25(2)), with its first row: RECEIVED from the
    printer or from another centre (`counterpart`: that centre's GIVEN protocol; the row becomes the
    centre's BlankBatch), or GIVEN to another centre (`other_licence`: its licence number; the row
    is marked handed over and the receiving centre must enter it too, art. 25(6) т. 2). `stored`:
    the scans kept by portal.uploads; without one, the protocol waits for it (`attach_scan`)."""
    _acting(user, centre_id)
    direction = fields.get("direction")
    if direction not in (RECEIVED, GIVEN):
        raise DocumentError(_l("Choose whether the centre received or gave the blanks."), "direction")
    number = " ".join((fields.get("number") or "").split())
    if not number:
        raise DocumentError(_l("Enter the number of the handover protocol."), "number")
    drawn_up = _day(fields.get("drawn_up_on"), "drawn_up_on", _l("Enter the date of the protocol."))
    if drawn_up > today:
        raise DocumentError(_l("The protocol's date cannot be in the future."), "drawn_up_on")
    kind, series, first, last = _range(
        fields.get("kind"), fields.get("series"), fields.get("first_number"), fields.get("last_number")
    )
    values = {"centre": centre_id, "direction": direction, "number": number[:50], "drawn_up_on": drawn_up}
    if direction == GIVEN:
        licence = Licence.by_number((fields.get("other_licence") or "").strip())
        if licence is None or licence.centre_id == centre_id:
            raise DocumentError(
                _l("Enter the licence number of the centre that received the blanks."), "other_licence"
            )
        values.update(other_centre=licence.centre_id, other_party=licence.centre.name[:300])
    else:
        counterpart = fields.get("counterpart")
        if counterpart is not None:
            if counterpart.drawn_up_on != drawn_up:
                raise DocumentError(
                    _l("The date must be that of the other centre's protocol: it is one protocol."),
                    "drawn_up_on",
                )
            values.update(
                counterpart=counterpart,
                other_centre=counterpart.centre_id,
                other_party=counterpart.centre.name,
            )
        else:
            values["other_party"] = (fields.get("other_party") or "").strip()[:300]
            if not values["other_party"]:
                raise DocumentError(_l("Enter who handed the blanks over (the printer)."), "other_party")
    with database.atomic():
        protocol = BlankProtocol.create(created_by=user, **values)
        _enter_row(user, protocol, kind, series, first, last)
        protocol.entered_on = _scan(stored, user, today, protocol=protocol)
        protocol.save()
    return protocol


def add_row(user, protocol, fields):
    """One more row of a protocol (annex 4 has as many as the kinds and series handed over)."""
    _acting(user, protocol.centre_id)
    kind, series, first, last = _range(
        fields.get("kind"), fields.get("series"), fields.get("first_number"), fields.get("last_number")
    )
    with database.atomic():
        return _enter_row(user, protocol, kind, series, first, last)


def _enter_row(user, protocol, kind, series, first, last):
    """A row: given, the centre's unused blanks marked handed over; received, a new BlankBatch of
    the centre (from another centre, within that centre's protocol). Returns the mark or batch."""
    if protocol.direction == GIVEN:
        _held(protocol.centre_id, kind, series, first, last)
        row = (protocol.centre_id, kind, series, first, last)
        return _mark(user, row, rules.HANDED_OVER, protocol.drawn_up_on, protocol=protocol)
    if protocol.counterpart_id and not _within_counterpart(protocol.counterpart, kind, series, first, last):
        raise DocumentError(_l("These numbers are not on the other centre's protocol."), "first_number")
    row = {"kind": kind, "series": series, "first_number": first, "last_number": last}
    row.update(received_on=protocol.drawn_up_on, protocol_number=protocol.number)
    return register_blanks(
        protocol.centre_id, row, handover_protocol=protocol, handed_over=_handed_over_entirely
    )


def _within_counterpart(giver_protocol, kind, series, first, last):
    """Whether first..last lies within a row of the giving centre's protocol."""
    return any(
        m.kind == kind and m.series == series and m.first_number <= first and last <= m.last_number
        for m in giver_protocol.marks
    )


def attach_scan(user, protocol, stored, today):
    """The scanned colour copy of a protocol entered without it (001 art. 25(6) or 27(5))."""
    _acting(user, protocol.centre_id)
    if not stored:
        raise DocumentError(_l("Upload the scanned colour copy of the protocol (PDF, JPEG or PNG)."), "scan")
    owner = {"protocol": protocol} if isinstance(protocol, BlankProtocol) else {"destruction": protocol}
    with database.atomic():
        _scan(stored, user, today, **owner)
        if protocol.entered_on is None:
            type(protocol).update(entered_on=today).where(type(protocol).id == protocol.id).execute()


# --- Spoiled, defective, destroyed (001 art. 27) ------------------------------------------------


def mark_blanks(user, centre_id, fields, today):
    """The centre records unused blanks as spoiled (filled in wrongly) or defective: "Документи с
    фабрична номерация, които са дефектни, сгрешени при попълването им или са негодни за ползване"
    await the committee's destruction (001 art. 27(1))."""
    _acting(user, centre_id)
    state = fields.get("state")
    if state not in MARKABLE:
        raise DocumentError(_l("Choose spoiled or defective."), "state")
    kind, series, first, last = _range(
        fields.get("kind"), fields.get("series"), fields.get("first_number"), fields.get("last_number")
    )
    with database.atomic():
        _held(centre_id, kind, series, first, last)
        return _mark(user, (centre_id, kind, series, first, last), state, today)


def parse_numbers(text):
    """Numbers written "1005, 1010-1012" as [(1005, 1005), (1010, 1012)], or None if unreadable."""
    ranges = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().replace("–", "-")
        if not part:
            continue
        low, _, high = part.partition("-")
        low, high = low.strip(), (high.strip() or low.strip())
        if not (low.isascii() and low.isdigit() and high.isascii() and high.isdigit()):
            return None
        if not 1 <= int(low) <= int(high) or int(high) - int(low) >= MAX_RANGE or int(high) > 2**31 - 1:
            return None
        ranges.append((int(low), int(high)))
    return ranges or None


def enter_destruction(user, centre_id, fields, stored, today):
    """The committee's protocol of destroyed blanks (001 art. 27(2): "В протокола се вписват видът на
    документите, които подлежат на унищожаване, и количеството им."), one kind and series, its
    numbers; each destroyed number can never be a document (rules.blank_may_carry_document)."""
    _acting(user, centre_id)
    number = " ".join((fields.get("number") or "").split())
    if not number:
        raise DocumentError(_l("Enter the number of the destruction protocol."), "number")
    destroyed_on = _day(fields.get("destroyed_on"), "destroyed_on", _l("Enter the date of the destruction."))
    if destroyed_on > today:
        raise DocumentError(_l("The destruction's date cannot be in the future."), "destroyed_on")
    committee = " ".join((fields.get("committee") or "").split())
    if not committee:
        raise DocumentError(_l("Enter the committee's members."), "committee")
    ranges = parse_numbers(fields.get("numbers"))
    if ranges is None:
        raise DocumentError(_l("Write the numbers as 1005, 1010-1012."), "numbers")
    kind, series, _, _ = _range(fields.get("kind"), fields.get("series"), ranges[0][0], ranges[0][1])
    with database.atomic():
        protocol = DestructionProtocol.create(
            centre=centre_id,
            number=number[:50],
            destroyed_on=destroyed_on,
            committee=committee[:500],
            created_by=user,
        )
        for first, last in ranges:
            try:
                _held(
                    centre_id,
                    kind,
                    series,
                    first,
                    last,
                    allowed=tuple(s for s in rules.BLANK_STATES if rules.may_be_destroyed(s)),
                )
            except DocumentError as refused:
                raise DocumentError(refused.message, "numbers") from None
            _mark(
                user,
                (centre_id, kind, series, first, last),
                rules.DESTROYED,
                destroyed_on,
                destruction=protocol,
            )
        protocol.entered_on = _scan(stored, user, today, destruction=protocol)
        protocol.save()
    return protocol


def number_state(centre_id, kind, series, number):
    """One blank of the centre: (its range, its state, the document that used it), or (None, None,
    None) when it is in none of the centre's ranges."""
    series = normalise_number(series)
    batch = BlankBatch.overlapping(kind, series, number, number).where(BlankBatch.centre == centre_id).first()
    if batch is None:
        return None, None, None
    state = states_of(centre_id, kind, series, number, number)[number]
    document = IssuedDocument.carrying(centre_id, kind, series, str(number)) if state == rules.USED else None
    return batch, state, document
