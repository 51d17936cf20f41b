"""Constraints Piccolo cannot express, and the append-only audit log.

- check constraints mirroring the StrEnum choices (the database is the backstop);
- one contest per (election, level, place);
- audit_event refuses UPDATE and DELETE (TRUNCATE stays possible for tests).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-26T20:16:16:000000"
VERSION = "1.38.0"
DESCRIPTION = "constraints and append-only audit log"

STATEMENTS = [
    """
    ALTER TABLE user_account ADD CONSTRAINT user_account_role_check CHECK (role IN
        ('admin', 'province_staff', 'commune_staff', 'board_member', 'station_officer',
         'observer'))
    """,
    """
    ALTER TABLE user_account ADD CONSTRAINT user_account_scope_check CHECK (
        (scope_level = 'national' AND scope_province IS NULL AND scope_commune IS NULL
            AND scope_polling_area IS NULL)
     OR (scope_level = 'province' AND scope_province IS NOT NULL AND scope_commune IS NULL
            AND scope_polling_area IS NULL)
     OR (scope_level = 'commune' AND scope_province IS NOT NULL AND scope_commune IS NOT NULL
            AND scope_polling_area IS NULL)
     OR (scope_level = 'polling_area' AND scope_province IS NOT NULL
            AND scope_commune IS NOT NULL AND scope_polling_area IS NOT NULL))
    """,
    """
    ALTER TABLE access_token ADD CONSTRAINT access_token_kind_check
        CHECK (kind IN ('session', 'bearer'))
    """,
    """
    ALTER TABLE election ADD CONSTRAINT election_kind_check
        CHECK (kind IN ('general', 'by_election'))
    """,
    """
    ALTER TABLE contest ADD CONSTRAINT contest_level_place_check CHECK (
        (level = 'dbqh' AND province IS NULL AND commune IS NULL)
     OR (level = 'hdnd_tinh' AND province IS NOT NULL AND commune IS NULL)
     OR (level = 'hdnd_xa' AND province IS NOT NULL AND commune IS NOT NULL))
    """,
    """
    CREATE UNIQUE INDEX contest_one_per_place ON contest
        (election, level, COALESCE(province, ''), COALESCE(commune, ''))
    """,
    """
    ALTER TABLE polling_area ADD CONSTRAINT polling_area_kind_check CHECK (kind IN
        ('ordinary', 'armed_forces', 'hospital_care', 'detention', 'remote'))
    """,
    "ALTER TABLE polling_area ADD CONSTRAINT polling_area_number_check CHECK (number > 0)",
    """
    ALTER TABLE polling_area ADD CONSTRAINT polling_area_number_unique
        UNIQUE (commune, number)
    """,
    "CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id, id)",
    "CREATE INDEX audit_event_actor ON audit_event (actor_username, id)",
    """
    CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only()
    """,
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        # Runs inside the transaction MigrationManager opens for this migration.
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
