"""BAUP certificates (004, decision and certificate): issue on the Board's decision, the public
register (searched through search_index, holder names public, never the candidate ID), withdrawal,
and the daily expiry and reminder runs. Never sees `request`."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l

import search_index
from certification import certificate_rules
from certification.certificate_numbers import (
    certificate_number,
    certificate_number_is_valid,
    normalise_certificate_number,
)
from certification.certificate_pdf import certificate_pdf  # noqa: F401 - the PDF lives beside
from certification.models import (
    Candidate,
    Certificate,
    CertificateEvent,
    CertificateRefusal,
    ExamSession,
    Seat,
)
from certification.services import CertificationError
from portal import audit
from portal.db import database
from portal.formats import format_day

REGISTER = "certificates"
BOARD = ("board",)


def _index(certificate):
    """The certificate's search document (in the caller's transaction): the holder's names (a Latin
    spelling finds the Cyrillic one), the number, the level's titles."""
    titles = [certificate_rules.level_title(certificate.level, lang) for lang in ("bg", "en")]
    search_index.index_document(
        REGISTER,
        certificate.id,
        certificate.holder_name,
        [certificate.number, *titles],
        tokens=[search_index.filter_token("level", certificate.level)],
    )


def _local_day(timestamp):
    """The day, in the site's time zone, of a timestamp stored in UTC (register.models.utcnow): a
    mark recorded at 00:30 in Sofia counts on that day, not the day before."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return timestamp.replace(tzinfo=datetime.UTC).astimezone(zone).date()


def written_exam_seat(candidate, published_only=True):
    """The candidate's latest written exam with a final mark (of a published session, unless
    `published_only` is False), or None."""
    query = (
        Seat.select(Seat, ExamSession)
        .join(ExamSession)
        .where((Seat.candidate == candidate) & Seat.final_mark.is_null(False))
    )
    if published_only:
        query = query.where(ExamSession.published_on.is_null(False))
    return query.order_by(ExamSession.starts_at.desc()).first()


def marked_on(candidate):
    """{each element due for the candidate's level (certificate_rules.ELEMENTS): the day its final
    mark was recorded, or None}: the written exam's final mark (Seat.final_at, once published), the
    report's and the interview's joint mark (StageMark.entered_at)."""
    from certification.stages import joint_mark

    days = {}
    for element in certificate_rules.ELEMENTS[candidate.level]:
        if element == certificate_rules.WRITTEN_EXAM:
            seat = written_exam_seat(candidate)
            stamp = seat.final_at if seat else None
        else:
            mark = joint_mark(candidate, element)
            stamp = mark.entered_at if mark else None
        days[element] = _local_day(stamp) if stamp else None
    return days


def last_element_on(candidate):
    """The day the last element due was marked (certificate_rules.last_element_marked_on), or None
    while an element has no final mark."""
    return certificate_rules.last_element_marked_on(candidate.level, marked_on(candidate))


def _ready_for_the_board(candidate, on_date):
    """Refuse the Group's report or the Board's decision on `on_date` while an element due has no
    final mark, before two weeks from the marking of the last one
    (certificate_rules.board_may_decide), or before the assessors' hand-ins (004 (decision) ал.1).
    Returns the day of that marking."""
    from certification.labels import CERT_ELEMENTS
    from certification.stages import recommended

    days = marked_on(candidate)
    missing = [str(CERT_ELEMENTS[element]) for element, day in days.items() if day is None]
    if missing:
        raise CertificationError(
            _l("There is no final mark yet for: %(elements)s.", elements=", ".join(missing))
        )
    last_on = certificate_rules.last_element_marked_on(candidate.level, days)
    if not isinstance(on_date, datetime.date) or not certificate_rules.board_may_decide(last_on, on_date):
        raise CertificationError(
            _l(
                "The Board decides two weeks from the marking of the last element (%(marked)s) at the "
                "earliest: from %(day)s.",
                marked=format_day(last_on),
                day=format_day(certificate_rules.board_may_decide_on(last_on)),
            ),
            "on_date",
        )
    if recommended(candidate)[0] is None:
        raise CertificationError(_l("The assessors hand in their assessment and recommendation first."))
    return last_on


def decision_of(candidate):
    """The Board's decision on the candidate's certificate: the Certificate issued, the
    CertificateRefusal, or None while it has not decided."""
    refusal = CertificateRefusal.get_or_none(CertificateRefusal.candidate == candidate)
    return by_candidate(candidate) or refusal


def _board_may_decide(user, candidate, decided_on):
    """What the Board's decision to issue or not to issue needs (004 (decision) ал.1-5): a Board
    member; a procedure not annulled and not decided yet; a date not in the future; every element
    marked two weeks before; the assessors' hand-ins (which inform, not bind, the decision); the
    Group's report, on or before the decision."""
    if user is None or not user.has_role(*BOARD):
        raise CertificationError(_l("You may not take this step."))
    if candidate.annulled_on is not None:
        raise CertificationError(_l("The candidate's procedure was annulled."))
    decided = decision_of(candidate)
    if isinstance(decided, Certificate):
        raise CertificationError(_l("This candidate's certificate has been issued."))
    if decided is not None:
        raise CertificationError(
            _l(
                "The Board decided not to issue the certificate on %(day)s.",
                day=format_day(decided.decided_on),
            )
        )
    if not isinstance(decided_on, datetime.date):
        raise CertificationError(_l("Enter the date of the decision."), "on_date")
    if decided_on > datetime.date.today():
        raise CertificationError(_l("The date of the decision cannot be in the future."), "on_date")
    _ready_for_the_board(candidate, decided_on)
    if candidate.reported_on is None:
        raise CertificationError(_l("The Group reports the candidate to the Board first."))
    if decided_on < candidate.reported_on:
        raise CertificationError(
            _l(
                "The Board decides after the Group's report of %(day)s.",
                day=format_day(candidate.reported_on),
            ),
            "on_date",
        )


def _replaces(application, level):
    """(number, date, issuer) of the certificate a new one replaces (004 (certificate contents)
    ал.1 т.8): the one the application names (a recertification, or a certificate of another
    issuer), else the holder's earlier BAUP certificate at or below the level, found by the personal
    number (certificate_rules.replaced_certificate); ("", None, "") when none."""
    from certification.models import CertApplication

    if application.previous_certificate:
        named = application.previous_certificate.strip().upper()
        previous = Certificate.get_or_none(Certificate.number == named)
        if previous is not None:
            return previous.number, previous.issued_on, ""
        return application.previous_certificate, None, application.previous_issuer
    held = (
        Certificate.select()
        .join(CertApplication)
        .where(
            (CertApplication.personal_number == application.personal_number)
            & Certificate.withdrawn_on.is_null()
        )
    )
    chosen = certificate_rules.replaced_certificate(level, [(c.level, c.issued_on, c) for c in held])
    return (chosen.number, chosen.issued_on, "") if chosen else ("", None, "")


def issue(user, candidate, issued_on, chair_name, lead_assessor_name, replaces=None):
    """The Board's decision to issue the certificate (004 (decision) ал.5-6), on the marks and all
    the factors: not before two weeks from the marking of the last element
    (certificate_rules.board_may_decide), after the assessors' hand-ins, which do not bind it; the
    written exam passed where the level has one; a unique number with a check character; valid 5
    years; the holder's names as in the identity card. `replaces` is (number, date, issuer) of the
    certificate it replaces, else found by `_replaces` (recertification or a higher level)."""
    from certification.exams import pass_mark
    from certification.rules import passed

    _board_may_decide(user, candidate, issued_on)
    if certificate_rules.WRITTEN_EXAM in certificate_rules.ELEMENTS[candidate.level]:
        seat = written_exam_seat(candidate)
        if not passed(seat.final_mark, pass_mark(candidate.level)):
            raise CertificationError(_l("The candidate has not passed the written exam."))
    if not (chair_name or "").strip() or not (lead_assessor_name or "").strip():
        raise CertificationError(
            _l("Name the Board's chair and the lead assessor who sign it."), "chair_name"
        )
    application = candidate.application
    replaces_number, replaces_date, replaces_issuer = replaces or _replaces(application, candidate.level)
    with database.atomic():
        sequence = (
            Certificate.select()
            .where(Certificate.number.startswith(f"BAUP-{candidate.level}-{issued_on.year}-"))
            .count()
            + 1
        )
        certificate = Certificate.create(
            number=certificate_number(candidate.level, issued_on.year, sequence),
            level=candidate.level,
            holder_name=application.full_name,
            language=application.language,
            issued_on=issued_on,
            expires_on=certificate_rules.expires_on(issued_on),
            application=application,
            chair_name=chair_name.strip(),
            lead_assessor_name=lead_assessor_name.strip(),
            replaces_number=(replaces_number or "").strip(),
            replaces_date=replaces_date,
            replaces_issuer=(replaces_issuer or "").strip(),
            verify_token=secrets.token_urlsafe(9),  # 72 random bits: the QR code's short link
        )
        CertificateEvent.create(certificate=certificate, kind="issued", on_date=issued_on)
        replaced = certificate.replaced()
        if replaced is not None:
            CertificateEvent.create(
                certificate=replaced, kind="replaced", on_date=issued_on, note=certificate.number
            )
        _index(certificate)
        audit.record(
            user,
            "certification.certificate",
            "cert_certificate",
            certificate.id,
            after={"number": certificate.number},
        )
    return certificate


def report_to_board(user, candidate, on_date):
    """The Group tells the Board the candidate's marks (004 (decision) ал.4): once every element
    due has its final mark, two weeks from the marking of the last one at the earliest
    (certificate_rules.board_may_decide); then the Board decides."""
    if user is None or not user.has_role("scheme_group"):
        raise CertificationError(_l("You may not take this step."))
    _ready_for_the_board(candidate, on_date)
    Candidate.update(reported_on=on_date).where(Candidate.id == candidate.id).execute()
    audit.record(
        user,
        "certification.report_to_board",
        "cert_candidate",
        candidate.id,
        after={"on": on_date.isoformat()},
    )


def refuse(user, candidate, decided_on, reasons):
    """The Board's decision not to issue the certificate (004 (decision) ал.5: "решение за издаване
    или неиздаване на сертификат ... въз основа на поставените оценки и всички фактори, имащи
    отношение към сертификационния процес"), with its reasons, under the same conditions as `issue`;
    the candidate is told by e-mail and sees it on their application's page."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from portal.mail import send_mail

    _board_may_decide(user, candidate, decided_on)
    if not (reasons or "").strip():
        raise CertificationError(_l("Give the reasons for the decision."), "reasons")
    with database.atomic():
        refusal = CertificateRefusal.create(
            candidate=candidate, decided_on=decided_on, reasons=reasons.strip(), decided_by=user
        )
        audit.record(
            user,
            "certification.certificate_refused",
            "cert_candidate",
            candidate.id,
            after={"on": decided_on.isoformat()},
        )
    with force_locale(candidate.application.language):  # the candidate's language, not the Board's
        send_mail(
            candidate.application.email,
            _("BAUP certification: the Board's decision on your certificate"),
            _(
                "On %(day)s the Board decided not to issue your certificate. Its reasons: %(reasons)s",
                day=format_day(decided_on),
                reasons=refusal.reasons,
            )
            + "\n"
            + _("The decision and its reasons are on your application's page."),
        )
    return refusal


def withdraw(user, certificate, on_date, reason):
    """The Board withdraws a certificate (e.g. false data found after issue), with date and reason:
    the register shows it."""
    if user is None or not user.has_role(*BOARD):
        raise CertificationError(_l("You may not take this step."))
    if certificate.withdrawn_on is not None:
        raise CertificationError(_l("The certificate has been withdrawn."))
    if (
        not isinstance(on_date, datetime.date)
        or not certificate.issued_on <= on_date <= datetime.date.today()
    ):
        raise CertificationError(_l("The withdrawal is dated between the issue and today."), "on_date")
    if not (reason or "").strip():
        raise CertificationError(_l("Give the reason for the withdrawal."), "reason")
    with database.atomic():
        Certificate.update(withdrawn_on=on_date, withdrawal_reason=reason.strip()).where(
            Certificate.id == certificate.id
        ).execute()
        CertificateEvent.create(
            certificate=certificate, kind="withdrawn", on_date=on_date, note=reason.strip()
        )
        audit.record(
            user,
            "certification.withdraw",
            "cert_certificate",
            certificate.id,
            after={"on": on_date.isoformat()},
        )


def status(certificate, today=None):
    """ "valid", "expired" or "withdrawn" as of today: computed at every request, never stale.

    A stored row with odd dates (issued after today, or withdrawn before its issue: no form takes
    them, an old import or a hand edit may have) is "not yet valid" or "withdrawn" on the public
    pages, never an error that takes the whole register down with it."""
    today = today or datetime.date.today()
    if today < certificate.issued_on:
        return certificate_rules.NOT_YET_VALID
    if certificate.withdrawn_on is not None and certificate.withdrawn_on < certificate.issued_on:
        return certificate_rules.WITHDRAWN
    return certificate_rules.status_on(certificate.issued_on, today, certificate.withdrawn_on)


def expire(today=None):
    """The daily run: record the expiry of every certificate whose validity ended, for its history
    (the status itself never waits for this). Idempotent. Returns how many were recorded."""
    today = today or datetime.date.today()
    recorded = 0
    due = Certificate.select().where(Certificate.expires_on < today)
    for certificate in due:
        day = certificate.expires_on + datetime.timedelta(days=1)
        if not certificate.events.where(CertificateEvent.kind == "expired").exists():
            CertificateEvent.create(certificate=certificate, kind="expired", on_date=day)
            recorded += 1
    return recorded


def matching(text="", level="", state="", today=None):
    """The register's search as a query in the register's order: by number (exact), else the
    holder's names through the search index; filtered by level and status as of today. A search
    with no word to look for matches nothing."""
    today = today or datetime.date.today()
    query = Certificate.select()
    text = (text or "").strip()
    if text:
        number = normalise_certificate_number(text)
        if certificate_number_is_valid(number):
            query = query.where(Certificate.number == number)
        else:
            parsed = search_index.parse(text)
            if parsed.empty:
                return query.where(Certificate.id.is_null())  # nothing: an id is never null
            node = search_index.matching(REGISTER, parsed)
            query = query.where(Certificate.id.in_(node))
    if level:
        query = query.where(Certificate.level == level)
    if state == "valid":
        query = query.where(Certificate.withdrawn_on.is_null() & (Certificate.expires_on >= today))
    elif state == "expired":
        query = query.where(Certificate.withdrawn_on.is_null() & (Certificate.expires_on < today))
    elif state == "withdrawn":
        query = query.where(Certificate.withdrawn_on.is_null(False))
    return query.order_by(Certificate.issued_on.desc(), Certificate.number)


def find(text="", level="", state="", today=None, limit=50):
    """The first `limit` certificates of the register's search (`matching`), for the page."""
    return list(matching(text, level, state, today).limit(limit))


def every(query, size=500):
    """Every certificate of a query in its order, read a batch at a time so that an export of the
    whole register keeps memory flat."""
    page = 1
    while True:
        batch = list(query.paginate(page, size))
        yield from batch
        if len(batch) < size:
            return
        page += 1


def by_candidate(candidate):
    return Certificate.get_or_none(Certificate.application == candidate.application)


__all__ = ["Candidate", "issue", "refuse", "withdraw", "status", "expire", "find"]


def remind(today=None):
    """E-mail each holder at 6, 3 and 1 months before expiry (certificate_rules.reminders_due), once
    each: a reminder is an event of the certificate, so running twice sends nothing new."""
    from flask_babel import gettext as _

    from portal.dates import add_months
    from portal.mail import send_mail

    today = today or datetime.date.today()
    sent = 0
    horizon = add_months(today, max(certificate_rules.REMINDER_MONTHS_BEFORE_EXPIRY))
    candidates = Certificate.select().where(
        Certificate.withdrawn_on.is_null()
        & (Certificate.expires_on >= today)
        & (Certificate.expires_on <= horizon)
    )
    for certificate in candidates:
        done = {int(e.note) for e in certificate.events.where(CertificateEvent.kind == "reminder")}
        for months in certificate_rules.reminders_due(certificate.expires_on, today, done):
            if certificate.application is None:
                continue
            with database.atomic():
                CertificateEvent.create(
                    certificate=certificate,
                    kind="reminder",
                    on_date=add_months(certificate.expires_on, -months),
                    note=str(months),
                )
                send_mail(
                    certificate.application.email,
                    _(
                        "BAUP: your certificate %(number)s expires on %(day)s",
                        number=certificate.number,
                        day=format_day(certificate.expires_on),
                    ),
                    _(
                        "After its 5 years of validity, recertification or certification at a higher "
                        "level is needed (BAUP's procedures). You may apply for recertification before "
                        "or after the expiry; list your projects since this certificate."
                    ),
                )
            sent += 1
    return sent
