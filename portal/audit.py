"""The audit log: every staff action, who did it, when, and the record before and after."""

import datetime
import json

import peewee as pw

from portal.db import BaseModel


def _utcnow():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


class AuditEntry(BaseModel):
    """One staff action."""

    at = pw.DateTimeField(default=_utcnow, index=True)
    user_id = pw.IntegerField(null=True, index=True)
    user_email = pw.CharField(max_length=255, default="")
    action = pw.CharField(max_length=64)
    entity = pw.CharField(max_length=64)
    entity_id = pw.CharField(max_length=64, default="")
    before = pw.TextField(default="")
    after = pw.TextField(default="")

    class Meta:
        table_name = "audit_entry"


def _dump(value):
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(user, action, entity, entity_id, before=None, after=None):
    """Write an audit entry; call it inside the same transaction as the change it describes."""
    return AuditEntry.create(
        user_id=getattr(user, "id", None),
        user_email=getattr(user, "email", "") or "",
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=_dump(before),
        after=_dump(after),
    )
