"""Pure rules of voter lists (§4 of the domain reference), one module per
subject: who a voter is (`identity`: the personal ID, age, name, search key),
which ballots they receive (`ballots`), and the windows of the list's life
(`windows`).

No I/O: the services and the SQL bulk path call these with plain values.
The names other modules use are re-exported here.
"""

from __future__ import annotations

from election.voters.rules.ballots import (
    ALL_BALLOTS,
    HOME_CATEGORIES,
    NATIONAL_AND_PROVINCE,
    NATIONAL_ONLY,
    OUTSIDE_PROVINCE_POLICIES,
    TEMPORARY_CATEGORIES,
    BallotScope,
    ballot_scope,
    moved_scope,
)
from election.voters.rules.identity import (
    BIRTH_CODE_WARNING,
    ELECTION_AGE,
    FIRST_ENCODED_YEAR,
    LAST_ENCODED_YEAR,
    PROVINCE_CODE_MAX,
    PROVINCE_CODE_MIN,
    century_sex_digit,
    check_personal_id,
    check_voter_age,
    check_voter_name,
    latest_birth_date,
    search_key,
)
from election.voters.rules.windows import (
    COMPLAINT_DECISION_DAYS,
    COMPLAINT_WINDOW_DAYS,
    EARLIEST_OPENING,
    LATE_STRIKE_OFFS,
    LATEST_CLOSING,
    LIST_CUTOFF_HOURS,
    certificate_number,
    check_certificate_issue,
    check_check_in,
    check_complaint_received,
    check_list_change_allowed,
    check_soldier_certificate_issue,
    check_strike_off_allowed,
    complaint_decision_due,
    complaint_window_closes,
    list_change_cutoff,
    voting_opening,
)

__all__ = [
    "ALL_BALLOTS",
    "BIRTH_CODE_WARNING",
    "COMPLAINT_DECISION_DAYS",
    "COMPLAINT_WINDOW_DAYS",
    "EARLIEST_OPENING",
    "ELECTION_AGE",
    "FIRST_ENCODED_YEAR",
    "HOME_CATEGORIES",
    "LAST_ENCODED_YEAR",
    "LATEST_CLOSING",
    "LATE_STRIKE_OFFS",
    "LIST_CUTOFF_HOURS",
    "NATIONAL_AND_PROVINCE",
    "NATIONAL_ONLY",
    "OUTSIDE_PROVINCE_POLICIES",
    "PROVINCE_CODE_MAX",
    "PROVINCE_CODE_MIN",
    "TEMPORARY_CATEGORIES",
    "BallotScope",
    "ballot_scope",
    "century_sex_digit",
    "certificate_number",
    "check_certificate_issue",
    "check_check_in",
    "check_complaint_received",
    "check_list_change_allowed",
    "check_personal_id",
    "check_soldier_certificate_issue",
    "check_strike_off_allowed",
    "check_voter_age",
    "check_voter_name",
    "complaint_decision_due",
    "complaint_window_closes",
    "latest_birth_date",
    "list_change_cutoff",
    "moved_scope",
    "search_key",
    "voting_opening",
]
