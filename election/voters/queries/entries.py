"""One citizen's entry on a voter list: reading, search, the changes of
Art. 29–30, election-day check-in and the public lookup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from election.sql import query
from election.voters import rules
from election.voters.queries import on_list
from election.voters.tables import CertificateKind, Exclusion, ResidenceCategory, VoterStatus


@dataclass(frozen=True)
class VoterRow:
    id: int
    election_id: int
    polling_area_id: int
    polling_area_number: int
    commune_code: str
    commune_name: str
    province_code: str
    personal_id: str
    full_name: str
    date_of_birth: dt.date
    sex: str
    ethnicity: str
    occupation: str
    permanent_address: str
    temporary_address: str
    current_address: str
    temporary_since: dt.date | None
    residence_category: ResidenceCategory
    household_id: str
    is_household_head: bool
    ballot_dbqh: bool
    ballot_tinh: bool
    ballot_xa: bool
    status: VoterStatus
    exclusion: Exclusion | None
    exclusion_evidence: str
    removal_reason: str
    card_number: int | None
    voting_elsewhere: bool
    # The certificate the entry votes elsewhere with (Art. 34, or a soldier's, Art. 31(2)).
    elsewhere_kind: CertificateKind | None
    voted_at: dt.datetime | None

    @property
    def sex_label(self) -> str:
        return "Nam" if self.sex == "male" else "Nữ"

    @property
    def category_label(self) -> str:
        return self.residence_category.label

    @property
    def status_label(self) -> str:
        if self.status == VoterStatus.LISTED and self.voting_elsewhere:
            return ELSEWHERE_LABELS[self.elsewhere_kind or CertificateKind.ELSEWHERE]
        return self.status.label

    @property
    def ballots(self) -> list[str]:
        return rules.BallotScope(self.ballot_dbqh, self.ballot_tinh, self.ballot_xa).labels

    @property
    def residence(self) -> str:
        """The address the voter is listed by: temporary, permanent, or where
        they live without a registered residence."""
        if self.is_temporary:
            return self.temporary_address
        if self.residence_category == ResidenceCategory.CURRENT_RESIDENCE:
            return self.current_address or self.permanent_address
        return self.permanent_address or self.current_address

    @property
    def is_temporary(self) -> bool:
        return self.residence_category in (
            ResidenceCategory.TEMPORARY_LONG,
            ResidenceCategory.TEMPORARY_SHORT,
            ResidenceCategory.RETURNED_TEMPORARY,
        ) and bool(self.temporary_address)

    def public(self) -> dict[str, Any]:
        """What the audit log keeps of an entry."""
        return {
            "personal_id": self.personal_id,
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth,
            "sex": self.sex,
            "polling_area_id": self.polling_area_id,
            "residence_category": self.residence_category,
            "status": self.status,
            "exclusion": self.exclusion,
            "card_number": self.card_number,
            "voting_elsewhere": self.voting_elsewhere,
            "ballots": self.ballots,
        }


ELSEWHERE_LABELS = {
    CertificateKind.ELSEWHERE: "Bỏ phiếu ở nơi khác",
    CertificateKind.SOLDIER: "Bỏ phiếu ở nơi cư trú",
}
"""What the list's remarks say of a voter holding a certificate (NQ 40, Mẫu
số 31/HĐBC, notes to column 11; Mẫu số 11 and 12)."""

_VOTER = """
    SELECT v.id, v.election AS election_id, v.polling_area AS polling_area_id,
           pa.number AS polling_area_number, v.commune AS commune_code, c.name AS commune_name,
           c.province AS province_code, v.personal_id, v.full_name, v.date_of_birth, v.sex,
           v.ethnicity, v.occupation, v.permanent_address, v.temporary_address,
           v.current_address, v.temporary_since, v.residence_category, v.household_id,
           v.is_household_head, v.ballot_dbqh, v.ballot_tinh, v.ballot_xa, v.status,
           v.exclusion, v.exclusion_evidence, v.removal_reason, v.card_number,
           v.voting_elsewhere,
           CASE WHEN v.voting_elsewhere THEN
               (SELECT vc.kind FROM vote_certificate vc WHERE vc.voter = v.id
                ORDER BY vc.id DESC LIMIT 1)
           END AS elsewhere_kind,
           v.voted_at
    FROM voter v JOIN polling_area pa ON pa.id = v.polling_area JOIN commune c ON c.code = v.commune
"""

LIST_ORDER = (
    "v.card_number NULLS LAST, v.household_order, v.is_household_head DESC, v.member_order, v.id"
)
"""The order of a printed list: card number once assigned, else by household
(head first) in household order (NQ 40, Mẫu 10/HĐBC)."""


@query(f"{_VOTER} WHERE v.id = :voter_id")
async def voter(*, voter_id: int) -> VoterRow | None: ...


@query(f"""
    {_VOTER} WHERE v.election = :election_id AND v.personal_id = :personal_id AND {on_list()}
""")
async def active_entry(*, election_id: int, personal_id: str) -> VoterRow | None:
    """The citizen's entry that counts in the election (Art. 29(2): one at most)."""
    ...


@query(f"""
    {_VOTER} WHERE v.polling_area = :polling_area_id
      AND (v.status <> 'excluded' OR v.removal_reason <> '')
    ORDER BY {LIST_ORDER}
""")
async def area_entries(*, polling_area_id: int) -> list[VoterRow]:
    """The area's list as printed: its entries, with those struck off after
    being listed (Art. 30(3)-(5), whose remark says why), but not the people
    never written on it (Art. 30(1))."""
    ...


@query("SELECT import_batch FROM voter WHERE id = :voter_id")
async def import_batch_of(*, voter_id: int) -> int | None: ...


# --------------------------------------------------------------------------
# Search in a commune: by ID (exact) or by the name's search key (a pattern),
# with filters; and the same in one polling area's printed list. A page and
# its count share one WHERE, so the total always matches what paging walks.

_FILTERS = """
      AND (:status::text IS NULL OR v.status = :status)
      AND (:sex::text IS NULL OR v.sex = :sex)
      AND (:category::text IS NULL OR v.residence_category = :category)
      AND (:personal_id::text IS NULL OR v.personal_id = :personal_id)
      AND (:pattern::text IS NULL OR v.search_name LIKE :pattern)
"""

_SEARCH = f"""
    WHERE v.election = :election_id AND v.commune = :commune_code
      AND (:polling_area_id::int IS NULL OR v.polling_area = :polling_area_id)
      {_FILTERS}
"""

# An area's list as printed (`area_entries`): its polling area alone, so the
# count and the page read the area's index, never the commune's voters.
_AREA = f"""
    WHERE v.polling_area = :polling_area_id
      AND (v.status <> 'excluded' OR v.removal_reason <> '')
      {_FILTERS}
"""


@query(f"SELECT count(*) FROM voter v {_SEARCH}")
async def search_count(
    *,
    election_id: int,
    commune_code: str,
    polling_area_id: int | None,
    status: VoterStatus | None,
    sex: str | None,
    category: ResidenceCategory | None,
    personal_id: str | None,
    pattern: str | None,
) -> int: ...


@query(f"{_VOTER} {_SEARCH} ORDER BY pa.number, {LIST_ORDER} LIMIT :limit OFFSET :offset")
async def search_page(
    *,
    election_id: int,
    commune_code: str,
    polling_area_id: int | None,
    status: VoterStatus | None,
    sex: str | None,
    category: ResidenceCategory | None,
    personal_id: str | None,
    pattern: str | None,
    limit: int,
    offset: int,
) -> list[VoterRow]: ...


@query(f"SELECT count(*) FROM voter v {_AREA}")
async def area_count(
    *,
    polling_area_id: int,
    status: VoterStatus | None,
    sex: str | None,
    category: ResidenceCategory | None,
    personal_id: str | None,
    pattern: str | None,
) -> int:
    """How many entries of the area's printed list match (`area_page`'s total)."""
    ...


@query(f"{_VOTER} {_AREA} ORDER BY {LIST_ORDER} LIMIT :limit OFFSET :offset")
async def area_page(
    *,
    polling_area_id: int,
    status: VoterStatus | None,
    sex: str | None,
    category: ResidenceCategory | None,
    personal_id: str | None,
    pattern: str | None,
    limit: int,
    offset: int,
) -> list[VoterRow]:
    """One page of the area's printed list (`area_entries`) in list order, filtered."""
    ...


# --------------------------------------------------------------------------
# Changes (Art. 29(4), 30)


@query("""
    WITH household AS (
        -- A household already listed in the area keeps its place; a new one
        -- comes after the last.
        SELECT COALESCE(
            (SELECT household_order FROM voter
             WHERE polling_area = :polling_area_id AND household_id = :household_id
               AND household_id <> '' LIMIT 1),
            (SELECT COALESCE(max(household_order), 0) + 1 FROM voter
             WHERE polling_area = :polling_area_id)
        ) AS place
    )
    INSERT INTO voter (election, polling_area, commune, personal_id, full_name, search_name,
        date_of_birth, sex, ethnicity, occupation, permanent_address, temporary_address,
        current_address, temporary_since, residence_category, household_id, is_household_head,
        household_order, member_order, ballot_dbqh, ballot_tinh, ballot_xa, status)
    VALUES (:election_id, :polling_area_id,
        (SELECT commune FROM polling_area WHERE id = :polling_area_id),
        :personal_id, :full_name, :search_name, :date_of_birth, :sex, :ethnicity, :occupation,
        :permanent_address, :temporary_address, :current_address, :temporary_since,
        :residence_category, :household_id, :is_household_head, (SELECT place FROM household),
        (SELECT COALESCE(max(member_order), 0) + 1 FROM voter
         WHERE polling_area = :polling_area_id
           AND household_order = (SELECT place FROM household)),
        :ballot_dbqh, :ballot_tinh, :ballot_xa, 'listed')
    RETURNING id
""")
async def insert_entry(
    *,
    election_id: int,
    polling_area_id: int,
    personal_id: str,
    full_name: str,
    search_name: str,
    date_of_birth: dt.date,
    sex: str,
    ethnicity: str,
    occupation: str,
    permanent_address: str,
    temporary_address: str,
    current_address: str,
    temporary_since: dt.date | None,
    residence_category: ResidenceCategory,
    household_id: str,
    is_household_head: bool,
    ballot_dbqh: bool,
    ballot_tinh: bool,
    ballot_xa: bool,
) -> int:
    """A new listed entry, placed with its household (head first) or after the last one."""
    ...


@query("""
    UPDATE voter SET status = :status, exclusion = :exclusion,
        exclusion_evidence = :exclusion_evidence, removal_reason = :removal_reason,
        updated_at = now()
    WHERE id = :voter_id
""")
async def strike_off(
    *,
    voter_id: int,
    status: VoterStatus,
    exclusion: Exclusion | None,
    exclusion_evidence: str,
    removal_reason: str,
) -> None: ...


@query("""
    UPDATE voter SET status = 'listed', exclusion = NULL, exclusion_evidence = '',
        removal_reason = '', updated_at = now()
    WHERE id = :voter_id
""")
async def restore(*, voter_id: int) -> None: ...


@query("""
    UPDATE voter SET status = 'struck_off', removal_reason = :removal_reason, updated_at = now()
    WHERE id = :voter_id
""")
async def strike_off_moved(*, voter_id: int, removal_reason: str) -> None: ...


# --------------------------------------------------------------------------
# Election day: "Đã bỏ phiếu"


@query(f"""
    {_VOTER}
    WHERE v.election = :election_id AND v.personal_id = :personal_id AND v.status = 'listed'
    ORDER BY v.voting_elsewhere LIMIT 1 FOR UPDATE OF v
""")
async def lock_listed_entry(*, election_id: int, personal_id: str) -> VoterRow | None:
    """The citizen's listed entry (the one voting here first), locked for check-in."""
    ...


@query("UPDATE voter SET voted_at = :voted_at WHERE id = :voter_id")
async def mark_voted(*, voter_id: int, voted_at: dt.datetime) -> None: ...
