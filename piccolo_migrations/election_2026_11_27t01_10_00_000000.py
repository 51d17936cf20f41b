"""The head of each audit chain in a row of its own.

Appending an event read the chain's last hash under an advisory lock: a lock,
then a read, then the insert, three round trips in every changing transaction.
With the head in a row, `INSERT … ON CONFLICT DO UPDATE … RETURNING` locks it
and returns the latest committed hash in one statement, and the event's insert
moves the head in the same statement as itself.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T01:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit_chain_head: the last hash of each audit chain"

STATEMENTS = [
    """
    CREATE TABLE audit_chain_head (
        chain smallint PRIMARY KEY,
        last_hash varchar(64) NOT NULL DEFAULT ''
    )
    """,
    """
    INSERT INTO audit_chain_head (chain, last_hash)
    SELECT DISTINCT ON (chain) chain, hash FROM audit_event ORDER BY chain, id DESC
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
