"""Constraints of the election structure that Piccolo cannot express.

- seats 1..5 (Art. 10(4): ĐBQH ≤ 3, HĐND ≤ 5; the per-level limit is checked
  in rules.py with its article), positive numbers, one number per contest and
  province;
- a commune lies in at most one unit of a contest; an area has one unit per
  contest;
- candidates: sex values, removal fields set together, ballot-order index in
  byte order (the embedded PostgreSQL has no ICU).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-26T20:32:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "constraints of units, polling-area units and candidates"

STATEMENTS = [
    "ALTER TABLE electoral_unit ADD CONSTRAINT electoral_unit_seats_check "
    "CHECK (seats BETWEEN 1 AND 5)",
    "ALTER TABLE electoral_unit ADD CONSTRAINT electoral_unit_number_check CHECK (number > 0)",
    "ALTER TABLE electoral_unit ADD CONSTRAINT electoral_unit_number_unique "
    "UNIQUE (contest, province, number)",
    "ALTER TABLE electoral_unit_commune ADD CONSTRAINT electoral_unit_commune_one_unit "
    "UNIQUE (contest, commune)",
    "ALTER TABLE polling_area_unit ADD CONSTRAINT polling_area_unit_one_per_contest "
    "UNIQUE (polling_area, contest)",
    "ALTER TABLE candidate ADD CONSTRAINT candidate_sex_check CHECK (sex IN ('male', 'female'))",
    """
    ALTER TABLE candidate ADD CONSTRAINT candidate_removal_check CHECK (
        (removed_on IS NULL AND removal_reason IS NULL)
     OR (removed_on IS NOT NULL AND removal_reason IN ('prosecuted', 'lost_capacity', 'dead',
                                                       'serious_violation', 'standards_not_met')))
    """,
    'CREATE INDEX candidate_ballot_order ON candidate (unit, ballot_sort_key COLLATE "C")',
    "CREATE INDEX candidate_birth ON candidate (date_of_birth)",
    "CREATE INDEX polling_area_unit_contest ON polling_area_unit (contest, unit)",
    # Polling areas are fixed per election: numbers are unique per election and commune.
    "ALTER TABLE polling_area DROP CONSTRAINT polling_area_number_unique",
    "ALTER TABLE polling_area ADD CONSTRAINT polling_area_number_unique "
    "UNIQUE (election, commune, number)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
