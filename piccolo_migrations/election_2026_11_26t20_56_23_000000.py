"""Staffing constraints and indexes that Piccolo cannot express.

- body kinds, member roles and assignment states are checked;
- each kind of body has the right shape: a committee a province or a commune,
  a board an electoral unit, a team a polling area;
- one province committee per province, one commune committee per commune,
  one board per electoral unit, one team per polling area;
- at most one head and one secretary serving in a body; a team has no deputy
  (Art. 25(1)); a person serves once in a body and on at most one team of an
  election;
- personal IDs are 12 digits and identify one registry person; a person
  without one is unique by name and birth date in their register.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-26T20:56:23:000000"
VERSION = "1.38.0"
DESCRIPTION = "staffing constraints and indexes"

STATEMENTS = [
    "ALTER TABLE staff_person ADD CONSTRAINT staff_person_personal_id_check "
    "CHECK (personal_id ~ '^[0-9]{12}$')",
    "ALTER TABLE staff_person ADD CONSTRAINT staff_person_sex_check "
    "CHECK (sex IN ('male', 'female'))",
    "CREATE UNIQUE INDEX staff_person_personal_id ON staff_person (personal_id) "
    "WHERE personal_id IS NOT NULL",
    "CREATE UNIQUE INDEX staff_person_name_birth ON staff_person "
    "(province, COALESCE(commune, ''), person_key) WHERE personal_id IS NULL",
    """
    ALTER TABLE election_body ADD CONSTRAINT election_body_kind_check CHECK (kind IN
        ('province_committee', 'commune_committee', 'board_dbqh', 'board_hdnd_tinh',
         'board_hdnd_xa', 'team', 'team_military', 'team_mixed', 'team_by_election'))
    """,
    """
    ALTER TABLE election_body ADD CONSTRAINT election_body_shape_check CHECK (
        CASE
            WHEN kind = 'province_committee' THEN
                commune IS NULL AND unit IS NULL AND polling_area IS NULL
            WHEN kind = 'commune_committee' THEN
                commune IS NOT NULL AND unit IS NULL AND polling_area IS NULL
            WHEN kind LIKE 'board_%' THEN unit IS NOT NULL AND polling_area IS NULL
            ELSE polling_area IS NOT NULL AND commune IS NOT NULL AND unit IS NULL
        END)
    """,
    "CREATE UNIQUE INDEX election_body_province_committee ON election_body (election, province) "
    "WHERE kind = 'province_committee'",
    "CREATE UNIQUE INDEX election_body_commune_committee ON election_body (election, commune) "
    "WHERE kind = 'commune_committee'",
    "CREATE UNIQUE INDEX election_body_unit ON election_body (unit) WHERE unit IS NOT NULL",
    "CREATE UNIQUE INDEX election_body_polling_area ON election_body (polling_area) "
    "WHERE polling_area IS NOT NULL",
    "ALTER TABLE body_member ADD CONSTRAINT body_member_role_check "
    "CHECK (role IN ('head', 'deputy', 'secretary', 'member'))",
    "ALTER TABLE body_member ADD CONSTRAINT body_member_family_check "
    "CHECK (family IN ('committee', 'board', 'team'))",
    "ALTER TABLE body_member ADD CONSTRAINT body_member_team_has_no_deputy "
    "CHECK (NOT (family = 'team' AND role = 'deputy'))",
    "CREATE UNIQUE INDEX body_member_once ON body_member (body, person) WHERE left_on IS NULL",
    "CREATE UNIQUE INDEX body_member_one_head ON body_member (body) "
    "WHERE role = 'head' AND left_on IS NULL",
    "CREATE UNIQUE INDEX body_member_one_secretary ON body_member (body) "
    "WHERE role = 'secretary' AND left_on IS NULL",
    "CREATE UNIQUE INDEX body_member_one_team ON body_member (election, person) "
    "WHERE family = 'team' AND left_on IS NULL",
    "CREATE INDEX body_member_account ON body_member (account) WHERE account IS NOT NULL",
    "ALTER TABLE staff_assignment ADD CONSTRAINT staff_assignment_status_check "
    "CHECK (status IN ('proposed', 'accepted', 'discarded'))",
    "ALTER TABLE staff_assignment ADD CONSTRAINT staff_assignment_size_check "
    "CHECK (team_size BETWEEN 1 AND 50 AND reserve_size >= 0)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        transaction = engine_finder().current_transaction.get()
        for statement in STATEMENTS:
            await transaction.connection.execute(statement)

    manager.add_raw(run)
    return manager
