"""Candidates' personal identification numbers: random, read aloud easily, with a check character.

004 (notice of admission) ал.5: each candidate's notice carries "персонален идентификационен номер
..., който се определя служебно и е известен единствено на Групата за управление на схемата", so
that written exams are marked anonymously; the candidate and the Group may not disclose it. Results
are published by it (004 (marking of the written exam) ал.5). So the number must not be guessable
from anything (no sequence, no date, no personal data): it is drawn at random.

Format: 10 random symbols from a 32-symbol alphabet without 0/O and 1/I (5 bits each: 50 bits), then
one check symbol; shown in groups of four, "K7QX-M3PD-W9U".

Check symbol: the symbols are the elements of the field GF(32) (their index in ALPHABET, the field
built on x⁵ + x² + 1, whose root α is primitive). The i-th random symbol (from 0) is weighted α^(i+1)
and the check symbol 1, and the check symbol is chosen so that the weighted sum of all eleven is 0.
The eleven weights are distinct and non-zero, so the code detects every single changed symbol (the
sum moves by weight × error, never 0 in a field) and every swap of two different symbols, adjacent
or not (the sum moves by (w_i + w_j)(x_i + x_j), both non-zero).

Normalisation is deliberately simple: upper case, spaces and hyphens dropped, nothing mapped. An O,
0, I or 1 (or a Cyrillic look-alike such as "К") is not in the alphabet and makes the text invalid.
"""

import math
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RANDOM_SYMBOLS = 10
LENGTH = RANDOM_SYMBOLS + 1
GROUP = 4
ENTROPY_BITS = RANDOM_SYMBOLS * math.log2(len(ALPHABET))

_SYSTEM_RANDOM = secrets.SystemRandom()
_INDEX = {symbol: i for i, symbol in enumerate(ALPHABET)}
_POLYNOMIAL = 0b100101  # x⁵ + x² + 1, primitive over GF(2)


def _field_tables():
    exp, log = [0] * 62, [0] * 32
    value = 1
    for power in range(31):
        exp[power] = exp[power + 31] = value
        log[value] = power
        value <<= 1
        if value & 0b100000:
            value ^= _POLYNOMIAL
    return exp, log


_EXP, _LOG = _field_tables()


def _times_alpha_power(power, value):
    """α^power × value in GF(32)."""
    return 0 if value == 0 else _EXP[(_LOG[value] + power) % 31]


def _weighted_sum(symbols):
    """The sum of each symbol × α^(position + 1), in GF(32)."""
    total = 0
    for position, symbol in enumerate(symbols):
        total ^= _times_alpha_power(position + 1, _INDEX[symbol])
    return total


def check_symbol(payload):
    """The check symbol for the 10 random symbols `payload` (see the module docstring)."""
    return ALPHABET[_weighted_sum(payload)]


def _display(compact):
    return "-".join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))


def new_candidate_id(rng=_SYSTEM_RANDOM):
    """A new candidate ID in display form: 10 symbols drawn by `rng` (the operating system's secure
    source unless a test passes a seeded one), then the check symbol."""
    payload = "".join(rng.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return _display(payload + check_symbol(payload))


def _compact(text):
    if not isinstance(text, str):
        return None
    compact = text.upper().replace(" ", "").replace("-", "")
    if len(compact) != LENGTH or any(symbol not in _INDEX for symbol in compact):
        return None
    return compact


def candidate_id_is_valid(text):
    """Whether `text`, normalised (upper case, without spaces and hyphens), is 11 symbols of the
    alphabet whose last is the check symbol of the first ten."""
    compact = _compact(text)
    return compact is not None and check_symbol(compact[:RANDOM_SYMBOLS]) == compact[-1]


def normalise_candidate_id(text):
    """The display form ("K7QX-M3PD-W9U") of a candidate ID typed in any case, with or without
    spaces and hyphens. Raises ValueError when it is not a valid ID."""
    if not candidate_id_is_valid(text):
        raise ValueError(f"not a candidate ID: {text!r}")
    return _display(_compact(text))
