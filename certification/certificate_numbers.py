"""Certificate numbers: "BAUP-C-2026-0001-7", unique, readable, with a check character.

004 (certificate contents) ал.1 т.2: every certificate bears a "уникален идентификационен номер на
сертификата"; 004 leaves its form to BAUP. Unlike a candidate's ID (`certification.candidate_ids`),
the number is public (004 (certificate contents) ал.6: the information on certificates is public),
so it may say what it is about:

    BAUP-C-2026-0001-7
    │    │ │    │    └ check character (below)
    │    │ │    └ sequence: 0001 to 9999, the certificate's order among those issued that year
    │    │ └ the year of issue, FIRST_YEAR to LAST_YEAR (any other is taken for a typo)
    │    └ the level: D, C or B
    └ the issuer, always BAUP

Unique: one number per (level, year, sequence); the app keeps the sequence per year (one run over
all levels or one per level: either is unique, the level being part of the number).

Check character: the 13 characters before it, "BAUPC20260001", take their base-36 values (0-9 are
0-9, A-Z are 10-35) and the weights 14, 13, ..., 2; the check character has the weight 1 and is the
one that makes the weighted sum 0 modulo 31. 31 is prime and every weight is between 1 and 14, so:

- any single changed character is detected: the sum moves by weight × difference, and both are
  non-zero and under 31 (a digit differs from a digit by at most 9, a level from a level by at most
  2, check characters by at most 30; any other change breaks the format);
- any swap of two different characters is detected, adjacent or not, the check character included
  (number written without hyphens, its last digit swapped with a digit check character): the sum
  moves by (difference of the weights) × (difference of the values), both non-zero and under 31.

The check character is one of the 31 symbols CHECK_ALPHABET: the digits and the letters but B, I, O,
S and Z, which are read as 8, 1, 0, 5 and 2. Its value is its index there, so a digit is itself.
Neither ISO 7064 scheme the idea suggests does all this with one letter or digit: MOD 37,36 misses
some adjacent swaps (72 of the 45,360 cases of a running state and two different characters), and
MOD 37-2 needs a 37th symbol, "*", awkward in a web address or a search.

Written forms: the canonical form, with its four hyphens and in upper case, is the one printed,
stored and checked by `certificate_number_is_valid`. `normalise_certificate_number` turns what a
person types into it, and `parse_certificate_number` accepts whatever it normalises.
"""

import re

from certification.rules import LEVELS

PREFIX = "BAUP"
FIRST_YEAR = 2000
LAST_YEAR = 2099
LAST_SEQUENCE = 9999
CHECK_ALPHABET = "0123456789ACDEFGHJKLMNPQRTUVWXY"
MODULUS = len(CHECK_ALPHABET)  # 31, a prime
COMPACT_LENGTH = len(PREFIX) + 1 + 4 + 4 + 1

_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CANONICAL = re.compile(rf"{PREFIX}-([{''.join(LEVELS)}])-([0-9]{{4}})-([0-9]{{4}})-([{CHECK_ALPHABET}])")
# Cyrillic capitals that look like Latin ones, as a Bulgarian keyboard types them
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")
_SEPARATORS = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # the hyphen, and the dashes a word processor makes


def _weighted_sum(payload):
    weights = range(len(payload) + 1, 1, -1)
    return sum(weight * _BASE36.index(char) for weight, char in zip(weights, payload, strict=True))


def _check_character(payload):
    """The check character for the 13 characters before it (see the module docstring)."""
    return CHECK_ALPHABET[-_weighted_sum(payload) % MODULUS]


def _whole(value, low, high, what):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what} is a whole number from {low} to {high}, not {value!r}")
    return value


def certificate_number(level, year, sequence):
    """The canonical number of the `sequence`-th certificate issued in `year` at `level` ("D", "C"
    or "B"; a Cyrillic С or В is read as the Latin letter): certificate_number("C", 2026, 1) is
    "BAUP-C-2026-0001-7". ValueError for an unknown level, a year outside FIRST_YEAR to LAST_YEAR
    or a sequence outside 1 to 9999."""
    code = level.strip().upper().translate(_LOOKALIKES) if isinstance(level, str) else level
    if code not in LEVELS:
        raise ValueError(f"no IPMA level {level!r}: one of {', '.join(LEVELS)}")
    _whole(year, FIRST_YEAR, LAST_YEAR, "the year of issue")
    _whole(sequence, 1, LAST_SEQUENCE, "the sequence")
    payload = f"{PREFIX}{code}{year:04d}{sequence:04d}"
    return f"{PREFIX}-{code}-{year:04d}-{sequence:04d}-{_check_character(payload)}"


def certificate_number_is_valid(text):
    """Whether `text` is a certificate number in its canonical form exactly (upper case, four
    hyphens, no spaces), with a known level, a year from FIRST_YEAR to LAST_YEAR, a sequence from 1
    and the right check character. Typed input goes through `normalise_certificate_number` first."""
    if not isinstance(text, str):
        return False
    match = _CANONICAL.fullmatch(text)
    if match is None:
        return False
    level, year, sequence, check = match.groups()
    if not FIRST_YEAR <= int(year) <= LAST_YEAR or int(sequence) < 1:
        return False
    return check == _check_character(f"{PREFIX}{level}{year}{sequence}")


def normalise_certificate_number(text):
    """`text` as typed, in the canonical form where it can be: surrounding spaces trimmed, upper case,
    Cyrillic look-alikes (А, В, С, Е, К, ...) read as the Latin letters; then, when what is left,
    without its spaces, hyphens and dashes, is 14 ASCII letters and digits, the hyphens put back
    where they belong ("baup c 2026 0001 7" and "BAUPC202600017" → "BAUP-C-2026-0001-7"). Missing
    hyphens are accepted because every part has a fixed length, so where they go is never in doubt;
    misplaced ones are dropped the same way. Anything else is returned so cleaned, hyphens and
    all, and fails `certificate_number_is_valid`. Nothing is checked here. ValueError when `text`
    is not a string."""
    if not isinstance(text, str):
        raise ValueError(f"a certificate number is text, not {text!r}")
    cleaned = text.strip().upper().translate(_LOOKALIKES)
    compact = "".join(char for char in cleaned if char not in _SEPARATORS and not char.isspace())
    if len(compact) != COMPACT_LENGTH or not (compact.isascii() and compact.isalnum()):
        return cleaned
    return "-".join((compact[:4], compact[4], compact[5:9], compact[9:13], compact[13]))


def parse_certificate_number(text):
    """(level, year, sequence) of a certificate number, as typed (see
    `normalise_certificate_number`): " baup-c-2026-0001-7 " → ("C", 2026, 1). ValueError when it is
    not a valid number."""
    canonical = normalise_certificate_number(text)
    if not certificate_number_is_valid(canonical):
        raise ValueError(f"not a valid certificate number: {text!r}")
    _prefix, level, year, sequence, _check = canonical.split("-")
    return level, int(year), int(sequence)
