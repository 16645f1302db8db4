"""BAUP certification's rules from the report to the certificate: one function each, named after the
rule, citing its source.

Source: BAUP's "Процедури по сертификация и ресертификация", `004` in shared/seeds (DOMAIN.md C;
the source wins where they differ). As in `certification.rules`, an article is cited by its subject
and its paragraph (ал.) number, which survived the copy: "004 (interview) ал.5". The articles on the
certificate have lost their headings too: "004 (certificate contents)" is the article listing what a
certificate bears and the titles of the levels; "004 (validity)" is the last one, on its term.

Terms are counted as in `certification.rules`: a term in months or years ends on the same day of
the month that many months or years on, or on that month's last day when it has no such day; a
term in days or weeks does not count its first day. A term whose last day is a day off ends on the
next working day (`certification.rules.deadline_moved_off_day_off`, ЗЗД чл. 72 ал. 3), but none of
the terms here is a last day for someone to act counted forward: the report's 10 days count
backwards from the interview (moving their end forward would shorten them), the two weeks before
the Board may decide are a wait, and the certificate's validity and the reminders before its expiry
are not deadlines; so none of them moves.
"""

from certification.rules import LEVELS
from portal.dates import add_months, add_time

# Public helpers that apply a rule on one day (board_may_decide_on, status_on) but are not one: the
# rule index (portal/rule_index.py) lists every other public function here as a rule.
NOT_RULES = frozenset({"board_may_decide", "is_valid_on"})

_LOOKALIKES = str.maketrans({"С": "C", "В": "B"})  # Cyrillic letters a Bulgarian keyboard types
_REPORT_LEVELS = ("C", "B")  # 004 (report) ал.1 and (interview) ал.1: levels C and B only


def _level(level, allowed=LEVELS, what=None):
    code = level.strip().upper().translate(_LOOKALIKES) if isinstance(level, str) else level
    if code not in LEVELS:
        raise ValueError(f"no IPMA level {level!r}: one of {', '.join(LEVELS)}")
    if code not in allowed:
        raise ValueError(f"level {code} has no {what}")
    return code


def _count(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} is a whole number from 0, not {value!r}")
    return value


# --- Validity ---------------------------------------------------------------------------------

VALIDITY_YEARS = 5


def expires_on(issued_on):
    """The last day a certificate is valid, the "дата на изтичане на валидност" it bears (004
    (certificate contents) ал.1 т.4): "Издадените сертификати имат срок на валидност 5 години"
    (004 (validity) ал.1).

    Reading: a term of years expires on the same date that many years on, and "с изтичане срока на
    валидност" (the next paragraph, also numbered 1 in our copy) the certificate is void: the term
    runs out at the end of that day, so the fifth anniversary of the issue is the last valid day and
    the certificate is void from the day after. Issued 10 March 2026: valid through 10 March 2031.
    Issued on 29 February: the fifth anniversary is never a leap day, so the term ends on the last
    day of February, 28 February (not 1 March), as `certification.rules.ban_ends` counts.
    """
    return add_months(issued_on, 12 * VALIDITY_YEARS)


def _check_dates(issued_on, day, withdrawn_on):
    if day < issued_on:
        raise ValueError(f"the certificate is issued on {issued_on}, after {day}")
    if withdrawn_on is not None and withdrawn_on < issued_on:
        raise ValueError(f"withdrawn on {withdrawn_on}, before its issue on {issued_on}")


VALID = "valid"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
# Not a status of 004: what the public register says of a stored certificate whose issue date is
# still ahead (odd data no form takes), instead of failing (certification.certificates.status).
NOT_YET_VALID = "not_yet_valid"


def status_on(issued_on, day, withdrawn_on=None):
    """A certificate's status on `day`: VALID from its issue to `expires_on` inclusive, EXPIRED
    after that (004 (validity): entered in the public register "като невалиден поради изтичане срока
    на валидност"), WITHDRAWN from `withdrawn_on` on, whether before or after the expiry: a
    certificate declared invalid, e.g. for misleading data found after its issue (004 (application
    documents) ал.5: "до невалидност на издаденият по тази процедура сертификат"), is shown as such
    from the day of that decision, which is the first day it is not valid.

    ValueError for a `day` before the issue (no certificate yet) or a withdrawal before the issue.
    """
    _check_dates(issued_on, day, withdrawn_on)
    if withdrawn_on is not None and day >= withdrawn_on:
        return WITHDRAWN
    if day > expires_on(issued_on):
        return EXPIRED
    return VALID


def is_valid_on(issued_on, day, withdrawn_on=None):
    """Whether a certificate is valid on `day` (see `status_on`); False before its issue."""
    if day < issued_on:
        return False
    return status_on(issued_on, day, withdrawn_on) == VALID


def may_recertify(status):
    """Whether a holder may apply to recertify a BAUP certificate whose status (`status_on`) is
    `status`: "Издадените сертификати имат срок на валидност 5 години, след което е необходима
    ресертификация или сертификация за по-горно ниво" (004 (validity) ал.1).

    Reading: recertification is what an expired certificate needs, so an EXPIRED certificate is
    recertified, and a VALID one may be before its term runs out (004 sets no earliest day). A
    WITHDRAWN one, declared invalid by the Board (004 (application documents) ал.5), is not renewed:
    there is nothing valid to recertify, and its holder applies for certification at a level.
    ValueError for another status."""
    if status not in (VALID, EXPIRED, WITHDRAWN):
        raise ValueError(f"no certificate status {status!r}")
    return status != WITHDRAWN


# --- The Board's decision ---------------------------------------------------------------------

DECISION_WAIT_DAYS = 14

WRITTEN_EXAM = "written_exam"
REPORT = "report"
INTERVIEW = "interview"
ELEMENTS = {
    "D": (WRITTEN_EXAM,),
    "C": (WRITTEN_EXAM, REPORT, INTERVIEW),
    "B": (REPORT, INTERVIEW),
}


def last_element_marked_on(level, marked_on):
    """The day the clock of the Board's decision starts: the day the final mark of the last element
    due for the level was recorded, "от оценяването на кандидатите по последния предвиден по
    настоящата процедура елемент, според обхвата на заявеното ниво за сертификация" (004 (decision)
    ал.4). None while any element due has no final mark: no clock runs, and no certificate can be
    decided, before the marks exist.

    The elements due (ELEMENTS): "Кандидатите за нива от D и C задължително преминават писмен
    изпит" (004 (written exam) ал.1); "Всеки кандидат за сертифициране за ниво B или ниво С
    предоставя доклад" (004 (report) ал.1); "Интервюто е задължителен елемент за оценка на
    кандидатите за сертификация за ниво С и ниво В" (004 (interview) ал.1).

    Reading: "оценяването" is the marking, so the day counts on which the element's final mark was
    recorded (the written exam's final mark, the report's and the interview's joint mark), not the
    day of the exam or the interview. `marked_on` maps each element due to that day, or None; the
    latest day wins. ValueError for an unknown level or an element not due at the level."""
    due = ELEMENTS[_level(level)]
    unknown = set(marked_on) - set(due)
    if unknown:
        raise ValueError(f"level {level} has no element {', '.join(sorted(map(str, unknown)))}")
    days = [marked_on.get(element) for element in due]
    if any(day is None for day in days):
        return None
    return max(days)


def board_may_decide_on(last_element_on):
    """The first day the Board may decide to issue or not to issue a certificate: "С изтичането на
    двуседмичен срок от оценяването на кандидатите по последния предвиден по настоящата процедура
    елемент ... Групата за управление на схемата уведомява УС на СК за оценките на тези кандидати"
    (004 (decision) ал.4), and the Board decides on those marks (ал.5), so not before.

    `last_element_on` is the day the final mark of the last element due for the level was recorded
    (`last_element_marked_on`). Reading: a term of weeks expires on the same weekday of its last
    week (ЗЗД чл. 72, by analogy), so 14 days on: marked on Monday 1 June, the Group reports and the
    Board may decide from Monday 15 June, not on the 14th.
    """
    return add_time(last_element_on, days=DECISION_WAIT_DAYS)


def board_may_decide(last_element_on, day):
    """Whether the Board may decide on `day` (see `board_may_decide_on`)."""
    return day >= board_may_decide_on(last_element_on)


# --- The report -------------------------------------------------------------------------------

REPORT_DAYS_BEFORE_INTERVIEW = 10


def report_in_time(uploaded_on, interview_on, days=REPORT_DAYS_BEFORE_INTERVIEW):
    """The candidate sends the report "до десет дни преди провеждане на интервюто ..., освен ако не
    е уговорено друго между кандидатите и ГУС" (004 (report) ал.7).

    Reading: "до" is "by": the report is in time when sent no later than the 10th day before the
    interview, counted back from the interview without counting the interview's day, i.e. when
    `interview_on - uploaded_on` is at least 10 days (interview on 11 June: sent on 1 June is in
    time, on 2 June late). `days` is the term the candidate and the Group agreed otherwise.
    """
    _count(days, "the term in days")
    return (interview_on - uploaded_on).days >= days


COVERAGE_MINIMA = {
    "C": {"technical": 12, "behavioural": 5, "contextual": 4},
    "B": {"technical": 14, "behavioural": 8, "contextual": 6},
}


def coverage_shortfall(level, counts):
    """How many competences of each group a report still has to touch: "Минималният брой
    компетенции, които докладите следва да засягат са: За ниво С - 12 бр. технически, 5 бр.
    поведенчески и 4 контекстуални; За ниво В – 14 бр. технически, 8 бр. поведенчески и 6
    контекстуални" (004 (report) ал.6).

    `counts` maps "technical", "behavioural" and "contextual" to the number touched (a missing group
    counts 0). Returns {group: how many missing} for the groups short, empty when every minimum is
    met. ValueError for level D (no report), an unknown group or a count that is not a whole number
    from 0."""
    minima = COVERAGE_MINIMA[_level(level, _REPORT_LEVELS, "report")]
    unknown = set(counts) - set(minima)
    if unknown:
        raise ValueError(f"no competence group {', '.join(sorted(map(str, unknown)))}")
    shortfall = {}
    for group, minimum in minima.items():
        touched = _count(counts.get(group, 0), f"the number of {group} competences")
        if touched < minimum:
            shortfall[group] = minimum - touched
    return shortfall


REPORT_PAGES = {"C": (5, 15), "B": (10, 25)}
REPORT_ANNEXES = {"C": 10, "B": 15}
PAGES_BELOW = "pages_below"
PAGES_ABOVE = "pages_above"
ANNEXES_ABOVE = "annexes_above"


def report_guidance_flags(level, pages, annexes):
    """Where a report departs from the recommended length: "Препоръчва се основното тяло на доклада
    да е между 5 и 15 страници за ниво С и между 10 и 25 страници за ниво B, с максимален брой
    приложения – до 10 за ниво С и до 15 за ниво В" (004 (report) ал.5).

    Guidance only: the length "е променлива величина", and the whole sentence, the annexes' maximum
    included, is a recommendation ("Препоръчва се"), so a flag warns and refuses nothing. `pages`
    counts the main body only; both bounds and the maximum are allowed (5 and 15 pages, 10 annexes
    for C). Returns PAGES_BELOW or PAGES_ABOVE, then ANNEXES_ABOVE, as they apply. ValueError for
    level D (no report) or a count that is not a whole number from 0."""
    code = _level(level, _REPORT_LEVELS, "report")
    low, high = REPORT_PAGES[code]
    flags = []
    if _count(pages, "the number of pages") < low:
        flags.append(PAGES_BELOW)
    elif pages > high:
        flags.append(PAGES_ABOVE)
    if _count(annexes, "the number of annexes") > REPORT_ANNEXES[code]:
        flags.append(ANNEXES_ABOVE)
    return flags


# --- The interview ----------------------------------------------------------------------------

INTERVIEW_MIN_MINUTES = {"C": 60}
INTERVIEW_MAX_MINUTES = 180
BREAK_EVERY_MINUTES = 90
BREAK_MIN_MINUTES = 15


def interview_end(starts_at, conversation_minutes, level, break_minutes=BREAK_MIN_MINUTES):
    """When an interview starting at `starts_at` (a datetime) ends, given its minutes of conversation
    and the breaks it needs (004 (interview) ал.4-5):

    - "по време на самото интервю се предвиждат почивки от поне петнадесет минути на всеки 90 минути
      ефективен разговор" (ал.5): a break of `break_minutes` (at least 15) after each full 90
      minutes of conversation that more conversation follows; a conversation ending exactly at a
      90-minute mark needs no break after it (it is over): 90 minutes, none; 91, one; 181, two.
    - "интервюто не може да бъде по-дълго от три астрономически часа" (ал.4): 180 clock minutes from
      start to end. Reading: the breaks are "по време на самото интервю", during the interview, so
      they count toward the 3 hours: with one 15-minute break, at most 165 minutes of conversation.
    - "Минималната продължителност на интервюто за кандидати за сертификация за ниво С е 60 минути"
      (ал.5): at least 60 minutes of conversation for C (under 90 minutes there is no break, so the
      interview and the conversation last the same). 004 states no minimum for B.

    ValueError for level D (no interview, ал.1), a conversation that is not a whole number of
    minutes from 1, one under the level's minimum, a break under 15 minutes, or an interview over
    3 hours.
    """
    code = _level(level, _REPORT_LEVELS, "interview")
    if _count(conversation_minutes, "the conversation's length in minutes") < 1:
        raise ValueError("an interview has some conversation")
    if _count(break_minutes, "a break's length in minutes") < BREAK_MIN_MINUTES:
        raise ValueError(f"a break lasts at least {BREAK_MIN_MINUTES} minutes")
    minimum = INTERVIEW_MIN_MINUTES.get(code, 0)
    if conversation_minutes < minimum:
        raise ValueError(f"an interview for level {code} lasts at least {minimum} minutes")
    breaks = (conversation_minutes - 1) // BREAK_EVERY_MINUTES
    total = conversation_minutes + breaks * break_minutes
    if total > INTERVIEW_MAX_MINUTES:
        raise ValueError(
            f"{conversation_minutes} minutes of conversation and {breaks} break(s) make {total} "
            f"minutes: an interview lasts at most {INTERVIEW_MAX_MINUTES}"
        )
    return add_time(starts_at, minutes=total)


# --- The certificate --------------------------------------------------------------------------

LEVEL_TITLES = {
    "D": ("Сертифициран специалист по управление на проекти", "Certified Project Management Associate"),
    "C": ("Сертифициран ръководител на проекти", "Certified Project Manager"),
    "B": ("Сертифициран старши ръководител на проекти", "Certified Senior Project Manager"),
}
LANGUAGES = ("bg", "en")


def level_title(level, language):
    """The title a certificate bears for its level (004 (certificate contents) ал.1 т.5), in the
    certificate's language, "bg" or "en": it is made "в един екземпляр на български език и в един
    екземпляр на английски език" (ал.3). The Bulgarian titles are 004's (ал.2, which refers to "ал.1,
    т.8" though the title is т.5 in our copy); the English ones are IPMA's for the same levels.
    ValueError for another language or an unknown level; a Cyrillic С or В is read as the Latin
    letter."""
    code = _level(level)
    key = language.strip().lower() if isinstance(language, str) else language
    if key not in LANGUAGES:
        raise ValueError(f"a certificate is made in {' or '.join(LANGUAGES)}, not {language!r}")
    return LEVEL_TITLES[code][LANGUAGES.index(key)]


def replaced_certificate(level, held):
    """Which of the holder's earlier BAUP certificates a new certificate at `level` replaces, whose
    number and date it bears: "Номер и дата на сертификата, който новоиздадения замества" (004
    (certificate contents) ал.1 т.8); after a certificate's 5 years "е необходима ресертификация или
    сертификация за по-горно ниво" (004 (validity) ал.1), so a certificate is replaced by its
    recertification or by a certificate at a higher level.

    `held` is [(level, issued_on, item)] of the holder's certificates not withdrawn. Returns the
    item of the highest level at or below the new one, the latest issued of that level, valid or
    expired; None when there is none. Reading: the new certificate supersedes the highest the holder
    earned (a B replaces the C, not an older D); one at a higher level is not replaced (a D earned
    after a B replaces nothing). ValueError for an unknown level."""
    rank = _level(level)
    below = [
        (LEVELS.index(_level(code)), issued_on, item)
        for code, issued_on, item in held
        if LEVELS.index(_level(code)) <= LEVELS.index(rank)
    ]
    if not below:
        return None
    return max(below, key=lambda entry: entry[:2])[2]


REMINDER_MONTHS_BEFORE_EXPIRY = (6, 3, 1)


def reminders_due(expires_on, today, already_sent):
    """The reminders of an expiry to send `today`: the months of REMINDER_MONTHS_BEFORE_EXPIRY
    (largest first) whose day, `expires_on` less that many months (the same day of the month, or
    that month's last day: 31 August less 6 months is 28 or 29 February), has come, and that are
    not in `already_sent`. After the expiry none is due: the certificate is void (004 (validity)).

    004 sets no reminders: after the 5 years "е необходима ресертификация или сертификация за
    по-горно ниво" (004 (validity) ал.1), and the app reminds the holder in time to apply. The
    function is idempotent: it sends nothing itself, so asked again with the months sent added to
    `already_sent` it returns nothing more; a run missed for months returns every reminder overdue.
    """
    if today > expires_on:
        return []
    return [
        months
        for months in REMINDER_MONTHS_BEFORE_EXPIRY
        if months not in already_sent and add_months(expires_on, -months) <= today
    ]
