"""Outgoing mail through the configured SMTP server; kept in an outbox when sending is suppressed."""

import datetime
import email
import email.policy
import os
import secrets
import smtplib
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app


def outbox():
    """Messages not sent because MAIL_SUPPRESS_SEND is on (development and tests)."""
    return current_app.extensions.setdefault("registar_outbox", [])


def send_mail(to, subject, body, attachments=()):
    """Send a plain-text message, with `attachments` as (file name, bytes, MIME type); returns it.
    Logs neither the address nor the body (a signed link)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.datetime.now(datetime.UTC))
    message.set_content(body)
    for name, data, mimetype in attachments:
        maintype, subtype = mimetype.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if config["MAIL_SUPPRESS_SEND"] or not config["MAIL_SERVER"]:
        outbox().append(message)
        _write_eml(message)
        # The subject only: an address is personal data and stays out of the log.
        current_app.logger.info("mail not sent (MAIL_SUPPRESS_SEND): %s", subject)
        return message
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        smtp.send_message(message)
    return message


def _write_eml(message):
    """Keep an unsent message as an .eml file in MAIL_OUTBOX_DIR, if set (any mail client opens it)."""
    folder = current_app.config.get("MAIL_OUTBOX_DIR")
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
    path = os.path.join(folder, f"{stamp}-{secrets.token_hex(4)}.eml")
    with open(path, "wb") as handle:
        handle.write(message.as_bytes(policy=email.policy.SMTP))


def outbox_files():
    """[(name, message)] of the .eml files in MAIL_OUTBOX_DIR, newest first."""
    folder = current_app.config.get("MAIL_OUTBOX_DIR")
    if not folder or not os.path.isdir(folder):
        return []
    names = sorted((n for n in os.listdir(folder) if n.endswith(".eml")), reverse=True)
    result = []
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            result.append((name, email.message_from_binary_file(handle, policy=email.policy.default)))
    return result


def _sent_at(header):
    """A mail's Date header as a moment the page formats the reader's way (None if unreadable)."""
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        return None


def outbox_summaries(limit=200):
    """[{to, subject, date, body}] of the unsent mail, newest first, every token and access code
    in the body hidden: the page shows that a mail was written, never a usable link."""
    from portal.tokens import hide_credentials

    return [
        {
            "to": message["To"],
            "subject": message["Subject"],
            "date": _sent_at(message["Date"]),
            "body": hide_credentials(message.get_body(preferencelist=("plain",)).get_content()),
        }
        for _name, message in outbox_files()[:limit]
    ]
