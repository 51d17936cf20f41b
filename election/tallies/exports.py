"""Results of many units at once: the set-based aggregation behind the
national view, the CSV of every tally sheet, the JSON of every unit and the
NIST Common Data Format report.

One query sums every unit's sheets and one sums every candidate's votes, so a
national aggregate is three queries whatever the number of units; the winners
are then decided per unit by the pure `rules.determine_winners`.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
from dataclasses import dataclass
from typing import Any

from election import db, sql
from election.actor import Actor
from election.elections import services as elections
from election.elections.tables import ContestLevel
from election.geography import services as geography
from election.tallies import cdf, rules, services
from election.tallies.live import Scope
from election.tallies.queries import aggregate as queries
from election.tallies.services.results import state_json, verdict_json, withheld_json


@dataclass(frozen=True)
class UnitAggregate:
    unit_id: int
    unit_name: str
    unit_number: int
    contest_id: int
    contest_name: str
    level: ContestLevel
    province_code: str
    province_name: str
    commune_code: str | None
    commune_name: str | None
    areas_total: int
    areas_reported: int
    areas_approved: int
    finalized: bool
    totals: rules.UnitTotals
    # Computed on any count; show it only through `verdict`.
    determination: rules.Determination
    state: rules.UnitState

    @property
    def provisional(self) -> bool:
        return self.state.provisional

    @property
    def verdict(self) -> rules.Determination | None:
        """The determination where the count is complete (Art. 77), else None."""
        return self.determination if self.state.shows_verdict else None


async def aggregate_units(
    *, election_id: int, scope: Scope, contest_ids: list[int] | None = None
) -> list[UnitAggregate]:
    """First-round results of every unit in scope (Art. 77, 78), of the
    contests `contest_ids` (None: all)."""
    in_scope = {
        "election_id": election_id,
        "province_code": scope.province_code,
        "commune_code": scope.commune_code,
        "contest_ids": contest_ids,
    }
    # Independent statements over the same units, run side by side on separate
    # connections so PostgreSQL works on them in parallel. They read the
    # running sums (unit_tally, kept by every sheet change) instead of the
    # sheets themselves: a few shard rows per unit and per candidate.
    units, candidate_rows = await db.concurrently(
        queries.units_with_sums(**in_scope), queries.candidate_votes(**in_scope)
    )
    candidates: dict[int, list[rules.CandidateResult]] = {}
    result_of = rules.CandidateResult
    for candidate_id, unit_id, full_name, born, votes in candidate_rows:
        candidates.setdefault(unit_id, []).append(result_of(candidate_id, full_name, born, votes))
    unreported = {
        row.unit: row.listed
        for row in await queries.listed_in_unreported_areas(
            unit_ids=[u.id for u in units if u.reported < u.areas_total]
        )
    }
    # Tens of thousands of small objects and no cycles among them: the cyclic
    # collector would only rescan them over and over.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _aggregates(units, candidates, unreported)
    finally:
        if gc_was_enabled:
            gc.enable()


def _aggregates(
    units: list[queries.UnitRunningSums],
    candidates: dict[int, list[rules.CandidateResult]],
    unreported: dict[int, int],
) -> list[UnitAggregate]:
    result: list[UnitAggregate] = []
    for u in units:
        totals = rules.UnitTotals(
            level=u.level.value,
            seats=u.seats,
            voters_on_list=u.voters_on_list + unreported.get(u.id, 0),
            voters_took_part=u.took_part,
            ballots_issued=u.issued,
            ballots_received=u.received,
            valid=u.valid,
            invalid=u.invalid,
            candidates=tuple(candidates.get(u.id, ())),
        )
        result.append(
            UnitAggregate(
                unit_id=u.id,
                unit_name=u.name,
                unit_number=u.number,
                contest_id=u.contest_id,
                contest_name=u.contest_name,
                level=u.level,
                province_code=u.province_code,
                province_name=u.province_name,
                commune_code=u.commune_code,
                commune_name=u.commune_name,
                areas_total=u.areas_total,
                areas_reported=u.reported,
                areas_approved=u.approved,
                finalized=u.locked,
                totals=totals,
                determination=rules.determine_winners(totals),
                state=_state(u),
            )
        )
    return result


def _state(u: queries.UnitRunningSums) -> rules.UnitState:
    return rules.unit_state(
        areas_total=u.areas_total, reported=u.reported, approved=u.approved, fixed=u.locked
    )


def aggregate_json(aggregate: UnitAggregate, *, withheld: bool = False) -> dict[str, Any]:
    """A unit's aggregate; its figures null (`withheld_json`) for a reader the
    blind double entry keeps them from."""
    t = aggregate.totals
    data = {
        "unit_id": aggregate.unit_id,
        "unit_name": aggregate.unit_name,
        "unit_number": aggregate.unit_number,
        "contest_id": aggregate.contest_id,
        "contest_name": aggregate.contest_name,
        "level": aggregate.level.value,
        "province_code": aggregate.province_code,
        "commune_code": aggregate.commune_code,
        "seats": t.seats,
        "areas_total": aggregate.areas_total,
        "areas_reported": aggregate.areas_reported,
        "areas_approved": aggregate.areas_approved,
        **state_json(aggregate.state),
        "finalized": aggregate.finalized,
        "voters_on_list": t.voters_on_list,
        "voters_took_part": t.voters_took_part,
        "ballots_issued": t.ballots_issued,
        "ballots_received": t.ballots_received,
        "valid": t.valid,
        "invalid": t.invalid,
        "sums_withheld": False,
        **verdict_json(aggregate.determination, aggregate.state),
    }
    if withheld:
        data |= dict.fromkeys(_FIGURE_KEYS) | withheld_json()
        del data["totals"]
    return data


# The figures of `aggregate_json` that come from the typed sheets.
_FIGURE_KEYS = (
    "voters_on_list",
    "voters_took_part",
    "ballots_issued",
    "ballots_received",
    "valid",
    "invalid",
)


async def _withheld(actor: Actor, election_id: int, scope: Scope) -> services.Withheld:
    return await services.withheld_in_scope(
        actor=actor,
        election_id=election_id,
        province_code=scope.province_code,
        commune_code=scope.commune_code,
    )


@db.reads
async def unit_results(*, election_id: int, scope: Scope, actor: Actor) -> list[dict[str, Any]]:
    await elections.get_election(election_id=election_id)
    withheld = await _withheld(actor, election_id, scope)
    return [
        aggregate_json(a, withheld=a.unit_id in withheld.units)
        for a in await aggregate_units(election_id=election_id, scope=scope)
    ]


@db.reads
async def results_csv(*, election_id: int, scope: Scope, actor: Actor) -> bytes:
    """Every entered sheet of the scope, one line per candidate, straight from
    PostgreSQL's COPY (a national file has about a million lines). Each line
    says whether its unit's figures are provisional ("Tạm tính")."""
    await elections.get_election(election_id=election_id)
    statuses = await _unit_statuses(election_id=election_id, scope=scope, actor=actor)
    withheld = await _withheld(actor, election_id, scope)
    buffer = io.BytesIO()
    async with db.connection() as conn:
        text, arguments = sql.bind(
            queries.results_csv_rows,
            election_id=election_id,
            province_code=scope.province_code,
            commune_code=scope.commune_code,
            status_units=[unit for unit, _ in statuses],
            status_rounds=[round_key for _, round_key in statuses],
            statuses=list(statuses.values()),
            # Blind double entry: the lines of a sheet the reader has still to
            # type keep its state and lose another's figures.
            withheld_sheets=sorted(withheld.sheets),
        )
        await conn.copy_from_query(
            text,
            *arguments,
            output=buffer,
            format="csv",
            header=True,
        )
    return "\ufeff".encode() + buffer.getvalue()


def status_text(state: rules.UnitState) -> str:
    """A unit's stage as the exports write it: "Tạm tính: Đang kiểm phiếu (1/7
    biên bản đã phê duyệt)", "Đã đủ biên bản, …", "Đã xác định kết quả"."""
    return f"Tạm tính: {state.summary}" if state.provisional else state.summary


async def _unit_statuses(
    *, election_id: int, scope: Scope, actor: Actor
) -> dict[tuple[int, int], str]:
    """The stage of every unit of the scope in every round, keyed by (unit,
    round id or 0 for the first round)."""
    in_scope = {
        "election_id": election_id,
        "province_code": scope.province_code,
        "commune_code": scope.commune_code,
        "contest_ids": None,
    }
    statuses = {
        (u.id, 0): status_text(_state(u)) for u in await queries.units_with_sums(**in_scope)
    }
    for r in await queries.rounds_in_scope(**in_scope):
        view = await services.unit_result(unit_id=r.unit, actor=actor, round_id=r.id)
        statuses[(r.unit, r.id)] = status_text(view.state)
    return statuses


_COUNT_STATUS = {
    rules.UnitStage.NO_AREAS: "not-processed",
    rules.UnitStage.NO_SHEETS: "not-processed",
    rules.UnitStage.COUNTING: "in-process",
    rules.UnitStage.COMPLETE: "completed",
    rules.UnitStage.FIXED: "completed",
}


@db.reads
async def cdf_report(
    *, election_id: int, scope: Scope, actor: Actor, with_areas: bool = False
) -> dict[str, Any]:
    election = await elections.get_election(election_id=election_id)
    aggregates = await aggregate_units(election_id=election_id, scope=scope)
    # Blind double entry: a unit whose sums count a typing the reader has still
    # to make is left out of their report (its figures would be that typing).
    withheld = await _withheld(actor, election_id, scope)
    aggregates = [a for a in aggregates if a.unit_id not in withheld.units]
    area_rows: dict[int, list[dict[str, Any]]] = {}
    if with_areas:
        area_rows = await _area_results([a.unit_id for a in aggregates])
    units = []
    for a in aggregates:
        # Nobody is elected on an incomplete count (Art. 77).
        winners = set(a.verdict.winners) if a.verdict else set[int]()
        if a.level == ContestLevel.COMMUNE_COUNCIL:
            area = {"id": a.commune_code, "name": a.commune_name, "type": "commune"}
        else:
            area = {"id": a.province_code, "name": a.province_name, "type": "province"}
        units.append(
            {
                "id": a.unit_id,
                "contest_id": a.contest_id,
                "contest_name": a.contest_name,
                "level": a.level.value,
                "name": a.unit_name,
                "seats": a.totals.seats,
                "area": area,
                "voters_on_list": a.totals.voters_on_list,
                "voters_took_part": a.totals.voters_took_part,
                "ballots_received": a.totals.ballots_received,
                "valid": a.totals.valid,
                "invalid": a.totals.invalid,
                "candidates": [
                    {
                        "id": c.candidate_id,
                        "full_name": c.full_name,
                        "votes": c.votes,
                        "elected": c.candidate_id in winners,
                    }
                    for c in a.totals.candidates
                ],
                "polling_areas": area_rows.get(a.unit_id, []),
                "count_status": _COUNT_STATUS[a.state.stage],
            }
        )
    provisional = sum(1 for a in aggregates if a.provisional)
    if not aggregates:
        status = "pre-election"
    elif all(a.state.stage == rules.UnitStage.FIXED for a in aggregates):
        status = "certified"
    elif not provisional:
        status = "unofficial-complete"
    else:
        status = "unofficial-partial"
    scope_info = None
    if scope.commune_code:
        commune = await geography.get_commune(scope.commune_code)
        scope_info = {"id": scope.commune_code, "name": commune.name, "type": "commune"}
    elif scope.province_code:
        province = await geography.get_province(scope.province_code)
        scope_info = {"id": scope.province_code, "name": province.name, "type": "province"}
    return cdf.election_report(
        election={
            "id": election.id,
            "name": election.name,
            "election_day": election.election_day,
            "issuer": "Hội đồng bầu cử quốc gia",
            "scope": scope_info,
        },
        units=units,
        generated_at=dt.datetime.now(dt.UTC),
        status=status,
        notes=" ".join(
            note
            for note in (
                f"Số liệu tạm tính: {provisional} đơn vị bầu cử chưa đủ biên bản kiểm phiếu được "
                "phê duyệt, chưa xác định người trúng cử (Điều 77)."
                if provisional
                else "",
                f"Chưa gồm {len(withheld.units)} đơn vị bầu cử: {withheld.note}"
                if withheld
                else "",
            )
            if note
        ),
    )


async def _area_results(unit_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    result: dict[int, list[dict[str, Any]]] = {}
    for r in await queries.area_results(unit_ids=unit_ids):
        result.setdefault(r.unit, []).append(
            {
                "id": r.id,
                "name": f"Khu vực bỏ phiếu số {r.number} – {r.name}",
                "voters_on_list": r.voters_on_list,
                "voters_took_part": r.voters_took_part,
                "valid": r.valid,
                "invalid": r.invalid,
                "votes": r.votes,
            }
        )
    return result


async def rebuild_unit_tallies(*, election_id: int) -> int:
    """Recompute every running unit tally of an election from its sheets (after a
    bulk load, or to repair); returns the number of unit rows written."""
    async with db.transaction():
        await queries.delete_candidate_sums(election_id=election_id)
        await queries.delete_unit_sums(election_id=election_id)
        written = await queries.insert_unit_sums(election_id=election_id)
        await queries.insert_candidate_sums(election_id=election_id)
    return written
