"""The samples of the model variants a form module prints beside its own sample:
the National Assembly's and the commune council's ballot, the National
Assembly's candidate list, the People's Council's tally and unit minutes."""

from __future__ import annotations

from forms import ballot, candidate_list, tally_minutes, unit_result_minutes

COMMUNE_COUNCIL = "HỘI ĐỒNG NHÂN DÂN PHƯỜNG BẠC LIÊU KHÓA I NHIỆM KỲ 2026-2031"


def ballot_national() -> ballot.BallotData:
    """Model 13: a ballot of the National Assembly election."""
    return ballot.sample().model_copy(update={"level": "dbqh", "council_term": ""})


def ballot_commune() -> ballot.BallotData:
    """Model 15: a ballot of a ward's council election."""
    return ballot.sample().model_copy(
        update={"level": "hdnd_xa", "commune": "Phường Bạc Liêu", "council_term": "I"}
    )


def candidates_national() -> candidate_list.CandidateListData:
    """Model 17: the official list of a National Assembly electoral unit."""
    return candidate_list.sample().model_copy(
        update={
            "level": "dbqh",
            "council_term": "",
            "resolution_number": "151/NQ-HĐBCQG",
            "candidates": [
                entry.model_copy(update={"assembly_deputy": "Đại biểu Quốc hội khóa XV"})
                if entry.order == 1
                else entry
                for entry in candidate_list.sample_candidates()
            ],
        }
    )


def tally_council() -> tally_minutes.TallyMinutesData:
    """Model 23: a polling team's tally of a ward's council election."""
    return tally_minutes.sample().model_copy(
        update={
            "contest_title": f"BẦU CỬ ĐẠI BIỂU {COMMUNE_COUNCIL}",
            "deputies": "đại biểu Hội đồng nhân dân phường Bạc Liêu",
            "term": "khóa I, nhiệm kỳ 2026-2031",
            "unit_number": 2,
            "unit_members": "khóm 1, khóm 2, khóm 3",
        }
    )


def unit_result_council() -> unit_result_minutes.UnitResultMinutesData:
    """Model 24: a board's result of a ward's council electoral unit."""
    return unit_result_minutes.sample().model_copy(
        update={
            "board": [
                "BAN BẦU CỬ ĐẠI BIỂU",
                "HỘI ĐỒNG NHÂN DÂN PHƯỜNG BẠC LIÊU",
                "ĐƠN VỊ BẦU CỬ SỐ 1",
            ],
            "contest_title": f"BẦU CỬ ĐẠI BIỂU {COMMUNE_COUNCIL}",
            "deputies": "đại biểu Hội đồng nhân dân phường Bạc Liêu",
            "term": "khóa I, nhiệm kỳ 2026-2031",
            "unit_members": "khóm 1, khóm 2, khóm 3",
            "province": "tỉnh Cà Mau",
            "decided_by": "Ủy ban bầu cử phường Bạc Liêu",
            "committee": "Ủy ban bầu cử phường Bạc Liêu",
            "communes": [],
        }
    )
