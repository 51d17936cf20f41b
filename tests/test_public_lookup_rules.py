"""The rules behind the public lookup's answer: voting hours (Art. 71(1)),
why a voter receives their ballots (Art. 29, 30, 34), the certificate to
vote elsewhere (Art. 34, Mẫu số 11/HĐBC), and the map link."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest

from election.clock import VIETNAM
from election.voters.queries.public import WhereToVote
from election.voters.rules import ALL_BALLOTS, NATIONAL_AND_PROVINCE, BallotScope
from election.voters.rules.public import certificate_advice, explain_ballots, voting_hours
from election.voters.services.public import map_link
from election.voters.tables import ResidenceCategory

DAY = dt.date(2026, 3, 15)
SEVEN = dt.time(7, 0)


def test_voting_hours_are_the_days_and_the_team_may_stretch_them_within_the_law():
    hours = voting_hours(DAY, SEVEN, dt.time(19, 0))
    assert hours.text == "Từ 07:00 đến 19:00 ngày 15/03/2026"
    assert "không trước 05:00" in hours.note and "không sau 21:00" in hours.note
    assert hours.article == "Điều 71 khoản 1"


def test_an_area_voting_early_votes_on_its_own_date():
    hours = voting_hours(DAY, SEVEN, dt.time(19, 0), early_voting_date=dt.date(2026, 2, 26))
    assert hours.text.startswith("Từ 07:00 đến 19:00 ngày 26/02/2026 (bỏ phiếu sớm")
    assert "15/03/2026" in hours.text


@pytest.mark.parametrize(
    ("category", "given", "received", "article"),
    [
        (ResidenceCategory.PERMANENT, ALL_BALLOTS, 3, "Điều 29 khoản 2"),
        (ResidenceCategory.TEMPORARY_LONG, ALL_BALLOTS, 3, "Điều 29 khoản 2"),
        (ResidenceCategory.TEMPORARY_SHORT, NATIONAL_AND_PROVINCE, 2, "Điều 29 khoản 3"),
        (ResidenceCategory.ARMED_FORCES, NATIONAL_AND_PROVINCE, 2, "Điều 29 khoản 3"),
        (ResidenceCategory.DETENTION, NATIONAL_AND_PROVINCE, 2, "Điều 29 khoản 5"),
        (ResidenceCategory.RETURNED_TEMPORARY, NATIONAL_AND_PROVINCE, 2, "Điều 29 khoản 4"),
        (ResidenceCategory.CERTIFICATE, NATIONAL_AND_PROVINCE, 2, "Điều 34"),
        # Outside the province the election's policy may give the ĐBQH ballot only.
        (ResidenceCategory.CERTIFICATE, BallotScope(True, False, False), 1, "Điều 34"),
        (ResidenceCategory.CURRENT_RESIDENCE, NATIONAL_AND_PROVINCE, 2, "Mẫu số 31/HĐBC"),
        # A permanent resident moved to a temporary address after posting: two.
        (ResidenceCategory.PERMANENT, NATIONAL_AND_PROVINCE, 2, "Điều 30 khoản 3"),
    ],
)
def test_the_ballots_follow_the_list_and_say_why(category, given, received, article):
    explained = explain_ballots(category, given)
    assert len(explained.received) == received
    assert len(explained.received) + len(explained.not_received) == 3
    assert article in explained.reason
    if not given.xa:
        assert "Đại biểu Hội đồng nhân dân xã, phường, đặc khu" in explained.not_received


def _advice(now: dt.datetime, posted: dt.date | None = dt.date(2026, 2, 3), policy: str = "dbqh"):
    return certificate_advice(
        now,
        commune="Phường Bạc Liêu",
        province="Tỉnh Cà Mau",
        election_day=DAY,
        voting_opens=SEVEN,
        posted_on=posted,
        outside_province_policy=policy,
    )


def test_a_certificate_is_asked_of_the_commune_of_the_list_until_voting_opens():
    advice = _advice(dt.datetime(2026, 3, 10, 9, 0, tzinfo=VIETNAM))
    assert advice.open
    assert advice.where == "Ủy ban nhân dân Phường Bạc Liêu, Tỉnh Cà Mau"
    assert "Mẫu số 11/HĐBC" in advice.text and "VNeID" in advice.text
    assert "từ ngày 03/02/2026" in advice.text
    assert "trước 07:00 ngày 15/03/2026" in advice.text
    assert "ĐBQH và HĐND tỉnh nếu nơi đó cùng tỉnh" in advice.ballots
    assert "phiếu bầu ĐBQH nếu ở tỉnh khác" in advice.ballots
    assert "ĐBQH và HĐND tỉnh nếu ở tỉnh khác" in _advice(advice_now(), policy="dbqh_tinh").ballots


def advice_now() -> dt.datetime:
    return dt.datetime(2026, 3, 1, tzinfo=VIETNAM)


def test_the_window_closes_when_voting_opens():
    last = dt.datetime(2026, 3, 15, 6, 59, 59, tzinfo=VIETNAM)
    assert _advice(last).open
    # 00:00 UTC is 07:00 in Vietnam: the moment voting opens is too late.
    closed = _advice(dt.datetime(2026, 3, 15, 0, 0, tzinfo=dt.UTC))
    assert not closed.open
    assert closed.text.startswith("Đã hết thời hạn")


def test_an_unposted_list_names_no_start_and_a_naive_moment_is_refused():
    assert "từ ngày" not in _advice(advice_now(), posted=None).text
    with pytest.raises(ValueError, match="timezone-aware"):
        _advice(dt.datetime(2026, 3, 1))


def _where(address: str) -> WhereToVote:
    return WhereToVote(
        polling_area_id=1,
        polling_area_number=1,
        polling_area="Khu vực bỏ phiếu số 1",
        commune="Phường Bạc Liêu",
        province="Tỉnh Cà Mau",
        station_address=address,
        election_id=1,
        election_name="",
        election_day=DAY,
        voting_opens=SEVEN,
        voting_closes=dt.time(19, 0),
        early_voting_date=None,
        residence_category=ResidenceCategory.PERMANENT,
        ballot_dbqh=True,
        ballot_tinh=True,
        ballot_xa=True,
        voting_elsewhere=False,
        list_posted_on=None,
        certificate_outside_province="dbqh",
    )


def test_the_map_link_searches_the_station_address_on_openstreetmap():
    link = map_link(_where("Nhà văn hóa khóm 1 & 2"))
    assert link is not None
    parsed = urlparse(link)
    assert (parsed.scheme, parsed.netloc, parsed.path) == (
        "https",
        "www.openstreetmap.org",
        "/search",
    )
    assert parse_qs(parsed.query)["query"] == [
        "Nhà văn hóa khóm 1 & 2, Phường Bạc Liêu, Tỉnh Cà Mau"
    ]
    # An address that names its commune and province is searched as written.
    full = map_link(_where("Trường Tiểu học, Phường Bạc Liêu, Tỉnh Cà Mau"))
    assert full is not None
    assert parse_qs(urlparse(full).query)["query"] == [
        "Trường Tiểu học, Phường Bạc Liêu, Tỉnh Cà Mau"
    ]
    assert map_link(_where("  ")) is None
