"""The tables of a centre's factory-numbered blanks and the queries they own: requests (001 art.
24(5)), handover protocols (annex 4) whose rows are the centre's BlankBatch ranges, ranges marked
spoiled, defective, handed over or destroyed, destruction protocols (art. 27) and the confirmed
yearly reports (annex 5). A blank's state is derived from these (`states_of`), never a row each.
Nothing here is ever deleted (001 arts. 25(7), 26(5), 27(4): 50 years)."""

import datetime

import peewee as pw

from portal.accounts import User
from portal.dates import utcnow
from portal.db import BaseModel
from portal.uploads import StoredFile
from register.blanks import rules
from register.documents.models import REFUSED, REGISTERED, BlankBatch, IssuedDocument
from register.models import Centre

REQUESTED, APPROVED, REFUSED_REQUEST = "requested", "approved", "refused"
REQUEST_STATES = (REQUESTED, APPROVED, REFUSED_REQUEST)
RECEIVED, GIVEN = "received", "given"  # a protocol's direction, from the centre's side
PRINTER = "printer"  # the other party of a received protocol: the printer (изпълнителят)


class BlankRequest(BaseModel):
    """A centre's request for blanks through its profile, approved or refused by NAPOO there (001
    art. 24(5))."""

    centre = pw.ForeignKeyField(Centre, backref="blank_requests", on_delete="RESTRICT", index=True)
    kind = pw.CharField(max_length=16)
    quantity = pw.IntegerField()
    requested_on = pw.DateField()
    requested_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    state = pw.CharField(max_length=10, default=REQUESTED, index=True)
    decided_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    decided_at = pw.DateTimeField(null=True)
    version = pw.IntegerField(default=1)

    class Meta:
        table_name = "blank_request"

    @classmethod
    def of_centre(cls, centre_id):
        """A centre's requests, the newest first."""
        return cls.select().where(cls.centre == centre_id).order_by(cls.requested_on.desc(), cls.id.desc())

    @classmethod
    def awaiting(cls):
        """Requests NAPOO has not decided, the oldest first."""
        return (
            cls.select(cls, Centre)
            .join(Centre)
            .where(cls.state == REQUESTED)
            .order_by(cls.requested_on, cls.id)
        )


class BlankProtocol(BaseModel):
    """A two-sided handover protocol (001 art. 25(2), annex 4) as one centre entered it: blanks it
    received (from the printer or another centre: its rows are BlankBatch ranges) or gave to another
    centre (its rows are BlankMark ranges, HANDED_OVER). Entered when its scan is uploaded."""

    centre = pw.ForeignKeyField(Centre, backref="blank_protocols", on_delete="RESTRICT", index=True)
    direction = pw.CharField(max_length=10)
    number = pw.CharField(max_length=50)
    drawn_up_on = pw.DateField()
    other_centre = pw.ForeignKeyField(Centre, null=True, on_delete="RESTRICT")
    other_party = pw.CharField(max_length=300, default="")
    counterpart = pw.ForeignKeyField("self", null=True, on_delete="RESTRICT")
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField(default=utcnow)
    entered_on = pw.DateField(null=True)  # the day the scan completed it (001 art. 25(6))

    class Meta:
        table_name = "blank_protocol"

    @property
    def deadline(self):
        """The last day to enter it (001 art. 25(6))."""
        return rules.protocol_entry_deadline(self.drawn_up_on)

    def other_side(self):
        """The other centre's protocol of the same handover (art. 25(6) т. 2), or None (the printer's
        side is not entered here)."""
        if self.counterpart_id:
            return self.counterpart
        if self.direction == GIVEN:
            return BlankProtocol.get_or_none(BlankProtocol.counterpart == self.id)
        return None

    @classmethod
    def of_centre(cls, centre_id):
        """A centre's protocols, the newest first."""
        return cls.select().where(cls.centre == centre_id).order_by(cls.drawn_up_on.desc(), cls.id.desc())

    @classmethod
    def not_entered(cls, centre_id=None):
        """Protocols without their scan yet (a centre's, or everyone's), the oldest first."""
        query = (
            cls.select(cls, Centre).join(Centre, on=(cls.centre == Centre.id)).where(cls.entered_on.is_null())
        )
        if centre_id is not None:
            query = query.where(cls.centre == centre_id)
        return query.order_by(cls.drawn_up_on, cls.id)

    @classmethod
    def awaiting_receiver(cls, centre_id=None):
        """Handovers a centre gave that the receiving centre has not entered yet (art. 25(6) т. 2)."""
        receipts = cls.select(cls.counterpart).where(cls.counterpart.is_null(False))
        query = (
            cls.select(cls, Centre)
            .join(Centre, on=(cls.centre == Centre.id))
            .where((cls.direction == GIVEN) & cls.id.not_in(receipts))
        )
        if centre_id is not None:
            query = query.where(cls.other_centre == centre_id)
        return query.order_by(cls.drawn_up_on, cls.id)


class DestructionProtocol(BaseModel):
    """The committee's protocol of destroyed blanks (001 art. 27(2)-(5)): its date, the committee,
    the rows (BlankMark ranges, DESTROYED); entered once its scan is uploaded (by 30 April)."""

    centre = pw.ForeignKeyField(Centre, backref="destruction_protocols", on_delete="RESTRICT", index=True)
    number = pw.CharField(max_length=50)
    destroyed_on = pw.DateField()
    committee = pw.CharField(max_length=500)
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField(default=utcnow)
    entered_on = pw.DateField(null=True)

    class Meta:
        table_name = "destruction_protocol"

    @property
    def deadline(self):
        """The last day to enter it (001 art. 27(5))."""
        return rules.destruction_entry_deadline(self.destroyed_on)

    @classmethod
    def of_centre(cls, centre_id):
        """A centre's destruction protocols, the newest first."""
        return cls.select().where(cls.centre == centre_id).order_by(cls.destroyed_on.desc(), cls.id.desc())

    @classmethod
    def not_entered(cls, centre_id=None):
        """Destruction protocols without their scan yet, the oldest first."""
        query = cls.select(cls, Centre).join(Centre).where(cls.entered_on.is_null())
        if centre_id is not None:
            query = query.where(cls.centre == centre_id)
        return query.order_by(cls.destroyed_on, cls.id)


class BlankMark(BaseModel):
    """A range of a centre's blanks marked spoiled or defective (by the centre), handed over (a
    GIVEN protocol's row) or destroyed (a destruction protocol's row), from `marked_on`."""

    centre = pw.ForeignKeyField(Centre, backref="blank_marks", on_delete="RESTRICT", index=True)
    kind = pw.CharField(max_length=16)
    series = pw.CharField(max_length=20)
    first_number = pw.IntegerField()
    last_number = pw.IntegerField()
    state = pw.CharField(max_length=12)
    marked_on = pw.DateField()
    protocol = pw.ForeignKeyField(BlankProtocol, backref="marks", null=True, on_delete="RESTRICT")
    destruction = pw.ForeignKeyField(DestructionProtocol, backref="marks", null=True, on_delete="RESTRICT")
    created_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "blank_mark"
        indexes = ((("kind", "series", "first_number"), False),)

    @property
    def count(self):
        return self.last_number - self.first_number + 1

    @classmethod
    def of_centre(cls, centre_id, kind=None):
        """A centre's marked ranges (of one kind), the newest first."""
        query = cls.select().where(cls.centre == centre_id)
        if kind is not None:
            query = query.where(cls.kind == kind)
        return query.order_by(cls.marked_on.desc(), cls.id.desc())

    @classmethod
    def state_of_number(cls, centre_id, kind, series, number):
        """The strongest mark on one blank: the centre's own, or a destruction by whoever (a destroyed
        number stays destroyed); None when none."""
        marks = {
            m.state
            for m in cls.select(cls.state).where(
                (cls.kind == kind)
                & (cls.series == series)
                & (cls.first_number <= number)
                & (cls.last_number >= number)
                & ((cls.centre == centre_id) | (cls.state == rules.DESTROYED))
            )
        }
        return next((s for s in rules.BLANK_STATES if s in marks), None)


class BlankScan(StoredFile):
    """The scanned colour copy of a handover protocol (001 art. 25(6)) or of a destruction protocol
    (art. 27(5))."""

    protocol = pw.ForeignKeyField(BlankProtocol, backref="scans", null=True, on_delete="RESTRICT")
    destruction = pw.ForeignKeyField(DestructionProtocol, backref="scans", null=True, on_delete="RESTRICT")
    uploaded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    uploaded_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "blank_scan"


class BlankReport(BaseModel):
    """A centre's yearly report of its blanks (001 art. 26, annex 5) as the centre confirmed it: its
    figures frozen in BlankReportLine rows."""

    centre = pw.ForeignKeyField(Centre, backref="blank_reports", on_delete="RESTRICT")
    year = pw.IntegerField()
    confirmed_on = pw.DateField()
    confirmed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    confirmed_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "blank_report"
        indexes = ((("centre", "year"), True),)

    @classmethod
    def of(cls, centre_id, year):
        """The confirmed report of a centre's year, or None."""
        return cls.get_or_none((cls.centre == centre_id) & (cls.year == year))

    @classmethod
    def centres_without(cls, year):
        """Centres that held blanks in `year` (a range received by its end) and have not confirmed its
        report, by name."""
        end = datetime.date(year, 12, 31)
        holders = BlankBatch.select(BlankBatch.centre).where(BlankBatch.received_on <= end)
        confirmed = cls.select(cls.centre).where(cls.year == year)
        return (
            Centre.select().where(Centre.id.in_(holders) & Centre.id.not_in(confirmed)).order_by(Centre.name)
        )

    @classmethod
    def confirmed_in(cls, year):
        """The reports of a year confirmed, by centre."""
        return cls.select(cls, Centre).join(Centre).where(cls.year == year).order_by(Centre.name)


class BlankReportLine(BaseModel):
    """One kind's figures of a confirmed yearly report (annex 5)."""

    report = pw.ForeignKeyField(BlankReport, backref="lines", on_delete="RESTRICT")
    kind = pw.CharField(max_length=16)
    opening = pw.IntegerField()
    received = pw.IntegerField()
    used = pw.IntegerField()
    handed_over = pw.IntegerField()
    destroyed = pw.IntegerField()
    awaiting_destruction = pw.IntegerField()
    closing = pw.IntegerField()

    class Meta:
        table_name = "blank_report_line"


def states_of(centre_id, kind, series, first, last, on=None, used=None):
    """{number: state} of the blanks first..last of a series the centre received (on day `on`, by
    default today): destroyed, used (on a document of the centre that is not refused; by `on`,
    registered by then), handed over, spoiled, defective, else unused. `used`: the series' numbers
    on documents (`used_numbers`), when the caller reads several ranges of one series."""
    numbers = range(first, last + 1)
    marks = {}
    query = BlankMark.select().where(
        (BlankMark.centre == centre_id)
        & (BlankMark.kind == kind)
        & (BlankMark.series == series)
        & (BlankMark.first_number <= last)
        & (BlankMark.last_number >= first)
    )
    if on is not None:
        query = query.where(BlankMark.marked_on <= on)
    for mark in query:
        for n in range(max(first, mark.first_number), min(last, mark.last_number) + 1):
            marks.setdefault(n, set()).add(mark.state)
    if used is None:
        used = used_numbers(centre_id, kind, series, on)
    for n in used:
        if first <= n <= last:
            marks.setdefault(n, set()).add(rules.USED)
    return {n: next((s for s in rules.BLANK_STATES if s in marks.get(n, ())), rules.UNUSED) for n in numbers}


def used_numbers(centre_id, kind, series, on=None):
    """The factory numbers of a series on the centre's documents (registered by `on`, if given): one
    query, whatever the number of ranges read with it."""
    query = IssuedDocument.select(IssuedDocument.factory_number).where(
        (IssuedDocument.centre == centre_id)
        & (IssuedDocument.kind == kind)
        & (IssuedDocument.series == series)
        & (IssuedDocument.state != REFUSED)
    )
    if on is not None:
        query = query.where((IssuedDocument.state == REGISTERED) & (IssuedDocument.registered_on <= on))
    numbers = (d.factory_number for d in query)
    return {int(n) for n in numbers if n.isascii() and n.isdigit()}


def batches_of(centre_id, kind=None, received_by=None):
    """A centre's received ranges (of a kind, received by a day)."""
    query = BlankBatch.select().where(BlankBatch.centre == centre_id)
    if kind is not None:
        query = query.where(BlankBatch.kind == kind)
    if received_by is not None:
        query = query.where(BlankBatch.received_on <= received_by)
    return query.order_by(BlankBatch.kind, BlankBatch.series, BlankBatch.first_number)


def range_summary(centre_id):
    """The centre's ranges, each with {state: count} of its blanks as they stand."""
    rows, used = [], {}
    for batch in batches_of(centre_id):
        counts = dict.fromkeys(rules.BLANK_STATES, 0)
        key = (batch.kind, batch.series)
        if key not in used:  # a series' documents read once, not once per range
            used[key] = used_numbers(centre_id, batch.kind, batch.series)
        for state in states_of(
            centre_id, batch.kind, batch.series, batch.first_number, batch.last_number, used=used[key]
        ).values():
            counts[state] += 1
        rows.append((batch, counts))
    return rows


def awaiting_destruction(marked_before):
    """[(centre, count)] of blanks marked spoiled or defective before a day and not destroyed yet, by
    centre name."""
    held = {}
    query = (
        BlankMark.select(BlankMark, Centre)
        .join(Centre)
        .where(BlankMark.state.in_(rules.AWAITING_DESTRUCTION) & (BlankMark.marked_on < marked_before))
    )
    for mark in query:
        states = states_of(mark.centre_id, mark.kind, mark.series, mark.first_number, mark.last_number)
        numbers = {(mark.kind, mark.series, n) for n, s in states.items() if s in rules.AWAITING_DESTRUCTION}
        held.setdefault(mark.centre, set()).update(numbers)
    return sorted(((centre, len(n)) for centre, n in held.items() if n), key=lambda row: row[0].name)


TABLES = [
    BlankRequest,
    BlankProtocol,
    DestructionProtocol,
    BlankMark,
    BlankScan,
    BlankReport,
    BlankReportLine,
]
