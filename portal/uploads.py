"""Uploaded files: checked by their content, size-limited, stored outside the web root under a
random name, with their SHA-256. Serving them is the caller's (after its own authorisation)."""

import hashlib
import os
import secrets
import unicodedata

import filetype
import peewee as pw
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.db import BaseModel

DOCUMENT_TYPES = ("application/pdf", "image/jpeg", "image/png")
PKCS7 = "application/pkcs7-signature"
SIGNED_TYPES = ("application/pdf", PKCS7)  # a signed PDF, or a detached signature (.p7s)

# DER of the PKCS#7 signedData object identifier 1.2.840.113549.1.7.2, near the start of a .p7s.
_SIGNED_DATA_OID = bytes.fromhex("06092a864886f70d010702")
_CHUNK = 64 * 1024


class UploadError(ValueError):
    """A file refused; the message is for the person who uploaded it."""


def content_type(head):
    """The type of a file by its first bytes: PDF, JPEG, PNG or PKCS#7 signature; None otherwise."""
    if head.lstrip().startswith((b"-----BEGIN PKCS7-----", b"-----BEGIN CMS-----")):
        return PKCS7
    if head[:1] == b"\x30" and _SIGNED_DATA_OID in head[:64]:
        return PKCS7
    kind = filetype.guess(head)
    return kind.mime if kind else None


def store(file, allowed=DOCUMENT_TYPES):
    """Keep an uploaded file (a werkzeug FileStorage) if its content is of an allowed type and it is
    within UPLOAD_MAX_BYTES; returns {original_name, stored_name, size, sha256, content_type}."""
    if file is None or not file.filename:
        raise UploadError(_l("Choose a file to upload."))
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    head = file.stream.read(512)
    kind = content_type(head)
    if kind not in allowed:
        raise UploadError(
            _l("This file is not of an accepted type: upload %(types)s.", types=_describe(allowed))
        )
    folder = current_app.config["UPLOAD_DIR"]
    os.makedirs(folder, exist_ok=True)
    stored_name = secrets.token_hex(16)
    path = os.path.join(folder, stored_name)
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "wb") as out:
            chunk = head
            while chunk:
                size += len(chunk)
                if size > limit:
                    raise UploadError(
                        _l(
                            "The file is larger than %(mib)d MB: upload a smaller one.",
                            mib=limit // (1024 * 1024),
                        )
                    )
                digest.update(chunk)
                out.write(chunk)
                chunk = file.stream.read(_CHUNK)
    except BaseException:
        os.remove(path)
        raise
    return {
        "original_name": safe_filename(file.filename),
        "stored_name": stored_name,
        "size": size,
        "sha256": digest.hexdigest(),
        "content_type": kind,
    }


def safe_filename(name, default="file"):
    """A file name fit to keep, show and send back in Content-Disposition: the last part of a path
    (either separator), without control or format characters (NUL, newlines, right-to-left
    overrides), spaces collapsed, no leading dots, at most 255 characters keeping the extension.
    Cyrillic and other letters stay (werkzeug's secure_filename would drop them)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if c.isspace() else c for c in name)  # newlines and tabs become spaces
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = " ".join(name.split()).lstrip(". ")
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = stem[: 254 - len(extension)] + dot + extension if dot and len(extension) <= 16 else name[:255]
    return name or default


def path_of(stored_name):
    """Where a stored file is (stored names are hex, so they cannot leave the folder)."""
    if not stored_name or any(c not in "0123456789abcdef" for c in stored_name):
        raise ValueError("not a stored file name")
    return os.path.join(current_app.config["UPLOAD_DIR"], stored_name)


def remove(stored_name):
    """Delete a stored file (after its record was rolled back)."""
    try:
        os.remove(path_of(stored_name))
    except FileNotFoundError:
        pass


def _describe(allowed):
    names = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", PKCS7: ".p7s"}
    return ", ".join(names[t] for t in allowed)


def store_then(files, call, allowed=DOCUMENT_TYPES, required=False):
    """Store the uploaded files, then `call(stored)`: the files are kept first, and removed again if
    one is refused or the step is. An empty file input is skipped, or refused if `required`.
    Returns what `call` returns."""
    stored = []
    try:
        for file in files:
            if required or (file is not None and file.filename):
                stored.append(store(file, allowed))
        return call(stored)
    except Exception:
        for kept in stored:
            remove(kept["stored_name"])
        raise


def remove_all(stored_names):
    """Delete files whose records are gone (after the commit, so a rollback never loses a file)."""
    for name in stored_names:
        if name:
            remove(name)


class StoredFile(BaseModel):
    """The fields store() fills, shared by every model of an uploaded file (an application's
    attachments, a candidate's report); each subclass names its own table."""

    original_name = pw.CharField(max_length=255)
    stored_name = pw.CharField(max_length=64, unique=True)
    size = pw.IntegerField()
    sha256 = pw.CharField(max_length=64)
    content_type = pw.CharField(max_length=64)
