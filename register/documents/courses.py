"""A centre's courses and their people (issue 15, part 1): who acts for a centre, its courses, the
list of participants (by hand or from a CSV file), the exam's results, and its registered blanks.
Plain functions with explicit arguments (never `request`), each write in one transaction; a refusal
is a DocumentError with the field it concerns."""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.db import database
from portal.forms import in_range
from portal.identity_rules import egn_birth_date, egn_is_valid, lnch_is_valid
from register.documents import rules
from register.documents.identity import normalise_personal_number, personal_number_hash
from register.documents.models import (
    COURSE_KINDS,
    EXAM_RESULTS,
    FRAMEWORK_PROGRAMMES,
    BlankBatch,
    CentreAccount,
    Course,
    Participant,
    course_has_registered_document,
    normalise_number,
    specialities_licensed_on,
)
from register.documents.workflow import DocumentError
from register.models import Licence

# The forms of training a course is recorded in: 001 names none for a centre's course list, so
# these are the site's choice (shown so on the form).
TRAINING_FORM_LABELS = {
    "daytime": _l("Daytime"),
    "evening": _l("Evening"),
    "part_time": _l("Part-time (задочна)"),
    "distance": _l("Distance"),
    "individual": _l("Individual"),
    "dual": _l("Dual (work-based)"),
}
# The entry level of education (001 annex 2 т. 1: "входящо образователно равнище"), the site's list.
ENTRY_EDUCATION_LABELS = {
    "none": _l("Without completed primary education"),
    "primary": _l("Primary"),
    "basic": _l("Basic (7th grade)"),
    "secondary": _l("Secondary"),
    "higher": _l("Higher"),
}
SEX_LABELS = {"f": _l("Female"), "m": _l("Male")}
LOWEST_MARK, HIGHEST_MARK = Decimal("2.00"), Decimal("6.00")

# The CSV import's columns, in this order in the documentation (the header names them; order free).
IMPORT_COLUMNS = (
    "personal_number",
    "first_name",
    "middle_name",
    "last_name",
    "birth_date",
    "sex",
    "citizenship",
    "entry_education",
)
IMPORT_REQUIRED = ("personal_number", "first_name", "last_name", "birth_date")


# --- Who acts for a centre --------------------------------------------------------------------


def link_centre_account(user, centre_id):
    """Let `user` act for the centre (nothing new when it already does); returns the link."""
    with database.atomic():
        link, _ = CentreAccount.get_or_create(user=user.id, centre=centre_id)
    return link


def create_centre_account(email, licence_number):
    """The CLI's centre account: a `centre` user for `email` (or the existing user) acting for the
    centre of `licence_number`. Returns (user, created)."""
    from portal.accounts import CENTRE_ROLE, User, create_user

    licence = Licence.by_number((licence_number or "").strip())
    if licence is None:
        raise DocumentError(_l("No licence with this number."), "licence_number")
    with database.atomic():
        user = User.by_email(email)
        created = user is None
        if created:
            user = create_user(email, CENTRE_ROLE)
        link_centre_account(user, licence.centre_id)
    return user, created


# --- Courses ---------------------------------------------------------------------------------


def _check_version(record, version):
    if version != record.version:
        raise DocumentError(
            _l("Someone changed this record after you opened it: look at it again and repeat.")
        )


def _check_course_open(course):
    if course.id and course_has_registered_document(course.id):
        raise DocumentError(
            _l("A document of this course is in the register: the course can no longer be changed.")
        )


def save_course(centre_id, fields, course=None, version=None):
    """A new course of the centre, or its changes (with the version the form showed). `fields`:
    licence (id), speciality (code), kind, framework_programme, training_form, starts_on, ends_on,
    hours. The speciality must be one the licence covered on the start date: the course records the
    licence as it stood when it began (rules.speciality_licensed). Returns the course."""
    licence = Licence.get_or_none((Licence.id == fields.get("licence")) & (Licence.centre == centre_id))
    if licence is None:
        raise DocumentError(_l("Choose one of the centre's licences."), "licence")
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if not isinstance(starts_on, datetime.date) or not in_range(starts_on):
        raise DocumentError(_l("Enter the date the course began."), "starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DocumentError(_l("The course cannot end before it begins."), "ends_on")
    licensed = [s.code for s in specialities_licensed_on(licence.id, starts_on)]
    if not rules.speciality_licensed(fields.get("speciality"), licensed):
        raise DocumentError(_l("The licence did not cover this speciality on the start date."), "speciality")
    if fields.get("kind") not in COURSE_KINDS:
        raise DocumentError(_l("Choose training or validation."), "kind")
    if fields.get("framework_programme") not in FRAMEWORK_PROGRAMMES:
        raise DocumentError(_l("Choose the framework programme."), "framework_programme")
    if fields.get("training_form") not in TRAINING_FORM_LABELS:
        raise DocumentError(_l("Choose the form of training."), "training_form")
    hours = fields.get("hours")
    if not isinstance(hours, int) or isinstance(hours, bool) or not 0 < hours <= 100000:
        raise DocumentError(_l("Enter the hours as a whole number above zero."), "hours")
    values = {
        "licence": licence.id,
        "speciality": fields["speciality"],
        "kind": fields["kind"],
        "framework_programme": fields["framework_programme"],
        "training_form": fields["training_form"],
        "starts_on": starts_on,
        "ends_on": ends_on,
        "hours": hours,
    }
    with database.atomic():
        if course is None:
            if _same_course(centre_id, values):  # a second click on "Save"
                raise DocumentError(_l("This course is recorded already."))
            return Course.create(centre=centre_id, **values)
        _check_version(course, version)
        _check_course_open(course)
        if course.exam_protocol_date and course.exam_protocol_date < starts_on:
            raise DocumentError(_l("The exam protocol is dated before this start date."), "starts_on")
        _bump(course, values)
    return course


def _same_course(centre_id, values):
    return (
        Course.select()
        .where(
            (Course.centre == centre_id)
            & (Course.licence == values["licence"])
            & (Course.speciality == values["speciality"])
            & (Course.kind == values["kind"])
            & (Course.starts_on == values["starts_on"])
        )
        .exists()
    )


def _bump(course, values):
    """Write `values` on the course and move its version on (a second tab's form is then stale)."""
    from portal.dates import utcnow

    changed = Course.update(**values, version=Course.version + 1, updated_at=utcnow()).where(
        (Course.id == course.id) & (Course.version == course.version)
    )
    if changed.execute() != 1:
        raise DocumentError(
            _l("Someone changed this record after you opened it: look at it again and repeat.")
        )
    for name, value in values.items():
        setattr(course, name if name not in ("licence", "speciality") else f"{name}_id", value)
    course.version += 1


def record_exam_protocol(course, version, number, on_date):
    """The exam protocol of the course (001 annex 1 row 15): its number and date, not before the
    course began."""
    number = (number or "").strip()
    if not number:
        raise DocumentError(_l("Enter the number of the protocol."), "exam_protocol_number")
    if not isinstance(on_date, datetime.date) or not in_range(on_date):
        raise DocumentError(_l("Enter the date of the protocol."), "exam_protocol_date")
    if on_date < course.starts_on:
        raise DocumentError(_l("The exam cannot be before the course began."), "exam_protocol_date")
    with database.atomic():
        _check_version(course, version)
        _check_course_open(course)
        _bump(course, {"exam_protocol_number": number[:50], "exam_protocol_date": on_date})
    return course


# --- Participants ------------------------------------------------------------------------------


def check_person(fields):
    """The person's data as the list records it (001 annex 2 т. 1: "ЕГН/ЛНЧ, име, презиме, фамилия,
    дата на раждане, пол, гражданство; входящо образователно равнище"), cleaned. A ЕГН or ЛНЧ with a
    valid check digit; an ЕГН's date of birth must be the one given. Raises DocumentError naming the
    field, never the number."""
    number = normalise_personal_number(fields.get("personal_number"))
    if egn_is_valid(number):
        kind = "egn"
    elif lnch_is_valid(number):
        kind = "lnch"
    else:
        raise DocumentError(
            _l("Enter a valid ЕГН or ЛНЧ (10 digits, with its check digit)."), "personal_number"
        )
    names = {}
    for name, required in (("first_name", True), ("middle_name", False), ("last_name", True)):
        value = " ".join(str(fields.get(name) or "").split())
        if required and not value:
            raise DocumentError(_l("Enter the name."), name)
        if len(value) > 100:
            raise DocumentError(_l("At most 100 characters."), name)
        names[name] = value
    born = fields.get("birth_date")
    if not isinstance(born, datetime.date) or not in_range(born):
        raise DocumentError(_l("Enter the date of birth."), "birth_date")
    if kind == "egn" and egn_birth_date(number) != born:
        raise DocumentError(_l("The date of birth does not agree with the ЕГН."), "birth_date")
    sex = fields.get("sex") or ""
    if sex not in ("", *SEX_LABELS):
        raise DocumentError(_l("Choose female or male."), "sex")
    education = fields.get("entry_education") or ""
    if education not in ("", *ENTRY_EDUCATION_LABELS):
        raise DocumentError(_l("Choose the entry level of education."), "entry_education")
    citizenship = " ".join(str(fields.get("citizenship") or "").split())
    if len(citizenship) > 60:
        raise DocumentError(_l("At most 60 characters."), "citizenship")
    return {
        **names,
        "personal_number": number,
        "number_kind": kind,
        "number_hash": personal_number_hash(number),
        "birth_date": born,
        "sex": sex,
        "citizenship": citizenship,
        "entry_education": education,
    }


def _on_list(course_id, number, other_id=0):
    return (
        Participant.select()
        .where(
            (Participant.course == course_id)
            & (Participant.personal_number == number)
            & (Participant.id != other_id)
        )
        .exists()
    )


def save_participant(course, fields, participant=None):
    """A person added to the course's list, or their data changed: each person once a course."""
    values = check_person(fields)
    _check_course_open(course)
    with database.atomic():
        if _on_list(course.id, values["personal_number"], participant.id if participant else 0):
            raise DocumentError(_l("This person is on the course's list already."), "personal_number")
        if participant is None:
            return Participant.create(course=course.id, **values)
        Participant.update(**values).where(Participant.id == participant.id).execute()
    return Participant.get_by_id(participant.id)


def remove_participant(participant):
    """Take a person off the list; refused once a document names them."""
    if participant.has_documents:
        raise DocumentError(_l("A document names this person: they stay on the course's list."))
    with database.atomic():
        Participant.delete().where(Participant.id == participant.id).execute()


def _mark(text, field):
    text = (str(text or "")).strip().replace(",", ".")
    if not text:
        return None
    try:
        mark = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise DocumentError(_l("Enter a mark from 2.00 to 6.00."), field) from None
    if not LOWEST_MARK <= mark <= HIGHEST_MARK:
        raise DocumentError(_l("Enter a mark from 2.00 to 6.00."), field)
    return mark


def record_results(course, version, results):
    """The exam's results for the whole course in one step: `results` is {participant id: (result,
    theory mark, practice mark)}, result "", passed, failed or absent, marks 2.00-6.00 or empty.
    All or nothing; the field of a refusal is `result-<id>`, `theory-<id>` or `practice-<id>`."""
    ids = {p.id for p in Participant.of_course(course.id)}
    rows = {}
    for pid, (result, theory, practice) in results.items():
        if pid not in ids:
            continue
        if result not in ("", *EXAM_RESULTS):
            raise DocumentError(_l("Choose a result."), f"result-{pid}")
        rows[pid] = {
            "exam_result": result,
            "theory_mark": _mark(theory, f"theory-{pid}"),
            "practice_mark": _mark(practice, f"practice-{pid}"),
        }
        if result == "absent" and (rows[pid]["theory_mark"] or rows[pid]["practice_mark"]):
            raise DocumentError(_l("An absent person has no marks."), f"result-{pid}")
    with database.atomic():
        _check_version(course, version)
        _check_course_open(course)
        for pid, values in rows.items():
            Participant.update(**values).where(Participant.id == pid).execute()
        _bump(course, {})
    return course


# --- The CSV import ----------------------------------------------------------------------------


class ImportRefused(DocumentError):
    """A refused import: `problems` is [(line, message)], each line named, never its ЕГН."""

    def __init__(self, message, problems=(), field="file"):
        super().__init__(message, field)
        self.problems = list(problems)


def import_max_rows():
    """How many people one file may bring (the site's setting PARTICIPANT_IMPORT_MAX_ROWS)."""
    return int(current_app.config.get("PARTICIPANT_IMPORT_MAX_ROWS", 500))


def read_csv(data, required=IMPORT_REQUIRED):
    """The file's rows as dicts with their line numbers: UTF-8 with or without a byte order mark,
    `;` or `,` between the columns (whichever the header line uses), the `required` columns named."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(_l("The file is not UTF-8 text: save it as CSV UTF-8 and try again.")) from None
    if "\x00" in text:
        raise ImportRefused(_l("The file is not a CSV text file."))
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    names = [(n or "").strip().lower() for n in (reader.fieldnames or [])]
    missing = [n for n in required if n not in names]
    if missing:
        raise ImportRefused(_l("The header line lacks the columns: %(names)s.", names=", ".join(missing)))
    reader.fieldnames = names
    return reader


def csv_records(reader, max_rows):
    """(line, record) of each row of a read_csv reader that is not blank; ImportRefused once there
    are more than `max_rows`."""
    count = 0
    for record in reader:
        if not any((v or "").strip() for k, v in record.items() if k is not None and isinstance(v, str)):
            continue
        count += 1
        if count > max_rows:
            raise ImportRefused(_l("The file has more than %(count)d rows: split it.", count=max_rows))
        yield reader.line_num, record


def parse_participants(data, max_rows):
    """Every row of the file checked before anything is written: [(line, values)], or ImportRefused
    listing each bad row by its line with the reason (the ЕГН is never repeated back)."""
    rows, problems, seen = [], [], {}
    for line, record in csv_records(read_csv(data), max_rows):
        if record.get(None):
            problems.append((line, _l("more columns than the header names")))
            continue
        fields = {name: (record.get(name) or "").strip() for name in IMPORT_COLUMNS}
        try:
            fields["birth_date"] = datetime.date.fromisoformat(fields["birth_date"])
        except ValueError:
            problems.append((line, _l("the date of birth is not YYYY-MM-DD")))
            continue
        fields["sex"] = {"ж": "f", "м": "m"}.get(fields["sex"].lower(), fields["sex"].lower())
        try:
            values = check_person(fields)
        except DocumentError as error:
            problems.append((line, f"{error.field}: {error.message}"))
            continue
        number = values["personal_number"]
        if number in seen:
            problems.append((line, _l("the same person as on line %(line)d", line=seen[number])))
            continue
        seen[number] = line
        rows.append((line, values))
    if problems:
        raise ImportRefused(_l("Nothing was imported: fix these rows and send the file again."), problems)
    if not rows:
        raise ImportRefused(_l("The file has no rows."))
    return rows


def import_participants(course, data, max_rows=None):
    """The people of a CSV file added to the course's list: all of them or, if any row is bad (or
    someone is on the list already), none. Returns how many were added."""
    _check_course_open(course)
    rows = parse_participants(data, max_rows or import_max_rows())
    with database.atomic():
        present = {
            p.personal_number
            for p in Participant.select(Participant.personal_number).where(Participant.course == course.id)
        }
        doubles = [
            (line, _l("this person is on the course's list already"))
            for line, v in rows
            if v["personal_number"] in present
        ]
        if doubles:
            raise ImportRefused(_l("Nothing was imported: fix these rows and send the file again."), doubles)
        Participant.insert_many([{"course": course.id, **values} for _, values in rows]).execute()
    return len(rows)


# --- Blanks ------------------------------------------------------------------------------------


def register_blanks(centre_id, fields, handover_protocol=None, handed_over=None):
    """A batch of factory-numbered blanks the centre received, as 001 art. 25(6) т. 1 asks: "В
    10-дневен срок от изготвянето на протокола: 1. директорът на ЦПО въвежда в информационната
    система на НАПОО сканирано цветно копие от протокола и вписва номерата на получените документи с
    фабрична номерация". Only the kinds with factory numbers (rules.factory_numbered); a range that
    shares a number with one registered for the same kind and series is refused, unless
    `handed_over(batch, first, last)` says the other centre handed those numbers to this one (art.
    25(6) т. 2). `handover_protocol`: the handover protocol (register.blanks) the batch is a row of."""
    kind = fields.get("kind")
    if not rules.factory_numbered(kind or ""):
        raise DocumentError(_l("Choose a kind of document printed with factory numbers."), "kind")
    series = normalise_number(fields.get("series"))
    if not series or len(series) > 20:
        raise DocumentError(_l("Enter the series as printed on the blanks."), "series")
    first, last = fields.get("first_number"), fields.get("last_number")
    if not isinstance(first, int) or first < 1:
        raise DocumentError(_l("Enter the first number."), "first_number")
    if not isinstance(last, int) or last < first or last > 2**31 - 1:
        raise DocumentError(_l("The last number cannot be below the first."), "last_number")
    received = fields.get("received_on")
    if not isinstance(received, datetime.date) or not in_range(received):
        raise DocumentError(_l("Enter the date the blanks were received."), "received_on")
    protocol = (fields.get("protocol_number") or "").strip()
    if not protocol:
        raise DocumentError(_l("Enter the number of the handover protocol."), "protocol_number")
    with database.atomic():
        clashes = BlankBatch.overlapping(kind, series, first, last)
        if any(handed_over is None or not handed_over(batch, first, last) for batch in clashes):
            raise DocumentError(
                _l("Some of these numbers of this series are registered already."), "first_number"
            )
        return BlankBatch.create(
            protocol=handover_protocol,
            centre=centre_id,
            kind=kind,
            series=series,
            first_number=first,
            last_number=last,
            received_on=received,
            protocol_number=protocol[:50],
        )
