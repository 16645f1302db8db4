"""Outgoing mail through the configured SMTP server; kept in an outbox when sending is suppressed."""

import smtplib
from email.message import EmailMessage

from flask import current_app


def outbox():
    """Messages not sent because MAIL_SUPPRESS_SEND is on (development and tests)."""
    return current_app.extensions.setdefault("registar_outbox", [])


def send_mail(to, subject, body):
    """Send a plain-text message; returns it. Logs neither the address nor the body (a signed link)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if config["MAIL_SUPPRESS_SEND"] or not config["MAIL_SERVER"]:
        outbox().append(message)
        # The subject only: an address is personal data and stays out of the log.
        current_app.logger.info("mail not sent (MAIL_SUPPRESS_SEND): %s", subject)
        return message
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        smtp.send_message(message)
    return message
