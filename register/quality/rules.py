"""The rules of the annual quality self-assessment and the employment of graduates, one function
each, quoting their source.

002 is NAPOO's note on quality assurance. It says one thing the site can encode: "Лицензираните
центрове за професионално обучение в България имат задължение ежегодно да представят годишен доклад
за самооценка на качеството на провежданото обучение, включително и по индикатор реализация на
завършилите лица." It sets no deadline, no criteria, no 6- or 12-month follow-up and no formula:
those are the site's settings or NAPOO's data (the criteria, edited per year), labelled so on the
pages, and each function below says which part is 002's and which is the site's choice.
"""

import calendar
import datetime
from collections import namedtuple
from fractions import Fraction

from portal.dates import add_months
from portal.disclosure_rules import disclosable, figure_disclosable
from register.documents import rules as document_rules

# Helpers, not rules: the rule index leaves them out.
NOT_RULES = frozenset({"percent"})

# A graduate's status at 6 and at 12 months (the site's list, after NAPOO's OnTrack project).
IN_PROFESSION = "in_profession"
ELSEWHERE = "elsewhere"
EDUCATION = "education"
NOT_EMPLOYED = "not_employed"
UNKNOWN = "unknown"
STATUSES = (IN_PROFESSION, ELSEWHERE, EDUCATION, NOT_EMPLOYED, UNKNOWN)
KNOWN_STATUSES = (IN_PROFESSION, ELSEWHERE, EDUCATION, NOT_EMPLOYED)
EMPLOYED = (IN_PROFESSION, ELSEWHERE)

# The months after the document's registration at which a status is recorded (the site's choice).
FOLLOW_UP_MONTHS = (6, 12)

# A report's standing on NAPOO's overview.
FILED, LATE, MISSING, OPEN = "filed", "late", "missing", "open"

Employment = namedtuple("Employment", "known in_profession employed")


def percent(share):
    """A share (a Fraction) as a whole percent, halves rounded up; None stays None."""
    if share is None:
        return None
    return int(share * 100 + Fraction(1, 2))


def counts_as_graduate(kind, is_duplicate, is_annex):
    """Who is a graduate of a year for the indicator "реализация на завършилите лица" (002): the
    holder of a registered document that ends a training in a profession, "1. свидетелство за
    професионална квалификация; 2. удостоверение за професионално обучение" (001 art. 5(5)). The
    site's choice leaves out validations (т. 3-4: the centre recognised what the person had learnt,
    it did not train them), the certificates of legal capacity (т. 5-6: a licence to work, not a
    profession of the List), the Europass supplement (an annex) and duplicates (the same graduate
    again)."""
    return (
        kind in (document_rules.QUALIFICATION, document_rules.TRAINING) and not is_duplicate and not is_annex
    )


def self_assessment_due(year, month_day):
    """The last day to file the report on `year`: "ежегодно да представят годишен доклад за
    самооценка" (002). 002 gives no date: the report on a year is due on the month and day of the
    setting SELF_ASSESSMENT_DUE (`month_day`, "MM-DD") of the next year, the site's choice; 29
    February is 28 February in a common year."""
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.date(year + 1, month, min(day, calendar.monthrange(year + 1, month)[1]))


def filing_status(filed_on, due, today):
    """A report's standing against its deadline ("ежегодно да представят годишен доклад", 002; the
    deadline is the site's setting): filed on or before the due day is FILED, after it LATE; not
    filed, MISSING once the due day has passed, else OPEN."""
    if filed_on is not None:
        return FILED if filed_on <= due else LATE
    return MISSING if today > due else OPEN


def follow_up_open(registered_on, months, today):
    """Whether a graduate's status at `months` may be recorded yet: from the day `months` months
    after the document's registration (the same day of the month, or the month's last day). 002 asks
    for the indicator "реализация на завършилите лица" without a moment to measure it: 6 and 12
    months are the site's choice."""
    return today >= add_months(registered_on, months)


def graduates_year_of_report(year):
    """The graduates whose employment the report on `year` gives ("включително и по индикатор
    реализация на завършилите лица", 002): those of the year before, the only ones whose status at
    12 months is known by the end of `year` (the site's choice)."""
    return year - 1


def employment_indicator(statuses):
    """The indicator "реализация на завършилите лица" (002), computed from the graduates' statuses
    at 12 months, never typed: among the graduates with a known status (not "unknown", not yet
    recorded), how many work in the profession they were trained for, and how many work at all.
    Returns Employment(known, in_profession, employed) counts; the published share is in_profession
    / known (`indicator_disclosable` decides whether it is shown)."""
    known = [s for s in statuses if s in KNOWN_STATUSES]
    return Employment(
        known=len(known),
        in_profession=sum(1 for s in known if s == IN_PROFESSION),
        employed=sum(1 for s in known if s in EMPLOYED),
    )


def indicator_disclosable(in_profession, known):
    """Whether a share "in the profession" of `known` graduates may be published: disclosure control
    (portal.disclosure_rules, after 004 (marking of the written exam) ал.7: "Данни, които обобщават
    резултатите за по-малко от три лица ... не могат да бъдат разгласявани"). At least three
    graduates with a known status, and each side of the share (in the profession, not) 0 or at
    least three persons, so that no one's status can be told from it; with counts of persons no one
    person can be over 85% of a total of three or more."""
    if known == 0 or not figure_disclosable(known):
        return False
    return disclosable({"in": in_profession, "out": known - in_profession})
