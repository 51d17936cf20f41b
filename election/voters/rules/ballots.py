"""Which ballots a voter receives (§4 of the domain reference): by where and
why they are listed (Art. 29–31, 34), and after a move (Art. 30(3))."""

from __future__ import annotations

from dataclasses import dataclass

from election.voters.tables import ResidenceCategory


@dataclass(frozen=True)
class BallotScope:
    dbqh: bool
    tinh: bool
    xa: bool

    @property
    def labels(self) -> list[str]:
        """The ballots by their short Vietnamese names, in contest order."""
        return [
            label
            for label, given in (
                ("ĐBQH", self.dbqh),
                ("HĐND tỉnh", self.tinh),
                ("HĐND xã", self.xa),
            )
            if given
        ]


ALL_BALLOTS = BallotScope(dbqh=True, tinh=True, xa=True)
NATIONAL_AND_PROVINCE = BallotScope(dbqh=True, tinh=True, xa=False)
NATIONAL_ONLY = BallotScope(dbqh=True, tinh=False, xa=False)

OUTSIDE_PROVINCE_POLICIES = {"dbqh": NATIONAL_ONLY, "dbqh_tinh": NATIONAL_AND_PROVINCE}

_SCOPES = {
    ResidenceCategory.PERMANENT: ALL_BALLOTS,
    ResidenceCategory.TEMPORARY_LONG: ALL_BALLOTS,
    ResidenceCategory.TEMPORARY_SHORT: NATIONAL_AND_PROVINCE,
    ResidenceCategory.ARMED_FORCES: NATIONAL_AND_PROVINCE,
    ResidenceCategory.DETENTION: NATIONAL_AND_PROVINCE,
    ResidenceCategory.RETURNED_PERMANENT: ALL_BALLOTS,
    ResidenceCategory.RETURNED_TEMPORARY: NATIONAL_AND_PROVINCE,
    ResidenceCategory.CERTIFICATE: NATIONAL_AND_PROVINCE,
    ResidenceCategory.CURRENT_RESIDENCE: NATIONAL_AND_PROVINCE,
}

# The residences a listed voter may move to, or a soldier vote at (Art. 30(3), 31(2)).
HOME_CATEGORIES = (
    ResidenceCategory.PERMANENT,
    ResidenceCategory.TEMPORARY_LONG,
    ResidenceCategory.TEMPORARY_SHORT,
)
TEMPORARY_CATEGORIES = frozenset(
    {
        ResidenceCategory.TEMPORARY_LONG,
        ResidenceCategory.TEMPORARY_SHORT,
        ResidenceCategory.RETURNED_TEMPORARY,
    }
)


def ballot_scope(
    category: ResidenceCategory | str,
    *,
    outside_province: bool = False,
    outside_province_policy: str = "dbqh",
) -> BallotScope:
    """The ballots a voter receives where they are listed (§4 table).

    Art. 29(3): a temporary stay under 12 months, and soldiers at their unit,
    vote for the National Assembly and the provincial council only (a stay of
    12 months or more votes like a permanent resident: an inference, since
    29(3) names only the shorter stays, which the notes of Mẫu số 31/HĐBC
    confirm). Art. 29(5), 30(4): people in detention or compulsory centres
    likewise. Art. 29(4): a citizen back from abroad gets all three at the
    permanent address, two at a temporary one. Art. 34: a certificate holder
    gets ĐBQH + HĐND tỉnh at the new place in the same province; outside the
    province the law is uncertain, so the election chooses: policy "dbqh"
    gives ĐBQH only, "dbqh_tinh" ĐBQH + HĐND tỉnh. `outside_province` matters
    only for certificate holders. A voter listed where they live without a
    registered residence (column 7c of Mẫu số 31/HĐBC) is one of "the other
    voters" of its notes: ĐBQH + HĐND tỉnh.
    """
    category = ResidenceCategory(category)
    if outside_province_policy not in OUTSIDE_PROVINCE_POLICIES:
        raise ValueError(
            f"outside_province_policy must be one of {sorted(OUTSIDE_PROVINCE_POLICIES)}, "
            f"got {outside_province_policy!r}"
        )
    if category is ResidenceCategory.CERTIFICATE and outside_province:
        return OUTSIDE_PROVINCE_POLICIES[outside_province_policy]
    return _SCOPES[category]


def moved_scope(category: ResidenceCategory | str, *, after_posting: bool) -> BallotScope:
    """The ballots of a listed voter who moves to another commune (Art. 30(3)).

    From the posting of the list on, a move of the permanent residence keeps
    all three ballots, and a move to a new temporary residence gives the
    National Assembly's and the provincial council's only, however long the
    stay: the law adds the voter "để thực hiện việc bầu cử đại biểu Quốc hội,
    đại biểu Hội đồng nhân dân cấp tỉnh". Before the posting, the list is
    still being drawn up by residence (Art. 29), and the residence decides.
    """
    category = ResidenceCategory(category)
    if after_posting and category in TEMPORARY_CATEGORIES:
        return NATIONAL_AND_PROVINCE
    return ballot_scope(category)
