"""A commune's voter file costs what its rows cost, however many voters the
election already lists (docs/scaling.md, "Voter import").

The Art. 29(2) checks look up each staged citizen among the election's
voters. Counted here from the plans as executed, not timed: a plan that
scans the election's voters (or scans them once per staged row, as the
commit's check did between two communes) reads thousands of voter rows for
a file of twenty.
"""

from __future__ import annotations

import json
from typing import Any

import asyncpg
import pytest

from election import db
from election.imports import services as imports
from election.sql import bind
from election.stations import services as stations
from election.voters import bulk
from election.voters.queries import staging
from tests.builders import BAC_LIEU, system
from tests.test_voter_import import csv_file, row, structure_with_areas

OTHER_COMMUNE = "31834"
LISTED = 2000
STAGED = 20


def voter_rows_read(plan: dict[str, Any]) -> int:
    """Rows of `voter` a plan read, over all its loops: those it kept and
    those its filters dropped."""
    read = 0.0
    if plan.get("Relation Name") == "voter":
        per_loop = (
            plan["Actual Rows"]
            + plan.get("Rows Removed by Filter", 0)
            + plan.get("Rows Removed by Index Recheck", 0)
        )
        read += per_loop * plan["Actual Loops"]
    return round(read) + sum(voter_rows_read(child) for child in plan.get("Plans", []))


async def executed_plan(declared: Any, **values: Any) -> dict[str, Any]:
    text, arguments = bind(declared, **values)
    explained = await db.fetchval("EXPLAIN (ANALYZE, FORMAT JSON) " + text, *arguments)
    return json.loads(explained)[0]["Plan"]


async def forget_voter_statistics(owner: asyncpg.Connection, statistics: str) -> None:
    """The planner's view of `voter` right after a commit: statistics of the
    voters just listed ("current"), or none yet, autovacuum not having come
    round ("none")."""
    if statistics == "current":
        await owner.execute("ANALYZE voter")
    else:
        await owner.execute("DELETE FROM pg_statistic WHERE starelid = 'voter'::regclass")


@pytest.mark.parametrize("statistics", ["none", "current"])
async def test_a_second_communes_checks_read_one_voter_entry_per_staged_row_at_most(
    clean_db, owner, statistics
):
    election = await structure_with_areas(1)
    await stations.save_polling_area(
        election_id=election.id, commune_code=OTHER_COMMUNE, number=1, name="", actor=system()
    )
    first = await bulk.stage_voters(
        election_id=election.id,
        commune_code=BAC_LIEU,
        stream=csv_file([row(serial) for serial in range(1, LISTED + 1)]),
        filename="a.csv",
        actor=system(),
    )
    await imports.commit(batch_id=first.id, actor=system())
    # The other commune's file: new citizens, and one already listed in the first.
    second_rows = [row(serial) for serial in range(100_001, 100_001 + STAGED - 1)] + [row(7)]
    await forget_voter_statistics(owner, statistics)
    second = await bulk.stage_voters(
        election_id=election.id,
        commune_code=OTHER_COMMUNE,
        stream=csv_file(second_rows),
        filename="b.csv",
        actor=system(),
    )
    assert second.counts == {"new": STAGED - 1, "update": 0, "unchanged": 0, "error": 1}
    await forget_voter_statistics(owner, statistics)

    # Classification again, as staging ran it: its table dropped and made anew.
    await db.execute(f"DROP TABLE voter_staging.rows_{second.id}")
    classifying = await executed_plan(
        staging.classify_rows.on(second.id), election_id=election.id, commune_code=OTHER_COMMUNE
    )
    collision = await executed_plan(staging.first_collision.on(second.id), election_id=election.id)
    read = {"classification": voter_rows_read(classifying), "commit": voter_rows_read(collision)}
    assert all(rows <= STAGED for rows in read.values()), read
