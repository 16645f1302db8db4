"""Signed tokens, in one place: one salt per purpose and a max_age on every load."""

import re

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

PURPOSES = {"set-password", "reset-password", "info-day-cancel"}

# What a credential looks like in text: a signed token (payload.timestamp.signature, whatever its
# purpose or path), a long random one (secrets.token_urlsafe) or a personal access code
# (K7QX-M3PD-W9UA-4RTE). Host names and file names do not match.
CREDENTIALS = re.compile(
    r"\.?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{4,10}\.[A-Za-z0-9_-]{20,}"
    r"|[A-Za-z0-9_-]{32,}"
    r"|\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}\b"
)
HIDDEN = "[hidden]"


def _serializer(purpose):
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"registar.{purpose}")


def make_token(purpose, data):
    """Sign `data` for one purpose."""
    return _serializer(purpose).dumps(data)


def load_token(purpose, token, max_age):
    """The data signed for `purpose`, or None when the token is forged, of another purpose or old."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None


def hide_credentials(text):
    """`text` with every signed token and access code replaced by [hidden]: for what others read
    (the outbox page, the access log), where a link must not work as someone else's key."""
    return CREDENTIALS.sub(HIDDEN, text)
