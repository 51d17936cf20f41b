"""A unit's result: the sums of its sheets, the winners under Art. 78, and the
board fixing it (Art. 77), which locks the unit's sheets.

The winners and the verdicts of Art. 78–80 are shown only on a complete count
(`rules.unit_state`): before every sheet is approved the sums are provisional
("tạm tính") and the API gives no verdict."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from election import db
from election.actor import Actor, Role, ScopeLevel
from election.audit import services as audit
from election.elections import structure
from election.elections.tables import ContestLevel
from election.errors import Conflict, Forbidden
from election.tallies import rules
from election.tallies.queries import results as queries
from election.tallies.queries import sheets as sheet_queries
from election.tallies.rules.visibility import AGGREGATE_WITHHELD_NOTE
from election.tallies.services.blind_sums import withholds_unit_sums
from election.tallies.services.sheets import standing_winners
from election.tallies.tables import RoundKind


@dataclass(frozen=True)
class UnitResultView:
    unit_id: int
    unit_name: str
    level: ContestLevel
    seats: int
    round_id: int | None
    round_kind: RoundKind
    areas_total: int
    areas_reported: int
    areas_verified: int
    areas_approved: int
    totals: rules.UnitTotals
    # Computed on any count; show it only through `verdict`.
    determination: rules.Determination
    finalized: bool
    state: rules.UnitState
    # The sums count a typing this reader may not see yet (blind double
    # entry): show them the progress counts and states only.
    sums_withheld: bool = False

    @property
    def provisional(self) -> bool:
        return self.state.provisional

    @property
    def withheld_note(self) -> str:
        return AGGREGATE_WITHHELD_NOTE if self.sums_withheld else ""

    @property
    def verdict(self) -> rules.Determination | None:
        """The determination where the count is complete (Art. 77), else None."""
        return self.determination if self.state.shows_verdict else None


async def unit_result(*, unit_id: int, actor: Actor, round_id: int | None = None) -> UnitResultView:
    """Sums of the sheets (approved ones; the latest entries while some are not
    approved — then provisional) and the winners under Art. 78."""
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    round_kind = RoundKind.FIRST
    if round_id is not None:
        round_kind = await queries.round_kind(round_id=round_id, unit_id=unit_id) or RoundKind.FIRST
    sums = await queries.unit_sums_of_sheets(unit_id=unit_id, round_id=round_id)
    votes = {
        row.candidate: row.votes
        for row in await queries.unit_votes(unit_id=unit_id, round_id=round_id)
    }
    candidates = await sheet_queries.ballot_candidates(unit_id=unit_id)
    already = 0
    if round_kind == RoundKind.SUPPLEMENTARY:
        # A bầu cử thêm lists only the non-winners of the result it follows (Art. 79).
        winners = await standing_winners(unit_id)
        candidates = [c for c in candidates if c.id not in winners]
        already = len(winners)
    voters_on_list = sums.voters_on_list
    if sums.reported < sums.areas_total:
        # Areas not yet reported still count in the list's total (Art. 78(1)).
        listed = await queries.unit_listed_voters(unit_id=unit_id, level=unit.level)
        voters_on_list = max(voters_on_list, listed)
    totals = rules.UnitTotals(
        level=unit.level.value,
        seats=unit.seats,
        voters_on_list=voters_on_list,
        voters_took_part=sums.took_part,
        ballots_issued=sums.issued,
        ballots_received=sums.received,
        valid=sums.valid,
        invalid=sums.invalid,
        candidates=tuple(
            rules.CandidateResult(
                candidate_id=c.id,
                full_name=c.full_name,
                date_of_birth=c.date_of_birth,
                votes=votes.get(c.id, 0),
            )
            for c in candidates
        ),
        round_kind=rules.RoundKind(round_kind.value),
        seats_already_filled=already,
    )
    return UnitResultView(
        unit_id=unit_id,
        unit_name=unit.name,
        level=unit.level,
        seats=unit.seats,
        round_id=round_id,
        round_kind=round_kind,
        areas_total=sums.areas_total,
        areas_reported=sums.reported,
        areas_verified=sums.verified,
        areas_approved=sums.approved,
        totals=totals,
        determination=rules.determine_winners(totals),
        finalized=sums.locked,
        state=rules.unit_state(
            areas_total=sums.areas_total,
            reported=sums.reported,
            approved=sums.approved,
            fixed=sums.locked,
        ),
        sums_withheld=await withholds_unit_sums(unit_id=unit_id, actor=actor, round_id=round_id),
    )


def figures_json(figures: rules.SheetFigures) -> dict[str, Any]:
    data = dataclasses.asdict(figures)
    data["votes"] = {str(k): v for k, v in figures.votes.items()}
    return data


def state_json(state: rules.UnitState) -> dict[str, Any]:
    """A unit's stage as the API and the exports give it."""
    return {
        "status": state.stage.value,
        "status_label": state.summary,
        "provisional": state.provisional,
    }


def result_json(view: UnitResultView) -> dict[str, Any]:
    """The unit's result as the API returns it: progress, totals and, on a
    complete count, the winners; before, the verdicts are null."""
    return {
        "unit_id": view.unit_id,
        "unit_name": view.unit_name,
        "level": view.level.value,
        "seats": view.seats,
        "round_id": view.round_id,
        "round_kind": view.round_kind.value,
        "areas_total": view.areas_total,
        "areas_reported": view.areas_reported,
        "areas_verified": view.areas_verified,
        "areas_approved": view.areas_approved,
        **state_json(view.state),
        "finalized": view.finalized,
        **(
            withheld_json()
            if view.sums_withheld
            else {
                "sums_withheld": False,
                **determination_json(view),
                **verdict_json(view.determination, view.state),
            }
        ),
    }


def withheld_json() -> dict[str, Any]:
    """The figures of a result kept from a typist (blind double entry): the
    same keys, null, with the reason."""
    return {
        "sums_withheld": True,
        "withheld_note": AGGREGATE_WITHHELD_NOTE,
        "turnout": None,
        "totals": None,
        **dict.fromkeys(VERDICT_FIELDS),
        "notes": [],
        "standings": [],
    }


def determination_json(view: UnitResultView) -> dict[str, Any]:
    """A unit's determination with its totals: the snapshot kept when the board
    fixes the result, and the API's result."""
    return {
        **decision_json(view.determination),
        "totals": {
            "voters_on_list": view.totals.voters_on_list,
            "voters_took_part": view.totals.voters_took_part,
            "ballots_issued": view.totals.ballots_issued,
            "ballots_received": view.totals.ballots_received,
            "valid": view.totals.valid,
            "invalid": view.totals.invalid,
        },
    }


# The verdicts of Art. 78–80 in `decision_json`: null on an incomplete count.
VERDICT_FIELDS = (
    "result_valid",
    "winners",
    "empty_seats",
    "needs_supplementary",
    "needs_rerun",
    "unresolved_tie",
)


def verdict_json(d: rules.Determination, state: rules.UnitState) -> dict[str, Any]:
    """`decision_json` where the count is complete; before, the same keys with
    the verdicts null, no notes, and each candidate's votes without "elected"."""
    decision = decision_json(d)
    if state.shows_verdict:
        return decision
    return {
        **decision,
        **dict.fromkeys(VERDICT_FIELDS),
        "notes": [],
        "standings": [{**s, "elected": None} for s in decision["standings"]],
    }


def decision_json(d: rules.Determination) -> dict[str, Any]:
    """The verdict of Art. 78-80 as JSON: turnout, validity, winners, standings."""
    return {
        "turnout": str(d.turnout),
        "result_valid": d.result_valid,
        "winners": list(d.winners),
        "empty_seats": d.empty_seats,
        "needs_supplementary": d.needs_supplementary,
        "needs_rerun": d.needs_rerun,
        "unresolved_tie": d.unresolved_tie,
        "notes": list(d.notes),
        "standings": [
            {
                "candidate_id": s.candidate_id,
                "full_name": s.full_name,
                "votes": s.votes,
                "percent": str(s.percent),
                "elected": s.elected,
            }
            for s in d.standings
        ],
    }


def is_units_board(actor: Actor, unit: structure.UnitRow) -> bool:
    """A board member of the unit: the commune's board for an HĐND xã unit,
    the province's for the others."""
    if actor.role != Role.BOARD_MEMBER:
        return False
    if unit.level == ContestLevel.COMMUNE_COUNCIL:
        return actor.commune_code == unit.commune_code
    return actor.scope_level == ScopeLevel.PROVINCE and actor.province_code == unit.province_code


@dataclass(frozen=True)
class BoardAccount:
    """What the board writes in its minutes besides the figures (Mẫu số 19/24,
    d, e, g): the events, the complaints it settled and how, those it
    forwarded, and the documents attached. Kept with the fixed result."""

    events: str = ""
    complaints_settled: str = ""
    complaints_forwarded: str = ""
    attachments: tuple[str, ...] = ()


async def finalize_unit(
    *,
    unit_id: int,
    actor: Actor,
    round_id: int | None = None,
    account: BoardAccount | None = None,
) -> UnitResultView:
    """The board fixes the unit's result (Art. 77): every sheet approved, then all locked."""
    view = await unit_result(unit_id=unit_id, actor=actor, round_id=round_id)
    unit = await structure.get_unit(unit_id=unit_id, actor=actor)
    if not is_units_board(actor, unit):
        raise Forbidden("Chỉ thành viên Ban bầu cử của đơn vị được xác định kết quả bầu cử.")
    if view.finalized:
        raise Conflict("Kết quả của đơn vị đã được xác định.")
    if not view.state.may_finalize:
        raise Conflict(view.state.finalize_refusal)
    snapshot = determination_json(view)
    snapshot["minutes"] = dataclasses.asdict(account or BoardAccount())
    async with db.transaction():
        await queries.lock_unit_sheets(unit_id=unit_id, round_id=round_id)
        await queries.lock_unit_tally(unit_id=unit_id, round_key=round_id or 0)
        await queries.insert_unit_result(
            unit_id=unit_id, round_id=round_id, determination=snapshot, finalized_by=actor.username
        )
        await audit.record(
            actor=actor,
            entity_type="electoral_unit",
            entity_id=unit_id,
            action="finalize_result",
            after=snapshot,
            summary=f"Xác định kết quả bầu cử {view.unit_name}",
        )
    # A fixed result is a moment worth sealing outside the database.
    audit.checkpoint_soon()
    return await unit_result(unit_id=unit_id, actor=actor, round_id=round_id)


async def unit_complaints(*, unit_id: int, round_id: int | None = None) -> queries.Complaints:
    """Complaints received, settled and forwarded at the unit's teams (Art. 76(2)(h))."""
    return await queries.unit_complaints(unit_id=unit_id, round_id=round_id)


async def fixed_results(*, unit_id: int) -> list[queries.FixedResult]:
    """The unit's results as its board fixed them, round by round."""
    return await queries.fixed_results(unit_id=unit_id)


def elected(results: list[queries.FixedResult]) -> list[int]:
    """The unit's deputies from its fixed results, in order: the first round's
    winners (or its re-run's: a bầu cử lại, Art. 80, or after an annulment,
    Art. 81, replaces them), then those of a bầu cử thêm (Art. 79)."""
    winners: list[int] = []
    for result in results:
        found = [int(w) for w in result.determination.get("winners", [])]
        if result.round_kind == RoundKind.SUPPLEMENTARY:
            winners += [w for w in found if w not in winners]
        else:
            winners = found
    return winners


async def unit_votes_by_commune(
    *, unit_id: int, round_id: int | None = None
) -> list[queries.CommuneVotes]:
    """Each commune of the unit with its polling areas and votes (Mẫu số 19)."""
    return await queries.unit_votes_by_commune(unit_id=unit_id, round_id=round_id)
