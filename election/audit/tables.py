"""The append-only, hash-chained audit log."""

from piccolo.columns import JSONB, BigSerial, Integer, SmallInt, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuditEvent(Table, tablename="audit_event"):
    """One change of state. Written in the transaction that made the change;
    the application's role may only add rows, triggers refuse UPDATE, DELETE
    and TRUNCATE, each row carries an HMAC of its content made with a key kept
    outside the database, and each row's hash covers the previous row's hash
    in its chain, so a rewritten or shortened history is detectable (see
    docs/security.md)."""

    id = BigSerial(primary_key=True)
    occurred_at = Timestamptz(default=TimestamptzNow())
    actor_user_id = Integer(null=True, default=None)
    actor_username = Varchar(length=64)
    actor_role = Varchar(length=32)
    request_id = Varchar(length=64, default="")
    entity_type = Varchar(length=64)
    entity_id = Varchar(length=64)
    action = Varchar(length=64)
    summary = Text(default="")
    before = JSONB(null=True, default=None)
    after = JSONB(null=True, default=None)
    prev_hash = Varchar(length=64, default="")
    hash = Varchar(length=64, default="")
    # Which of the hash chains the event extends (see audit.services.chain_of).
    chain = SmallInt(default=0)
    # HMAC-SHA-256 of the chain and the event's canonical JSON, with the audit
    # key (audit.keys); empty on events written before the log was keyed.
    mac = Varchar(length=64, default="")
