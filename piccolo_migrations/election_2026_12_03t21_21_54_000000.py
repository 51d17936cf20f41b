"""The application's own role, and an audit log that role can only append to.

The application connects as `election_app` (see election.db.application_dsn),
never as the tables' owner or a superuser, which may disable triggers, switch
them all off with `session_replication_role`, or TRUNCATE. The role is made
here, without LOGIN: the operator grants it a login and a password (or the
embedded set-up does, for `make run` and the tests). Roles belong to the
server, not the database, so a second database on the same server finds it
made already.

- every table: SELECT, INSERT, UPDATE, DELETE, and so for tables later
  migrations create (default privileges of the role running migrations);
  sequences: USAGE, SELECT; voter imports create their staging tables in
  `voter_staging`;
- audit_event: SELECT and INSERT only; audit_chain_head: no DELETE;
  migration (Piccolo's record of migrations): SELECT only;
- no TRUNCATE, no TRIGGER, no REFERENCES anywhere; not a member of the owner;
- audit_event and audit_chain_head refuse TRUNCATE from anyone (a statement
  trigger), unless the session says it is maintenance by setting
  `election.audit_truncate` to `allowed` (only the owner may TRUNCATE at all):
  the test suite does between tests; nothing in the application does.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-03T21:21:54:000000"
VERSION = "1.38.0"
DESCRIPTION = "the application's role, its grants; audit tables refuse TRUNCATE"

APP_ROLE = "election_app"

STATEMENTS = [
    f"""
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
            CREATE ROLE {APP_ROLE} NOLOGIN;
        END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        -- made at this moment by the migrations of another database on the server
        NULL;
    END
    $$
    """,
    f"""
    DO $$
    BEGIN
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO {APP_ROLE}',
                       current_database());
    END
    $$
    """,
    f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}",
    f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}",
    f"""
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
        GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}
    """,
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}",
    f"REVOKE UPDATE, DELETE ON audit_event FROM {APP_ROLE}",
    f"REVOKE DELETE ON audit_chain_head FROM {APP_ROLE}",
    f"REVOKE INSERT, UPDATE, DELETE ON migration FROM {APP_ROLE}",
    f"GRANT USAGE, CREATE ON SCHEMA voter_staging TO {APP_ROLE}",
    """
    CREATE FUNCTION audit_refuses_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('election.audit_truncate', true) = 'allowed' THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION '% is append-only: TRUNCATE is refused', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuses_truncate()
    """,
    """
    CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuses_truncate()
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
