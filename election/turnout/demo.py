"""Turnout reports for the demo data set (Phường Bạc Liêu), through the real
service: every polling area reports at each of the election's hours, the
ward's staff relaying the teams' phone calls. Plausible, not real: about 30 %
by 09:00, 58 % by 11:00, 97 % at the close, each area a little faster or
slower than the others.

Left for the people trying the demo: area no. 1 (the `to.kv01` team) has
reported nothing, so its team can send the 09:00 count; the last three areas
have not sent their closing count yet, so the closing hour shows a share of
areas reporting below 100 %.

Deterministic for the demo's seed; an hour already reported is sent again
unchanged, which changes nothing (reports are upserts).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

from election.accounts import services as accounts
from election.actor import Actor
from election.clock import VIETNAM
from election.demo_data import COMMUNE_CODE, ELECTION_DAY, SEED
from election.stations import services as stations
from election.turnout import services

# The share of the list that has voted by each time of day (piecewise linear).
_CURVE = (
    (dt.time(7), 0.0),
    (dt.time(9), 0.30),
    (dt.time(11), 0.58),
    (dt.time(14), 0.78),
    (dt.time(16), 0.90),
    (dt.time(19), 0.975),
    (dt.time(21), 0.98),
)
LATE_AREAS = 3


def _minutes(at: dt.time) -> int:
    return at.hour * 60 + at.minute


def share_by(at: dt.time) -> float:
    """The demo's share of a list that has voted by `at`."""
    points = [(_minutes(t), share) for t, share in _CURVE]
    minute = _minutes(at)
    for (m0, s0), (m1, s1) in itertools.pairwise(points):
        if m0 <= minute <= m1:
            return s0 + (s1 - s0) * (minute - m0) / (m1 - m0)
    return points[0][1] if minute < points[0][0] else points[-1][1]


async def load_turnout_demo(election_id: int, *, staff_username: str = "phuong.baclieu") -> int:
    """Report the demo's counts; returns how many reports were sent."""
    user = await accounts.find_user(username=staff_username)
    actor = user.actor() if user is not None else Actor.system("demo")
    rng = random.Random(SEED + 6)
    areas = await stations.list_polling_areas(
        election_id=election_id, commune_code=COMMUNE_CODE, actor=actor
    )
    hours = await services.reporting_hours(
        election_id=election_id, province_code=areas[0].province_code if areas else None
    )
    sent = 0
    for area in areas:
        pace = rng.uniform(0.9, 1.025)
        if area.number == 1 or not area.listed_voters:
            continue
        late = area.number > len(areas) - LATE_AREAS
        for at in hours:
            if late and at == hours[-1]:
                continue
            voted = min(area.listed_voters, round(area.listed_voters * share_by(at) * pace))
            moment = dt.datetime.combine(ELECTION_DAY, at, VIETNAM) + dt.timedelta(
                minutes=rng.randrange(3, 20)
            )
            await services.report(
                polling_area_id=area.id,
                at=at,
                voted=voted,
                actor=actor,
                now=moment.astimezone(dt.UTC),
            )
            sent += 1
    return sent
