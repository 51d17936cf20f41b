"""JSON API of voter lists, and the public lookup."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, MultipartBody, QueryParameter

from election.accounts.guards import roles
from election.actor import Actor, Role
from election.audit.controllers import AuditEventOut
from election.elections import services as elections
from election.elections import structure
from election.elections.public import UnitList
from election.imports.controllers import ImportUpload
from election.imports.limits import VOTER_LIST
from election.imports.schemas import BatchOut
from election.masking import mask_personal_fields, mask_personal_id
from election.printing import voters as printing
from election.schemas import RevealIn, ViolationOut
from election.settings import Settings
from election.stations import services as stations
from election.voters import bulk, services
from election.voters.schemas import (
    CertificateIn,
    CertificateOut,
    Change,
    CheckInIn,
    ComplaintIn,
    ComplaintOut,
    ComplaintSaved,
    CountsOut,
    DecisionIn,
    ElectionSettingsIn,
    ListStateOut,
    LookupBallotsOut,
    LookupCandidateOut,
    LookupCertificateOut,
    LookupHoursOut,
    LookupIn,
    LookupOut,
    LookupUnitOut,
    MoveIn,
    PostedOut,
    PostListIn,
    RegisterCertificateIn,
    RevealedOut,
    SoldierCertificateIn,
    StrikeOffIn,
    VoterIn,
    VoterOut,
    VoterPageOut,
)
from election.voters.services import public
from election.voters.services.access import commune_in_scope
from election.voters.services.public import LookupAnswer
from election.voters.tables import VoterStatus
from election.web import pdf_response, vn_date

# Voter lists can be large: allow uploads up to the voter list's limit (the
# file is then checked by `imports.limits`, with a message that names it),
# plus the multipart envelope. Litestar holds the whole body in memory.
MAX_VOTER_FILE_BYTES = VOTER_LIST.max_bytes + 64 * 1024


def voter_out(voter: services.VoterRow) -> VoterOut:
    """An entry as the API answers it: the personal ID masked (the full one
    through `POST /api/v1/voters/{id}/personal-id`, with a reason, audited)."""
    out = VoterOut.model_validate(voter)
    return out.model_copy(update={"personal_id": mask_personal_id(voter.personal_id)})


async def add_entry(*, polling_area_id: int, data: VoterIn, actor: Actor) -> services.VoterRow:
    """The citizen `data` describes, added to the area's list with the change's
    reason and document (the API and the area page)."""
    return await services.add_voter(
        polling_area_id=polling_area_id,
        data=services.NewVoter(
            **data.model_dump(exclude={"reason", "document", "accept_birth_code"})
        ),
        reason=data.reason,
        document=data.document,
        accept_birth_code=data.accept_birth_code,
        actor=actor,
    )


async def issue_certificate(
    *, voter_id: int, data: CertificateIn, actor: Actor
) -> services.CertificateRow:
    """Mẫu số 11/HĐBC from the API's body or the voter page's form."""
    return await services.issue_certificate(voter_id=voter_id, actor=actor, **data.model_dump())


async def issue_soldier_certificate(
    *, voter_id: int, data: SoldierCertificateIn, actor: Actor
) -> services.CertificateRow:
    """Mẫu số 12/HĐBC from the API's body or the voter page's form."""
    return await services.issue_soldier_certificate(
        voter_id=voter_id, actor=actor, **data.model_dump()
    )


class CommuneVotersController(Controller):
    path = "/api/v1/elections/{election_id:int}/communes/{commune_code:str}"
    tags = ["Danh sách cử tri"]

    @get("/voters", summary="Tìm cử tri (số định danh, họ tên có hoặc không dấu)")
    async def search(
        self,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        request: Request,
        q: Annotated[str, QueryParameter(max_length=100)] = "",
        area: Annotated[int | None, QueryParameter(ge=1)] = None,
        status: Annotated[VoterStatus | None, QueryParameter()] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> VoterPageOut:
        page = await services.search_voters(
            election_id=election_id,
            commune_code=commune_code,
            actor=request.user,
            query=q,
            polling_area_id=area,
            status=status,
            limit=limit,
            offset=offset,
        )
        return VoterPageOut(total=page.total, voters=[voter_out(v) for v in page.voters])

    @post(
        "/imports/voters",
        summary="Tải lên danh sách cử tri từ CSDL quốc gia về dân cư (CSV, XLSX)",
        request_max_body_size=MAX_VOTER_FILE_BYTES,
    )
    async def import_voters(
        self,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        data: MultipartBody[ImportUpload],
        request: Request,
    ) -> BatchOut:
        batch = await bulk.stage_voters(
            election_id=election_id,
            commune_code=commune_code,
            stream=data.file.file,
            filename=data.file.filename or "",
            actor=request.user,
        )
        return BatchOut.model_validate(batch)

    @get("/voter-counts", summary="Số cử tri theo giới tính và theo loại phiếu")
    async def counts(
        self, election_id: FromPath[int], commune_code: FromPath[str], request: Request
    ) -> CountsOut:
        # Counts carry no personal data: anyone whose scope covers the commune.
        await commune_in_scope(commune_code, request.user)
        counts = await services.commune_counts(election_id=election_id, commune_code=commune_code)
        return CountsOut.model_validate(counts)

    @get("/complaints", summary="Sổ khiếu nại về danh sách cử tri (Điều 33)")
    async def complaints(
        self, election_id: FromPath[int], commune_code: FromPath[str], request: Request
    ) -> list[ComplaintOut]:
        rows = await services.list_complaints(
            election_id=election_id, commune_code=commune_code, actor=request.user
        )
        return [ComplaintOut.model_validate(c) for c in rows]

    @post("/complaints", summary="Tiếp nhận khiếu nại")
    async def register_complaint(
        self,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        data: JSONBody[ComplaintIn],
        request: Request,
    ) -> ComplaintSaved:
        complaint, warnings = await services.register_complaint(
            election_id=election_id,
            commune_code=commune_code,
            actor=request.user,
            **data.model_dump(),
        )
        return ComplaintSaved(
            complaint=ComplaintOut.model_validate(complaint),
            warnings=[ViolationOut.model_validate(w) for w in warnings],
        )


class AreaVotersController(Controller):
    path = "/api/v1/polling-areas/{polling_area_id:int}"
    tags = ["Danh sách cử tri"]

    @post("/voters", summary="Bổ sung cử tri (đến 24 giờ trước khi bỏ phiếu)")
    async def add(
        self, polling_area_id: FromPath[int], data: JSONBody[VoterIn], request: Request
    ) -> VoterOut:
        return voter_out(
            await add_entry(polling_area_id=polling_area_id, data=data, actor=request.user)
        )

    @get("/voter-list", summary="Trạng thái danh sách cử tri của khu vực")
    async def state(self, polling_area_id: FromPath[int], request: Request) -> ListStateOut:
        await stations.get_polling_area(polling_area_id=polling_area_id, actor=request.user)
        return ListStateOut.model_validate(
            await services.list_state(polling_area_id=polling_area_id)
        )

    @post("/voter-list/finalize", status_code=200, summary="Chốt danh sách, đánh số thẻ cử tri")
    async def finalize(self, polling_area_id: FromPath[int], request: Request) -> ListStateOut:
        state = await services.finalize_area_list(
            polling_area_id=polling_area_id, actor=request.user
        )
        return ListStateOut.model_validate(state)

    @post("/voter-list/post", status_code=200, summary="Niêm yết danh sách (Điều 32)")
    async def post_list(
        self, polling_area_id: FromPath[int], data: JSONBody[PostListIn], request: Request
    ) -> PostedOut:
        state, warnings = await services.post_area_list(
            polling_area_id=polling_area_id, actor=request.user, **data.model_dump()
        )
        return PostedOut(
            state=ListStateOut.model_validate(state),
            warnings=[ViolationOut.model_validate(w) for w in warnings],
        )

    @get("/voter-counts", summary="Số cử tri của khu vực theo giới tính và loại phiếu")
    async def counts(self, polling_area_id: FromPath[int], request: Request) -> CountsOut:
        await stations.get_polling_area(polling_area_id=polling_area_id, actor=request.user)
        return CountsOut.model_validate(await services.area_counts(polling_area_id=polling_area_id))

    @post(
        "/check-in",
        status_code=200,
        opt={
            "roles": frozenset(
                {Role.ADMIN, Role.PROVINCE_STAFF, Role.COMMUNE_STAFF, Role.STATION_OFFICER}
            )
        },
        summary="Ghi nhận cử tri «Đã bỏ phiếu»",
    )
    async def check_in(
        self, polling_area_id: FromPath[int], data: JSONBody[CheckInIn], request: Request
    ) -> VoterOut:
        voter = await services.check_in(
            polling_area_id=polling_area_id, personal_id=data.personal_id, actor=request.user
        )
        return voter_out(voter)

    @get("/voter-list.pdf", summary="Danh sách cử tri (PDF)")
    async def list_pdf(self, polling_area_id: FromPath[int], request: Request) -> Response[bytes]:
        return pdf_response(
            await printing.voter_list_pdf(polling_area_id=polling_area_id, actor=request.user)
        )

    @get("/voter-cards.pdf", summary="Thẻ cử tri (PDF)")
    async def cards_pdf(self, polling_area_id: FromPath[int], request: Request) -> Response[bytes]:
        return pdf_response(
            await printing.voter_cards_pdf(polling_area_id=polling_area_id, actor=request.user)
        )


class VoterController(Controller):
    path = "/api/v1/voters"
    tags = ["Danh sách cử tri"]

    @get("/{voter_id:int}", summary="Một cử tri")
    async def get_voter(self, voter_id: FromPath[int], request: Request) -> VoterOut:
        return voter_out(await services.get_voter(voter_id=voter_id, actor=request.user))

    @post(
        "/{voter_id:int}/personal-id",
        status_code=200,
        summary="Xem số định danh đầy đủ của một cử tri (ghi lý do, ghi nhật ký)",
    )
    async def reveal_personal_id(
        self, voter_id: FromPath[int], data: JSONBody[RevealIn], request: Request
    ) -> RevealedOut:
        voter = await services.get_voter(voter_id=voter_id, actor=request.user)
        return RevealedOut(
            personal_id=await services.reveal_personal_id(
                voter=voter, reason=data.reason, actor=request.user
            )
        )

    @get("/{voter_id:int}/history", summary="Lịch sử thay đổi của cử tri")
    async def history(self, voter_id: FromPath[int], request: Request) -> list[AuditEventOut]:
        voter = await services.get_voter(voter_id=voter_id, actor=request.user)
        events = [AuditEventOut.model_validate(e) for e in await services.voter_history(voter)]
        # The events keep what changed, IDs included: shown masked like the entry.
        return [
            e.model_copy(
                update={
                    "before": mask_personal_fields(e.before),
                    "after": mask_personal_fields(e.after),
                }
            )
            for e in events
        ]

    @post("/{voter_id:int}/strike-off", status_code=200, summary="Xóa tên khỏi danh sách (Điều 30)")
    async def strike_off(
        self, voter_id: FromPath[int], data: JSONBody[StrikeOffIn], request: Request
    ) -> VoterOut:
        voter = await services.strike_off(
            voter_id=voter_id, actor=request.user, **data.model_dump()
        )
        return voter_out(voter)

    @post(
        "/{voter_id:int}/restore",
        status_code=200,
        summary="Ghi lại tên khi được khôi phục quyền (Điều 30)",
    )
    async def restore(
        self, voter_id: FromPath[int], data: JSONBody[Change], request: Request
    ) -> VoterOut:
        voter = await services.restore_rights(
            voter_id=voter_id, actor=request.user, **data.model_dump()
        )
        return voter_out(voter)

    @post("/{voter_id:int}/move", status_code=200, summary="Chuyển nơi bỏ phiếu (Điều 30 khoản 3)")
    async def move(
        self, voter_id: FromPath[int], data: JSONBody[MoveIn], request: Request
    ) -> VoterOut:
        voter = await services.move_voter(
            voter_id=voter_id, actor=request.user, **data.model_dump()
        )
        return voter_out(voter)

    @post(
        "/{voter_id:int}/certificate", summary="Cấp giấy chứng nhận bỏ phiếu ở nơi khác (Điều 34)"
    )
    async def certificate(
        self, voter_id: FromPath[int], data: JSONBody[CertificateIn], request: Request
    ) -> CertificateOut:
        certificate = await issue_certificate(voter_id=voter_id, data=data, actor=request.user)
        return CertificateOut.model_validate(certificate)

    @post(
        "/{voter_id:int}/soldier-certificate",
        summary="Giấy chứng nhận quân nhân bỏ phiếu ở nơi cư trú (Điều 31 khoản 2)",
    )
    async def soldier_certificate(
        self, voter_id: FromPath[int], data: JSONBody[SoldierCertificateIn], request: Request
    ) -> CertificateOut:
        certificate = await issue_soldier_certificate(
            voter_id=voter_id, data=data, actor=request.user
        )
        return CertificateOut.model_validate(certificate)


class CertificateController(Controller):
    path = "/api/v1"
    tags = ["Danh sách cử tri"]

    @get(
        "/certificates/{certificate_id:int}/certificate.pdf",
        summary="Giấy chứng nhận (PDF, Mẫu số 11 hoặc 12/HĐBC)",
    )
    async def certificate_pdf(
        self, certificate_id: FromPath[int], request: Request
    ) -> Response[bytes]:
        return pdf_response(
            await printing.certificate_pdf(certificate_id=certificate_id, actor=request.user)
        )

    @post(
        "/elections/{election_id:int}/certificates/{number:str}/register",
        summary="Ghi tên người có giấy chứng nhận vào danh sách nơi bỏ phiếu mới",
    )
    async def register(
        self,
        election_id: FromPath[int],
        number: FromPath[str],
        data: JSONBody[RegisterCertificateIn],
        request: Request,
    ) -> VoterOut:
        voter = await services.register_certificate_holder(
            election_id=election_id,
            number=number,
            polling_area_id=data.polling_area_id,
            actor=request.user,
        )
        return voter_out(voter)

    @post(
        "/complaints/{complaint_id:int}/decision",
        status_code=200,
        summary="Giải quyết khiếu nại (trong 5 ngày)",
    )
    async def decide(
        self, complaint_id: FromPath[int], data: JSONBody[DecisionIn], request: Request
    ) -> ComplaintOut:
        complaint = await services.decide_complaint(
            complaint_id=complaint_id, actor=request.user, **data.model_dump()
        )
        return ComplaintOut.model_validate(complaint)

    @get("/units/{unit_id:int}/voter-counts", summary="Số cử tri của đơn vị bầu cử")
    async def unit_counts(self, unit_id: FromPath[int], request: Request) -> CountsOut:
        await structure.get_unit(unit_id=unit_id, actor=request.user)
        return CountsOut.model_validate(await services.unit_counts(unit_id=unit_id))


class ElectionSettingsController(Controller):
    path = "/api/v1/elections/{election_id:int}/settings"
    tags = ["Cuộc bầu cử"]

    @put("/", opt=roles(Role.ADMIN), summary="Thiết lập các giá trị luật chưa quy định rõ")
    async def update(
        self, election_id: FromPath[int], data: JSONBody[ElectionSettingsIn], request: Request
    ) -> dict:
        await elections.set_certificate_policy(
            election_id=election_id, policy=data.certificate_outside_province, actor=request.user
        )
        return {"certificate_outside_province": data.certificate_outside_province}


NOT_FOUND_MESSAGE = (
    "Không tìm thấy thông tin phù hợp. Kiểm tra lại số định danh cá nhân, ngày sinh "
    "và số thẻ cử tri hoặc họ tên, hoặc liên hệ Ủy ban nhân dân xã, phường nơi cư trú."
)


def _unit_out(unit_list: UnitList) -> LookupUnitOut:
    unit = unit_list.unit
    resolution = ""
    if unit.list_resolution_number:
        resolution = f"Nghị quyết số {unit.list_resolution_number}"
        if unit.list_resolution_date:
            resolution += f" ngày {vn_date(unit.list_resolution_date)}"
    return LookupUnitOut(
        contest=unit.contest_name,
        unit=unit.name,
        seats=unit.seats,
        published=unit.published,
        list_resolution=resolution,
        candidates=[
            LookupCandidateOut(
                id=c.id,
                full_name=c.full_name,
                other_name=c.other_name,
                sex=c.sex_label,
                date_of_birth=c.date_of_birth,
                page=f"/tra-cuu/ung-cu-vien/{c.id}",
            )
            for c in unit_list.candidates
        ],
        page=f"/tra-cuu/don-vi/{unit.id}" if unit.published else None,
    )


def lookup_out(result: LookupAnswer | None) -> LookupOut:
    """What the public lookup answers: the page's answer as data; the same
    words whether the ID is unknown, or the birth date, the card number or
    the name does not match."""
    if result is None:
        return LookupOut(found=False, message=NOT_FOUND_MESSAGE)
    where = result.where
    return LookupOut(
        found=True,
        election=where.election_name,
        polling_area=where.polling_area,
        commune=where.commune,
        province=where.province,
        station_address=where.station_address,
        map_link=result.map_link,
        election_day=where.election_day,
        voting_hours=f"{where.voting_opens:%H:%M}–{where.voting_closes:%H:%M}",
        hours=LookupHoursOut.model_validate(result.hours),
        early_voting_date=where.early_voting_date,
        ballots=result.ballots.received,
        ballots_explained=LookupBallotsOut.model_validate(result.ballots),
        on_the_day=list(result.on_the_day),
        candidate_lists=[_unit_out(unit_list) for unit_list in result.lists],
        certificate=None
        if result.certificate is None
        else LookupCertificateOut.model_validate(result.certificate),
        voting_elsewhere=where.voting_elsewhere,
    )


class LookupController(Controller):
    path = "/api/v1/lookup"
    tags = ["Tra cứu công khai"]

    @post(
        "/", status_code=200, opt={"public": True}, summary="Cử tri tra cứu nơi bỏ phiếu của mình"
    )
    async def lookup(
        self, data: JSONBody[LookupIn], request: Request, settings: NamedDependency[Settings]
    ) -> LookupOut:
        result = await public.public_answer(
            personal_id=data.personal_id,
            date_of_birth=data.date_of_birth,
            second_factor=data.second_factor,
            client=request.client.host if request.client else "unknown",
            secret=settings.secret_key,
        )
        return lookup_out(result)
