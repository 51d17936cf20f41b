"""Pages of voter lists: search, the area list, one voter, complaints (the public
lookup's page is `lookup_pages`).

Forms validate through the Input schemas of the JSON API (`schemas.py`) and
call the same services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from election.actor import Actor
from election.elections import services as elections
from election.elections import training_clock
from election.errors import Forbidden
from election.geography import services as geography
from election.imports.services import BatchSummary
from election.paging import Page, page_request
from election.printing import voters as printing
from election.schemas import RevealIn
from election.stations import services as stations
from election.voters import bulk, rules, services
from election.voters.controllers import (
    MAX_VOTER_FILE_BYTES,
    add_entry,
    issue_certificate,
    issue_soldier_certificate,
)
from election.voters.schemas import (
    CertificateIn,
    Change,
    CheckInIn,
    ComplaintIn,
    DecisionIn,
    MoveIn,
    PostListIn,
    RegisterByNumberIn,
    SoldierCertificateIn,
    StrikeOffIn,
    VoterIn,
)
from election.voters.tables import Exclusion, ResidenceCategory, VoterStatus
from election.web import (
    FormState,
    form_action,
    form_text,
    form_values,
    page,
    parse_form,
    pdf_response,
    redirect,
    refusing,
    uploaded_file,
)


def _filter_choices() -> dict[str, Any]:
    """The choices of a voter list's filters (the search form's <select>s)."""
    return {
        "statuses": list(VoterStatus),
        "sexes": services.SEXES,
        "list_categories": list(ResidenceCategory),
    }


async def _today(election_id: int) -> dt.date:
    """The election's day (its training clock shifts it): a form's default date."""
    return await training_clock.today_for(election_id)


class CommuneVoterPages(Controller):
    path = "/elections/{election_id:int}/communes/{commune_code:str}"

    async def _render(
        self,
        request: Request,
        election_id: int,
        commune_code: str,
        *,
        errors: list[str] | None = None,
        code: int = 200,
    ) -> Template:
        """The commune's lists: a search with filters and numbered pages (all
        kept in the URL), the counts by polling area, the import."""
        actor: Actor = request.user
        election = await elections.get_election(election_id=election_id)
        commune = await geography.get_commune(commune_code)
        where = services.VoterFilter.from_query(request.query_params)
        result = await services.commune_page(
            election_id=election_id,
            commune_code=commune_code,
            actor=actor,
            where=where,
            page=page_request(request.query_params),
        )
        areas = await stations.list_polling_areas(
            election_id=election_id, commune_code=commune_code, actor=actor
        )
        counts = await services.counts_by_area(election_id=election_id, commune_code=commune_code)
        return page(
            request,
            "voters/commune.html",
            status_code=code,
            election=election,
            commune=commune,
            result=Page.of(
                result.voters,
                total=result.total,
                request=result.request,
                filters=where.url_filters(),
                noun="cử tri",
            ),
            where=where,
            areas=areas,
            area_counts=counts,
            totals=await services.commune_counts(
                election_id=election_id, commune_code=commune_code
            ),
            **_filter_choices(),
            can_manage=services.may_manage(actor, commune.code, commune.province_code),
            errors=errors or [],
        )

    @get("/voters", include_in_schema=False)
    async def voters(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template:
        # ?q=&area=&status=&sex=&category=&page=&size=: read by VoterFilter and paging.
        return await self._render(request, election_id, commune_code)

    @post("/voters/import", include_in_schema=False, request_max_body_size=MAX_VOTER_FILE_BYTES)
    async def upload(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template | Redirect:
        async def stage() -> BatchSummary:
            upload = uploaded_file(await request.form())
            return await bulk.stage_voters(
                election_id=election_id,
                commune_code=commune_code,
                stream=upload.file,
                filename=upload.filename,
                actor=request.user,
            )

        async def refused(state: FormState) -> Template:
            return await self._render(
                request, election_id, commune_code, errors=state.messages, code=422
            )

        batch = await refusing(stage(), refused)
        if isinstance(batch, Template):
            return batch
        return redirect(f"/imports/{batch.id}")

    @get("/complaints", include_in_schema=False)
    async def complaints(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template:
        return await complaints_page(request, election_id, commune_code, errors=[])

    @post("/complaints", include_in_schema=False)
    async def register(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template | Redirect:
        values = form_values(await request.form(), ComplaintIn)
        values.setdefault("received_on", await _today(election_id))  # the form shows today

        async def act() -> None:
            data = parse_form(ComplaintIn, values)
            await services.register_complaint(
                election_id=election_id,
                commune_code=commune_code,
                actor=request.user,
                **data.model_dump(),
            )

        return await _saved_from_complaints_page(request, election_id, commune_code, act())


async def _saved_from_complaints_page(
    request: Request, election_id: int, commune_code: str, save: Awaitable[None]
) -> Template | Redirect:
    """`save` a form of a commune's complaints page; back to the page, or the page
    again with the refusal."""

    async def refused(state: FormState) -> Template:
        return await complaints_page(
            request, election_id, commune_code, errors=state.messages, code=422
        )

    result = await refusing(save, refused)
    if isinstance(result, Template):
        return result
    return redirect(f"/elections/{election_id}/communes/{commune_code}/complaints", notice="saved")


async def complaints_page(
    request: Request, election_id: int, commune_code: str, *, errors: list[str], code: int = 200
) -> Template:
    actor: Actor = request.user
    commune = await geography.get_commune(commune_code)
    return page(
        request,
        "voters/complaints.html",
        status_code=code,
        election=await elections.get_election(election_id=election_id),
        commune=commune,
        complaints=await services.list_complaints(
            election_id=election_id, commune_code=commune_code, actor=actor
        ),
        today=await _today(election_id),
        can_manage=services.may_manage(actor, commune.code, commune.province_code),
        errors=errors,
    )


class ComplaintPages(Controller):
    path = "/complaints"

    @post("/{complaint_id:int}/decision", include_in_schema=False)
    async def decide(self, request: Request, complaint_id: FromPath[int]) -> Template | Redirect:
        complaint = await services.get_complaint(complaint_id=complaint_id, actor=request.user)
        form = await request.form()
        # The page chooses the outcome from a list; the API sends `accepted`.
        values: dict[str, Any] = {
            "decided_on": await _today(complaint.election_id),
            **form_values(form, DecisionIn),
            "accepted": form.get("outcome") == "accepted",
        }

        async def act() -> None:
            data = parse_form(DecisionIn, values)
            await services.decide_complaint(
                complaint_id=complaint_id, actor=request.user, **data.model_dump()
            )

        return await _saved_from_complaints_page(
            request, complaint.election_id, complaint.commune_code, act()
        )


async def _area_page(
    request: Request, polling_area_id: int, actor: Actor
) -> tuple[services.VoterFilter, Page[Any]]:
    """A page of the area's list as its URL asks (`?q=&status=&sex=&category=&page=&size=`)."""
    where = services.VoterFilter.from_query(request.query_params, with_area=False)
    result = await services.area_page(
        polling_area_id=polling_area_id,
        actor=actor,
        where=where,
        page=page_request(request.query_params),
    )
    return where, Page.of(
        result.voters,
        total=result.total,
        request=result.request,
        filters=where.url_filters(),
        noun="cử tri",
    )


class AreaVoterPages(Controller):
    path = "/polling-areas/{polling_area_id:int}"

    async def _render(
        self,
        request: Request,
        polling_area_id: int,
        *,
        errors: list[str] | None = None,
        code: int = 200,
        notice_text: str = "",
    ) -> Template:
        actor: Actor = request.user
        area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=actor)
        where, entries = await _area_page(request, polling_area_id, actor)
        return page(
            request,
            "voters/area.html",
            status_code=code,
            area=area,
            election=await elections.get_election(election_id=area.election_id),
            where=where,
            entries=entries,
            state=await services.list_state(polling_area_id=polling_area_id),
            counts=await services.area_counts(polling_area_id=polling_area_id),
            categories=[c for c in ResidenceCategory if c != ResidenceCategory.CERTIFICATE],
            **_filter_choices(),
            can_manage=services.may_manage(actor, area.commune_code, area.province_code),
            can_check_in=not actor.is_read_only,
            errors=errors or [],
            notice_text=notice_text,
        )

    def _refused(
        self, request: Request, polling_area_id: int, code: int = 422
    ) -> Callable[[FormState], Awaitable[Template]]:
        async def refused(state: FormState) -> Template:
            return await self._render(request, polling_area_id, errors=state.messages, code=code)

        return refused

    @get("/voters", include_in_schema=False)
    async def area_voters(self, request: Request, polling_area_id: FromPath[int]) -> Template:
        return await self._render(request, polling_area_id)

    @post("/voters/finalize", include_in_schema=False)
    async def finalize(
        self, request: Request, polling_area_id: FromPath[int]
    ) -> Template | Redirect:
        refusal = ""
        if form_text(await request.form(), "confirm") != "1":
            # Card numbers cannot be taken back once given: asked twice.
            refusal = "Đánh dấu ô xác nhận trước khi chốt danh sách và đánh số thẻ cử tri."
        elif not (await services.area_counts(polling_area_id=polling_area_id)).total:
            refusal = "Chưa thể chốt: danh sách chưa có cử tri nào."
        if refusal:
            return await self._render(request, polling_area_id, errors=[refusal], code=422)
        result = await refusing(
            services.finalize_area_list(polling_area_id=polling_area_id, actor=request.user),
            self._refused(request, polling_area_id),
        )
        if isinstance(result, Template):
            return result
        return redirect(f"/polling-areas/{polling_area_id}/voters", notice="finalized")

    @post("/voters/post", include_in_schema=False)
    async def post_list(
        self, request: Request, polling_area_id: FromPath[int]
    ) -> Template | Redirect:
        area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=request.user)
        posted_on = await _today(area.election_id)
        values = {"posted_on": posted_on, **form_values(await request.form(), PostListIn)}

        async def act() -> list[str]:
            data = parse_form(PostListIn, values)
            _, warnings = await services.post_area_list(
                polling_area_id=polling_area_id, actor=request.user, **data.model_dump()
            )
            return [w.message for w in warnings]

        result = await refusing(act(), self._refused(request, polling_area_id))
        if isinstance(result, Template):
            return result
        if result:
            return await self._render(request, polling_area_id, errors=result)
        return redirect(f"/polling-areas/{polling_area_id}/voters", notice="saved")

    @post("/voters/add", include_in_schema=False)
    async def add(self, request: Request, polling_area_id: FromPath[int]) -> Template | Redirect:
        async def act(data: VoterIn) -> services.VoterRow:
            return await add_entry(polling_area_id=polling_area_id, data=data, actor=request.user)

        return await form_action(
            request,
            VoterIn,
            act,
            done=lambda voter: redirect(f"/voters/{voter.id}", notice="saved"),
            refused=self._refused(request, polling_area_id),
        )

    @post("/voters/register-certificate", include_in_schema=False)
    async def register_certificate(
        self, request: Request, polling_area_id: FromPath[int]
    ) -> Template | Redirect:
        """A certificate holder written on this area's list (Art. 31(2), 34)."""
        area = await stations.get_polling_area(polling_area_id=polling_area_id, actor=request.user)
        values = {
            **form_values(await request.form(), RegisterByNumberIn),
            "polling_area_id": polling_area_id,
        }

        async def act() -> services.VoterRow:
            data = parse_form(RegisterByNumberIn, values)
            return await services.register_certificate_holder(
                election_id=area.election_id,
                number=data.number,
                polling_area_id=polling_area_id,
                actor=request.user,
            )

        result = await refusing(act(), self._refused(request, polling_area_id))
        if isinstance(result, Template):
            return result
        return redirect(f"/voters/{result.id}", notice="saved")

    @post("/voters/check-in", include_in_schema=False)
    async def check_in(self, request: Request, polling_area_id: FromPath[int]) -> Template:
        async def act(data: CheckInIn) -> Template:
            voter = await services.check_in(
                polling_area_id=polling_area_id, personal_id=data.personal_id, actor=request.user
            )
            return await self._render(
                request,
                polling_area_id,
                notice_text=f"Đã ghi nhận «Đã bỏ phiếu»: {voter.full_name} "
                f"(thẻ số {voter.card_number}).",
            )

        return await form_action(
            request,
            CheckInIn,
            act,
            done=lambda rendered: rendered,
            refused=self._refused(request, polling_area_id, code=409),
        )

    @get("/voter-list.pdf", include_in_schema=False)
    async def list_pdf(self, request: Request, polling_area_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(
            await printing.voter_list_pdf(polling_area_id=polling_area_id, actor=request.user)
        )

    @get("/voter-cards.pdf", include_in_schema=False)
    async def cards_pdf(self, request: Request, polling_area_id: FromPath[int]) -> Response[bytes]:
        return pdf_response(
            await printing.voter_cards_pdf(polling_area_id=polling_area_id, actor=request.user)
        )


class VoterPages(Controller):
    path = "/voters"

    async def _render(
        self,
        request: Request,
        voter_id: int,
        *,
        errors: list[str] | None = None,
        code: int = 200,
        revealed: str = "",
    ) -> Template:
        """The entry's page; its personal ID masked unless `revealed` (just asked
        for, with a reason, and audited)."""
        actor: Actor = request.user
        voter = await services.get_voter(voter_id=voter_id, actor=actor)
        areas = await stations.list_polling_areas(
            election_id=voter.election_id, commune_code=voter.commune_code, actor=actor
        )
        return page(
            request,
            "voters/voter.html",
            status_code=code,
            voter=voter,
            history=await services.voter_history(voter),
            areas=[a for a in areas if a.id != voter.polling_area_id],
            exclusions=list(Exclusion),
            categories=list(rules.HOME_CATEGORIES),
            communes=await geography.list_communes(province_code=voter.province_code),
            certificate_id=await services.latest_certificate_id(voter=voter),
            can_manage=services.may_manage(actor, voter.commune_code, voter.province_code),
            can_reveal=services.may_reveal(actor, voter),
            revealed=revealed,
            errors=errors or [],
        )

    def _refused(
        self, request: Request, voter_id: int
    ) -> Callable[[FormState], Awaitable[Template]]:
        async def refused(state: FormState) -> Template:
            return await self._render(request, voter_id, errors=state.messages, code=422)

        return refused

    async def _change(
        self,
        request: Request,
        voter_id: int,
        schema: type[Change],
        change: Callable[..., Awaitable[services.VoterRow]],
    ) -> Template | Redirect:
        """A change of Art. 30 posted from the entry's page: `change` is called with
        the entry, the actor and the form's fields; then the changed entry's page
        (after a move, the new entry's)."""

        async def act(data: Change) -> services.VoterRow:
            return await change(voter_id=voter_id, actor=request.user, **data.model_dump())

        return await form_action(
            request,
            schema,
            act,
            done=lambda changed: redirect(f"/voters/{changed.id}", notice="saved"),
            refused=self._refused(request, voter_id),
        )

    @get("/{voter_id:int}", include_in_schema=False)
    async def voter(self, request: Request, voter_id: FromPath[int]) -> Template:
        return await self._render(request, voter_id)

    @post("/{voter_id:int}/personal-id", include_in_schema=False)
    async def reveal_personal_id(self, request: Request, voter_id: FromPath[int]) -> Template:
        """Hiện số định danh: the full ID on this one answer, the reason audited."""
        voter = await services.get_voter(voter_id=voter_id, actor=request.user)
        if not services.may_reveal(request.user, voter):
            # Refused outright (403), as the API does, not re-rendered as a form error.
            raise Forbidden(
                "Chỉ cán bộ quản lý danh sách của xã, phường này được xem số định danh."
            )

        async def act(data: RevealIn) -> Template:
            full = await services.reveal_personal_id(
                voter=voter, reason=data.reason, actor=request.user
            )
            return await self._render(request, voter_id, revealed=full)

        return await form_action(
            request,
            RevealIn,
            act,
            done=lambda shown: shown,
            refused=self._refused(request, voter_id),
        )

    @post("/{voter_id:int}/strike-off", include_in_schema=False)
    async def strike_off(self, request: Request, voter_id: FromPath[int]) -> Template | Redirect:
        return await self._change(request, voter_id, StrikeOffIn, services.strike_off)

    @post("/{voter_id:int}/restore", include_in_schema=False)
    async def restore(self, request: Request, voter_id: FromPath[int]) -> Template | Redirect:
        return await self._change(request, voter_id, Change, services.restore_rights)

    @post("/{voter_id:int}/move", include_in_schema=False)
    async def move(self, request: Request, voter_id: FromPath[int]) -> Template | Redirect:
        return await self._change(request, voter_id, MoveIn, services.move_voter)

    async def _issue(
        self,
        request: Request,
        voter_id: int,
        schema: type[CertificateIn] | type[SoldierCertificateIn],
        issue: Callable[..., Awaitable[services.CertificateRow]],
    ) -> Template | Redirect:
        """A certificate (Mẫu số 11 or 12/HĐBC) issued from the entry's page: back to it."""

        async def act(data: CertificateIn | SoldierCertificateIn) -> services.CertificateRow:
            return await issue(voter_id=voter_id, data=data, actor=request.user)

        return await form_action(
            request,
            schema,
            act,
            done=lambda _: redirect(f"/voters/{voter_id}", notice="saved"),
            refused=self._refused(request, voter_id),
        )

    @post("/{voter_id:int}/certificate", include_in_schema=False)
    async def certificate(self, request: Request, voter_id: FromPath[int]) -> Template | Redirect:
        return await self._issue(request, voter_id, CertificateIn, issue_certificate)

    @post("/{voter_id:int}/soldier-certificate", include_in_schema=False)
    async def soldier_certificate(
        self, request: Request, voter_id: FromPath[int]
    ) -> Template | Redirect:
        return await self._issue(request, voter_id, SoldierCertificateIn, issue_soldier_certificate)


class CertificatePages(Controller):
    path = "/certificates"

    @get("/{certificate_id:int}/certificate.pdf", include_in_schema=False)
    async def certificate_pdf(
        self, request: Request, certificate_id: FromPath[int]
    ) -> Response[bytes]:
        return pdf_response(
            await printing.certificate_pdf(certificate_id=certificate_id, actor=request.user)
        )


class VoterHomePages(Controller):
    """ "Cử tri" in the navigation: the actor's commune list, or the communes to choose from."""

    path = "/voters"

    @get("/", include_in_schema=False)
    async def home(self, request: Request) -> Redirect:
        actor: Actor = request.user
        election = await elections.default_election()
        if election is None:
            return redirect("/")
        if actor.commune_code:
            return redirect(f"/elections/{election.id}/communes/{actor.commune_code}/voters")
        return redirect("/structure", election=str(election.id))
