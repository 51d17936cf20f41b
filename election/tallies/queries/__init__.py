"""SQL on the tally tables, one module per subject: sheets and entries,
changes of a sheet (submission, approval), attachments, results and rounds,
progress, and the aggregation of many units.

Three concepts statements share are defined here once: the entry a sheet
stands for (`stands_for`), the sheets a round's result counts
(`counted_in_round`), and the sharding of a unit's running sums.
"""

from __future__ import annotations


def stands_for(sheet: str = "s") -> str:
    """The entry a sheet stands for: the approved one, else the verified one,
    else the latest submitted one (NULL while nothing has been entered)."""
    return f"COALESCE({sheet}.approved_entry, {sheet}.verified_entry, {sheet}.submitted_entry)"


def counted_in_round(sheet: str = "s", round_id: str = ":round_id::int") -> str:
    """Whether a sheet of a unit counts in the result of a round (`round_id`
    NULL: the first round): the round's own sheets, and for the re-run of some
    polling areas after an annulment (Art. 81), the first-round sheets of the
    unit's other areas, whose result stands."""
    return f"""(
        {sheet}.unit_round IS NOT DISTINCT FROM {round_id}
        OR ({sheet}.unit_round IS NULL AND EXISTS (
            SELECT 1 FROM unit_round kept WHERE kept.id = {round_id} AND kept.kind = 'annulment'
              AND NOT ({sheet}.polling_area = ANY(kept.polling_areas))))
    )"""


# A unit's running sums are spread over UNIT_TALLY_SHARDS rows per unit and
# round (sheet id % shards): the sheets of one unit seldom wait on each
# other's row to commit. Readers sum the shards.
UNIT_TALLY_SHARDS = 16
