"""A licensing application, its timeline and its letters of irregularities; the queries they own."""

import datetime

import peewee as pw

from portal.accounts import User
from portal.db import BaseModel
from register.licensing import rules
from register.models import Licence, utcnow

# States of an application (one table of the moves between them: services.TRANSITIONS).
DRAFT = "draft"  # registered, the profile being filled in (000 steps 1-4)
FILED = "filed"  # the signed application filed: the 3-month term runs (step 5)
AWAITING_FIXES = "awaiting_fixes"  # a letter of irregularities sent: the term stops (step 6)
REGULAR = "regular"  # found regular (step 6), experts to be assigned (step 7)
WITHDRAWN = "withdrawn"  # withdrawn by the applicant before the order
REFUSED = "refused"  # the whole application refused
STATES = (DRAFT, FILED, AWAITING_FIXES, REGULAR, WITHDRAWN, REFUSED)
OPEN_STATES = (FILED, AWAITING_FIXES, REGULAR)  # the term is running or paused

FIRST_LICENSING = "first_licensing"
AMENDMENT = "amendment"
KINDS = (FIRST_LICENSING, AMENDMENT)

PAPER = "paper"
E_SIGNATURE = "e_signature"
FILING_CHANNELS = (PAPER, E_SIGNATURE)


class LicensingApplication(BaseModel):
    """One application of a training centre to NAPOO."""

    kind = pw.CharField(max_length=32, default=FIRST_LICENSING)
    state = pw.CharField(max_length=32, default=DRAFT, index=True)
    applicant = pw.ForeignKeyField(User, backref="applications", on_delete="RESTRICT")
    organisation_name = pw.CharField(max_length=255)
    eik = pw.CharField(max_length=13, index=True)
    representative = pw.CharField(max_length=255)
    email = pw.CharField(max_length=255)
    licence = pw.ForeignKeyField(Licence, null=True, on_delete="RESTRICT")  # amended, or issued
    filed_on = pw.DateField(null=True)
    filing_channel = pw.CharField(max_length=16, default="")
    incoming_number = pw.CharField(max_length=64, default="")
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)  # optimistic lock: each change adds one

    class Meta:
        table_name = "licensing_application"

    @property
    def number(self):
        """The application's reference, as its letters quote it."""
        return f"З-{self.id:06d}"

    def pauses(self):
        """The letters of irregularities as pauses of the licensing term."""
        return [
            rules.Pause(letter.sent_on, letter.deadline, letter.fixed_on)
            for letter in self.letters.order_by(IrregularityLetter.sent_on, IrregularityLetter.id)
        ]

    def term(self, today=None):
        """Where the licensing term stands (rules.licensing_term), or None before the filing."""
        if self.filed_on is None:
            return None
        return rules.licensing_term(self.filed_on, self.pauses(), today or datetime.date.today())

    def timeline(self):
        """Every step taken, oldest first."""
        return self.events.order_by(ApplicationEvent.at, ApplicationEvent.id)

    def open_letter(self):
        """The letter whose fixes are awaited, or None."""
        return self.letters.where(IrregularityLetter.fixed_on.is_null()).order_by(IrregularityLetter.id.desc()).first()

    @classmethod
    def of_applicant(cls, user):
        """The user's own applications, newest first."""
        return cls.select().where(cls.applicant == user).order_by(cls.id.desc())

    @classmethod
    def open_by_days_left(cls, today=None):
        """[(application, term)] of every filed, undecided application, fewest days left first."""
        today = today or datetime.date.today()
        rows = [(a, a.term(today)) for a in cls.select().where(cls.state.in_(OPEN_STATES))]
        return sorted(rows, key=lambda row: (row[1].days_left, row[0].id))


class ApplicationEvent(BaseModel):
    """One step on an application's timeline, shown to both sides."""

    application = pw.ForeignKeyField(LicensingApplication, backref="events", on_delete="CASCADE")
    at = pw.DateTimeField(default=utcnow)
    actor = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = pw.CharField(max_length=32)
    from_state = pw.CharField(max_length=32, default="")
    to_state = pw.CharField(max_length=32, default="")
    on_date = pw.DateField(null=True)  # the day the step counts from (filing, letter, fixes)
    note = pw.TextField(default="")

    class Meta:
        table_name = "application_event"


class IrregularityLetter(BaseModel):
    """A letter listing what to fix, with the deadline (000 step 6): a pause of the term."""

    application = pw.ForeignKeyField(LicensingApplication, backref="letters", on_delete="CASCADE")
    sent_on = pw.DateField()
    deadline = pw.DateField()
    items = pw.TextField()  # one irregularity a line
    fixed_on = pw.DateField(null=True)

    class Meta:
        table_name = "irregularity_letter"

    @property
    def item_list(self):
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class Attachment(BaseModel):
    """A file of an application (portal.uploads): stored outside the web root, served only to
    those who may see the application."""

    application = pw.ForeignKeyField(LicensingApplication, backref="attachments", on_delete="CASCADE")
    purpose = pw.CharField(max_length=32)  # signed_application, ...
    original_name = pw.CharField(max_length=255)
    stored_name = pw.CharField(max_length=64, unique=True)
    size = pw.IntegerField()
    sha256 = pw.CharField(max_length=64)
    content_type = pw.CharField(max_length=64)
    uploaded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    uploaded_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "application_attachment"
