"""Voter-list constraints and indexes, and the schema of import staging tables.

- one active entry per citizen in an election (Art. 29(2)): a partial unique
  index over listed entries that are not voting elsewhere;
- card numbers unique within a polling area;
- indexes for the list order, search, counts and the public lookup;
- `voter_staging`: per-import unlogged tables live here, outside `public`.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-26T20:50:57:000000"
VERSION = "1.38.0"
DESCRIPTION = "voter constraints, indexes and the staging schema"

STATEMENTS = [
    """
    ALTER TABLE voter ADD CONSTRAINT voter_category_check CHECK (residence_category IN
        ('permanent', 'temporary_long', 'temporary_short', 'armed_forces', 'detention',
         'returned_permanent', 'returned_temporary', 'certificate'))
    """,
    "ALTER TABLE voter ADD CONSTRAINT voter_status_check "
    "CHECK (status IN ('listed', 'struck_off', 'excluded'))",
    "ALTER TABLE voter ADD CONSTRAINT voter_sex_check CHECK (sex IN ('male', 'female'))",
    "ALTER TABLE voter ADD CONSTRAINT voter_personal_id_check CHECK (personal_id ~ '^[0-9]{12}$')",
    "ALTER TABLE voter ADD CONSTRAINT voter_excluded_reason_check "
    "CHECK ((status = 'excluded') = (exclusion IS NOT NULL))",
    "CREATE UNIQUE INDEX voter_one_active_entry ON voter (election, personal_id) "
    "WHERE status = 'listed' AND NOT voting_elsewhere",
    "CREATE INDEX voter_citizen ON voter (election, personal_id)",
    "CREATE INDEX voter_list_order ON voter "
    "(polling_area, household_order, is_household_head DESC, member_order)",
    "CREATE UNIQUE INDEX voter_card_number ON voter (polling_area, card_number) "
    "WHERE card_number IS NOT NULL",
    "CREATE INDEX voter_search ON voter (commune, search_name text_pattern_ops)",
    "ALTER TABLE vote_certificate ADD CONSTRAINT vote_certificate_number_unique "
    "UNIQUE (election, number)",
    "ALTER TABLE voter_complaint ADD CONSTRAINT voter_complaint_outcome_check "
    "CHECK (outcome IN ('pending', 'accepted', 'rejected'))",
    "ALTER TABLE election ADD CONSTRAINT election_certificate_scope_check "
    "CHECK (certificate_outside_province IN ('dbqh', 'dbqh_tinh'))",
    "CREATE SCHEMA IF NOT EXISTS voter_staging",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
