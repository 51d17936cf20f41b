"""Vietnam's time, and the clock an election's deadlines are checked against.

Every deadline of the law is checked against the election's clock: the real
one, or in training mode (Chế độ diễn tập) the real one shifted by the offset
an administrator set, so that a newcomer can try the steps before election
day on an election whose days are past. The offset lives on the election
(`election.training_offset`); `election.elections.training_clock.now_for`
is the one function services ask. The audit log and the columns PostgreSQL
stamps (`now()`) keep the real time; a moment a service checks and stores
with its change (a tally entry's, a check-in's, a certificate's) and a
printed form's date are the election's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def real_now() -> dt.datetime:
    """The real moment (UTC): for records, and for elections not in training."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class ElectionClock:
    """An election's clock: the real one (`offset` None), or in training mode
    the real one shifted by `offset`, which keeps running as real time does."""

    election_id: int
    offset: dt.timedelta | None = None
    election_name: str = ""

    @property
    def training(self) -> bool:
        return self.offset is not None

    def now(self, real: dt.datetime | None = None) -> dt.datetime:
        """The election's moment when the real one is `real` (default: now)."""
        moment = real or real_now()
        return moment + self.offset if self.offset is not None else moment

    def local_now(self, real: dt.datetime | None = None) -> dt.datetime:
        return self.now(real).astimezone(VIETNAM)
