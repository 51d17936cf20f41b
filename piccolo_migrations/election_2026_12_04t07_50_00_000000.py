from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T07:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "user account: must change a one-time password"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="election", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="UserAccount",
        tablename="user_account",
        column_name="must_change_password",
        db_column_name="must_change_password",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": False,
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
