"""SQL on the tally tables, one module per subject: sheets and entries,
changes of a sheet (submission, approval), attachments, results and rounds,
progress, and the aggregation of many units.

Two concepts every statement shares are defined here once: the entry a sheet
stands for (`stands_for`), and the sharding of a unit's running sums.
"""

from __future__ import annotations


def stands_for(sheet: str = "s") -> str:
    """The entry a sheet stands for: the approved one, else the verified one,
    else the latest submitted one (NULL while nothing has been entered)."""
    return f"COALESCE({sheet}.approved_entry, {sheet}.verified_entry, {sheet}.submitted_entry)"


# A unit's running sums are spread over UNIT_TALLY_SHARDS rows per unit and
# round (sheet id % shards): the sheets of one unit seldom wait on each
# other's row to commit. Readers sum the shards.
UNIT_TALLY_SHARDS = 16
