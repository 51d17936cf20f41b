"""Running unit tallies in shards: the keys include the shard (see the
previous migration)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T04:05:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "unit tallies: keys with the shard"

KEYS = [
    "DROP INDEX unit_tally_key",
    "DROP INDEX unit_candidate_tally_key",
    "CREATE UNIQUE INDEX unit_tally_key ON unit_tally (unit, round_key, shard)",
    "CREATE UNIQUE INDEX unit_candidate_tally_key ON unit_candidate_tally "
    "(unit, round_key, candidate, shard)",
]



async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in KEYS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
