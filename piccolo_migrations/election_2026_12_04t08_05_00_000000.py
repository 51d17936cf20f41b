"""The audit log searched by investigators (issue 16, part 5): its filters indexed.

The log holds millions of events; the page shows them newest first and
filters by time, actor, role, action, entity and the acting account's place.
The actor's name and the entity already have (column, id) indexes; these add
the action and the acting account (each a walk down one index in id order)
and a BRIN index on the time, which follows the ids (events are stamped as
they are appended): a few pages for millions of rows, next to nothing to keep
up on each append.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-04T08:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit_event: indexes of the investigators' filters"

STATEMENTS = [
    "CREATE INDEX audit_event_action ON audit_event (action, id)",
    "CREATE INDEX audit_event_actor_user ON audit_event (actor_user_id, id)",
    # Summarized as each range of pages fills, not only at the next VACUUM:
    # an unsummarized range matches every search.
    "CREATE INDEX audit_event_occurred_at ON audit_event USING brin (occurred_at) "
    "WITH (pages_per_range = 32, autosummarize = on)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
