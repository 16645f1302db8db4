"""The rules of the register of issued documents, one function each, quoting its source.

001 is Наредба № 2/2018 (the documents of vocational training); it leaves the form of the documents
to Наредба № 8 от 2016 г. (003 here): "Изискванията към формата и съдържанието на документите ... са
определени в Наредба № 8 от 2016 г." (001 art. 5(6)). Where neither says a thing (the length of the
term to fix a mismatch, say), it is a setting of the site, labelled so on the page.
"""

import datetime

# Helpers, not rules: the rule index leaves them out.
NOT_RULES = frozenset({"kind_label"})

# --- The kinds of documents (001 art. 5(5)) ------------------------------------------------------

QUALIFICATION = "qualification"  # свидетелство за професионална квалификация
TRAINING = "training"  # удостоверение за професионално обучение
VALIDATION = "validation"  # свидетелство за валидиране на професионална квалификация
PART_VALIDATION = "part_validation"  # удостоверение за валидиране ... по част от професията
CAPACITY = "capacity"  # свидетелство за правоспособност
WELDING = "welding"  # свидетелство за правоспособност по заваряване
EUROPASS = "europass"  # Европейско приложение към документите по т. 1-4

# (kind, point of 001 art. 5(5), nomenclature number of 003's annex, Bulgarian name)
DOCUMENT_KINDS = (
    (QUALIFICATION, 1, "3-54", "Свидетелство за професионална квалификация"),
    (TRAINING, 2, "3-37", "Удостоверение за професионално обучение"),
    (VALIDATION, 3, "3-54В", "Свидетелство за валидиране на професионална квалификация"),
    (
        PART_VALIDATION,
        4,
        "3-37В",
        "Удостоверение за валидиране на професионална квалификация по част от професията",
    ),
    (CAPACITY, 5, "3-114", "Свидетелство за правоспособност"),
    (WELDING, 6, "3-116", "Свидетелство за правоспособност по заваряване"),
    (EUROPASS, 7, "", "Европейско приложение към документите по т. 1 – 4"),
)
KINDS = tuple(row[0] for row in DOCUMENT_KINDS)
_BY_KIND = {row[0]: row for row in DOCUMENT_KINDS}


def kind_label(kind):
    """The Bulgarian name of a kind, as 001 art. 5(5) writes it."""
    return _BY_KIND[kind][3]


def document_kinds():
    """The documents of the register: "Документите за завършване, удостоверяване и признаване на
    професионална квалификация са: 1. свидетелство за професионална квалификация; 2. удостоверение за
    професионално обучение; 3. свидетелство за валидиране на професионална квалификация;
    4. удостоверение за валидиране на професионална квалификация по част от професията;
    5. свидетелство за правоспособност ...; 6. свидетелство за правоспособност по заваряване;
    7. Европейско приложение към документите по т. 1 – 4." (001 art. 5(5)). Returns the kinds in
    that order."""
    return KINDS


def is_validation(kind):
    """Whether a kind certifies a validation (the check of 001 art. 22(4)), not a training (22(3)):
    "Проверката по ал. 2 за призната професионална квалификация чрез валидиране на професионални
    знания, умения и компетентности установява, че: ..." (001 art. 22(4))."""
    return kind in (VALIDATION, PART_VALIDATION)


def check_required(kind):
    """Which documents NAPOO checks before they enter the register: "Свидетелството за степен на
    професионална квалификация и Свидетелството за валидиране на професионална квалификация, техните
    приложения и дубликати, издадени от центрове за професионално обучение, се въвеждат в регистъра
    след проверка в информационната система на НАПОО" (001 art. 22(2)). The others enter it as the
    centre registers them (art. 22(1), art. 15(1)). A Europass supplement is an annex: it is checked
    when the document it belongs to is (`annex_check_required`)."""
    return kind in (QUALIFICATION, VALIDATION)


def annex_check_required(parent_kind):
    """An annex (the Europass supplement, 001 art. 5(5) т. 7) is checked with its document: "...,
    техните приложения и дубликати, ... се въвеждат в регистъра след проверка" (001 art. 22(2))."""
    return check_required(parent_kind)


def factory_numbered(kind):
    """Which blanks carry a factory number (ДФН, "документ с фабрична номерация"): in the annex of
    Наредба № 8 от 2016 г. (003), to which 001 art. 5(6) refers, only the certificate of vocational
    qualification (3-54, "серия, номер, снимка; ... ДФН") and of validation (3-54В, "серия, номер,
    снимка; ... ДФН") and their duplicates (3-54а, 3-54аВ) are marked ДФН; the others (3-37, 3-37В,
    3-114, 3-116 and the Europass supplement) are not."""
    return kind in (QUALIFICATION, VALIDATION)


# --- Filling in and registering (001 art. 13) ---------------------------------------------------

DUPLICATE_MARK = "ДУБЛИКАТ"


def duplicate_mark():
    """What a duplicate carries: "Дубликат на документ, за който няма специален образец, се издава
    върху бланка на оригиналния, като в горния десен ъгъл на първа страница се отпечатва с главни
    букви „ДУБЛИКАТ“." (001 art. 13(5))."""
    return DUPLICATE_MARK


def registration_not_before_protocol(registered_on, protocol_date):
    """Whether a registration date may stand: "Датата на регистриране на документа в регистрационната
    книга не може да предхожда датата на протокола на съответната комисия, вписан в документа."
    (001 art. 13(7)). The same day is allowed; without a protocol date there is nothing to compare."""
    if registered_on is None:
        return False
    return protocol_date is None or registered_on >= protocol_date


# --- Duplicates (001 art. 16) --------------------------------------------------------------------


def duplicate_issuer_is_archive(centre_closed):
    """Who issues a duplicate: "Дубликат ... се издава от директора на институцията, издала
    оригиналния документ." (001 art. 16(1)); "В случай че институцията, издала оригиналния документ,
    е закрита, заинтересованото лице подава заявление до институцията, където се съхранява (или е
    предадена за съхранение) документацията." (art. 16(4)). True when the school that keeps the
    closed centre's archive issues it (NAPOO records it on the school's behalf)."""
    return bool(centre_closed)


def duplicate_needs_original(original):
    """A duplicate needs the original's record: "Дубликатът се издава при наличие на документация, от
    която е видно, че оригиналният документ е издаден." (001 art. 16(3)). Here that documentation is
    the original's entry in the register."""
    return original is not None


# --- NAPOO's check, condition by condition (001 art. 22(3) and (4)) ------------------------------

SYSTEM, OFFICER = "system", "officer"

# (code, point, who decides it) of art. 22(3) for a training and of art. 22(4) for a validation.
TRAINING_CONDITIONS = (
    ("on_course_list", 1, SYSTEM),
    ("speciality_licensed", 2, SYSTEM),
    ("profession_listed", 3, SYSTEM),
    ("framework_programme", 4, OFFICER),
    ("teachers_and_premises", 5, OFFICER),
    ("art_13g", 6, OFFICER),
    ("passed_exam", 7, SYSTEM),
    ("form_filled", 8, OFFICER),
    ("factory_number", 9, SYSTEM),
)
VALIDATION_CONDITIONS = (
    ("applied_for_validation", 1, SYSTEM),
    ("speciality_licensed", 2, SYSTEM),
    ("profession_listed", 3, SYSTEM),
    ("framework_programme", 4, OFFICER),
    ("teachers_and_premises", 5, OFFICER),
    ("comparison_protocols", 6, OFFICER),
    ("passed_exam", 7, SYSTEM),
    ("form_filled", 8, OFFICER),
    ("factory_number", 9, SYSTEM),
)


def check_conditions(kind):
    """The conditions NAPOO's check establishes, in the order of the article: for a training "1.
    лицето, на което се издава документът, е включено в списъка по т. 1 от приложение № 2; 2.
    професията и специалността ... съответстват на ... лицензия ...; 3. обучението е по професия и
    специалност от действащия към момента на започването на обучението Списък на професиите ...; 4.
    ... рамкова програма ...; 5. ... квалификацията на преподавателите и материалната база ...; 6. ...
    чл. 13г от ЗПОО; 7. лицето е включено в протоколите за оценките от държавен изпит ...; 8. ...
    попълване на документа ...; 9. фабричният номер на бланката на документа съответства на номера на
    закупен документ ... и регистриран от ЦПО в информационната система на НАПОО." (001 art. 22(3));
    for a validation the nine points of art. 22(4) ("1. лицето ... е подало заявление за включване в
    процедура за валидиране; ... 6. са налични протоколите за съпоставяне; ..."). The site decides the
    points its data can (SYSTEM) and shows the evidence; an officer records the others (OFFICER)."""
    return VALIDATION_CONDITIONS if is_validation(kind) else TRAINING_CONDITIONS


def person_on_course_list(participant, course):
    """001 art. 22(3) т. 1: "лицето, на което се издава документът, е включено в списъка по т. 1 от
    приложение № 2" (the list of the course's trainees); for a validation, art. 22(4) т. 1: "лицето,
    на което се издава документът, е подало заявление за включване в процедура за валидиране" (the
    list of annex 3 т. 1 of those who applied). True when the person is on this course's list."""
    return participant is not None and course is not None and participant.course_id == course.id


def speciality_licensed(speciality_code, licensed_codes):
    """001 art. 22(3) т. 2: "професията и специалността, вписани в документа, съответстват на
    професиите и специалностите, посочени в издадената лицензия за извършване и удостоверяване на
    професионално обучение" (art. 22(4) т. 2 for a validation). `licensed_codes`: the specialities
    the licence covered when the course began."""
    return speciality_code in set(licensed_codes)


def speciality_trained_for_validation(speciality_code, trained_codes):
    """001 art. 22(4) т. 2, its second half: the centre "е провеждало/провежда обучение по тази
    професия/специалност". `trained_codes`: the specialities of the centre's training courses."""
    return speciality_code in set(trained_codes)


def profession_listed_when_training_began(began_on, listed_from, listed_until):
    """001 art. 22(3) т. 3: "обучението е по професия и специалност от действащия към момента на
    започването на обучението Списък на професиите за професионално образование и обучение по чл. 6
    от ЗПОО" (art. 22(4) т. 3: "към момента на започването на валидирането"). The List's entry is
    in force from `listed_from` (None: before the site's records begin) to the day before
    `listed_until` (None: still in force)."""
    if began_on is None:
        return False
    if listed_from is not None and began_on < listed_from:
        return False
    return listed_until is None or began_on < listed_until


def passed_exam_protocol(result):
    """001 art. 22(3) т. 7: "лицето е включено в протоколите за оценките от държавен изпит за
    придобиване на квалификация по професия" (art. 22(4) т. 7 for a validation). The protocol lists
    "трите имена на успешно положилите държавния изпит ... с оценки по теория и по практика; трите
    имена на неуспешно положилите" (001 annex 1, row 15): the document is for one who passed."""
    return result == "passed"


def factory_number_registered(series, number, blanks, used_elsewhere):
    """001 art. 22(3) т. 9: "фабричният номер на бланката на документа съответства на номера на
    закупен документ по чл. 26, ал. 1 и регистриран от ЦПО в информационната система на НАПОО"
    (art. 22(4) т. 9). `blanks`: the centre's registered batches as (series, first, last);
    `used_elsewhere`: whether another document of the register already carries this blank. True when
    the number is in one of the centre's batches of that series and on no other document."""
    number = str(number or "")
    if used_elsewhere or not (number.isascii() and number.isdigit()):
        return False
    value = int(number)
    return any(s == series and first <= value <= last for s, first, last in blanks)


# --- After the check (001 art. 22(5)-(10)) --------------------------------------------------------


def check_outcome(conditions_met, round_number):
    """What a check leads to: "След констатиране на съответствие по ал. 3 или по ал. 4 НАПОО уведомява
    центъра за предприемане на действия, свързани с приключване и въвеждане в регистъра" (001 art.
    22(5)); "При констатирани несъответствия ... НАПОО писмено уведомява центъра и определя срок за
    отстраняването им." (art. 22(8)); "След отстраняване на несъответствията НАПОО извършва повторна
    проверка ..." (art. 22(9)); "В случай че след повторната проверка не са изпълнени изискванията
    ..., документът не се въвежда в регистъра" (art. 22(10)). Returns "cleared", "returned" (the
    first check found a mismatch) or "refused" (the repeated check did)."""
    if conditions_met:
        return "cleared"
    return "returned" if round_number <= 1 else "refused"


def fix_deadline_is_set(deadline, today):
    """A mismatch is written to the centre with a term: "НАПОО писмено уведомява центъра и определя
    срок за отстраняването им." (001 art. 22(8)). 001 sets no length: NAPOO's officer sets the date
    (the site suggests DOCUMENT_FIX_DAYS, its own choice); the date must be after today."""
    return isinstance(deadline, datetime.date) and deadline > today


def term_for_fixes_passed(deadline, today):
    """Whether the term NAPOO set for the fixes has run out: "НАПОО писмено уведомява центъра и
    определя срок за отстраняването им." (001 art. 22(8)). The term's last day is still the
    centre's; from the day after, NAPOO may make the repeated check on what it has (art. 22(9)-(10)).
    IssuedDocument.overdue asks the same in SQL (fix_deadline < today)."""
    return deadline is not None and today > deadline
