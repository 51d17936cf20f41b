"""Results exported in the NIST SP 1500-100 v2 Common Data Format (JSON), pure."""

from __future__ import annotations

import copy
import json
import unicodedata
from datetime import UTC, date, datetime

import pytest

from election.tallies.cdf import election_report

# The properties the published V2 JSON schema allows (and requires) for the
# object types this export writes: "additionalProperties" is false there.
SCHEMA: dict[str, tuple[set[str], set[str]]] = {
    "ElectionResults.ElectionReport": (
        {
            "@type", "Election", "ExternalIdentifier", "Format", "GeneratedDate", "GpUnit",
            "Header", "IsTest", "Issuer", "IssuerAbbreviation", "Notes", "Office",
            "OfficeGroup", "Party", "Person", "SequenceEnd", "SequenceStart", "Status",
            "TestType", "VendorApplicationId",
        },
        {
            "@type", "Format", "GeneratedDate", "Issuer", "IssuerAbbreviation",
            "SequenceEnd", "SequenceStart", "Status", "VendorApplicationId",
        },
    ),
    "ElectionResults.Election": (
        {
            "@type", "BallotCounts", "BallotStyle", "Candidate", "ContactInformation",
            "Contest", "CountStatus", "ElectionScopeId", "EndDate", "ExternalIdentifier",
            "Name", "OtherType", "StartDate", "Type",
        },
        {"@type", "ElectionScopeId", "EndDate", "Name", "StartDate", "Type"},
    ),
    "ElectionResults.CandidateContest": (
        {
            "@id", "@type", "Abbreviation", "BallotSubTitle", "BallotTitle",
            "ContestSelection", "CountStatus", "ElectionDistrictId", "ExternalIdentifier",
            "HasRotation", "Name", "NumberElected", "NumberRunoff", "OfficeIds", "OtherCounts",
            "OtherVoteVariation", "PrimaryPartyIds", "SequenceOrder", "SubUnitsReported",
            "TotalSubUnits", "VoteVariation", "VotesAllowed",
        },
        {"@id", "@type", "ElectionDistrictId", "Name", "VotesAllowed"},
    ),
    "ElectionResults.CandidateSelection": (
        {
            "@id", "@type", "CandidateIds", "EndorsementPartyIds", "IsWriteIn",
            "SequenceOrder", "VoteCounts",
        },
        {"@id", "@type"},
    ),
    "ElectionResults.VoteCounts": (
        {
            "@type", "Count", "DeviceClass", "GpUnitId", "IsSuppressedForPrivacy",
            "OtherType", "Round", "Type",
        },
        {"@type", "Count", "GpUnitId", "Type"},
    ),
    "ElectionResults.BallotCounts": (
        {
            "@type", "BallotsCast", "BallotsOutstanding", "BallotsRejected", "DeviceClass",
            "GpUnitId", "IsSuppressedForPrivacy", "OtherType", "Round", "Type",
        },
        {"@type", "GpUnitId", "Type"},
    ),
    "ElectionResults.Candidate": (
        {
            "@id", "@type", "BallotName", "CampaignSlogan", "ContactInformation",
            "ExternalIdentifier", "FileDate", "IsIncumbent", "IsTopTicket", "PartyId",
            "PersonId", "PostElectionStatus", "PreElectionStatus",
        },
        {"@id", "@type", "BallotName"},
    ),
    "ElectionResults.ReportingUnit": (
        {
            "@id", "@type", "AuthorityIds", "ComposingGpUnitIds", "ContactInformation",
            "CountStatus", "ElectionAdministration", "ExternalIdentifier", "IsDistricted",
            "IsMailOnly", "Name", "Number", "OtherType", "PartyRegistration",
            "SpatialDimension", "SubUnitsReported", "TotalSubUnits", "Type",
            "VotersParticipated", "VotersRegistered",
        },
        {"@id", "@type", "Type"},
    ),
    "ElectionResults.CountStatus": (
        {"@type", "OtherType", "Status", "Type"},
        {"@type", "Status", "Type"},
    ),
    "ElectionResults.InternationalizedText": ({"@type", "Label", "Text"}, {"@type", "Text"}),
    "ElectionResults.LanguageString": (
        {"@type", "Content", "Language"},
        {"@type", "Content", "Language"},
    ),
    "ElectionResults.ExternalIdentifier": (
        {"@type", "Label", "OtherType", "Type", "Value"},
        {"@type", "Type", "Value"},
    ),
}  # fmt: skip

ENUMS = {
    "Format": {"precinct-level", "summary-contest"},
    "Status": {
        "certified", "correction", "pre-election", "recount", "unofficial-complete",
        "unofficial-partial",
    },
    "PostElectionStatus": {"advanced-to-runoff", "defeated", "projected-winner", "winner", "withdrawn"},
    "VoteVariation": {"n-of-m"},
}  # fmt: skip
# CountItemStatus of the published schema, for a contest's CountStatus.
COUNT_ITEM_STATUSES = {"completed", "in-process", "not-processed", "unknown"}
REPORTING_UNIT_TYPES = {"country", "state", "municipality", "precinct", "other"}
ID_REFERENCES = {
    "ElectionScopeId",
    "ElectionDistrictId",
    "GpUnitId",
    "CandidateIds",
    "ComposingGpUnitIds",
}

ELECTION = {
    "id": 1,
    "name": "Bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp "
    "nhiệm kỳ 2026–2031",
    "election_day": date(2026, 3, 15),
    "issuer": "Ủy ban bầu cử tỉnh Cà Mau",
}


def unit(**changes) -> dict:
    values = {
        "id": 12,
        "contest_id": 3,
        "contest_name": "Bầu cử đại biểu Quốc hội khóa XVI",
        "level": "dbqh",
        "name": "Đơn vị bầu cử số 1",
        "seats": 2,
        "area": {"id": "96", "name": "Tỉnh Cà Mau", "type": "province"},
        "voters_on_list": 2500,
        "voters_took_part": 2440,
        "ballots_received": 2440,
        "valid": 2410,
        "invalid": 30,
        "candidates": [
            {"id": 45, "full_name": "Nguyễn Văn An", "votes": 1900, "elected": True},
            {"id": 46, "full_name": "Trần Thị Bích Ngọc", "votes": 1500, "elected": True},
            {"id": 47, "full_name": "Thạch Sô Phia", "votes": 900, "elected": False},
        ],
        "polling_areas": [
            {
                "id": 7,
                "name": "Khu vực bỏ phiếu số 1",
                "voters_took_part": 1240,
                "valid": 1225,
                "invalid": 15,
                "votes": {45: 1000, 46: 700, 47: 500},
                "voters_on_list": 1270,
            },
            {
                "id": 8,
                "name": "Khu vực bỏ phiếu số 2",
                "voters_took_part": 1200,
                "valid": 1185,
                "invalid": 15,
                "votes": {"45": 900, "46": 800, "47": 400},  # keys as after JSON
            },
        ],
        "count_status": "completed",
    }
    values.update(changes)
    return values


def council_unit() -> dict:
    return unit(
        id=31,
        contest_id=5,
        contest_name="Bầu cử đại biểu Hội đồng nhân dân phường Bạc Liêu nhiệm kỳ 2026–2031",
        level="hdnd_xa",
        name="Đơn vị bầu cử số 2",
        seats=3,
        area={"id": "31234", "name": "Phường Bạc Liêu", "type": "commune"},
        candidates=[
            {"id": 90, "full_name": "Lê Hoàng Dũng", "votes": 2000, "elected": True},
            {"id": 91, "full_name": "Huỳnh Thị Ánh", "votes": 1300, "elected": True},
        ],
        polling_areas=[
            {
                "id": 7,
                "name": "Khu vực bỏ phiếu số 1",
                "voters_took_part": 1240,
                "valid": 1225,
                "invalid": 15,
                "votes": {90: 1000, 91: 650},
            }
        ],
    )


GENERATED = datetime(2026, 3, 20, 9, 30, 15, 123456, tzinfo=UTC)


def report(units=None, status="unofficial-complete", election=ELECTION) -> dict:
    return election_report(
        election=election,
        units=[unit(), council_unit()] if units is None else units,
        generated_at=GENERATED,
        status=status,
    )


def walk(value, path=""):
    """Every object with its path."""
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from walk(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")


def test_the_report_has_the_v2_envelope():
    r = report()
    assert r["@type"] == "ElectionResults.ElectionReport"
    assert r["Format"] == "precinct-level"
    assert r["GeneratedDate"] == "2026-03-20T09:30:15+00:00"
    assert r["Issuer"] == "Ủy ban bầu cử tỉnh Cà Mau"
    assert r["IssuerAbbreviation"] == "UBBCTCM"
    assert (r["SequenceStart"], r["SequenceEnd"]) == (1, 1)
    assert r["Status"] == "unofficial-complete"
    assert r["VendorApplicationId"] == "election-ops"
    (election,) = r["Election"]
    assert election["@type"] == "ElectionResults.Election"
    assert election["Name"] == {
        "@type": "ElectionResults.InternationalizedText",
        "Text": [
            {
                "@type": "ElectionResults.LanguageString",
                "Content": ELECTION["name"],
                "Language": "vi",
            }
        ],
    }
    assert election["StartDate"] == election["EndDate"] == "2026-03-15"
    assert election["Type"] == "general"
    assert election["ElectionScopeId"] == "gp-country-vn"


def test_every_object_keeps_to_the_published_schema():
    r = report()
    typed = 0
    for path, obj in walk(r):
        kind = obj.get("@type")
        assert kind in SCHEMA, f"{path}: unexpected object {kind!r}"
        allowed, required = SCHEMA[kind]
        assert set(obj) <= allowed, f"{path}: {set(obj) - allowed}"
        assert required <= set(obj), f"{path}: missing {required - set(obj)}"
        if kind == "ElectionResults.CountStatus":
            assert obj["Status"] in COUNT_ITEM_STATUSES and obj["Type"] == "total", path
            typed += 1
            continue
        for key, values in ENUMS.items():
            if key in obj:
                assert obj[key] in values, f"{path}/{key}"
        if kind == "ElectionResults.ReportingUnit":
            assert obj["Type"] in REPORTING_UNIT_TYPES
            assert obj["Type"] != "other" or obj["OtherType"]
        typed += 1
    assert typed > 50


def test_a_summary_without_polling_areas():
    r = report(units=[unit(polling_areas=[])])
    assert r["Format"] == "summary-contest"
    gp_ids = {g["@id"] for g in r["GpUnit"]}
    assert not any(i.startswith("gp-pa-") for i in gp_ids)
    (contest,) = r["Election"][0]["Contest"]
    assert "TotalSubUnits" not in contest
    for selection in contest["ContestSelection"]:
        assert len(selection["VoteCounts"]) == 1


def test_every_referenced_id_exists_and_ids_are_unique():
    r = report()
    ids = [obj["@id"] for _, obj in walk(r) if "@id" in obj]
    assert len(ids) == len(set(ids))
    known = set(ids)
    references = 0
    for path, obj in walk(r):
        for key in ID_REFERENCES & set(obj):
            values = obj[key] if isinstance(obj[key], list) else [obj[key]]
            for value in values:
                assert value in known, f"{path}/{key}: {value}"
                references += 1
    assert references > 20


def test_ids_are_stable_and_readable():
    r = report()
    contest = r["Election"][0]["Contest"][0]
    assert contest["@id"] == "contest-12"
    assert contest["ElectionDistrictId"] == "gp-unit-12"
    assert [s["@id"] for s in contest["ContestSelection"]] == [
        "sel-12-45",
        "sel-12-46",
        "sel-12-47",
    ]
    assert contest["ContestSelection"][0]["CandidateIds"] == ["cand-45"]
    assert report() == r  # deterministic


def test_the_gp_unit_tree_runs_from_the_country_to_the_polling_areas():
    units = {g["@id"]: g for g in report()["GpUnit"]}
    assert units["gp-country-vn"]["Type"] == "country"
    assert units["gp-country-vn"]["ComposingGpUnitIds"] == ["gp-province-96", "gp-commune-31234"]
    assert units["gp-province-96"]["Type"] == "state"
    assert units["gp-commune-31234"]["Type"] == "municipality"
    assert units["gp-province-96"]["ComposingGpUnitIds"] == ["gp-unit-12"]
    electoral = units["gp-unit-12"]
    assert (electoral["Type"], electoral["OtherType"]) == ("other", "electoral-unit")
    assert electoral["ComposingGpUnitIds"] == ["gp-pa-12-7", "gp-pa-12-8"]
    assert electoral["TotalSubUnits"] == 2
    assert (electoral["VotersRegistered"], electoral["VotersParticipated"]) == (2500, 2440)
    # The same polling area has one reporting unit per contest, joined by its own id.
    for precinct_id in ("gp-pa-12-7", "gp-pa-31-7"):
        precinct = units[precinct_id]
        assert precinct["Type"] == "precinct"
        assert precinct["ExternalIdentifier"][0]["Value"] == "7"
    assert units["gp-pa-12-7"]["VotersRegistered"] == 1270
    assert "VotersRegistered" not in units["gp-pa-12-8"]


def test_a_province_and_a_commune_with_the_same_code_stay_apart():
    clash = council_unit()
    clash["area"] = {"id": "96", "name": "Xã Mười Sáu", "type": "commune"}
    units = {g["@id"]: g for g in report(units=[unit(), clash])["GpUnit"]}
    assert units["gp-province-96"]["ComposingGpUnitIds"] == ["gp-unit-12"]
    assert units["gp-commune-96"]["ComposingGpUnitIds"] == ["gp-unit-31"]


def test_a_province_scope_is_the_province_area_itself():
    election = {**ELECTION, "scope": {"id": "96", "name": "Tỉnh Cà Mau", "type": "province"}}
    r = report(election=election)
    assert r["Election"][0]["ElectionScopeId"] == "gp-province-96"
    units = {g["@id"]: g for g in r["GpUnit"]}
    assert "gp-country-vn" not in units
    assert units["gp-province-96"]["ComposingGpUnitIds"] == ["gp-commune-31234", "gp-unit-12"]
    assert [g["@id"] for g in r["GpUnit"]].count("gp-province-96") == 1


def test_counts_are_preserved():
    r = report()
    contest = r["Election"][0]["Contest"][0]
    assert (contest["NumberElected"], contest["VotesAllowed"]) == (2, 2)
    counts = {
        (s["@id"], c["GpUnitId"]): c["Count"]
        for s in contest["ContestSelection"]
        for c in s["VoteCounts"]
    }
    assert counts == {
        ("sel-12-45", "gp-unit-12"): 1900,
        ("sel-12-45", "gp-pa-12-7"): 1000,
        ("sel-12-45", "gp-pa-12-8"): 900,
        ("sel-12-46", "gp-unit-12"): 1500,
        ("sel-12-46", "gp-pa-12-7"): 700,
        ("sel-12-46", "gp-pa-12-8"): 800,
        ("sel-12-47", "gp-unit-12"): 900,
        ("sel-12-47", "gp-pa-12-7"): 500,
        ("sel-12-47", "gp-pa-12-8"): 400,
    }
    assert all(c["Type"] == "total" for s in contest["ContestSelection"] for c in s["VoteCounts"])
    ballots = {b["GpUnitId"]: b for b in r["Election"][0]["BallotCounts"]}
    assert ballots["gp-unit-12"]["BallotsCast"] == 2440
    assert ballots["gp-unit-12"]["BallotsRejected"] == 30
    assert ballots["gp-unit-12"]["BallotsOutstanding"] == 0
    assert (ballots["gp-pa-12-7"]["BallotsCast"], ballots["gp-pa-12-7"]["BallotsRejected"]) == (
        1240,
        15,
    )
    council = r["Election"][0]["Contest"][1]
    assert council["NumberElected"] == 3
    assert {e["OtherType"]: e["Value"] for e in council["ExternalIdentifier"]} == {
        "election-ops-contest": "5",
        "election-ops-level": "hdnd_xa",
    }


def test_winners_are_projected_until_certified():
    def statuses(r):
        return {c["@id"]: c.get("PostElectionStatus") for c in r["Election"][0]["Candidate"]}

    unofficial = statuses(report())
    assert unofficial["cand-45"] == "projected-winner"
    assert unofficial["cand-47"] is None
    certified = statuses(report(status="certified"))
    assert certified["cand-45"] == "winner"
    assert certified["cand-47"] == "defeated"
    assert len(certified) == 5


def test_an_incomplete_count_is_in_process_and_the_report_says_provisional():
    counting = unit(
        count_status="in-process",
        candidates=[{**c, "elected": False} for c in unit()["candidates"]],
    )
    r = election_report(
        election=ELECTION,
        units=[counting],
        generated_at=GENERATED,
        status="unofficial-partial",
        notes="Số liệu tạm tính: 1 đơn vị bầu cử chưa đủ biên bản kiểm phiếu được phê duyệt.",
    )
    contest = r["Election"][0]["Contest"][0]
    assert contest["CountStatus"] == [
        {"@type": "ElectionResults.CountStatus", "Status": "in-process", "Type": "total"}
    ]
    assert r["Notes"].startswith("Số liệu tạm tính")
    assert all("PostElectionStatus" not in c for c in r["Election"][0]["Candidate"])
    assert "Notes" not in report()
    with pytest.raises(ValueError, match="count_status"):
        report(units=[unit(count_status="provisional")])


def test_the_report_is_plain_json_with_intact_vietnamese():
    r = report()
    dumped = json.dumps(r, ensure_ascii=False)
    assert json.loads(dumped) == r
    for needle in ("Trần Thị Bích Ngọc", "Khu vực bỏ phiếu số 1", "Phường Bạc Liêu", "2026–2031"):
        assert needle in dumped
    assert unicodedata.is_normalized("NFC", dumped)


def test_decomposed_input_comes_out_composed():
    decomposed = copy.deepcopy(unit())
    decomposed["candidates"][0]["full_name"] = unicodedata.normalize("NFD", "Nguyễn Văn An")
    r = report(units=[decomposed])
    (name,) = [
        c["BallotName"]["Text"][0]["Content"]
        for c in r["Election"][0]["Candidate"]
        if c["@id"] == "cand-45"
    ]
    assert name == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", name)


def test_a_by_election_is_special_and_a_naive_time_is_vietnam_time():
    r = election_report(
        election={**ELECTION, "kind": "by_election", "issuer_abbreviation": "UBBC"},
        units=[unit()],
        generated_at=datetime(2026, 3, 20, 9, 30),
        status="certified",
    )
    assert r["Election"][0]["Type"] == "special"
    assert r["GeneratedDate"] == "2026-03-20T09:30:00+07:00"
    assert r["IssuerAbbreviation"] == "UBBC"
    national = report(election={**ELECTION, "issuer": "Hội đồng bầu cử quốc gia"})
    assert national["IssuerAbbreviation"] == "HĐBCQG"


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({}, "final"),
        ({"seats": True}, "certified"),
        ({"area": {"id": "1", "name": "X", "type": "district"}}, "certified"),
        (
            {"candidates": [{"id": 1, "full_name": "A", "votes": 1.5, "elected": False}]},
            "certified",
        ),
    ],
)
def test_bad_input_is_refused(changes, status):
    with pytest.raises(ValueError):
        report(units=[unit(**changes)], status=status)


def test_a_unit_given_twice_is_refused():
    with pytest.raises(ValueError):
        report(units=[unit(), unit()])
