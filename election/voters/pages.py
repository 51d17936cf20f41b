"""Pages of voter lists: search, the area list, one voter, complaints, the public lookup."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from election.actor import Actor
from election.clock import VIETNAM
from election.elections import services as elections
from election.errors import DomainError, TooManyRequests
from election.geography import services as geography
from election.printing import voters as printing
from election.stations import services as stations
from election.voters import bulk, services
from election.voters.controllers import public_lookup, voter_history
from election.voters.tables import Exclusion, ResidenceCategory, VoterStatus
from election.web import form_date, form_int, form_text, messages_of, page, pdf_response, redirect

PAGE_SIZE = 50


def _today() -> dt.date:
    return dt.datetime.now(VIETNAM).date()


class CommuneVoterPages(Controller):
    path = "/elections/{election_id:int}/communes/{commune_code:str}"

    async def _render(
        self,
        request: Request,
        election_id: int,
        commune_code: str,
        *,
        q: str = "",
        area: int | None = None,
        status: str | None = None,
        offset: int = 0,
        errors: list[str] | None = None,
        code: int = 200,
    ) -> Template:
        actor: Actor = request.user
        election = await elections.get_election(election_id=election_id)
        commune = await geography.get_commune(commune_code)
        result = await services.search_voters(
            election_id=election_id,
            commune_code=commune_code,
            actor=actor,
            query=q,
            polling_area_id=area,
            status=VoterStatus(status) if status in VoterStatus.labels() else None,
            limit=PAGE_SIZE,
            offset=offset,
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
            result=result,
            q=q,
            area=area,
            status=status or "",
            offset=offset,
            page_size=PAGE_SIZE,
            areas=areas,
            area_counts=counts,
            totals=await services.commune_counts(
                election_id=election_id, commune_code=commune_code
            ),
            statuses=list(VoterStatus),
            can_manage=services.may_manage(actor, commune.code, commune.province_code),
            errors=errors or [],
        )

    @get("/voters", include_in_schema=False)
    async def voters(
        self,
        request: Request,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        q: Annotated[str, QueryParameter(max_length=100)] = "",
        area: Annotated[str, QueryParameter(max_length=10)] = "",
        status: Annotated[str, QueryParameter(max_length=20)] = "",
        offset: Annotated[str, QueryParameter(max_length=10)] = "0",
    ) -> Template:
        # A search form sends empty fields; they mean "any".
        return await self._render(
            request,
            election_id,
            commune_code,
            q=q,
            area=int(area) if area.isdigit() else None,
            status=status or None,
            offset=int(offset) if offset.isdigit() else 0,
        )

    @post("/voters/import", include_in_schema=False, request_max_body_size=512 * 1024 * 1024)
    async def upload(
        self, request: Request, election_id: FromPath[int], commune_code: FromPath[str]
    ) -> Template | Redirect:
        form = await request.form()
        upload = form.get("file")
        try:
            if upload is None or isinstance(upload, str) or not upload.filename:
                raise DomainError(
                    "Hãy chọn tệp CSV hoặc XLSX xuất từ Cơ sở dữ liệu quốc gia về dân cư."
                )
            batch = await bulk.stage_voters(
                election_id=election_id,
                commune_code=commune_code,
                stream=upload.file,
                filename=upload.filename,
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(
                request, election_id, commune_code, errors=messages_of(error), code=422
            )
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
        form = await request.form()
        try:
            voter_id = form_text(form, "voter_id")
            await services.register_complaint(
                election_id=election_id,
                commune_code=commune_code,
                complainant=form_text(form, "complainant"),
                complainant_personal_id=form_text(form, "complainant_personal_id"),
                received_on=form_date(form, "received_on", "Ngày nhận") or _today(),
                content=form_text(form, "content"),
                voter_id=int(voter_id) if voter_id.isdigit() else None,
                actor=request.user,
            )
        except DomainError as error:
            return await complaints_page(
                request, election_id, commune_code, errors=messages_of(error), code=422
            )
        return redirect(
            f"/elections/{election_id}/communes/{commune_code}/complaints", notice="saved"
        )


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
        today=_today(),
        can_manage=services.may_manage(actor, commune.code, commune.province_code),
        errors=errors,
    )


class ComplaintPages(Controller):
    path = "/complaints"

    @post("/{complaint_id:int}/decision", include_in_schema=False)
    async def decide(self, request: Request, complaint_id: FromPath[int]) -> Template | Redirect:
        complaint = await services.get_complaint(complaint_id=complaint_id, actor=request.user)
        form = await request.form()
        target = f"/elections/{complaint.election_id}/communes/{complaint.commune_code}/complaints"
        try:
            await services.decide_complaint(
                complaint_id=complaint_id,
                accepted=form_text(form, "outcome") == "accepted",
                decision=form_text(form, "decision"),
                decided_on=form_date(form, "decided_on", "Ngày giải quyết") or _today(),
                actor=request.user,
            )
        except DomainError as error:
            return await complaints_page(
                request,
                complaint.election_id,
                complaint.commune_code,
                errors=messages_of(error),
                code=422,
            )
        return redirect(target, notice="saved")


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
        return page(
            request,
            "voters/area.html",
            status_code=code,
            area=area,
            election=await elections.get_election(election_id=area.election_id),
            entries=await services.area_list(polling_area_id=polling_area_id, actor=actor),
            state=await services.list_state(polling_area_id=polling_area_id),
            counts=await services.area_counts(polling_area_id=polling_area_id),
            categories=[c for c in ResidenceCategory if c != ResidenceCategory.CERTIFICATE],
            can_manage=services.may_manage(actor, area.commune_code, area.province_code),
            can_check_in=not actor.is_read_only,
            errors=errors or [],
            notice_text=notice_text,
        )

    @get("/voters", include_in_schema=False)
    async def area_voters(self, request: Request, polling_area_id: FromPath[int]) -> Template:
        return await self._render(request, polling_area_id)

    @post("/voters/finalize", include_in_schema=False)
    async def finalize(
        self, request: Request, polling_area_id: FromPath[int]
    ) -> Template | Redirect:
        try:
            await services.finalize_area_list(polling_area_id=polling_area_id, actor=request.user)
        except DomainError as error:
            return await self._render(request, polling_area_id, errors=messages_of(error), code=422)
        return redirect(f"/polling-areas/{polling_area_id}/voters", notice="finalized")

    @post("/voters/post", include_in_schema=False)
    async def post_list(
        self, request: Request, polling_area_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            _, warnings = await services.post_area_list(
                polling_area_id=polling_area_id,
                posted_on=form_date(form, "posted_on", "Ngày niêm yết") or _today(),
                place=form_text(form, "place"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(request, polling_area_id, errors=messages_of(error), code=422)
        if warnings:
            return await self._render(
                request, polling_area_id, errors=[w.message for w in warnings]
            )
        return redirect(f"/polling-areas/{polling_area_id}/voters", notice="saved")

    @post("/voters/add", include_in_schema=False)
    async def add(self, request: Request, polling_area_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            born = form_date(form, "date_of_birth", "Ngày sinh")
            if born is None:
                raise DomainError("Cần nhập ngày sinh.")
            category = form_text(form, "residence_category") or "permanent"
            if category not in ResidenceCategory.labels():
                raise DomainError("Loại cư trú không hợp lệ.")
            sex = form_text(form, "sex")
            if sex not in ("male", "female"):
                raise DomainError("Cần chọn giới tính.")
            voter = await services.add_voter(
                polling_area_id=polling_area_id,
                data=services.NewVoter(
                    personal_id=form_text(form, "personal_id"),
                    full_name=form_text(form, "full_name"),
                    date_of_birth=born,
                    sex=sex,
                    ethnicity=form_text(form, "ethnicity") or "Kinh",
                    occupation=form_text(form, "occupation"),
                    permanent_address=form_text(form, "permanent_address"),
                    temporary_address=form_text(form, "temporary_address"),
                    residence_category=ResidenceCategory(category),
                    household_id=form_text(form, "household_id"),
                    is_household_head=form_text(form, "is_household_head") == "1",
                ),
                reason=form_text(form, "reason"),
                document=form_text(form, "document"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(request, polling_area_id, errors=messages_of(error), code=422)
        return redirect(f"/voters/{voter.id}", notice="saved")

    @post("/voters/check-in", include_in_schema=False)
    async def check_in(self, request: Request, polling_area_id: FromPath[int]) -> Template:
        form = await request.form()
        try:
            voter = await services.check_in(
                polling_area_id=polling_area_id,
                personal_id=form_text(form, "personal_id"),
                actor=request.user,
            )
        except DomainError as error:
            return await self._render(request, polling_area_id, errors=messages_of(error), code=409)
        return await self._render(
            request,
            polling_area_id,
            notice_text=f"Đã ghi nhận «Đã bỏ phiếu»: {voter.full_name} (thẻ số {voter.card_number}).",
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
        self, request: Request, voter_id: int, *, errors: list[str] | None = None, code: int = 200
    ) -> Template:
        actor: Actor = request.user
        voter = await services.get_voter(voter_id=voter_id, actor=actor)
        areas = await stations.list_polling_areas(
            election_id=voter.election_id, commune_code=voter.commune_code, actor=actor
        )
        from election import db

        certificate_id = await db.fetchval(
            "SELECT id FROM vote_certificate WHERE voter = $1 ORDER BY id DESC LIMIT 1", voter_id
        )
        return page(
            request,
            "voters/voter.html",
            status_code=code,
            voter=voter,
            history=await voter_history(voter_id),
            areas=[a for a in areas if a.id != voter.polling_area_id],
            exclusions=list(Exclusion),
            categories=[
                ResidenceCategory.PERMANENT,
                ResidenceCategory.TEMPORARY_LONG,
                ResidenceCategory.TEMPORARY_SHORT,
            ],
            certificate_id=certificate_id,
            can_manage=services.may_manage(actor, voter.commune_code, voter.province_code),
            errors=errors or [],
        )

    @get("/{voter_id:int}", include_in_schema=False)
    async def voter(self, request: Request, voter_id: FromPath[int]) -> Template:
        return await self._render(request, voter_id)

    @post("/{voter_id:int}/{action:str}", include_in_schema=False)
    async def act(
        self, request: Request, voter_id: FromPath[int], action: FromPath[str]
    ) -> Template | Redirect:
        form = await request.form()
        reason, document = form_text(form, "reason"), form_text(form, "document")
        try:
            if action == "strike-off":
                exclusion = form_text(form, "exclusion")
                await services.strike_off(
                    voter_id=voter_id,
                    reason=reason,
                    document=document,
                    exclusion=Exclusion(exclusion) if exclusion in Exclusion.labels() else None,
                    actor=request.user,
                )
            elif action == "restore":
                await services.restore_rights(
                    voter_id=voter_id, reason=reason, document=document, actor=request.user
                )
            elif action == "move":
                category = form_text(form, "residence_category")
                if category not in ResidenceCategory.labels():
                    raise DomainError("Cần chọn nơi cư trú mới (thường trú hoặc tạm trú).")
                moved = await services.move_voter(
                    voter_id=voter_id,
                    to_polling_area_id=form_int(form, "to_polling_area_id", "Khu vực bỏ phiếu mới"),
                    category=ResidenceCategory(category),
                    new_address=form_text(form, "new_address"),
                    reason=reason,
                    document=document,
                    actor=request.user,
                )
                return redirect(f"/voters/{moved.id}", notice="saved")
            elif action == "certificate":
                await services.issue_certificate(
                    voter_id=voter_id,
                    electronic=form_text(form, "electronic") == "1",
                    actor=request.user,
                )
            else:
                raise DomainError("Thao tác không hợp lệ.")
        except DomainError as error:
            return await self._render(request, voter_id, errors=messages_of(error), code=422)
        return redirect(f"/voters/{voter_id}", notice="saved")


class CertificatePages(Controller):
    path = "/certificates"

    @get("/{certificate_id:int}.pdf", include_in_schema=False)
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


class LookupPages(Controller):
    """Tra cứu: a citizen finds where to vote (public, no sign-in)."""

    path = "/tra-cuu"

    @get("/", opt={"public": True}, include_in_schema=False)
    async def form(self, request: Request) -> Template:
        return page(
            request, "voters/lookup.html", result=None, error="", personal_id="", date_of_birth=""
        )

    @post("/", opt={"public": True}, include_in_schema=False)
    async def search(self, request: Request) -> Template:
        form = await request.form()
        personal_id = form_text(form, "personal_id")
        birth_text = form_text(form, "date_of_birth")
        client = request.client.host if request.client else "unknown"
        error = ""
        result = None
        code = 200
        try:
            born = form_date(form, "date_of_birth", "Ngày sinh")
            if not (personal_id.isdigit() and len(personal_id) == 12) or born is None:
                raise DomainError(
                    "Nhập số định danh cá nhân (12 chữ số) và ngày sinh (ngày/tháng/năm)."
                )
            result = await public_lookup(personal_id, born, client)
        except TooManyRequests as limited:
            error, code = limited.detail, 429
        except DomainError as invalid:
            error, code = invalid.detail, 422
        return page(
            request,
            "voters/lookup.html",
            status_code=code,
            result=result,
            error=error,
            personal_id=personal_id,
            date_of_birth=birth_text,
        )
