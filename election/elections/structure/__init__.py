"""Use cases of the election structure, one module each: who may change what
(`access`), electoral units (`units`), candidates (`candidates`), the
official list with its finalization (`lists`), and what the official models
print of a contest (`contests`)."""

from election.elections.queries.candidates import CANDIDATE_FIELDS, CandidateRow
from election.elections.queries.units import UnitRow
from election.elections.structure.access import may_manage, may_read
from election.elections.structure.candidates import (
    delete_candidate,
    get_candidate,
    list_candidates,
    normalize_candidate,
    remove_candidate,
    reveal_candidate,
    save_candidate,
)
from election.elections.structure.contests import set_contest_details
from election.elections.structure.lists import (
    CompositionReport,
    ListFinalized,
    ListReport,
    finalize_list,
    list_composition,
    list_report,
    on_list_finalized,
    reopen_list,
)
from election.elections.structure.units import (
    UnitPlace,
    UnitResult,
    commune_council_units,
    delete_unit,
    get_unit,
    list_units,
    save_unit,
    unit_contest,
)

__all__ = [
    "CANDIDATE_FIELDS",
    "CandidateRow",
    "CompositionReport",
    "ListFinalized",
    "ListReport",
    "UnitPlace",
    "UnitResult",
    "UnitRow",
    "commune_council_units",
    "delete_candidate",
    "delete_unit",
    "finalize_list",
    "get_candidate",
    "get_unit",
    "list_candidates",
    "list_composition",
    "list_report",
    "list_units",
    "may_manage",
    "may_read",
    "normalize_candidate",
    "on_list_finalized",
    "remove_candidate",
    "reopen_list",
    "reveal_candidate",
    "save_candidate",
    "save_unit",
    "set_contest_details",
    "unit_contest",
]
