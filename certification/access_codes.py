"""Candidates' personal access codes: the secret that proves a candidate is who reads their result.

The candidate ID is public (the exam schedule and the results list it, 004 (written exam) ал.8,
(marking of the written exam) ал.5), so it cannot prove anything. A withheld mark, the feedback
request and the appeal (004 (marking of the written exam) ал.6, 9-11) are the candidate's alone: the
site lets the candidate prove it by signing in as the applicant, or with this code, drawn at random
at admission and mailed only to the candidate with the admission notice. It is never shown on a
page; only its SHA-256 is stored (80 random bits: no dictionary to try), and it is compared in
constant time.

Format: 16 symbols of the candidate IDs' alphabet (no 0/O, 1/I), in groups of four. Typed loosely:
case, spaces and hyphens are ignored."""

import hashlib
import hmac
import secrets

from certification.candidate_ids import ALPHABET

SYMBOLS = 16
GROUP = 4


def new_access_code():
    """A fresh random access code, e.g. "K7QX-M3PD-W9UA-4RTE" (80 bits)."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(SYMBOLS))
    return "-".join(symbols[i : i + GROUP] for i in range(0, SYMBOLS, GROUP))


def access_code_hash(code):
    """The stored form of a code: the SHA-256 (hex) of its symbols, upper case, without spaces and
    hyphens; "" for an empty code."""
    symbols = "".join((code or "").split()).replace("-", "").upper()
    return hashlib.sha256(symbols.encode()).hexdigest() if symbols else ""


def access_code_matches(stored_hash, code):
    """Whether `code` is the code whose hash is stored, compared in constant time; never for an
    empty code or an empty stored hash (a candidate admitted before codes existed)."""
    given = access_code_hash(code)
    if not stored_hash or not given:
        return False
    return hmac.compare_digest(stored_hash.encode(), given.encode())
