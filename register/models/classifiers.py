"""The classifiers the register refers to: regions, municipalities and settlements (ЕКАТТЕ), and the
list of professions and specialities (professional fields, professions, specialities)."""

import peewee as pw

from portal.db import BaseModel


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
    # On the List of professions (ЗПОО art. 6) from / until (exclusive); None: before the site's
    # records begin / still on it. 001 art. 22(3) т. 3 checks the List as it stood when a course began.
    listed_from = pw.DateField(null=True)
    listed_until = pw.DateField(null=True)

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
