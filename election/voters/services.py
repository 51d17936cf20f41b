"""Use cases of voter lists: entries, the legal lifecycle, certificates, check-in, counts.

Every change carries a reason and a document reference, and writes an audit
event on the voter (entity "voter"), which is the voter's history.

Who may change a list: commune staff of the commune, province staff of the
province, admins. Station officers check voters in at their own polling
area. Everyone signed in reads what lies in their scope.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from election import db
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.clock import VIETNAM
from election.elections import services as elections
from election.errors import Conflict, Forbidden, NotFound, RuleViolation, Violation
from election.stations import services as stations
from election.voters import rules
from election.voters.tables import Exclusion, ResidenceCategory, VoterStatus

# --------------------------------------------------------------------------
# Reading


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
    residence_category: ResidenceCategory
    household_id: str
    is_household_head: bool
    ballot_dbqh: bool
    ballot_tinh: bool
    ballot_xa: bool
    status: VoterStatus
    exclusion: Exclusion | None
    exclusion_evidence: str
    card_number: int | None
    voting_elsewhere: bool
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
            return "Bỏ phiếu ở nơi khác"
        return self.status.label

    @property
    def ballots(self) -> list[str]:
        return rules.BallotScope(self.ballot_dbqh, self.ballot_tinh, self.ballot_xa).labels

    @property
    def residence(self) -> str:
        return self.temporary_address if self.is_temporary else self.permanent_address

    @property
    def is_temporary(self) -> bool:
        return self.residence_category in (
            ResidenceCategory.TEMPORARY_LONG,
            ResidenceCategory.TEMPORARY_SHORT,
            ResidenceCategory.RETURNED_TEMPORARY,
        ) and bool(self.temporary_address)

    def public(self) -> dict[str, Any]:
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


VOTER_SELECT = """
    SELECT v.id, v.election AS election_id, v.polling_area AS polling_area_id,
           pa.number AS polling_area_number, v.commune AS commune_code, c.name AS commune_name,
           c.province AS province_code, v.personal_id, v.full_name, v.date_of_birth, v.sex,
           v.ethnicity, v.occupation, v.permanent_address, v.temporary_address,
           v.residence_category, v.household_id, v.is_household_head, v.ballot_dbqh,
           v.ballot_tinh, v.ballot_xa, v.status, v.exclusion, v.exclusion_evidence,
           v.card_number, v.voting_elsewhere, v.voted_at
    FROM voter v JOIN polling_area pa ON pa.id = v.polling_area JOIN commune c ON c.code = v.commune
"""

# The order of a printed list: card number once assigned, else by household
# (head first) in household order (NQ 40, Mẫu 10/HĐBC).
LIST_ORDER = (
    "v.card_number NULLS LAST, v.household_order, v.is_household_head DESC, v.member_order, v.id"
)


def voter_row(record) -> VoterRow:
    data = dict(record)
    data["residence_category"] = ResidenceCategory(data["residence_category"])
    data["status"] = VoterStatus(data["status"])
    data["exclusion"] = Exclusion(data["exclusion"]) if data["exclusion"] else None
    return VoterRow(**data)


def _may_read(actor: Actor, voter: VoterRow) -> bool:
    return actor.covers_polling_area(voter.polling_area_id, voter.commune_code, voter.province_code)


def may_manage(actor: Actor, commune_code: str, province_code: str) -> bool:
    return (
        not actor.is_read_only
        and actor.role in (Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF)
        and actor.covers_commune(commune_code, province_code)
    )


def _require_manage(actor: Actor, commune_code: str, province_code: str) -> None:
    if not may_manage(actor, commune_code, province_code):
        raise Forbidden("Bạn không có quyền thay đổi danh sách cử tri của xã, phường này.")


async def get_voter(*, voter_id: int, actor: Actor) -> VoterRow:
    record = await db.fetchrow(VOTER_SELECT + " WHERE v.id = $1", voter_id)
    if record is None:
        raise NotFound(f"Không có cử tri số hiệu {voter_id}.")
    voter = voter_row(record)
    if not _may_read(actor, voter):
        raise NotFound(f"Không có cử tri số hiệu {voter_id}.")
    return voter


@dataclass(frozen=True)
class VoterPage:
    voters: list[VoterRow]
    total: int


async def search_voters(
    *,
    election_id: int,
    commune_code: str,
    actor: Actor,
    query: str = "",
    polling_area_id: int | None = None,
    status: VoterStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> VoterPage:
    """Find voters by ID (exact), or by name with or without diacritics (prefix of any word)."""
    commune = await _commune_in_scope(commune_code, actor)
    if actor.scope_level == ScopeLevel.POLLING_AREA:
        polling_area_id = actor.polling_area_id
    query = unicodedata.normalize("NFC", query).strip()
    personal_id = query if query.isdigit() else None
    pattern = None
    if query and personal_id is None:
        key = rules.search_key(query)
        pattern = f"%{key}%" if key else None
    where = """
        WHERE v.election = $1 AND v.commune = $2
          AND ($3::int IS NULL OR v.polling_area = $3)
          AND ($4::text IS NULL OR v.status = $4)
          AND ($5::text IS NULL OR v.personal_id = $5)
          AND ($6::text IS NULL OR v.search_name LIKE $6)
    """
    args = [
        election_id,
        commune.code,
        polling_area_id,
        status.value if status else None,
        personal_id,
        pattern,
    ]
    total = await db.fetchval("SELECT count(*) FROM voter v " + where, *args)
    records = await db.fetch(
        VOTER_SELECT + where + f" ORDER BY pa.number, {LIST_ORDER} LIMIT $7 OFFSET $8",
        *args,
        limit,
        offset,
    )
    return VoterPage(voters=[voter_row(r) for r in records], total=total)


async def area_list(*, polling_area_id: int, actor: Actor) -> list[VoterRow]:
    """Every entry of one polling area's list in list order (struck-off entries included)."""
    await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    records = await db.fetch(
        VOTER_SELECT
        + f" WHERE v.polling_area = $1 AND v.status <> 'excluded' ORDER BY {LIST_ORDER}",
        polling_area_id,
    )
    return [voter_row(r) for r in records]


async def _commune_in_scope(commune_code: str, actor: Actor):
    from election.geography import services as geography

    commune = await geography.get_commune(commune_code)
    if not actor.covers_commune(commune.code, commune.province_code):
        raise Forbidden("Xã, phường này nằm ngoài phạm vi của bạn.")
    return commune


# --------------------------------------------------------------------------
# Counts (used by the UI and by the tally checks)


@dataclass(frozen=True)
class VoterCounts:
    total: int
    male: int
    female: int
    dbqh: int
    tinh: int
    xa: int
    voted: int = 0
    elsewhere: int = 0

    def for_level(self, level: str) -> int:
        return {"dbqh": self.dbqh, "hdnd_tinh": self.tinh, "hdnd_xa": self.xa}[str(level)]


_COUNT_COLUMNS = """
    count(*) AS total,
    count(*) FILTER (WHERE sex = 'male') AS male,
    count(*) FILTER (WHERE sex = 'female') AS female,
    count(*) FILTER (WHERE ballot_dbqh) AS dbqh,
    count(*) FILTER (WHERE ballot_tinh) AS tinh,
    count(*) FILTER (WHERE ballot_xa) AS xa,
    count(*) FILTER (WHERE voted_at IS NOT NULL) AS voted
"""
# Who counts on a list: listed, and not gone to vote elsewhere (Art. 34).
_ON_LIST = "status = 'listed' AND NOT voting_elsewhere"


def _counts(record) -> VoterCounts:
    return VoterCounts(**dict(record))


async def counts_by_area(*, election_id: int, commune_code: str) -> dict[int, VoterCounts]:
    records = await db.fetch(
        f"SELECT polling_area, {_COUNT_COLUMNS} FROM voter WHERE election = $1 AND commune = $2 "
        f"AND {_ON_LIST} GROUP BY polling_area",
        election_id,
        commune_code,
    )
    counts = {}
    for record in records:
        data = dict(record)
        area_id = data.pop("polling_area")
        counts[area_id] = VoterCounts(**data)
    return counts


async def commune_counts(*, election_id: int, commune_code: str) -> VoterCounts:
    record = await db.fetchrow(
        f"SELECT {_COUNT_COLUMNS} FROM voter WHERE election = $1 AND commune = $2 AND {_ON_LIST}",
        election_id,
        commune_code,
    )
    elsewhere = await db.fetchval(
        "SELECT count(*) FROM voter WHERE election = $1 AND commune = $2 AND status = 'listed' "
        "AND voting_elsewhere",
        election_id,
        commune_code,
    )
    counts = _counts(record)
    return VoterCounts(**{**counts.__dict__, "elsewhere": elsewhere})


async def area_counts(*, polling_area_id: int) -> VoterCounts:
    record = await db.fetchrow(
        f"SELECT {_COUNT_COLUMNS} FROM voter WHERE polling_area = $1 AND {_ON_LIST}",
        polling_area_id,
    )
    return _counts(record)


async def unit_counts(*, unit_id: int) -> VoterCounts:
    """Voters of an electoral unit: the areas that belong to it for its contest."""
    record = await db.fetchrow(
        f"""
        SELECT {_COUNT_COLUMNS} FROM voter
        WHERE polling_area IN (SELECT polling_area FROM polling_area_unit WHERE unit = $1)
          AND {_ON_LIST}
        """,
        unit_id,
    )
    return _counts(record)


# --------------------------------------------------------------------------
# The list of a polling area: finalize (card numbers) and post (Art. 32)


@dataclass(frozen=True)
class ListState:
    polling_area_id: int
    finalized_at: dt.datetime | None
    finalized_by: str
    posted_on: dt.date | None
    posted_at_place: str

    @property
    def finalized(self) -> bool:
        return self.finalized_at is not None


async def list_state(*, polling_area_id: int) -> ListState:
    record = await db.fetchrow(
        "SELECT finalized_at, finalized_by, posted_on, posted_at_place FROM voter_list "
        "WHERE polling_area = $1",
        polling_area_id,
    )
    if record is None:
        return ListState(polling_area_id, None, "", None, "")
    return ListState(polling_area_id, **dict(record))


async def _append_card_numbers(polling_area_id: int) -> int:
    """Give card numbers to listed entries without one, after the highest
    number in use; numbers already given never change."""
    status = await db.execute(
        f"""
        WITH base AS (SELECT COALESCE(max(card_number), 0) AS top FROM voter WHERE polling_area = $1),
        todo AS (
            SELECT v.id, row_number() OVER (ORDER BY {LIST_ORDER}) AS n
            FROM voter v WHERE v.polling_area = $1 AND v.status = 'listed' AND v.card_number IS NULL
        )
        UPDATE voter SET card_number = base.top + todo.n FROM base, todo WHERE voter.id = todo.id
        """,
        polling_area_id,
    )
    return int(status.split()[-1])


async def finalize_area_list(*, polling_area_id: int, actor: Actor) -> ListState:
    """Number the list for posting; the voter-card number is the sequence number."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    _require_manage(actor, area.commune_code, area.province_code)
    async with db.transaction():
        state = await list_state(polling_area_id=polling_area_id)
        if state.finalized:
            raise Conflict("Danh sách cử tri của khu vực này đã được chốt và đánh số.")
        numbered = await _append_card_numbers(polling_area_id)
        await db.execute(
            """
            INSERT INTO voter_list (polling_area, finalized_at, finalized_by, posted_at_place)
            VALUES ($1, now(), $2, '')
            ON CONFLICT (polling_area) DO UPDATE SET finalized_at = now(), finalized_by = $2
            """,
            polling_area_id,
            actor.username,
        )
        await audit.record(
            actor=actor,
            entity_type="voter_list",
            entity_id=polling_area_id,
            action="finalize",
            after={"numbered": numbered},
            summary=f"Chốt danh sách cử tri khu vực bỏ phiếu số {area.number}, {area.commune_name}: "
            f"đánh số {numbered} thẻ cử tri",
        )
    return await list_state(polling_area_id=polling_area_id)


async def post_area_list(
    *, polling_area_id: int, posted_on: dt.date, place: str, actor: Actor
) -> tuple[ListState, list[Violation]]:
    """Art. 32: the list is posted at least 40 days before election day."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    _require_manage(actor, area.commune_code, area.province_code)
    election = await elections.get_election(election_id=area.election_id)
    state = await list_state(polling_area_id=polling_area_id)
    if not state.finalized:
        raise Conflict("Hãy chốt và đánh số danh sách trước khi niêm yết.")
    deadline = election.election_day - dt.timedelta(days=40)
    warnings = []
    if posted_on > deadline:
        warnings.append(
            Violation(
                "list_posted_late",
                f"Danh sách cử tri phải được niêm yết chậm nhất 40 ngày trước ngày bầu cử "
                f"({deadline:%d/%m/%Y}).",
                "Điều 32",
                "posted_on",
                severity="warning",
            )
        )
    place = " ".join(unicodedata.normalize("NFC", place).split())
    async with db.transaction():
        await db.execute(
            "UPDATE voter_list SET posted_on = $2, posted_at_place = $3 WHERE polling_area = $1",
            polling_area_id,
            posted_on,
            place,
        )
        await audit.record(
            actor=actor,
            entity_type="voter_list",
            entity_id=polling_area_id,
            action="post",
            after={"posted_on": posted_on, "place": place},
            summary=f"Niêm yết danh sách cử tri khu vực bỏ phiếu số {area.number} ngày "
            f"{posted_on:%d/%m/%Y}",
        )
    return await list_state(polling_area_id=polling_area_id), warnings


# --------------------------------------------------------------------------
# Changes until 24 hours before voting opens (Art. 29(4), 30)


def _moment(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


async def _check_cutoff(election_id: int, now: dt.datetime | None) -> None:
    election = await elections.get_election(election_id=election_id)
    violations = rules.check_list_change_allowed(
        _moment(now), election.election_day, election.voting_opens
    )
    if violations:
        raise RuleViolation(violations)


def _reason(reason: str, document: str) -> tuple[str, str]:
    reason = " ".join(unicodedata.normalize("NFC", reason).split())
    document = " ".join(unicodedata.normalize("NFC", document).split())
    if not reason:
        raise RuleViolation(Violation("reason_required", "Cần ghi lý do thay đổi.", field="reason"))
    if not document:
        raise RuleViolation(
            Violation("document_required", "Cần ghi số, ngày văn bản làm căn cứ.", field="document")
        )
    return reason, document


async def _active_entry(election_id: int, personal_id: str) -> VoterRow | None:
    record = await db.fetchrow(
        VOTER_SELECT + " WHERE v.election = $1 AND v.personal_id = $2 AND v.status = 'listed' "
        "AND NOT v.voting_elsewhere",
        election_id,
        personal_id,
    )
    return voter_row(record) if record else None


async def _province_of_area(polling_area_id: int) -> str:
    return await db.fetchval(
        "SELECT c.province FROM polling_area pa JOIN commune c ON c.code = pa.commune WHERE pa.id = $1",
        polling_area_id,
    )


@dataclass
class NewVoter:
    personal_id: str
    full_name: str
    date_of_birth: dt.date
    sex: str
    ethnicity: str = "Kinh"
    occupation: str = ""
    permanent_address: str = ""
    temporary_address: str = ""
    residence_category: ResidenceCategory = ResidenceCategory.PERMANENT
    household_id: str = ""
    is_household_head: bool = False


def check_new_voter(data: NewVoter, election_day: dt.date) -> list[Violation]:
    """The per-person rules of an entry (Art. 2, the citizen-ID encoding, the name)."""
    return (
        rules.check_personal_id(data.personal_id, sex=data.sex, date_of_birth=data.date_of_birth)
        + rules.check_voter_age(data.date_of_birth, election_day)
        + rules.check_voter_name(data.full_name)
    )


async def _insert_entry(
    *,
    election_id: int,
    polling_area_id: int,
    data: NewVoter,
    scope: rules.BallotScope,
) -> int:
    area = await db.fetchrow("SELECT commune FROM polling_area WHERE id = $1", polling_area_id)
    household = await db.fetchval(
        "SELECT household_order FROM voter WHERE polling_area = $1 AND household_id = $2 "
        "AND household_id <> '' LIMIT 1",
        polling_area_id,
        data.household_id,
    )
    if household is None:
        household = await db.fetchval(
            "SELECT COALESCE(max(household_order), 0) + 1 FROM voter WHERE polling_area = $1",
            polling_area_id,
        )
    member = await db.fetchval(
        "SELECT COALESCE(max(member_order), 0) + 1 FROM voter WHERE polling_area = $1 "
        "AND household_order = $2",
        polling_area_id,
        household,
    )
    return await db.fetchval(
        """
        INSERT INTO voter (election, polling_area, commune, personal_id, full_name, search_name,
            date_of_birth, sex, ethnicity, occupation, permanent_address, temporary_address,
            residence_category, household_id, is_household_head, household_order, member_order,
            ballot_dbqh, ballot_tinh, ballot_xa, status)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                $18, $19, $20, 'listed')
        RETURNING id
        """,
        election_id,
        polling_area_id,
        area["commune"],
        data.personal_id,
        data.full_name,
        rules.search_key(data.full_name),
        data.date_of_birth,
        data.sex,
        data.ethnicity,
        data.occupation,
        data.permanent_address,
        data.temporary_address,
        ResidenceCategory(data.residence_category).value,
        data.household_id,
        data.is_household_head,
        household,
        member,
        scope.dbqh,
        scope.tinh,
        scope.xa,
    )


async def _number_if_finalized(polling_area_id: int) -> None:
    """Later additions append to a finalized list (numbers are never reused)."""
    if (await list_state(polling_area_id=polling_area_id)).finalized:
        await _append_card_numbers(polling_area_id)


def _normalized(data: NewVoter) -> NewVoter:
    def text(value: str) -> str:
        return " ".join(unicodedata.normalize("NFC", value or "").split())

    return NewVoter(
        personal_id=(data.personal_id or "").strip(),
        full_name=text(data.full_name),
        date_of_birth=data.date_of_birth,
        sex=data.sex,
        ethnicity=text(data.ethnicity) or "Kinh",
        occupation=text(data.occupation),
        permanent_address=text(data.permanent_address),
        temporary_address=text(data.temporary_address),
        residence_category=ResidenceCategory(data.residence_category),
        household_id=text(data.household_id),
        is_household_head=data.is_household_head,
    )


async def add_voter(
    *,
    polling_area_id: int,
    data: NewVoter,
    reason: str,
    document: str,
    actor: Actor,
    now: dt.datetime | None = None,
) -> VoterRow:
    """Add a citizen to a list (Art. 29(4), 30(2)-(4)), until the cut-off."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    _require_manage(actor, area.commune_code, area.province_code)
    election = await elections.get_election(election_id=area.election_id)
    await _check_cutoff(area.election_id, now)
    reason, document = _reason(reason, document)
    data = _normalized(data)
    if data.residence_category == ResidenceCategory.CERTIFICATE:
        raise RuleViolation(
            Violation(
                "use_certificate_registration",
                "Người có giấy chứng nhận được ghi tên qua chức năng tiếp nhận giấy chứng nhận.",
                "Điều 34",
            )
        )
    violations = check_new_voter(data, election.election_day)
    if violations:
        raise RuleViolation(violations)
    async with db.transaction():
        existing = await _active_entry(area.election_id, data.personal_id)
        if existing is not None:
            raise RuleViolation(
                Violation(
                    "already_listed",
                    f"Công dân đã có tên trong danh sách cử tri khu vực bỏ phiếu số "
                    f"{existing.polling_area_number}, {existing.commune_name}. Mỗi công dân chỉ được "
                    "ghi tên vào một danh sách cử tri.",
                    "Điều 29 khoản 2",
                    "personal_id",
                )
            )
        voter_id = await _insert_entry(
            election_id=area.election_id,
            polling_area_id=polling_area_id,
            data=data,
            scope=rules.ballot_scope(data.residence_category),
        )
        await _number_if_finalized(polling_area_id)
        voter = await get_voter(voter_id=voter_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=voter_id,
            action="add",
            after={**voter.public(), "reason": reason, "document": document},
            summary=f"Bổ sung {voter.full_name} vào danh sách khu vực số {area.number}: {reason} ({document})",
        )
    return voter


async def strike_off(
    *,
    voter_id: int,
    reason: str,
    document: str,
    actor: Actor,
    exclusion: Exclusion | None = None,
    now: dt.datetime | None = None,
) -> VoterRow:
    """Art. 30(3), (5): strike a name off (moved away, died, lost the right to vote)."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    _require_manage(actor, voter.commune_code, voter.province_code)
    await _check_cutoff(voter.election_id, now)
    reason, document = _reason(reason, document)
    if voter.status != VoterStatus.LISTED:
        raise Conflict("Cử tri này không còn trong danh sách.")
    async with db.transaction():
        await db.execute(
            "UPDATE voter SET status = $2, exclusion = $3, exclusion_evidence = $4, updated_at = now() "
            "WHERE id = $1",
            voter_id,
            VoterStatus.EXCLUDED.value if exclusion else VoterStatus.STRUCK_OFF.value,
            exclusion.value if exclusion else None,
            document if exclusion else "",
        )
        after = await get_voter(voter_id=voter_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=voter_id,
            action="strike_off",
            before=voter.public(),
            after={**after.public(), "reason": reason, "document": document},
            summary=f"Xóa tên {voter.full_name} khỏi danh sách: {reason} ({document})",
        )
    return after


async def restore_rights(
    *, voter_id: int, reason: str, document: str, actor: Actor, now: dt.datetime | None = None
) -> VoterRow:
    """Art. 30(2): a person whose right is restored is written back on the list."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    _require_manage(actor, voter.commune_code, voter.province_code)
    await _check_cutoff(voter.election_id, now)
    reason, document = _reason(reason, document)
    if voter.status == VoterStatus.LISTED:
        raise Conflict("Cử tri này đang có tên trong danh sách.")
    async with db.transaction():
        other = await _active_entry(voter.election_id, voter.personal_id)
        if other is not None:
            raise RuleViolation(
                Violation(
                    "already_listed",
                    f"Công dân đang có tên ở khu vực bỏ phiếu số {other.polling_area_number}, "
                    f"{other.commune_name}.",
                    "Điều 29 khoản 2",
                )
            )
        await db.execute(
            "UPDATE voter SET status = 'listed', exclusion = NULL, exclusion_evidence = '', "
            "updated_at = now() WHERE id = $1",
            voter_id,
        )
        await _number_if_finalized(voter.polling_area_id)
        after = await get_voter(voter_id=voter_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=voter_id,
            action="restore",
            before=voter.public(),
            after={**after.public(), "reason": reason, "document": document},
            summary=f"Ghi lại tên {voter.full_name} vào danh sách: {reason} ({document})",
        )
    return after


async def move_voter(
    *,
    voter_id: int,
    to_polling_area_id: int,
    category: ResidenceCategory,
    reason: str,
    document: str,
    actor: Actor,
    new_address: str = "",
    now: dt.datetime | None = None,
) -> VoterRow:
    """Art. 30(3): a voter who moves (permanently or to a temporary address) is struck off
    the old list and written on the new one, with the ballots the new residence allows."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    _require_manage(actor, voter.commune_code, voter.province_code)
    target = await stations.get_polling_area(polling_area_id=to_polling_area_id, actor=actor)
    _require_manage(actor, target.commune_code, target.province_code)
    category = ResidenceCategory(category)
    if category not in (
        ResidenceCategory.PERMANENT,
        ResidenceCategory.TEMPORARY_LONG,
        ResidenceCategory.TEMPORARY_SHORT,
    ):
        raise RuleViolation(
            Violation(
                "move_category",
                "Chuyển nơi bỏ phiếu chỉ theo nơi thường trú hoặc tạm trú.",
                "Điều 30 khoản 3",
            )
        )
    if target.election_id != voter.election_id:
        raise RuleViolation(
            Violation("move_other_election", "Khu vực bỏ phiếu thuộc cuộc bầu cử khác.")
        )
    if target.id == voter.polling_area_id:
        raise Conflict("Cử tri đã ở khu vực bỏ phiếu này.")
    await _check_cutoff(voter.election_id, now)
    reason, document = _reason(reason, document)
    if voter.status != VoterStatus.LISTED or voter.voting_elsewhere:
        raise Conflict("Chỉ chuyển được cử tri đang có tên trong danh sách.")
    address = " ".join(unicodedata.normalize("NFC", new_address).split())
    async with db.transaction():
        await db.execute(
            "UPDATE voter SET status = 'struck_off', updated_at = now() WHERE id = $1", voter_id
        )
        data = NewVoter(
            personal_id=voter.personal_id,
            full_name=voter.full_name,
            date_of_birth=voter.date_of_birth,
            sex=voter.sex,
            ethnicity=voter.ethnicity,
            occupation=voter.occupation,
            permanent_address=address
            if category == ResidenceCategory.PERMANENT and address
            else voter.permanent_address,
            temporary_address=address if category != ResidenceCategory.PERMANENT else "",
            residence_category=category,
        )
        new_id = await _insert_entry(
            election_id=voter.election_id,
            polling_area_id=target.id,
            data=data,
            scope=rules.ballot_scope(category),
        )
        await _number_if_finalized(target.id)
        moved = await get_voter(voter_id=new_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=voter_id,
            action="move_out",
            before=voter.public(),
            after={"moved_to_voter": new_id, "reason": reason, "document": document},
            summary=f"Chuyển {voter.full_name} sang khu vực số {target.number}, {target.commune_name}: {reason} ({document})",
        )
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=new_id,
            action="move_in",
            after={
                **moved.public(),
                "moved_from_voter": voter_id,
                "reason": reason,
                "document": document,
            },
            summary=f"Nhận {voter.full_name} từ khu vực số {voter.polling_area_number}, {voter.commune_name}",
        )
    return moved


# --------------------------------------------------------------------------
# Complaints (Art. 33)


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    election_id: int
    commune_code: str
    voter_id: int | None
    complainant: str
    complainant_personal_id: str
    received_on: dt.date
    content: str
    decision_due: dt.date
    outcome: str
    decided_on: dt.date | None
    decision: str
    created_by: str

    @property
    def pending(self) -> bool:
        return self.outcome == "pending"

    def overdue(self, today: dt.date) -> bool:
        return self.pending and today > self.decision_due

    @property
    def outcome_label(self) -> str:
        from election.voters.tables import ComplaintOutcome

        return ComplaintOutcome(self.outcome).label


_COMPLAINT_SELECT = """
    SELECT id, election AS election_id, commune AS commune_code, voter AS voter_id, complainant,
           complainant_personal_id, received_on, content, decision_due, outcome, decided_on,
           decision, created_by
    FROM voter_complaint
"""


async def register_complaint(
    *,
    election_id: int,
    commune_code: str,
    complainant: str,
    received_on: dt.date,
    content: str,
    actor: Actor,
    complainant_personal_id: str = "",
    voter_id: int | None = None,
) -> tuple[ComplaintRow, list[Violation]]:
    commune = await _commune_in_scope(commune_code, actor)
    _require_manage(actor, commune.code, commune.province_code)
    complainant = " ".join(unicodedata.normalize("NFC", complainant).split())
    content = unicodedata.normalize("NFC", content).strip()
    if not complainant or not content:
        raise RuleViolation(
            Violation(
                "complaint_incomplete", "Cần ghi người khiếu nại và nội dung khiếu nại.", "Điều 33"
            )
        )
    if voter_id is not None:
        voter = await get_voter(voter_id=voter_id, actor=actor)
        if voter.commune_code != commune_code:
            raise RuleViolation(
                Violation("complaint_voter_commune", "Cử tri không thuộc xã, phường này.")
            )
    posted = await db.fetchval(
        """
        SELECT min(vl.posted_on) FROM voter_list vl JOIN polling_area pa ON pa.id = vl.polling_area
        WHERE pa.election = $1 AND pa.commune = $2
        """,
        election_id,
        commune_code,
    )
    warnings = rules.check_complaint_received(received_on, posted)
    async with db.transaction():
        complaint_id = await db.fetchval(
            """
            INSERT INTO voter_complaint (election, commune, voter, complainant, complainant_personal_id,
                received_on, content, decision_due, outcome, decision, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', '', $9) RETURNING id
            """,
            election_id,
            commune_code,
            voter_id,
            complainant,
            complainant_personal_id.strip(),
            received_on,
            content,
            rules.complaint_decision_due(received_on),
            actor.username,
        )
        complaint = await get_complaint(complaint_id=complaint_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter_complaint",
            entity_id=complaint_id,
            action="register",
            after=complaint.__dict__,
            summary=f"Tiếp nhận khiếu nại của {complainant} ngày {received_on:%d/%m/%Y}",
        )
        if voter_id is not None:
            await audit.record(
                actor=actor,
                entity_type="voter",
                entity_id=voter_id,
                action="complaint",
                after={"complaint_id": complaint_id},
                summary=f"Khiếu nại số {complaint_id} về cử tri này",
            )
    return complaint, warnings


async def get_complaint(*, complaint_id: int, actor: Actor) -> ComplaintRow:
    record = await db.fetchrow(_COMPLAINT_SELECT + " WHERE id = $1", complaint_id)
    if record is None:
        raise NotFound(f"Không có khiếu nại số {complaint_id}.")
    complaint = ComplaintRow(**dict(record))
    await _commune_in_scope(complaint.commune_code, actor)
    return complaint


async def list_complaints(
    *, election_id: int, commune_code: str, actor: Actor
) -> list[ComplaintRow]:
    await _commune_in_scope(commune_code, actor)
    records = await db.fetch(
        _COMPLAINT_SELECT
        + " WHERE election = $1 AND commune = $2 ORDER BY received_on DESC, id DESC",
        election_id,
        commune_code,
    )
    return [ComplaintRow(**dict(r)) for r in records]


async def decide_complaint(
    *,
    complaint_id: int,
    accepted: bool,
    decision: str,
    decided_on: dt.date,
    actor: Actor,
) -> ComplaintRow:
    """Art. 33: record the decision; an accepted complaint is applied through the
    list changes (add, strike off, restore, move), citing the complaint."""
    complaint = await get_complaint(complaint_id=complaint_id, actor=actor)
    commune = await _commune_in_scope(complaint.commune_code, actor)
    _require_manage(actor, commune.code, commune.province_code)
    if not complaint.pending:
        raise Conflict("Khiếu nại này đã được giải quyết.")
    decision = unicodedata.normalize("NFC", decision).strip()
    if not decision:
        raise RuleViolation(
            Violation("decision_required", "Cần ghi nội dung quyết định giải quyết.", "Điều 33")
        )
    if decided_on < complaint.received_on:
        raise RuleViolation(
            Violation(
                "decision_before_receipt", "Ngày giải quyết không thể trước ngày nhận khiếu nại."
            )
        )
    async with db.transaction():
        await db.execute(
            "UPDATE voter_complaint SET outcome = $2, decision = $3, decided_on = $4 WHERE id = $1",
            complaint_id,
            "accepted" if accepted else "rejected",
            decision,
            decided_on,
        )
        after = await get_complaint(complaint_id=complaint_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter_complaint",
            entity_id=complaint_id,
            action="decide",
            before={"outcome": "pending"},
            after={"outcome": after.outcome, "decision": decision, "decided_on": decided_on},
            summary=f"Giải quyết khiếu nại số {complaint_id}: {after.outcome_label}"
            + (" (quá hạn 5 ngày)" if decided_on > complaint.decision_due else ""),
        )
    return after


# --------------------------------------------------------------------------
# Certificates to vote elsewhere (Art. 34)


@dataclass(frozen=True)
class CertificateRow:
    id: int
    election_id: int
    number: str
    voter_id: int
    issued_on: dt.date
    issued_by: str
    electronic: bool
    destination_voter: int | None


async def issue_certificate(
    *, voter_id: int, actor: Actor, electronic: bool = False, now: dt.datetime | None = None
) -> CertificateRow:
    """Art. 34: issue the certificate and mark the origin entry "Bỏ phiếu ở nơi khác"."""
    voter = await get_voter(voter_id=voter_id, actor=actor)
    _require_manage(actor, voter.commune_code, voter.province_code)
    election = await elections.get_election(election_id=voter.election_id)
    posted = (await list_state(polling_area_id=voter.polling_area_id)).posted_on
    moment = _moment(now)
    violations = rules.check_certificate_issue(
        moment, election.election_day, election.voting_opens, posted
    )
    if violations:
        raise RuleViolation(violations)
    if voter.status != VoterStatus.LISTED or voter.voting_elsewhere:
        raise Conflict("Chỉ cấp giấy chứng nhận cho cử tri đang có tên trong danh sách.")
    if voter.voted_at is not None:
        raise Conflict("Cử tri đã bỏ phiếu.")
    async with db.transaction(), db.connection() as conn:
        # One counter per commune and election; the lock keeps numbers gapless.
        await conn.execute(
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            f"certificate:{voter.election_id}:{voter.commune_code}",
        )
        sequence = await conn.fetchval(
            "SELECT count(*) + 1 FROM vote_certificate WHERE election = $1 AND number LIKE $2",
            voter.election_id,
            voter.commune_code + "-%",
        )
        number = rules.certificate_number(voter.commune_code, sequence)
        certificate_id = await conn.fetchval(
            """
            INSERT INTO vote_certificate (election, number, voter, issued_on, issued_by, electronic)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
            """,
            voter.election_id,
            number,
            voter_id,
            moment.astimezone(VIETNAM).date(),
            actor.username,
            electronic,
        )
        await conn.execute(
            "UPDATE voter SET voting_elsewhere = true, updated_at = now() WHERE id = $1", voter_id
        )
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=voter_id,
            action="certificate",
            before={"voting_elsewhere": False},
            after={"voting_elsewhere": True, "certificate": number, "electronic": electronic},
            summary=f"Cấp giấy chứng nhận số {number}; ghi chú «Bỏ phiếu ở nơi khác»",
        )
    return await get_certificate(certificate_id=certificate_id, actor=actor)


_CERTIFICATE_SELECT = """
    SELECT id, election AS election_id, number, voter AS voter_id, issued_on, issued_by, electronic,
           destination_voter
    FROM vote_certificate
"""


async def get_certificate(*, certificate_id: int, actor: Actor) -> CertificateRow:
    record = await db.fetchrow(_CERTIFICATE_SELECT + " WHERE id = $1", certificate_id)
    if record is None:
        raise NotFound(f"Không có giấy chứng nhận số hiệu {certificate_id}.")
    certificate = CertificateRow(**dict(record))
    return certificate


async def find_certificate(*, election_id: int, number: str) -> CertificateRow:
    record = await db.fetchrow(
        _CERTIFICATE_SELECT + " WHERE election = $1 AND number = $2", election_id, number.strip()
    )
    if record is None:
        raise NotFound(f"Không có giấy chứng nhận số {number}.")
    return CertificateRow(**dict(record))


async def register_certificate_holder(
    *,
    election_id: int,
    number: str,
    polling_area_id: int,
    actor: Actor,
    now: dt.datetime | None = None,
) -> VoterRow:
    """Art. 34: the holder is added where they vote, with the ballots the law allows there
    (ĐBQH + HĐND tỉnh in the same province; outside it, as the election configures)."""
    certificate = await find_certificate(election_id=election_id, number=number)
    if certificate.destination_voter is not None:
        raise Conflict("Giấy chứng nhận này đã được dùng để ghi tên ở nơi bỏ phiếu mới.")
    target = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    _require_manage(actor, target.commune_code, target.province_code)
    election = await elections.get_election(election_id=election_id)
    moment = _moment(now)
    if moment >= dt.datetime.combine(election.election_day, election.voting_closes, tzinfo=VIETNAM):
        raise RuleViolation(Violation("certificate_too_late", "Đã hết giờ bỏ phiếu.", "Điều 34"))
    origin = voter_row(await db.fetchrow(VOTER_SELECT + " WHERE v.id = $1", certificate.voter_id))
    if origin.polling_area_id == polling_area_id:
        raise Conflict("Nơi bỏ phiếu mới trùng với nơi có tên ban đầu.")
    outside = origin.province_code != target.province_code
    scope = rules.ballot_scope(
        ResidenceCategory.CERTIFICATE,
        outside_province=outside,
        outside_province_policy=election.certificate_outside_province,
    )
    async with db.transaction():
        data = NewVoter(
            personal_id=origin.personal_id,
            full_name=origin.full_name,
            date_of_birth=origin.date_of_birth,
            sex=origin.sex,
            ethnicity=origin.ethnicity,
            occupation=origin.occupation,
            permanent_address=origin.permanent_address,
            temporary_address=origin.temporary_address,
            residence_category=ResidenceCategory.CERTIFICATE,
        )
        new_id = await _insert_entry(
            election_id=election_id, polling_area_id=polling_area_id, data=data, scope=scope
        )
        await _number_if_finalized(polling_area_id)
        await db.execute(
            "UPDATE vote_certificate SET destination_voter = $2 WHERE id = $1",
            certificate.id,
            new_id,
        )
        voter = await get_voter(voter_id=new_id, actor=actor)
        await audit.record(
            actor=actor,
            entity_type="voter",
            entity_id=new_id,
            action="add_by_certificate",
            after={**voter.public(), "certificate": number, "origin_voter": origin.id},
            summary=f"Ghi tên theo giấy chứng nhận số {number} (từ {origin.commune_name})",
        )
    return voter


# --------------------------------------------------------------------------
# Election-day check-in ("Đã bỏ phiếu")


async def check_in(
    *, polling_area_id: int, personal_id: str, actor: Actor, now: dt.datetime | None = None
) -> VoterRow:
    """Mark a voter "Đã bỏ phiếu" at their polling area; a second mark anywhere is
    refused, and the refusal is logged."""
    area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
    allowed = not actor.is_read_only and (
        actor.role == Role.STATION_OFFICER
        or may_manage(actor, area.commune_code, area.province_code)
    )
    if not allowed:
        raise Forbidden(
            "Chỉ Tổ bầu cử của khu vực hoặc cán bộ xã được ghi nhận cử tri đã bỏ phiếu."
        )
    election = await elections.get_election(election_id=area.election_id)
    moment = _moment(now)
    violations = rules.check_check_in(
        moment,
        election.election_day,
        election.voting_opens,
        election.voting_closes,
        area.early_voting_date,
    )
    if violations:
        raise RuleViolation(violations)
    personal_id = personal_id.strip()
    refusal: str | None = None
    voter: VoterRow | None = None
    async with db.transaction(), db.connection() as conn:
        record = await conn.fetchrow(
            VOTER_SELECT + " WHERE v.election = $1 AND v.personal_id = $2 AND v.status = 'listed' "
            "ORDER BY v.voting_elsewhere LIMIT 1 FOR UPDATE OF v",
            area.election_id,
            personal_id,
        )
        if record is None:
            refusal = "Không có công dân này trong danh sách cử tri của cuộc bầu cử."
        else:
            voter = voter_row(record)
            if voter.voting_elsewhere:
                refusal = "Cử tri đã được cấp giấy chứng nhận bỏ phiếu ở nơi khác."
            elif voter.voted_at is not None:
                refusal = (
                    f"Cử tri đã được ghi nhận bỏ phiếu lúc {voter.voted_at.astimezone(VIETNAM):%H:%M %d/%m/%Y} "
                    f"tại khu vực bỏ phiếu số {voter.polling_area_number}, {voter.commune_name}."
                )
            elif voter.polling_area_id != polling_area_id:
                refusal = (
                    f"Cử tri có tên ở khu vực bỏ phiếu số {voter.polling_area_number}, {voter.commune_name}, "
                    "không phải khu vực này."
                )
            else:
                await conn.execute("UPDATE voter SET voted_at = $2 WHERE id = $1", voter.id, moment)
                await audit.record(
                    actor=actor,
                    entity_type="voter",
                    entity_id=voter.id,
                    action="check_in",
                    after={"voted_at": moment, "polling_area_id": polling_area_id},
                    summary=f"Ghi nhận «Đã bỏ phiếu» tại khu vực số {area.number}",
                )
    if refusal is not None:
        # The refusal is logged in its own transaction, so it survives the error.
        async with db.transaction():
            await audit.record(
                actor=actor,
                entity_type="voter" if voter else "check_in",
                entity_id=voter.id if voter else f"{area.id}:{personal_id[-4:]}",
                action="check_in_refused",
                after={"polling_area_id": polling_area_id, "reason": refusal},
                summary=f"Từ chối ghi nhận bỏ phiếu tại khu vực số {area.number}: {refusal}",
            )
        raise Conflict(refusal, article="Điều 69")
    assert voter is not None
    return await get_voter(voter_id=voter.id, actor=actor)


# --------------------------------------------------------------------------
# Public lookup


@dataclass(frozen=True)
class LookupResult:
    polling_area: str
    commune: str
    province: str
    station_address: str
    election_day: dt.date
    voting_opens: dt.time
    voting_closes: dt.time
    early_voting_date: dt.date | None
    ballots: list[str]
    voting_elsewhere: bool


async def lookup(*, personal_id: str, date_of_birth: dt.date) -> LookupResult | None:
    """What a citizen may learn about themselves: where and when to vote and which
    ballots they receive. Both the ID and the birth date must match."""
    record = await db.fetchrow(
        """
        SELECT pa.name AS polling_area, c.name AS commune, p.name AS province, pa.station_address,
               e.election_day, e.voting_opens, e.voting_closes, pa.early_voting_date,
               v.ballot_dbqh, v.ballot_tinh, v.ballot_xa, v.voting_elsewhere
        FROM voter v JOIN polling_area pa ON pa.id = v.polling_area
        JOIN commune c ON c.code = v.commune JOIN province p ON p.code = c.province
        JOIN election e ON e.id = v.election
        WHERE v.personal_id = $1 AND v.date_of_birth = $2 AND v.status = 'listed'
        ORDER BY v.voting_elsewhere, e.election_day DESC LIMIT 1
        """,
        personal_id,
        date_of_birth,
    )
    if record is None:
        return None
    return LookupResult(
        polling_area=record["polling_area"],
        commune=record["commune"],
        province=record["province"],
        station_address=record["station_address"],
        election_day=record["election_day"],
        voting_opens=record["voting_opens"],
        voting_closes=record["voting_closes"],
        early_voting_date=record["early_voting_date"],
        ballots=rules.BallotScope(
            record["ballot_dbqh"], record["ballot_tinh"], record["ballot_xa"]
        ).labels,
        voting_elsewhere=record["voting_elsewhere"],
    )
