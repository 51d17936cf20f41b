"""SQL of the training clock: which elections run on a shifted clock, and by how much."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from election.sql import query


@dataclass(frozen=True)
class TrainingClockRow:
    election_id: int
    election_name: str
    training_offset: dt.timedelta


@query("""
    SELECT id AS election_id, name AS election_name, training_offset
    FROM election WHERE training_offset IS NOT NULL ORDER BY id
""")
async def training_clocks() -> list[TrainingClockRow]: ...


@query("SELECT training_offset FROM election WHERE id = :election_id")
async def training_offset(*, election_id: int) -> dt.timedelta | None: ...


@query("UPDATE election SET training_offset = :training_offset WHERE id = :election_id")
async def set_training_offset(
    *, election_id: int, training_offset: dt.timedelta | None
) -> None: ...
