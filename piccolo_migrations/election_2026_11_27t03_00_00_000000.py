"""The audit chain head also keeps the hash before the latest one.

An append now moves the head and writes the event in one statement: the
head's `ON CONFLICT DO UPDATE` computes the new hash from the latest
committed one (`SET prev_hash = last_hash, last_hash = sha256(last_hash …)`,
both read from the row it locked) and returns both for the event row. Before,
the application read the head, hashed, and wrote: two round trips.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit_chain_head.prev_hash: the hash the latest event extended"

STATEMENTS = [
    "ALTER TABLE audit_chain_head ADD COLUMN prev_hash varchar(64) NOT NULL DEFAULT ''",
    """
    UPDATE audit_chain_head h SET prev_hash = e.prev_hash
    FROM (SELECT DISTINCT ON (chain) chain, prev_hash FROM audit_event ORDER BY chain, id DESC) e
    WHERE e.chain = h.chain
    """,
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
