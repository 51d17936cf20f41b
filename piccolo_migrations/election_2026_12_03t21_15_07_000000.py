"""Candidates' data for the official lists and names with one tone placement.

- The official lists (models 16, 17, 22 of Resolution 40/NQ-HĐBCQG) print
  "Là đại biểu QH (nếu có)" and "Là đại biểu HĐND (nếu có)" in two columns;
  the one column `current_deputy` held both. A value that names the National
  Assembly and no People's Council moves to `assembly_deputy`.
- Names are stored with the tone of a final oa/oe/uy on the first vowel
  ("Hòa", not "Hoà": `election.text.normalize_tone_marks`, issue 13), and the
  stored ballot-order key follows (`ballot_sort_key`, Art. 57(5)). Only the
  rows whose name or key changes are written.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

from election.elections.ballot_order import ballot_sort_key
from election.text import normalize_tone_marks

ID = "2026-12-03T21:15:07:000000"
VERSION = "1.38.0"
DESCRIPTION = "candidate: ĐBQH history in its own column; names with one tone placement"

MOVE_ASSEMBLY_DEPUTIES = r"""
    UPDATE candidate SET assembly_deputy = current_deputy, current_deputy = ''
    WHERE assembly_deputy = ''
      AND (current_deputy ILIKE '%quốc hội%' OR current_deputy ~ '\m(ĐBQH|QH)\M')
      AND NOT (current_deputy ILIKE '%hội đồng nhân dân%' OR current_deputy ~ '\mHĐND\M')
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="election", description=DESCRIPTION)

    async def run():
        connection = engine_finder().current_transaction.get().connection
        await connection.execute(MOVE_ASSEMBLY_DEPUTIES)
        rows = await connection.fetch(
            "SELECT id, full_name, other_name, date_of_birth, ballot_sort_key FROM candidate"
        )
        changed = []
        for row in rows:
            full_name = normalize_tone_marks(row["full_name"])
            other_name = normalize_tone_marks(row["other_name"])
            key = ballot_sort_key(full_name, row["date_of_birth"])
            if (full_name, other_name, key) != (
                row["full_name"],
                row["other_name"],
                row["ballot_sort_key"],
            ):
                changed.append((row["id"], full_name, other_name, key))
        if changed:
            await connection.executemany(
                "UPDATE candidate SET full_name = $2, other_name = $3, ballot_sort_key = $4 "
                "WHERE id = $1",
                changed,
            )

    manager.add_raw(run)
    return manager
