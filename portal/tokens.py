"""Signed tokens, in one place: one salt per purpose and a max_age on every load."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

PURPOSES = {"set-password", "reset-password"}


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
