from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Interval
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T22:35:25:330821"
VERSION = "1.38.0"
DESCRIPTION = "election: training clock offset"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="election", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Election",
        tablename="election",
        column_name="training_offset",
        db_column_name="training_offset",
        column_class_name="Interval",
        column_class=Interval,
        params={
            "default": None,
            "null": True,
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
