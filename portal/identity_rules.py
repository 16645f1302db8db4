"""Personal numbers: the ЕГН of a Bulgarian citizen and the ЛНЧ of a foreigner, their check digits
and the date of birth an ЕГН encodes. Shared by certification (an applicant's number) and the
register of issued documents (a trainee's number); one function each."""

import datetime

# Helpers, not rules: the rule index leaves them out.
NOT_RULES = frozenset({"egn_check_digit"})

_EGN_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6)
_LNCH_WEIGHTS = (21, 19, 17, 13, 11, 9, 7, 3, 1)


def _ten_digits(text):
    if not isinstance(text, str) or len(text) != 10 or not text.isascii() or not text.isdigit():
        return None
    return [int(c) for c in text]


def egn_birth_date(text):
    """The date of birth an ЕГН encodes (the ЕСГРАОН algorithm, Закон за гражданската регистрация):
    digits 1-6 are YYMMDD, the month plus 20 for births in 1800-1899 and plus 40 for births in
    2000-2099. None when the digits are not a date."""
    digits = _ten_digits(text)
    if digits is None:
        return None
    year, month, day = int(text[0:2]), int(text[2:4]), int(text[4:6])
    if month > 40:
        year, month = 2000 + year, month - 40
    elif month > 20:
        year, month = 1800 + year, month - 20
    else:
        year += 1900
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def egn_is_valid(text):
    """An ЕГН is 10 ASCII digits: a valid date of birth (see `egn_birth_date`), three digits of
    region and order, and a check digit: the first nine weighted 2, 4, 8, 5, 10, 9, 7, 3, 6, the sum
    mod 11, and 0 when that is 10 (the ЕСГРАОН algorithm, Закон за гражданската регистрация)."""
    digits = _ten_digits(text)
    if digits is None or egn_birth_date(text) is None:
        return False
    return egn_check_digit(digits[:9]) == digits[9]


def egn_check_digit(first_nine):
    """The ЕГН's check digit of its first nine digits (egn_is_valid's algorithm)."""
    return sum(int(d) * w for d, w in zip(first_nine, _EGN_WEIGHTS, strict=True)) % 11 % 10


def lnch_is_valid(text):
    """A ЛНЧ (a foreigner's personal number, Закон за чужденците в Република България) is 10 ASCII
    digits whose first nine, weighted 21, 19, 17, 13, 11, 9, 7, 3, 1, sum mod 10 to the tenth."""
    digits = _ten_digits(text)
    if digits is None:
        return False
    return sum(d * w for d, w in zip(digits, _LNCH_WEIGHTS, strict=False)) % 10 == digits[9]
