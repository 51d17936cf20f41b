"""What the audit log's codes mean, in Vietnamese, and where each entity lives.

The log stores stable codes (`sign_in`, `tally_sheet`, `board_member`): they
are what the services write and what the hash chain covers. People read the
labels here instead. `tests/test_audit_log_labels.py` scans the source for
every action and entity type the code can write and fails on one without a
label, so a new event cannot reach the page as a bare code.

Pure: no database, no HTTP.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from election.actor import Role

# Every action the services write, whatever the entity.
ACTION_LABELS: dict[str, str] = {
    # Generic changes of a record.
    "create": "Tạo mới",
    "update": "Sửa",
    "delete": "Xóa",
    "set": "Đặt",
    "set_details": "Cập nhật thông tin",
    "bulk_save": "Lưu hàng loạt",
    "export": "Xuất tệp",
    "export_full": "Xuất tệp có đầy đủ dữ liệu cá nhân",
    "reveal_personal_id": "Xem đầy đủ thông tin cá nhân",
    # Accounts.
    "sign_in": "Đăng nhập",
    "sign_out": "Đăng xuất",
    "issue_api_token": "Cấp mã truy cập API",
    "revoke_api_token": "Thu hồi mã truy cập API",
    "revoke_token": "Thu hồi phiên hoặc mã truy cập",
    "revoke_session": "Thu hồi phiên đăng nhập",
    "change_password": "Đổi mật khẩu",
    "reset_password": "Đặt lại mật khẩu",
    "activate": "Mở lại tài khoản",
    "deactivate": "Khóa tài khoản",
    "change_role": "Đổi vai trò",
    "change_scope": "Đổi phạm vi",
    # Elections and their structure.
    "set_certificate_policy": "Đặt quy định giấy chứng nhận bỏ phiếu nơi khác",
    "set_training_clock": "Đặt đồng hồ diễn tập",
    "add_contests": "Thêm các cuộc bầu cử từng cấp",
    "finalize_list": "Chốt danh sách chính thức người ứng cử",
    "reopen_list": "Mở lại danh sách người ứng cử",
    "remove": "Xóa tên khỏi danh sách người ứng cử",
    # Voters and their lists.
    "add": "Bổ sung vào danh sách",
    "strike_off": "Xóa tên khỏi danh sách",
    "restore": "Khôi phục tên vào danh sách",
    "move_out": "Chuyển đi nơi khác",
    "move_in": "Chuyển đến",
    "certificate": "Cấp giấy chứng nhận bỏ phiếu nơi khác",
    "add_by_certificate": "Bổ sung theo giấy chứng nhận",
    "check_in": "Ghi nhận đã bỏ phiếu",
    "check_in_refused": "Từ chối ghi nhận bỏ phiếu",
    "complaint": "Có khiếu nại về danh sách",
    "register": "Tiếp nhận khiếu nại",
    "decide": "Giải quyết khiếu nại",
    "finalize": "Chốt và đánh số danh sách",
    "post": "Niêm yết danh sách",
    "list_viewed": "Xem danh sách cử tri",
    "list_printed": "In danh sách cử tri",
    "cards_printed": "In thẻ cử tri",
    # Imports.
    "stage": "Tải tệp lên để kiểm tra",
    "commit": "Nhập dữ liệu từ tệp",
    "discard": "Hủy",
    # Staffing.
    "add_member": "Thêm thành viên",
    "update_member": "Sửa thông tin thành viên",
    "remove_member": "Cho thôi làm thành viên",
    "record_training": "Ghi nhận tập huấn",
    "assign_members": "Phân công thành viên",
    "flag_conflict": "Phát hiện trường hợp không được làm thành viên (Điều 27)",
    "issue_station_account": "Cấp tài khoản cho Tổ bầu cử",
    "link_station_account": "Gắn tài khoản cho thành viên Tổ bầu cử",
    "propose": "Lập phương án phân công",
    "swap": "Đổi người trong phương án phân công",
    "accept": "Xác nhận phương án phân công",
    "form_teams": "Thành lập các Tổ bầu cử",
    # Turnout.
    "report": "Báo cáo số cử tri đã bỏ phiếu",
    "correct": "Đính chính số cử tri đã bỏ phiếu",
    # Tallies.
    "entry": "Nhập biên bản lần đầu",
    "verification": "Nhập kiểm tra chéo",
    "correction": "Đính chính sau phê duyệt",
    "approve": "Phê duyệt biên bản",
    "attach": "Đính kèm ảnh biên bản",
    "relay": "Chuyển biên bản qua máy trung gian",
    "open_round": "Mở vòng bầu cử thêm hoặc bầu cử lại",
    "finalize_result": "Chốt kết quả bầu cử của đơn vị",
}

# Where one action means something more precise on one kind of record.
ENTITY_ACTION_LABELS: dict[tuple[str, str], str] = {
    ("user", "create"): "Tạo tài khoản",
    ("user", "update"): "Sửa tài khoản",
    ("import_batch", "discard"): "Hủy lượt nhập tệp",
    ("staff_assignment", "discard"): "Hủy phương án phân công",
    ("voter_list", "finalize"): "Chốt và đánh số danh sách cử tri",
    ("turnout_hours", "set"): "Đặt các mốc giờ báo cáo cử tri đi bầu",
}

# Every entity type the services write events about.
ENTITY_LABELS: dict[str, str] = {
    "user": "Tài khoản",
    "election": "Cuộc bầu cử",
    "contest": "Cuộc bầu cử từng cấp",
    "electoral_unit": "Đơn vị bầu cử",
    "candidate": "Người ứng cử",
    "polling_area": "Khu vực bỏ phiếu",
    "voter": "Cử tri",
    "voter_list": "Danh sách cử tri",
    "voter_complaint": "Khiếu nại về danh sách cử tri",
    "check_in": "Lượt ghi nhận bỏ phiếu",
    "import_batch": "Lượt nhập tệp",
    "election_body": "Tổ chức phụ trách bầu cử",
    "staff_person": "Người trong danh sách nhân sự",
    "staff_register": "Danh sách nhân sự",
    "staff_assignment": "Phương án phân công",
    "staff_export": "Tệp danh sách nhân sự",
    "candidate_export": "Tệp danh sách người ứng cử",
    "commune_teams": "Các Tổ bầu cử của xã, phường",
    "turnout_hours": "Các mốc giờ báo cáo cử tri đi bầu",
    "turnout_report": "Báo cáo cử tri đi bầu",
    "tally_sheet": "Biên bản kiểm phiếu",
    "audit_log": "Nhật ký thay đổi",
}

# Names of fields in the events' before/after, where known.
FIELD_LABELS: dict[str, str] = {
    "id": "Mã số",
    "name": "Tên",
    "full_name": "Họ và tên",
    "other_name": "Tên gọi khác",
    "username": "Tên đăng nhập",
    "role": "Vai trò",
    "scope": "Phạm vi",
    "scope_level": "Cấp phạm vi",
    "is_active": "Đang hoạt động",
    "destination_commune": "Xã, phường nơi đến",
    "area": "Khu vực bỏ phiếu",
    "in": "Người vào thay",
    "out": "Người được thay",
    "candidate_id": "Người ứng cử",
    "replace_by": "Phải thay thế trước ngày",
    "decision": "Quyết định",
    "electronic": "Cấp điện tử",
    "mismatches": "Số liệu không khớp giữa hai lần nhập",
    "moved_from_voter": "Cử tri ở nơi cũ",
    "moved_to_voter": "Cử tri ở nơi mới",
    "polling_areas": "Các khu vực bỏ phiếu",
    "round": "Vòng bầu cử",
    "voting_day": "Ngày bỏ phiếu",
    "destination_province": "Tỉnh, thành phố nơi đến",
    "change_at_next_sign_in": "Phải đổi mật khẩu khi đăng nhập",
    "account_id": "Tài khoản",
    "kind": "Loại",
    "level": "Cấp",
    "number": "Số",
    "seats": "Số đại biểu được bầu",
    "description": "Mô tả",
    "note": "Ghi chú",
    "notes": "Ghi chú",
    "election_id": "Cuộc bầu cử",
    "contest_id": "Cuộc bầu cử từng cấp",
    "unit_id": "Đơn vị bầu cử",
    "units": "Đơn vị bầu cử",
    "body_id": "Tổ chức phụ trách bầu cử",
    "member_id": "Thành viên",
    "members": "Thành viên",
    "person_id": "Người",
    "polling_area_id": "Khu vực bỏ phiếu",
    "province_code": "Tỉnh, thành phố",
    "province_name": "Tên tỉnh, thành phố",
    "commune_code": "Xã, phường",
    "commune_name": "Tên xã, phường",
    "commune": "Xã, phường",
    "communes": "Các xã, phường",
    "election_day": "Ngày bầu cử",
    "early_voting_date": "Ngày bỏ phiếu sớm",
    "voting_opens": "Giờ bắt đầu bỏ phiếu",
    "voting_closes": "Giờ kết thúc bỏ phiếu",
    "term": "Nhiệm kỳ",
    "assembly_term": "Khóa Quốc hội",
    "council_term": "Nhiệm kỳ Hội đồng nhân dân",
    "province_council_term": "Nhiệm kỳ Hội đồng nhân dân cấp tỉnh",
    "commune_council_term": "Nhiệm kỳ Hội đồng nhân dân cấp xã",
    "contests": "Các cuộc bầu cử từng cấp",
    "provinces": "Các tỉnh, thành phố",
    "certificate_outside_province": "Giấy chứng nhận bỏ phiếu ngoài tỉnh",
    "list_resolution_date": "Ngày nghị quyết công bố danh sách",
    "list_resolution_number": "Số nghị quyết công bố danh sách",
    "announced_on": "Ngày công bố",
    "decided_on": "Ngày quyết định",
    "decision_date": "Ngày quyết định",
    "decision_number": "Số quyết định",
    "forming_authority": "Cơ quan thành lập",
    "appointed_on": "Ngày được phân công",
    "appointment_decision": "Quyết định phân công",
    "trained_on": "Ngày tập huấn",
    "left_on": "Ngày thôi làm thành viên",
    "leave_reason": "Lý do thôi",
    "station_address": "Địa điểm bỏ phiếu",
    "planned_voters": "Số cử tri dự kiến",
    "voters_on_list": "Số cử tri trong danh sách",
    "voted": "Số cử tri đã bỏ phiếu",
    "numbered": "Số thẻ cử tri đã đánh số",
    "posted_on": "Ngày niêm yết",
    "place": "Nơi niêm yết",
    "sex": "Giới tính",
    "date_of_birth": "Ngày sinh",
    "personal_id": "Số định danh cá nhân",
    "nationality": "Quốc tịch",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "hometown": "Quê quán",
    "residence": "Nơi thường trú",
    "workplace": "Nơi công tác",
    "occupation_position": "Nghề nghiệp, chức vụ",
    "education": "Trình độ giáo dục phổ thông",
    "qualification": "Trình độ chuyên môn",
    "academic_title": "Học hàm, học vị",
    "political_theory": "Lý luận chính trị",
    "foreign_language": "Ngoại ngữ",
    "party_joined": "Ngày vào Đảng",
    "assembly_deputy": "Là đại biểu Quốc hội",
    "current_deputy": "Là đại biểu Hội đồng nhân dân",
    "candidates": "Người ứng cử",
    "warnings": "Cảnh báo",
    "shortfall": "Số người còn thiếu",
    "shortfall_decision": "Quyết định về số người còn thiếu",
    "filename": "Tên tệp",
    "counts": "Số dòng",
    "new": "Mới",
    "update": "Cập nhật",
    "updated": "Đã cập nhật",
    "unchanged": "Không đổi",
    "error": "Lỗi",
    "added": "Đã thêm",
    "changed": "Đã sửa",
    "created": "Đã tạo",
    "decided": "Đã có quyết định",
    "source": "Nguồn",
    "run": "Phương án phân công",
    "seed": "Số khởi tạo ngẫu nhiên",
    "placed": "Số người được phân công",
    "team_size": "Số thành viên mỗi tổ",
    "reason": "Lý do",
    "fields": "Thông tin đã xem",
    "document": "Văn bản, giấy tờ",
    "accepted_warnings": "Cảnh báo đã chấp nhận",
    "count": "Số dòng",
    "total": "Tổng số",
    "offset": "Bắt đầu từ dòng",
    "query": "Nội dung tìm kiếm",
    "status": "Trạng thái",
    "expires_at": "Hết hạn lúc",
    "client_address": "Địa chỉ máy",
    "voted_at": "Thời điểm bỏ phiếu",
    "voting_elsewhere": "Bỏ phiếu nơi khác",
    "certificate": "Giấy chứng nhận",
    "origin_voter": "Cử tri ở nơi cũ",
    "complaint_id": "Khiếu nại",
    "outcome": "Kết quả giải quyết",
    "entry": "Lần nhập",
    "entry_id": "Lần nhập",
    "version": "Phiên bản",
    "state": "Trạng thái",
    "comment": "Nhận xét",
    "attachment": "Tệp đính kèm",
    "sha256": "Mã băm SHA-256",
    "size": "Kích thước (byte)",
    "signed_by": "Người ký",
    "list_finalized_at": "Thời điểm chốt danh sách",
    "removed_on": "Ngày xóa tên",
    "hours": "Các mốc giờ",
    "filters": "Bộ lọc",
    "rows": "Số dòng",
}

# Coded values the services write that are no choice of the programme's
# (the choices' own labels come from `diff.choice_labels`).
VALUE_LABELS: dict[str, str] = {
    "voters": "Danh sách cử tri",
    "staff_people": "Danh sách nhân sự",
    "candidates": "Danh sách người ứng cử",
    "electoral_units": "Danh sách đơn vị bầu cử",
    "polling_areas": "Danh sách khu vực bỏ phiếu",
}

# The words of an import's scope ("election:1:commune:31825").
SCOPE_WORDS: dict[str, str] = {
    "election": "cuộc bầu cử",
    "commune": "xã, phường",
    "province": "tỉnh, thành phố",
    "staff": "nhân sự",
    "contest": "cuộc bầu cử từng cấp",
    "system": "hệ thống",
}

ROLE_LABELS: dict[str, str] = Role.labels()

# The purposes of `Actor.system`: the programme acting on its own.
SYSTEM_PURPOSES: dict[str, str] = {
    "demo": "nạp dữ liệu mẫu",
    "create-admin": "tạo quản trị viên",
    "training-clock": "đồng hồ diễn tập",
    "staffing": "nhân sự",
    "print": "in ấn",
    "replay-tallies": "nạp lại biên bản",
    "test": "kiểm thử",
}

UNKNOWN_ACTION = "Thao tác khác"
UNKNOWN_ENTITY = "Đối tượng khác"


def action_label(action: str, entity_type: str = "") -> str:
    return (
        ENTITY_ACTION_LABELS.get((entity_type, action))
        or ACTION_LABELS.get(action)
        or UNKNOWN_ACTION
    )


def entity_label(entity_type: str) -> str:
    return ENTITY_LABELS.get(entity_type, UNKNOWN_ENTITY)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, "Vai trò khác")


def field_label(name: str) -> str | None:
    """The field's Vietnamese name, or None for a key that is data (a person's name)."""
    return FIELD_LABELS.get(name)


def actor_label(username: str) -> str:
    """The person acting, or the programme: "Hệ thống (nạp dữ liệu mẫu)"."""
    if username.startswith("system:"):
        purpose = username.removeprefix("system:")
        return f"Hệ thống ({SYSTEM_PURPOSES.get(purpose, 'tự động')})"
    return username


def _id(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def _single(template: str) -> Callable[[str], str | None]:
    def href(entity_id: str) -> str | None:
        number = _id(entity_id)
        return template.format(number) if number is not None else None

    return href


def _voter_list(entity_id: str) -> str | None:
    # "election:commune" (a commune's list read) or "election:commune:area".
    parts = entity_id.split(":")
    if len(parts) == 3 and _id(parts[2]) is not None:
        return f"/polling-areas/{parts[2]}/voters"
    if len(parts) == 2 and _id(parts[0]) is not None and _id(parts[1]) is not None:
        return f"/elections/{parts[0]}/communes/{parts[1]}/voters"
    # An area's list: the id of its polling area.
    return _single("/polling-areas/{}/voters")(entity_id)


def _commune_teams(entity_id: str) -> str | None:
    election, _, commune = entity_id.partition(":")
    if _id(election) is not None and _id(commune) is not None:
        return f"/staffing/elections/{election}/communes/{commune}"
    return None


def _turnout_report(entity_id: str) -> str | None:
    area, _, _ = entity_id.partition("@")
    return _single("/polling-areas/{}/turnout")(area)


def _turnout_hours(entity_id: str) -> str | None:
    election, _, _ = entity_id.partition(":")
    return _single("/elections/{}/turnout/hours")(election)


_PAGES: dict[str, Callable[[str], str | None]] = {
    "user": _single("/users/{}"),
    "election": _single("/elections/{}"),
    "contest": _single("/contests/{}"),
    "electoral_unit": _single("/units/{}"),
    "polling_area": _single("/polling-areas/{}"),
    "voter": _single("/voters/{}"),
    "voter_list": _voter_list,
    "import_batch": _single("/imports/{}"),
    "election_body": _single("/staffing/bodies/{}"),
    "staff_person": _single("/staffing/people/{}"),
    "staff_assignment": _single("/staffing/assignments/{}"),
    "commune_teams": _commune_teams,
    "turnout_hours": _turnout_hours,
    "turnout_report": _turnout_report,
    "tally_sheet": _single("/tally-sheets/{}"),
}


def entity_href(entity_type: str, entity_id: str) -> str | None:
    """The page of the entity an event is about, when it has one."""
    page = _PAGES.get(entity_type)
    return page(entity_id) if page else None


_WORD = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE = re.compile(r"^\d{2}$|^\d{5}$")


def place_codes(entity_id: str) -> set[str]:
    """The codes of provinces (2 digits) and communes (5) an entity's id may
    name: the whole id, or its second part ("election:commune[:area]")."""
    parts = entity_id.split(":")
    named = parts[1] if len(parts) > 1 else entity_id
    return {named} if _CODE.match(named) else set()


def _place(code: str, places: Mapping[str, str]) -> str:
    return places.get(code, "một địa bàn")


def _described(entity_type: str, entity_id: str, places: Mapping[str, str]) -> str | None:
    """Ids made of several parts, in words, places by name."""
    label = entity_label(entity_type)
    parts = entity_id.split(":")
    match entity_type:
        case "voter_list" if len(parts) == 3:
            return f"{label} của một khu vực bỏ phiếu, {_place(parts[1], places)}"
        case "voter_list" if len(parts) == 2:
            return f"{label} của {_place(parts[1], places)}"
        case "voter_list":
            return f"{label} của một khu vực bỏ phiếu"
        case "commune_teams" if len(parts) == 2:
            return f"Các Tổ bầu cử của {_place(parts[1], places)}"
        case "turnout_hours" if len(parts) == 2:
            where = "toàn quốc" if parts[1] == "all" else _place(parts[1], places)
            return f"{label} ({where})"
        case "turnout_report" if "@" in entity_id:
            return f"{label} lúc {entity_id.partition('@')[2]} của một khu vực bỏ phiếu"
        case "check_in":
            return f"{label} bị từ chối"
        case "staff_register" if _CODE.match(entity_id):
            return f"{label} của {_place(entity_id, places)}"
        case _:
            return None


def entity_text(entity_type: str, entity_id: str, places: Mapping[str, str] | None = None) -> str:
    """ "Biên bản kiểm phiếu số 345": the entity's kind and its number, or what
    its id names (places by name, from `places`: code to name)."""
    described = _described(entity_type, entity_id, places or {})
    if described is not None:
        return described
    label = entity_label(entity_type)
    if _id(entity_id) is not None:
        return f"{label} số {entity_id}"
    if _WORD.match(entity_id):
        return label
    return f"{label} ({entity_id})"


# For the templates (registered by the app): `{{ e.action | audit_action(e.entity_type) }}`.
TEMPLATE_FILTERS: dict[str, Callable[..., str]] = {
    "audit_action": action_label,
    "audit_actor": actor_label,
    "audit_role": role_label,
    "audit_entity": entity_text,
}
