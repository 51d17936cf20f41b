"""Constraints of tallying.

- one sheet per polling area, contest and round;
- one entry per user and idempotency key (a retried submission finds it);
- states, kinds and round kinds as their choices; votes never negative.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-26T21:25:26:000000"
VERSION = "1.38.0"
DESCRIPTION = "tally constraints"

STATEMENTS = [
    "CREATE UNIQUE INDEX tally_sheet_one ON tally_sheet (polling_area, contest, COALESCE(unit_round, 0))",
    "CREATE UNIQUE INDEX tally_entry_idempotency ON tally_entry (entered_by, idempotency_key) "
    "WHERE idempotency_key IS NOT NULL",
    "CREATE INDEX tally_vote_entry ON tally_vote (entry)",
    "ALTER TABLE tally_vote ADD CONSTRAINT tally_vote_one UNIQUE (entry, candidate)",
    "ALTER TABLE tally_vote ADD CONSTRAINT tally_vote_votes_check CHECK (votes >= 0)",
    "ALTER TABLE tally_sheet ADD CONSTRAINT tally_sheet_state_check "
    "CHECK (state IN ('draft', 'submitted', 'verified', 'approved', 'locked'))",
    "ALTER TABLE tally_entry ADD CONSTRAINT tally_entry_kind_check "
    "CHECK (kind IN ('entry', 'verification', 'correction'))",
    """
    ALTER TABLE tally_entry ADD CONSTRAINT tally_entry_figures_check CHECK (
        voters_on_list >= 0 AND voters_took_part >= 0 AND ballots_issued >= 0
        AND ballots_received >= 0 AND valid >= 0 AND invalid >= 0
        AND valid + invalid = ballots_received AND ballots_received <= ballots_issued)
    """,
    "ALTER TABLE unit_round ADD CONSTRAINT unit_round_kind_check "
    "CHECK (kind IN ('supplementary', 'rerun'))",
    "ALTER TABLE unit_round ADD CONSTRAINT unit_round_one_per_kind UNIQUE (unit, kind)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
