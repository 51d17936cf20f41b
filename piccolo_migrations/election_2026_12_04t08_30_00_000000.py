"""Running counters of the count's progress (issue 17, part 5).

The national progress (sheets expected, entered, checked, approved, waiting
for review) counted every area, sheet and entry of the country: some 0.3 s
at each refresh of each live board. These counters, kept by triggers on the
first-round sheets and on the areas' units, hold the same counts per
election, province and shard: the nation is a sum of at most 34 × 64 rows.

Triggers rather than the services: every writer of a sheet (entry,
verification, approval, correction, the demo, a repair by hand) keeps them
right, in its own transaction. The shard (sheet or area id % 64) spreads the
writes of one province over 64 rows, so entries of a province do not queue
on one; a change that moves no count (a lock, a comment) writes nothing.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-04T08:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "tally_progress: running counters of the count's progress"

STATEMENTS = [
    """
    CREATE TABLE tally_progress (
        election integer NOT NULL,
        province varchar(2) NOT NULL,
        shard smallint NOT NULL,
        sheets_total integer NOT NULL DEFAULT 0,
        reported integer NOT NULL DEFAULT 0,
        verified integer NOT NULL DEFAULT 0,
        approved integer NOT NULL DEFAULT 0,
        needs_review integer NOT NULL DEFAULT 0,
        PRIMARY KEY (election, province, shard)
    )
    """,
    """
    CREATE FUNCTION tally_progress_add(
        p_unit integer, p_shard integer, d_total integer, d_reported integer,
        d_verified integer, d_approved integer, d_review integer
    ) RETURNS void LANGUAGE sql AS $$
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
            needs_review = t.needs_review + EXCLUDED.needs_review
    $$
    """,
    # What a first-round sheet counts for: entered, checked (typed twice and
    # matching, or further), approved (or locked), waiting for the board.
    """
    CREATE FUNCTION tally_sheet_counts(
        round integer, submitted bigint, state text, review boolean
    ) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN round IS NOT NULL THEN ARRAY[0, 0, 0, 0]
               ELSE ARRAY[(submitted IS NOT NULL)::int,
                          (state IN ('verified', 'approved', 'locked'))::int,
                          (state IN ('approved', 'locked'))::int,
                          (review AND state = 'verified')::int] END
    $$
    """,
    """
    CREATE FUNCTION tally_sheet_progress() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        was integer[] := ARRAY[0, 0, 0, 0];
        now_ integer[] := ARRAY[0, 0, 0, 0];
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            was := tally_sheet_counts(OLD.unit_round, OLD.submitted_entry, OLD.state,
                                      OLD.needs_review);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            now_ := tally_sheet_counts(NEW.unit_round, NEW.submitted_entry, NEW.state,
                                       NEW.needs_review);
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.unit = NEW.unit THEN
            IF was <> now_ THEN
                PERFORM tally_progress_add(NEW.unit, NEW.id % 64, 0, now_[1] - was[1],
                                           now_[2] - was[2], now_[3] - was[3], now_[4] - was[4]);
            END IF;
            RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' AND was <> ARRAY[0, 0, 0, 0] THEN
            PERFORM tally_progress_add(OLD.unit, OLD.id % 64, 0, -was[1], -was[2], -was[3],
                                       -was[4]);
        END IF;
        IF TG_OP <> 'DELETE' AND now_ <> ARRAY[0, 0, 0, 0] THEN
            PERFORM tally_progress_add(NEW.unit, NEW.id % 64, 0, now_[1], now_[2], now_[3],
                                       now_[4]);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER tally_sheet_progress
    AFTER INSERT OR DELETE OR UPDATE OF unit, unit_round, submitted_entry, state, needs_review
    ON tally_sheet FOR EACH ROW EXECUTE FUNCTION tally_sheet_progress()
    """,
    # The sheets expected: one per area and contest (polling_area_unit).
    """
    CREATE FUNCTION polling_area_unit_progress() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            PERFORM tally_progress_add(OLD.unit, OLD.polling_area % 64, -1, 0, 0, 0, 0);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            PERFORM tally_progress_add(NEW.unit, NEW.polling_area % 64, 1, 0, 0, 0, 0);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER polling_area_unit_progress
    AFTER INSERT OR DELETE OR UPDATE OF unit, polling_area
    ON polling_area_unit FOR EACH ROW EXECUTE FUNCTION polling_area_unit_progress()
    """,
    # The counts of what is already there.
    """
    INSERT INTO tally_progress (election, province, shard, sheets_total)
    SELECT ct.election, u.province, pu.polling_area % 64, count(*)
    FROM polling_area_unit pu JOIN electoral_unit u ON u.id = pu.unit
    JOIN contest ct ON ct.id = u.contest
    GROUP BY 1, 2, 3
    """,
    """
    INSERT INTO tally_progress AS t (election, province, shard, reported, verified, approved,
                                     needs_review)
    SELECT ct.election, u.province, s.id % 64,
           count(s.submitted_entry),
           count(*) FILTER (WHERE s.state IN ('verified', 'approved', 'locked')),
           count(*) FILTER (WHERE s.state IN ('approved', 'locked')),
           count(*) FILTER (WHERE s.needs_review AND s.state = 'verified')
    FROM tally_sheet s JOIN electoral_unit u ON u.id = s.unit JOIN contest ct ON ct.id = u.contest
    WHERE s.unit_round IS NULL
    GROUP BY 1, 2, 3
    ON CONFLICT (election, province, shard) DO UPDATE SET
        reported = EXCLUDED.reported, verified = EXCLUDED.verified,
        approved = EXCLUDED.approved, needs_review = EXCLUDED.needs_review
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
