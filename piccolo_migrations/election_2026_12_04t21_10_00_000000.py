"""The count's progress counters: their upsert planned once per connection.

The triggers of tally_sheet and polling_area_unit call `tally_progress_add`
for every sheet an entry, a verification or an approval changes. As a SQL
function it was parsed, analysed and planned again at every call on
PostgreSQL 15 to 17, which keep no plan of a SQL function between calls
(PostgreSQL 18 does). In PL/pgSQL the same upsert is planned at its first
call in a connection and reused after: on PostgreSQL 15, 150 µs less of the
server's time per entry and about 10 % more entries per second through the
API (measured in-process, interleaved, six rounds each). Same arguments,
same statement, same result.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-04T21:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "tally_progress_add in PL/pgSQL: its upsert planned once per connection"

STATEMENTS = [
    """
    CREATE OR REPLACE FUNCTION tally_progress_add(
        p_unit integer, p_shard integer, d_total integer, d_reported integer,
        d_verified integer, d_approved integer, d_review integer
    ) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO tally_progress AS t (election, province, shard, sheets_total, reported,
                                         verified, approved, needs_review)
        SELECT ct.election, u.province, p_shard, d_total, d_reported, d_verified, d_approved,
               d_review
        FROM electoral_unit u JOIN contest ct ON ct.id = u.contest
        WHERE u.id = p_unit
        ON CONFLICT (election, province, shard) DO UPDATE SET
            sheets_total = t.sheets_total + EXCLUDED.sheets_total,
            reported = t.reported + EXCLUDED.reported,
            verified = t.verified + EXCLUDED.verified,
            approved = t.approved + EXCLUDED.approved,
            needs_review = t.needs_review + EXCLUDED.needs_review;
    END
    $$
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
