"""Constraints of the voters' new columns (issue 13).

- a voter may be listed where they live without a registered residence
  (Mẫu số 31/HĐBC, column 7c): the category check admits `current_residence`;
- a certificate is to vote elsewhere (Art. 34) or a soldier's to vote at home
  (Art. 31(2)); a soldier's names the unit and the residence, whose kind is a
  permanent or a temporary one.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-03T21:11:09:000000"
VERSION = "1.38.0"
DESCRIPTION = "voter: category current_residence; certificate kinds checked"

STATEMENTS = [
    "ALTER TABLE voter DROP CONSTRAINT voter_category_check",
    """
    ALTER TABLE voter ADD CONSTRAINT voter_category_check CHECK (residence_category IN
        ('permanent', 'temporary_long', 'temporary_short', 'armed_forces', 'detention',
         'returned_permanent', 'returned_temporary', 'certificate', 'current_residence'))
    """,
    "ALTER TABLE vote_certificate ADD CONSTRAINT vote_certificate_kind_check "
    "CHECK (kind IN ('elsewhere', 'soldier'))",
    """
    ALTER TABLE vote_certificate ADD CONSTRAINT vote_certificate_soldier_check CHECK (
        kind <> 'soldier' OR (unit_name <> '' AND home_address <> ''
            AND home_category IN ('permanent', 'temporary_long', 'temporary_short')))
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
