"""A vote's candidate must exist, checked without locking the candidate's row.

A foreign key checks each inserted row with `SELECT … FOR KEY SHARE` on the
row it references. Every vote row of every entry of a unit referenced the
same few candidate rows, so entries of one unit arriving together locked the
same rows at once, and PostgreSQL made a MultiXact for each such lock (about
one per two entries with four entries in flight): SLRU pages, WAL and
freezing work that grew with the night's concurrency, and a quarter of the
entry path's throughput in the tally_submit benchmark.

The same rule now holds by two triggers, set-based and without row locks:

- after each statement that writes votes (INSERT, UPDATE, COPY), one query
  over the statement's new rows finds any candidate that does not exist;
- before a candidate is deleted or its id changed, `LOCK TABLE tally_vote IN
  SHARE MODE` waits for the transactions writing votes and holds off new ones
  until it ends; then any vote for the candidate refuses the change.

Both raise foreign_key_violation (23503), as the key did. The candidate's
side reads tally_vote without an index on candidate, as the key's own check
did: it runs only when a candidate is deleted, which the rules refuse once a
unit's count has begun. Under READ
COMMITTED (the application's level) each check sees everything committed
before it, so no vote can be left without its candidate. Deleting a
candidate is rare and happens before voting; the table lock is then brief.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-04T18:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "tally_vote: the candidate check by triggers, without row locks"

STATEMENTS = [
    "ALTER TABLE tally_vote DROP CONSTRAINT tally_vote_candidate_fkey",
    # Statement-level: the new rows of the statement are its transition table
    # `added` (one trigger per event: PostgreSQL allows a transition table on
    # a trigger of one event only).
    """
    CREATE FUNCTION tally_vote_candidates_exist() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        missing integer;
    BEGIN
        -- One index probe per distinct candidate, whatever the sizes: as a
        -- plain anti-join, five new votes against the country's 131,700
        -- candidates were planned as a merge join reading the whole key.
        SELECT v.candidate INTO missing
        FROM (SELECT DISTINCT candidate FROM added) v
        LEFT JOIN LATERAL (
            SELECT true AS found FROM candidate c WHERE c.id = v.candidate LIMIT 1
        ) f ON true
        WHERE f.found IS NULL
        LIMIT 1;
        IF FOUND THEN
            RAISE foreign_key_violation USING
                MESSAGE = format('%s: candidate %s does not exist', TG_TABLE_NAME, missing),
                TABLE = TG_TABLE_NAME,
                CONSTRAINT = 'tally_vote_candidate_exists';
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER tally_vote_candidates_exist_on_insert
    AFTER INSERT ON tally_vote REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION tally_vote_candidates_exist()
    """,
    """
    CREATE TRIGGER tally_vote_candidates_exist_on_update
    AFTER UPDATE ON tally_vote REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION tally_vote_candidates_exist()
    """,
    """
    CREATE FUNCTION candidate_keeps_its_votes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
            RETURN NEW;
        END IF;
        -- Votes are written without locking their candidate's row: wait for
        -- the transactions writing votes, and keep new ones out until this
        -- one ends, then look.
        LOCK TABLE tally_vote IN SHARE MODE;
        IF EXISTS (SELECT 1 FROM tally_vote WHERE candidate = OLD.id) THEN
            RAISE foreign_key_violation USING
                MESSAGE = format('candidate %s has votes in tally_vote', OLD.id),
                TABLE = 'candidate',
                CONSTRAINT = 'tally_vote_candidate_exists';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER candidate_keeps_its_votes
    BEFORE DELETE OR UPDATE OF id ON candidate
    FOR EACH ROW EXECUTE FUNCTION candidate_keeps_its_votes()
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
