"""The latest event of each audit chain is read on every append: index it."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-26T22:28:25:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit_event: index of the chains"

STATEMENTS = ["CREATE INDEX audit_event_chain_id ON audit_event (chain, id DESC)"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
