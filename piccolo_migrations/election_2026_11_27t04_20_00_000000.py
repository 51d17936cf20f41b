"""Listed voters per polling area and ballot, from the index alone.

Every tally entry compares its "voters on the list" with the list: a count of
the area's listed voters holding that contest's ballot (Art. 76(2)(a)). With
only the list-order index, that count visited every voter's row of the area,
some 400 pages for a thousand voters. This partial index covers the count
(an index-only scan once the table is vacuumed).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T04:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "voter: index counting the listed voters of an area by ballot"

STATEMENTS = [
    """
    CREATE INDEX voter_listed_ballots ON voter (polling_area)
    INCLUDE (ballot_dbqh, ballot_tinh, ballot_xa)
    WHERE status = 'listed' AND NOT voting_elsewhere
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
