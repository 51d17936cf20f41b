"""Running unit tallies in shards: one row per unit, round and shard.

Every sheet change of a unit updated the unit's one row and held its lock to
the commit, so on election night the sheets of one unit queued on each other
(and, holding their audit chain's lock meanwhile, stalled other units' sheets
too). A sheet now updates the shard `sheet id % 16`; readers sum the shards.
The keys follow in the next migration (piccolo runs raw SQL before a
migration's column operations).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import SmallInt
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-27T04:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unit tallies: shards"

async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)
    for class_name, tablename in (
        ("UnitTally", "unit_tally"),
        ("UnitCandidateTally", "unit_candidate_tally"),
    ):
        manager.add_column(
            table_class_name=class_name,
            tablename=tablename,
            column_name="shard",
            db_column_name="shard",
            column_class_name="SmallInt",
            column_class=SmallInt,
            params={
                "default": 0,
                "null": False,
                "primary_key": False,
                "unique": False,
                "index": False,
                "index_method": IndexMethod.btree,
                "choices": None,
                "db_column_name": None,
                "secret": False,
            },
            schema=None,
        )
    return manager
