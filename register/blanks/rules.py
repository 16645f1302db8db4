"""The rules of a centre's factory-numbered blanks, one function each, quoting its source: 001 is
Наредба № 2/2018 (arts. 24-27, annexes 4 and 5).

A term counted in days does not count its first day and, ending on a day off, ends on the next
working day (ЗЗД чл. 72 ал. 3, as portal.term_rules.deadline_moved_off_day_off reads it,
the project's one reading of Bulgarian law on counting terms). A date the regulation names ("до 30
април") is a date, not a term counted from an event: it does not move.
"""

import datetime

from portal.dates import add_time
from portal.term_rules import deadline_moved_off_day_off

PROTOCOL_ENTRY_DAYS = 10
REPORT_DAY = (4, 30)  # 30 April
KEPT_YEARS = 50

# The state of one blank, derived (never a row per blank): the first that holds, in this order.
DESTROYED, USED, HANDED_OVER, SPOILED, DEFECTIVE, UNUSED = (
    "destroyed",
    "used",
    "handed_over",
    "spoiled",
    "defective",
    "unused",
)
BLANK_STATES = (DESTROYED, USED, HANDED_OVER, SPOILED, DEFECTIVE, UNUSED)
AWAITING_DESTRUCTION = (SPOILED, DEFECTIVE)


def request_through_profile(requested_by_centre):
    """Who requests blanks, and where NAPOO approves them: "Центровете за професионално обучение
    заявяват документите с формуляр, утвърден от председателя на НАПОО през профила на центъра в
    информационната система на агенцията. Одобрението за закупуване на заявените документи се
    получава през профила на ЦПО в ИС на НАПОО." (001 art. 24(5), for blanks with factory numbers
    through art. 25(1)). True when the one asking acts for the centre."""
    return bool(requested_by_centre)


def protocol_entry_deadline(drawn_up_on):
    """The last day to enter a handover protocol: "В 10-дневен срок от изготвянето на протокола: 1.
    директорът на ЦПО въвежда в информационната система на НАПОО сканирано цветно копие от протокола
    и вписва номерата на получените документи с фабрична номерация; 2. при предоставяне на документи
    от един център на друг център и двете институции въвеждат в ИС на НАПОО сканирано цветно копие на
    протокола и вписват номерата на получените документи с фабрична номерация." (001 art. 25(6)).
    10 calendar days after the protocol's date (that day not counted), moved off a day off."""
    return deadline_moved_off_day_off(add_time(drawn_up_on, days=PROTOCOL_ENTRY_DAYS))


def protocol_entry_overdue(drawn_up_on, entered_on, today):
    """Whether a protocol was (or still is) not entered in time: 001 art. 25(6), "В 10-дневен срок
    от изготвянето на протокола" (`protocol_entry_deadline`). `entered_on`: the day its scan and
    numbers were complete, None while they are not. The last day is still the centre's."""
    deadline = protocol_entry_deadline(drawn_up_on)
    return (entered_on or today) > deadline


def handover_entered_by_both(giver_entered, receiver_entered):
    """A handover between two centres is entered by each: "при предоставяне на документи от един
    център на друг център и двете институции въвеждат в ИС на НАПОО сканирано цветно копие на
    протокола и вписват номерата на получените документи с фабрична номерация." (001 art. 25(6) т.
    2)."""
    return bool(giver_entered) and bool(receiver_entered)


def blank_report_deadline(year):
    """The last day to confirm the yearly report of a calendar year: "Отчетът по ал. 1 се генерира
    автоматично от ИС на НАПОО и се потвърждава от центъра за професионално обучение в срок до 30
    април." (001 art. 26(4)). The report accounts for a year ("за учебната/календарната ... година",
    annex 5); the site reads it as the calendar year, confirmed by 30 April of the next one."""
    return datetime.date(year + 1, *REPORT_DAY)


def blank_report_overdue(year, confirmed_on, today):
    """Whether the report of `year` was (or still is) not confirmed in time: "се потвърждава от
    центъра за професионално обучение в срок до 30 април" (001 art. 26(4)); 30 April is the
    centre's."""
    return (confirmed_on or today) > blank_report_deadline(year)


def blank_report_year_open(year, today):
    """A year's report can be confirmed once the year has ended: "Документите с фабрична номерация
    се отчитат ежегодно с Отчет на документите с фабрична номерация (приложение № 5)" (001 art.
    26(1)): a year is accounted for after it, so the report of the current year is not yet made."""
    return year < today.year


def closing_balance(opening, received, used, handed_over, destroyed):
    """The remainder of annex 5 (001 art. 26(1), "Остатък"): what was held at the start, plus
    "Получени" (received), less "Издадени по регистрационна книга" (used for registered documents),
    less "Предадени ..." (Table 3, handed over to another institution) and "Общ брой унищожени"
    (destroyed). The blanks awaiting destruction ("За унищожаване") are still held."""
    return opening + received - used - handed_over - destroyed


def report_adds_up(opening, received, used, handed_over, destroyed, closing, held):
    """The report's arithmetic, checked (001 art. 26(4): "Отчетът по ал. 1 се генерира
    автоматично от ИС на НАПОО"): the remainder is `closing_balance` of the figures, never below
    zero, and equals the blanks the centre actually holds at the year's end (`held`, counted blank
    by blank)."""
    return closing == closing_balance(opening, received, used, handed_over, destroyed) == held >= 0


def destruction_entry_deadline(destroyed_on):
    """The last day to enter a destruction protocol: "В срок до 30 април протоколът по ал. 2 се
    сканира от определен със заповед на директора служител и се въвежда в информационната система на
    НАПОО." (001 art. 27(5)). The article names no year; the site reads it as the first 30 April on
    or after the destruction (the committee of art. 26(1) destroys when it accounts for the year)."""
    day = datetime.date(destroyed_on.year, *REPORT_DAY)
    return day if destroyed_on <= day else datetime.date(destroyed_on.year + 1, *REPORT_DAY)


def may_be_destroyed(state):
    """What the committee destroys: "Документи с фабрична номерация, които са дефектни, сгрешени при
    попълването им или са негодни за ползване, както и остатъкът неизползвани бланки (без
    дубликатите) се унищожават от комисията по чл. 26, ал. 1." (001 art. 27(1)): a blank the centre
    holds (spoiled, defective or unused), never one used for a document, handed over or destroyed."""
    return state in (SPOILED, DEFECTIVE, UNUSED)


def blank_may_carry_document(state):
    """A destroyed blank is never a document: "Унищожаването се извършва, като се изрязват
    отпечатаните серия и фабричен номер от бланките на документите и се залепват върху протокола"
    (001 art. 27(3)); a blank "сгрешени при попълването им или ... негодни за ползване" awaits that
    (art. 27(1)), and one handed over is the other centre's (art. 25(6) т. 2). True only for an
    unused blank of the centre, one `USED` (by the document asking: another document is checked by
    IssuedDocument.blank_used_elsewhere), or `None` (a number the blanks' records do not mark)."""
    return state in (None, UNUSED, USED)


def kept_fifty_years():
    """Protocols and reports are kept: "Срокът на съхранение е 50 години." (001 art. 25(7) for the
    handover protocol, art. 26(5) for the report, art. 27(4) for the destruction protocol). The site
    deletes none of them. Returns the years."""
    return KEPT_YEARS
