"""Rate-limit counters shared by every server process (the public lookup).

- rate_limit_hit (bucket, window_start) primary key: one fixed window's count
  of one bucket ("address:<ip>", "id:<keyed hash of the personal ID>"); a hit
  is an upsert that returns the new count, so two processes never both let
  the last allowed hit through;
- no personal data: IDs are stored as a keyed hash only;
- election_app: SELECT, INSERT, UPDATE, DELETE (old windows are deleted).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-03T23:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "rate limits shared by every process"

APP_ROLE = "election_app"

STATEMENTS = [
    """
    CREATE TABLE rate_limit_hit (
        bucket text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL DEFAULT 1 CHECK (hits > 0),
        PRIMARY KEY (bucket, window_start)
    )
    """,
    "CREATE INDEX rate_limit_hit_window ON rate_limit_hit (window_start)",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_hit TO {APP_ROLE}",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
