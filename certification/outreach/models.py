"""The tables of information days and consultations, and the queries they own: the Board's decision
adopting a schedule, its days, the registrations for a day, and the Group's record of consultations.
Registrations and consultations hold personal data: no public page, export or log reads them."""

import peewee as pw

from portal.accounts import User
from portal.dates import utcnow
from portal.db import BaseModel

# The forms of a consultation (004 "Подготовка и консултации" ал.4, т.2-4; т.1 is an information day).
INTERVIEW, PHONE, EMAIL = "interview", "phone", "email"
CONSULTATION_FORMS = (INTERVIEW, PHONE, EMAIL)


class InfoDaySchedule(BaseModel):
    """A decision of the Board (УС на СК) adopting a year's schedule of information days."""

    year = pw.SmallIntegerField()
    decision_number = pw.CharField(max_length=40)
    decision_date = pw.DateField()
    adopted_by = pw.ForeignKeyField(
        User, null=True, on_delete="SET NULL", column_name="adopted_by_id", backref="+"
    )
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "info_day_schedule"
        indexes = ((("year", "decision_number"), True),)

    @classmethod
    def listing(cls):
        """Every decision, the newest year first."""
        return cls.select().order_by(cls.year.desc(), cls.decision_date.desc(), cls.id.desc())

    def days(self):
        return InfoDay.select().where(InfoDay.schedule == self).order_by(InfoDay.day, InfoDay.starts_at)


class InfoDay(BaseModel):
    """One information day of an adopted schedule: date, time, place or online link, topic, capacity."""

    schedule = pw.ForeignKeyField(InfoDaySchedule, on_delete="RESTRICT", column_name="schedule_id")
    day = pw.DateField()
    starts_at = pw.CharField(max_length=5)  # HH:MM, the site's local time
    place = pw.CharField(max_length=300, default="")
    online_link = pw.CharField(max_length=500, default="")
    topic = pw.CharField(max_length=300)
    capacity = pw.IntegerField()
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "info_day"
        indexes = ((("day",), False),)

    @classmethod
    def upcoming(cls, today):
        return cls.select().where(cls.day >= today).order_by(cls.day, cls.starts_at, cls.id)

    @classmethod
    def past(cls, today):
        return cls.select().where(cls.day < today).order_by(cls.day.desc(), cls.starts_at.desc(), cls.id)

    @classmethod
    def all_dates(cls):
        return [row.day for row in cls.select(cls.day)]

    def registered(self):
        """How many places are taken (registrations not cancelled)."""
        return InfoDayRegistration.active(self).count()

    def places_left(self):
        return max(self.capacity - self.registered(), 0)


class InfoDayRegistration(BaseModel):
    """A person registered for an information day: name, e-mail, when they consented; cancelled_at
    once they cancel (the row stays: registering again takes it back)."""

    info_day = pw.ForeignKeyField(InfoDay, on_delete="RESTRICT", column_name="info_day_id")
    full_name = pw.CharField(max_length=200)
    email = pw.CharField(max_length=254)  # lower-cased: one registration per address and day
    consented_at = pw.DateTimeField()
    created_at = pw.DateTimeField(default=utcnow)
    cancelled_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "info_day_registration"
        indexes = ((("info_day", "email"), True),)

    @classmethod
    def active(cls, day):
        return cls.select().where((cls.info_day == day) & cls.cancelled_at.is_null())

    @classmethod
    def of_day(cls, day):
        """The day's registrations for the Group, cancelled ones last."""
        return (
            cls.select()
            .where(cls.info_day == day)
            .order_by(cls.cancelled_at.is_null(False), cls.created_at, cls.id)
        )


class Consultation(BaseModel):
    """A consultation the Group gave (004 ал.7): who asked, their contacts, the form, the questions,
    the answers, the date, the assessor present (ал.3)."""

    given_on = pw.DateField()
    asked_by = pw.CharField(max_length=200)
    contacts = pw.CharField(max_length=300)
    form = pw.CharField(max_length=16)
    questions = pw.TextField()
    answers = pw.TextField()
    assessor = pw.ForeignKeyField(
        User, null=True, on_delete="SET NULL", column_name="assessor_id", backref="+"
    )
    recorded_by = pw.ForeignKeyField(
        User, null=True, on_delete="SET NULL", column_name="recorded_by_id", backref="+"
    )
    created_at = pw.DateTimeField(default=utcnow)
    # The asker, contacts, questions and answers casefolded, written on every save: the search then
    # ignores case in Cyrillic too (SQLite's LIKE and lower() fold ASCII letters only).
    search_text = pw.TextField(default="")

    class Meta:
        table_name = "consultation"
        indexes = ((("given_on",), False),)

    def save(self, *args, **kwargs):
        """Save, with the casefolded text the search reads."""
        parts = (self.asked_by, self.contacts, self.questions, self.answers)
        self.search_text = "\n".join(part or "" for part in parts).casefold()
        return super().save(*args, **kwargs)

    @classmethod
    def search(cls, text):
        """The consultations whose asker, contacts, questions or answers hold `text` in any case
        (Cyrillic too), the newest first."""
        query = cls.select().order_by(cls.given_on.desc(), cls.id.desc())
        text = " ".join((text or "").split()).casefold()
        if text:
            query = query.where(cls.search_text.contains(text))
        return query


TABLES = [InfoDaySchedule, InfoDay, InfoDayRegistration, Consultation]
