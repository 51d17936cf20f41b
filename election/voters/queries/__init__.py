"""SQL on the voter tables, one module per subject: entries (reading and
changing one citizen's entry, check-in, the public lookup), lists (counts,
list state, card numbers), complaints (Art. 33), certificates (Art. 34), and
the bulk import's staging tables.

The voter concepts other domains' SQL shares: a listed voter (`on_list`,
defined once in `stations.queries`, which counts an area's voters and sits
below this layer) and the ballot of a contest level (`holds_ballot`).
"""

from __future__ import annotations

from election.stations.queries import listed_voter as on_list

__all__ = ["holds_ballot", "on_list"]


def holds_ballot(level: str, voter: str = "v") -> str:
    """Whether the voter receives the ballot of a contest level (SQL text of the
    level: a column, a parameter or a literal), by the residence rules of §4."""
    return (
        f"CASE {level} WHEN 'dbqh' THEN {voter}.ballot_dbqh WHEN 'hdnd_tinh' THEN {voter}.ballot_tinh"
        f" ELSE {voter}.ballot_xa END"
    )
