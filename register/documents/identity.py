"""A holder's personal number as the register keeps it for verification: never in the clear where a
keyed hash serves. The hash is HMAC-SHA-256 under PERSONAL_NUMBER_KEY (or a key derived from
SECRET_KEY), so a copy of the database alone does not let anyone test ЕГН one by one."""

import hashlib
import hmac

from flask import current_app


def _key():
    key = current_app.config.get("PERSONAL_NUMBER_KEY") or ""
    if key:
        return key.encode()
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"registar personal numbers", hashlib.sha256).digest()


def normalise_personal_number(text):
    """An ЕГН/ЛНЧ as typed, digits only (spaces and hyphens people type are dropped)."""
    return "".join(c for c in str(text or "") if c.isdigit())


def personal_number_hash(text):
    """The keyed hash (hex) of an ЕГН/ЛНЧ; computed for any text, so a look-up costs the same
    whether what was typed is a number or not."""
    return hmac.new(_key(), normalise_personal_number(text).encode(), hashlib.sha256).hexdigest()
