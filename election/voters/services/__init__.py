"""Use cases of voter lists, one module per subject: access (who may read and
change, until when), reading (an entry, search, an area's list, history),
lists (counts, finalizing and posting), changes (Art. 29–30), complaints
(Art. 33), certificates (Art. 34, and a soldier's, Art. 31(2)), check-in,
personal data (who reads lists, the full ID revealed, bulk reads audited) and
the public lookup. The bulk
import of population-database exports is `election.voters.bulk`.

The names other modules use are re-exported here.
"""

from __future__ import annotations

from election.voters.queries.certificates import CertificateRow
from election.voters.queries.complaints import ComplaintRow
from election.voters.queries.entries import VoterRow
from election.voters.queries.lists import VoterCounts
from election.voters.services.access import check_cutoff, may_manage
from election.voters.services.certificates import (
    get_certificate,
    issue_certificate,
    issue_soldier_certificate,
    latest_certificate_id,
    register_certificate_holder,
)
from election.voters.services.changes import (
    NewVoter,
    add_voter,
    move_voter,
    restore_rights,
    strike_off,
)
from election.voters.services.check_in import check_in
from election.voters.services.complaints import (
    decide_complaint,
    get_complaint,
    list_complaints,
    register_complaint,
)
from election.voters.services.lists import (
    ListState,
    area_counts,
    commune_counts,
    counts_by_area,
    finalize_area_list,
    list_state,
    post_area_list,
    unit_counts,
)
from election.voters.services.lookup import (
    LOOKUP_PER_ADDRESS,
    LOOKUP_PER_ID,
)
from election.voters.services.personal import (
    may_read_lists,
    may_reveal,
    require_list_reader,
    reveal_personal_id,
)
from election.voters.services.reading import (
    SEXES,
    VoterFilter,
    VoterPage,
    area_list,
    area_page,
    commune_page,
    get_voter,
    search_voters,
    voter_history,
)

__all__ = [
    "LOOKUP_PER_ADDRESS",
    "LOOKUP_PER_ID",
    "SEXES",
    "CertificateRow",
    "ComplaintRow",
    "ListState",
    "NewVoter",
    "VoterCounts",
    "VoterFilter",
    "VoterPage",
    "VoterRow",
    "add_voter",
    "area_counts",
    "area_list",
    "area_page",
    "check_cutoff",
    "check_in",
    "commune_counts",
    "commune_page",
    "counts_by_area",
    "decide_complaint",
    "finalize_area_list",
    "get_certificate",
    "get_complaint",
    "get_voter",
    "issue_certificate",
    "issue_soldier_certificate",
    "latest_certificate_id",
    "list_complaints",
    "list_state",
    "may_manage",
    "may_read_lists",
    "may_reveal",
    "move_voter",
    "post_area_list",
    "register_certificate_holder",
    "register_complaint",
    "require_list_reader",
    "restore_rights",
    "reveal_personal_id",
    "search_voters",
    "strike_off",
    "unit_counts",
    "voter_history",
]
