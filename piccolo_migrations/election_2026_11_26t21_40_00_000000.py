"""One foreign key from a voter to the place of its polling area.

A voter's election and commune are those of its polling area. Instead of
three foreign keys (election, commune, polling area), each checked row by row
on every insert, one composite key on (polling_area, election, commune) keeps
the three consistent and costs a third as much on bulk imports.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-26T21:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "voter: one composite foreign key to its polling area's place"

STATEMENTS = [
    "ALTER TABLE polling_area ADD CONSTRAINT polling_area_place_unique "
    "UNIQUE (id, election, commune)",
    "ALTER TABLE voter DROP CONSTRAINT voter_election_fkey",
    "ALTER TABLE voter DROP CONSTRAINT voter_commune_fkey",
    "ALTER TABLE voter DROP CONSTRAINT voter_polling_area_fkey",
    "ALTER TABLE voter ADD CONSTRAINT voter_polling_area_place_fkey "
    "FOREIGN KEY (polling_area, election, commune) REFERENCES polling_area (id, election, commune) "
    "ON DELETE RESTRICT",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
