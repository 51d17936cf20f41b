"""Running unit tallies: one row per unit and round, one per candidate."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-26T22:52:47:000000"
VERSION = "1.38.0"
DESCRIPTION = "unit tallies: keys"

STATEMENTS = [
    "CREATE UNIQUE INDEX unit_tally_key ON unit_tally (unit, round_key)",
    "CREATE UNIQUE INDEX unit_candidate_tally_key ON unit_candidate_tally "
    "(unit, round_key, candidate)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
