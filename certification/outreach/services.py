"""The steps of information days and consultations: explicit arguments, one transaction each, a
refusal as OutreachError (message and field). No step logs a name or an address."""

import datetime
import re

from flask_babel import lazy_gettext as _l

from portal.dates import utcnow
from portal.db import database
from portal.workflow import DomainError

from . import rules
from .models import CONSULTATION_FORMS, Consultation, InfoDay, InfoDayRegistration, InfoDaySchedule

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class OutreachError(DomainError):
    """A step of information days or consultations refused; the message is for the person who asked."""


def adopt_schedule(year, decision_number, decision_date, user):
    """The Board's decision adopting the year's schedule of information days (004 ал.6)."""
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise OutreachError(_l("Give the number of the Board's decision."), "decision_number")
    with database.atomic():
        if InfoDaySchedule.get_or_none(
            (InfoDaySchedule.year == year) & (InfoDaySchedule.decision_number == decision_number)
        ):
            raise OutreachError(
                _l("A decision with this number is already recorded for the year."), "decision_number"
            )
        return InfoDaySchedule.create(
            year=year, decision_number=decision_number, decision_date=decision_date, adopted_by=user
        )


def add_day(schedule, fields):
    """An information day of the decision's schedule: date, time, place or online link, topic and
    capacity. `fields` holds day, starts_at, place, online_link, topic, capacity."""
    place = (fields.get("place") or "").strip()
    link = (fields.get("online_link") or "").strip()
    if not place and not link:
        raise OutreachError(_l("Give the place or the online link."), "place")
    if link and not link.startswith(("https://", "http://")):
        raise OutreachError(_l("The online link starts with https://."), "online_link")
    if not TIME.match(fields.get("starts_at") or ""):
        raise OutreachError(_l("Give the time as HH:MM."), "starts_at")
    if fields["day"].year != schedule.year:
        raise OutreachError(_l("The day falls outside the schedule's year."), "day")
    if not fields.get("capacity") or fields["capacity"] < 1:
        raise OutreachError(_l("Give the number of places (1 or more)."), "capacity")
    with database.atomic():
        if InfoDay.get_or_none(
            (InfoDay.schedule == schedule)
            & (InfoDay.day == fields["day"])
            & (InfoDay.starts_at == fields["starts_at"])
        ):
            # A double submit, or a second day at the same hour: the first stays, said so.
            raise OutreachError(_l("The schedule already has a day at this date and time."), "day")
        return InfoDay.create(
            schedule=schedule,
            day=fields["day"],
            starts_at=fields["starts_at"],
            place=place,
            online_link=link,
            topic=fields["topic"].strip(),
            capacity=fields["capacity"],
        )


def schedule_warning(today):
    """Whether the Group is warned that no adopted day falls in the coming 12 months."""
    return rules.info_day_missing(InfoDay.all_dates(), today)


def register(day, full_name, email, consent, today):
    """A person registers for an upcoming day: consent given, a place left, not already registered
    with this e-mail. Registering again after cancelling takes the old row back."""
    email = (email or "").strip().lower()
    if not consent:
        raise OutreachError(
            _l("Tick the box to agree that BAUP keeps your name and e-mail for this day."), "consent"
        )
    if day.day < today:
        raise OutreachError(_l("This information day is over."))
    with database.atomic():
        # A no-op write locks the day's row (PostgreSQL; SQLite locks the file): two people taking
        # the last place at once are counted one after the other.
        InfoDay.update(capacity=InfoDay.capacity).where(InfoDay.id == day.id).execute()
        day = InfoDay.get_by_id(day.id)
        existing = InfoDayRegistration.get_or_none(
            (InfoDayRegistration.info_day == day) & (InfoDayRegistration.email == email)
        )
        if existing and existing.cancelled_at is None:
            raise OutreachError(_l("This e-mail is already registered for the day."), "email")
        if day.places_left() < 1:
            raise OutreachError(_l("No places are left for this day."))
        now = utcnow()
        if existing:
            existing.full_name, existing.consented_at, existing.cancelled_at = full_name.strip(), now, None
            existing.save()
            return existing
        return InfoDayRegistration.create(
            info_day=day, full_name=full_name.strip(), email=email, consented_at=now
        )


def cancel(registration):
    """The registration cancelled (harmless twice); the row stays for the Group's list."""
    with database.atomic():
        if registration.cancelled_at is None:
            registration.cancelled_at = utcnow()
            registration.save()
    return registration


def record_consultation(fields, user):
    """A consultation the Group gave (004 ал.7): given_on, asked_by, contacts, form, questions,
    answers, assessor (or None)."""
    if fields.get("form") not in CONSULTATION_FORMS:
        raise OutreachError(_l("Choose the form of the consultation."), "form")
    if fields["given_on"] > datetime.date.today():
        raise OutreachError(_l("The date is in the future."), "given_on")
    with database.atomic():
        if Consultation.get_or_none(
            (Consultation.given_on == fields["given_on"])
            & (Consultation.asked_by == fields["asked_by"].strip())
            & (Consultation.questions == fields["questions"].strip())
        ):
            raise OutreachError(_l("This consultation is already recorded."))
        return Consultation.create(
            given_on=fields["given_on"],
            asked_by=fields["asked_by"].strip(),
            contacts=fields["contacts"].strip(),
            form=fields["form"],
            questions=fields["questions"].strip(),
            answers=fields["answers"].strip(),
            assessor=fields.get("assessor"),
            recorded_by=user,
        )
