"""Turnout reports: one per polling area and hour, one hour once per election,
the rollup's index, and the application role's grants on both tables.

- turnout_hour (election, province, at) unique, the election's own set
  (province NULL) included: a settings page replaces a set;
- turnout_report (polling_area, at) unique: a report is an upsert, so a
  re-sent (offline-queued) report never makes a second row;
- turnout_report (election, at) INCLUDE (polling_area, voted, voters_on_list):
  the rollups per commune, province and nation read it index-only;
- election_app: SELECT, INSERT, UPDATE, DELETE and the sequences (default
  privileges grant them too; stated here so the tables never depend on who
  ran the migrations).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-03T22:35:06:000000"
VERSION = "1.38.0"
DESCRIPTION = "turnout: unique hours and reports, rollup index, grants"

APP_ROLE = "election_app"

STATEMENTS = [
    "CREATE UNIQUE INDEX turnout_hour_election_at ON turnout_hour "
    "(election, COALESCE(province, ''), at)",
    "CREATE UNIQUE INDEX turnout_report_area_at ON turnout_report (polling_area, at)",
    """
    CREATE INDEX turnout_report_rollup ON turnout_report (election, at)
        INCLUDE (polling_area, voted, voters_on_list)
    """,
    "ALTER TABLE turnout_report ADD CONSTRAINT turnout_report_voted_ok "
    "CHECK (voted >= 0 AND voters_on_list >= 0)",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON turnout_hour, turnout_report TO {APP_ROLE}",
    f"GRANT USAGE, SELECT ON SEQUENCE turnout_hour_id_seq, turnout_report_id_seq TO {APP_ROLE}",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
