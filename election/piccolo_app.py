"""The single Piccolo app: every domain's tables and the one migration stream."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

import piccolo_migrations

DOMAIN_TABLE_MODULES = [
    "election.geography.tables",
    "election.accounts.tables",
    "election.audit.tables",
    "election.elections.tables",
    "election.stations.tables",
    "election.voters.tables",
    "election.staffing.tables",
    "election.tallies.tables",
    "election.imports.tables",
    "election.turnout.tables",
]

APP_CONFIG = AppConfig(
    app_name="election",
    migrations_folder_path=str(Path(piccolo_migrations.__file__).parent),
    table_classes=table_finder(modules=DOMAIN_TABLE_MODULES, exclude_imported=True),
    migration_dependencies=[],
    commands=[],
)
