"""SQL on the voter tables, one module per subject: entries (reading and
changing one citizen's entry, check-in, the public lookup), lists (counts,
list state, card numbers), complaints (Art. 33), certificates (Art. 34), and
the bulk import's staging tables.

The voter concepts other domains' SQL shares are defined here once: a listed
voter (`on_list`) and the ballot of a contest level (`holds_ballot`).
"""

from __future__ import annotations


def on_list(voter: str = "v") -> str:
    """A voter who is on the list and votes here (not elsewhere with a certificate).

    The partial index `voter_listed_ballots` has exactly this predicate: keep
    the two identical so counts of an area's listed voters stay index-only.
    """
    return f"{voter}.status = 'listed' AND NOT {voter}.voting_elsewhere"


def holds_ballot(level: str, voter: str = "v") -> str:
    """Whether the voter receives the ballot of a contest level (SQL text of the
    level: a column, a parameter or a literal), by the residence rules of §4."""
    return (
        f"CASE {level} WHEN 'dbqh' THEN {voter}.ballot_dbqh WHEN 'hdnd_tinh' THEN {voter}.ballot_tinh"
        f" ELSE {voter}.ballot_xa END"
    )
