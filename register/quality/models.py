"""The self-assessment's tables and the queries they own: NAPOO's criteria and indicators per year,
a centre's report with its scores and evidence, each graduate's follow-up, and the employment
figures computed from them (one row per centre, year and profession)."""

import peewee as pw

from portal.accounts import User
from portal.dates import utcnow
from portal.db import BaseModel
from register.documents import rules as document_rules
from register.documents.models import REGISTERED, Course, IssuedDocument
from register.models import Centre, Profession, Speciality

DRAFT, FILED = "draft", "filed"
# An indicator's value the site computes instead of the centre typing it.
COMPUTED_EMPLOYMENT = "employment"


class QualityIndicator(BaseModel):
    """One indicator of NAPOO's self-assessment form for a year, under its criterion: NAPOO's data,
    changed year by year (002 names only the employment of graduates)."""

    year = pw.SmallIntegerField()
    position = pw.SmallIntegerField(default=0)
    criterion = pw.CharField(max_length=200)
    title = pw.CharField(max_length=300)
    guidance = pw.TextField(default="")
    computed = pw.CharField(max_length=16, default="")  # "" or COMPUTED_EMPLOYMENT
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "quality_indicator"
        indexes = ((("year", "position"), True),)

    @classmethod
    def of_year(cls, year):
        """The year's indicators in the form's order."""
        return cls.select().where(cls.year == year).order_by(cls.position, cls.id)


class SelfAssessment(BaseModel):
    """A centre's report on a year: a draft it edits, then filed (once; its filing day is what the
    deadline is judged on)."""

    centre = pw.ForeignKeyField(Centre, backref="self_assessments", on_delete="CASCADE")
    year = pw.SmallIntegerField()
    state = pw.CharField(max_length=8, default=DRAFT)
    filed_on = pw.DateField(null=True)
    filed_at = pw.DateTimeField(null=True)
    filed_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)

    class Meta:
        table_name = "self_assessment"
        indexes = ((("centre", "year"), True),)

    @classmethod
    def of_year(cls, year):
        """{centre id: report} of every report on the year."""
        return {report.centre_id: report for report in cls.select().where(cls.year == year)}


class SelfAssessmentScore(BaseModel):
    """A centre's score and evidence on one indicator of its report."""

    report = pw.ForeignKeyField(SelfAssessment, backref="scores", on_delete="CASCADE")
    indicator = pw.ForeignKeyField(QualityIndicator, backref="scores", on_delete="RESTRICT")
    score = pw.SmallIntegerField(null=True)
    evidence = pw.TextField(default="")

    class Meta:
        table_name = "self_assessment_score"
        indexes = ((("report", "indicator"), True),)

    @classmethod
    def mean_scores(cls, year):
        """{indicator id: (mean score, reports)} over the filed reports on the year."""
        rows = (
            cls.select(cls.indicator, pw.fn.AVG(cls.score), pw.fn.COUNT(cls.id))
            .join(SelfAssessment)
            .where((SelfAssessment.year == year) & (SelfAssessment.state == FILED) & cls.score.is_null(False))
            .group_by(cls.indicator)
            .tuples()
        )
        return {indicator: (float(mean), count) for indicator, mean, count in rows}


class GraduateFollowUp(BaseModel):
    """A graduate's status at 6 and 12 months after the document, and where the centre learnt it.
    Personal data: only the centre and NAPOO see it."""

    document = pw.ForeignKeyField(IssuedDocument, backref="follow_ups", unique=True, on_delete="CASCADE")
    status_6 = pw.CharField(max_length=16, default="")
    status_12 = pw.CharField(max_length=16, default="")
    source = pw.CharField(max_length=16, default="")
    recorded_at = pw.DateTimeField(default=utcnow)
    recorded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    version = pw.IntegerField(default=1)

    class Meta:
        table_name = "graduate_follow_up"


def graduates(centre_id, year):
    """The centre's graduates of a year (rules.counts_as_graduate): its registered documents of the
    year that end a training, not duplicates nor annexes, each with its course's speciality and its
    follow-up (None when nothing is recorded), by registration number."""
    return (
        IssuedDocument.select(IssuedDocument, Course, Speciality, GraduateFollowUp)
        .join(Course)
        .join(Speciality)
        .switch(IssuedDocument)
        .join(GraduateFollowUp, pw.JOIN.LEFT_OUTER)
        .where(
            (IssuedDocument.centre == centre_id)
            & (IssuedDocument.state == REGISTERED)
            & (IssuedDocument.registered_year == year)
            & IssuedDocument.kind.in_([document_rules.QUALIFICATION, document_rules.TRAINING])
            & IssuedDocument.original.is_null()
            & IssuedDocument.parent.is_null()
        )
        .order_by(IssuedDocument.registered_on, IssuedDocument.id)
    )


def graduate_years(centre_id):
    """The years the centre has graduates in, newest first."""
    return [
        year
        for (year,) in IssuedDocument.select(IssuedDocument.registered_year)
        .where(
            (IssuedDocument.centre == centre_id)
            & (IssuedDocument.state == REGISTERED)
            & IssuedDocument.kind.in_([document_rules.QUALIFICATION, document_rules.TRAINING])
            & IssuedDocument.registered_year.is_null(False)
        )
        .distinct()
        .order_by(IssuedDocument.registered_year.desc())
        .tuples()
    ]


class EmploymentFigure(BaseModel):
    """The employment indicator of a centre's graduates of a year in a profession, computed from the
    follow-ups (rules.employment_indicator) and rewritten with them; `published` says whether
    disclosure control lets the public see its share (`share`, a whole percent, else None)."""

    centre = pw.ForeignKeyField(Centre, backref="employment_figures", on_delete="CASCADE")
    year = pw.SmallIntegerField()
    profession = pw.ForeignKeyField(Profession, column_name="profession_code", object_id_name="profession_id")
    graduates = pw.IntegerField(default=0)
    known = pw.IntegerField(default=0)
    in_profession = pw.IntegerField(default=0)
    employed = pw.IntegerField(default=0)
    published = pw.BooleanField(default=False)
    share = pw.SmallIntegerField(null=True)

    class Meta:
        table_name = "employment_figure"
        indexes = ((("centre", "year", "profession"), True), (("published", "share"), False))

    @classmethod
    def of_centre(cls, centre_id):
        """A centre's figures, the newest year first, by profession."""
        return (
            cls.select(cls, Profession)
            .join(Profession)
            .where(cls.centre == centre_id)
            .order_by(cls.year.desc(), cls.profession)
        )

    @classmethod
    def of_year(cls, year):
        """Every centre's figures of a year, with the centre and profession."""
        return (
            cls.select(cls, Centre, Profession)
            .join(Centre)
            .switch(cls)
            .join(Profession)
            .where(cls.year == year)
            .order_by(Centre.name, cls.profession)
        )

    @classmethod
    def best_published(cls):
        """{centre id: its highest published share} (the register's filter and sort)."""
        return dict(
            cls.select(cls.centre, pw.fn.MAX(cls.share)).where(cls.published).group_by(cls.centre).tuples()
        )


TABLES = [QualityIndicator, SelfAssessment, SelfAssessmentScore, GraduateFollowUp, EmploymentFigure]
