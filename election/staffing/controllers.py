"""JSON API of staffing: the registry, bodies, members, accounts, the helper."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody, MultipartBody, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT

from election.accounts.guards import STAFF, roles
from election.actor import Actor
from election.elections import structure
from election.elections.structure_controllers import export, full_export_allowed
from election.errors import Forbidden, NotFound
from election.imports.controllers import CSV, ImportUpload, attachment
from election.imports.schemas import BatchOut
from election.printing import staffing as printing
from election.schemas import RevealIn, ViolationOut
from election.staffing import imports as staff_imports
from election.staffing import services
from election.staffing.schemas import (
    AcceptIn,
    AssignmentIn,
    AssignmentOut,
    BodyIn,
    BodyOut,
    BodyReportOut,
    BodySaved,
    BodyUpdate,
    ConflictOut,
    CredentialOut,
    LeaveIn,
    LinkAccountIn,
    MemberIn,
    MemberOut,
    MemberUpdate,
    PersonalDataOut,
    PersonIn,
    PersonOut,
    StationAccountsIn,
    SwapIn,
    TeamsIn,
)
from election.staffing.tables import BodyFamily, BodyKind
from election.web import pdf_response

WRITE = roles(*STAFF)
Province = Annotated[str, QueryParameter(pattern=r"^\d{2}$")]
Commune = Annotated[str | None, QueryParameter(pattern=r"^\d{5}$")]


def body_out(body: services.BodyRow) -> BodyOut:
    return BodyOut.model_validate(
        {
            **body.__dict__,
            "family": body.family,
            "size_min": body.rule.minimum,
            "size_max": body.rule.maximum,
        }
    )


def saved_out(result: services.BodyResult) -> BodySaved:
    return BodySaved(
        body=body_out(result.body),
        warnings=[ViolationOut.model_validate(w) for w in result.warnings],
    )


def member_out(member: services.MemberRow) -> MemberOut:
    return MemberOut.model_validate({**member.__dict__, "role_title": member.role_title})


def report_out(report: services.BodyReport) -> BodyReportOut:
    return BodyReportOut(
        body=body_out(report.body),
        members=[member_out(m) for m in report.members],
        violations=[ViolationOut.model_validate(v) for v in report.violations],
        conflicts=[ConflictOut.model_validate(c) for c in report.conflicts],
        deadline=report.deadline,
    )


def contacts_csv(body: services.BodyRow, members: list[services.MemberRow]) -> Response[bytes]:
    """The contact list of a body (UTF-8 with BOM, so Excel shows the diacritics)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["STT", "Họ và tên", "Chức danh", "Cơ quan, đơn vị công tác", "Số điện thoại"])
    for index, m in enumerate(members, start=1):
        writer.writerow([index, m.full_name, m.role_title, m.work_text, m.phone])
    return attachment(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), f"lien-lac-{body.id}.csv", CSV
    )


async def save_person_input(
    data: PersonIn, actor: Actor, person_id: int | None = None
) -> services.PersonRow:
    """Add or change a registry person as the API and the pages send them. A
    change that leaves out the ID or the phone keeps the stored ones: answers
    show them masked, so a client cannot be asked to send them back."""
    values = data.model_dump(exclude={"province_code", "commune_code"})
    kept = {"personal_id", "phone"} - data.model_fields_set
    if person_id is not None and kept:
        current = await services.get_person(person_id=person_id, actor=actor)
        values.update({field: getattr(current, field) for field in kept})
    return await services.save_person(
        province_code=data.province_code,
        commune_code=data.commune_code,
        data=values,
        actor=actor,
        person_id=person_id,
    )


def person_out(person: services.PersonRow, actor: Actor) -> PersonOut:
    return PersonOut.model_validate(services.shown_person(person, actor))


async def update_member_input(
    member_id: int, data: MemberUpdate, actor: Actor
) -> services.MemberRow:
    """Change what a MemberUpdate sends; a `trained_on` sent empty records an absence."""
    return await services.update_member(
        member_id=member_id,
        actor=actor,
        role=data.role,
        appointed_on=data.appointed_on,
        appointment_decision=data.appointment_decision,
        trained_on=data.trained_on,
        set_trained="trained_on" in data.model_fields_set,
    )


async def export_people(
    province_code: str,
    commune_code: str | None,
    fmt: str,
    actor: Actor,
    *,
    full: bool = False,
    reason: str = "",
) -> Response[bytes]:
    """A register as CSV or XLSX, in the layout its import reads."""
    if actor.role not in STAFF:
        # Personal IDs and phones of a whole register: for the staff who keep it.
        raise Forbidden("Chỉ cán bộ quản lý danh sách nhân sự mới xuất được tệp này.")
    people = await services.list_people(
        province_code=province_code, commune_code=commune_code, actor=actor, limit=1_000_000
    )
    importer = await staff_imports.staff_importer(
        services.import_scope(province_code, commune_code), actor
    )
    stem = f"nhan-su-{commune_code or province_code}"
    full = await full_export_allowed(
        full, reason, actor=actor, what="staff_export", stem=stem, count=len(people)
    )
    return export(importer.columns, importer.export_rows(people), fmt, stem, full=full)


class StaffController(Controller):
    path = "/api/v1/staff"
    tags = ["Nhân sự bầu cử"]

    @get("/", summary="Danh sách nhân sự của một xã (hoặc cấp tỉnh)")
    async def list_people(
        self,
        request: Request,
        province: Province,
        commune: Commune = None,
        q: Annotated[str, QueryParameter(max_length=100)] = "",
        limit: Annotated[int, QueryParameter(ge=1, le=10000)] = 1000,
    ) -> list[PersonOut]:
        rows = await services.list_people(
            province_code=province, commune_code=commune, actor=request.user, query=q, limit=limit
        )
        return [person_out(r, request.user) for r in rows]

    @post("/", opt=WRITE, summary="Thêm người vào danh sách nhân sự")
    async def create_person(self, data: JSONBody[PersonIn], request: Request) -> PersonOut:
        return person_out(await save_person_input(data, request.user), request.user)

    @get("/{person_id:int}", summary="Một người trong danh sách nhân sự")
    async def get_person(self, person_id: FromPath[int], request: Request) -> PersonOut:
        person = await services.get_person(person_id=person_id, actor=request.user)
        return person_out(person, request.user)

    @put(
        "/{person_id:int}",
        opt=WRITE,
        summary="Sửa thông tin một người (không gửi số định danh, điện thoại: giữ nguyên)",
    )
    async def update_person(
        self, person_id: FromPath[int], data: JSONBody[PersonIn], request: Request
    ) -> PersonOut:
        person = await save_person_input(data, request.user, person_id)
        return person_out(person, request.user)

    @post(
        "/{person_id:int}/personal-data",
        status_code=200,
        summary="Xem số định danh và điện thoại đầy đủ (ghi lý do, ghi nhật ký)",
    )
    async def reveal_person(
        self, person_id: FromPath[int], data: JSONBody[RevealIn], request: Request
    ) -> PersonalDataOut:
        person = await services.reveal_person(
            person_id=person_id, reason=data.reason, actor=request.user
        )
        return PersonalDataOut(personal_id=person.personal_id, phone=person.phone)

    @delete(
        "/{person_id:int}",
        opt=WRITE,
        status_code=HTTP_204_NO_CONTENT,
        summary="Xóa khỏi danh sách nhân sự",
    )
    async def delete_person(self, person_id: FromPath[int], request: Request) -> None:
        await services.delete_person(person_id=person_id, actor=request.user)

    @post("/imports", opt=WRITE, summary="Tải lên tệp danh sách nhân sự (CSV, XLSX)")
    async def import_people(
        self,
        data: MultipartBody[ImportUpload],
        request: Request,
        province: Province,
        commune: Commune = None,
    ) -> BatchOut:
        batch = await services.stage_people(
            province_code=province,
            commune_code=commune,
            stream=data.file.file,
            filename=data.file.filename or "",
            actor=request.user,
        )
        return BatchOut.model_validate(batch)

    @get(["/export.csv", "/export.xlsx"], summary="Xuất danh sách nhân sự (csv, xlsx)")
    async def export(
        self,
        request: Request,
        province: Province,
        commune: Commune = None,
        full: Annotated[bool, QueryParameter(description="Đầy đủ số định danh")] = False,
        reason: Annotated[str, QueryParameter(max_length=500)] = "",
    ) -> Response[bytes]:
        fmt = request.url.path.rsplit(".", 1)[-1]
        return await export_people(province, commune, fmt, request.user, full=full, reason=reason)


class ElectionStaffingController(Controller):
    path = "/api/v1/elections/{election_id:int}"
    tags = ["Nhân sự bầu cử"]

    @get("/bodies", summary="Ủy ban, Ban, Tổ bầu cử trong phạm vi")
    async def list_bodies(
        self,
        election_id: FromPath[int],
        request: Request,
        family: Annotated[BodyFamily | None, QueryParameter()] = None,
        kind: Annotated[BodyKind | None, QueryParameter()] = None,
        commune: Commune = None,
        unit: Annotated[int | None, QueryParameter(ge=1)] = None,
    ) -> list[BodyOut]:
        bodies = await services.list_bodies(
            election_id=election_id,
            actor=request.user,
            family=family,
            kind=kind,
            commune_code=commune,
            unit_id=unit,
        )
        return [body_out(b) for b in bodies]

    @post("/bodies", opt=WRITE, summary="Thành lập Ủy ban, Ban hoặc Tổ bầu cử")
    async def create_body(
        self, election_id: FromPath[int], data: JSONBody[BodyIn], request: Request
    ) -> BodySaved:
        result = await services.create_body(
            election_id=election_id, actor=request.user, **data.model_dump()
        )
        return saved_out(result)

    @get("/staff-conflicts", summary="Người ứng cử đang là thành viên Ban, Tổ của đơn vị (Điều 27)")
    async def conflicts(self, election_id: FromPath[int], request: Request) -> list[ConflictOut]:
        flags = await services.list_conflicts(election_id=election_id, actor=request.user)
        return [ConflictOut.model_validate(f) for f in flags]

    @get("/communes/{commune_code:str}/teams", summary="Các Tổ bầu cử của xã, phường")
    async def teams(
        self, election_id: FromPath[int], commune_code: FromPath[str], request: Request
    ) -> list[BodyOut]:
        bodies = await services.list_bodies(
            election_id=election_id,
            actor=request.user,
            family=BodyFamily.TEAM,
            commune_code=commune_code,
        )
        return [body_out(b) for b in bodies]

    @post(
        "/communes/{commune_code:str}/teams",
        opt=WRITE,
        status_code=200,
        summary="Thành lập các Tổ bầu cử còn thiếu theo một quyết định (Điều 25)",
    )
    async def form_teams(
        self,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        data: JSONBody[TeamsIn],
        request: Request,
    ) -> list[BodyOut]:
        bodies = await services.form_commune_teams(
            election_id=election_id,
            commune_code=commune_code,
            actor=request.user,
            **data.model_dump(),
        )
        return [body_out(b) for b in bodies]

    @post(
        "/communes/{commune_code:str}/station-accounts",
        opt=WRITE,
        status_code=200,
        summary="Cấp tài khoản cho Tổ trưởng, Thư ký các Tổ bầu cử đã chọn (mật khẩu chỉ hiện một lần)",
    )
    async def station_accounts(
        self,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        data: JSONBody[StationAccountsIn],
        request: Request,
    ) -> list[CredentialOut]:
        issued = await services.issue_commune_station_accounts(
            election_id=election_id,
            commune_code=commune_code,
            polling_area_ids=data.polling_area_ids,
            actor=request.user,
        )
        return [CredentialOut.model_validate(c) for c in issued]

    @get(
        "/communes/{commune_code:str}/team-decision.pdf",
        summary="Quyết định thành lập các Tổ bầu cử kèm danh sách thành viên (PDF)",
    )
    async def team_decision(
        self, election_id: FromPath[int], commune_code: FromPath[str], request: Request
    ) -> Response[bytes]:
        return pdf_response(
            await printing.team_decision_pdf(
                election_id=election_id, commune_code=commune_code, actor=request.user
            )
        )

    @post(
        "/communes/{commune_code:str}/assignments",
        opt=WRITE,
        summary="Lập phương án phân công thành viên các Tổ bầu cử",
    )
    async def propose(
        self,
        election_id: FromPath[int],
        commune_code: FromPath[str],
        data: JSONBody[AssignmentIn],
        request: Request,
    ) -> AssignmentOut:
        view = await services.propose_assignment(
            election_id=election_id,
            commune_code=commune_code,
            actor=request.user,
            **data.model_dump(),
        )
        return AssignmentOut.model_validate(view)


class BodyController(Controller):
    path = "/api/v1/bodies"
    tags = ["Nhân sự bầu cử"]

    @get("/{body_id:int}", summary="Một Ủy ban, Ban hoặc Tổ bầu cử")
    async def get_body(self, body_id: FromPath[int], request: Request) -> BodyOut:
        return body_out(await services.get_body(body_id=body_id, actor=request.user))

    @put("/{body_id:int}", opt=WRITE, summary="Sửa quyết định thành lập, tên, loại Tổ")
    async def update_body(
        self, body_id: FromPath[int], data: JSONBody[BodyUpdate], request: Request
    ) -> BodySaved:
        result = await services.update_body(
            body_id=body_id, actor=request.user, **data.model_dump()
        )
        return saved_out(result)

    @delete("/{body_id:int}", opt=WRITE, status_code=HTTP_204_NO_CONTENT, summary="Xóa")
    async def delete_body(self, body_id: FromPath[int], request: Request) -> None:
        await services.delete_body(body_id=body_id, actor=request.user)

    @get("/{body_id:int}/report", summary="Thành viên và kiểm tra theo luật (Điều 22–27)")
    async def report(self, body_id: FromPath[int], request: Request) -> BodyReportOut:
        return report_out(await services.body_report(body_id=body_id, actor=request.user))

    @get("/{body_id:int}/members", summary="Thành viên")
    async def members(
        self,
        body_id: FromPath[int],
        request: Request,
        include_left: Annotated[bool, QueryParameter()] = False,
    ) -> list[MemberOut]:
        rows = await services.list_members(
            body_id=body_id, actor=request.user, include_left=include_left
        )
        return [member_out(m) for m in rows]

    @post("/{body_id:int}/members", opt=WRITE, summary="Bổ nhiệm thành viên")
    async def add_member(
        self, body_id: FromPath[int], data: JSONBody[MemberIn], request: Request
    ) -> MemberOut:
        member = await services.add_member(body_id=body_id, actor=request.user, **data.model_dump())
        return member_out(member)

    @post(
        "/{body_id:int}/station-accounts",
        opt=WRITE,
        status_code=200,
        summary="Cấp tài khoản cho Tổ trưởng, Thư ký (mật khẩu chỉ hiện một lần)",
    )
    async def station_accounts(
        self, body_id: FromPath[int], request: Request
    ) -> list[CredentialOut]:
        issued = await services.issue_station_accounts(body_id=body_id, actor=request.user)
        return [CredentialOut.model_validate(c) for c in issued]

    @get("/{body_id:int}/roster.pdf", summary="Danh sách thành viên Tổ bầu cử (PDF)")
    async def roster(self, body_id: FromPath[int], request: Request) -> Response[bytes]:
        return pdf_response(await printing.team_roster_pdf(body_id=body_id, actor=request.user))

    @get("/{body_id:int}/members.pdf", summary="Danh sách thành viên Ban, Ủy ban bầu cử (PDF)")
    async def members_pdf(self, body_id: FromPath[int], request: Request) -> Response[bytes]:
        return pdf_response(await printing.body_members_pdf(body_id=body_id, actor=request.user))

    @get("/{body_id:int}/contacts.csv", summary="Danh sách liên lạc (CSV)")
    async def contacts(self, body_id: FromPath[int], request: Request) -> Response[bytes]:
        body = await services.get_body(body_id=body_id, actor=request.user)
        return contacts_csv(body, await services.list_members(body_id=body_id, actor=request.user))


class MemberController(Controller):
    path = "/api/v1/members"
    tags = ["Nhân sự bầu cử"]

    @get("/{member_id:int}", summary="Một thành viên")
    async def get_member(self, member_id: FromPath[int], request: Request) -> MemberOut:
        return member_out(await services.get_member(member_id=member_id, actor=request.user))

    @put("/{member_id:int}", opt=WRITE, summary="Sửa chức danh, bổ nhiệm, tập huấn")
    async def update_member(
        self, member_id: FromPath[int], data: JSONBody[MemberUpdate], request: Request
    ) -> MemberOut:
        return member_out(await update_member_input(member_id, data, request.user))

    @post(
        "/{member_id:int}/leave",
        opt=WRITE,
        status_code=200,
        summary="Thôi tham gia (tài khoản, nếu có, bị khóa)",
    )
    async def leave(
        self, member_id: FromPath[int], data: JSONBody[LeaveIn], request: Request
    ) -> MemberOut:
        member = await services.remove_member(
            member_id=member_id, actor=request.user, left_on=data.left_on, reason=data.reason
        )
        return member_out(member)

    @post(
        "/{member_id:int}/account",
        opt=WRITE,
        status_code=200,
        summary="Gắn tài khoản thành viên Tổ bầu cử đã có",
    )
    async def link_account(
        self, member_id: FromPath[int], data: JSONBody[LinkAccountIn], request: Request
    ) -> MemberOut:
        member = await services.link_member_account(
            member_id=member_id, username=data.username, actor=request.user
        )
        return member_out(member)


class AssignmentController(Controller):
    path = "/api/v1/assignments"
    tags = ["Nhân sự bầu cử"]

    @get("/{run_id:int}", summary="Phương án phân công (xem trước)")
    async def get_assignment(self, run_id: FromPath[int], request: Request) -> AssignmentOut:
        return AssignmentOut.model_validate(
            await services.get_assignment(run_id=run_id, actor=request.user)
        )

    @post(
        "/{run_id:int}/swap", opt=WRITE, status_code=200, summary="Thay một người trong phương án"
    )
    async def swap(
        self, run_id: FromPath[int], data: JSONBody[SwapIn], request: Request
    ) -> AssignmentOut:
        view = await services.swap_assignment(
            run_id=run_id, actor=request.user, **data.model_dump()
        )
        return AssignmentOut.model_validate(view)

    @post("/{run_id:int}/accept", opt=WRITE, status_code=200, summary="Xác nhận phương án")
    async def accept(
        self, run_id: FromPath[int], data: JSONBody[AcceptIn], request: Request
    ) -> AssignmentOut:
        view = await services.accept_assignment(
            run_id=run_id, actor=request.user, **data.model_dump()
        )
        return AssignmentOut.model_validate(view)

    @post("/{run_id:int}/discard", opt=WRITE, status_code=200, summary="Hủy phương án")
    async def discard(self, run_id: FromPath[int], request: Request) -> AssignmentOut:
        return AssignmentOut.model_validate(
            await services.discard_assignment(run_id=run_id, actor=request.user)
        )


class UnitConflictController(Controller):
    path = "/api/v1/units/{unit_id:int}/staff-conflicts"
    tags = ["Nhân sự bầu cử"]

    @get("/", summary="Thành viên Ban, Tổ đang ứng cử ở đơn vị này (Điều 27)")
    async def conflicts(self, unit_id: FromPath[int], request: Request) -> list[ConflictOut]:
        await structure.get_unit(unit_id=unit_id, actor=request.user)
        flags = await services.find_conflicts(unit_id=unit_id)
        readable = []
        for flag in flags:
            try:
                await services.get_body(body_id=flag.body_id, actor=request.user)
            except NotFound:
                continue
            readable.append(ConflictOut.model_validate(flag))
        return readable

    @post(
        "/",
        opt=WRITE,
        status_code=200,
        summary="Đánh dấu thành viên phải thay thế trước ngày công bố danh sách (Điều 27)",
    )
    async def flag(self, unit_id: FromPath[int], request: Request) -> list[ConflictOut]:
        unit = await structure.get_unit(unit_id=unit_id, actor=request.user)
        if not structure.may_manage(
            request.user,
            level=unit.level,
            province_code=unit.province_code,
            commune_code=unit.commune_code,
        ):
            raise Forbidden("Bạn không có quyền với danh sách của đơn vị này.")
        flags = await services.flag_candidate_conflicts(unit_id=unit_id, actor=request.user)
        return [ConflictOut.model_validate(f) for f in flags]
