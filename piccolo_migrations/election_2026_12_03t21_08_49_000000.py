"""Constraints of the entry's new figure and of Art. 81 rounds.

- a round may be the re-run after an annulment (Art. 81), besides bầu cử thêm
  and bầu cử lại;
- an annulment names at least one polling area, or none (NULL: the unit);
- the ballots spoiled and exchanged are never negative.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-03T21:08:49:000000"
VERSION = "1.38.0"
DESCRIPTION = "tally constraints: annulment rounds, spoiled ballots"

STATEMENTS = [
    "ALTER TABLE unit_round DROP CONSTRAINT unit_round_kind_check",
    "ALTER TABLE unit_round ADD CONSTRAINT unit_round_kind_check "
    "CHECK (kind IN ('supplementary', 'rerun', 'annulment'))",
    "ALTER TABLE unit_round ADD CONSTRAINT unit_round_polling_areas_check "
    "CHECK (polling_areas IS NULL OR cardinality(polling_areas) > 0)",
    "ALTER TABLE tally_entry ADD CONSTRAINT tally_entry_spoiled_check "
    "CHECK (spoiled_ballots IS NULL OR spoiled_ballots >= 0)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
