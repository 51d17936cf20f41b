"""Pure rules of the training clock (Chế độ diễn tập).

Not the law's: training lets people try each step of an election on a
simulated date. The moment is typed in Vietnam's time; the election keeps
the offset from the real clock, so the simulated time runs on as real time
does. Limits keep a typo (2062 for 2026) from sending an election's
deadlines decades away.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from election.choices import LabelledChoice
from election.clock import VIETNAM
from election.errors import Violation

# The simulated moment lies within this distance of election day: the whole
# calendar (the earliest milestone is D-115) and the weeks after the count.
TRAINING_REACH = dt.timedelta(days=200)
# "sáng ngày bầu cử": an hour after voting opens; "tối ngày bầu cử": half an
# hour after voting closes, when teams count (Art. 73).
MORNING_AFTER_OPENING = dt.timedelta(hours=1)
NIGHT_AFTER_CLOSING = dt.timedelta(minutes=30)
BEFORE_DAYS = 30
BEFORE_HOUR = dt.time(8, 0)


class TrainingPreset(LabelledChoice):
    """The quick moments of the training form."""

    BEFORE = "before", f"Trước ngày bầu cử {BEFORE_DAYS} ngày"
    MORNING = "morning", "Sáng ngày bầu cử"
    NIGHT = "night", "Tối ngày bầu cử (kiểm phiếu)"


@dataclass(frozen=True)
class PresetMoment:
    preset: TrainingPreset
    at: dt.datetime

    @property
    def label(self) -> str:
        return self.preset.label


def preset_moment(
    preset: TrainingPreset, election_day: dt.date, voting_opens: dt.time, voting_closes: dt.time
) -> dt.datetime:
    """The moment (Vietnam's time) a quick button sets."""
    if preset == TrainingPreset.BEFORE:
        day = election_day - dt.timedelta(days=BEFORE_DAYS)
        return dt.datetime.combine(day, BEFORE_HOUR, tzinfo=VIETNAM)
    if preset == TrainingPreset.MORNING:
        opening = dt.datetime.combine(election_day, voting_opens, tzinfo=VIETNAM)
        return opening + MORNING_AFTER_OPENING
    closing = dt.datetime.combine(election_day, voting_closes, tzinfo=VIETNAM)
    return closing + NIGHT_AFTER_CLOSING


def preset_moments(
    election_day: dt.date, voting_opens: dt.time, voting_closes: dt.time
) -> list[PresetMoment]:
    return [
        PresetMoment(p, preset_moment(p, election_day, voting_opens, voting_closes))
        for p in TrainingPreset
    ]


def check_training_moment(at: dt.datetime, election_day: dt.date) -> list[Violation]:
    """The simulated moment must be aware and near the election's calendar."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("the simulated moment must be timezone-aware")
    day = at.astimezone(VIETNAM).date()
    if abs(day - election_day) > TRAINING_REACH:
        return [
            Violation(
                "training_moment_out_of_reach",
                f"Ngày giả lập {day:%d/%m/%Y} cách ngày bầu cử {election_day:%d/%m/%Y} quá "
                f"{TRAINING_REACH.days} ngày.",
                None,
                "at",
            )
        ]
    return []


def training_offset(at: dt.datetime, real: dt.datetime) -> dt.timedelta:
    """The shift that makes the real moment `real` read as `at`, in whole
    seconds, rounded up: the simulated clock never shows a minute before `at`."""
    return dt.timedelta(seconds=math.ceil((at - real).total_seconds()))
