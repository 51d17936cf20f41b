"""Results in the NIST SP 1500-100 Election Results Reporting Common Data
Format, version 2, JSON (`ElectionResults.ElectionReport`).

Pure: plain dicts in, plain JSON types out (str, int, bool, list, dict), so
`json.dumps` needs no `default`. The names follow the published V2 JSON
schema (NIST_V2_election_results_reporting.json): `ContestSelection`,
`ElectionDistrictId`, `OtherCounts`, `BallotCounts`, with `@type` on every
object.

Input
-----
``election``::

    {"id": 1, "name": "Bầu cử đại biểu Quốc hội khóa XVI và …",
     "election_day": date(2026, 3, 15), "issuer": "Hội đồng bầu cử quốc gia",
     # optional:
     "issuer_abbreviation": "HĐBCQG",   # default: the initials of the issuer
     "kind": "general" | "by_election", # "by_election" -> Type "special"
     "scope": {"id": "vn", "name": "Việt Nam", "type": "country"}}  # the default

each of ``units`` (one electoral unit of one contest)::

    {"id": 12, "contest_id": 3, "contest_name": "Bầu cử đại biểu Quốc hội khóa XVI",
     "level": "dbqh", "name": "Đơn vị bầu cử số 1", "seats": 3,
     "area": {"id": "96", "name": "Tỉnh Cà Mau", "type": "province"},  # or "commune", "other"
     "voters_on_list": 250000, "voters_took_part": 248000,
     "ballots_received": 247900, "valid": 246000, "invalid": 1900,
     "candidates": [{"id": 45, "full_name": "Nguyễn Văn An", "votes": 200000,
                     "elected": True}, …],
     "polling_areas": [{"id": 7, "name": "Khu vực bỏ phiếu số 1",
                        "voters_took_part": 1200, "valid": 1190, "invalid": 10,
                        "votes": {45: 1000, …},
                        "voters_on_list": 1250},  # optional
                       …],                         # optional; [] for a summary
     "count_status": "in-process"}  # optional: completed, in-process, not-processed

Mapping
-------
* One `CandidateContest` per electoral unit (the seats are the unit's):
  ``contest-<unit id>``, `NumberElected` = `VotesAllowed` = seats (a voter
  keeps at most as many names as seats, Art. 74), `VoteVariation` "n-of-m";
  its `ElectionDistrictId` is the unit's `ReportingUnit` ``gp-unit-<unit id>``
  (Type "other", OtherType "electoral-unit"). The contest of the election
  (ĐBQH, HĐND tỉnh, HĐND xã) is kept as an `ExternalIdentifier`.
* One `CandidateSelection` per candidate of the unit, ``sel-<unit id>-<candidate id>``,
  with the unit total and, when polling areas are present, one count per
  polling area (`Type` "total", the `GpUnitId` tells them apart).
* One `Candidate` per candidate, ``cand-<id>``; `PostElectionStatus` "winner"
  or "defeated" when the status is "certified", "projected-winner" for an
  elected candidate before that. The caller marks nobody elected in a unit
  whose count is not complete (every sheet approved, Art. 77): its contest's
  `CountStatus` says "in-process" (or "not-processed" before any sheet).
* `notes`, when given, is the report's `Notes` (say, that figures are
  provisional).
* Ballots: the published V2 `OtherCounts` holds only over/under-votes and
  write-ins, so the ballots are `Election.BallotCounts` of each unit and
  polling area: `BallotsCast` = received, `BallotsRejected` = invalid
  (valid = cast − rejected), `BallotsOutstanding` 0.
* `GpUnit`: the election scope (by default the country ``gp-country-vn``)
  composed of the administrative areas ``gp-province-<id>`` (Type "state"),
  ``gp-commune-<id>`` ("municipality") or ``gp-other-<id>`` ("other"), the
  kind in the id so that a province and a commune code never meet, each composed
  of its electoral units, each composed of its polling areas. A province or
  commune scope is the reporting unit of that area (``gp-province-<id>``, …).
* A polling area has one ballot and one tally sheet per contest (Art. 76(1)),
  with different voter totals per contest, so its reporting unit is per
  electoral unit: ``gp-pa-<unit id>-<polling area id>`` (Type "precinct"),
  with the polling area's own id as an `ExternalIdentifier` to join the
  contests of one physical polling area.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

STATUSES = ("pre-election", "unofficial-partial", "unofficial-complete", "certified")
COUNT_STATUSES = ("completed", "in-process", "not-processed", "unknown")
VENDOR_APPLICATION_ID = "election-ops"
LANGUAGE = "vi"
_VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_AREA_TYPES = {"province": "state", "commune": "municipality", "other": "other"}
_DEFAULT_SCOPE = {"id": "vn", "name": "Việt Nam", "type": "country"}
_LOCAL_ID = "election-ops"


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value))


def text(content: str) -> dict[str, Any]:
    """An `InternationalizedText` in Vietnamese."""
    return {
        "@type": "ElectionResults.InternationalizedText",
        "Text": [
            {
                "@type": "ElectionResults.LanguageString",
                "Content": _text(content),
                "Language": LANGUAGE,
            }
        ],
    }


def _external_id(kind: str, value: Any) -> dict[str, Any]:
    return {
        "@type": "ElectionResults.ExternalIdentifier",
        "Type": "other",
        "OtherType": f"{_LOCAL_ID}-{kind}",
        "Value": str(value),
    }


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be an integer, got {value!r}")
    return value


def _vote_count(gp_unit: str, count: Any, what: str) -> dict[str, Any]:
    return {
        "@type": "ElectionResults.VoteCounts",
        "GpUnitId": gp_unit,
        "Type": "total",
        "Count": _int(count, what),
    }


def _ballot_counts(gp_unit: str, received: int, invalid: int) -> dict[str, Any]:
    return {
        "@type": "ElectionResults.BallotCounts",
        "GpUnitId": gp_unit,
        "Type": "total",
        "BallotsCast": received,
        "BallotsOutstanding": 0,
        "BallotsRejected": invalid,
    }


def _initials(issuer: str) -> str:
    """'Hội đồng bầu cử quốc gia' -> 'HĐBCQG', as Vietnamese abbreviations are
    written: initials without tone or vowel marks, Đ kept."""
    letters = []
    for word in _text(issuer).split():
        first = word[:1].upper()
        if first.isalpha():
            letters.append(first if first == "Đ" else unicodedata.normalize("NFD", first)[0])
    return "".join(letters) or "BC"


def _generated(value: datetime) -> str:
    """`DateTimeWithZone`: seconds, no fraction, an offset; a naive time is
    taken as Vietnam's."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=_VIETNAM)
    return value.replace(microsecond=0).isoformat()


def _votes_of(votes: Mapping[Any, Any], candidate_id: Any) -> Any:
    """Polling-area votes keyed by int, or by str after a JSON round trip."""
    if candidate_id in votes:
        return votes[candidate_id]
    return votes.get(str(candidate_id))


def election_report(
    *,
    election: dict[str, Any],
    units: list[dict[str, Any]],
    generated_at: datetime,
    status: str,
    notes: str = "",
) -> dict[str, Any]:
    """The results of `units` as one CDF v2 `ElectionReport` (see the module
    docstring for the shapes). Format "precinct-level" when any unit carries
    polling areas, "summary-contest" otherwise."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    day = election["election_day"]
    if not isinstance(day, date):
        raise ValueError("election_day must be a date")
    scope = {**_DEFAULT_SCOPE, **(election.get("scope") or {})}
    if scope["type"] == "country":
        scope_type, scope_id = "country", f"gp-country-{scope['id']}"
    else:  # a province or commune: the same reporting unit as that area
        scope_type, scope_id = _area_type(scope["type"]), _area_id(scope)
    report = _Report(certified=status == "certified")
    for unit in units:
        report.add_unit(unit)
    report_election = {
        "@type": "ElectionResults.Election",
        "Name": text(election["name"]),
        "StartDate": day.isoformat(),
        "EndDate": day.isoformat(),
        "Type": "special" if election.get("kind") == "by_election" else "general",
        "ElectionScopeId": scope_id,
        "ExternalIdentifier": [_external_id("election", election["id"])],
        "Contest": report.contests,
        "Candidate": list(report.candidates.values()),
        "BallotCounts": report.ballot_counts,
    }
    result: dict[str, Any] = {
        "@type": "ElectionResults.ElectionReport",
        "Format": "precinct-level" if report.precinct_level else "summary-contest",
        "GeneratedDate": _generated(generated_at),
        "Issuer": _text(election["issuer"]),
        "IssuerAbbreviation": _text(
            election.get("issuer_abbreviation") or _initials(election["issuer"])
        ),
        "SequenceStart": 1,
        "SequenceEnd": 1,
        "Status": status,
        "VendorApplicationId": VENDOR_APPLICATION_ID,
        "Election": [report_election],
        "GpUnit": report.gp_units(scope_id, scope_type, scope["name"]),
    }
    if notes:
        result["Notes"] = _text(notes)
    return result


@dataclass
class _Report:
    """The parts of a report as the units are added, one after another."""

    certified: bool
    areas: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    unit_gp_units: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    precincts: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    contests: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    candidates: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])
    ballot_counts: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    precinct_level: bool = False
    seen_units: set[str] = field(default_factory=set[str])

    def add_unit(self, unit: dict[str, Any]) -> None:
        unit_id = f"gp-unit-{unit['id']}"
        if unit_id in self.seen_units:
            raise ValueError(f"unit {unit['id']} appears twice")
        self.seen_units.add(unit_id)
        area = unit["area"]
        area_id = _area_id(area)
        if area_id not in self.areas:
            self.areas[area_id] = {
                "@type": "ElectionResults.ReportingUnit",
                "@id": area_id,
                "Name": text(area["name"]),
                "Type": _area_type(area["type"]),
                "ComposingGpUnitIds": [],
            }
        self.areas[area_id]["ComposingGpUnitIds"].append(unit_id)
        polling_areas: list[dict[str, Any]] = unit.get("polling_areas") or []
        precinct_ids = [f"gp-pa-{unit['id']}-{pa['id']}" for pa in polling_areas]
        self.precinct_level = self.precinct_level or bool(polling_areas)
        gp_unit: dict[str, Any] = {
            "@type": "ElectionResults.ReportingUnit",
            "@id": unit_id,
            "Name": text(unit["name"]),
            "Type": "other",
            "OtherType": "electoral-unit",
            "ExternalIdentifier": [_external_id("unit", unit["id"])],
            "VotersRegistered": _int(unit["voters_on_list"], "voters_on_list"),
            "VotersParticipated": _int(unit["voters_took_part"], "voters_took_part"),
        }
        if polling_areas:
            gp_unit["ComposingGpUnitIds"] = precinct_ids
            gp_unit["TotalSubUnits"] = len(polling_areas)
            gp_unit["SubUnitsReported"] = len(polling_areas)
        self.unit_gp_units.append(gp_unit)
        self.ballot_counts.append(
            _ballot_counts(
                unit_id,
                _int(unit["ballots_received"], "ballots_received"),
                _int(unit["invalid"], "invalid"),
            )
        )
        for pa, precinct_id in zip(polling_areas, precinct_ids, strict=True):
            self._add_precinct(pa, precinct_id)
        self.contests.append(self._contest(unit, unit_id, polling_areas, precinct_ids))

    def _add_precinct(self, pa: dict[str, Any], precinct_id: str) -> None:
        precinct: dict[str, Any] = {
            "@type": "ElectionResults.ReportingUnit",
            "@id": precinct_id,
            "Name": text(pa["name"]),
            "Type": "precinct",
            "ExternalIdentifier": [_external_id("polling-area", pa["id"])],
            "VotersParticipated": _int(pa["voters_took_part"], "voters_took_part"),
        }
        if pa.get("voters_on_list") is not None:
            precinct["VotersRegistered"] = _int(pa["voters_on_list"], "voters_on_list")
        self.precincts.append(precinct)
        valid = _int(pa["valid"], "valid")
        invalid = _int(pa["invalid"], "invalid")
        self.ballot_counts.append(_ballot_counts(precinct_id, valid + invalid, invalid))

    def _contest(
        self,
        unit: dict[str, Any],
        unit_id: str,
        polling_areas: list[dict[str, Any]],
        precinct_ids: list[str],
    ) -> dict[str, Any]:
        seats = _int(unit["seats"], "seats")
        selections: list[dict[str, Any]] = []
        for order, candidate in enumerate(unit["candidates"], start=1):
            candidate_id = f"cand-{candidate['id']}"
            entry: dict[str, Any] = {
                "@type": "ElectionResults.Candidate",
                "@id": candidate_id,
                "BallotName": text(candidate["full_name"]),
            }
            if candidate.get("elected"):
                entry["PostElectionStatus"] = "winner" if self.certified else "projected-winner"
            elif self.certified:
                entry["PostElectionStatus"] = "defeated"
            self.candidates[candidate_id] = entry
            counts = [_vote_count(unit_id, candidate["votes"], "votes")]
            for pa, precinct_id in zip(polling_areas, precinct_ids, strict=True):
                count = _votes_of(pa.get("votes") or {}, candidate["id"])
                if count is not None:
                    counts.append(_vote_count(precinct_id, count, "votes"))
            selections.append(
                {
                    "@type": "ElectionResults.CandidateSelection",
                    "@id": f"sel-{unit['id']}-{candidate['id']}",
                    "CandidateIds": [candidate_id],
                    "IsWriteIn": False,
                    "SequenceOrder": order,
                    "VoteCounts": counts,
                }
            )
        contest: dict[str, Any] = {
            "@type": "ElectionResults.CandidateContest",
            "@id": f"contest-{unit['id']}",
            "Name": _text(f"{unit['contest_name']} – {unit['name']}"),
            "BallotTitle": text(unit["contest_name"]),
            "BallotSubTitle": text(unit["name"]),
            "ElectionDistrictId": unit_id,
            "ExternalIdentifier": [
                _external_id("contest", unit["contest_id"]),
                _external_id("level", unit["level"]),
            ],
            "NumberElected": seats,
            "VotesAllowed": seats,
            "VoteVariation": "n-of-m",
            "ContestSelection": selections,
        }
        if polling_areas:
            contest["TotalSubUnits"] = len(polling_areas)
            contest["SubUnitsReported"] = len(polling_areas)
        count_status = unit.get("count_status")
        if count_status is not None:
            if count_status not in COUNT_STATUSES:
                raise ValueError(f"count_status must be one of {', '.join(COUNT_STATUSES)}")
            contest["CountStatus"] = [
                {"@type": "ElectionResults.CountStatus", "Status": count_status, "Type": "total"}
            ]
        return contest

    def gp_units(self, scope_id: str, scope_type: str, scope_name: str) -> list[dict[str, Any]]:
        """The scope, its areas, the units and the polling areas, in that order."""
        areas = dict(self.areas)
        scope_unit = areas.pop(scope_id, None) or {
            "@type": "ElectionResults.ReportingUnit",
            "@id": scope_id,
            "Name": text(scope_name),
            "Type": scope_type,
            "ComposingGpUnitIds": [],
        }
        scope_unit["ComposingGpUnitIds"] = list(areas) + scope_unit["ComposingGpUnitIds"]
        gp_units = [scope_unit, *areas.values(), *self.unit_gp_units, *self.precincts]
        for unit in gp_units:
            if not unit.get("ComposingGpUnitIds"):
                unit.pop("ComposingGpUnitIds", None)
        return gp_units


def _area_id(area: Mapping[str, Any]) -> str:
    _area_type(area["type"])
    return f"gp-{area['type']}-{area['id']}"


def _area_type(kind: str) -> str:
    if kind not in _AREA_TYPES:
        raise ValueError(f"area type must be province, commune or other, got {kind!r}")
    return _AREA_TYPES[kind]


__all__ = ["COUNT_STATUSES", "STATUSES", "election_report", "text"]
