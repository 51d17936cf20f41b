"""Lighter writes of a tally entry.

- tally_vote_entry duplicated the leading column of the unique key
  tally_vote_one (entry, candidate), which serves every lookup by entry; each
  entry's dozen vote rows paid for both.
- A tally sheet's row is updated by each entry, verification, approval and
  correction. With room left on its page (fillfactor 70) the new row version
  stays there as a heap-only tuple and its three indexes are not touched;
  on full pages every update wrote all three.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T05:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "tally: drop a duplicate vote index; leave room for sheet updates"

STATEMENTS = [
    "DROP INDEX IF EXISTS tally_vote_entry",
    "ALTER TABLE tally_sheet SET (fillfactor = 70)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
