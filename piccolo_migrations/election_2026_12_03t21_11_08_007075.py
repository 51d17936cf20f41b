from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import Date
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Commune(Table, tablename="commune", schema=None):
    code = Varchar(
        length=5,
        default="",
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name=None,
        secret=False,
    )


ID = "2026-12-03T21:11:08:007075"
VERSION = "1.38.0"
DESCRIPTION = "voter: current address, temporary since, removal reason; certificate kinds and destination"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="election", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="VoteCertificate",
        tablename="vote_certificate",
        column_name="commander",
        db_column_name="commander",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 150,
            "default": "",
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

    manager.add_column(
        table_class_name="VoteCertificate",
        tablename="vote_certificate",
        column_name="current_address",
        db_column_name="current_address",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 300,
            "default": "",
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

    manager.add_column(
        table_class_name="VoteCertificate",
        tablename="vote_certificate",
        column_name="destination_commune",
        db_column_name="destination_commune",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Commune,
            "on_delete": OnDelete.restrict,
            "on_update": OnUpdate.cascade,
            "target_column": None,
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

    manager.add_column(
        table_class_name="VoteCertificate",
        tablename="vote_certificate",
        column_name="home_address",
        db_column_name="home_address",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 300,
            "default": "",
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

    manager.add_column(
        table_class_name="VoteCertificate",
        tablename="vote_certificate",
        column_name="home_category",
        db_column_name="home_category",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 24,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": Enum(
                "ResidenceCategory",
                {
                    "PERMANENT": "permanent",
                    "TEMPORARY_LONG": "temporary_long",
                    "TEMPORARY_SHORT": "temporary_short",
                    "ARMED_FORCES": "armed_forces",
                    "DETENTION": "detention",
                    "RETURNED_PERMANENT": "returned_permanent",
                    "RETURNED_TEMPORARY": "returned_temporary",
                    "CERTIFICATE": "certificate",
                    "CURRENT_RESIDENCE": "current_residence",
                },
            ),
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="VoteCertificate",
        tablename="vote_certificate",
        column_name="kind",
        db_column_name="kind",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 12,
            "default": "elsewhere",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": Enum(
                "CertificateKind",
                {"ELSEWHERE": "elsewhere", "SOLDIER": "soldier"},
            ),
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="VoteCertificate",
        tablename="vote_certificate",
        column_name="unit_name",
        db_column_name="unit_name",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 200,
            "default": "",
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

    manager.add_column(
        table_class_name="Voter",
        tablename="voter",
        column_name="current_address",
        db_column_name="current_address",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 300,
            "default": "",
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

    manager.add_column(
        table_class_name="Voter",
        tablename="voter",
        column_name="removal_reason",
        db_column_name="removal_reason",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 300,
            "default": "",
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

    manager.add_column(
        table_class_name="Voter",
        tablename="voter",
        column_name="temporary_since",
        db_column_name="temporary_since",
        column_class_name="Date",
        column_class=Date,
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

    manager.alter_column(
        table_class_name="Voter",
        tablename="voter",
        column_name="residence_category",
        db_column_name="residence_category",
        params={
            "choices": Enum(
                "ResidenceCategory",
                {
                    "PERMANENT": "permanent",
                    "TEMPORARY_LONG": "temporary_long",
                    "TEMPORARY_SHORT": "temporary_short",
                    "ARMED_FORCES": "armed_forces",
                    "DETENTION": "detention",
                    "RETURNED_PERMANENT": "returned_permanent",
                    "RETURNED_TEMPORARY": "returned_temporary",
                    "CERTIFICATE": "certificate",
                    "CURRENT_RESIDENCE": "current_residence",
                },
            )
        },
        old_params={
            "choices": Enum(
                "ResidenceCategory",
                {
                    "PERMANENT": "permanent",
                    "TEMPORARY_LONG": "temporary_long",
                    "TEMPORARY_SHORT": "temporary_short",
                    "ARMED_FORCES": "armed_forces",
                    "DETENTION": "detention",
                    "RETURNED_PERMANENT": "returned_permanent",
                    "RETURNED_TEMPORARY": "returned_temporary",
                    "CERTIFICATE": "certificate",
                },
            )
        },
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager
