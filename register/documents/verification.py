"""Public verification of a registered document, and the public counts of a centre's documents.

A look-up needs the kind, the series and number and the holder's ЕГН/ЛНЧ: nothing is answered on
the number alone. The personal number is turned into its keyed hash at once and never kept, logged
or sent back; every miss costs the same (one HMAC, one indexed query) and gets the same answer.
"""

from dataclasses import dataclass

from portal.disclosure_rules import figure_disclosable
from register.documents import rules
from register.documents.identity import personal_number_hash
from register.documents.models import (
    REGISTERED,
    IssuedDocument,
    centre_archive,
    centre_is_closed,
    normalise_number,
)

# The site's choice (the issue's): a count of one or two registered documents is shown as "fewer
# than 3", so a centre's page never lets anyone single out one or two holders (disclosure control).


@dataclass(frozen=True)
class Answer:
    """What the public learns about a genuine registered document: never the person."""

    kind: str
    series: str
    number: str
    number_is_factory: bool
    centre_name: str
    licence_number: str
    profession_code: str
    profession_name: str
    speciality_code: str
    speciality_name: str
    degree: int | None
    registered_on: object
    registration_number: str
    is_duplicate: bool
    original_series: str
    original_number: str
    original_registered_on: object
    issued_by_archive: str
    closed: bool
    archive: object  # where a closed centre's documentation is kept (duplicate_request_place)


def verify_key(kind, series, number):
    """The look-up key as IssuedDocument.refresh_verify_key writes it."""
    return f"{normalise_number(series)}/{normalise_number(number)}"[:48]


def look_up(kind, series, number, personal_number):
    """The answer for a registered document with this kind, series, number and holder, or None.
    The same work whatever was typed: the keyed hash is computed and the one query run."""
    holder_hash = personal_number_hash(personal_number)
    found = IssuedDocument.find_registered(kind, verify_key(kind, series, number), holder_hash)
    return answer_for(found)


def by_token(token):
    """The answer for the registered document this shareable link names, or None (unknown token, or
    a document not, or no longer, in the register)."""
    found = IssuedDocument.get_or_none(
        (IssuedDocument.verify_token == str(token)[:32]) & (IssuedDocument.state == REGISTERED)
    )
    return answer_for(found)


def answer_for(document):
    """The public answer for a registered document (None stays None)."""
    if document is None or document.state != REGISTERED:
        return None
    licence = document.issuing_licence()
    speciality = document.course.speciality if document.course_id is not None else None
    profession = speciality.profession if speciality is not None else None
    original = document.original if document.original_id is not None else None
    archive = duplicate_request_place(document.centre_id)
    closed = centre_is_closed(document.centre_id)
    numbered = rules.factory_numbered(document.kind)
    return Answer(
        kind=document.kind,
        series=document.series,
        number=document.factory_number if numbered else document.registration_number,
        number_is_factory=numbered,
        centre_name=document.centre.name,
        licence_number=licence.number if licence else "",
        profession_code=profession.code if profession else "",
        profession_name=profession.name if profession else "",
        speciality_code=speciality.code if speciality else "",
        speciality_name=speciality.name if speciality else "",
        degree=speciality.degree if speciality else None,
        registered_on=document.registered_on,
        registration_number=document.registration_number,
        is_duplicate=original is not None,
        original_series=original.series if original else "",
        original_number=(original.factory_number or original.registration_number) if original else "",
        original_registered_on=original.registered_on if original else None,
        issued_by_archive=document.issued_by_archive,
        closed=closed,
        archive=archive,
    )


def duplicate_request_place(centre_id):
    """Where the holder of a closed centre's document asks for a duplicate: the school that keeps
    the centre's documentation (its ArchiveDesignation), or None while the centre works or none is
    designated.
    "В случай че институцията, издала оригиналния документ, е закрита, заинтересованото лице подава
    заявление до институцията, където се съхранява (или е предадена за съхранение)
    документацията." (001 art. 16(4))."""
    return centre_archive(centre_id) if centre_is_closed(centre_id) else None


def shown_count(count):
    """A count as the public sees it: None (shown "fewer than 3") for 1 or 2, else the number
    (disclosure control, portal.disclosure_rules.figure_disclosable)."""
    return count if figure_disclosable(count) else None


def public_counts(centre_id):
    """[(year, kind, shown count)] of the centre's registered documents, the newest year first;
    groups without documents are never rows."""
    return [
        (year, kind, shown_count(count))
        for year, kind, count in IssuedDocument.yearly_counts(centre_id)
        if count > 0
    ]
