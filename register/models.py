"""The register's tables and the queries they own."""

import functools

import peewee as pw

from portal.dates import utcnow  # noqa: F401  (imported from here by older code)
from portal.db import BaseModel
from portal.uploads import StoredFile
from register import rules
from search_index import fold


def id_in(column, ids):
    """`column IN (ids)` for a list of integer ids, the numbers written into the SQL.

    peewee builds a bound parameter node for each value, which for the 1,000 ids of a search's
    hits costs several milliseconds a query; integers (cast here, so nothing else can get in) need
    no binding, and SQLite and PostgreSQL read the same text.
    """
    ids = [int(i) for i in ids]
    if not ids:
        return column.in_([])
    return column.in_(pw.SQL("(" + ",".join(map(str, ids)) + ")"))


_IDS_MARK = "-424242"  # stands for the id list in the cached listing statement


@functools.lru_cache(maxsize=4)
def _listing_statement(model, database_identity):
    """(column names, [(date column, converter)], SQL text, parameters) of Licence.listing for one
    database, the ids as _IDS_MARK."""
    query = model._listing_query(model.id.in_(pw.SQL(f"({_IDS_MARK})")))
    sql, params = query.sql()
    if sql.count(_IDS_MARK) != 1:
        raise RuntimeError("the listing statement's id mark is not unique")
    names, dates = [], []
    for node in query._returning:
        field = node.node if isinstance(node, pw.Alias) else node
        name = node._alias if isinstance(node, pw.Alias) else node.name
        names.append(name)
        if isinstance(field, pw.DateField | pw.DateTimeField):
            dates.append((name, field.python_value))
    return names, dates, sql, params


@functools.lru_cache(maxsize=4)
def _version_statement(model, database_identity):
    return model.select(pw.fn.MAX(model.updated_at)).sql()


# --- Places: the EKATTE classifier -------------------------------------------------------------


class Region(BaseModel):
    """A region (област), keyed by its 3-letter EKATTE code."""

    code = pw.CharField(primary_key=True, max_length=3)
    ekatte = pw.CharField(max_length=5)
    name = pw.CharField(max_length=100)
    nuts = pw.CharField(max_length=5, default="")

    class Meta:
        table_name = "region"

    @classmethod
    def ordered(cls):
        """All regions by name."""
        return cls.select().order_by(cls.name)


class Municipality(BaseModel):
    """A municipality (община), keyed by its EKATTE code such as VAR01."""

    code = pw.CharField(primary_key=True, max_length=5)
    ekatte = pw.CharField(max_length=5)
    name = pw.CharField(max_length=100)
    region = pw.ForeignKeyField(
        Region, backref="municipalities", object_id_name="region_id", column_name="region_code"
    )

    class Meta:
        table_name = "municipality"

    @classmethod
    def ordered(cls, region_code=None):
        """Municipalities by name, of one region when given."""
        query = cls.select().order_by(cls.name)
        if region_code:
            query = query.where(cls.region == region_code)
        return query


class Settlement(BaseModel):
    """A settlement (населено място), keyed by its 5-digit EKATTE code."""

    ekatte = pw.CharField(primary_key=True, max_length=5)
    kind = pw.CharField(max_length=8)  # гр., с., ман.
    name = pw.CharField(max_length=100, index=True)
    municipality = pw.ForeignKeyField(
        Municipality,
        backref="settlements",
        object_id_name="municipality_id",
        column_name="municipality_code",
        index=True,
    )
    region = pw.ForeignKeyField(
        Region,
        backref="settlements",
        object_id_name="region_id",
        column_name="region_code",
        index=True,
    )
    postcode = pw.CharField(max_length=4, default="")

    class Meta:
        table_name = "settlement"

    @property
    def label(self):
        """'гр. Варна' as people write it."""
        return f"{self.kind} {self.name}"


# --- The List of professions (СППОО) ----------------------------------------------------------


class ProfessionalField(BaseModel):
    """A professional field (професионално направление), 3 digits."""

    code = pw.CharField(primary_key=True, max_length=3)
    name = pw.CharField(max_length=255)
    area_code = pw.CharField(max_length=2, default="")
    area_name = pw.CharField(max_length=255, default="")

    class Meta:
        table_name = "professional_field"

    @classmethod
    def ordered(cls):
        """All fields by code."""
        return cls.select().order_by(cls.code)


class Profession(BaseModel):
    """A profession (професия), 6 digits starting with its field's code."""

    code = pw.CharField(primary_key=True, max_length=6)
    name = pw.CharField(max_length=255)
    field = pw.ForeignKeyField(
        ProfessionalField,
        backref="professions",
        object_id_name="field_id",
        column_name="field_code",
    )

    class Meta:
        table_name = "profession"

    @classmethod
    def ordered(cls, field_code=None):
        """Professions by code, of one field when given."""
        query = cls.select().order_by(cls.code)
        if field_code:
            query = query.where(cls.field == field_code)
        return query


class Speciality(BaseModel):
    """A speciality (специалност), 7 digits starting with its profession's code."""

    code = pw.CharField(primary_key=True, max_length=7)
    name = pw.CharField(max_length=255)
    profession = pw.ForeignKeyField(
        Profession,
        backref="specialities",
        object_id_name="profession_id",
        column_name="profession_code",
    )
    degree = pw.SmallIntegerField()  # степен на професионална квалификация, 1-4

    class Meta:
        table_name = "speciality"


# --- Centres and licences -----------------------------------------------------------------------

CENTRE_KINDS = ("cpo", "cipo")  # ЦПО, ЦИПО


class Centre(BaseModel):
    """A licensed centre (ЦПО or ЦИПО) and the legal entity that owns it."""

    name = pw.CharField(max_length=500)
    kind = pw.CharField(max_length=4, default="cpo")
    owner_name = pw.CharField(max_length=500)
    eik = pw.CharField(max_length=13, index=True)
    settlement = pw.ForeignKeyField(
        Settlement, object_id_name="settlement_id", column_name="settlement_ekatte", index=True
    )
    address = pw.CharField(max_length=500, default="")
    postcode = pw.CharField(max_length=4, default="")
    phone = pw.CharField(max_length=100, default="")
    email = pw.CharField(max_length=255, default="")
    contact_person = pw.CharField(max_length=255, default="")
    website = pw.CharField(max_length=255, default="")

    class Meta:
        table_name = "centre"


_STATUS_COUNTS = {}  # the last count, with the register version it was made at


class Licence(BaseModel):
    """A centre's licence: its number, the order that granted it, and its current status."""

    number = pw.CharField(max_length=20, unique=True)
    centre = pw.ForeignKeyField(Centre, backref="licences", on_delete="CASCADE", index=True)
    licence_date = pw.DateField()
    order_number = pw.CharField(max_length=50, default="")
    order_date = pw.DateField(null=True)
    status = pw.CharField(max_length=24, default=rules.ACTIVE, index=True)
    status_date = pw.DateField(null=True)
    revoked_until = pw.DateField(null=True)
    sort_name = pw.CharField(max_length=500, default="", index=True)
    updated_at = pw.DateTimeField(default=utcnow, index=True)

    class Meta:
        table_name = "licence"

    @property
    def is_closed(self):
        """Finally revoked or terminated: its archive location belongs on the page."""
        return rules.archive_location_required(self.status)

    def refresh_sort_name(self, name):
        """The centre's name as the register sorts it (normalised: case, quotes and spacing ignored)."""
        self.sort_name = fold(name)[:500]

    @classmethod
    def register(cls):
        """Licences with their centre, settlement, municipality and region, ready to list."""
        return cls._to_place(cls.select(cls, Centre, Settlement, Municipality, Region))

    @classmethod
    def _to_place(cls, query):
        """The query joined to the centre, its settlement, municipality and region."""
        return (
            query.join(Centre).join(Settlement).join(Municipality).switch(Settlement).join(Region).switch(cls)
        )

    @classmethod
    def rows(cls, ids):
        """The licences with these ids, ready to list, in the order of `ids`."""
        ids = list(ids)
        by_id = {row.id: row for row in cls.register().where(id_in(cls.id, ids))} if ids else {}
        return [by_id[i] for i in ids if i in by_id]

    @classmethod
    def listing(cls, ids):
        """Plain dicts of everything a listing or an export shows, in the order of `ids`: one query,
        no model objects (a page of rows costs a fraction of a millisecond this way).

        The statement is built once per database and the ids written into its text (peewee takes
        longer to build this seven-table select than SQLite to run it); rows still go through
        peewee's dict wrapper, which converts dates as usual.
        """
        ids = [int(i) for i in ids]
        if not ids:
            return []
        names, dates, sql, params = _listing_statement(cls, id(cls._meta.database.obj))
        cursor = cls._meta.database.execute_sql(sql.replace(_IDS_MARK, ",".join(map(str, ids))), params)
        by_id = {}
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            for name, convert in dates:  # the only columns a driver may hand back as text
                row[name] = convert(row[name])
            by_id[row["id"]] = row
        return [by_id[i] for i in ids if i in by_id]

    @classmethod
    def _listing_query(cls, condition):
        School = Settlement.alias()
        NoticeRegion = Region.alias()
        query = (
            cls._to_place(
                cls.select(
                    cls.id,
                    cls.number,
                    cls.licence_date,
                    cls.order_number,
                    cls.status,
                    cls.status_date,
                    cls.revoked_until,
                    Centre.name.alias("centre_name"),
                    Centre.kind,
                    Centre.owner_name,
                    Centre.eik,
                    Centre.postcode,
                    Centre.address,
                    Centre.phone,
                    Centre.email,
                    Settlement.ekatte,
                    Settlement.kind.alias("settlement_kind"),
                    Settlement.name.alias("settlement_name"),
                    Municipality.name.alias("municipality_name"),
                    Region.name.alias("region_name"),
                    ArchiveDesignation.school_name,
                    ArchiveDesignation.school_address,
                    ArchiveDesignation.order_number.alias("archive_order_number"),
                    ArchiveDesignation.order_date.alias("archive_order_date"),
                    ArchiveDesignation.handed_over_on,
                    ArchiveNotice.date.alias("archive_notice_date"),
                    NoticeRegion.name.alias("notice_region_name"),
                    School.kind.alias("school_kind"),
                    School.name.alias("school_settlement_name"),
                )
            )
            .join(ArchiveDesignation, pw.JOIN.LEFT_OUTER, on=(ArchiveDesignation.licence == cls.id))
            .join(School, pw.JOIN.LEFT_OUTER, on=(ArchiveDesignation.school_settlement == School.ekatte))
            .join(ArchiveNotice, pw.JOIN.LEFT_OUTER, on=(ArchiveNotice.licence == cls.id))
            .join(NoticeRegion, pw.JOIN.LEFT_OUTER, on=(ArchiveNotice.region == NoticeRegion.code))
            .where(condition)
            .dicts()
        )
        return query

    @classmethod
    def by_number(cls, number):
        """The licence with that number, or None."""
        return cls.register().where(cls.number == number).first()

    @classmethod
    def status_counts(cls):
        """{status: count} over the whole register, recounted only after the register changes."""
        key = (id(cls._meta.database.obj), cls.version())
        if _STATUS_COUNTS.get("key") != key:
            rows = cls.select(cls.status, pw.fn.COUNT(cls.id)).group_by(cls.status).tuples()
            _STATUS_COUNTS.update(key=key, counts=dict(rows))
        return dict(_STATUS_COUNTS["counts"])

    @classmethod
    def last_changed(cls):
        """When anything in the register last changed, or None for an empty register."""
        return cls.select(pw.fn.MAX(cls.updated_at)).scalar()

    @classmethod
    def version(cls):
        """A text that changes whenever the register changes (its last change, as stored): the key of
        the caches of counts and facets, read on every search, so from a statement built once."""
        sql, params = _version_statement(cls, id(cls._meta.database.obj))
        return str(cls._meta.database.execute_sql(sql, params).fetchone()[0])

    def specialities_by_field(self, include_removed=False):
        """[(field, [(profession, [licensed speciality, ...]), ...]), ...] in code order."""
        query = (
            LicensedSpeciality.select(LicensedSpeciality, Speciality, Profession, ProfessionalField)
            .join(Speciality)
            .join(Profession)
            .join(ProfessionalField)
            .where(LicensedSpeciality.licence == self)
            .order_by(Speciality.code)
        )
        if not include_removed:
            query = query.where(LicensedSpeciality.removed_on.is_null())
        grouped = {}
        for item in query:
            profession = item.speciality.profession
            by_profession = grouped.setdefault(profession.field.code, (profession.field, {}))[1]
            by_profession.setdefault(profession.code, (profession, []))[1].append(item)
        return [(field, list(professions.values())) for field, professions in grouped.values()]

    def history(self):
        """The licence's events, oldest first."""
        return self.events.order_by(LicenceEvent.date, LicenceEvent.id)

    @property
    def archive(self):
        """The archive designation, or None."""
        return ArchiveDesignation.get_or_none(ArchiveDesignation.licence == self)

    @property
    def archive_notice(self):
        """The chair's notice to the РУО (001 art. 28(1)), or None."""
        return ArchiveNotice.get_or_none(ArchiveNotice.licence == self)

    def handover_protocols(self):
        """The handover's protocol files, the one on file (the newest) first."""
        return list(
            HandoverProtocol.select()
            .where(HandoverProtocol.licence == self)
            .order_by(HandoverProtocol.uploaded_at.desc(), HandoverProtocol.id.desc())
        )


class LicensedSpeciality(BaseModel):
    """A speciality a licence covers, with when it was added and, if so, removed."""

    licence = pw.ForeignKeyField(Licence, backref="specialities", on_delete="CASCADE")
    speciality = pw.ForeignKeyField(Speciality, object_id_name="speciality_id", column_name="speciality_code")
    profession_code = pw.CharField(max_length=6, index=True)  # denormalised for the filters
    field_code = pw.CharField(max_length=3, index=True)
    added_on = pw.DateField()
    removed_on = pw.DateField(null=True)

    class Meta:
        table_name = "licensed_speciality"
        indexes = ((("licence", "speciality"), True),)


class LicenceEvent(BaseModel):
    """One step in a licence's history: its kind, date, order and reason."""

    licence = pw.ForeignKeyField(Licence, backref="events", on_delete="CASCADE", index=True)
    kind = pw.CharField(max_length=24)
    date = pw.DateField(index=True)
    order_number = pw.CharField(max_length=50, default="")
    months = pw.SmallIntegerField(null=True)  # temporary revocation only
    reason = pw.TextField(default="")
    notes = pw.TextField(default="")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "licence_event"

    @classmethod
    def latest(cls, limit=10):
        """The most recent events across the register, with their licence and centre."""
        return (
            cls.select(cls, Licence, Centre)
            .join(Licence)
            .join(Centre)
            .order_by(cls.date.desc(), cls.id.desc())
            .limit(limit)
        )


class ArchiveDesignation(BaseModel):
    """Where a closed centre's documentation is kept: the РУО order and the school (001 art. 28)."""

    licence = pw.ForeignKeyField(Licence, backref="archives", on_delete="CASCADE", unique=True)
    order_number = pw.CharField(max_length=50)
    order_date = pw.DateField()
    school_name = pw.CharField(max_length=500)
    school_settlement = pw.ForeignKeyField(
        Settlement, object_id_name="school_settlement_id", column_name="school_settlement_ekatte"
    )
    school_address = pw.CharField(max_length=500, default="")
    school_contacts = pw.CharField(max_length=500, default="")
    handover_deadline = pw.DateField()
    retention_until = pw.DateField()
    location_text = pw.TextField(default="")  # NAPOO's free text, up to 4,000 characters
    # Why the school lies outside the РУО's region (001 art. 28(1) names a school of that region).
    outside_region_reason = pw.TextField(default="")
    handed_over_on = pw.DateField(null=True)  # the day the documentation was handed over

    class Meta:
        table_name = "archive_designation"


class ArchiveNotice(BaseModel):
    """The NAPOO chair's written notice to the head of the РУО of the centre's seat (001 art. 28(1))."""

    licence = pw.ForeignKeyField(Licence, backref="archive_notices", on_delete="CASCADE", unique=True)
    number = pw.CharField(max_length=50)
    date = pw.DateField()
    region = pw.ForeignKeyField(Region, object_id_name="region_id", column_name="region_code")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "archive_notice"

    @classmethod
    def awaiting(cls, today):
        """Closed licences whose designation is missing or whose handover is overdue, oldest closure
        first: [(licence, notice or None, designation or None), ...] for NAPOO's follow-up list."""
        query = (
            Licence.select(Licence, Centre, Settlement, Region, cls, ArchiveDesignation)
            .join(Centre)
            .join(Settlement)
            .join(Region)
            .switch(Licence)
            .join(cls, pw.JOIN.LEFT_OUTER, on=(cls.licence == Licence.id))
            .switch(Licence)
            .join(ArchiveDesignation, pw.JOIN.LEFT_OUTER, on=(ArchiveDesignation.licence == Licence.id))
            .where(
                Licence.status.in_(list(rules.ARCHIVE_STATUSES))
                & (
                    ArchiveDesignation.id.is_null()
                    | (
                        ArchiveDesignation.handed_over_on.is_null()
                        & (ArchiveDesignation.handover_deadline < today)
                    )
                )
            )
            .order_by(Licence.status_date.asc(nulls="first"), Licence.id)
        )
        rows = []
        for licence in query:
            notice = getattr(licence, "archivenotice", None)
            designation = getattr(licence, "archivedesignation", None)
            rows.append(
                (
                    licence,
                    notice if notice and notice.id else None,
                    designation if designation and designation.id else None,
                )
            )
        return rows


class HandoverProtocol(StoredFile):
    """The protocol of the documentation's handover to the designated school (portal.uploads),
    staff-only. A new upload keeps the earlier ones: the newest is the protocol on file.

    Linked to the licence, not to the designation, so that correcting or re-importing the РУО's
    order (which rewrites the designation) keeps the protocol."""

    licence = pw.ForeignKeyField(Licence, backref="handover_protocol_files", on_delete="CASCADE")
    handed_over_on = pw.DateField()  # the handover date recorded with it
    uploaded_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "handover_protocol"


REGISTER_TABLES = [
    Region,
    Municipality,
    Settlement,
    ProfessionalField,
    Profession,
    Speciality,
    Centre,
    Licence,
    LicensedSpeciality,
    LicenceEvent,
    ArchiveDesignation,
    ArchiveNotice,
    HandoverProtocol,
]


# --- The register's query ------------------------------------------------------------------------


def status_order():
    """Active first, then temporarily revoked, then closed: the tie key of search results."""
    return pw.Case(Licence.status, [(status, index) for index, status in enumerate(rules.STATUSES)], 9)


SORTS = {
    "relevance": lambda: [status_order(), Licence.sort_name, Licence.id],
    "name": lambda: [Licence.sort_name, Licence.id],
    "-name": lambda: [Licence.sort_name.desc(), Licence.id.desc()],
    "number": lambda: [Licence.number],
    "-number": lambda: [Licence.number.desc()],
    "date": lambda: [Licence.licence_date, Licence.id],
    "-date": lambda: [Licence.licence_date.desc(), Licence.id.desc()],
    "-changed": lambda: [Licence.updated_at.desc(), Licence.id.desc()],
}


def find_licences(
    statuses=(),
    region="",
    municipality="",
    field="",
    profession="",
    sort="name",
    closed_only=False,
):
    """The register filtered and sorted: the one query behind the page, its CSV and its JSON
    (register.search adds the words). Lean: the rows to show are read by id afterwards."""
    query = Licence.select()
    if closed_only:
        query = query.where(Licence.status.in_(list(rules.ARCHIVE_STATUSES)))
    if statuses:
        query = query.where(Licence.status.in_(list(statuses)))
    if municipality or region:
        in_place = Centre.select(Centre.id).join(Settlement)
        in_place = in_place.where(
            Settlement.municipality == municipality if municipality else Settlement.region == region
        )
        query = query.where(Licence.centre.in_(in_place))
    if profession or field:
        column, value = (
            (LicensedSpeciality.profession_code, profession)
            if profession
            else (LicensedSpeciality.field_code, field)
        )
        covered = LicensedSpeciality.select(LicensedSpeciality.licence).where(
            (column == value) & LicensedSpeciality.removed_on.is_null()
        )
        query = query.where(Licence.id.in_(covered))
    return query.order_by(*SORTS.get(sort, SORTS["name"])())


def specialities_for(licences):
    """{licence id: [speciality code, ...]} current specialities for a page of licences (rows or dicts)."""
    ids = [licence["id"] if isinstance(licence, dict) else licence.id for licence in licences]
    result = {i: [] for i in ids}
    if not ids:
        return result
    rows = (
        LicensedSpeciality.select(LicensedSpeciality.licence, LicensedSpeciality.speciality)
        .where(id_in(LicensedSpeciality.licence, ids) & LicensedSpeciality.removed_on.is_null())
        .order_by(LicensedSpeciality.speciality)
        .tuples()
    )
    for licence_id, code in rows:
        result[licence_id].append(code)
    return result
